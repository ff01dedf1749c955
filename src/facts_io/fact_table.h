// The facts table: one row per unit, one column per indicator, as CSV or xlsx files that police
// staff fill in a spreadsheet. The shape is an API contract:
//
//   unit_code,unit_name,<indicator name>,<indicator name>,…
//
// the header in row 1 (the indicators' `name`s, e.g. tips.received, in catalogue order when this
// program writes it), then one row per unit from row 2. An empty cell is no value. Reading keeps
// where every cell is (the row number and column letter the spreadsheet shows), so that the
// validation (fact_import.h) can point at it; it refuses only files that cannot be read as a table.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/result.h"

namespace kieumau {

// One cell as read. CSV has no types: a CSV cell whose text is a plain decimal number (12, 7.5,
// -3, 1e6) is a number, TRUE/FALSE (any case) a bool, anything else text. xlsx cells keep their
// stored type (a number stored as text stays text; the validation reads numbers from text too).
struct Cell {
  enum class Kind { kEmpty, kNumber, kBool, kText };
  Kind kind = Kind::kEmpty;
  double number = 0;  // kNumber: the value; kBool: 1 or 0
  // As the file spells it: CSV the field (untrimmed), xlsx the stored text (a number's stored
  // digits, "TRUE"/"FALSE" for a bool). Empty for cells built with Number() or Bool().
  std::string text;

  static Cell Number(double value);
  static Cell Bool(bool value);
  static Cell Text(std::string text);  // an empty text is an empty cell

  bool empty() const { return kind == Kind::kEmpty; }
  // Two cells are equal when they hold the same value: numbers and bools compare by value, not by
  // spelling ("7.50" equals 7.5), texts by text; empty cells are equal whatever their spelling.
  bool operator==(const Cell& other) const;
};

struct FactColumn {
  std::string name;    // the header cell, trimmed: an indicator name; empty when the header is
  std::string letter;  // "C", "D", …, "AA": where the spreadsheet shows it
};

struct FactTableRow {
  int row = 0;            // 1-based, as the spreadsheet shows it (the header is row 1); the
                          // writers ignore it
  std::string unit_code;  // trimmed
  std::string unit_name;  // as written (informational)
  // cells[i] is in FactTable::columns[i] (the writers: in catalogue.at(i)'s column). The reader
  // leaves out trailing empty cells: a missing cell is an empty one.
  std::vector<Cell> cells;

  const Cell& cell(size_t index) const;  // an empty cell past the end
  bool operator==(const FactTableRow&) const = default;
};

struct FactTable {
  std::vector<FactColumn> columns;  // column C onwards (A is unit_code, B unit_name)
  std::vector<FactTableRow> rows;   // rows with at least one non-empty cell, in order
};

enum class TableFormat { kCsv, kXlsx };

// Limits that keep a hostile or mistaken file from exhausting memory.
inline constexpr size_t kMaxTableRows = 20'000;      // data rows (non-empty)
inline constexpr size_t kMaxTableColumns = 1'024;    // a non-empty cell past this is refused
inline constexpr size_t kMaxTableCells = 2'000'000;  // cells kept, empty ones in rows included
inline constexpr size_t kMaxTableTextBytes = 64u
                                             << 20;     // text kept, shared strings counted per use
inline constexpr size_t kMaxXlsxPartBytes = 64u << 20;  // one uncompressed part of an xlsx (zip)

// kXlsx when `bytes` start as a zip archive does ("PK\x03\x04"), else kCsv.
TableFormat GuessTableFormat(std::string_view bytes);

// Reads a table. CSV: UTF-8 with or without a BOM, RFC 4180 quoting, CRLF, LF or CR line ends.
// xlsx: the first worksheet; shared and inline strings, numbers, booleans, formulas' cached values,
// cells with gaps. Refuses (Vietnamese, then English) an empty file, another encoding than UTF-8
// (naming the row and column, and how to save as "CSV UTF-8"), a broken xlsx, a header that does
// not start with unit_code,unit_name, and files past the limits above.
Result<FactTable> ReadFactTable(std::string_view bytes, TableFormat format);

// "A" for 0, "Z" for 25, "AA" for 26.
std::string ColumnLetter(size_t index);

// A number the shortest way that reads back exactly, without an exponent: 12, 7.5, 0.25,
// 1000000000000.
std::string FormatTableNumber(double value);

// A row for the writers: cells in catalogue order from `values` (by indicator name; names not in
// the catalogue are left out), trailing empty cells left out as the reader does.
FactTableRow MakeFactTableRow(const Catalogue& catalogue, std::string unit_code,
                              std::string unit_name,
                              const std::map<std::string, double, std::less<>>& values);

// The table as CSV: a UTF-8 BOM (without it Excel on Windows shows Vietnamese as mojibake), the
// header with every catalogue indicator in catalogue order, CRLF line ends, RFC 4180 quoting.
// row.cells[i] is catalogue.at(i)'s value; cells past the catalogue's size are not written.
std::string WriteFactTableCsv(const Catalogue& catalogue, const std::vector<FactTableRow>& rows);

// The same table as an xlsx workbook (libxlsxwriter): the first sheet, named `sheet_title`
// (characters Excel refuses replaced, cut to 31), holds exactly the header in row 1, bold and
// frozen with columns A:B, each indicator's Vietnamese title as its header cell's comment, and the
// rows from row 2; a second sheet "Chỉ tiêu" lists every indicator (name, title, type, allowed
// values, `le`). Filled in and read back with ReadFactTable it is the same table. Numbers keep 16
// significant digits (libxlsxwriter's "%.16G"; Excel itself keeps 15).
Result<std::string> WriteFactTableXlsx(const Catalogue& catalogue,
                                       const std::vector<FactTableRow>& rows,
                                       const std::string& sheet_title);

}  // namespace kieumau
