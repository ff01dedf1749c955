// Scores one unit's facts against a rubric (RUBRIC-FORMAT.md §2–§5). Pure: value types in, value
// types out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/facts.h"
#include "engine/points.h"
#include "engine/rubric.h"

namespace kieumau {

enum class Outcome { kIneligible, kPass, kFail, kScored };

// "ineligible", "pass", "fail", "scored".
std::string_view OutcomeKey(Outcome outcome);
// For people: "Không xét (vi phạm điều kiện loại trừ)", "Đạt", "Không đạt", "Đã chấm điểm".
std::string_view OutcomeLabel(Outcome outcome);

struct ItemResult {
  Points points;
  std::string reason;  // one line, Vietnamese, with the numbers used, ending "→ points/max"
};

struct UnitResult {
  Points total;
  Outcome outcome = Outcome::kScored;
  std::vector<size_t> vetoes;        // indices into rubric.vetoes of those that fired
  std::vector<std::string> missing;  // sorted, duplicate-free: "name", "prior(name)", "manual:ID"
  std::vector<Points> group_points;  // parallel to rubric.groups
  std::vector<Points> criterion_points;  // parallel to rubric.criteria
  std::vector<ItemResult> items;         // parallel to rubric.items
};

// `unit`'s arrays must be sized to the catalogue and the rubric; `unit.kind` must be one the rubric
// applies to (the facts loader checks both).
UnitResult ScoreUnit(const Rubric& rubric, const Catalogue& catalogue, const UnitFacts& unit);
struct ScoreOptions {
  // Whether each item gets its reason. Without, items' reasons stay empty and scoring is several
  // times faster: for totals and outcomes over many units (dashboards, roadmaps), where no one
  // reads them.
  bool reasons = true;
};

// The same into an existing result, reusing its buffers: scoring many units with one UnitResult
// allocates next to nothing after the first.
void ScoreUnitInto(const Rubric& rubric, const Catalogue& catalogue, const UnitFacts& unit,
                   UnitResult& result, const ScoreOptions& options = {});

}  // namespace kieumau
