// The API's handlers and application functions, called as plain functions.
#include "server/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "load/rubric_yaml.h"
#include "server/api/routes.h"
#include "support/test_support.h"

namespace kieumau::server {
namespace {

using nlohmann::json;

class ApiTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new ScoringData{test::BuiltinCatalogue(), {}};
    for (const char* id : {"qn-ancs-2023", "bn-capkm-2024"}) {
      LoadedRubric loaded =
          LoadRubricFile(test::RepoPath(std::string("rubrics/") + id + ".yaml"), data_->catalogue);
      ASSERT_TRUE(loaded.rubric.has_value()) << id;
      data_->rubrics.push_back(std::move(*loaded.rubric));
    }
    router_ = new Router;
    AddApiRoutes(*router_, *data_);
    AddDataRoutes(*router_, nullptr);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete data_;
  }
  static Response Call(const std::string& method, const std::string& path,
                       const std::string& query = "", const std::string& body = "") {
    Request request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    return router_->Handle(std::move(request));
  }
  static json ExampleFacts() {
    return json::parse(test::ReadText(test::RepoPath("examples/qn-ancs-2023.facts.json")));
  }

  static ScoringData* data_;
  static Router* router_;
};
ScoringData* ApiTest::data_ = nullptr;
Router* ApiTest::router_ = nullptr;

TEST_F(ApiTest, HealthIsExactlyOk) {
  const Response response = Call("GET", "/api/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST_F(ApiTest, OpenApiDescribesExactlyTheRoutes) {
  const json document = json::parse(OpenApiJson());
  EXPECT_EQ(document.at("openapi").get<std::string>().substr(0, 2), "3.");
  std::set<std::string> described;
  for (const auto& [path, operations] : document.at("paths").items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.insert(upper + " " + path);
    }
  }
  std::set<std::string> routed;
  for (const Router::Route& route : router_->routes())
    routed.insert(route.method + " " + route.pattern);
  EXPECT_EQ(described, routed);
}

TEST_F(ApiTest, ListsRubrics) {
  const json list = json::parse(Call("GET", "/api/rubrics").body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("id"), "qn-ancs-2023");
  EXPECT_EQ(list[0].at("max"), 99);
  EXPECT_EQ(list[0].at("unit_kinds"), json({"phuong", "thi_tran", "xa"}));
  EXPECT_FALSE(list[0].at("title").get<std::string>().empty());
}

TEST_F(ApiTest, OneRubricOrNotFound) {
  const Response found = Call("GET", "/api/rubrics/bn-capkm-2024");
  ASSERT_EQ(found.status, 200);
  const json rubric = json::parse(found.body);
  EXPECT_EQ(rubric.at("id"), "bn-capkm-2024");
  EXPECT_FALSE(rubric.at("groups").empty());
  EXPECT_FALSE(rubric.at("groups")[0].at("criteria")[0].at("items").empty());

  const Response missing = Call("GET", "/api/rubrics/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body).at("error").at("code"), "not_found");
}

TEST_F(ApiTest, ScoresValidFacts) {
  const json facts = ExampleFacts();
  const Response response = Call("POST", "/api/score", "rubric=qn-ancs-2023", facts.dump());
  ASSERT_EQ(response.status, 200) << response.body;
  const json result = json::parse(response.body);
  EXPECT_EQ(result.at("rubric"), "qn-ancs-2023");
  EXPECT_EQ(result.at("results").size(), facts.at("units").size());
}

TEST_F(ApiTest, InvalidFactsAre422WithUnitAndField) {
  json facts = ExampleFacts();
  const std::string unit = facts["units"][0]["unit"];
  facts["units"][0]["values"]["tips.received"] = -3;
  const Response response = Call("POST", "/api/score", "rubric=qn-ancs-2023", facts.dump());
  ASSERT_EQ(response.status, 422);
  const json error = json::parse(response.body).at("error");
  EXPECT_EQ(error.at("code"), "invalid_facts");
  ASSERT_FALSE(error.at("details").empty());
  const std::string detail = error.at("details")[0];
  EXPECT_NE(detail.find(unit), std::string::npos) << detail;
  EXPECT_NE(detail.find("values.tips.received"), std::string::npos) << detail;
}

TEST_F(ApiTest, ScoreNeedsAKnownRubric) {
  const Response missing = Call("POST", "/api/score", "", "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json::parse(missing.body).at("error").at("code"), "bad_request");
  const Response unknown = Call("POST", "/api/score", "rubric=nope", "{}");
  EXPECT_EQ(unknown.status, 404);
  const Response malformed = Call("POST", "/api/score", "rubric=qn-ancs-2023", "{not json");
  EXPECT_EQ(malformed.status, 422);
}

TEST_F(ApiTest, ScoringRunsOnTheWorkers) {
  Request request;
  request.method = "POST";
  request.path = "/api/score";
  EXPECT_EQ(router_->WorkFor(request), Work::kCpu);
}

}  // namespace
}  // namespace kieumau::server
