#include "app/year_facts.h"

#include <algorithm>

#include "engine/facts.h"

namespace kieumau::app {

std::vector<std::pair<std::string, double>> YearFacts::Named(UnitId unit,
                                                             const Catalogue& catalogue) const {
  std::vector<std::pair<std::string, double>> named;
  if (const std::vector<double>* row = Find(unit)) {
    for (int slot = 0; slot < catalogue.size(); ++slot) {
      const double value = (*row)[static_cast<size_t>(slot)];
      if (!IsMissing(value)) named.emplace_back(catalogue.at(slot).name, value);
    }
  }
  return named;
}

std::shared_ptr<YearFacts> YearFactsFrom(std::span<const FactValue> values,
                                         const Catalogue& catalogue) {
  auto facts = std::make_shared<YearFacts>();
  const size_t slots = static_cast<size_t>(catalogue.size());
  std::vector<double>* row = nullptr;
  UnitId row_unit = 0;
  for (const FactValue& value : values) {
    const std::optional<int> slot = catalogue.Find(value.indicator);
    if (!slot) continue;  // an indicator no longer in the catalogue
    if (row == nullptr || row_unit != value.unit_id) {
      row = &facts->by_unit.try_emplace(value.unit_id, slots, kMissing).first->second;
      row_unit = value.unit_id;
    }
    (*row)[static_cast<size_t>(*slot)] = value.value;
  }
  return facts;
}

ProblemOr<std::shared_ptr<const YearFacts>> LoadYearFacts(Store& store, const Catalogue& catalogue,
                                                          int year) {
  StoreResult<std::vector<FactValue>> values = store.GetAllFacts(year);
  if (!values) return FromStore(values.error());
  return std::shared_ptr<const YearFacts>(YearFactsFrom(*values, catalogue));
}

ProblemOr<std::map<int, std::shared_ptr<YearFacts>>> ReadUnitYears(
    Store& store, const Catalogue& catalogue, std::span<const UnitYear> unit_years) {
  std::map<int, std::vector<int64_t>> units_by_year;
  for (const UnitYear& unit_year : unit_years)
    units_by_year[unit_year.year].push_back(unit_year.unit_id);
  std::map<int, std::shared_ptr<YearFacts>> facts;
  for (auto& [year, units] : units_by_year) {
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    StoreResult<std::vector<FactValue>> values = store.GetFacts(units, year);
    if (!values) return FromStore(values.error());
    facts.emplace(year, YearFactsFrom(*values, catalogue));
  }
  return facts;
}

const YearFacts& YearIn(const std::map<int, std::shared_ptr<YearFacts>>& facts, int year) {
  static const YearFacts kNone;
  auto it = facts.find(year);
  return it == facts.end() ? kNone : *it->second;
}

std::shared_ptr<YearFacts> WithWrites(const YearFacts& facts, std::span<const FactWrite> writes,
                                      const Catalogue& catalogue) {
  auto copy = std::make_shared<YearFacts>(facts);
  const size_t slots = static_cast<size_t>(catalogue.size());
  bool erased = false;
  for (const FactWrite& write : writes) {
    const std::optional<int> slot = catalogue.Find(write.indicator);
    if (!slot) continue;
    std::vector<double>& row =
        copy->by_unit.try_emplace(write.unit_id, slots, kMissing).first->second;
    row[static_cast<size_t>(*slot)] = write.value ? *write.value : kMissing;
    erased = erased || !write.value;
  }
  // A unit whose every value was erased has no facts that year (not assessed), as when read anew.
  if (erased) {
    for (const FactWrite& write : writes) {
      auto row = copy->by_unit.find(write.unit_id);
      if (row != copy->by_unit.end() && std::all_of(row->second.begin(), row->second.end(),
                                                    [](double v) { return IsMissing(v); }))
        copy->by_unit.erase(row);
    }
  }
  return copy;
}

}  // namespace kieumau::app
