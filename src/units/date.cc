#include "units/date.h"

#include <fmt/format.h>

#include <chrono>

namespace kieumau {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

std::chrono::year_month_day ToYmd(const Date& date) {
  return std::chrono::year_month_day{std::chrono::year{date.year()},
                                     std::chrono::month{static_cast<unsigned>(date.month())},
                                     std::chrono::day{static_cast<unsigned>(date.day())}};
}

}  // namespace

Result<Date> Date::Make(int year, int month, int day) {
  const bool in_range =
      year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  if (!in_range || !ToYmd(Date(year, month, day)).ok()) {
    return Error{
        fmt::format("ngày {:04}-{:02}-{:02} không có thật (no such date)", year, month, day)};
  }
  return Date(year, month, day);
}

Result<Date> Date::Parse(std::string_view text) {
  auto fail = [&]() {
    return Error{fmt::format(
        "ngày \"{}\" không hợp lệ, cần dạng YYYY-MM-DD (date must be YYYY-MM-DD)", text)};
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail();
  auto number = [&](size_t from, size_t length, int* out) {
    int value = 0;
    for (size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  if (!number(0, 4, &year) || !number(5, 2, &month) || !number(8, 2, &day)) return fail();
  Result<Date> date = Make(year, month, day);
  if (!date) {
    return Error{fmt::format("ngày \"{}\" không có thật (no such date)", text)};
  }
  return date;
}

Date Date::FirstDayOfYear(int year) {
  return Date(year, 1, 1);
}

Date Date::LastDayOfYear(int year) {
  return Date(year, 12, 31);
}

Date Date::NextDay() const {
  if (*this == LastDayOfYear(kMaxYear)) return *this;
  const std::chrono::year_month_day next{std::chrono::sys_days{ToYmd(*this)} +
                                         std::chrono::days{1}};
  return Date(static_cast<int>(next.year()), static_cast<int>(static_cast<unsigned>(next.month())),
              static_cast<int>(static_cast<unsigned>(next.day())));
}

Date Date::PreviousDay() const {
  if (*this == Date()) return *this;
  const std::chrono::year_month_day prev{std::chrono::sys_days{ToYmd(*this)} -
                                         std::chrono::days{1}};
  return Date(static_cast<int>(prev.year()), static_cast<int>(static_cast<unsigned>(prev.month())),
              static_cast<int>(static_cast<unsigned>(prev.day())));
}

std::string Date::ToString() const {
  return fmt::format("{:04}-{:02}-{:02}", year_, month_, day_);
}

}  // namespace kieumau
