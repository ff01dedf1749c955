#include "server/router.h"

#include <algorithm>

namespace kieumau::server {

std::optional<std::vector<std::string>> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path == "/") return segments;
  std::string_view rest = path.substr(1);
  while (true) {
    const size_t slash = rest.find('/');
    std::optional<std::string> segment = PercentDecode(rest.substr(0, slash));
    if (!segment) return std::nullopt;
    segments.push_back(std::move(*segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

void Router::Add(std::string method, std::string pattern, Guard guard, Handler handler, Work work) {
  Route route{std::move(method), std::move(pattern), guard, std::move(handler), work, {}};
  // Patterns are written by us, so their segments need no decoding.
  std::string_view rest = std::string_view(route.pattern).substr(1);
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    route.segments.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string>& segments, Fields* params) {
  if (route.segments.size() != segments.size()) return false;
  Fields found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      found.emplace_back(want.substr(1, want.size() - 2), segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return true;
}

Response Router::Handle(Request request, const Gate& gate) const {
  std::optional<std::vector<std::string>> segments = SplitPath(request.path);
  if (!segments) {
    return ErrorResponse(app::ErrorCode::kNotFound,
                         "Không có tài nguyên này: đường dẫn không hợp lệ (no such resource: "
                         "malformed path)");
  }
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    if (!Matches(route, *segments, nullptr)) continue;
    if (Answers(route, request.method)) {
      Matches(route, *segments, &request.params);
      if (gate) {
        if (std::optional<Response> stopped = gate(route, request)) return std::move(*stopped);
      }
      return route.handler(request);
    }
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
      allowed.push_back(route.method);
      if (route.method == "GET") allowed.push_back("HEAD");
    }
  }
  if (allowed.empty()) {
    return ErrorResponse(app::ErrorCode::kNotFound,
                         "Không có tài nguyên này (no such resource): " + request.path);
  }
  std::string allow;
  for (const std::string& method : allowed)
    allow += (allow.empty() ? "" : ", ") + method;
  Response response =
      ErrorResponse(app::ErrorCode::kMethodNotAllowed,
                    "Phương thức " + request.method + " không dùng được ở đây, chỉ " + allow +
                        " (method " + request.method + " is not allowed here, only " + allow + ")");
  response.headers.emplace_back("Allow", allow);
  return response;
}

Work Router::WorkFor(const Request& request) const {
  std::optional<std::vector<std::string>> segments = SplitPath(request.path);
  if (!segments) return Work::kQuick;
  for (const Route& route : routes_) {
    if (Answers(route, request.method) && Matches(route, *segments, nullptr)) return route.work;
  }
  return Work::kQuick;
}

}  // namespace kieumau::server
