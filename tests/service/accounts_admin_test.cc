// Administering accounts over HTTP as a province's administrator would: no raising oneself, a reset
// password that must be changed before anything else, a disabled account shut out at once, and the
// grants a reorganisation left on ended units shown with what those units became.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using nlohmann::json;
using server_test::HttpResponse;
using server_test::Session;

constexpr const char* kAdminWard = "09187";  // Phường Kinh Bắc, in the merged Bắc Ninh (24)
constexpr const char* kNewPassword = "mật khẩu mới của tôi 2026";

class AccountsAdminTest : public testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<BackendServer>("sqlite");
    ASSERT_TRUE(server_->started()) << server_->Stderr();
    app::ProblemOr<std::shared_ptr<const app::World>> world =
        server_->services().context().GetWorld();
    ASSERT_TRUE(world);
    province_ = *(*world)->UnitAtYearEnd("24", 2025, Level::kProvince);
    ward_ = *(*world)->UnitAtYearEnd(kAdminWard, 2025);
    admin_id_ = Make("quan.tri.tinh", Role::kProvinceAdmin, province_);
    user_id_ = Make("can.bo", Role::kOfficer, ward_);
    admin_ = *server_->SignIn("quan.tri.tinh");
  }

  int64_t Make(const std::string& username, Role role, std::optional<int64_t> unit) {
    app::NewUser user{username, username, server_test::kTestPassword, false, {}};
    user.grants.push_back({0, 0, role, unit});
    app::ProblemOr<UserRecord> made = server_->services().accounts().AddUser(user);
    EXPECT_TRUE(made) << username;
    return made ? made->id : 0;
  }

  HttpResponse As(const Session& session, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    return server_->Call(method, target, body, body.empty() ? "" : "application/json", &session);
  }

  static std::string Code(const HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    return body.contains("error") ? body["error"].value("code", "") : "";
  }

  std::unique_ptr<BackendServer> server_;
  int64_t province_ = 0, ward_ = 0, admin_id_ = 0, user_id_ = 0;
  Session admin_;
};

TEST_F(AccountsAdminTest, NoAdministratorRaisesItself) {
  const std::string own = "/api/users/" + std::to_string(admin_id_);
  // Its own grants, account and password are not administered here.
  EXPECT_EQ(
      As(admin_, "POST", own + "/grants", R"({"role": "national_admin", "unit": null})").status,
      403);
  EXPECT_EQ(As(admin_, "POST", own + "/grants", R"({"role": "officer", "unit": "09187"})").status,
            403);
  EXPECT_EQ(
      As(admin_, "POST", own + "/password", R"({"password": "một mật khẩu khác 2026"})").status,
      403);
  // Nor through another account: a nationwide grant, or a grant outside its province.
  const std::string other = "/api/users/" + std::to_string(user_id_) + "/grants";
  const HttpResponse national =
      As(admin_, "POST", other, R"({"role": "national_admin", "unit": null})");
  EXPECT_EQ(national.status, 403) << national.body;
  const HttpResponse nation = As(admin_, "POST", other, R"({"role": "viewer", "unit": null})");
  EXPECT_EQ(nation.status, 403) << nation.body;
  const HttpResponse hanoi =
      As(admin_, "POST", other, R"({"role": "province_admin", "unit": "01"})");
  EXPECT_EQ(hanoi.status, 404) << hanoi.body;
  // A new account with a grant outside: refused, nothing made.
  const HttpResponse made = As(admin_, "POST", "/api/users",
                               R"({"username": "ngoai", "password": "mật khẩu đủ dài 2026", )"
                               R"("grants": [{"role": "viewer", "unit": "00004"}]})");
  EXPECT_EQ(made.status, 404) << made.body;
  // The grants are as they were.
  const json me = json::parse(As(admin_, "GET", "/api/session").body).at("user");
  ASSERT_EQ(me.at("grants").size(), 1u);
  EXPECT_EQ(me.at("grants")[0].at("role"), "province_admin");
  // Named, so the web app shows the scope without asking the units API.
  EXPECT_EQ(me.at("grants")[0].at("unit_code"), "24");
  EXPECT_EQ(me.at("grants")[0].at("unit_name"), "Tỉnh Bắc Ninh");
  const json users = json::parse(As(admin_, "GET", "/api/users").body).at("users");
  for (const json& user : users)
    EXPECT_NE(user.at("username"), "ngoai");
  // Its list holds the accounts it manages, not itself's peers elsewhere nor the national one.
  std::set<std::string> names;
  for (const json& user : users)
    names.insert(user.at("username"));
  EXPECT_EQ(names.count("can.bo"), 1u);
  EXPECT_EQ(names.count("demo"), 0u);
}

