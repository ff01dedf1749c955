// A civil date (year, month, day) without time or zone: the "as of" of every question about units,
// always passed in by the caller (the units part never reads the clock).
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace kieumau {

class Date {
 public:
  // 0001-01-01, the earliest date; use Make or Parse for any other.
  constexpr Date() = default;

  // The date, or an error naming it when it is not a real day of the years 1..9999.
  static Result<Date> Make(int year, int month, int day);
  // "YYYY-MM-DD" exactly (four-digit year, two-digit month and day); an error quoting `text`
  // otherwise.
  static Result<Date> Parse(std::string_view text);
  // A date written in the program, known to be real: not checked.
  static constexpr Date Known(int year, int month, int day) { return Date(year, month, day); }
  static Date FirstDayOfYear(int year);  // `year` in 1..9999
  static Date LastDayOfYear(int year);   // `year` in 1..9999

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }

  Date NextDay() const;          // the same date on 9999-12-31
  Date PreviousDay() const;      // the same date on 0001-01-01
  std::string ToString() const;  // "YYYY-MM-DD"

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  constexpr Date(int year, int month, int day) : year_(year), month_(month), day_(day) {}

  int year_ = 1;
  int month_ = 1;
  int day_ = 1;
};

}  // namespace kieumau
