// Signing in and out over HTTP (issue 10's contract): POST /api/session with
// {"username","password"} sets the session cookie and answers {"csrf","user"}; GET /api/session
// says who is signed in; DELETE /api/session signs out. The cookie is HttpOnly, SameSite=Strict,
// Path=/ (Secure when the request came over TLS); its token and the CSRF token are known to the
// database only by their SHA-256.
#include <nlohmann/json.hpp>

#include "accounts/credentials.h"
#include "app/accounts/user_admin.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"
#include "server/request_bodies.h"
#include "server/session_cookie.h"

namespace kieumau::server {

namespace {

// The user with each grant's unit named as it is today (or was last, when it has ended), so the
// web app shows "Phường Võ Cường" without asking the units API.
app::ProblemOr<Json> UserJson(app::Services& services, const app::SignedIn& who) {
  app::ProblemOr<std::shared_ptr<const app::World>> world = services.context().GetWorld();
  if (!world) return world.error();
  Json grants = Json::array();
  for (const GrantRecord& grant : who.grants) {
    const app::GrantView view = app::DescribeGrant(**world, grant);
    grants.push_back({{"role", RoleKey(grant.role)},
                      {"unit", grant.unit_id ? Json(*grant.unit_id) : Json(nullptr)},
                      {"unit_code", view.unit_code.empty() ? Json(nullptr) : Json(view.unit_code)},
                      {"unit_name", view.unit_name}});
  }
  return Json{{"id", who.user.id},
              {"username", who.user.username},
              {"name", who.user.display_name},
              {"must_change_password", who.user.must_change_password},
              {"grants", std::move(grants)}};
}

Response SignIn(app::Services& services, const Request& request) {
  app::ProblemOr<SignInBody> body = ReadSignInBody(request.body);
  if (!body) return ProblemResponse(body.error());
  app::ProblemOr<app::NewSession> session =
      services.accounts().SignIn(body->username, body->password, request.remote_address);
  if (!session) return ProblemResponse(session.error());
  app::ProblemOr<Json> user = UserJson(services, session->who);
  if (!user) return ProblemResponse(user.error());
  Response response =
      JsonResponse(200, Dump(Json{{"csrf", session->csrf}, {"user", std::move(*user)}}));
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(request, session->token, services.accounts().policy().absolute.count()));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response WhoAmI(app::Services& services, const Request& request) {
  app::ProblemOr<app::SignedIn> who = services.accounts().Authenticate(SessionToken(request));
  if (!who) return ProblemResponse(who.error());
  app::ProblemOr<Json> user = UserJson(services, *who);
  if (!user) return ProblemResponse(user.error());
  return JsonResponse(200, Dump(Json{{"user", std::move(*user)}}));
}

Response SignOut(app::Services& services, const Request& request) {
  const std::string token = SessionToken(request);
  if (!token.empty()) {
    // A state-changing request: it carries the session's CSRF token, or changes nothing.
    app::ProblemOr<app::SignedIn> who = services.accounts().Authenticate(token);
    if (who) {
      std::optional<std::string_view> csrf = request.Header(kCsrfHeader);
      if (!csrf || !accounts::SameSecret(accounts::TokenHash(*csrf), who->csrf_hash)) {
        return ProblemResponse(app::Problem{
            app::ErrorCode::kForbidden,
            "Thiếu hoặc sai mã X-CSRF-Token, không đăng xuất (the X-CSRF-Token header is missing "
            "or wrong; still signed in)"});
      }
    }
    app::ProblemOr<bool> done = services.accounts().SignOut(token, request.remote_address);
    if (!done) return ProblemResponse(done.error());
  }
  Response response = JsonResponse(200, Dump(Json{{"signed_out", true}}));
  response.headers.emplace_back("Set-Cookie", SessionCookie(request, "", 0));
  return response;
}

// The signed-in user's own password: the current one, then the new one. The other sessions of the
// user end; this one goes on.
Response ChangePassword(app::Services& services, const Request& request) {
  app::ProblemOr<PasswordChangeBody> body = ReadPasswordChangeBody(request.body);
  if (!body) return ProblemResponse(body.error());
  app::ProblemOr<bool> changed =
      services.accounts().ChangePassword(*request.who, body->current, body->password);
  if (!changed) return ProblemResponse(changed.error());
  return JsonResponse(200, Dump(Json{{"changed", true}}));
}

}  // namespace

void AddSessionRoutes(Router& router, app::Services* services) {
  // Hashing a password takes about 0.1 s: on the worker pool, never the network threads.
  // Public: signing in; and saying who is signed in and signing out, which look at the session
  // themselves (an expired one answers 401, or is simply removed).
  router.Add("POST", "/api/session", Guard::Public(), WithServices(services, SignIn), Work::kCpu);
  router.Add("GET", "/api/session", Guard::Public(), WithServices(services, WhoAmI), Work::kCpu);
  router.Add("DELETE", "/api/session", Guard::Public(), WithServices(services, SignOut),
             Work::kCpu);
  // Open to a user who must change the password: that is how it is changed.
  Guard own = Guard::SignedIn();
  own.before_password_change = true;
  router.Add("POST", "/api/session/password", own, WithServices(services, ChangePassword),
             Work::kCpu);
}

}  // namespace kieumau::server
