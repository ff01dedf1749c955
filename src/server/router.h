// Routes a Request to the handler of its method and path, with no HTTP library involved. Patterns
// are paths whose segments may be {name}: "/api/rubrics/{id}".
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/access/scope.h"
#include "server/http.h"

namespace kieumau::server {

using Handler = std::function<Response(const Request&)>;

// Who may call a route: anyone (the health check, signing in), anyone signed in, or those whose
// grants give a permission somewhere (then the request carries the scope it covers). App::Handle
// checks it before the handler runs; every route states one.
struct Guard {
  enum class Access { kPublic, kSignedIn, kPermission };
  Access access = Access::kSignedIn;
  app::Permission permission = app::Permission::kRead;
  // Whether a user who must change the password (an administrator reset it) may call it.
  bool before_password_change = false;

  static Guard Public() { return {Access::kPublic, app::Permission::kRead, true}; }
  static Guard SignedIn() { return {Access::kSignedIn, app::Permission::kRead, false}; }
  static Guard Needs(app::Permission permission) {
    return {Access::kPermission, permission, false};
  }
};

// Where a handler should run: on the network threads (quick answers) or on the worker pool (CPU
// work such as scoring, which would hold a network thread for its whole duration).
enum class Work { kQuick, kCpu };

class Router {
 public:
  void Add(std::string method, std::string pattern, Guard guard, Handler handler,
           Work work = Work::kQuick);

  struct Route;
  // Runs before a matched route's handler: an answer of its own stops the request there (401,
  // 403); it may fill the request (who, scope).
  using Gate = std::function<std::optional<Response>(const Route&, Request&)>;

  // The answer of the handler whose route matches, with `request.params` filled, once `gate`
  // (when given) let it through; 404 "not_found" when no pattern matches the path, 405
  // "method_not_allowed" with an Allow header when patterns match it but none for this method,
  // 404 when the path is not validly percent-encoded.
  Response Handle(Request request, const Gate& gate = nullptr) const;
  // How the route `Handle` would choose runs; kQuick when none matches.
  Work WorkFor(const Request& request) const;

  struct Route {
    std::string method;
    std::string pattern;
    Guard guard;
    Handler handler;
    Work work = Work::kQuick;
    std::vector<std::string> segments;  // of the pattern
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // Whether `segments` (decoded) match the route; then its parameters in `params`.
  static bool Matches(const Route& route, const std::vector<std::string>& segments, Fields* params);
  // Whether `route` answers `method`: its own, and HEAD where it answers GET.
  static bool Answers(const Route& route, const std::string& method) {
    return route.method == method || (method == "HEAD" && route.method == "GET");
  }

  std::vector<Route> routes_;
};

// The decoded segments of a path ("/a/b%20c" → {"a", "b c"}), or nothing when an escape is
// malformed. "/" gives no segment; an empty segment ("//", trailing "/") is kept as "".
std::optional<std::vector<std::string>> SplitPath(std::string_view path);

}  // namespace kieumau::server
