// Writes batch results: JSON exactly as RUBRIC-FORMAT.md §7 shows, or a table for people
// (Vietnamese).
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rubric.h"
#include "engine/scoring.h"
#include "load/facts_json.h"

namespace kieumau {

// Appends the batch result as JSON: {"rubric", "year", "results": [...]}, results in input order.
void WriteResultsJson(const Rubric& rubric, const FactsBatch& batch,
                      const std::vector<UnitResult>& results, std::string& out);
// Appends one block per unit: a row per item with points, maximum and reason, then totals and
// outcome.
void WriteResultsTable(const Rubric& rubric, const FactsBatch& batch,
                       const std::vector<UnitResult>& results, std::string& out);

}  // namespace kieumau
