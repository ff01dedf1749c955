// Intervals of bands and tiers (RUBRIC-FORMAT.md §3): "[a,b]", "(a,b]", "[a,b)", "(a,b)", "[a,)",
// "(a,)".
#pragma once

#include <string>
#include <string_view>

#include "engine/result.h"

namespace kieumau {

struct Interval {
  double lo = 0;
  double hi = 0;
  bool lo_closed = true;
  bool hi_closed = true;
  bool unbounded = false;  // no upper bound
  std::string text;        // as written in the rubric

  static Result<Interval> Parse(std::string_view text);
  bool Contains(double value) const;
};

// Whether some value lies in both intervals.
bool Overlaps(const Interval& a, const Interval& b);
// Whether values lie strictly between `lower` and `upper` (lower ends first) that neither holds;
// with `whole_numbers_only`, only a whole number counts as such a value.
bool HasGapBetween(const Interval& lower, const Interval& upper, bool whole_numbers_only);

}  // namespace kieumau
