#include "programme/baseline_csv.h"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <utility>

#include "engine/facts.h"
#include "engine/format.h"
#include "load/file.h"

namespace kieumau {
namespace {

constexpr std::string_view kIdentityColumns[] = {"province", "town", "ward", "kind"};
constexpr size_t kIdentityCount = std::size(kIdentityColumns);

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

// The line of the first byte that is not valid UTF-8, or 0 when the text is valid.
int FirstBadUtf8Line(std::string_view text) {
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') ++line;
    size_t length = 0;
    uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return line;
    }
    if (i + length > text.size()) return line;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return line;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMinCode[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinCode[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return line;
    i += length;
  }
  return 0;
}

class Parser {
 public:
  Parser(const Catalogue& catalogue, std::vector<Diagnostic>& diagnostics)
      : catalogue_(catalogue), diagnostics_(diagnostics) {}

  std::optional<BaselineTable> Parse(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's BOM
    if (const int bad = FirstBadUtf8Line(text)) {
      Fail(bad, "tệp không phải UTF-8 hợp lệ (the file is not valid UTF-8)");
      return std::nullopt;
    }
    std::vector<Record> records = SplitRecords(text);
    if (failed_) return std::nullopt;
    if (records.empty()) {
      Fail(1, "tệp rỗng, không có dòng tiêu đề (empty file, no header row)");
      return std::nullopt;
    }
    BaselineTable table;
    std::vector<Column> columns;
    if (!ReadHeader(records.front(), table, columns)) return std::nullopt;
    for (size_t r = 1; r < records.size(); ++r) {
      const Record& record = records[r];
      if (record.fields.size() == 1 && record.fields.front().empty()) continue;  // a blank line
      ReadRow(record, columns, table);
    }
    if (table.rows.empty() && !failed_) Fail(1, "tệp không có dòng dữ liệu nào (no data rows)");
    if (skipped_ > 0) {
      diagnostics_.push_back(
          {Severity::kError, 0,
           fmt::format("… và {} lỗi nữa (and {} more errors)", skipped_, skipped_)});
    }
    if (failed_) return std::nullopt;
    return table;
  }

 private:
  // What a column holds: an identity field, an indicator's slot, or an extra column's index.
  struct Column {
    enum class Kind { kIdentity, kIndicator, kExtra } kind = Kind::kExtra;
    size_t index = 0;
    std::string name;
  };

  void Fail(int line, std::string message) {
    failed_ = true;
    if (errors_ >= kMaxBaselineErrors) {
      ++skipped_;
      return;
    }
    ++errors_;
    diagnostics_.push_back({Severity::kError, line, std::move(message)});
  }

  // RFC 4180 records: fields split on commas, quoted fields may hold commas, newlines and "".
  std::vector<Record> SplitRecords(std::string_view text) {
    std::vector<Record> records;
    int line = 1;
    size_t i = 0;
    while (i < text.size()) {
      Record record;
      record.line = line;
      std::string field;
      bool end_of_record = false;
      while (!end_of_record) {
        if (i < text.size() && text[i] == '"') {
          const int opened = line;
          ++i;
          bool closed = false;
          while (i < text.size()) {
            if (text[i] == '"') {
              if (i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                i += 2;
                continue;
              }
              ++i;
              closed = true;
              break;
            }
            if (text[i] == '\n') ++line;
            field += text[i++];
          }
          if (!closed) {
            Fail(opened, "dấu ngoặc kép không được đóng (unclosed quote)");
            return records;
          }
          if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
            Fail(line, "ký tự sau dấu ngoặc kép đóng (text after a closing quote)");
            return records;
          }
        } else {
          while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
            field += text[i++];
        }
        record.fields.push_back(std::move(field));
        field.clear();
        if (i >= text.size()) {
          end_of_record = true;
        } else if (text[i] == ',') {
          ++i;
        } else {
          if (text[i] == '\r') ++i;
          if (i < text.size() && text[i] == '\n') ++i;
          ++line;
          end_of_record = true;
        }
      }
      records.push_back(std::move(record));
    }
    return records;
  }

  bool ReadHeader(const Record& header, BaselineTable& table, std::vector<Column>& columns) {
    for (size_t i = 0; i < kIdentityCount; ++i) {
      if (i >= header.fields.size() || header.fields[i] != kIdentityColumns[i]) {
        Fail(header.line,
             fmt::format("dòng tiêu đề phải bắt đầu bằng province,town,ward,kind; cột {} là "
                         "'{}' (the header must start with province,town,ward,kind)",
                         i + 1, i < header.fields.size() ? header.fields[i] : ""));
        return false;
      }
      columns.push_back({Column::Kind::kIdentity, i, header.fields[i]});
    }
    std::set<std::string> seen(header.fields.begin(), header.fields.begin() + kIdentityCount);
    for (size_t i = kIdentityCount; i < header.fields.size(); ++i) {
      const std::string& name = header.fields[i];
      if (name.empty()) {
        Fail(header.line, fmt::format("cột {} không có tên (column {} has no name)", i + 1, i + 1));
        continue;
      }
      if (!seen.insert(name).second) {
        Fail(header.line, fmt::format("cột '{}' bị lặp (duplicate column)", name));
        continue;
      }
      if (const auto slot = catalogue_.Find(name)) {
        columns.push_back({Column::Kind::kIndicator, static_cast<size_t>(*slot), name});
        table.indicator_slots.push_back(*slot);
      } else {
        columns.push_back({Column::Kind::kExtra, table.extra_columns.size(), name});
        table.extra_columns.push_back(name);
        diagnostics_.push_back(
            {Severity::kWarning, header.line,
             fmt::format("cột '{}' không phải chỉ tiêu trong danh mục, được giữ riêng (column is "
                         "not a catalogue indicator; kept apart)",
                         name)});
      }
    }
    return !failed_;
  }

