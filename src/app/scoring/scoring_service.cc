#include "app/scoring/scoring_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace kieumau::app {

namespace {

std::vector<UnitYear> InputsOf(const World& world, std::span<const UnitId> units, int year) {
  std::vector<UnitYear> inputs;
  for (UnitId unit : units) {
    std::vector<UnitYear> more = world.ScorecardInputs(unit, year);
    inputs.insert(inputs.end(), more.begin(), more.end());
  }
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return inputs;
}

}  // namespace

ProblemOr<JudgedProvince> JudgeProvince(Context& context, std::string_view code, int year,
                                        std::string_view rubric_id, const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  JudgedProvince judged;
  ProblemOr<const RubricRef*> ref = context.rubrics().Get(rubric_id);
  if (!ref) return ref.error();
  judged.rubric = *ref;
  ProblemOr<std::shared_ptr<const World>> world = context.GetWorld();
  if (!world) return world.error();
  judged.world = *world;
  ProblemOr<UnitId> province = judged.world->UnitAtYearEnd(code, year, Level::kProvince, &scope);
  if (!province) return province.error();
  judged.province = *province;
  ProblemOr<std::vector<UnitId>> units =
      JudgedUnits(*judged.world, *judged.rubric->rubric, *province, year);
  if (!units) return units.error();
  judged.units = std::move(*units);
  return judged;
}

ProblemOr<std::vector<ScoredUnit>> ScoringService::ScoreAndStore(const World& world,
                                                                 const RubricRef& ref,
                                                                 std::span<const UnitId> units,
                                                                 int year) {
  const std::vector<UnitYear> inputs = InputsOf(world, units, year);
  return context_.InTransaction<std::vector<ScoredUnit>>(
      [&](Store& store) -> ProblemOr<std::vector<ScoredUnit>> {
        if (StoreStatus locked = store.LockUnitYears(inputs); !locked)
          return FromStore(locked.error());
        ProblemOr<std::map<int, std::shared_ptr<YearFacts>>> fresh =
            ReadUnitYears(store, context_.catalogue(), inputs);
        if (!fresh) return fresh.error();
        context_.Hook("scoring.locked");
        ProblemOr<std::vector<ScoredUnit>> scored =
            ScoreUnits(world, context_.catalogue(), *ref.rubric, units, year, YearIn(*fresh, year),
                       YearIn(*fresh, year - 1), /*reasons=*/true);
        if (!scored) return scored;
        std::vector<ScorecardRecord> records;
        const Timestamp at = context_.Now();
        for (const ScoredUnit& unit : *scored)
          records.push_back({unit.unit, year, ref.rubric->id, ref.hash,
                             StoredResultJson(*ref.rubric, context_.catalogue(), unit), at});
        if (StoreStatus put = store.PutScorecards(records); !put) return FromStore(put.error());
        return scored;
      });
}

ProblemOr<Scorecard> ScoringService::UnitScorecard(std::string_view code, int year,
                                                   std::string_view rubric_id, const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<const RubricRef*> ref = context_.rubrics().Get(rubric_id);
  if (!ref) return ref.error();
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<UnitId> unit = (*world)->UnitAtYearEnd(code, year, std::nullopt, &scope);
  if (!unit) return unit.error();
  {
    StorePool::Lease store = context_.pool().Acquire();
    StoreResult<ScorecardRecord> stored = store->GetScorecard(*unit, year, rubric_id);
    if (stored && stored->rubric_hash == (*ref)->hash)
      return Scorecard{std::string(code),   year,
                       stored->rubric_id,   stored->rubric_hash,
                       stored->computed_at, std::move(stored->result_json)};
    if (!stored && stored.error().kind != StoreErrorKind::kNotFound)
      return FromStore(stored.error());
  }
  const UnitId units[] = {*unit};
  ProblemOr<std::vector<ScoredUnit>> scored = ScoreAndStore(**world, **ref, units, year);
  if (!scored) return scored.error();
  return Scorecard{
      std::string(code),  year,
      (*ref)->rubric->id, (*ref)->hash,
      context_.Now(),     StoredResultJson(*(*ref)->rubric, context_.catalogue(), scored->front())};
}

