// Scoring units from stored facts: the pure step shared by scorecards, roadmaps and writes. The
// prior year follows lineage: a unit formed from others takes their values, combined by each
// indicator's rollup (units/rollup.h).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "app/problem.h"
#include "app/scoring/prior_sources.h"
#include "app/world.h"
#include "app/year_facts.h"
#include "engine/scoring.h"

namespace kieumau::app {

struct ScoredUnit {
  UnitId unit = 0;
  bool has_facts = false;  // the unit has at least one value that year (else: not assessed)
  UnitFacts facts;
  UnitResult result;
  // With reasons: how each prior-year value the criteria set reads was obtained.
  std::vector<PriorSource> prior_sources;
};

// The prior-year values (by catalogue slot) of `unit` judged in `year`.
std::vector<double> PriorValues(const World& world, const Catalogue& catalogue, UnitId unit,
                                int year, const YearFacts& prior);

// Scores `units` in `year` from that year's facts and the year before's. A unit the criteria set
// does not judge is "wrong_kind". With `reasons`, each item's reason and the prior year's sources.
ProblemOr<std::vector<ScoredUnit>> ScoreUnits(const World& world, const Catalogue& catalogue,
                                              const Rubric& rubric, std::span<const UnitId> units,
                                              int year, const YearFacts& current,
                                              const YearFacts& prior, bool reasons);

// The units of a province on the last day of `year` that `rubric` judges.
ProblemOr<std::vector<UnitId>> JudgedUnits(const World& world, const Rubric& rubric,
                                           UnitId province, int year);

// A scorecard as it is stored: the unit's result in the shape `kieumau score` writes
// (RUBRIC-FORMAT.md §8), kept byte for byte, with one more key at its end: "prior_sources", how
// each prior-year value it used was obtained (prior_sources.h).
std::string StoredResultJson(const Rubric& rubric, const Catalogue& catalogue,
                             const ScoredUnit& scored);
// The same, appended to `out` after a comma and a line break unless `first` (a list of results).
void AppendStoredResultJson(const Rubric& rubric, const Catalogue& catalogue,
                            const ScoredUnit& scored, bool first, std::string& out);

}  // namespace kieumau::app
