// Writes batch results: JSON exactly as RUBRIC-FORMAT.md §7 shows, or a table for people
// (Vietnamese).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rubric.h"
#include "engine/scoring.h"
#include "load/facts_json.h"

namespace kieumau {

// `text` (UTF-8) as a JSON string, quotes included: '"', '\\' and control bytes escaped, the rest
// as it is. Shared with writers of other large answers (the units list).
void AppendJsonString(std::string& out, std::string_view text);

// The batch result as JSON, written as it is produced: Begin, then Unit for each unit in input
// order, then End give {"rubric", "year", "results": [...]}.
void WriteResultsJsonBegin(const Rubric& rubric, int year, std::string& out);
void WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                   bool first, std::string& out);
void WriteResultsJsonEnd(std::string& out);

// The same unit written at `at`, which must have room for UnitJsonBound bytes; returns the end of
// what was written. For writers of many units into a buffer of their own (`kieumau score`).
size_t UnitJsonBound(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result);
char* WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                    bool first, char* at);

// Scores every unit of `batch` (ScoreUnitInto, one reused result) and writes the whole batch result
// as JSON — the same bytes as WriteResultsJson — handing it to `sink` a chunk of about
// `chunk_bytes` at a time (the last one shorter), as it is produced: what `kieumau score` does. The
// memory held is one unit's result and one chunk, and each unit is written straight into room made
// for it in the chunk.
void ScoreBatchToJson(const Rubric& rubric, const Catalogue& catalogue, const FactsBatch& batch,
                      const std::function<void(std::string_view)>& sink,
                      size_t chunk_bytes = size_t{1} << 20);

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