  void ReadRow(const Record& record, const std::vector<Column>& columns, BaselineTable& table) {
    BaselineRow row;
    row.line = record.line;
    const std::string ward =
        record.fields.size() > 2 && !record.fields[2].empty() ? record.fields[2] : "?";
    const std::string where = fmt::format("dòng {}, phường {}", record.line, ward);
    if (record.fields.size() != columns.size()) {
      Fail(record.line, fmt::format("{}: có {} cột, dòng tiêu đề có {} (row has {} columns, the "
                                    "header {})",
                                    where, record.fields.size(), columns.size(),
                                    record.fields.size(), columns.size()));
      return;
    }
    row.values.assign(static_cast<size_t>(catalogue_.size()), kMissing);
    row.extra.resize(table.extra_columns.size());
    bool ok = true;
    for (size_t c = 0; c < columns.size(); ++c) {
      const Column& column = columns[c];
      const std::string& cell = record.fields[c];
      switch (column.kind) {
        case Column::Kind::kIdentity:
          ok = ReadIdentity(column, cell, where, record.line, row) && ok;
          break;
        case Column::Kind::kExtra:
          row.extra[column.index] = cell;
          break;
        case Column::Kind::kIndicator:
          ok = ReadValue(column, cell, where, record.line, row) && ok;
          break;
      }
    }
    if (!ok) return;
    CheckLe(row, where);
    table.rows.push_back(std::move(row));
  }

  bool ReadIdentity(const Column& column, const std::string& cell, const std::string& where,
                    int line, BaselineRow& row) {
    if (cell.empty()) {
      Fail(line,
           fmt::format("{}, cột {}: không được để trống (may not be empty)", where, column.name));
      return false;
    }
    switch (column.index) {
      case 0:
        row.province = cell;
        break;
      case 1:
        row.town = cell;
        break;
      case 2:
        row.ward = cell;
        break;
      default:
        if (auto kind = ParseUnitKind(cell)) {
          row.kind = *kind;
        } else {
          Fail(line, fmt::format("{}, cột kind: loại đơn vị không hợp lệ '{}'; chỉ có phuong, xa, "
                                 "thi_tran, dac_khu (unknown unit kind)",
                                 where, cell));
          return false;
        }
    }
    return true;
  }

  bool ReadValue(const Column& column, const std::string& cell, const std::string& where, int line,
                 BaselineRow& row) {
    if (cell.empty()) return true;  // not known: stays missing
    double value = 0;
    const char* end = cell.data() + cell.size();
    const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
    if (ec != std::errc() || ptr != end) {
      Fail(line, fmt::format("{}, cột {}: '{}' không phải là số (not a number)", where, column.name,
                             cell));
      return false;
    }
    const Indicator& indicator = catalogue_.at(static_cast<int>(column.index));
    if (auto problem = CheckValue(indicator, value)) {
      Fail(line, fmt::format("{}, cột {}: {}", where, column.name, *problem));
      return false;
    }
    row.values[column.index] = value;
    return true;
  }

  void CheckLe(const BaselineRow& row, const std::string& where) {
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      const Indicator& indicator = catalogue_.at(slot);
      if (indicator.le_slot < 0) continue;
      const double value = row.values[static_cast<size_t>(slot)];
      const double bound = row.values[static_cast<size_t>(indicator.le_slot)];
      if (IsMissing(value) || IsMissing(bound) || value <= bound) continue;
      Fail(row.line, fmt::format("{}, cột {}: giá trị {} vượt quá {} = {} (value above its le "
                                 "bound)",
                                 where, indicator.name, FormatNumberVi(value), indicator.le_name,
                                 FormatNumberVi(bound)));
    }
  }

  const Catalogue& catalogue_;
  std::vector<Diagnostic>& diagnostics_;
  bool failed_ = false;
  size_t errors_ = 0;
  size_t skipped_ = 0;
};

}  // namespace

std::vector<UnitValues> BaselineTable::ToUnitValues(const Catalogue& catalogue) const {
  std::vector<UnitValues> units;
  units.reserve(rows.size());
  for (const BaselineRow& row : rows) {
    UnitValues unit;
    // Ward names repeat across towns (Ninh Xá), so the town goes with it.
    unit.unit = row.ward + ", " + row.town;
    unit.kind = row.kind;
    for (int slot : indicator_slots) {
      const double value = row.values[static_cast<size_t>(slot)];
      if (!IsMissing(value)) unit.values.emplace(catalogue.at(slot).name, value);
    }
    units.push_back(std::move(unit));
  }
  return units;
}

LoadedBaseline ParseBaselineCsv(std::string_view text, const Catalogue& catalogue) {
  LoadedBaseline loaded;
  loaded.table = Parser(catalogue, loaded.diagnostics).Parse(text);
  return loaded;
}

LoadedBaseline LoadBaselineCsvFile(const std::string& path, const Catalogue& catalogue) {
  auto text = ReadFile(path);
  if (!text) {
    LoadedBaseline loaded;
    loaded.diagnostics.push_back({Severity::kError, 0, text.error().message});
    return loaded;
  }
  return ParseBaselineCsv(*text, catalogue);
}

}  // namespace kieumau
