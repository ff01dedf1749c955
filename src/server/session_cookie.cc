#include "server/session_cookie.h"

namespace kieumau::server {

std::string SessionToken(const Request& request) {
  std::optional<std::string_view> header = request.Header("Cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    if (pair.size() > kSessionCookie.size() &&
        pair.substr(0, kSessionCookie.size()) == kSessionCookie &&
        pair[kSessionCookie.size()] == '=')
      return std::string(pair.substr(kSessionCookie.size() + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

namespace {

bool OverTls(const Request& request) {
  std::optional<std::string_view> proto = request.Header("X-Forwarded-Proto");
  return proto && *proto == "https";
}

}  // namespace

std::string SessionCookie(const Request& request, std::string_view token, int64_t max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (OverTls(request)) cookie += "; Secure";
  return cookie;
}

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace kieumau::server
