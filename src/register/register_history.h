// The national register as the history of units: every province, district and commune the
// register knows from the end of 2024 on, and the dated events that made them what they are —
// the state of 1 November 2024, the changes of 1 January and 1 March 2025, the rearrangement of
// 1 July 2025 (provinces merged, the district level ended, communes redrawn) and the changes of
// 30 April 2026. How each file becomes events is written in src/register/README.md.
//
// The events refer to units by ids 1..unit_count given here in the order the units come into
// being; whoever stores them maps those ids to the store's (RemapUnitIds, units/events.h).
#pragma once

#include <string>
#include <vector>

#include "engine/result.h"
#include "register/register_data.h"
#include "units/events.h"

namespace kieumau::admin_register {

// The register's first state (1 November 2024) is recorded as existing from this date: the data
// has nothing earlier, and facts of earlier years (a 2023 baseline) need their units.
inline constexpr Date kRegisterStart = Date::Known(2020, 1, 1);
inline constexpr Date kEarly2025First = Date::Known(2025, 1, 1);
inline constexpr Date kEarly2025Second = Date::Known(2025, 3, 1);
inline constexpr Date kReform2025 = Date::Known(2025, 7, 1);
inline constexpr Date kChanges2026 = Date::Known(2026, 4, 30);

struct RegisterHistory {
  std::vector<UnitEventValue> events;  // in date order, each date's in the order to apply them
  UnitId unit_count = 0;
  // Names of the merger texts the lineage could not resolve (lineage-unmatched.csv rows without a
  // resolved code): listed for people, never guessed.
  std::vector<UnmatchedRow> unresolved;
  // What the data holds that is not history, left out and counted here for people: codes that
  // exist only in one upstream release (artefacts), links that name no unit ending that day.
  std::vector<std::string> notes;
};

// The history, checked as it is built against the register's own snapshots (the state built from
// the changes must be the state the register lists on 1 March 2025, and every new unit of
// 1 July 2025 must be listed). An error names the file, line and unit at fault.
Result<RegisterHistory> BuildRegisterHistory(const RegisterData& data);

}  // namespace kieumau::admin_register
