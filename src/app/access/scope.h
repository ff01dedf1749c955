// Who may do what where (issue 10 part 3): what each role permits, and the part of the country a
// signed-in user's grants cover for one permission. Pure: grants and the registry in, answers out.
//
// A grant is a role over a unit's subtree, referring to the unit by id. A unit is in the subtree of
// a grant's unit when it is that unit or was, on some date, below it (its parent, or its parent's
// parent, … on that date). So a grant survives a reorganisation without growing: a grant on a ward
// that merged into a new ward covers the ended ward and its history, never the new ward (which was
// never below it), and a grant on a province that ended covers the units that were in it while it
// existed, not those of the province that replaced it.
//
// A grant reaches back, never forward: but for entering facts, it also covers the units its unit
// was formed from (transitively) and their subtrees, since its scorecards read their prior years, a
// province's roadmap their history (the merged Bắc Ninh, code 24 from 1 July 2025, reads old Bắc
// Ninh's and old Bắc Giang's wards), restating means confirming the links of that lineage, and the
// accounts left on those ended units are the new province's administrator's to re-point. Entering
// facts stays on the granted subtree.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/account_store.h"
#include "units/registry.h"

namespace kieumau::app {

// What a route needs. Each role permits some of them (RoleAllows).
enum class Permission {
  kRead,              // units, facts, scorecards, programmes and roadmaps within the scope
  kEnterFacts,        // set, erase and import facts of units within the scope
  kRestate,           // restated prior-year values and confirming inferred links
  kManageProgrammes,  // programmes and their recognitions
  kManageAccounts,    // users and grants within the scope
  kReadAudit,         // the audit trail of the scope
};
// "read", "enter_facts", "restate", "manage_programmes", "manage_accounts", "read_audit".
std::string_view PermissionKey(Permission permission);

// Whether `role` permits `permission` (over its grant's subtree):
//   officer        read, enter facts
//   appraiser      read
//   province_admin read, enter facts, restate, manage programmes, manage accounts, read audit
//   national_admin everything
//   viewer         read
//   auditor        read, read audit
bool RoleAllows(Role role, Permission permission);

// The units a caller may act on for one permission: nothing, the whole country, or the subtrees of
// some units.
class Scope {
 public:
  static Scope None() { return Scope(false, {}); }
  static Scope Nation() { return Scope(true, {}); }
  // The subtrees of `roots`; with `with_predecessors`, also those of every unit they were formed
  // from.
  static Scope Of(std::vector<UnitId> roots, const UnitRegistry& registry,
                  bool with_predecessors = false);

  bool nation() const { return nation_; }
  bool empty() const { return !nation_ && roots_.empty(); }
  // The granted units (empty for the nation), ascending.
  const std::vector<UnitId>& roots() const { return roots_; }

  // Whether `unit` is a root or was, on some date, below one (see the header's comment). False for
  // an unknown unit (unless the scope is the nation).
  bool Covers(const UnitRegistry& registry, UnitId unit) const;
  // Whether it covers every unit `other` covers.
  bool Includes(const UnitRegistry& registry, const Scope& other) const;

 private:
  Scope(bool nation, std::vector<UnitId> roots) : nation_(nation), roots_(std::move(roots)) {}
  bool nation_ = false;
  std::vector<UnitId> roots_;
  std::vector<UnitId> reach_;  // the roots and, when reading, their predecessors; ascending
};

// The scope `grants` give for `permission`: the nation when a grant of a role permitting it has no
// unit, else the units of those grants (reaching back to their predecessors for every permission
// but kEnterFacts).
Scope ScopeFor(const std::vector<GrantRecord>& grants, Permission permission,
               const UnitRegistry& registry);

// Whether `unit` was, on some date in [from, to) (to empty: open), `ancestor` itself or below it.
bool WasWithin(const UnitRegistry& registry, UnitId unit, UnitId ancestor, Date from,
               std::optional<Date> to);

}  // namespace kieumau::app
