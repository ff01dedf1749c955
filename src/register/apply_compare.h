// What register_apply.cc compares with: the register's history and the stored one, in the store's
// ids, and the problems that name the rows at fault when they disagree. Not part of the public API.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "register/register_history.h"
#include "units/registry.h"

namespace kieumau::admin_register::internal {

// How a unit is named in a message: đơn vị <code> "<name>".
using DescribeUnit = std::function<std::string(UnitId id)>;

// `event` as a text that is the same for two events exactly when they say the same thing: its date,
// kind and payload, the lists that are sets (merged units, a rearrangement's parts) sorted.
std::string EventIdentity(UnitEventValue event);

// The units an event is about: the unit renamed, the units merged, every unit of a rearrangement…
std::vector<UnitId> EventSubjects(const UnitEventValue& event);

// For people: "đổi tên (rename) ngày 2026-04-30, đơn vị 01 "…"".
std::string DescribeEvent(const UnitEventValue& event, const DescribeUnit& describe);

// Applies `events` to `registry` one by one, in their order (dates must not go back); stops at the
// first that does not apply and reports it at the rows it came from (for a rearrangement, the rows
// of the parts naming the unit the registry's message names). Whether all applied.
bool ApplyEach(UnitRegistry& registry, std::span<const UnitEventValue> events,
               std::span<const EventSource> sources, RegisterProblems& problems);

// Problems for an event of the register (`fresh`, from `source`) and a stored event (`stored`) of
// the same date and kind about the same units, which differ: each part that differs, at its row
// and column. `level_of` gives a unit's level.
void ReportDifference(const UnitEventValue& fresh, const EventSource& source,
                      const UnitEventValue& stored, const DescribeUnit& describe,
                      const std::function<Level(UnitId)>& level_of, RegisterProblems& problems);

// A problem for an event of the register the stored history lacks although it covers its date.
void ReportUnstored(const UnitEventValue& fresh, const EventSource& source,
                    const DescribeUnit& describe, Date stored_until, RegisterProblems& problems);

// A problem for an event of the latest state that the stored state of that date contradicts.
void ReportStateDifference(const UnitEventValue& fresh, const EventSource& source,
                           const UnitRegistry& stored, const DescribeUnit& describe,
                           RegisterProblems& problems);

}  // namespace kieumau::admin_register::internal
