// Civil dates: parse and format, bad input, comparison, year ends, day steps.
#include "units/date.h"

#include <gtest/gtest.h>

#include <string>

namespace kieumau {
namespace {

TEST(Date, ParsesAndFormats) {
  Result<Date> date = Date::Parse("2025-07-01");
  ASSERT_TRUE(date) << date.error().message;
  EXPECT_EQ(date->year(), 2025);
  EXPECT_EQ(date->month(), 7);
  EXPECT_EQ(date->day(), 1);
  EXPECT_EQ(date->ToString(), "2025-07-01");
}

TEST(Date, LeapDay) {
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  Result<Date> not_leap = Date::Parse("2025-02-29");
  ASSERT_FALSE(not_leap);
  EXPECT_NE(not_leap.error().message.find("2025-02-29"), std::string::npos);
}

TEST(Date, RejectsBadText) {
  for (const char* text :
       {"", "2025-7-1", "2025/07/01", "20250701", "2025-13-01", "2025-00-10", "2025-04-31",
        "0000-01-01", "2025-07-01x", "abcd-ef-gh", " 2025-07-01"}) {
    Result<Date> date = Date::Parse(text);
    EXPECT_FALSE(date) << text;
    if (!date) {
      EXPECT_NE(date.error().message.find(text), std::string::npos) << text;
    }
  }
}

TEST(Date, MakeChecksTheDay) {
  EXPECT_TRUE(Date::Make(2025, 6, 30));
  Result<Date> bad = Date::Make(2025, 6, 31);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("2025-06-31"), std::string::npos);
  EXPECT_FALSE(Date::Make(10000, 1, 1));
}

TEST(Date, Compares) {
  const Date a = Date::Parse("2025-06-30").value();
  const Date b = Date::Parse("2025-07-01").value();
  EXPECT_LT(a, b);
  EXPECT_GT(b, a);
  EXPECT_EQ(a, Date::Parse("2025-06-30").value());
  EXPECT_NE(a, b);
  EXPECT_LT(Date::Parse("2024-12-31").value(), Date::Parse("2025-01-01").value());
}

TEST(Date, YearEndsAndSteps) {
  EXPECT_EQ(Date::LastDayOfYear(2024).ToString(), "2024-12-31");
  EXPECT_EQ(Date::FirstDayOfYear(2025).ToString(), "2025-01-01");
  EXPECT_EQ(Date::LastDayOfYear(2024).NextDay(), Date::FirstDayOfYear(2025));
  EXPECT_EQ(Date::FirstDayOfYear(2025).PreviousDay(), Date::LastDayOfYear(2024));
  EXPECT_EQ(Date::Parse("2024-02-28")->NextDay().ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("2025-07-01")->PreviousDay().ToString(), "2025-06-30");
}

}  // namespace
}  // namespace kieumau
