// Reads a baseline spreadsheet exported as CSV (data/demo/bac-ninh-2024-baseline.csv): one row per
// unit, the columns province,town,ward,kind first, then indicator columns, then any other columns
// (pilot_2023), which are reported and kept apart. UTF-8, comma-separated, quotes as in RFC 4180.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/diagnostic.h"
#include "engine/unit_kind.h"
#include "programme/programme.h"

namespace kieumau {

struct BaselineRow {
  int line = 0;  // the row's line in the file (the header is line 1)
  std::string province;
  std::string town;
  std::string ward;
  UnitKind kind = UnitKind::kPhuong;
  std::vector<double> values;      // by catalogue slot; kMissing where the cell is empty or absent
  std::vector<std::string> extra;  // by BaselineTable::extra_columns, as written
};

struct BaselineTable {
  std::vector<int> indicator_slots;        // the indicator columns, in file order
  std::vector<std::string> extra_columns;  // columns that are not catalogue indicators
  std::vector<BaselineRow> rows;

  // The rows as the force computation takes them: the unit named "ward, town", its known values.
  std::vector<UnitValues> ToUnitValues(const Catalogue& catalogue) const;
};

struct LoadedBaseline {
  std::optional<BaselineTable> table;   // set when there is no error
  std::vector<Diagnostic> diagnostics;  // errors, and a warning per extra column
};

// At most this many errors are listed; the last diagnostic then says how many more there were.
inline constexpr size_t kMaxBaselineErrors = 100;

// Parses `text` against `catalogue`: each value must pass CheckValue and its `le` relation; every
// error names the line, the row's ward and the column.
LoadedBaseline ParseBaselineCsv(std::string_view text, const Catalogue& catalogue);
// Reads and parses the file at `path`; an unreadable file is one error on line 0.
LoadedBaseline LoadBaselineCsvFile(const std::string& path, const Catalogue& catalogue);

}  // namespace kieumau
