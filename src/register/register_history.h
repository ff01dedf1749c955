// The national register as the history of units: every province, district and commune the
// register knows from the end of 2024 on, and the dated events that made them what they are —
// the state of 1 November 2024, the changes of 1 January and 1 March 2025, the rearrangement of
// 1 July 2025 (provinces merged, the district level ended, communes redrawn) and the changes from
// then to the register's latest state (30 April 2026 in the shipped register: HEAD's
// effective_from in releases.csv). How each file becomes events is written in
// src/register/README.md.
//
// The events refer to units by ids 1..unit_count given here in the order the units come into
// being; whoever stores them maps those ids to the store's (WithUnitIds, units/events.h). Each
// event keeps the rows it came from (EventSource), so that whoever finds it wrong can name them.
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

// A row of the register's files: a name of kRegisterFileSpecs and a line (the header is line 1).
struct SourceRow {
  std::string_view file;
  int line = 0;

  bool operator==(const SourceRow&) const = default;
};

// The rows an event of the history came from.
struct EventSource {
  // The rows that state the event: a unit's row in the first state (for a province or district,
  // the first commune row naming it), the change row, the row giving a new name, kind or province
  // (a unit's row in the state that has it), a new province's row. Empty for the end of the
  // district level, which no row states, and for a rearrangement, whose parts have theirs below.
  std::vector<SourceRow> rows = {};
  // A rearrangement's parts, each the row that states it, parallel to RearrangeEvent::ending,
  // ::created and ::transfers: a removed commune's change row or the first lineage row naming an
  // old commune; an added commune's change row or a new unit's row of communes-2025-07-01.csv; a
  // predecessor change row or a lineage row.
  std::vector<SourceRow> ending = {};
  std::vector<SourceRow> created = {};
  std::vector<SourceRow> transfers = {};

  // Every row above, each once, in that order.
  std::vector<SourceRow> All() const;
};

struct RegisterHistory {
  std::vector<UnitEventValue> events;  // in date order, each date's in the order to apply them
  std::vector<EventSource> sources;    // where each event came from, parallel to `events`
  UnitId unit_count = 0;
  // The date of the register's latest state (communes-2025.csv, provinces-2025.csv): HEAD's
  // effective_from in releases.csv. The events dated before it are dated as the register dates
  // them; those on it are the differences between the state of 1 July 2025 and the latest state,
  // which the files do not date more finely.
  Date state_date;
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

// The release the latest state comes from: releases.csv's HEAD row (null without one).
const ReleaseRow* LatestRelease(const RegisterData& data);

}  // namespace kieumau::admin_register
