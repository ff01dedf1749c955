// Facts are checked against the indicator catalogue before they are stored.
#include "store/fact_checks.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/test_support.h"

namespace kieumau::test {
namespace {

TEST(CheckFactWrites, AcceptsKnownIndicatorsWithValidValuesAndErasures) {
  std::vector<FactWrite> batch = {{1, "leadership.internal_conflicts", 2025, 3.0},
                                  {1, "leadership.annual_plan", 2025, 1.0},
                                  {2, "leadership.annual_plan", 2025, std::nullopt}};
  auto error = CheckFactWrites(BuiltinCatalogue(), batch);
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST(CheckFactWrites, RefusesUnknownIndicators) {
  std::vector<FactWrite> batch = {{1, "leadership.annual_plan", 2025, 1.0},
                                  {7, "no.such_indicator", 2025, std::nullopt}};
  auto error = CheckFactWrites(BuiltinCatalogue(), batch);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, StoreErrorKind::kInvalid);
  EXPECT_NE(error->message.find("no.such_indicator"), std::string::npos) << error->message;
  EXPECT_NE(error->message.find("đơn vị (unit) 7"), std::string::npos) << error->message;
}

TEST(CheckFactWrites, RefusesValuesTheIndicatorDoesNotAccept) {
  for (const FactWrite& write : {FactWrite{1, "leadership.internal_conflicts", 2025, -1.0},
                                 FactWrite{1, "leadership.internal_conflicts", 2025, 2.5},
                                 FactWrite{1, "leadership.annual_plan", 2025, 2.0}}) {
    auto error = CheckFactWrites(BuiltinCatalogue(), std::vector<FactWrite>{write});
    ASSERT_TRUE(error.has_value()) << write.indicator << " " << *write.value;
    EXPECT_EQ(error->kind, StoreErrorKind::kInvalid);
    EXPECT_NE(error->message.find(write.indicator), std::string::npos) << error->message;
  }
}

}  // namespace
}  // namespace kieumau::test
