// Roles and scope on every route (issue 10 part 3): each API route, called by each role (a grant of
// it over a ward, over the province, or over the nation) on a target inside and one outside the
// grant, must let the call through or refuse it as the table says — 401 for a visitor, 403 for a
// role without the permission, 404 for a unit or province outside the scope (its existence does not
// leak), 422 for an import naming a unit outside it. A route added without a row fails the test.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/access/scope.h"
#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using app::Permission;
using nlohmann::json;
using server_test::HttpResponse;
using server_test::Session;

// Phường Kinh Bắc (09187), a ward of the merged Bắc Ninh (24) from 1 July 2025, whose lineage has
// links the register only inferred; Hà Nội (01) and its Phường Ba Đình (00004) lie outside.
constexpr const char* kWard = "09187";
constexpr const char* kProvince = "24";
constexpr const char* kOtherWard = "00004";
constexpr const char* kOtherProvince = "01";
constexpr const char* kBacNinhProgramme = "bn-capkm-2024-2030";

// What a route needs: nothing, a session, or a permission over what the request names.
enum class Needs { kNothing, kSession, kPermission };
// What the inside request names: the ward, the province, or nothing (a list, filtered by scope), or
// the whole country (the national roadmap).
enum class Target { kWard, kProvince, kList, kNation };

struct Call {
  std::string method, target, body, content_type;
};

struct Row {
  std::string route;  // "METHOD pattern", as the router has it
  Needs needs = Needs::kPermission;
  Permission permission = Permission::kRead;
  Target target = Target::kWard;
  Call inside;
  std::optional<Call> outside;  // none for a list or the nation
  int refused_outside = 404;    // the answer outside the scope
};

Row R(std::string route, Needs needs, Permission permission, Target target, Call inside,
      std::optional<Call> outside = std::nullopt, int refused_outside = 404) {
  return Row{std::move(route),   needs,          permission, target, std::move(inside),
             std::move(outside), refused_outside};
}

struct Account {
  std::string username;
  Role role;
  enum { kWardGrant, kProvinceGrant, kNationGrant } grant;
};

const std::vector<Account>& Accounts() {
  static const std::vector<Account> accounts = {
      {"can.bo.phuong", Role::kOfficer, Account::kWardGrant},
      {"tham.dinh", Role::kAppraiser, Account::kProvinceGrant},
      {"quan.tri.tinh", Role::kProvinceAdmin, Account::kProvinceGrant},
      {"quan.tri.quoc.gia", Role::kNationalAdmin, Account::kNationGrant},
      {"xem", Role::kViewer, Account::kProvinceGrant},
      {"kiem.toan", Role::kAuditor, Account::kProvinceGrant},
  };
  return accounts;
}

// The roles' permissions as issue 10 states them, written out here independently of
// app::RoleAllows.
bool Permits(Role role, Permission permission) {
  static const std::map<Role, std::set<Permission>> table = {
      {Role::kOfficer, {Permission::kRead, Permission::kEnterFacts}},
      {Role::kAppraiser, {Permission::kRead}},
      {Role::kProvinceAdmin,
       {Permission::kRead, Permission::kEnterFacts, Permission::kRestate,
        Permission::kManageProgrammes, Permission::kManageAccounts, Permission::kReadAudit}},
      {Role::kNationalAdmin,
       {Permission::kRead, Permission::kEnterFacts, Permission::kRestate,
        Permission::kManageProgrammes, Permission::kManageAccounts, Permission::kReadAudit}},
      {Role::kViewer, {Permission::kRead}},
      {Role::kAuditor, {Permission::kRead, Permission::kReadAudit}},
  };
  return table.at(role).count(permission) > 0;
}

// Whether the account's grant covers the inside target.
bool CoversInside(const Account& account, Target target) {
  switch (account.grant) {
    case Account::kNationGrant:
      return true;
    case Account::kProvinceGrant:
      return target != Target::kNation;
    case Account::kWardGrant:
      return target == Target::kWard || target == Target::kList;
  }
  return false;
}

