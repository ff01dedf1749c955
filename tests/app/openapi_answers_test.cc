// Every data route's answer, produced by the real application layer and HTTP mapping in process,
// validated against the schema the OpenAPI document gives for it: a field added, removed, renamed
// or of another type on either side fails here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/app_fixture.h"
#include "server/api.h"
#include "server/app.h"
#include "support/test_support.h"

namespace kieumau::app_test {
namespace {

using nlohmann::json;

// A JSON Schema checker for the subset the document uses: $ref, allOf, type, nullable, enum,
// required, properties, additionalProperties, items. Problems are appended with their path.
class SchemaCheck {
 public:
  explicit SchemaCheck(const json& document) : document_(document) {}

  void Check(const json& value, const json& schema, const std::string& path) {
    if (schema.contains("$ref")) {
      const std::string ref = schema["$ref"];
      const std::string prefix = "#/components/schemas/";
      ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
      const json::json_pointer pointer("/components/schemas/" + ref.substr(prefix.size()));
      ASSERT_TRUE(document_.contains(pointer)) << "no schema " << ref;
      Check(value, document_.at(pointer), path);
      return;
    }
    if (value.is_null()) {
      if (!schema.value("nullable", false)) problems_.push_back(path + ": null not allowed");
      return;
    }
    if (schema.contains("allOf")) {
      // The parts together: each part's own fields, and no field outside every part's.
      std::set<std::string> allowed;
      bool closed = false;
      for (const json& part : schema["allOf"]) {
        const json resolved = Resolve(part);
        json open_part = resolved;
        if (open_part.contains("additionalProperties") &&
            open_part["additionalProperties"] == false) {
          closed = true;
          open_part.erase("additionalProperties");
        }
        Check(value, open_part, path);
        if (resolved.contains("properties"))
          for (const auto& [name, sub] : resolved["properties"].items())
            allowed.insert(name);
      }
      (void)closed;
      if (value.is_object())
        for (const auto& [name, sub] : value.items())
          if (!allowed.count(name)) problems_.push_back(path + "." + name + ": not in the schema");
      return;
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const json& option : schema["enum"])
        found = found || option == value;
      if (!found) problems_.push_back(path + ": " + value.dump() + " not in the enum");
    }
    const std::string type = schema.value("type", "");
    if (type == "string" && !value.is_string()) problems_.push_back(path + ": not a string");
    if (type == "integer" && !value.is_number_integer())
      problems_.push_back(path + ": not an integer");
    if (type == "number" && !value.is_number()) problems_.push_back(path + ": not a number");
    if (type == "boolean" && !value.is_boolean()) problems_.push_back(path + ": not a boolean");
    if (type == "array") {
      if (!value.is_array()) {
        problems_.push_back(path + ": not an array");
        return;
      }
      if (schema.contains("items"))
        for (size_t i = 0; i < value.size(); ++i)
          Check(value[i], schema["items"], path + "[" + std::to_string(i) + "]");
    }
    if (type == "object") {
      if (!value.is_object()) {
        problems_.push_back(path + ": not an object");
        return;
      }
      for (const json& name : schema.value("required", json::array()))
        if (!value.contains(name.get<std::string>()))
          problems_.push_back(path + ": missing " + name.get<std::string>());
      const json properties = schema.value("properties", json::object());
      for (const auto& [name, sub] : value.items()) {
        if (properties.contains(name)) {
          Check(sub, properties[name], path + "." + name);
        } else if (schema.contains("additionalProperties")) {
          if (schema["additionalProperties"] == false) {
            problems_.push_back(path + "." + name + ": not in the schema");
          } else if (schema["additionalProperties"].is_object()) {
            Check(sub, schema["additionalProperties"], path + "." + name);
          }
        }
      }
    }
  }

  const std::vector<std::string>& problems() const { return problems_; }

 private:
  json Resolve(const json& schema) {
    if (!schema.contains("$ref")) return schema;
    const std::string ref = schema["$ref"];
    return document_.at(json::json_pointer(
        "/components/schemas/" + ref.substr(std::string("#/components/schemas/").size())));
  }

