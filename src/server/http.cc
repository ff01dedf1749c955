#include "server/http.h"

#include <nlohmann/json.hpp>

#include "server/api/json.h"

namespace kieumau::server {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    // In a query, '+' stands for a space.
    for (std::string* part : {&key, &value}) {
      for (char& c : *part) {
        if (c == '+') c = ' ';
      }
    }
    std::optional<std::string> decoded_key = PercentDecode(key);
    if (!decoded_key || *decoded_key != name) continue;
    return PercentDecode(value);
  }
  return std::nullopt;
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = kJsonType;
  response.body = std::move(body);
  return response;
}

int HttpStatus(app::ProblemKind kind) {
  switch (kind) {
    case app::ProblemKind::kBadRequest:
      return 400;
    case app::ProblemKind::kUnauthorized:
      return 401;
    case app::ProblemKind::kForbidden:
      return 403;
    case app::ProblemKind::kNotFound:
      return 404;
    case app::ProblemKind::kMethodNotAllowed:
      return 405;
    case app::ProblemKind::kUnprocessable:
      return 422;
    case app::ProblemKind::kTooManyRequests:
      return 429;
    case app::ProblemKind::kInternal:
      return 500;
    case app::ProblemKind::kUnavailable:
      return 503;
  }
  return 500;
}

Response ErrorResponse(app::ErrorCode code, std::string_view message,
                       const std::vector<std::string>& details) {
  const app::ErrorCodeInfo& info = app::InfoOf(code);
  nlohmann::ordered_json error = {{"code", info.key}, {"message", message}};
  if (!details.empty()) error["details"] = details;
  return JsonResponse(HttpStatus(info.kind),
                      Dump(nlohmann::ordered_json{{"error", std::move(error)}}));
}

Response ProblemResponse(const app::Problem& problem) {
  nlohmann::ordered_json error = {{"code", app::KeyOf(problem.code)}, {"message", problem.message}};
  if (!problem.rows.empty()) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const app::RowProblem& row : problem.rows)
      rows.push_back({{"row", row.row}, {"column", row.column}, {"message", row.message}});
    error["rows"] = std::move(rows);
  }
  Response response = JsonResponse(HttpStatus(problem.kind()),
                                   Dump(nlohmann::ordered_json{{"error", std::move(error)}}));
  response.log_detail = problem.detail;
  return response;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

}  // namespace kieumau::server