class AccessTest : public testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<BackendServer>("sqlite");
    ASSERT_TRUE(server_->started()) << server_->Stderr();
    app::ProblemOr<std::shared_ptr<const app::World>> world =
        server_->services().context().GetWorld();
    ASSERT_TRUE(world);
    app::ProblemOr<UnitId> ward = (*world)->UnitAtYearEnd(kWard, 2025);
    app::ProblemOr<UnitId> province = (*world)->UnitAtYearEnd(kProvince, 2025, Level::kProvince);
    ASSERT_TRUE(ward && province);
    for (const Account& account : Accounts()) {
      app::NewUser user{account.username, account.username, server_test::kTestPassword, false, {}};
      std::optional<int64_t> unit;
      if (account.grant == Account::kWardGrant) unit = *ward;
      if (account.grant == Account::kProvinceGrant) unit = *province;
      user.grants.push_back({0, 0, account.role, unit});
      ASSERT_TRUE(server_->services().accounts().AddUser(user)) << account.username;
      std::optional<Session> session = server_->SignIn(account.username);
      ASSERT_TRUE(session) << account.username;
      sessions_[account.username] = *session;
    }
    // Two accounts to administer: one inside the province (a viewer of the ward and of the
    // province), one in Hà Nội.
    app::ProblemOr<UnitId> other = (*world)->UnitAtYearEnd(kOtherProvince, 2025, Level::kProvince);
    ASSERT_TRUE(other);
    app::NewUser inside{"muc.tieu", "Mục tiêu", server_test::kTestPassword, false, {}};
    inside.grants = {{0, 0, Role::kViewer, *ward}, {0, 0, Role::kViewer, *province}};
    app::NewUser outside{"ha.noi", "Hà Nội", server_test::kTestPassword, false, {}};
    outside.grants = {{0, 0, Role::kViewer, *other}};
    app::ProblemOr<UserRecord> made = server_->services().accounts().AddUser(inside);
    app::ProblemOr<UserRecord> made_outside = server_->services().accounts().AddUser(outside);
    ASSERT_TRUE(made && made_outside);
    inside_user_ = std::to_string(made->id);
    outside_user_ = std::to_string(made_outside->id);
  }

  json AdminJson(const std::string& target) {
    const HttpResponse response = server_->Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // An inferred link on the ward's lineage, as {"from","to"}: Tiền An into Tiền Ninh Vệ (1 January
  // 2025), which Kinh Bắc was formed from — a link into a unit of old Bắc Ninh, confirmed through
  // the grant on the merged province.
  std::string InferredLink() {
    const json list = AdminJson(std::string("/api/provinces/") + kProvince +
                                "/restated?year=2025&rubric=bn-capkm-2024");
    for (const json& unit : list.at("units")) {
      if (unit.at("code") != kWard || unit.at("links").empty()) continue;
      const json& link = unit.at("links").at(0);
      return json{{"from", link.at("from").at("id")}, {"to", link.at("to").at("id")}}.dump();
    }
    ADD_FAILURE() << "no inferred link on " << kWard << "'s lineage";
    return "{}";
  }
  // A certain link into `code` as of 1 July 2025.
  std::string CertainLinkInto(const std::string& code) {
    const json unit = AdminJson("/api/units/" + code + "?as_of=2025-07-01");
    for (const json& link : unit.at("predecessors"))
      if (link.at("certain").get<bool>())
        return json{{"from", link.at("id")}, {"to", unit.at("id")}}.dump();
    ADD_FAILURE() << "no certain link into " << code;
    return "{}";
  }

  std::vector<Row> Rows() {
    const std::string year = "?year=2025";
    const std::string rubric = "&rubric=bn-capkm-2024";
    auto get = [](std::string target) { return Call{"GET", std::move(target), "", ""}; };
    auto unit = [&](const char* code, const std::string& rest) {
      return get(std::string("/api/units/") + code + rest);
    };
    auto province = [&](const char* code, const std::string& rest) {
      return get(std::string("/api/provinces/") + code + rest);
    };
    const std::string row_of = "unit_code,unit_name,tips.received\n";
    const std::string restated = "unit_code,unit_name,crime.social_order\n";
    const Call put_inside{"PUT", std::string("/api/units/") + kWard + "/facts" + year,
                          R"({"tips.received": 40})", "application/json"};
    const Call put_outside{"PUT", std::string("/api/units/") + kOtherWard + "/facts" + year,
                           R"({"tips.received": 40})", "application/json"};
    const Call import_inside{"POST", "/api/facts/import" + year,
                             row_of + kWard + ",Phường Kinh Bắc,41\n", "text/csv"};
    const Call import_outside{"POST", "/api/facts/import" + year,
                              row_of + kOtherWard + ",Phường Ba Đình,41\n", "text/csv"};
    const Call restate_inside{"POST",
                              std::string("/api/provinces/") + kProvince + "/restated" + year,
                              restated + kWard + ",Phường Kinh Bắc,5\n", "text/csv"};
    const Call restate_outside{"POST",
                               std::string("/api/provinces/") + kOtherProvince + "/restated" + year,
                               restated + kWard + ",Phường Kinh Bắc,5\n", "text/csv"};
    const Call confirm_inside{"POST", "/api/links/confirm", InferredLink(), "application/json"};
    const Call confirm_outside{"POST", "/api/links/confirm", CertainLinkInto(kOtherWard),
                               "application/json"};
    const Call score{"POST", "/api/score?rubric=qn-ancs-2023",
                     test::ReadText(test::RepoPath("examples/qn-ancs-2023.facts.json")),
                     "application/json"};
    // The accounts' routes: on muc.tieu (inside) and ha.noi (outside).
    auto on = [&](const std::string& user, const std::string& rest, const std::string& body) {
      return Call{"POST", "/api/users/" + user + rest, body, "application/json"};
    };
    const std::string viewer_of = R"({"role": "viewer", "unit": ")";
    const std::string new_account = R"({"username": "moi", "password": "mật khẩu đủ dài 2026", )"
                                    R"("grants": [{"role": "viewer", "unit": ")";
    using P = Permission;
    return {
        R("GET /api/health", Needs::kNothing, P::kRead, Target::kList, get("/api/health")),
        R("GET /api/openapi.json", Needs::kSession, P::kRead, Target::kList,
          get("/api/openapi.json")),
        R("GET /api/rubrics", Needs::kSession, P::kRead, Target::kList, get("/api/rubrics")),
        R("GET /api/rubrics/{id}", Needs::kSession, P::kRead, Target::kList,
          get("/api/rubrics/bn-capkm-2024")),
        R("POST /api/score", Needs::kSession, P::kRead, Target::kList, score),
        R("GET /api/about", Needs::kSession, P::kRead, Target::kList, get("/api/about")),
        R("GET /api/programmes", Needs::kPermission, P::kRead, Target::kList,
          get("/api/programmes")),
        R("GET /api/programmes/{id}/roadmap", Needs::kPermission, P::kRead, Target::kProvince,
          get(std::string("/api/programmes/") + kBacNinhProgramme + "/roadmap")),
        R("GET /api/roadmap", Needs::kPermission, P::kRead, Target::kNation, get("/api/roadmap"),
          std::nullopt, 403),
        R("GET /api/programmes/{id}/force", Needs::kPermission, P::kRead, Target::kProvince,
          get(std::string("/api/programmes/") + kBacNinhProgramme + "/force" + year)),
        R("GET /api/units", Needs::kPermission, P::kRead, Target::kList,
          get("/api/units?as_of=2025-12-31")),
        R("GET /api/units/{code}", Needs::kPermission, P::kRead, Target::kWard,
          unit(kWard, "?as_of=2025-12-31"), unit(kOtherWard, "?as_of=2025-12-31")),
        R("GET /api/register", Needs::kSession, P::kRead, Target::kList, get("/api/register")),
        R("GET /api/units/{code}/facts", Needs::kPermission, P::kRead, Target::kWard,
          unit(kWard, "/facts" + year), unit(kOtherWard, "/facts" + year)),
        R("PUT /api/units/{code}/facts", Needs::kPermission, P::kEnterFacts, Target::kWard,
          put_inside, put_outside),
        R("GET /api/units/{code}/facts/{indicator}/history", Needs::kPermission, P::kRead,
          Target::kWard, unit(kWard, "/facts/tips.received/history" + year),
          unit(kOtherWard, "/facts/tips.received/history" + year)),
        R("GET /api/facts/template", Needs::kPermission, P::kEnterFacts, Target::kWard,
          get("/api/facts/template" + year + "&within=" + kWard),
          get("/api/facts/template" + year + "&within=" + kOtherWard)),
        R("GET /api/facts/export", Needs::kPermission, P::kRead, Target::kWard,
          get("/api/facts/export" + year + "&within=" + kWard),
          get("/api/facts/export" + year + "&within=" + kOtherWard)),
        R("POST /api/facts/import", Needs::kPermission, P::kEnterFacts, Target::kWard,
          import_inside, import_outside, 422),
        R("GET /api/units/{code}/scorecard", Needs::kPermission, P::kRead, Target::kWard,
          unit(kWard, "/scorecard" + year + rubric),
          unit(kOtherWard, "/scorecard" + year + rubric)),
        R("GET /api/provinces/{code}/scores", Needs::kPermission, P::kRead, Target::kProvince,
          province(kProvince, "/scores" + year + rubric),
          province(kOtherProvince, "/scores" + year + "&rubric=qn-ancs-2023")),
        R("GET /api/provinces/{code}/restated", Needs::kPermission, P::kRead, Target::kProvince,
          province(kProvince, "/restated" + year + rubric),
          province(kOtherProvince, "/restated" + year + "&rubric=qn-ancs-2023")),
        R("POST /api/provinces/{code}/restated", Needs::kPermission, P::kRestate, Target::kProvince,
          restate_inside, restate_outside),
        R("GET /api/provinces/{code}/restated/template", Needs::kPermission, P::kRead,
          Target::kProvince, province(kProvince, "/restated/template" + year + rubric),
          province(kOtherProvince, "/restated/template" + year + "&rubric=qn-ancs-2023")),
        R("POST /api/links/confirm", Needs::kPermission, P::kRestate, Target::kWard, confirm_inside,
          confirm_outside),
        R("POST /api/session", Needs::kNothing, P::kRead, Target::kList,
          Call{"POST", "/api/session", server_test::SignInBody("demo", server_test::kTestPassword),
               "application/json"}),
        R("GET /api/session", Needs::kSession, P::kRead, Target::kList, get("/api/session")),
        R("DELETE /api/session", Needs::kNothing, P::kRead, Target::kList,
          Call{"DELETE", "/api/session", "", ""}),
        // A wrong current password: refused on its merits (422), after the guard.
        R("POST /api/session/password", Needs::kSession, P::kRead, Target::kList,
          Call{"POST", "/api/session/password",
               R"({"current": "not the password", "password": "mật khẩu mới đủ dài"})",
               "application/json"}),
        R("GET /api/users", Needs::kPermission, P::kManageAccounts, Target::kList,
          get("/api/users")),
        R("POST /api/users", Needs::kPermission, P::kManageAccounts, Target::kWard,
          Call{"POST", "/api/users", new_account + kWard + R"("}]})", "application/json"},
          Call{"POST", "/api/users", new_account + kOtherWard + R"("}]})", "application/json"}),
        R("POST /api/users/{id}/disable", Needs::kPermission, P::kManageAccounts, Target::kWard,
          on(inside_user_, "/disable", ""), on(outside_user_, "/disable", "")),
        R("POST /api/users/{id}/enable", Needs::kPermission, P::kManageAccounts, Target::kWard,
          on(inside_user_, "/enable", ""), on(outside_user_, "/enable", "")),
        R("POST /api/users/{id}/password", Needs::kPermission, P::kManageAccounts, Target::kWard,
          on(inside_user_, "/password", R"({"password": "đặt lại đủ dài 2026"})"),
          on(outside_user_, "/password", R"({"password": "đặt lại đủ dài 2026"})")),
        R("POST /api/users/{id}/grants", Needs::kPermission, P::kManageAccounts, Target::kWard,
          on(inside_user_, "/grants", viewer_of + kWard + "\"}"),
          on(outside_user_, "/grants", viewer_of + kWard + "\"}")),
        // The second grant of muc.tieu: removing it leaves the first.
        R("DELETE /api/users/{id}/grants/{grant}", Needs::kPermission, P::kManageAccounts,
          Target::kWard,
          Call{"DELETE", "/api/users/" + inside_user_ + "/grants/" + SecondGrant(inside_user_), "",
               ""},
          Call{"DELETE", "/api/users/" + outside_user_ + "/grants/1", "", ""}),
        R("GET /api/grants/ended", Needs::kPermission, P::kManageAccounts, Target::kList,
          get("/api/grants/ended")),
        R("GET /api/audit", Needs::kPermission, P::kReadAudit, Target::kWard,
          get(std::string("/api/audit?as_of=2025-12-31&unit=") + kWard),
          get(std::string("/api/audit?as_of=2025-12-31&unit=") + kOtherWard)),
    };
  }

  // The id of the account's second grant ("0" when it has none).
  std::string SecondGrant(const std::string& user) {
    app::StorePool::Lease store = server_->services().context().pool().Acquire();
    StoreResult<std::vector<GrantRecord>> grants = store->accounts().ListGrants(std::stoll(user));
    if (!grants || grants->size() < 2) return "0";
    return std::to_string((*grants)[1].id);
  }

  HttpResponse Send(const Call& call, const Session* session) {
    return server_->Call(call.method, call.target, call.body, call.content_type, session);
  }

  std::unique_ptr<BackendServer> server_;
  std::map<std::string, Session> sessions_;
  std::string inside_user_, outside_user_;  // the ids of muc.tieu and ha.noi
};

