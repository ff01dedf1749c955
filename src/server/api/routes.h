// The data API under /api/, one file per area of the application layer, each mapping its typed
// answers to JSON (or a file) and describing them in the OpenAPI document:
//   units_api.cc    /api/units…              ← app/units
//   facts_api.cc    /api/units/{code}/facts…, /api/facts/…  ← app/facts
//   scoring_api.cc  …/scorecard, /api/provinces/{code}/scores  ← app/scoring
//   roadmap_api.cc  /api/about, /api/programmes…, /api/roadmap  ← app/roadmap
//   prior_year_api.cc  /api/provinces/{code}/restated…, /api/links/confirm  ← app/prior_year
//   session_api.cc  /api/session (sign in, who, sign out, own password)  ← app/accounts
//   accounts_api.cc /api/users…, /api/grants/ended (administrators)  ← app/accounts/user_admin
//   audit_api.cc    /api/audit (the audit trail)  ← app/audit
#pragma once

#include "app/problem.h"
#include "app/services.h"
#include "server/api/json.h"
#include "server/router.h"

namespace kieumau::server {

// Adds every data route. `services` may be null (a server without a database): they answer 503.
void AddDataRoutes(Router& router, app::Services* services);

// The OpenAPI 3 "paths" object of those routes (openapi_paths.cc; openapi.cc merges it into the
// document).
std::string_view DataOpenApiPaths();
// The schemas of their answers (openapi_schemas.cc), merged into "components/schemas".
std::string_view DataOpenApiSchemas();

// The areas' routes (AddDataRoutes calls them).
void AddUnitsRoutes(Router& router, app::Services* services);
void AddFactsRoutes(Router& router, app::Services* services);
void AddScoringRoutes(Router& router, app::Services* services);
void AddRoadmapRoutes(Router& router, app::Services* services);
void AddPriorYearRoutes(Router& router, app::Services* services);
void AddSessionRoutes(Router& router, app::Services* services);
void AddAccountsRoutes(Router& router, app::Services* services);
void AddAuditRoutes(Router& router, app::Services* services);

// A handler that needs the services: f(services, request); 503 without them.
template <typename F>
Handler WithServices(app::Services* services, F f) {
  return [services, f](const Request& request) -> Response {
    if (services == nullptr) {
      return ErrorResponse(app::ErrorCode::kUnavailable,
                           "Máy chủ chạy không có cơ sở dữ liệu (the server runs without a "
                           "database)");
    }
    return f(*services, request);
  };
}

// The units the route's permission covers for the signed-in user (App::Admit fills it); nothing
// for a request that did not pass a guard.
inline const app::Scope& ScopeOf(const Request& request) {
  static const app::Scope none = app::Scope::None();
  return request.scope ? *request.scope : none;
}

// `json(answer)` as a 200 answer, or the answer's problem.
template <typename T, typename ToJson>
Response Reply(const app::ProblemOr<T>& answer, ToJson json) {
  if (!answer) return ProblemResponse(answer.error());
  return JsonResponse(200, Dump(json(*answer)));
}

}  // namespace kieumau::server
