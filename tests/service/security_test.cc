// What a security reviewer would try against the API (issue 10 part 6), on a copy of the demo:
// session fixation, path traversal in every kind of parameter, SQL metacharacters in every text
// field, oversized bodies. CSRF, a viewer's write and raising one's own grants are in
// access_test.cc and accounts_admin_test.cc; a session opened through one server and used through
// another in api_test.cc (ServersOnOneDatabaseTest).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using nlohmann::json;
using server_test::HttpResponse;
using server_test::Session;

class SecurityTest : public testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<BackendServer>("sqlite");
    ASSERT_TRUE(server_->started()) << server_->Stderr();
  }

  // How many units and values the demo database holds: unchanged by anything a client sends.
  std::pair<size_t, size_t> Counts() {
    const HttpResponse units = server_->Get("/api/units?as_of=2025-12-31");
    const HttpResponse facts = server_->Get("/api/facts/export?year=2025");
    EXPECT_EQ(units.status, 200);
    EXPECT_EQ(facts.status, 200);
    return {json::parse(units.body).at("units").size(), facts.body.size()};
  }

  static std::string Code(const HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }

  std::unique_ptr<BackendServer> server_;
};

// A session id chosen by someone else and planted in the browser is never adopted: signing in
// always makes a fresh one, and the planted one opens nothing.
TEST_F(SecurityTest, SigningInNeverAdoptsAPlantedSessionId) {
  const Session planted{"kieumau_session=attacker-chosen-value-0123456789", "attacker-csrf"};
  const HttpResponse signed_in = server_->Call(
      "POST", "/api/session", server_test::SignInBody("demo", server_test::kTestPassword),
      "application/json", &planted);
  std::optional<Session> session = server_test::SessionOf(signed_in);
  ASSERT_TRUE(session) << signed_in.body;
  EXPECT_NE(session->cookie, planted.cookie);
  EXPECT_EQ(server_->Call("GET", "/api/units?as_of=2025-12-31", "", "", &planted).status, 401);
  EXPECT_EQ(server_->Call("GET", "/api/units?as_of=2025-12-31", "", "", &*session).status, 200);
  // Signing in again, in a live session, gives yet another id; both stay valid until signed out.
  std::optional<Session> again = server_->SignIn("demo");
  ASSERT_TRUE(again);
  EXPECT_NE(again->cookie, session->cookie);
  EXPECT_NE(signed_in.Header("Set-Cookie").find("HttpOnly"), std::string::npos);
  EXPECT_NE(signed_in.Header("Set-Cookie").find("SameSite=Strict"), std::string::npos);
}