// A status that says the call got through the guard and the scope: anything but 401, 403 and 404
// (a write may still be refused on its merits: a link already confirmed is 422).
bool Through(int status) {
  return status != 401 && status != 403 && status != 404 && status < 500;
}

TEST_F(AccessTest, EveryRouteByEveryRoleInsideAndOutsideTheScope) {
  const std::vector<Row> rows = Rows();
  // Every route has a row, and every row a route.
  std::set<std::string> routed, tabled;
  for (const server::Router::Route& route : server_->app().router().routes())
    routed.insert(route.method + " " + route.pattern);
  for (const Row& row : rows)
    tabled.insert(row.route);
  EXPECT_EQ(routed, tabled) << "a route without a row in this table, or a row without a route";

  for (const Row& row : rows) {
    SCOPED_TRACE(row.route);
    // A visitor who has not signed in.
    const HttpResponse anonymous = Send(row.inside, nullptr);
    if (row.needs == Needs::kNothing) {
      EXPECT_NE(anonymous.status, 401) << anonymous.body;
    } else {
      EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    }
    if (row.needs == Needs::kNothing || row.route == "GET /api/session") continue;
    for (const Account& account : Accounts()) {
      SCOPED_TRACE(account.username);
      const Session& session = sessions_.at(account.username);
      const HttpResponse inside = Send(row.inside, &session);
      const bool permitted = row.needs == Needs::kSession || Permits(account.role, row.permission);
      if (!permitted) {
        EXPECT_EQ(inside.status, 403) << inside.body;
        continue;
      }
      if (row.needs == Needs::kSession || CoversInside(account, row.target)) {
        EXPECT_TRUE(Through(inside.status)) << inside.status << " " << inside.body.substr(0, 300);
      } else {
        EXPECT_EQ(inside.status, row.target == Target::kNation ? 403 : 404)
            << inside.body.substr(0, 300);
      }
      if (!row.outside) continue;
      const HttpResponse outside = Send(*row.outside, &session);
      if (account.grant == Account::kNationGrant) {
        EXPECT_TRUE(Through(outside.status))
            << outside.status << " " << outside.body.substr(0, 300);
      } else {
        EXPECT_EQ(outside.status, row.refused_outside) << outside.body.substr(0, 300);
      }
    }
  }
}

