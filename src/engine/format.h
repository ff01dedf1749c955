// Numbers written for people reading Vietnamese: a decimal comma, no trailing zeros ("1,5",
// "95,24").
#pragma once

#include <fmt/format.h>

#include <string>

#include "engine/points.h"

namespace kieumau {

// Appends `value` rounded to at most two decimals, with a decimal comma.
void AppendNumberVi(std::string& out, double value);
std::string FormatNumberVi(double value);
// Points as "1,5" or "0,25".
void AppendPointsVi(std::string& out, Points points);
std::string FormatPointsVi(Points points);
// Points written at `at`, which has room for 24 bytes, with `mark` before the fraction: "1,5" and
// "0,25" with ',', "1.5" with '.' (JSON); returns the end.
char* PutPoints(char* at, Points points, char mark);
// Appends points as "1,5/2".
void AppendScoreVi(std::string& out, Points points, Points max);
std::string FormatScoreVi(Points points, Points max);

// A number to be formatted the Vietnamese way inside fmt::format: fmt::format("{}", Vi{1.5}) ==
// "1,5".
struct Vi {
  double value;
};

}  // namespace kieumau

template <>
struct fmt::formatter<kieumau::Vi> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(kieumau::Vi number, FormatContext& ctx) const {
    std::string text;
    kieumau::AppendNumberVi(text, number.value);
    return fmt::formatter<std::string_view>::format(text, ctx);
  }
};