ProblemOr<ProvinceScores> ScoringService::Province(std::string_view code, int year,
                                                   std::string_view rubric_id, const Scope& scope) {
  ProblemOr<JudgedProvince> judged = JudgeProvince(context_, code, year, rubric_id, scope);
  if (!judged) return judged.error();
  const RubricRef& ref = *judged->rubric;
  const Rubric& rubric = *ref.rubric;
  const std::shared_ptr<const World>& world = judged->world;
  ProblemOr<std::shared_ptr<const YearFacts>> current = context_.Facts(year);
  if (!current) return current.error();
  ProblemOr<std::shared_ptr<const YearFacts>> prior = context_.Facts(year - 1);
  if (!prior) return prior.error();
  ProblemOr<std::vector<ScoredUnit>> scored =
      ScoreUnits(*world, context_.catalogue(), rubric, judged->units, year, **current, **prior,
                 /*reasons=*/true);
  if (!scored) return scored.error();

  // The units whose stored scorecard is missing or differs: stored anew, from the values stored
  // now (which the answer then shows). What this process last saw stored answers first; the store
  // is asked only when a result differs from it.
  const std::hash<std::string> hash;
  std::vector<size_t> hashes(scored->size());
  bool all_known = true;
  for (size_t i = 0; i < scored->size(); ++i) {
    const ScoredUnit& unit = (*scored)[i];
    hashes[i] = hash(ref.hash + StoredResultJson(rubric, context_.catalogue(), unit));
    all_known =
        all_known && context_.cache().StoredScorecard(unit.unit, year, rubric.id) == hashes[i];
  }
  if (all_known)
    return ProvinceScores{world, &rubric, &context_.catalogue(), year, std::move(*scored)};
  StoreResult<std::vector<ScorecardRecord>> stored = [&] {
    StorePool::Lease store = context_.pool().Acquire();
    return store->ListScorecards(year, rubric.id);
  }();
  if (!stored) return FromStore(stored.error());
  std::unordered_map<UnitId, size_t> stored_hashes;
  for (const ScorecardRecord& record : *stored)
    stored_hashes.emplace(record.unit_id, hash(record.rubric_hash + record.result_json));
  std::vector<UnitId> changed;
  std::unordered_map<UnitId, size_t> index;
  for (size_t i = 0; i < scored->size(); ++i) {
    const ScoredUnit& unit = (*scored)[i];
    auto it = stored_hashes.find(unit.unit);
    if (it != stored_hashes.end() && it->second == hashes[i]) {
      context_.cache().NoteStoredScorecard(unit.unit, year, rubric.id, hashes[i]);
      continue;
    }
    changed.push_back(unit.unit);
    index.emplace(unit.unit, i);
  }
  if (!changed.empty()) {
    ProblemOr<std::vector<ScoredUnit>> fresh = ScoreAndStore(*world, ref, changed, year);
    if (!fresh) return fresh.error();
    for (ScoredUnit& unit : *fresh) {
      context_.cache().NoteStoredScorecard(
          unit.unit, year, rubric.id,
          hash(ref.hash + StoredResultJson(rubric, context_.catalogue(), unit)));
      const size_t at = index.at(unit.unit);
      (*scored)[at] = std::move(unit);
    }
  }
  return ProvinceScores{world, &rubric, &context_.catalogue(), year, std::move(*scored)};
}

ProblemOr<std::vector<ScorecardRecord>> ScoringService::RecomputeStored(
    Store& store, const World& world, int year, std::span<const UnitId> changed,
    const YearFacts& prior, const YearFacts& current, const YearFacts& next) {
  // Year `year` reads the changed units' values as current; year + 1 as the prior year of the
  // units themselves and of their successors.
  std::set<UnitId> affected_now(changed.begin(), changed.end());
  std::set<UnitId> affected_next = affected_now;
  for (UnitId unit : changed) {
    for (UnitId successor : world.registry().AllSuccessors(unit))
      affected_next.insert(successor);
  }
  std::vector<ScorecardRecord> records;
  const Timestamp at = context_.Now();
  for (const RubricRef& ref : context_.rubrics().all()) {
    for (int judged : {year, year + 1}) {
      const std::set<UnitId>& affected = judged == year ? affected_now : affected_next;
      StoreResult<std::vector<ScorecardRecord>> stored =
          store.ListScorecards(judged, ref.rubric->id);
      if (!stored) return FromStore(stored.error());
      std::vector<UnitId> units;
      for (const ScorecardRecord& record : *stored) {
        if (affected.count(record.unit_id) != 0 &&
            world.registry().Exists(record.unit_id, Date::LastDayOfYear(judged)))
          units.push_back(record.unit_id);
      }
      if (units.empty()) continue;
      ProblemOr<std::vector<ScoredUnit>> scored =
          judged == year
              ? ScoreUnits(world, context_.catalogue(), *ref.rubric, units, judged, current, prior,
                           /*reasons=*/true)
              : ScoreUnits(world, context_.catalogue(), *ref.rubric, units, judged, next, current,
                           /*reasons=*/true);
      if (!scored) return scored.error();
      for (const ScoredUnit& unit : *scored)
        records.push_back({unit.unit, judged, ref.rubric->id, ref.hash,
                           StoredResultJson(*ref.rubric, context_.catalogue(), unit), at});
    }
  }
  return records;
}

}  // namespace kieumau::app
