// The whole HTTP application as one function of a Request: the API under /api/, the web
// application's files everywhere else. The network adapter (http_server.h) only calls this.
#pragma once

#include <memory>

#include "server/api.h"
#include "server/api/routes.h"
#include "server/config.h"
#include "server/http.h"
#include "server/router.h"
#include "server/static_files.h"

namespace kieumau::server {

class App {
 public:
  // Without a database: the routes that need one answer 503.
  App(ServerConfig config, ScoringData data);
  // With the application layer behind the data routes; `services` (which refers into `data`) must
  // outlive the App.
  App(ServerConfig config, std::shared_ptr<const ScoringData> data, app::Services* services);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // The answer to `request`. Never throws: a handler's exception becomes 500 "internal".
  // Safe to call from several threads at once. Before an API route runs, its guard is checked
  // (Admit): a visitor who has not signed in gets 401 for every route but the public ones, a
  // state-changing request without the session's CSRF token 403, a user without a grant giving
  // the route's permission 403.
  Response Handle(Request request) const;
  // Where `request` should be handled (router.h).
  Work WorkFor(const Request& request) const;

  const ServerConfig& config() const { return config_; }
  const Router& router() const { return router_; }

 private:
  // Nothing when `request` may go on to `route`'s handler (then with who and scope filled); else
  // the refusal.
  std::optional<Response> Admit(const Router::Route& route, Request& request) const;

  ServerConfig config_;
  std::shared_ptr<const ScoringData> data_;
  app::Services* services_ = nullptr;
  Router router_;
  StaticFiles static_files_;
};

// Whether `path` (as sent) is the API's: "/api" or under "/api/".
bool IsApiPath(std::string_view path);

}  // namespace kieumau::server