TEST_F(AccountsAdminTest, AResetPasswordMustBeChangedBeforeAnythingElse) {
  std::optional<Session> before = server_->SignIn("can.bo");
  ASSERT_TRUE(before);
  const std::string account = "/api/users/" + std::to_string(user_id_);
  const HttpResponse reset =
      As(admin_, "POST", account + "/password", R"({"password": "tạm thời đủ dài 2026"})");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_TRUE(json::parse(reset.body).at("must_change_password").get<bool>());
  // Every session of the account ended.
  EXPECT_EQ(As(*before, "GET", "/api/units?as_of=2025-12-31").status, 401);
  EXPECT_FALSE(server_->SignIn("can.bo"));  // the old password
  std::optional<Session> session = server_->SignIn("can.bo", "tạm thời đủ dài 2026");
  ASSERT_TRUE(session);
  const HttpResponse blocked = As(*session, "GET", "/api/units?as_of=2025-12-31");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Code(blocked), "password_change_required");
  EXPECT_TRUE(json::parse(As(*session, "GET", "/api/session").body)
                  .at("user")
                  .at("must_change_password")
                  .get<bool>());
  const HttpResponse changed =
      As(*session, "POST", "/api/session/password",
         json{{"current", "tạm thời đủ dài 2026"}, {"password", kNewPassword}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(As(*session, "GET", "/api/units?as_of=2025-12-31").status, 200);
  EXPECT_TRUE(server_->SignIn("can.bo", kNewPassword));
}

TEST_F(AccountsAdminTest, ADisabledAccountIsShutOutAtOnce) {
  std::optional<Session> session = server_->SignIn("can.bo");
  ASSERT_TRUE(session);
  const std::string account = "/api/users/" + std::to_string(user_id_);
  ASSERT_EQ(As(admin_, "POST", account + "/disable").status, 200);
  EXPECT_EQ(As(*session, "GET", "/api/units?as_of=2025-12-31").status, 401);
  const HttpResponse refused = server_->Call(
      "POST", "/api/session", server_test::SignInBody("can.bo", server_test::kTestPassword),
      "application/json", nullptr);
  EXPECT_EQ(refused.status, 403) << refused.body;
  ASSERT_EQ(As(admin_, "POST", account + "/enable").status, 200);
  EXPECT_TRUE(server_->SignIn("can.bo"));
}

// A grant on a ward that ended on 30 June 2025 (Tiền Ninh Vệ, which Kinh Bắc was formed from) is
// listed for the merged province's administrator, with what the ward became; the grant covers the
// ended ward only, never Kinh Bắc.
TEST_F(AccountsAdminTest, GrantsLeftOnEndedUnitsAreShownWithTheirSuccessors) {
  const json unit =
      json::parse(server_->Get(std::string("/api/units/") + kAdminWard + "?as_of=2025-07-01").body);
  ASSERT_FALSE(unit.at("predecessors").empty());
  const json& earlier = unit.at("predecessors")[0];
  Make("can.bo.cu", Role::kOfficer, earlier.at("id").get<int64_t>());
  const HttpResponse ended = As(admin_, "GET", "/api/grants/ended");
  ASSERT_EQ(ended.status, 200) << ended.body;
  bool found = false;
  const json list = json::parse(ended.body);
  for (const json& entry : list.at("grants")) {
    if (entry.at("user").at("username") != "can.bo.cu") continue;
    found = true;
    EXPECT_EQ(entry.at("grant").at("unit"), earlier.at("code"));
    EXPECT_EQ(entry.at("grant").at("ended"), "2025-06-30");
    bool to_kinh_bac = false;
    for (const json& next : entry.at("grant").at("successors"))
      to_kinh_bac = to_kinh_bac || next.at("code") == kAdminWard;
    EXPECT_TRUE(to_kinh_bac) << entry.dump();
  }
  EXPECT_TRUE(found) << ended.body;
  std::optional<Session> old_officer = server_->SignIn("can.bo.cu");
  ASSERT_TRUE(old_officer);
  EXPECT_EQ(
      As(*old_officer, "GET", std::string("/api/units/") + kAdminWard + "?as_of=2025-12-31").status,
      404);
  EXPECT_EQ(As(*old_officer, "PUT", std::string("/api/units/") + kAdminWard + "/facts?year=2025",
               R"({"tips.received": 30})")
                .status,
            404);
}

}  // namespace
}  // namespace kieumau::service_test
