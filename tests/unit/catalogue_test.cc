// The indicator catalogue: the built-in one, ParseCatalogue's errors, CheckValue per type.
#include "engine/catalogue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "load/catalogue_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

constexpr const char* kHead = R"x(format: 1
scales:
  r4: { 1: "một", 2: "hai", 3: "ba", 4: "bốn" }
indicators:
  - { name: a.count, type: count, period: year, rollup: sum }
)x";

// Passes when `text` does not load and an error on `line` holds `part`.
::testing::AssertionResult FailsWith(const std::string& text, int line, std::string_view part) {
  const LoadedCatalogue loaded = ParseCatalogue(text);
  if (loaded.catalogue) return ::testing::AssertionFailure() << "the catalogue loads";
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError && d.line == line &&
        d.message.find(part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "no error on line " << line << " holds \"" << part << "\"; the diagnostics:";
  for (const Diagnostic& d : loaded.diagnostics)
    failure << "\n  " << d.line << ": " << d.message;
  return failure;
}

TEST(Catalogue, BuiltinLoads) {
  const LoadedCatalogue loaded = ParseCatalogue(BuiltinCatalogueText());
  ASSERT_TRUE(loaded.catalogue);
  for (const Diagnostic& d : loaded.diagnostics)
    ADD_FAILURE() << d.line << ": " << d.message;
  const Catalogue& catalogue = *loaded.catalogue;
  EXPECT_GT(catalogue.size(), 100);

  auto received = catalogue.Find("tips.received");
  auto processed = catalogue.Find("tips.processed");
  auto rating = catalogue.Find("leadership.party_gov_rating");
  ASSERT_TRUE(received && processed && rating);
  EXPECT_EQ(catalogue.at(*received).type, IndicatorType::kCount);
  EXPECT_EQ(catalogue.at(*processed).le_name, "tips.received");
  EXPECT_EQ(catalogue.at(*processed).le_slot, *received);
  EXPECT_EQ(catalogue.at(*received).le_slot, -1);
  EXPECT_EQ(catalogue.at(*rating).type, IndicatorType::kRating);
  EXPECT_EQ(catalogue.at(*rating).scale, "rating4");
  EXPECT_EQ(catalogue.at(*rating).scale_keys, (std::vector<long>{1, 2, 3, 4}));
  EXPECT_FALSE(catalogue.Find("no.such"));
}

TEST(Catalogue, BuiltinIsTheShippedFile) {
  EXPECT_EQ(std::string(BuiltinCatalogueText()),
            test::ReadText(test::RepoPath("rubrics/indicators.yaml")));
}

TEST(Catalogue, SmallCatalogueLoads) {
  const LoadedCatalogue loaded =
      ParseCatalogue(std::string(kHead) +
                     "  - { name: a.rated, type: rating, scale: r4, period: "
                     "year, rollup: min }\n"
                     "  - { name: a.part, type: count, period: year, rollup: "
                     "sum, le: a.count }\n");
  ASSERT_TRUE(loaded.catalogue);
  EXPECT_TRUE(loaded.diagnostics.empty());
  EXPECT_EQ(loaded.catalogue->size(), 3);
  EXPECT_EQ(loaded.catalogue->at(2).le_slot, 0);
  EXPECT_EQ(loaded.catalogue->at(1).scale_keys, (std::vector<long>{1, 2, 3, 4}));
}

TEST(CatalogueError, UnknownType) {
  EXPECT_TRUE(FailsWith(
      std::string(kHead) + "  - { name: a.size, type: counter, period: year, rollup: sum }\n", 6,
      "counter"));
}

TEST(CatalogueError, RatingWithoutAScale) {
  EXPECT_TRUE(FailsWith(
      std::string(kHead) + "  - { name: a.rated, type: rating, period: year, rollup: min }\n", 6,
      "scale"));
}

TEST(CatalogueError, RatingWithAnUnknownScale) {
  EXPECT_TRUE(
      FailsWith(std::string(kHead) +
                    "  - { name: a.rated, type: rating, scale: r9, period: year, rollup: min }\n",
                6, "r9"));
}

TEST(CatalogueError, LeNamesAnUnknownIndicator) {
  EXPECT_TRUE(
      FailsWith(std::string(kHead) +
                    "  - { name: a.part, type: count, period: year, rollup: sum, le: a.whole }\n",
                6, "a.whole"));
}

TEST(CatalogueError, DuplicateName) {
  EXPECT_TRUE(FailsWith(std::string(kHead) +
                            "  - { name: a.other, type: bool, period: year, rollup: min }\n"
                            "  - { name: a.count, type: number, period: year, rollup: none }\n",
                        7, "a.count"));
}

Indicator OfType(IndicatorType type) {
  Indicator indicator;
  indicator.name = "x";
  indicator.type = type;
  if (type == IndicatorType::kRating) {
    indicator.scale = "r4";
    indicator.scale_keys = {1, 2, 3, 4};
  }
  return indicator;
}

void ExpectAccepts(IndicatorType type, std::initializer_list<double> values) {
  for (double value : values) {
    EXPECT_FALSE(CheckValue(OfType(type), value))
        << value << ": " << *CheckValue(OfType(type), value);
  }
}

void ExpectRefuses(IndicatorType type, std::initializer_list<double> values) {
  for (double value : values) {
    EXPECT_TRUE(CheckValue(OfType(type), value)) << value << " is accepted";
  }
}

TEST(CheckValue, Count) {
  ExpectAccepts(IndicatorType::kCount, {0, 1, 40, 1e6});
  ExpectRefuses(IndicatorType::kCount, {-1, 2.5, 0.25});
}

TEST(CheckValue, Bool) {
  ExpectAccepts(IndicatorType::kBool, {0, 1});
  ExpectRefuses(IndicatorType::kBool, {2, 0.5, -1});
}

TEST(CheckValue, Rating) {
  ExpectAccepts(IndicatorType::kRating, {1, 2, 3, 4});
  ExpectRefuses(IndicatorType::kRating, {0, 5, 2.5, -1});
}

TEST(CheckValue, RatingOnAScaleFromZero) {
  Indicator indicator = OfType(IndicatorType::kRating);
  indicator.scale_keys = {0, 1, 2};
  EXPECT_FALSE(CheckValue(indicator, 0));
  EXPECT_FALSE(CheckValue(indicator, 2));
  EXPECT_TRUE(CheckValue(indicator, 3));
}

TEST(CheckValue, Number) {
  ExpectAccepts(IndicatorType::kNumber, {0, 3.75, 1000});
  ExpectRefuses(IndicatorType::kNumber, {-0.5});
}

TEST(CheckValue, Percent) {
  ExpectAccepts(IndicatorType::kPercent, {0, 55.5, 100});
  ExpectRefuses(IndicatorType::kPercent, {-1, 100.01, 150});
}

TEST(CheckValue, AreaM2) {
  ExpectAccepts(IndicatorType::kAreaM2, {0, 120.5});
  ExpectRefuses(IndicatorType::kAreaM2, {-1});
}

TEST(CheckValue, MoneyVnd) {
  ExpectAccepts(IndicatorType::kMoneyVnd, {0, 1000, 2500000});
  ExpectRefuses(IndicatorType::kMoneyVnd, {-1, 0.5});
}

TEST(CheckValue, NotFiniteIsRefusedForEveryType) {
  for (IndicatorType type :
       {IndicatorType::kCount, IndicatorType::kBool, IndicatorType::kRating, IndicatorType::kNumber,
        IndicatorType::kPercent, IndicatorType::kAreaM2, IndicatorType::kMoneyVnd}) {
    EXPECT_TRUE(CheckValue(OfType(type), NAN));
    EXPECT_TRUE(CheckValue(OfType(type), INFINITY));
  }
}

}  // namespace
}  // namespace kieumau