// Lists are filtered to the scope: the ward officer's units are its ward; the province's viewer
// sees the province's wards and none of Hà Nội's.
TEST_F(AccessTest, ListsShowOnlyTheScope) {
  auto codes = [&](const std::string& user, const std::string& target) {
    const HttpResponse response = server_->Call("GET", target, "", "", &sessions_.at(user));
    EXPECT_EQ(response.status, 200) << response.body;
    std::set<std::string> found;
    const json body = json::parse(response.body);
    for (const json& unit : body.at("units"))
      found.insert(unit.at("code").get<std::string>());
    return found;
  };
  EXPECT_EQ(codes("can.bo.phuong", "/api/units?as_of=2025-12-31"), std::set<std::string>{kWard});
  const std::set<std::string> province = codes("xem", "/api/units?as_of=2025-12-31");
  EXPECT_GT(province.size(), 50u);
  EXPECT_EQ(province.count(kOtherWard), 0u);
  EXPECT_EQ(province.count(kWard), 1u);
  // The 2024 units of old Bắc Ninh (27), which the merged province (24) was formed from, are read
  // through the province's grant; Hà Nội's are not.
  const std::set<std::string> earlier = codes("xem", "/api/units?as_of=2024-12-31&level=province");
  EXPECT_EQ(earlier.count("27"), 1u);
  EXPECT_EQ(earlier.count("01"), 0u);
  // A search finds only what the scope covers.
  EXPECT_TRUE(codes("can.bo.phuong", "/api/units?as_of=2025-12-31&q=ba%20dinh").empty());
  // Programmes: the province's, not for the ward officer.
  const HttpResponse programmes =
      server_->Call("GET", "/api/programmes", "", "", &sessions_.at("can.bo.phuong"));
  EXPECT_EQ(json::parse(programmes.body).size(), 0u) << programmes.body;
  const HttpResponse seen = server_->Call("GET", "/api/programmes", "", "", &sessions_.at("xem"));
  EXPECT_EQ(json::parse(seen.body).size(), 1u) << seen.body;
}

