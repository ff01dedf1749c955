#include "facts_io/fact_table.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "facts_io/table_internal.h"

namespace kieumau {

Cell Cell::Number(double value) {
  Cell cell;
  cell.kind = Kind::kNumber;
  cell.number = value;
  return cell;
}

Cell Cell::Bool(bool value) {
  Cell cell;
  cell.kind = Kind::kBool;
  cell.number = value ? 1 : 0;
  return cell;
}

Cell Cell::Text(std::string text) {
  Cell cell;
  if (text.empty()) return cell;
  cell.kind = Kind::kText;
  cell.text = std::move(text);
  return cell;
}

bool Cell::operator==(const Cell& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::kEmpty:
      return true;
    case Kind::kNumber:
    case Kind::kBool:
      return number == other.number;
    case Kind::kText:
      return text == other.text;
  }
  return false;
}

const Cell& FactTableRow::cell(size_t index) const {
  static const Cell kEmptyCell;
  return index < cells.size() ? cells[index] : kEmptyCell;
}

TableFormat GuessTableFormat(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4)) ? TableFormat::kXlsx
                                                              : TableFormat::kCsv;
}

Result<FactTable> ReadFactTable(std::string_view bytes, TableFormat format) {
  return format == TableFormat::kXlsx ? facts_io::ReadXlsxTable(bytes)
                                      : facts_io::ReadCsvTable(bytes);
}

