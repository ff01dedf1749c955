// Facts: the yearly table (template and export), its import, a unit's values entered one by one,
// and the history of every value. Plain values in and out; reading and writing files (CSV, xlsx)
// and JSON is the HTTP side's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/context.h"
#include "app/facts/fact_writer.h"
#include "facts_io/fact_table.h"

namespace kieumau::app {

// The facts table of a year: one row per commune-level unit existing at the year's end (under
// `within` when given), one cell per catalogue indicator, the current values; by unit code.
struct FactsTable {
  int year = 0;
  std::vector<FactTableRow> rows;
};

// Which units a table's codes name: by default the commune-level units existing at the end of the
// table's year. Restated figures (a year's values for the territory of a unit formed after it)
// name units as of a later date, and may be limited to the units under one.
struct ImportScope {
  std::optional<Date> as_of;     // the codes' date (after the year's end)
  std::optional<UnitId> within;  // only units under this one on that date
  // Only units the importing user may enter facts for: a row naming another unit refuses the file,
  // named as an unknown unit would be (its existence does not leak).
  const Scope* access = nullptr;
};

struct ImportSummary {
  int year = 0;
  size_t rows = 0;
  WriteSummary written;
};

// One value of a unit's facts as a client sends it: a number to set, nothing to erase, or something
// that is neither (reported against the indicator, with the other problems of the same request).
struct FactEntry {
  std::string indicator;
  std::optional<double> value;
  bool not_a_number = false;
};

struct PutSummary {
  std::string unit;
  int year = 0;
  WriteSummary written;
};

using NamedValues = std::vector<std::pair<std::string, double>>;  // in catalogue order

struct UnitFactsView {
  std::string unit;
  std::string name;
  int year = 0;
  NamedValues values;
  // The prior year as scoring reads it: for a unit formed by a merge, its predecessors' values
  // combined by each indicator's rollup.
  NamedValues prior;
};

struct FactHistoryView {
  std::string unit;
  std::string indicator;
  int year = 0;
  std::vector<FactChange> changes;  // in the order they were written
  // The usernames of the users among the changes' actors, by user id (WriteActor::user).
  std::map<std::string, std::string, std::less<>> usernames;
};

class FactsService {
 public:
  FactsService(Context& context, FactWriter& writer) : context_(context), writer_(writer) {}

  // Every commune-level unit `scope` covers (under `within` when given) at the end of the year.
  ProblemOr<FactsTable> Table(int year, std::string_view within, const Scope& scope);
  // A filled-in table (CSV or xlsx, told apart by content): all or nothing.
  ProblemOr<ImportSummary> Import(int year, std::string_view file, const WriteActor& actor,
                                  const ImportScope& scope = {});
  // Sets or erases some of a unit's values, checked against the catalogue (type, bounds, `le` with
  // the unit's other values): all or nothing. Units outside `scope` are not found.
  ProblemOr<PutSummary> Put(std::string_view code, int year, const std::vector<FactEntry>& entries,
                            const WriteActor& actor, const Scope& scope);
  ProblemOr<UnitFactsView> UnitFacts(std::string_view code, int year, const Scope& scope);
  ProblemOr<FactHistoryView> History(std::string_view code, std::string_view indicator, int year,
                                     const Scope& scope);

 private:
  Context& context_;
  FactWriter& writer_;
};

}  // namespace kieumau::app
