// The parts of the demo data set, between its files: the layout of units and events
// (demo_units.cc) and the facts generated for the wards (demo_facts.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "demo/demo.h"
#include "engine/catalogue.h"
#include "engine/result.h"
#include "programme/baseline_csv.h"
#include "store/store.h"
#include "units/events.h"

namespace kieumau::demo::internal {

// A ward of Bắc Ninh that has facts: one of the baseline's 52, or one formed by a 2025 merge.
struct Ward {
  UnitId id = 0;
  std::string code;
  std::string name;                    // as the baseline writes it: "Suối Hoa"
  std::optional<size_t> baseline_row;  // its row in the baseline CSV; empty for a 2025 ward
  std::vector<size_t> predecessors;    // indices into Layout::wards of the wards merged into it
  int first_year = kPriorOnlyYear;     // the years it has facts: it exists at the end of each
  int last_year = kLastYear;
  // The years its facts are made to meet every condition of bn-capkm-2024 (the recognised wards
  // and a few others); other wards meet them or not as their values fall.
  std::vector<int> meets_criteria;
};

struct Layout {
  std::vector<UnitEventValue> events;  // in date order; their creations give every unit
  std::vector<Ward> wards;
  std::vector<DemoRecognition> recognitions;
};

// The units, events, wards and recognitions; `ids` as BuildDemoData takes them.
Result<Layout> MakeLayout(const BaselineTable& baseline, std::span<const UnitId> ids);

// The facts of every ward for every year it has, by the layout's ids.
Result<std::vector<FactWrite>> MakeFacts(const Layout& layout, const BaselineTable& baseline,
                                         const Catalogue& catalogue);

}  // namespace kieumau::demo::internal