  const json& document_;
  std::vector<std::string> problems_;
};

class OpenApiAnswersTest : public AppTest {
 protected:
  server::Response Call(const std::string& method, const std::string& pattern,
                        const std::string& path, const std::string& query,
                        const std::string& body = "", server::Fields headers = {}) {
    static const server::ScoringData* data = new server::ScoringData{test::BuiltinCatalogue(), {}};
    if (!app_) {
      server::ServerConfig config;
      config.static_dir = "/nonexistent-kieumau-web";
      app_ = std::make_unique<server::App>(
          config, std::shared_ptr<const server::ScoringData>(data, [](auto*) {}), services_.get());
    }
    server::Request request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    request.headers = std::move(headers);
    if (!cookie_.empty() && request.headers.empty()) {
      request.headers.emplace_back("Cookie", cookie_);
      request.headers.emplace_back("X-CSRF-Token", csrf_);
    }
    server::Response response = app_->Handle(std::move(request));
    EXPECT_EQ(response.status, 200)
        << method << " " << path << "?" << query << ": " << response.body;
    if (response.status == 200 && response.content_type == server::kJsonType)
      Validate(method, pattern, response.body);
    return response;
  }

  void Validate(const std::string& method, const std::string& pattern, const std::string& body) {
    static const json document = json::parse(server::OpenApiJson());
    const std::string verb = method == "GET"      ? "get"
                             : method == "PUT"    ? "put"
                             : method == "DELETE" ? "delete"
                                                  : "post";
    const json::json_pointer pointer("/paths/" + Escaped(pattern) + "/" + verb +
                                     "/responses/200/content/application~1json/schema");
    ASSERT_TRUE(document.contains(pointer)) << method << " " << pattern << " has no JSON schema";
    SchemaCheck check(document);
    check.Check(json::parse(body), document.at(pointer), pattern);
    for (const std::string& problem : check.problems())
      ADD_FAILURE() << method << " " << problem;
    ++validated_;
  }

  // A path as one JSON pointer token.
  static std::string Escaped(const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
    return out;
  }

  // Signs in as `username` (its password `password`); the calls that name no headers go in that
  // session.
  void SignIn(const std::string& username, const std::string& password) {
    const server::Response signed_in =
        Call("POST", "/api/session", "/api/session", "",
             json{{"username", username}, {"password", password}}.dump());
    cookie_.clear();
    for (const auto& [name, value] : signed_in.headers)
      if (name == "Set-Cookie") cookie_ = value.substr(0, value.find(';'));
    ASSERT_FALSE(cookie_.empty());
    csrf_ = json::parse(signed_in.body).at("csrf");
  }

