// Scorecards: a unit's result for a year under a criteria set, stored with the set's SHA-256 and
// recomputed when a fact it used changes; and every unit of a province at once.
//
// What is stored is never older than the facts it was computed from, across every server on the
// database: a scorecard is stored in a unit of work that first locks the unit-years it reads
// (World::ScorecardInputs) and reads their values as stored then. A writer of those values holds
// the same locks, and recomputes the stored scorecards in its own unit of work.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "app/scoring/scorer.h"

namespace kieumau::app {

struct Scorecard {
  std::string unit;  // the unit's code
  int year = 0;
  std::string rubric;
  std::string rubric_hash;
  Timestamp computed_at;
  std::string result_json;  // as stored: the `kieumau score` shape of one unit, byte for byte
};

struct ProvinceScores {
  std::shared_ptr<const World> world;
  const Rubric* rubric = nullptr;
  const Catalogue* catalogue = nullptr;
  int year = 0;
  std::vector<ScoredUnit> units;  // in the province's order, with reasons
};

// A province's units that a criteria set judges in a year: the request every province-wide answer
// starts from (scores, restated prior years).
struct JudgedProvince {
  std::shared_ptr<const World> world;
  const RubricRef* rubric = nullptr;
  UnitId province = 0;  // the unit holding the code at the end of the year
  std::vector<UnitId> units;
};
// "Not found" when `scope` does not cover the province.
ProblemOr<JudgedProvince> JudgeProvince(Context& context, std::string_view code, int year,
                                        std::string_view rubric_id, const Scope& scope);

class ScoringService {
 public:
  explicit ScoringService(Context& context) : context_(context) {}

  // The stored scorecard when it was computed with this criteria set's file; else computed and
  // stored now.
  ProblemOr<Scorecard> UnitScorecard(std::string_view code, int year, std::string_view rubric_id,
                                     const Scope& scope);
  // Every unit of the province the criteria set judges; the ones whose stored scorecard is missing
  // or differs are stored anew (a repeated request writes nothing).
  ProblemOr<ProvinceScores> Province(std::string_view code, int year, std::string_view rubric_id,
                                     const Scope& scope);

  // For a writer of facts, inside its unit of work: the stored scorecards its batch of `year`
  // changes, computed from the facts after it — the batch's units that year, and them and their
  // successors the year after, under every criteria set. `prior`, `current` (batch applied) and
  // `next` hold at least the values those scorecards read.
  ProblemOr<std::vector<ScorecardRecord>> RecomputeStored(Store& store, const World& world,
                                                          int year, std::span<const UnitId> changed,
                                                          const YearFacts& prior,
                                                          const YearFacts& current,
                                                          const YearFacts& next);

 private:
  // Scores `units` from their values stored now, under locks on what they read, and stores them.
  ProblemOr<std::vector<ScoredUnit>> ScoreAndStore(const World& world, const RubricRef& rubric,
                                                   std::span<const UnitId> units, int year);

  Context& context_;
};

}  // namespace kieumau::app
