// The session cookie: read from a request's Cookie header, written in a Set-Cookie header. The
// cookie is HttpOnly, SameSite=Strict, Path=/, and Secure when the request came over TLS (a proxy
// in front says so with X-Forwarded-Proto: https).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/http.h"

namespace kieumau::server {

inline constexpr std::string_view kSessionCookie = "kieumau_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The session token the request's Cookie header carries, or empty.
std::string SessionToken(const Request& request);
// The Set-Cookie value for `token`, living `max_age` seconds (0 with an empty token: removed).
std::string SessionCookie(const Request& request, std::string_view token, int64_t max_age);
// Whether the method changes state (anything but GET, HEAD and OPTIONS): it must carry the CSRF
// token.
bool ChangesState(std::string_view method);

}  // namespace kieumau::server
