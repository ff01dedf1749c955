// Request bodies read into typed values, and the nesting guard in front of every JSON parser.
#include "server/request_bodies.h"

#include <gtest/gtest.h>

#include "engine/json_depth.h"

namespace kieumau::server {
namespace {

std::string Nested(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i)
    text += "{\"a\":";
  text += "1";
  text.append(static_cast<size_t>(depth), '}');
  return text;
}

TEST(JsonDepth, CountsOpenArraysAndObjectsOutsideStrings) {
  EXPECT_FALSE(JsonNestedDeeperThan(R"({"a":[1,{"b":2}]})", 3));
  EXPECT_TRUE(JsonNestedDeeperThan(R"({"a":[1,{"b":[2]}]})", 3));
  // Brackets inside strings, escaped quotes included, do not count.
  EXPECT_FALSE(JsonNestedDeeperThan(R"({"[[[[": "{{{{\"[[[[", "b": 1})", 1));
  EXPECT_FALSE(JsonNestedDeeperThan(Nested(kMaxJsonDepth - 1)));
  EXPECT_TRUE(JsonNestedDeeperThan(Nested(kMaxJsonDepth + 1)));
  // Closing more than was opened does not make room for more.
  EXPECT_TRUE(JsonNestedDeeperThan("]]]]" + Nested(kMaxJsonDepth + 1)));
}

TEST(ReadFactsBody, NumbersAndNullsInTheOrderSent) {
  auto entries = ReadFactsBody(R"({"tips.received": 40, "tips.processed": null, "x": "3"})");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].indicator, "tips.received");
  EXPECT_EQ((*entries)[0].value, 40);
  EXPECT_FALSE((*entries)[0].not_a_number);
  EXPECT_EQ((*entries)[1].indicator, "tips.processed");
  EXPECT_FALSE((*entries)[1].value.has_value());
  EXPECT_FALSE((*entries)[1].not_a_number);
  EXPECT_TRUE((*entries)[2].not_a_number);
}

TEST(ReadFactsBody, AnythingButANonEmptyObjectIsABadRequest) {
  for (std::string_view body : {"", "[]", "{}", "3", "{\"a\":", "null"}) {
    auto entries = ReadFactsBody(body);
    ASSERT_FALSE(entries.ok()) << body;
    EXPECT_EQ(entries.error().kind(), app::ProblemKind::kBadRequest);
    EXPECT_EQ(entries.error().code, app::ErrorCode::kBadRequest);
  }
}

// The hostile body that stopped the server: a value nested a million levels deep, then another
// indicator. Refused before any parser sees it.
TEST(ReadFactsBody, AValueNestedAMillionLevelsDeepIsRefused) {
  const std::string body = R"({"tips.received": 3, "traffic.serious_accidents": )" +
                           Nested(1'200'000) + R"(, "recidivism.reoffenders": 2})";
  auto entries = ReadFactsBody(body);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().code, app::ErrorCode::kBadRequest);
  EXPECT_LT(entries.error().message.size(), 300u);
}

}  // namespace
}  // namespace kieumau::server
