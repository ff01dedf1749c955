// The server's own view of HTTP: a request and a response as plain values, so that routing and
// handlers are ordinary functions, tested without a network or the HTTP library.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/problem.h"

namespace kieumau::app {
struct SignedIn;
class Scope;
}  // namespace kieumau::app

namespace kieumau::server {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // as sent, still percent-encoded, without the query
  std::string query;   // what follows '?', still encoded; empty when none
  std::string body;
  Fields headers;
  Fields params;   // filled by the router from the route's {name} segments, decoded
  std::string id;  // this request's id (App::Handle gives one): in the log, the answer and errors
  std::string remote_address;  // the client's IP address, as the connection shows it
  // Filled by App::Handle before a route that is not public runs: the signed-in user, and the
  // units the route's permission covers for them (router.h, Guard).
  std::shared_ptr<const app::SignedIn> who;
  std::shared_ptr<const app::Scope> scope;

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
  Fields headers;          // besides Content-Type and Content-Length: Allow, Cache-Control, …
  std::string request_id;  // the request's id, for the log line
  // What the log should say about this answer and the client must not see: a backend's message,
  // an exception's text.
  std::string log_detail;
};

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

// A JSON answer with `body` as it is.
Response JsonResponse(int status, std::string body);
// The error shape every 4xx and 5xx answer has:
// {"error":{"request_id":…,"code":…,"message":…,"rows"|"details":[…]}}. The code comes from the
// closed list (service/problem.h) and gives the status; `message` is for people, Vietnamese first,
// English in parentheses. `details`, when not empty, is listed as "details": [...]. App::Handle
// adds the request id.
Response ErrorResponse(app::ErrorCode code, std::string_view message,
                       const std::vector<std::string>& details = {});
// A service's problem as an answer: its code's status, its rows, and its detail for the log only.
Response ProblemResponse(const app::Problem& problem);
// The HTTP status of a kind of problem.
int HttpStatus(app::ProblemKind kind);

// %XX decoded; '+' stays '+'. Nothing when an escape is malformed or decodes to a NUL byte.
std::optional<std::string> PercentDecode(std::string_view text);

}  // namespace kieumau::server
