// What the CSV and xlsx readers and writers of fact_table.h share; not part of the public API.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/excerpt.h"
#include "engine/result.h"
#include "facts_io/fact_table.h"

namespace kieumau::facts_io {

// Spaces and tabs trimmed from both ends.
std::string_view TrimSpaces(std::string_view text);
// A header or code cell trimmed: whitespace and a stray UTF-8 BOM.
std::string_view TrimHeader(std::string_view text);

// A plain decimal number: [+-]digits[.digits][e[+-]digits] (".5" and "5." too), finite; nothing
// for anything else ("1,5", "1 000", "inf", "0x10", "").
std::optional<double> ParsePlainNumber(std::string_view text);

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

// The offset of the first byte that is not part of valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view text);

// "1.000" → Vietnamese "1.000" / English "1,000" for limits in messages.
std::string ThousandsVi(size_t value);
std::string ThousandsEn(size_t value);

// Collects the cells of a file row by row, within the limits of fact_table.h, then checks the
// header and builds the table. Rows come in increasing order, cells in a row in increasing columns.
class GridBuilder {
 public:
  explicit GridBuilder(TableFormat format) : format_(format) {}

  std::optional<Error> StartRow(int row);
  // Keeps a non-empty cell of the current row (column 0 is A); empty ones are ignored.
  std::optional<Error> Add(size_t column, Cell cell);
  // The text of the header cell at `column` (row 1) once read, or nothing.
  std::optional<std::string_view> HeaderText(size_t column) const;
  Result<FactTable> Finish();

 private:
  struct RawRow {
    int row = 0;
    std::vector<Cell> cells;  // index 0 is column A
  };
  void DropEmptyLastRow();

  TableFormat format_;
  std::vector<RawRow> rows_;
  size_t cells_ = 0;
  size_t text_bytes_ = 0;
};

Result<FactTable> ReadCsvTable(std::string_view bytes);
Result<FactTable> ReadXlsxTable(std::string_view bytes);

}  // namespace kieumau::facts_io