std::string ColumnLetter(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

std::string FormatTableNumber(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";  // and not "-0"
  char buffer[400];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

FactTableRow MakeFactTableRow(const Catalogue& catalogue, std::string unit_code,
                              std::string unit_name,
                              const std::map<std::string, double, std::less<>>& values) {
  FactTableRow row;
  row.unit_code = std::move(unit_code);
  row.unit_name = std::move(unit_name);
  for (const auto& [name, value] : values) {
    const std::optional<int> slot = catalogue.Find(name);
    if (!slot) continue;
    const auto index = static_cast<size_t>(*slot);
    if (row.cells.size() <= index) row.cells.resize(index + 1);
    row.cells[index] = Cell::Number(value);
  }
  return row;
}

namespace facts_io {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::string_view TrimHeader(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  for (bool changed = true; changed;) {
    changed = false;
    if (text.starts_with(kBom)) {
      text.remove_prefix(kBom.size());
      changed = true;
    }
    while (!text.empty() && space(text.front())) {
      text.remove_prefix(1);
      changed = true;
    }
  }
  while (!text.empty() && space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::optional<double> ParsePlainNumber(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  const size_t mantissa = i;
  size_t digits = 0;
  while (i < n && text[i] >= '0' && text[i] <= '9') {
    ++i;
    ++digits;
  }
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) return std::nullopt;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      ++i;
      ++exponent_digits;
    }
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  // from_chars takes no '+' sign; the sign is put back after.
  const bool negative = mantissa > 0 && text[0] == '-';
  double value = 0;
  const auto result =
      std::from_chars(text.data() + mantissa, text.data() + n, value, std::chars_format::general);
  if (result.ec != std::errc() || result.ptr != text.data() + n || !std::isfinite(value))
    return std::nullopt;
  if (value == 0) return 0.0;
  return negative ? -value : value;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

size_t FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMinCode[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinCode[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

namespace {

std::string Thousands(size_t value, char separator) {
  std::string digits = std::to_string(value);
  for (size_t at = digits.size(); at > 3; at -= 3)
    digits.insert(at - 3, 1, separator);
  return digits;
}

}  // namespace

std::string ThousandsVi(size_t value) {
  return Thousands(value, '.');
}
std::string ThousandsEn(size_t value) {
  return Thousands(value, ',');
}

std::optional<Error> GridBuilder::StartRow(int row) {
  DropEmptyLastRow();
  rows_.push_back(RawRow{row, {}});
  return std::nullopt;
}

void GridBuilder::DropEmptyLastRow() {
  if (!rows_.empty() && rows_.back().cells.empty()) rows_.pop_back();
}

std::optional<Error> GridBuilder::Add(size_t column, Cell cell) {
  if (cell.empty() || rows_.empty()) return std::nullopt;
  RawRow& row = rows_.back();
  // The header and kMaxTableRows rows before this one, which is not empty.
  if (row.cells.empty() && rows_.size() > kMaxTableRows + 1) {
    return Error{fmt::format(
        "Tệp có hơn {} dòng số liệu; hãy chia thành nhiều tệp (the file has more than {} data "
        "rows)",
        ThousandsVi(kMaxTableRows), ThousandsEn(kMaxTableRows))};
  }
  if (column >= kMaxTableColumns) {
    return Error{fmt::format(
        "Ô {}{} có dữ liệu nhưng nằm ngoài cột {}: bảng có tối đa {} cột (a cell lies past the "
        "last column allowed, {})",
        ColumnLetter(column), row.row, ColumnLetter(kMaxTableColumns - 1),
        ThousandsVi(kMaxTableColumns), ColumnLetter(kMaxTableColumns - 1))};
  }
  if (column + 1 > row.cells.size()) {
    cells_ += column + 1 - row.cells.size();
    if (cells_ > kMaxTableCells) {
      return Error{fmt::format(
          "Tệp có quá nhiều ô (hơn {}); hãy chia thành nhiều tệp (the file has more than {} "
          "cells)",
          ThousandsVi(kMaxTableCells), ThousandsEn(kMaxTableCells))};
    }
    row.cells.resize(column + 1);
  }
  text_bytes_ += cell.text.size();
  if (text_bytes_ > kMaxTableTextBytes) {
    return Error{fmt::format(
        "Tệp có quá nhiều chữ (hơn {} MiB); hãy chia thành nhiều tệp (the file holds more than {} "
        "MiB of text)",
        kMaxTableTextBytes >> 20, kMaxTableTextBytes >> 20)};
  }
  row.cells[column] = std::move(cell);
  return std::nullopt;
}

std::optional<std::string_view> GridBuilder::HeaderText(size_t column) const {
  if (rows_.empty() || rows_.front().row != 1 || column >= rows_.front().cells.size())
    return std::nullopt;
  return TrimHeader(rows_.front().cells[column].text);
}

namespace {

// The text of a code or a name cell: what the file spells (a number as its stored digits).
std::string CellText(const Cell& cell) {
  if (!cell.text.empty() || cell.kind != Cell::Kind::kNumber) return cell.text;
  return FormatTableNumber(cell.number);
}

}  // namespace

Result<FactTable> GridBuilder::Finish() {
  DropEmptyLastRow();
  if (rows_.empty()) {
    return Error{format_ == TableFormat::kXlsx
                     ? "Trang tính đầu tiên của tệp xlsx trống: cần dòng tiêu đề unit_code, "
                       "unit_name, … ở dòng 1 (the first worksheet is empty)"
                     : "Tệp trống: cần dòng tiêu đề unit_code,unit_name,… ở dòng 1 (the file is "
                       "empty)"};
  }
  const RawRow& header = rows_.front();
  if (header.row != 1) {
    return Error{fmt::format(
        "Dòng 1 phải là dòng tiêu đề bắt đầu bằng unit_code, unit_name nhưng dòng 1 trống; dữ "
        "liệu bắt đầu từ dòng {} (row 1 must be the header row)",
        header.row)};
  }
  auto header_text = [&](size_t column) -> std::string {
    return column < header.cells.size() ? std::string(TrimHeader(CellText(header.cells[column])))
                                        : std::string();
  };
  const std::string first = header_text(0);
  const std::string second = header_text(1);
  if (first != "unit_code" || second != "unit_name") {
    std::string found =
        fmt::format("ô A1 là \"{}\", ô B1 là \"{}\"", Excerpt(first, 40), Excerpt(second, 40));
    std::string hint;
    if (format_ == TableFormat::kCsv && first.starts_with("unit_code;")) {
      hint =
          "; tệp dùng dấu chấm phẩy (;) để phân cách cột: trong Excel hãy lưu bằng \"CSV UTF-8 "
          "(Comma delimited) (*.csv)\" để dùng dấu phẩy";
    } else if (first == "unit_code") {
      hint = "; cột B phải là unit_name (tên đơn vị)";
    }
    return Error{fmt::format(
        "Dòng tiêu đề (dòng 1) phải bắt đầu bằng hai cột unit_code, unit_name rồi đến tên các chỉ "
        "tiêu; ở đây {}{} (the header row must start with unit_code,unit_name)",
        found, hint)};
  }

  FactTable table;
  size_t width = header.cells.size();
  for (const RawRow& row : rows_)
    width = std::max(width, row.cells.size());
  for (size_t column = 2; column < width; ++column)
    table.columns.push_back(FactColumn{header_text(column), ColumnLetter(column)});

  table.rows.reserve(rows_.size() - 1);
  for (size_t i = 1; i < rows_.size(); ++i) {
    RawRow& raw = rows_[i];
    FactTableRow row;
    row.row = raw.row;
    if (!raw.cells.empty()) row.unit_code = std::string(TrimHeader(CellText(raw.cells[0])));
    if (raw.cells.size() > 1) row.unit_name = CellText(raw.cells[1]);
    if (raw.cells.size() > 2) {
      row.cells.assign(std::make_move_iterator(raw.cells.begin() + 2),
                       std::make_move_iterator(raw.cells.end()));
    }
    table.rows.push_back(std::move(row));
  }
  rows_.clear();
  return table;
}

}  // namespace facts_io
}  // namespace kieumau
