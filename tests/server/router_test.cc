// The routing layer and the request helpers, without a network.
#include "server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "server/app.h"
#include "support/test_support.h"

namespace kieumau::server {
namespace {

Request Make(std::string method, std::string path, std::string query = "") {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.query = std::move(query);
  return request;
}

Router TestRouter() {
  Router router;
  const Guard open = Guard::Public();
  router.Add("GET", "/api/things", open, [](const Request&) { return JsonResponse(200, "[]"); });
  router.Add("POST", "/api/things", open, [](const Request&) { return JsonResponse(201, "{}"); });
  router.Add("GET", "/api/things/{id}", open, [](const Request& request) {
    return JsonResponse(200, nlohmann::json{{"id", request.Param("id")}}.dump());
  });
  router.Add(
      "POST", "/api/work", open, [](const Request&) { return JsonResponse(200, "{}"); },
      Work::kCpu);
  return router;
}

std::string ErrorCode(const Response& response) {
  return nlohmann::json::parse(response.body).at("error").at("code").get<std::string>();
}

TEST(RouterTest, RoutesByMethodAndPath) {
  const Router router = TestRouter();
  EXPECT_EQ(router.Handle(Make("GET", "/api/things")).status, 200);
  EXPECT_EQ(router.Handle(Make("POST", "/api/things")).status, 201);
}

TEST(RouterTest, FillsDecodedParameters) {
  const Response response = TestRouter().Handle(Make("GET", "/api/things/QN%2D22012%20a"));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body).at("id"), "QN-22012 a");
}

TEST(RouterTest, UnknownPathIsNotFoundInTheErrorShape) {
  for (const char* path : {"/api/nothing", "/api/things/1/more", "/api/things/", "/api/%zz"}) {
    const Response response = TestRouter().Handle(Make("GET", path));
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.content_type, kJsonType);
    EXPECT_EQ(ErrorCode(response), "not_found") << path;
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  const Response response = TestRouter().Handle(Make("DELETE", "/api/things"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(ErrorCode(response), "method_not_allowed");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, HEAD, POST");
}

TEST(RouterTest, HeadIsAnsweredWhereGetIs) {
  const Response response = TestRouter().Handle(Make("HEAD", "/api/things"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(TestRouter().Handle(Make("HEAD", "/api/work")).status, 405);  // POST only
}

TEST(RouterTest, SaysWhereWorkRuns) {
  const Router router = TestRouter();
  EXPECT_EQ(router.WorkFor(Make("POST", "/api/work")), Work::kCpu);
  EXPECT_EQ(router.WorkFor(Make("GET", "/api/work")), Work::kQuick);
  EXPECT_EQ(router.WorkFor(Make("GET", "/api/things")), Work::kQuick);
}

TEST(RequestTest, QueryParametersAreDecoded) {
  const Request request = Make("GET", "/", "a=1&rubric=qn%2Dancs+2023&empty=&flag");
  EXPECT_EQ(request.QueryParam("rubric"), "qn-ancs 2023");
  EXPECT_EQ(request.QueryParam("a"), "1");
  EXPECT_EQ(request.QueryParam("empty"), "");
  EXPECT_EQ(request.QueryParam("flag"), "");
  EXPECT_EQ(request.QueryParam("missing"), std::nullopt);
}

TEST(RequestTest, HeadersAreCaseInsensitive) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("accept"), std::nullopt);
}

TEST(PercentDecodeTest, DecodesAndRefusesMalformedOrNul) {
  EXPECT_EQ(PercentDecode("%2e%2E/a%20b+c"), "../a b+c");
  EXPECT_EQ(PercentDecode("%"), std::nullopt);
  EXPECT_EQ(PercentDecode("%2"), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz"), std::nullopt);
  EXPECT_EQ(PercentDecode("a%00b"), std::nullopt);
}

TEST(ErrorResponseTest, HasTheSharedShape) {
  const Response response = ErrorResponse(app::ErrorCode::kInvalidFacts, "Sai (wrong)", {"a", "b"});
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(
      response.body,
      R"json({"error":{"code":"invalid_facts","message":"Sai (wrong)","details":["a","b"]}})json");
}

TEST(ErrorResponseTest, AProblemsDetailGoesToTheLogNotTheClient) {
  app::Problem problem{app::ErrorCode::kUnavailable,
                       "Cơ sở dữ liệu không trả lời được (the database is unavailable)",
                       {{3, "tips.received", "sai"}},
                       "ERROR: relation \"facts_current\" does not exist"};
  const Response response = ProblemResponse(problem);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body.find("facts_current"), std::string::npos) << response.body;
  EXPECT_EQ(response.log_detail, problem.detail);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.at("error").at("code"), "unavailable");
  EXPECT_EQ(body.at("error").at("rows").at(0).at("column"), "tips.received");
}

TEST(ErrorCodes, AreOneClosedListInTheEnumsOrderWithDistinctKeys) {
  std::set<std::string_view> keys;
  size_t index = 0;
  for (const app::ErrorCodeInfo& info : app::ErrorCodes()) {
    EXPECT_EQ(static_cast<size_t>(info.code), index++) << info.key;
    EXPECT_TRUE(keys.insert(info.key).second) << info.key;
    EXPECT_FALSE(info.meaning.empty()) << info.key;
    EXPECT_EQ(app::KeyOf(info.code), info.key);
  }
  EXPECT_EQ(index, static_cast<size_t>(app::ErrorCode::kPasswordChangeRequired) + 1);
}

TEST(AppTest, EveryAnswerCarriesARequestIdAndErrorsNameIt) {
  ServerConfig config;
  config.static_dir = "/nonexistent-kieumau-web";
  App app(config, ScoringData{test::BuiltinCatalogue(), {}});
  Request request;
  request.method = "GET";
  request.path = "/api/no-such-route";
  const Response missing = app.Handle(request);
  EXPECT_EQ(missing.status, 404);
  ASSERT_EQ(missing.request_id.size(), 16u);
  const auto body = nlohmann::json::parse(missing.body);
  EXPECT_EQ(body.at("error").at("request_id"), missing.request_id);
  EXPECT_EQ(body.at("error").at("code"), "not_found");
  bool header = false;
  for (const auto& [name, value] : missing.headers)
    header = header || (name == "X-Request-Id" && value == missing.request_id);
  EXPECT_TRUE(header);
  // A request that comes with an id keeps it; another gets a new one.
  request.id = "0123456789abcdef";
  EXPECT_EQ(app.Handle(request).request_id, "0123456789abcdef");
  request.id.clear();
  request.path = "/api/health";
  const Response health = app.Handle(request);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_NE(health.request_id, missing.request_id);
}

}  // namespace
}  // namespace kieumau::server