  std::unique_ptr<server::App> app_;
  int validated_ = 0;
  std::string cookie_, csrf_;
};

TEST_P(OpenApiAnswersTest, EveryJsonAnswerMatchesItsSchema) {
  const std::string ward = UnrecognisedWard2025();
  app::NewUser admin{"quan.tri", "Quản trị", "mật khẩu quản trị 2026", false, {}};
  admin.grants.push_back({0, 0, Role::kNationalAdmin, std::nullopt});
  ASSERT_TRUE(services_->accounts().AddUser(admin));
  SignIn("quan.tri", "mật khẩu quản trị 2026");
  Call("GET", "/api/about", "/api/about", "");
  Call("GET", "/api/programmes", "/api/programmes", "");
  Call("GET", "/api/programmes/{id}/roadmap", "/api/programmes/bn-capkm-2024-2030/roadmap", "");
  Call("GET", "/api/roadmap", "/api/roadmap", "");
  Call("GET", "/api/programmes/{id}/force", "/api/programmes/bn-capkm-2024-2030/force",
       "year=2023");
  Call("GET", "/api/programmes/{id}/force", "/api/programmes/bn-capkm-2024-2030/force",
       "year=2031");  // no values that year: missing everywhere, nulls
  Call("GET", "/api/units", "/api/units", std::string("as_of=2025-12-31&within=") + kBacNinh2025);
  Call("GET", "/api/units", "/api/units", "as_of=2025-03-01&q=tien%20ninh%20ve");
  Call("GET", "/api/units", "/api/units", "as_of=2024-12-31");
  Call("GET", "/api/units/{code}", "/api/units/" + ward, "as_of=2025-12-31");
  Call("GET", "/api/units/{code}", std::string("/api/units/") + kBacNinh2024, "as_of=2019-01-01");
  Call("GET", "/api/units/{code}", "/api/units/09184", "as_of=2025-03-01");  // uncertain links
  Call("GET", "/api/units/{code}/facts", "/api/units/" + ward + "/facts", "year=2025");
  Call("PUT", "/api/units/{code}/facts", "/api/units/" + ward + "/facts", "year=2025",
       R"({"tips.received": 321})");
  Call("GET", "/api/units/{code}/facts/{indicator}/history",
       "/api/units/" + ward + "/facts/tips.received/history", "year=2025");
  Call("GET", "/api/units/{code}/scorecard", "/api/units/" + ward + "/scorecard",
       "year=2025&rubric=bn-capkm-2024");
  Call("GET", "/api/provinces/{code}/scores",
       std::string("/api/provinces/") + kBacNinh2025 + "/scores", "year=2025&rubric=bn-capkm-2024");
  const server::Response csv = Call("GET", "/api/facts/template", "/api/facts/template",
                                    std::string("year=2025&within=") + kBacNinh2025);
  Call("POST", "/api/facts/import", "/api/facts/import", "year=2025", csv.body);
  const std::string restated = std::string("/api/provinces/") + kBacNinh2025 + "/restated";
  const server::Response list =
      Call("GET", "/api/provinces/{code}/restated", restated, "year=2025&rubric=bn-capkm-2024");
  Call("GET", "/api/provinces/{code}/restated/template", restated + "/template",
       "year=2025&rubric=bn-capkm-2024&format=csv");
  Call("POST", "/api/provinces/{code}/restated", restated, "year=2025",
       "unit_code,unit_name,crime.social_order\n09187,Phường Kinh Bắc,5\n");
  const json link = json::parse(list.body).at("units").at(0).at("links").at(0);
  const server::Response confirmed =
      Call("POST", "/api/links/confirm", "/api/links/confirm", "",
           json{{"from", link.at("from").at("id")}, {"to", link.at("to").at("id")}}.dump());
  // Who confirmed it, by username.
  EXPECT_EQ(json::parse(confirmed.body).at("confirmed").at("who"), "quan.tri");
  const server::Response unit =
      Call("GET", "/api/units/{code}", "/api/units/" + link.at("to").at("code").get<std::string>(),
           "as_of=" + link.at("date").get<std::string>());  // a confirmed link
  bool named = false;
  const json unit_page = json::parse(unit.body);
  for (const json& predecessor : unit_page.at("predecessors"))
    if (!predecessor.at("confirmed").is_null())
      named = named || predecessor.at("confirmed").at("who") == "quan.tri";
  EXPECT_TRUE(named) << unit.body.substr(0, 600);
  Call("GET", "/api/register", "/api/register", "");
  // Administering accounts.
  const server::Response made =
      Call("POST", "/api/users", "/api/users", "",
           R"({"username": "can.bo", "name": "Cán bộ", "password": "mật khẩu đủ dài 2026", )"
           R"("grants": [{"role": "officer", "unit": ")" +
               ward + R"("}, {"role": "viewer", "unit": null}]})");
  const json account = json::parse(made.body);
  const std::string id = std::to_string(account.at("id").get<int64_t>());
  const std::string users = "/api/users/" + id;
  Call("GET", "/api/users", "/api/users", "");
  Call("POST", "/api/users/{id}/disable", users + "/disable", "");
  Call("POST", "/api/users/{id}/enable", users + "/enable", "");
  Call("POST", "/api/users/{id}/password", users + "/password", "",
       R"({"password": "đặt lại đủ dài 2026"})");
  Call("POST", "/api/users/{id}/grants", users + "/grants", "",
       R"({"role": "viewer", "unit": ")" + std::string(kBacNinh2025) + R"("})");
  Call("DELETE", "/api/users/{id}/grants/{grant}",
       users + "/grants/" + std::to_string(account.at("grants").at(1).at("id").get<int64_t>()), "");
  Call("GET", "/api/grants/ended", "/api/grants/ended", "");
  // The audit trail (as the national administrator).
  const server::Response trail =
      Call("GET", "/api/audit", "/api/audit", "unit=" + ward + "&as_of=2025-12-31");
  EXPECT_FALSE(json::parse(trail.body).at("entries").empty());
  Call("GET", "/api/audit", "/api/audit", "from=2020-01-01&to=2030-12-31&limit=3&after=1");
  ASSERT_TRUE(services_->accounts().AddUser(
      {"can.bo.tinh", "Cán bộ tỉnh", "mật khẩu đủ dài 2026", false, {}}));
  SignIn("can.bo.tinh", "mật khẩu đủ dài 2026");
  Call("GET", "/api/session", "/api/session", "");
  Call("POST", "/api/session/password", "/api/session/password", "",
       R"({"current": "mật khẩu đủ dài 2026", "password": "mật khẩu mới đủ dài 2026"})");
  Call("DELETE", "/api/session", "/api/session", "");
  EXPECT_EQ(validated_, 38);  // every call above but the two CSV templates
}

INSTANTIATE_TEST_SUITE_P(Backends, OpenApiAnswersTest, testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace kieumau::app_test
