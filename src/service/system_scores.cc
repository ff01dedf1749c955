// Scorecards from stored facts: one unit-year, a province-year, and their recomputation when facts
// change.
#include <algorithm>
#include <set>

#include "engine/excerpt.h"
#include "load/result_writer.h"
#include "service/system.h"
#include "service/system_internal.h"

namespace kieumau::service {

using namespace internal;

namespace {

// {"unit":…,"year":…,"rubric":…,"rubric_hash":…,"computed_at":…,"result":{…}}
std::string ScorecardAnswer(const ScorecardRecord& record, std::string_view code) {
  std::string out = Dump(Json{{"unit", code},
                              {"year", record.year},
                              {"rubric", record.rubric_id},
                              {"rubric_hash", record.rubric_hash},
                              {"computed_at", TimestampText(record.computed_at)}});
  out.pop_back();  // the closing brace
  out += ",\"result\":";
  out += record.result_json;
  out += '}';
  return out;
}

std::string UnitResultJson(const Rubric& rubric, const UnitFacts& facts, const UnitResult& result) {
  std::string out;
  WriteUnitJson(rubric, facts, result, /*first=*/true, out);
  return out;
}

}  // namespace

Answer<std::string> System::UnitScorecardJson(std::string_view code, int year,
                                              std::string_view rubric_id) {
  if (auto bad = CheckYear(year)) return *bad;
  const RubricRef* ref = FindRubric(rubric_id);
  if (ref == nullptr)
    return NotFound("Không có bộ tiêu chí \"" + Excerpt(rubric_id) + "\" (no such rubric)");
  std::shared_ptr<const State> state = CurrentState();
  Answer<UnitId> unit = state->UnitAtYearEnd(code, year);
  if (!unit) return unit.error();
  {
    StorePool::Lease store = pool_->Acquire();
    StoreResult<ScorecardRecord> stored = store->GetScorecard(*unit, year, rubric_id);
    if (stored && stored->rubric_hash == ref->hash) return ScorecardAnswer(*stored, code);
    if (!stored && stored.error().kind != StoreErrorKind::kNotFound)
      return FromStore(stored.error());
  }
  const uint64_t facts_version = FactsVersion();
  Answer<std::vector<ScoredUnit>> scored = Score(*state, *ref, {*unit}, year, /*reasons=*/true);
  if (!scored) return scored.error();
  ScorecardRecord record{*unit,
                         year,
                         ref->rubric->id,
                         ref->hash,
                         UnitResultJson(*ref->rubric, (*scored)[0].facts, (*scored)[0].result),
                         now_()};
  {
    std::lock_guard write(write_mutex_);
    // Facts written meanwhile: the result answers this request but is not stored, lest it replace
    // a newer one.
    if (FactsVersion() == facts_version) {
      StorePool::Lease store = pool_->Acquire();
      StoreStatus put = store->PutScorecard(record);
      if (!put) return FromStore(put.error());
    }
  }
  return ScorecardAnswer(record, code);
}

Answer<std::string> System::ProvinceScoresJson(std::string_view code, int year,
                                               std::string_view rubric_id) {
  if (auto bad = CheckYear(year)) return *bad;
  const RubricRef* ref = FindRubric(rubric_id);
  if (ref == nullptr)
    return NotFound("Không có bộ tiêu chí \"" + Excerpt(rubric_id) + "\" (no such rubric)");
  const Rubric& rubric = *ref->rubric;
  std::shared_ptr<const State> state = CurrentState();
  const Date end = Date::LastDayOfYear(year);
  Answer<UnitId> province = state->UnitAtYearEnd(code, year, Level::kProvince);
  if (!province) return province.error();
  Result<std::vector<UnitId>> communes = state->UnitsOf(*province, std::nullopt, end);
  if (!communes) return FromError(communes.error());
  std::vector<UnitId> units;
  for (UnitId id : *communes) {
    Result<UnitState> s = state->registry.StateAt(id, end);
    if (s && s->kind &&
        std::find(rubric.unit_kinds.begin(), rubric.unit_kinds.end(), *s->kind) !=
            rubric.unit_kinds.end())
      units.push_back(id);
  }
  const uint64_t facts_version = FactsVersion();
  Answer<std::vector<ScoredUnit>> scored = Score(*state, *ref, units, year, /*reasons=*/true);
  if (!scored) return scored.error();

  std::string out;
  WriteResultsJsonBegin(rubric, year, out);
  std::vector<std::string> results;
  results.reserve(scored->size());
  for (size_t i = 0; i < scored->size(); ++i) {
    const ScoredUnit& s = (*scored)[i];
    results.push_back(UnitResultJson(rubric, s.facts, s.result));
    WriteUnitJson(rubric, s.facts, s.result, i == 0, out);
  }
  WriteResultsJsonEnd(out);

  // Store the scorecards that are new or differ from the stored ones; a repeated request writes
  // nothing. Not when facts were written meanwhile: these results would replace newer ones.
  std::lock_guard write(write_mutex_);
  if (FactsVersion() != facts_version) return out;
  StorePool::Lease store = pool_->Acquire();
  StoreResult<std::vector<ScorecardRecord>> stored = store->ListScorecards(year, rubric.id);
  if (!stored) return FromStore(stored.error());
  std::unordered_map<UnitId, const ScorecardRecord*> by_unit;
  for (const ScorecardRecord& record : *stored)
    by_unit.emplace(record.unit_id, &record);
  std::vector<ScorecardRecord> changed;
  const auto at = now_();
  for (size_t i = 0; i < scored->size(); ++i) {
    auto it = by_unit.find((*scored)[i].unit);
    if (it != by_unit.end() && it->second->rubric_hash == ref->hash &&
        it->second->result_json == results[i])
      continue;
    changed.push_back({(*scored)[i].unit, year, rubric.id, ref->hash, std::move(results[i]), at});
  }
  if (!changed.empty()) {
    StoreStatus put = store->PutScorecards(changed);
    if (!put) return FromStore(put.error());
  }
  return out;
}

Answer<std::vector<ScorecardRecord>> System::ScorecardsAfter(
    Store& store, const State& state, int year, const std::vector<UnitId>& changed,
    const YearFacts& prior, const YearFacts& current, const YearFacts& next) {
  // Year `year` uses the changed units' values as current; year + 1 as the prior year of the
  // units themselves and of their successors.
  std::set<UnitId> affected_now(changed.begin(), changed.end());
  std::set<UnitId> affected_next = affected_now;
  for (UnitId unit : changed) {
    for (UnitId successor : state.registry.AllSuccessors(unit))
      affected_next.insert(successor);
  }
  std::vector<ScorecardRecord> records;
  const auto at = now_();
  for (const RubricRef& ref : rubrics_) {
    for (int y : {year, year + 1}) {
      const std::set<UnitId>& affected = y == year ? affected_now : affected_next;
      StoreResult<std::vector<ScorecardRecord>> stored = store.ListScorecards(y, ref.rubric->id);
      if (!stored) return FromStore(stored.error());
      std::vector<UnitId> units;
      for (const ScorecardRecord& record : *stored) {
        if (affected.count(record.unit_id) != 0 &&
            state.registry.Exists(record.unit_id, Date::LastDayOfYear(y)))
          units.push_back(record.unit_id);
      }
      if (units.empty()) continue;
      Answer<std::vector<ScoredUnit>> scored =
          y == year ? Score(state, ref, units, y, /*reasons=*/true, &current, &prior)
                    : Score(state, ref, units, y, /*reasons=*/true, &next, &current);
      if (!scored) return scored.error();
      for (const ScoredUnit& s : *scored) {
        records.push_back({s.unit, y, ref.rubric->id, ref.hash,
                           UnitResultJson(*ref.rubric, s.facts, s.result), at});
      }
    }
  }
  return records;
}

}  // namespace kieumau::service
