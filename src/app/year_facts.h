// One year's values of every unit, by catalogue slot: what scoring, roadmaps and force figures
// read.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "app/problem.h"
#include "engine/catalogue.h"
#include "store/store.h"
#include "units/unit.h"

namespace kieumau::app {

struct YearFacts {
  // Values by catalogue slot (NaN where none) of every unit with at least one value that year.
  std::unordered_map<UnitId, std::vector<double>> by_unit;

  const std::vector<double>* Find(UnitId unit) const {
    auto it = by_unit.find(unit);
    return it == by_unit.end() ? nullptr : &it->second;
  }
  // A unit's values as indicator name → value (the ones it has).
  std::vector<std::pair<std::string, double>> Named(UnitId unit, const Catalogue& catalogue) const;
};

// Values as the store lists them, by catalogue slot (an indicator no longer in the catalogue is
// left out).
std::shared_ptr<YearFacts> YearFactsFrom(std::span<const FactValue> values,
                                         const Catalogue& catalogue);
// Every unit's values of `year`, as stored now.
ProblemOr<std::shared_ptr<const YearFacts>> LoadYearFacts(Store& store, const Catalogue& catalogue,
                                                          int year);
// The values stored now of some unit-years (inside a unit of work, after locking them), by year.
ProblemOr<std::map<int, std::shared_ptr<YearFacts>>> ReadUnitYears(
    Store& store, const Catalogue& catalogue, std::span<const UnitYear> unit_years);
// One year of ReadUnitYears's answer (no values when it has none).
const YearFacts& YearIn(const std::map<int, std::shared_ptr<YearFacts>>& facts, int year);
// A copy of `facts` with a batch applied; a unit left with no value has no row (not assessed).
std::shared_ptr<YearFacts> WithWrites(const YearFacts& facts, std::span<const FactWrite> writes,
                                      const Catalogue& catalogue);

}  // namespace kieumau::app
