// A unit's value of an indicator for a year it may not have existed in, taken from the units it
// succeeded: what "the prior year" means for a ward formed by a merge.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "engine/catalogue.h"
#include "units/date.h"
#include "units/registry.h"

namespace kieumau {

// The value recorded for a unit and a year, or nothing. A recorded value describes the unit as it
// was at the end of that year (the territory it had on 31 December).
using RecordedValue = std::function<std::optional<double>(UnitId unit, int year)>;

// The value for `year` of the territory that `unit` had on `as_of` (a date after `year`), combining
// lineage by `rollup` where the unit's own record does not cover it. Only merges dated on or before
// `as_of` count. Exactly:
//  1. The unit existed on 31 December of `year`: its recorded value for `year` (nothing when none
//     is recorded), combined by `rollup` with the value for `year` of every unit merged into it
//     after that day (those were separate units through the end of `year`; units it absorbed
//     during `year` are already in its year-end record). With nothing merged in after the
//     year, `rollup` is not used.
//  2. Otherwise, when the unit has a value recorded for `year` (entered afterwards for its
//     territory), that.
//  3. Otherwise, a unit formed by a merge: the values for `year` of all the units merged into it
//     (each by these same rules, so through any depth of lineage: the predecessors that existed
//     during `year` and ended into this unit, directly or through units that no longer exist),
//     combined by `rollup`.
//     A unit formed by a rearrangement wholly from whole units, by certain links, takes their
//     values the same way (one source is enough).
//  4. Otherwise nothing: a unit created from nothing, a part of a split, a unit formed by a
//     rearrangement with a part of another unit or through a link the data only infers — a part
//     cannot take its share of the divided unit's count, so without its own record (restated
//     figures for its territory) it has no value for the years before it.
// Rule 1 gives nothing too when, after the year, the unit received a part of another unit or a
// unit through an inferred link, or gave a part of itself away: its territory changed by an
// amount nobody knows.
// Nothing ("no value", never a silent zero) also when `rollup` is none and values would have to be
// combined, when any part lacks its value, and for an unknown unit. Sum adds the parts; min and max
// take the smallest and the largest.
//
// With `trace`, also how: every unit whose recorded value was used and, when there is no value,
// every reason met (a gap) — what a scorecard says of its prior-year values.
enum class GapKind {
  kNoRecord,       // `unit` has no value recorded for the year
  kPart,           // `unit` took in part of `other` after the year: only figures restated for
                   // its territory can tell
  kPartGiven,      // `unit` gave part of itself to `other` after the year and lives on: likewise
  kUncertain,      // the link from `other` into `unit` is only inferred: until someone confirms
                   // it, only restated figures can tell
  kNotCombinable,  // several units' values would have to be combined and the indicator has no
                   // rollup
  kNoPredecessor,  // `unit` came into being from nothing or from a split, after the year
};
struct Gap {
  GapKind kind = GapKind::kNoRecord;
  UnitId unit = 0;
  UnitId other = 0;  // kPart, kUncertain: the unit at the link's other end
  bool operator==(const Gap&) const = default;
};
struct ValueTrace {
  std::vector<UnitId> used;  // units whose recorded value was used, in the order met
  std::vector<Gap> gaps;     // when there is no value: why
};
std::optional<double> ValueForYear(const UnitRegistry& registry, UnitId unit, int year, Date as_of,
                                   Rollup rollup, const RecordedValue& recorded,
                                   ValueTrace* trace = nullptr);

// The prior-year value of `unit` in `year`'s judgement: the value for `year - 1` of the territory
// the unit had at the end of `year`, i.e. ValueForYear(registry, unit, year - 1, 31 December of
// `year`, …).
std::optional<double> PriorYearValue(const UnitRegistry& registry, UnitId unit, int year,
                                     Rollup rollup, const RecordedValue& recorded,
                                     ValueTrace* trace = nullptr);

}  // namespace kieumau
