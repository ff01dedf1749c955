// Scoring units from stored facts: the pure step shared by scorecards, roadmaps and writes. The
// prior year follows lineage: a unit formed from others takes their values, combined by each
// indicator's rollup (units/rollup.h).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "app/problem.h"
#include "app/world.h"
#include "app/year_facts.h"
#include "engine/scoring.h"

namespace kieumau::app {

struct ScoredUnit {
  UnitId unit = 0;
  bool has_facts = false;  // the unit has at least one value that year (else: not assessed)
  UnitFacts facts;
  UnitResult result;
};

// The prior-year values (by catalogue slot) of `unit` judged in `year`.
std::vector<double> PriorValues(const World& world, const Catalogue& catalogue, UnitId unit,
                                int year, const YearFacts& prior);

// Scores `units` in `year` from that year's facts and the year before's. A unit the criteria set
// does not judge is "wrong_kind".
ProblemOr<std::vector<ScoredUnit>> ScoreUnits(const World& world, const Catalogue& catalogue,
                                              const Rubric& rubric, std::span<const UnitId> units,
                                              int year, const YearFacts& current,
                                              const YearFacts& prior, bool reasons);

// The units of a province on the last day of `year` that `rubric` judges.
ProblemOr<std::vector<UnitId>> JudgedUnits(const World& world, const Rubric& rubric,
                                           UnitId province, int year);

// A scorecard as it is stored: the unit's result in the shape `kieumau score` writes
// (RUBRIC-FORMAT.md §8), kept byte for byte.
std::string StoredResultJson(const Rubric& rubric, const ScoredUnit& scored);

}  // namespace kieumau::app