// "../" and its encodings in path segments and query parameters name nothing: 404 or 400, never a
// file's content, never a 500.
TEST_F(SecurityTest, PathTraversalInAnyParameterNamesNothing) {
  for (const std::string& target : std::vector<std::string>{
           "/api/units/..%2F..%2Fetc%2Fpasswd", "/api/units/%2e%2e%2f%2e%2e/facts?year=2025",
           "/api/rubrics/..%2F..%2Fetc%2Fpasswd", "/api/rubrics/..%2Frubrics%2Fbn-capkm-2024.yaml",
           "/api/programmes/..%2F..%2Fetc%2Fpasswd/roadmap",
           "/api/units/09187/facts/..%2F..%2Fetc%2Fpasswd/history?year=2025",
           "/api/units/09187/scorecard?year=2025&rubric=../../etc/passwd",
           "/api/facts/template?year=2025&format=../../etc/passwd",
           "/api/facts/export?year=2025&within=../../etc",
           "/api/units?as_of=2025-12-31&within=..%2F..%2Fetc",
           "/api/provinces/..%2F24/scores?year=2025&rubric=bn-capkm-2024",
           "/api/audit?unit=../../etc/passwd", "/api/users/..%2F1/disable"}) {
    const HttpResponse response = target.find("/disable") != std::string::npos
                                      ? server_->Post(target, "", "")
                                      : server_->Get(target);
    EXPECT_TRUE(response.status == 404 || response.status == 400)
        << target << " answered " << response.status << ": " << response.body.substr(0, 200);
    EXPECT_EQ(response.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(response.body.find("rule:"), std::string::npos) << target;  // no YAML read
  }
}

// Quotes, semicolons and comments in every text a client sends are data: they find nothing,
// are refused as invalid, or are stored as typed — and the database is as it was.
TEST_F(SecurityTest, SqlMetacharactersInEveryTextFieldAreJustText) {
  const std::pair<size_t, size_t> before = Counts();
  const std::string nasty = "x'; DROP TABLE units; --";
  const std::string encoded = "x%27%3B%20DROP%20TABLE%20units%3B%20--";
  // Signing in.
  const HttpResponse sign_in =
      server_->Call("POST", "/api/session", server_test::SignInBody("demo' OR '1'='1", "' OR ''='"),
                    "application/json", nullptr);
  EXPECT_EQ(sign_in.status, 401) << sign_in.body;
  // Codes, searches and filters in paths and queries.
  for (const std::string& target : std::vector<std::string>{
           "/api/units/" + encoded + "?as_of=2025-12-31",
           "/api/units?as_of=2025-12-31&q=" + encoded,
           "/api/units?as_of=2025-12-31&within=" + encoded,
           "/api/units/09187/facts/" + encoded + "/history?year=2025",
           "/api/units/09187/scorecard?year=2025&rubric=" + encoded,
           "/api/provinces/" + encoded + "/scores?year=2025&rubric=bn-capkm-2024",
           "/api/audit?user=1%20OR%201%3D1", "/api/audit?unit=" + encoded}) {
    const HttpResponse response = server_->Get(target);
    EXPECT_LT(response.status, 500) << target << ": " << response.body.substr(0, 200);
    if (response.status == 200 && target.find("q=") != std::string::npos) {
      EXPECT_TRUE(json::parse(response.body).at("units").empty()) << target;
    }
    if (response.status == 200 && target.find("user=") != std::string::npos) {
      EXPECT_TRUE(json::parse(response.body).at("entries").empty()) << target;
    }
  }
  // An indicator name in a body, a unit code in an imported file.
  const HttpResponse put = server_->Put("/api/units/09187/facts?year=2025",
                                        json{{nasty, 1}, {"tips.received", 12}}.dump());
  EXPECT_EQ(put.status, 422) << put.body;
  const HttpResponse import = server_->Post(
      "/api/facts/import?year=2025", "unit_code,unit_name,tips.received\n" + nasty + ",x,3\n");
  EXPECT_EQ(import.status, 422) << import.body;
  // An account: a username with quotes is refused as a username; a display name is stored as typed.
  const HttpResponse bad_user = server_->Post(
      "/api/users", json{{"username", nasty}, {"password", "mật khẩu đủ dài 2026"}}.dump(),
      "application/json");
  EXPECT_TRUE(bad_user.status == 400 || bad_user.status == 422) << bad_user.body;
  const HttpResponse made = server_->Post(
      "/api/users",
      json{{"username", "nguyen.van.a"}, {"name", nasty}, {"password", "mật khẩu đủ dài 2026"}}
          .dump(),
      "application/json");
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(json::parse(made.body).at("name"), nasty);
  EXPECT_EQ(Counts(), before);
}

// Bodies larger than any valid one are refused with 400 before they are parsed; nothing changes.
TEST_F(SecurityTest, OversizedBodiesAreRefused) {
  const std::string huge_name(8192, 'a');
  const HttpResponse sign_in =
      server_->Call("POST", "/api/session", server_test::SignInBody(huge_name, huge_name),
                    "application/json", nullptr);
  EXPECT_EQ(sign_in.status, 400) << sign_in.body.substr(0, 200);
  const HttpResponse password = server_->Post(
      "/api/session/password", json{{"current", huge_name}, {"password", huge_name}}.dump(),
      "application/json");
  EXPECT_EQ(password.status, 400) << password.body.substr(0, 200);
  std::string deep(200000, '[');
  const HttpResponse nested =
      server_->Put("/api/units/09187/facts?year=2025", R"({"tips.received": )" + deep);
  EXPECT_EQ(nested.status, 400) << nested.body.substr(0, 200);
  json many = json::object();
  many["grants"] = json::array();
  for (int i = 0; i < 1000; ++i)
    many["grants"].push_back({{"role", "viewer"}, {"unit", "09187"}});
  many["username"] = "nhieu.quyen";
  many["password"] = "mật khẩu đủ dài 2026";
  EXPECT_EQ(server_->Post("/api/users", many.dump(), "application/json").status, 400);
  EXPECT_EQ(Code(server_->Get("/api/users")), "");
}

}  // namespace
}  // namespace kieumau::service_test
