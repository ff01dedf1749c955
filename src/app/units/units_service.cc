#include "app/units/units_service.h"

#include <algorithm>
#include <tuple>

#include "register/register_apply.h"
#include "register/register_data.h"
#include "register/register_files.h"
#include "text/fold.h"
#include "text/search_query.h"

namespace kieumau::app {

namespace {

UnitSummary Summary(const UnitState& state, const UnitRegistry& registry) {
  UnitSummary summary;
  summary.id = state.id;
  summary.code = state.code;
  summary.name = state.name;
  summary.level = state.level;
  summary.kind = state.kind;
  if (state.parent) {
    if (const Unit* parent = registry.Find(*state.parent)) summary.parent_code = parent->code;
  }
  summary.population = state.population;
  summary.area_m2 = state.area_m2;
  return summary;
}

std::vector<UnitName> Names(const World& world, const std::vector<UnitId>& ids, Date date) {
  std::vector<UnitName> names;
  for (UnitId id : ids)
    names.push_back({world.registry().Find(id)->code, world.Name(id, date)});
  return names;
}

// The day the lineage's new units came into being.
constexpr Date kLineageDate = Date::Known(2025, 7, 1);

struct UnmatchedName {
  std::string new_code, new_name, province;
  UnresolvedName name;
};

// The names of the built-in register's merger texts left unresolved, read once.
const std::vector<UnmatchedName>& BuiltinUnresolved() {
  static const std::vector<UnmatchedName>* names = [] {
    auto* out = new std::vector<UnmatchedName>;
    Result<admin_register::RegisterData, admin_register::RegisterProblems> data =
        admin_register::ParseRegister(admin_register::BuiltinRegisterFiles());
    if (!data) return out;
    for (const admin_register::UnmatchedRow& row : data->lineage_unmatched) {
      if (row.resolved_code) continue;
      out->push_back(
          {std::string(row.new_code),
           std::string(row.new_name),
           std::string(row.province_code),
           {std::string(row.item), std::string(row.reason), std::string(row.candidates)}});
    }
    return out;
  }();
  return *names;
}

}  // namespace

ProblemOr<RegisterView> UnitsService::Register() {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  RegisterView view;
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<std::optional<std::string>> release =
      store->GetSetting(admin_register::kRegisterSetting);
  if (!release) return FromStore(release.error());
  view.release = release->value_or("");
  for (const UnmatchedName& row : BuiltinUnresolved()) {
    RegisterView::Entry entry{std::nullopt, row.new_code, row.new_name, row.province, row.name};
    if (ProblemOr<UnitId> unit = (*world)->UnitOn(row.new_code, kLineageDate, Level::kCommune))
      entry.unit = *unit;
    view.unresolved.push_back(std::move(entry));
  }
  return view;
}

ProblemOr<UnitList> UnitsService::List(const UnitsQuery& query, const Scope& scope) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  const Date as_of = query.as_of ? *query.as_of : context_.Today();
  const UnitRegistry& registry = (*world)->registry();
  std::optional<UnitId> root;
  if (!query.within.empty()) {
    ProblemOr<UnitId> found = (*world)->UnitOn(query.within, as_of, std::nullopt, &scope);
    if (!found) return found.error();
    root = *found;
  }
  const text::SearchQuery search(query.q);
  std::vector<std::pair<text::SearchRank, UnitSummary>> found;
  // Under a unit: only its descendants are looked at; else every unit.
  std::vector<UnitId> candidates;
  if (root) {
    candidates = registry.Descendants(*root, as_of);
    candidates.push_back(*root);
  } else {
    candidates.reserve(registry.units().size());
    for (const auto& [id, unit] : registry.units())
      candidates.push_back(id);
  }
  for (UnitId id : candidates) {
    const Unit& unit = *registry.Find(id);
    if (!unit.ExistsOn(as_of)) continue;
    if (query.level && unit.level != *query.level) continue;
    if (!scope.nation() && !scope.Covers(registry, id)) continue;
    std::optional<text::SearchRank> rank;
    if (!search.empty()) {
      // The code and the name as of the date, each a candidate: the better match counts.
      rank = search.Rank((*world)->FoldedCode(id));
      if (std::optional<text::SearchRank> by_name = search.Rank((*world)->FoldedName(id, as_of));
          by_name && (!rank || *by_name < *rank))
        rank = by_name;
      if (!rank) continue;
    }
    Result<UnitState> state = registry.StateAt(id, as_of);
    if (!state) continue;
    if (query.kind && state->kind != query.kind) continue;
    found.emplace_back(rank.value_or(text::SearchRank{}), Summary(*state, registry));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.code) < std::tie(b.first, b.second.code);
  });
  UnitList list{as_of, {}};
  list.units.reserve(found.size());
  for (auto& [rank, summary] : found)
    list.units.push_back(std::move(summary));
  return list;
}

ProblemOr<UnitDetail> UnitsService::Get(std::string_view code, std::optional<Date> as_of_given,
                                        const Scope& scope) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  const Date as_of = as_of_given ? *as_of_given : context_.Today();
  ProblemOr<const Unit*> found = (*world)->UnitMeant(code, as_of, &scope);
  if (!found) return found.error();
  const Unit& unit = **found;
  const UnitRegistry& registry = (*world)->registry();
  UnitDetail detail;
  detail.id = unit.id;
  detail.code = unit.code;
  detail.level = unit.level;
  detail.from = unit.from;
  detail.to = unit.to;
  detail.as_of = as_of;
  detail.exists = unit.ExistsOn(as_of);
  if (detail.exists) {
    if (Result<UnitState> state = registry.StateAt(unit.id, as_of); state)
      detail.state = Summary(*state, registry);
    if (Result<std::vector<UnitId>> ids = registry.Path(unit.id, as_of); ids)
      detail.path = Names(**world, *ids, as_of);
    if (Result<std::vector<UnitId>> ids = registry.Children(unit.id, as_of); ids)
      detail.children = Names(**world, *ids, as_of);
  }
  auto lineage = [&](const std::vector<LineageLink>& links, bool predecessors) {
    std::vector<LineageEntry> entries;
    for (const LineageLink& link : links) {
      const UnitId other = predecessors ? link.from : link.to;
      const Unit* other_unit = registry.Find(other);
      // The other unit's name on the last day it had before the link (or the first after).
      const Date named = predecessors ? link.date.PreviousDay() : link.date;
      LineageEntry entry{other,
                         other_unit ? other_unit->code : "",
                         (*world)->Name(other, named),
                         link.date,
                         link.kind,
                         link.share,
                         link.certain,
                         link.basis,
                         std::nullopt,
                         ""};
      if (const LinkConfirmationRecord* confirmed = (*world)->Confirmation(link.from, link.to)) {
        entry.confirmation = *confirmed;
        entry.confirmed_by = std::string((*world)->ConfirmerName(confirmed->actor));
      }
      entries.push_back(std::move(entry));
    }
    return entries;
  };
  detail.predecessors = lineage(unit.predecessors, true);
  detail.successors = lineage(unit.successors, false);
  detail.names = unit.name.periods();
  if (unit.level == Level::kCommune && unit.from == kLineageDate) {
    for (const UnmatchedName& row : BuiltinUnresolved())
      if (row.new_code == unit.code) detail.unresolved.push_back(row.name);
  }
  return detail;
}

}  // namespace kieumau::app
