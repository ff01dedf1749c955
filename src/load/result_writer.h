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

// The batch result as JSON, written as it is produced: Begin, then Unit for each unit in input
// order, then End give {"rubric", "year", "results": [...]}.
void WriteResultsJsonBegin(const Rubric& rubric, int year, std::string& out);
void WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                   bool first, std::string& out);
void WriteResultsJsonEnd(std::string& out);

// The table for people: a heading, then per unit a row per item with points, maximum and reason,
// and the totals and outcome.
void WriteResultsTableBegin(const Rubric& rubric, int year, size_t unit_count, std::string& out);
void WriteUnitTable(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                    std::string& out);

// A whole batch at once.
void WriteResultsJson(const Rubric& rubric, const FactsBatch& batch,
                      const std::vector<UnitResult>& results, std::string& out);
void WriteResultsTable(const Rubric& rubric, const FactsBatch& batch,
                       const std::vector<UnitResult>& results, std::string& out);

}  // namespace kieumau
