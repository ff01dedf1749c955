// Checks a facts table (fact_table.h) for one year against the indicator catalogue and the units
// of that year, and turns it into fact writes for the store: every problem is listed with the row
// and column it is in, not only the first.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "facts_io/fact_table.h"
#include "store/store.h"

namespace kieumau {

struct UnitRef {
  int64_t id = 0;
  std::string name;
};

// What the validation needs to know about units, given by the caller (the store, the registry).
struct UnitLookup {
  // The unit a code names in `year`, or nothing when no unit has that code then.
  std::function<std::optional<UnitRef>(std::string_view code, int year)> find_unit;
  // What to say of a code find_unit does not know (after "Ô A7: "); may be left empty ("no unit
  // has this code in <year>").
  std::function<std::string(std::string_view code)> unknown_unit;
  // The value stored now for a unit, indicator and year, or nothing; may be left empty (no stored
  // values). Asked only for the `le` partners of values in the file.
  std::function<std::optional<double>(int64_t unit_id, std::string_view indicator, int year)>
      stored_value;
};

struct TableError {
  int row = 0;  // as the spreadsheet shows it: 1 is the header; 0 for the table as a whole
  // The column's header: an indicator name, "unit_code"; the letter ("F") for a column without a
  // header; empty for the row or the table as a whole.
  std::string column;
  std::string
      message;  // Vietnamese, then the English in parentheses; starts with the cell ("ô D3")

  bool operator==(const TableError&) const = default;
};

struct FactImport {
  // One write per non-empty valid cell of a known unit, in row then column order. When `errors` is
  // not empty the import as a whole should be refused: store nothing.
  std::vector<FactWrite> writes;
  // Every problem, in row order (header problems first); at most kMaxTableErrors, the last then
  // saying how many more there were.
  std::vector<TableError> errors;

  bool ok() const { return errors.empty(); }
};

inline constexpr size_t kMaxTableErrors = 1'000;

// Checks every cell: the header (unknown indicator, duplicated column, data under a column without
// a header), each row's unit code (missing, unknown for `year`, a unit already in an earlier row),
// each value (a number of the indicator's type: CheckValue), and each `le` relation within the row
// and against the partner's stored value when the file does not give it. unit_name is not checked.
FactImport ValidateFactTable(const FactTable& table, const Catalogue& catalogue, int year,
                             const UnitLookup& units);

// A broken `le` relation: the indicator above its bound, and the message, e.g. "tips.processed =
// 41 lớn hơn tips.received = 40 (tips.processed may not exceed tips.received)".
struct RelationProblem {
  std::string indicator;
  std::string message;
};

// The `le` relations broken by one unit's values for one year (indicator name → value; names not in
// the catalogue are ignored), in catalogue order.
std::vector<RelationProblem> CheckRelations(
    const Catalogue& catalogue, const std::map<std::string, double, std::less<>>& values);

}  // namespace kieumau