// A refused permission is in the audit trail: who, what and why.
TEST_F(AccessTest, RefusalsAreInTheAuditTrail) {
  const HttpResponse refused =
      server_->Call("PUT", std::string("/api/units/") + kWard + "/facts?year=2025",
                    R"({"tips.received": 5})", "application/json", &sessions_.at("xem"));
  ASSERT_EQ(refused.status, 403);
  const HttpResponse trail = server_->Get("/api/audit?limit=1000");
  ASSERT_EQ(trail.status, 200) << trail.body;
  const json page = json::parse(trail.body);
  bool found = false;
  for (const json& entry : page.at("entries")) {
    if (entry.at("action") != "access.refused") continue;
    if (entry.at("subject").get<std::string>().find(std::string("/api/units/") + kWard) ==
        std::string::npos)
      continue;
    found = true;
    EXPECT_EQ(entry.at("detail").at("needs"), "enter_facts") << entry.dump();
  }
  EXPECT_TRUE(found) << trail.body.substr(0, 2000);
}

// A state-changing request needs the session's CSRF token: without it, or with another session's,
// nothing changes.
TEST_F(AccessTest, StateChangesNeedTheSessionsCsrfToken) {
  const std::string target = std::string("/api/units/") + kWard + "/facts?year=2025";
  Session no_token = server_->session();
  no_token.csrf = "";
  Session wrong_token = server_->session();
  wrong_token.csrf = sessions_.at("quan.tri.tinh").csrf;
  for (const Session& session : {no_token, wrong_token}) {
    const HttpResponse refused =
        server_->Call("PUT", target, R"({"tips.received": 500})", "application/json", &session);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "csrf");
  }
  EXPECT_NE(AdminJson(target).at("values").value("tips.received", 0.0), 500.0);
  EXPECT_EQ(server_->Put(target, R"({"tips.received": 500})").status, 200);
  EXPECT_EQ(AdminJson(target).at("values").at("tips.received"), 500);
}

}  // namespace
}  // namespace kieumau::service_test
