// Numbers written for people reading Vietnamese: a decimal comma, no trailing zeros ("1,5",
// "95,24").
#pragma once

#include <string>

#include "engine/points.h"

namespace kieumau {

// `value` rounded to at most two decimals, with a decimal comma.
std::string FormatNumberVi(double value);
// Points as "1,5" or "0,25".
std::string FormatPointsVi(Points points);
// Points as "1,5/2".
std::string FormatScoreVi(Points points, Points max);

}  // namespace kieumau
