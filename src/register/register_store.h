// The national register's history written into a store that has no units yet: every unit (its
// latest state) and every event, with the ids the store gives, in one unit of work.
#pragma once

#include <map>

#include "register/register_history.h"
#include "store/store.h"
#include "units/registry.h"

namespace kieumau::admin_register {

struct StoredRegister {
  // The history applied, by the history's own ids (1..unit_count).
  UnitRegistry registry;
  // The store's id of each unit, by the history's id.
  std::map<UnitId, UnitId> store_ids;
  // What the "register" setting says of it (RegisterReleaseText).
  std::string release;
};

// The register built into the program, parsed, made into its history and checked by applying it.
// An error names what is wrong (file, line, unit).
Result<StoredRegister> BuiltinRegister(RegisterHistory* history = nullptr);

// Writes `applied`'s units and the events of `history` into `store`, in the caller's unit of work
// (Store::InTransaction), and fills applied.store_ids. The store should have no units.
StoreStatus WriteRegister(Store& store, const RegisterHistory& history, StoredRegister& applied);

// A unit's record as it was last (an ended unit as it was on its last day).
UnitRecord LatestRecord(const Unit& unit);

}  // namespace kieumau::admin_register
