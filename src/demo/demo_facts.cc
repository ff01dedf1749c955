// The demo's facts: for every Bắc Ninh ward and every year it has, a value of every catalogue
// indicator. 2023's staffing, headquarters and land values are the baseline CSV's; everything else
// is invented by the generator of ward_values.h; a merged ward's year before is its parts'
// combined.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

#include "demo/demo_internal.h"
#include "demo/ward_values.h"
#include "engine/facts.h"

namespace kieumau::demo::internal {
namespace {

// Values the decision reports for the pilot ward Suối Hoa: 5 criminal cases in 2023, half of
// 2022's; two work teams formed in 2023.
void PilotFigures(const Ward& ward, int year, Values& v) {
  if (ward.name != "Suối Hoa" || !ward.baseline_row) return;
  if (year == kPriorOnlyYear) v.Set("crime.social_order", 10);
  if (year == kFirstYear) {
    v.Set("crime.social_order", 5);
    v.Set("teams.count", 2);
  }
}

}  // namespace

Result<std::vector<FactWrite>> MakeFacts(const Layout& layout, const BaselineTable& baseline,
                                         const Catalogue& catalogue) {
  // Per ward, its traits and its values by year.
  std::vector<Traits> traits(layout.wards.size());
  std::vector<std::map<int, Values>> values(layout.wards.size());

  for (size_t w = 0; w < layout.wards.size(); ++w) {
    const Ward& ward = layout.wards[w];
    if (ward.predecessors.empty()) {
      traits[w] = MakeTraits(ward.code);
    } else {
      std::vector<const Traits*> parts;
      for (size_t p : ward.predecessors) {
        if (p >= w) return Error{"dữ liệu mẫu: phường được sáp nhập phải có trước (internal)"};
        parts.push_back(&traits[p]);
      }
      traits[w] = MergedTraits(parts);
    }

    for (int year = ward.first_year; year <= ward.last_year; ++year) {
      Values v(catalogue);
      Rng rng(ward.code, year);
      if (year == kFirstYear && ward.baseline_row) {
        const BaselineRow& row = baseline.rows[*ward.baseline_row];
        for (int slot : baseline.indicator_slots) {
          const double value = row.values[static_cast<size_t>(slot)];
          if (!IsMissing(value)) v.Fix(slot, value);
        }
      }
      YearInput in;
      in.t = year - kFirstYear;
      in.traits = &traits[w];
      in.meets = std::find(ward.meets_criteria.begin(), ward.meets_criteria.end(), year) !=
                 ward.meets_criteria.end();
      // The year before: the ward's own, or for a merged ward its parts' combined.
      std::optional<Values> combined;
      if (const auto own = values[w].find(year - 1); own != values[w].end()) {
        in.prior = &own->second;
      } else if (!ward.predecessors.empty()) {
        std::vector<const Values*> parts;
        for (size_t p : ward.predecessors) {
          const auto it = values[p].find(year - 1);
          if (it != values[p].end()) parts.push_back(&it->second);
        }
        combined = Combine(catalogue, parts);
        in.prior = &*combined;
      }

      if (year < kFirstYear) {
        GeneratePriorOnly(in, rng, v);
      } else {
        Generate(in, rng, v);
      }
      PilotFigures(ward, year, v);
      if (year >= kFirstYear) {
        for (int slot = 0; slot < catalogue.size(); ++slot) {
          if (!v.Has(slot)) v.At(slot) = PlainValue(catalogue.at(slot), rng);
        }
      }
      KeepLe(catalogue, v);
      values[w].emplace(year, std::move(v));
    }
  }

  std::vector<FactWrite> facts;
  for (size_t w = 0; w < layout.wards.size(); ++w) {
    for (const auto& [year, v] : values[w]) {
      for (int slot = 0; slot < catalogue.size(); ++slot) {
        if (!v.Has(slot)) continue;
        const Indicator& indicator = catalogue.at(slot);
        if (std::optional<std::string> problem = CheckValue(indicator, v.At(slot))) {
          return Error{fmt::format("dữ liệu mẫu: {} năm {}, {}: {} (internal)",
                                   layout.wards[w].code, year, indicator.name, *problem)};
        }
        facts.push_back(FactWrite{layout.wards[w].id, indicator.name, year, v.At(slot)});
      }
    }
  }
  return facts;
}

}  // namespace kieumau::demo::internal
