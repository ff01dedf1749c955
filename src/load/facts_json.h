// Reads a facts file (RUBRIC-FORMAT.md §7) and validates it against the catalogue and the rubric
// (§8): every problem is reported with the unit and the field it is in, and nothing is scored when
// there is one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/facts.h"
#include "engine/rubric.h"

namespace kieumau {

struct FactsBatch {
  std::string rubric_id;
  int year = 0;
  std::vector<UnitFacts> units;
};

struct LoadedFacts {
  std::optional<FactsBatch> batch;  // set when there is no problem
  std::vector<std::string> errors;  // "đơn vị QN-22012, values.tips.processed: …"
};

// At most this many problems are listed; the last line then says how many more there were.
inline constexpr size_t kMaxFactsErrors = 100;

LoadedFacts ParseFacts(std::string_view json, const Rubric& rubric, const Catalogue& catalogue);
// The same, reading `json` in place when it has 64 bytes of spare capacity (as ReadFile leaves),
// else a copy.
LoadedFacts ParseFacts(const std::string& json, const Rubric& rubric, const Catalogue& catalogue);
// The same, reading `json` in place: the kReadPadding (load/file.h) bytes after it must be
// readable (a FileText's text, or a string from ReadFile).
LoadedFacts ParseFactsInPlace(std::string_view json, const Rubric& rubric,
                              const Catalogue& catalogue);

// How the functions above read: a fast reader (simdjson On-Demand) reads a file without a problem
// straight into the batch, and gives up at the first thing it does not expect; the full reader
// (simdjson's DOM) then reads the file again and names every problem. This is the full reader
// alone: for every text, ParseFacts gives exactly what it gives (tests and the facts_json fuzz
// target compare the two).
LoadedFacts ParseFactsFullReader(std::string_view json, const Rubric& rubric,
                                 const Catalogue& catalogue);

}  // namespace kieumau
