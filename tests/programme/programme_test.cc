// Target counts in exact integers and the roadmap against recognised units.
#include "programme/programme.h"

#include <gtest/gtest.h>

#include <string>

namespace kieumau {
namespace {

ShareRule Above(int64_t percent) {
  return {ShareComparison::kAbove, Decimal2::Whole(percent)};
}
ShareRule AtLeast(int64_t percent) {
  return {ShareComparison::kAtLeast, Decimal2::Whole(percent)};
}

TEST(TargetCount, AboveIsStrictlyMore) {
  EXPECT_EQ(TargetCount(52, Above(15)), 8);   // 7.8 → 8
  EXPECT_EQ(TargetCount(50, Above(15)), 8);   // 7.5 → 8
  EXPECT_EQ(TargetCount(50, Above(30)), 16);  // exactly 15 is not above
  EXPECT_EQ(TargetCount(52, Above(30)), 16);  // 15.6 → 16
  EXPECT_EQ(TargetCount(4, Above(25)), 2);    // exactly 1 is not above
  EXPECT_EQ(TargetCount(52, Above(75)), 40);  // exactly 39 is not above
  EXPECT_EQ(TargetCount(20, Above(0)), 1);
  EXPECT_EQ(TargetCount(0, Above(15)), 0);  // no units, nothing to recognise
}

TEST(TargetCount, AtLeastIncludesTheBoundary) {
  EXPECT_EQ(TargetCount(52, AtLeast(100)), 52);
  EXPECT_EQ(TargetCount(4, AtLeast(25)), 1);
  EXPECT_EQ(TargetCount(5, AtLeast(25)), 2);  // 1.25 → 2
  EXPECT_EQ(TargetCount(52, AtLeast(90)), 47);
  EXPECT_EQ(TargetCount(406, AtLeast(70)), 285);  // 284.2 → 285
  EXPECT_EQ(TargetCount(0, AtLeast(100)), 0);
}

TEST(TargetCount, DecimalPercentsStayExact) {
  // 12.5% of 8 is exactly 1: at least → 1, above → 2.
  const Decimal2 percent = *Decimal2::Parse("12.5");
  EXPECT_EQ(TargetCount(8, {ShareComparison::kAtLeast, percent}), 1);
  EXPECT_EQ(TargetCount(8, {ShareComparison::kAbove, percent}), 2);
  // 4.92% of 406 is 19.9752.
  const Decimal2 small = *Decimal2::Parse("4.92");
  EXPECT_EQ(TargetCount(406, {ShareComparison::kAtLeast, small}), 20);
}

TEST(Decimal2, ParsesAndWritesBackUnchanged) {
  for (const char* text : {"15", "7.8", "4.92", "0", "100", "0.05"}) {
    auto value = Decimal2::Parse(text);
    ASSERT_TRUE(value) << text;
    EXPECT_EQ(value->ToString(), text);
  }
  EXPECT_EQ(Decimal2::Parse("7.80")->ToString(), "7.8");
  EXPECT_EQ(Decimal2::Parse("7.8")->hundredths, 780);
  for (const char* bad : {"", "-1", "1.234", "1.", ".5", "7,8", "abc", "1e2", "12345678901234567"})
    EXPECT_FALSE(Decimal2::Parse(bad)) << bad;
}

// The Bắc Ninh roadmap shape: 2024–2029 above 15…90%, 2030 at least 100%.
Programme BacNinhRoadmap() {
  Programme programme;
  programme.id = "bn";
  const int percents[] = {15, 30, 45, 60, 75, 90};
  for (int i = 0; i < 6; ++i)
    programme.roadmap.push_back({2024 + i, Above(percents[i]), "", 0});
  programme.roadmap.push_back({2030, AtLeast(100), "tổng kết Đề án", 0});
  return programme;
}

void AddStatuses(RoadmapInput& input, int year, int recognised, int passing, int failing) {
  int n = 0;
  auto add = [&](int count, UnitYearStatus status) {
    for (int i = 0; i < count; ++i)
      input.statuses.push_back({"BN-" + std::to_string(++n), year, status});
  };
  add(recognised, UnitYearStatus::kRecognised);
  add(passing, UnitYearStatus::kPassing);
  add(failing, UnitYearStatus::kFailing);
}

TEST(Roadmap, TargetsAndGapsFor2024To2030) {
  const Programme programme = BacNinhRoadmap();
  RoadmapInput input;
  for (int year = 2024; year <= 2030; ++year)
    input.units_by_year[year] = 52;
  AddStatuses(input, 2024, 9, 2, 10);   // above target
  AddStatuses(input, 2025, 10, 3, 5);   // 6 short
  AddStatuses(input, 2026, 24, 0, 28);  // exactly the target
  AddStatuses(input, 2023, 52, 0, 0);   // not a roadmap year: ignored
  auto rows = ComputeRoadmap(programme, input);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 7u);

  const int64_t targets[] = {8, 16, 24, 32, 40, 47, 52};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ((*rows)[i].year, 2024 + static_cast<int>(i));
    EXPECT_EQ((*rows)[i].units, 52);
    EXPECT_EQ((*rows)[i].target, targets[i]) << (*rows)[i].year;
  }
  const RoadmapYear& y2024 = (*rows)[0];
  EXPECT_EQ(y2024.recognised, 9);
  EXPECT_EQ(y2024.passing, 2);
  EXPECT_EQ(y2024.failing, 10);
  EXPECT_EQ(y2024.not_assessed, 31);
  EXPECT_EQ(y2024.gap, 0);
  const RoadmapYear& y2025 = (*rows)[1];
  EXPECT_EQ(y2025.recognised, 10);
  EXPECT_EQ(y2025.gap, 6);
  EXPECT_EQ(y2025.not_assessed, 34);
  EXPECT_EQ((*rows)[2].gap, 0);
  EXPECT_EQ((*rows)[3].recognised, 0);
  EXPECT_EQ((*rows)[3].gap, 32);
  EXPECT_EQ((*rows)[6].gap, 52);
  EXPECT_EQ((*rows)[6].review, "tổng kết Đề án");
}

TEST(Roadmap, TheTargetFollowsTheUnitsOfEachYear) {
  const Programme programme = BacNinhRoadmap();
  RoadmapInput input;
  for (int year = 2024; year <= 2030; ++year)
    input.units_by_year[year] = 52;
  input.units_by_year[2025] = 50;  // a reorganisation: 50 wards in 2025
  auto rows = ComputeRoadmap(programme, input);
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[1].units, 50);
  EXPECT_EQ((*rows)[1].target, 16);
}

TEST(Roadmap, RefusesInputsThatDoNotAddUp) {
  const Programme programme = BacNinhRoadmap();
  RoadmapInput input;
  for (int year = 2024; year <= 2029; ++year)
    input.units_by_year[year] = 52;
  auto missing = ComputeRoadmap(programme, input);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("2030"), std::string::npos);

  input.units_by_year[2030] = 3;
  AddStatuses(input, 2030, 2, 2, 0);
  auto too_many = ComputeRoadmap(programme, input);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("more statuses than units"), std::string::npos);

  input.statuses.clear();
  input.statuses.push_back({"BN-1", 2024, UnitYearStatus::kPassing});
  input.statuses.push_back({"BN-1", 2024, UnitYearStatus::kRecognised});
  auto twice = ComputeRoadmap(programme, input);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("BN-1"), std::string::npos);
}

}  // namespace
}  // namespace kieumau
