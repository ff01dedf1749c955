// Administering accounts over HTTP (app/accounts/user_admin.h): the accounts of the
// administrator's part of the country, creating them, disabling and re-enabling them, resetting a
// password, adding and removing grants, and the grants a reorganisation left on ended units. Every
// route needs the permission to manage accounts; hashing a password runs on the worker pool.
#include <charconv>

#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"
#include "server/request_bodies.h"

namespace kieumau::server {

namespace {

app::Admin AdminOf(const Request& request) {
  return app::Admin{request.who.get(), ActorOf(request, FactSource::kApi)};
}

Json GrantJson(const app::GrantView& view) {
  Json successors = Json::array();
  for (const app::GrantView::Successor& next : view.successors)
    successors.push_back({{"code", next.code}, {"name", next.name}});
  return Json{{"id", view.grant.id},
              {"role", RoleKey(view.grant.role)},
              {"unit", view.unit_code.empty() ? Json(nullptr) : Json(view.unit_code)},
              {"unit_name", view.unit_name},
              {"ended", view.ended ? Json(view.ended->ToString()) : Json(nullptr)},
              {"successors", std::move(successors)}};
}

Json AccountJson(const app::AccountView& account) {
  Json grants = Json::array();
  for (const app::GrantView& grant : account.grants)
    grants.push_back(GrantJson(grant));
  const UserRecord& user = account.user;
  return Json{{"id", user.id},
              {"username", user.username},
              {"name", user.display_name},
              {"disabled", user.disabled},
              {"must_change_password", user.must_change_password},
              {"created_at", TimestampText(user.created_at)},
              {"updated_at", TimestampText(user.updated_at)},
              {"grants", std::move(grants)}};
}

// The route's {name} parameter as an id; a 404 for anything else (no account has that id).
app::ProblemOr<int64_t> IdParam(const Request& request, std::string_view name) {
  const std::string_view text = request.Param(name);
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0)
    return app::NotFound("Không có tài khoản này (no such account)");
  return id;
}

Response List(app::Services& services, const Request& request) {
  return Reply(services.user_admin().List(ScopeOf(request)),
               [](const std::vector<app::AccountView>& accounts) {
                 Json list = Json::array();
                 for (const app::AccountView& account : accounts)
                   list.push_back(AccountJson(account));
                 return Json{{"users", std::move(list)}};
               });
}

Response Create(app::Services& services, const Request& request) {
  app::ProblemOr<app::NewAccount> account = ReadNewAccountBody(request.body);
  if (!account) return ProblemResponse(account.error());
  return Reply(services.user_admin().Create(*account, ScopeOf(request), AdminOf(request)),
               AccountJson);
}

// A change to one account: the account's id, then `change(id)`.
template <typename Change>
Response OnAccount(const Request& request, Change change) {
  app::ProblemOr<int64_t> id = IdParam(request, "id");
  if (!id) return ProblemResponse(id.error());
  return Reply(change(*id), AccountJson);
}

Response Ended(app::Services& services, const Request& request) {
  return Reply(services.user_admin().EndedGrants(ScopeOf(request)),
               [](const std::vector<app::EndedGrant>& ended) {
                 Json list = Json::array();
                 for (const app::EndedGrant& entry : ended) {
                   list.push_back({{"user",
                                    {{"id", entry.account.user.id},
                                     {"username", entry.account.user.username},
                                     {"name", entry.account.user.display_name}}},
                                   {"grant", GrantJson(entry.grant)}});
                 }
                 return Json{{"grants", std::move(list)}};
               });
}

}  // namespace

void AddAccountsRoutes(Router& router, app::Services* services) {
  const Guard manage = Guard::Needs(app::Permission::kManageAccounts);
  router.Add("GET", "/api/users", manage, WithServices(services, List), Work::kCpu);
  router.Add("POST", "/api/users", manage, WithServices(services, Create), Work::kCpu);
  router.Add("POST", "/api/users/{id}/disable", manage,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            return OnAccount(request, [&](int64_t id) {
                              return s.user_admin().SetDisabled(id, true, ScopeOf(request),
                                                                AdminOf(request));
                            });
                          }),
             Work::kCpu);
  router.Add("POST", "/api/users/{id}/enable", manage,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            return OnAccount(request, [&](int64_t id) {
                              return s.user_admin().SetDisabled(id, false, ScopeOf(request),
                                                                AdminOf(request));
                            });
                          }),
             Work::kCpu);
  router.Add("POST", "/api/users/{id}/password", manage,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            app::ProblemOr<std::string> password = ReadPasswordBody(request.body);
                            if (!password) return ProblemResponse(password.error());
                            return OnAccount(request, [&](int64_t id) {
                              return s.user_admin().ResetPassword(id, *password, ScopeOf(request),
                                                                  AdminOf(request));
                            });
                          }),
             Work::kCpu);
  router.Add("POST", "/api/users/{id}/grants", manage,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            app::ProblemOr<app::GrantRequest> grant = ReadGrantBody(request.body);
                            if (!grant) return ProblemResponse(grant.error());
                            return OnAccount(request, [&](int64_t id) {
                              return s.user_admin().AddGrant(id, *grant, ScopeOf(request),
                                                             AdminOf(request));
                            });
                          }),
             Work::kCpu);
  router.Add("DELETE", "/api/users/{id}/grants/{grant}", manage,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            app::ProblemOr<int64_t> grant = IdParam(request, "grant");
                            if (!grant) return ProblemResponse(grant.error());
                            return OnAccount(request, [&](int64_t id) {
                              return s.user_admin().RemoveGrant(id, *grant, ScopeOf(request),
                                                                AdminOf(request));
                            });
                          }),
             Work::kCpu);
  router.Add("GET", "/api/grants/ended", manage, WithServices(services, Ended), Work::kCpu);
}

}  // namespace kieumau::server
