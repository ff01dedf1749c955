// The parts of the demo data set, between its files: the real units that get facts, found in the
// register's history (demo_units.cc), the recognitions and the units made to meet the criteria
// (demo_recognitions.cc), and the facts generated for them (demo_facts.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "demo/demo.h"
#include "engine/catalogue.h"
#include "engine/result.h"
#include "programme/baseline_csv.h"
#include "store/store.h"
#include "units/registry.h"

namespace kieumau::demo::internal {

// A real unit that gets facts, for the years [first_year, last_year]: it exists at the end of each.
struct Place {
  UnitId id = 0;     // the registry's
  std::string code;  // the unit's code: with the year, the key of the generator's streams
  std::string name;  // at the end of its last year
  UnitKind kind = UnitKind::kPhuong;   // at the end of its last year
  std::optional<size_t> baseline_row;  // its row in the baseline CSV (the 52 wards)
  std::string baseline_name;           // the baseline's name for it: "Suối Hoa"
  std::string baseline_town;           // and its town: "Thành phố Bắc Ninh"
  int first_year = kOldCommunesYear;
  int last_year = kOldCommunesYear;
  // For a unit formed on 1 July 2025: the places (indices into Layout::places, all before it)
  // whose 2024 territory it took, each whole. Its 2025 values grow from theirs combined.
  std::vector<size_t> territory;
  // The years its facts are made to meet every condition of bn-capkm-2024 (the recognised wards
  // and a few others); other units meet them or not as their values fall.
  std::vector<int> meets_criteria;
};

struct Layout {
  // The 52 wards in the baseline's order, the other communes of 2024 by code, then the communes of
  // the merged province by code: a place's territory always comes before it.
  std::vector<Place> places;
  std::vector<DemoRecognition> recognitions;
};

// The places the demo gives facts to, found in `registry` (their territories included).
Result<Layout> FindPlaces(const BaselineTable& baseline, const UnitRegistry& registry);

// Adds the recognitions to `layout` and marks the places made to meet the criteria.
Result<std::monostate> AddRecognitions(const UnitRegistry& registry, Layout& layout);

// The facts of every place for every year it has.
Result<std::vector<FactWrite>> MakeFacts(const Layout& layout, const BaselineTable& baseline,
                                         const Catalogue& catalogue);

}  // namespace kieumau::demo::internal
