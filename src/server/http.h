// The server's own view of HTTP: a request and a response as plain values, so that routing and
// handlers are ordinary functions, tested without a network or the HTTP library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kieumau::server {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // as sent, still percent-encoded, without the query
  std::string query;   // what follows '?', still encoded; empty when none
  std::string body;
  Fields headers;
  Fields params;  // filled by the router from the route's {name} segments, decoded

  // The first header named `name` (case-insensitive), or nothing.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The decoded value of the first query parameter `name`, or nothing.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The route parameter `name`; empty when the route has none of that name.
  std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  // When set, the answer is this file's contents, sent from disk; `body` is then unused.
  std::string file;
  Fields headers;  // besides Content-Type and Content-Length: Allow, Cache-Control, …
};

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

// A JSON answer with `body` as it is.
Response JsonResponse(int status, std::string body);
// The error shape every 4xx and 5xx answer has: {"error":{"code":…,"message":…}}. `code` is a
// stable machine word ("not_found"); `message` is for people, Vietnamese first, English in
// parentheses. `details`, when not empty, is listed as "details": [...].
Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       const std::vector<std::string>& details = {});

// %XX decoded; '+' stays '+'. Nothing when an escape is malformed or decodes to a NUL byte.
std::optional<std::string> PercentDecode(std::string_view text);

}  // namespace kieumau::server
