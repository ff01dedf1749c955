// Signing in and out over HTTP (issue 10's contract): POST /api/session with
// {"username","password"} sets the session cookie and answers {"csrf","user"}; GET /api/session
// says who is signed in; DELETE /api/session signs out. The cookie is HttpOnly, SameSite=Strict,
// Path=/ (Secure when the request came over TLS); its token and the CSRF token are known to the
// database only by their SHA-256.
#include <nlohmann/json.hpp>

#include "accounts/credentials.h"
#include "engine/json_depth.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"

namespace kieumau::server {

namespace {

constexpr std::string_view kCookie = "kieumau_session";

// The session token the request's Cookie header carries, or empty.
std::string SessionToken(const Request& request) {
  std::optional<std::string_view> header = request.Header("Cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    if (pair.size() > kCookie.size() && pair.substr(0, kCookie.size()) == kCookie &&
        pair[kCookie.size()] == '=')
      return std::string(pair.substr(kCookie.size() + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

bool OverTls(const Request& request) {
  std::optional<std::string_view> proto = request.Header("X-Forwarded-Proto");
  return proto && *proto == "https";
}

std::string CookieHeader(const Request& request, std::string_view token, int64_t max_age) {
  std::string cookie = std::string(kCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (OverTls(request)) cookie += "; Secure";
  return cookie;
}

Json UserJson(const app::SignedIn& who) {
  Json grants = Json::array();
  for (const GrantRecord& grant : who.grants)
    grants.push_back({{"role", RoleKey(grant.role)},
                      {"unit", grant.unit_id ? Json(*grant.unit_id) : Json(nullptr)}});
  return Json{{"id", who.user.id},
              {"username", who.user.username},
              {"name", who.user.display_name},
              {"must_change_password", who.user.must_change_password},
              {"grants", std::move(grants)}};
}

Response SignIn(app::Services& services, const Request& request) {
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là {\"username\": \"…\", \"password\": \"…\"} (the body "
      "must be {\"username\", \"password\"})"};
  if (request.body.size() > 4096 || JsonNestedDeeperThan(request.body))
    return ProblemResponse(refused);
  const Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("username") ||
      !body.contains("password") || !body["username"].is_string() || !body["password"].is_string())
    return ProblemResponse(refused);
  app::ProblemOr<app::NewSession> session =
      services.accounts().SignIn(body["username"].get<std::string>(),
                                 body["password"].get<std::string>(), request.remote_address);
  if (!session) return ProblemResponse(session.error());
  Response response =
      JsonResponse(200, Dump(Json{{"csrf", session->csrf}, {"user", UserJson(session->who)}}));
  response.headers.emplace_back(
      "Set-Cookie",
      CookieHeader(request, session->token, services.accounts().policy().absolute.count()));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response WhoAmI(app::Services& services, const Request& request) {
  app::ProblemOr<app::SignedIn> who = services.accounts().Authenticate(SessionToken(request));
  if (!who) return ProblemResponse(who.error());
  return JsonResponse(200, Dump(Json{{"user", UserJson(*who)}}));
}

Response SignOut(app::Services& services, const Request& request) {
  const std::string token = SessionToken(request);
  if (!token.empty()) {
    // A state-changing request: it carries the session's CSRF token, or changes nothing.
    app::ProblemOr<app::SignedIn> who = services.accounts().Authenticate(token);
    if (who) {
      std::optional<std::string_view> csrf = request.Header("X-CSRF-Token");
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
  response.headers.emplace_back("Set-Cookie", CookieHeader(request, "", 0));
  return response;
}

}  // namespace

void AddSessionRoutes(Router& router, app::Services* services) {
  // Hashing a password takes about 0.1 s: on the worker pool, never the network threads.
  router.Add("POST", "/api/session", WithServices(services, SignIn), Work::kCpu);
  router.Add("GET", "/api/session", WithServices(services, WhoAmI), Work::kCpu);
  router.Add("DELETE", "/api/session", WithServices(services, SignOut), Work::kCpu);
}

}  // namespace kieumau::server
