// The demo's facts: for every place and every year it has, a value of every catalogue indicator
// (2022: only those the criteria compare with the year before). 2023's staffing, headquarters and
// land values of the 52 wards are the baseline CSV's; everything else is invented by the generator
// of ward_values.h. A commune formed on 1 July 2025 grows from its territory's 2024 values
// combined: its traits are its parts' (sizes added), its year before their values combined.
#include <fmt/format.h>

#include <algorithm>
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
void PilotFigures(const Place& place, int year, Values& v) {
  if (place.baseline_name != "Suối Hoa" || !place.baseline_row) return;
  if (year == kPriorOnlyYear) v.Set("crime.social_order", 10);
  if (year == kFirstYear) {
    v.Set("crime.social_order", 5);
    v.Set("teams.count", 2);
  }
}

}  // namespace

Result<std::vector<FactWrite>> MakeFacts(const Layout& layout, const BaselineTable& baseline,
                                         const Catalogue& catalogue) {
  // Per place, its traits and its values by year.
  std::vector<Traits> traits(layout.places.size());
  std::vector<std::map<int, Values>> values(layout.places.size());

  for (size_t w = 0; w < layout.places.size(); ++w) {
    const Place& place = layout.places[w];
    if (place.territory.empty()) {
      traits[w] = MakeTraits(place.code);
    } else {
      std::vector<const Traits*> parts;
      for (size_t p : place.territory) {
        if (p >= w) return Error{"dữ liệu mẫu: địa bàn phải có trước đơn vị (internal)"};
        parts.push_back(&traits[p]);
      }
      traits[w] = MergedTraits(parts);
    }

    for (int year = place.first_year; year <= place.last_year; ++year) {
      Values v(catalogue);
      Rng rng(place.code, year);
      if (year == kFirstYear && place.baseline_row) {
        const BaselineRow& row = baseline.rows[*place.baseline_row];
        for (int slot : baseline.indicator_slots) {
          const double value = row.values[static_cast<size_t>(slot)];
          if (!IsMissing(value)) v.Fix(slot, value);
        }
      }
      YearInput in;
      in.t = year - kFirstYear;
      in.traits = &traits[w];
      in.meets = std::find(place.meets_criteria.begin(), place.meets_criteria.end(), year) !=
                 place.meets_criteria.end();
      // The year before: the place's own, or for a new commune its territory's combined.
      std::optional<Values> combined;
      if (const auto own = values[w].find(year - 1); own != values[w].end()) {
        in.prior = &own->second;
      } else if (!place.territory.empty()) {
        std::vector<const Values*> parts;
        for (size_t p : place.territory) {
          const auto it = values[p].find(year - 1);
          if (it != values[p].end()) parts.push_back(&it->second);
        }
        if (!parts.empty()) {
          combined = Combine(catalogue, parts);
          in.prior = &*combined;
        }
      }

      if (year < kFirstYear) {
        GeneratePriorOnly(in, rng, v);
      } else {
        Generate(in, rng, v);
      }
      PilotFigures(place, year, v);
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
  for (size_t w = 0; w < layout.places.size(); ++w) {
    for (const auto& [year, v] : values[w]) {
      for (int slot = 0; slot < catalogue.size(); ++slot) {
        if (!v.Has(slot)) continue;
        const Indicator& indicator = catalogue.at(slot);
        if (std::optional<std::string> problem = CheckValue(indicator, v.At(slot))) {
          return Error{fmt::format("dữ liệu mẫu: {} ({}) năm {}, {}: {} (internal)",
                                   layout.places[w].name, layout.places[w].code, year,
                                   indicator.name, *problem)};
        }
        facts.push_back(FactWrite{layout.places[w].id, indicator.name, year, v.At(slot)});
      }
    }
  }
  return facts;
}

}  // namespace kieumau::demo::internal
