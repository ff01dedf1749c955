#include "app/access/scope.h"

#include <algorithm>

namespace kieumau::app {

std::string_view PermissionKey(Permission permission) {
  switch (permission) {
    case Permission::kRead:
      return "read";
    case Permission::kEnterFacts:
      return "enter_facts";
    case Permission::kRestate:
      return "restate";
    case Permission::kManageProgrammes:
      return "manage_programmes";
    case Permission::kManageAccounts:
      return "manage_accounts";
    case Permission::kReadAudit:
      return "read_audit";
  }
  return "?";
}

bool RoleAllows(Role role, Permission permission) {
  switch (role) {
    case Role::kNationalAdmin:
    case Role::kProvinceAdmin:
      return true;
    case Role::kOfficer:
      return permission == Permission::kRead || permission == Permission::kEnterFacts;
    case Role::kAppraiser:
    case Role::kViewer:
      return permission == Permission::kRead;
    case Role::kAuditor:
      return permission == Permission::kRead || permission == Permission::kReadAudit;
  }
  return false;
}

namespace {

void SortUnique(std::vector<UnitId>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Scope Scope::Of(std::vector<UnitId> roots, const UnitRegistry& registry, bool with_predecessors) {
  SortUnique(roots);
  Scope scope(false, roots);
  scope.reach_ = roots;
  if (with_predecessors) {
    for (UnitId root : roots)
      for (UnitId earlier : registry.AllPredecessors(root))
        scope.reach_.push_back(earlier);
    SortUnique(scope.reach_);
  }
  return scope;
}

namespace {

// Whether the spans [a_from, a_to) and [b_from, b_to) (an empty end: open) share a day; the shared
// span in `from`, `to`.
bool Overlap(Date a_from, std::optional<Date> a_to, Date b_from, std::optional<Date> b_to,
             Date& from, std::optional<Date>& to) {
  from = std::max(a_from, b_from);
  if (!a_to) {
    to = b_to;
  } else if (!b_to) {
    to = a_to;
  } else {
    to = std::min(*a_to, *b_to);
  }
  return !to || from < *to;
}

// The hierarchy has at most four levels; the depth bound only guards against a cycle in bad data.
bool WithinAtDepth(const UnitRegistry& registry, UnitId unit, UnitId ancestor, Date from,
                   std::optional<Date> to, int depth) {
  if (unit == ancestor) return true;
  if (depth > 8) return false;
  const Unit* found = registry.Find(unit);
  if (found == nullptr) return false;
  for (const Dated<std::optional<UnitId>>& period : found->parent.periods()) {
    if (!period.value) continue;
    Date shared_from;
    std::optional<Date> shared_to;
    if (!Overlap(period.from, period.to, from, to, shared_from, shared_to)) continue;
    if (WithinAtDepth(registry, *period.value, ancestor, shared_from, shared_to, depth + 1))
      return true;
  }
  return false;
}

}  // namespace

bool WasWithin(const UnitRegistry& registry, UnitId unit, UnitId ancestor, Date from,
               std::optional<Date> to) {
  return WithinAtDepth(registry, unit, ancestor, from, to, 0);
}

bool Scope::Covers(const UnitRegistry& registry, UnitId unit) const {
  if (nation_) return true;
  if (std::binary_search(reach_.begin(), reach_.end(), unit)) return true;
  const Unit* found = registry.Find(unit);
  if (found == nullptr) return false;
  for (UnitId root : reach_)
    if (WasWithin(registry, unit, root, found->from, found->to)) return true;
  return false;
}

bool Scope::Includes(const UnitRegistry& registry, const Scope& other) const {
  if (nation_) return true;
  if (other.nation_) return false;
  return std::all_of(other.roots_.begin(), other.roots_.end(),
                     [&](UnitId root) { return Covers(registry, root); });
}

Scope ScopeFor(const std::vector<GrantRecord>& grants, Permission permission,
               const UnitRegistry& registry) {
  std::vector<UnitId> roots;
  for (const GrantRecord& grant : grants) {
    if (!RoleAllows(grant.role, permission)) continue;
    if (!grant.unit_id) return Scope::Nation();
    roots.push_back(*grant.unit_id);
  }
  return Scope::Of(std::move(roots), registry, permission != Permission::kEnterFacts);
}

}  // namespace kieumau::app
