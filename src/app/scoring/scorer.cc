#include "app/scoring/scorer.h"

#include <algorithm>

#include "load/result_writer.h"
#include "units/rollup.h"

namespace kieumau::app {

std::vector<double> PriorValues(const World& world, const Catalogue& catalogue, UnitId unit,
                                int year, const YearFacts& prior) {
  // The unit's own record when it existed through the prior year and took no other unit in since;
  // otherwise the lineage rule of units/rollup.h, indicator by indicator.
  const size_t slots = static_cast<size_t>(catalogue.size());
  const Unit* found = world.registry().Find(unit);
  const std::vector<double>* own = prior.Find(unit);
  if (found->predecessors.empty() && found->ExistsOn(Date::LastDayOfYear(year - 1))) {
    if (own != nullptr) return *own;
    return std::vector<double>(slots, kMissing);
  }
  std::vector<double> values(slots, kMissing);
  for (size_t slot = 0; slot < slots; ++slot) {
    const RecordedValue recorded = [&](UnitId other, int y) -> std::optional<double> {
      if (y != year - 1) return std::nullopt;
      const std::vector<double>* row = prior.Find(other);
      if (row == nullptr || IsMissing((*row)[slot])) return std::nullopt;
      return (*row)[slot];
    };
    std::optional<double> value = PriorYearValue(
        world.registry(), unit, year, catalogue.at(static_cast<int>(slot)).rollup, recorded);
    if (value) values[slot] = *value;
  }
  return values;
}

ProblemOr<std::vector<ScoredUnit>> ScoreUnits(const World& world, const Catalogue& catalogue,
                                              const Rubric& rubric, std::span<const UnitId> units,
                                              int year, const YearFacts& current,
                                              const YearFacts& prior, bool reasons) {
  const Date end = Date::LastDayOfYear(year);
  const size_t slots = static_cast<size_t>(catalogue.size());
  std::vector<ScoredUnit> scored(units.size());
  ScoreOptions options;
  options.reasons = reasons;
  for (size_t i = 0; i < units.size(); ++i) {
    const UnitId unit = units[i];
    ScoredUnit& s = scored[i];
    s.unit = unit;
    Result<UnitState> state = world.registry().StateAt(unit, end);
    if (!state) return FromError(state.error());
    if (!state->kind || !rubric.AppliesTo(*state->kind))
      return WrongKind(rubric, state->name, state->kind);
    s.facts.code = state->code;
    s.facts.name = state->name;
    s.facts.kind = *state->kind;
    const std::vector<double>* row = current.Find(unit);
    s.has_facts = row != nullptr;
    if (row != nullptr) {
      s.facts.current = *row;
    } else {
      s.facts.current.assign(slots, kMissing);
    }
    s.facts.prior = PriorValues(world, catalogue, unit, year, prior);
    s.facts.manual.assign(rubric.items.size(), kMissing);
    ScoreUnitInto(rubric, catalogue, s.facts, s.result, options);
    if (reasons)
      s.prior_sources =
          TracePriorSources(world, catalogue, rubric, unit, s.facts.kind, year, prior);
  }
  return scored;
}

ProblemOr<std::vector<UnitId>> JudgedUnits(const World& world, const Rubric& rubric,
                                           UnitId province, int year) {
  const Date end = Date::LastDayOfYear(year);
  Result<std::vector<UnitId>> communes = world.UnitsOf(province, std::nullopt, end);
  if (!communes) return FromError(communes.error());
  std::vector<UnitId> units;
  for (UnitId id : *communes) {
    Result<UnitState> state = world.registry().StateAt(id, end);
    if (state && state->kind && rubric.AppliesTo(*state->kind)) units.push_back(id);
  }
  return units;
}

void AppendStoredResultJson(const Rubric& rubric, const Catalogue& catalogue,
                            const ScoredUnit& scored, bool first, std::string& out) {
  WriteUnitJson(rubric, scored.facts, scored.result, first, out);
  out.pop_back();  // the closing brace
  out += ", \"prior_sources\": ";
  AppendPriorSourcesJson(catalogue, scored.prior_sources, out);
  out += '}';
}

std::string StoredResultJson(const Rubric& rubric, const Catalogue& catalogue,
                             const ScoredUnit& scored) {
  std::string out;
  AppendStoredResultJson(rubric, catalogue, scored, /*first=*/true, out);
  return out;
}

}  // namespace kieumau::app
