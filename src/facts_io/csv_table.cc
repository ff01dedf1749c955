// The facts table as CSV: reading (RFC 4180, UTF-8 with or without a BOM, any line end) and
// writing (with a BOM, CRLF).
#include <fmt/format.h>

#include <climits>
#include <string>

#include "facts_io/fact_table.h"
#include "facts_io/table_internal.h"

namespace kieumau {
namespace facts_io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSaveAsCsvUtf8 =
    "trong Excel hãy chọn Lưu thành (Save As) → \"CSV UTF-8 (Comma delimited) (*.csv)\"";

// A CSV field as a cell: a plain number, TRUE/FALSE, or text (see Cell).
Cell CsvCell(std::string field) {
  Cell cell;
  cell.text = std::move(field);
  const std::string_view trimmed = TrimSpaces(cell.text);
  if (trimmed.empty()) {
    cell.kind = Cell::Kind::kEmpty;
  } else if (const std::optional<double> number = ParsePlainNumber(trimmed)) {
    cell.kind = Cell::Kind::kNumber;
    cell.number = *number;
  } else if (EqualsIgnoreAsciiCase(trimmed, "TRUE") || EqualsIgnoreAsciiCase(trimmed, "FALSE")) {
    cell.kind = Cell::Kind::kBool;
    cell.number = EqualsIgnoreAsciiCase(trimmed, "TRUE") ? 1 : 0;
  } else {
    cell.kind = Cell::Kind::kText;
  }
  return cell;
}

// Refusals that need no parsing: the wrong kind of file, another encoding.
std::optional<Error> CheckCsvBytes(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Error{fmt::format(
        "Tệp được lưu bằng mã UTF-16 (Excel gọi là \"Unicode Text\"), không phải UTF-8; {} (the "
        "file is UTF-16: save it as \"CSV UTF-8\")",
        kSaveAsCsvUtf8)};
  }
  if (bytes.starts_with("PK")) {
    return Error{
        "Tệp này là tệp nén (xlsx), không phải CSV: hãy tải lên với định dạng xlsx (the file is a "
        "zip archive such as xlsx, not CSV)"};
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return Error{
        "Tệp này là bảng tính Excel 97-2003 (.xls) hoặc tệp có mật khẩu, không phải CSV: hãy lưu "
        "bằng \"CSV UTF-8\" hoặc \"Excel Workbook (*.xlsx)\" không đặt mật khẩu (the file is an "
        "old "
        ".xls or an encrypted workbook)"};
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return Error{fmt::format(
        "Tệp có byte NUL: có thể là văn bản UTF-16 không có BOM hoặc không phải tệp văn bản; {} "
        "(the file holds NUL bytes: UTF-16 or not text)",
        kSaveAsCsvUtf8)};
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Error{"Tệp quá lớn (the file is too large)"};
  }
  return std::nullopt;
}

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  Result<FactTable> Read() {
    int record = 0;
    while (at_ < text_.size()) {
      ++record;
      if (auto error = builder_.StartRow(record)) return *error;
      if (auto error = ReadRecord(record)) return *error;
    }
    return builder_.Finish();
  }

 private:
  // One record: fields up to a line end that is not inside quotes, and that line end.
  std::optional<Error> ReadRecord(int record) {
    for (size_t column = 0;; ++column) {
      std::string field;
      if (at_ < text_.size() && text_[at_] == '"') {
        ++at_;
        for (;;) {
          const size_t quote = text_.find('"', at_);
          if (quote == std::string_view::npos) {
            return Error{fmt::format(
                "Dòng {}, cột {}: dấu ngoặc kép (\") mở mà không đóng đến hết tệp (an opening "
                "quote is never closed)",
                record, ColumnLetter(column))};
          }
          field.append(text_.substr(at_, quote - at_));
          at_ = quote + 1;
          if (at_ < text_.size() && text_[at_] == '"') {
            field.push_back('"');
            ++at_;
            continue;
          }
          break;
        }
      }
      // Unquoted text, or (leniently, as Excel does) text after a closing quote.
      const size_t end = text_.find_first_of(",\r\n", at_);
      const size_t stop = end == std::string_view::npos ? text_.size() : end;
      field.append(text_.substr(at_, stop - at_));
      at_ = stop;
      if (const size_t bad = FirstInvalidUtf8(field); bad != std::string::npos) {
        return NotUtf8(record, column, static_cast<unsigned char>(field[bad]));
      }
      if (auto error = builder_.Add(column, CsvCell(std::move(field)))) return error;
      if (at_ >= text_.size()) return std::nullopt;
      const char separator = text_[at_++];
      if (separator == ',') continue;
      if (separator == '\r' && at_ < text_.size() && text_[at_] == '\n') ++at_;
      return std::nullopt;
    }
  }

  Error NotUtf8(int record, size_t column, unsigned char byte) const {
    std::string where = fmt::format("Dòng {}, cột {}", record, ColumnLetter(column));
    if (record > 1) {
      if (const auto header = builder_.HeaderText(column); header && !header->empty())
        where += fmt::format(" ({})", *header);
    }
    return Error{fmt::format(
        "{}: tệp không phải văn bản UTF-8 (byte 0x{:02X}), có thể được lưu bằng mã Windows-1258, "
        "TCVN3 hoặc Latin-1 nên chữ tiếng Việt sẽ bị lỗi; {} rồi tải lên lại (the file is not "
        "UTF-8: save it as \"CSV UTF-8\")",
        where, byte, kSaveAsCsvUtf8)};
  }

  std::string_view text_;
  size_t at_ = 0;
  GridBuilder builder_{TableFormat::kCsv};
};

bool NeedsQuotes(std::string_view field) {
  return field.find_first_of(",\"\r\n") != std::string_view::npos;
}

void AppendField(std::string& out, std::string_view field) {
  if (!NeedsQuotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCell(std::string& out, const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      break;
    case Cell::Kind::kNumber:
      out.append(FormatTableNumber(cell.number));
      break;
    case Cell::Kind::kBool:
      out.append(cell.number != 0 ? "TRUE" : "FALSE");
      break;
    case Cell::Kind::kText:
      AppendField(out, cell.text);
      break;
  }
}

}  // namespace

Result<FactTable> ReadCsvTable(std::string_view bytes) {
  if (auto error = CheckCsvBytes(bytes)) return *error;
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error{"Tệp trống: cần dòng tiêu đề unit_code,unit_name,… ở dòng 1 (the file is empty)"};
  }
  return CsvReader(bytes).Read();
}

}  // namespace facts_io

std::string WriteFactTableCsv(const Catalogue& catalogue, const std::vector<FactTableRow>& rows) {
  std::string out(facts_io::kUtf8Bom);
  out.append("unit_code,unit_name");
  for (const Indicator& indicator : catalogue.indicators()) {
    out.push_back(',');
    facts_io::AppendField(out, indicator.name);
  }
  out.append("\r\n");
  const auto columns = static_cast<size_t>(catalogue.size());
  for (const FactTableRow& row : rows) {
    facts_io::AppendField(out, row.unit_code);
    out.push_back(',');
    facts_io::AppendField(out, row.unit_name);
    for (size_t i = 0; i < columns; ++i) {
      out.push_back(',');
      facts_io::AppendCell(out, row.cell(i));
    }
    out.append("\r\n");
  }
  return out;
}

}  // namespace kieumau
