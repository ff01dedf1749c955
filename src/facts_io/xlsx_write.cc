// Writing the facts table as an xlsx workbook with libxlsxwriter, which writes only to a named
// file: the workbook goes to a temporary file that is read back and removed.
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "facts_io/fact_table.h"
#include "facts_io/table_internal.h"

namespace kieumau {
namespace {

constexpr const char* kIndicatorSheet = "Chỉ tiêu";
constexpr const char* kDefaultSheet = "Số liệu";

// Removes the temporary file however the writing ends.
class TempFile {
 public:
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  bool Create() {
    std::error_code ignored;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ignored);
    if (dir.empty()) dir = "/tmp";
    std::string pattern = (dir / "kieumau-facts-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return false;
    close(fd);
    path_ = pattern;
    return true;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string_view TypeKey(IndicatorType type) {
  switch (type) {
    case IndicatorType::kCount:
      return "count";
    case IndicatorType::kBool:
      return "bool";
    case IndicatorType::kRating:
      return "rating";
    case IndicatorType::kNumber:
      return "number";
    case IndicatorType::kPercent:
      return "percent";
    case IndicatorType::kAreaM2:
      return "area_m2";
    case IndicatorType::kMoneyVnd:
      return "money_vnd";
  }
  return "";
}

std::string ScaleKeys(const Indicator& indicator) {
  std::string keys;
  for (long key : indicator.scale_keys)
    keys += (keys.empty() ? "" : ", ") + std::to_string(key);
  return keys;
}

// What a cell of the indicator may hold, for the "Chỉ tiêu" sheet.
std::string AllowedValues(const Indicator& indicator) {
  switch (indicator.type) {
    case IndicatorType::kCount:
      return "số nguyên ≥ 0 (whole number ≥ 0)";
    case IndicatorType::kBool:
      return "1 = có, 0 = không (1 yes, 0 no)";
    case IndicatorType::kRating:
      return fmt::format("một trong {} (thang {}) (one of the scale's levels)",
                         ScaleKeys(indicator), indicator.scale);
    case IndicatorType::kNumber:
      return "số ≥ 0, dấu chấm thập phân (number ≥ 0, decimal point)";
    case IndicatorType::kPercent:
      return "0..100, dấu chấm thập phân (percent 0..100)";
    case IndicatorType::kAreaM2:
      return "mét vuông ≥ 0 (square metres ≥ 0)";
    case IndicatorType::kMoneyVnd:
      return "số đồng nguyên ≥ 0 (whole đồng ≥ 0)";
  }
  return "";
}

// The sheet title Excel accepts: no []:*?/\, no apostrophe at either end, at most 31 characters.
std::string SheetTitle(lxw_workbook* workbook, const std::string& wanted) {
  std::string title;
  for (char c : wanted)
    title.push_back(std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-');
  while (!title.empty() && (title.front() == '\'' || title.front() == ' '))
    title.erase(title.begin());
  size_t chars = 0;
  for (size_t i = 0; i < title.size(); ++i) {
    if ((static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) continue;
    if (chars++ == 31) {
      title.resize(i);
      break;
    }
  }
  while (!title.empty() && (title.back() == '\'' || title.back() == ' '))
    title.pop_back();
  if (title.empty() || facts_io::FirstInvalidUtf8(title) != std::string::npos ||
      title == kIndicatorSheet || workbook_validate_sheet_name(workbook, title.c_str()) != 0) {
    return kDefaultSheet;
  }
  return title;
}

// A check Excel applies as the user types, mirroring CheckValue.
void AddValidation(lxw_worksheet* sheet, lxw_col_t column, const Indicator& indicator) {
  lxw_data_validation validation{};
  std::vector<std::string> keys;
  std::vector<char*> list;
  std::string message;
  switch (indicator.type) {
    case IndicatorType::kCount:
      validation.validate = LXW_VALIDATION_TYPE_INTEGER;
      validation.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      validation.value_number = 0;
      message = "Cần một số nguyên không âm (a whole number, not negative).";
      break;
    case IndicatorType::kBool:
    case IndicatorType::kRating:
      if (indicator.type == IndicatorType::kBool) {
        keys = {"0", "1"};
        message = "Cần 1 (có) hoặc 0 (không) (1 yes, 0 no).";
      } else {
        for (long key : indicator.scale_keys)
          keys.push_back(std::to_string(key));
        message = fmt::format("Cần một mức của thang {}: {} (a level of the scale).",
                              indicator.scale, ScaleKeys(indicator));
      }
      for (std::string& key : keys)
        list.push_back(key.data());
      list.push_back(nullptr);
      validation.validate = LXW_VALIDATION_TYPE_LIST;
      validation.value_list = list.data();
      break;
    case IndicatorType::kPercent:
      validation.validate = LXW_VALIDATION_TYPE_DECIMAL;
      validation.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      validation.minimum_number = 0;
      validation.maximum_number = 100;
      message = "Cần tỷ lệ phần trăm từ 0 đến 100 (a percent, 0..100).";
      break;
    case IndicatorType::kNumber:
    case IndicatorType::kAreaM2:
    case IndicatorType::kMoneyVnd:
      validation.validate = LXW_VALIDATION_TYPE_DECIMAL;
      validation.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      validation.value_number = 0;
      message = "Cần một số không âm (a number, not negative).";
      break;
  }
  std::string title = "Giá trị không hợp lệ";
  validation.error_title = title.data();
  validation.error_message = message.data();
  worksheet_data_validation_range(sheet, 1, column, LXW_ROW_MAX - 1, column, &validation);
}

lxw_error WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const Cell& cell,
                    lxw_format* format) {
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      return LXW_NO_ERROR;
    case Cell::Kind::kNumber:
      return worksheet_write_number(sheet, row, column, cell.number, format);
    case Cell::Kind::kBool:
      return worksheet_write_boolean(sheet, row, column, cell.number != 0 ? 1 : 0, format);
    case Cell::Kind::kText:
      return worksheet_write_string(sheet, row, column, cell.text.c_str(), nullptr);
  }
  return LXW_NO_ERROR;
}

void WriteIndicatorSheet(lxw_workbook* workbook, lxw_format* bold, const Catalogue& catalogue) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, kIndicatorSheet);
  const char* headers[] = {"Tên cột (column)", "Chỉ tiêu (indicator)", "Kiểu (type)",
                           "Giá trị hợp lệ (allowed values)", "Không lớn hơn (may not exceed)"};
  for (lxw_col_t column = 0; column < std::size(headers); ++column)
    worksheet_write_string(sheet, 0, column, headers[column], bold);
  lxw_row_t row = 1;
  for (const Indicator& indicator : catalogue.indicators()) {
    worksheet_write_string(sheet, row, 0, indicator.name.c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, indicator.title.c_str(), nullptr);
    worksheet_write_string(sheet, row, 2, std::string(TypeKey(indicator.type)).c_str(), nullptr);
    worksheet_write_string(sheet, row, 3, AllowedValues(indicator).c_str(), nullptr);
    if (!indicator.le_name.empty())
      worksheet_write_string(sheet, row, 4, indicator.le_name.c_str(), nullptr);
    ++row;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  worksheet_set_column(sheet, 0, 0, 36, nullptr);
  worksheet_set_column(sheet, 1, 1, 70, nullptr);
  worksheet_set_column(sheet, 2, 2, 11, nullptr);
  worksheet_set_column(sheet, 3, 3, 44, nullptr);
  worksheet_set_column(sheet, 4, 4, 32, nullptr);
}

}  // namespace

Result<std::string> WriteFactTableXlsx(const Catalogue& catalogue,
                                       const std::vector<FactTableRow>& rows,
                                       const std::string& sheet_title) {
  if (rows.size() + 1 > LXW_ROW_MAX || static_cast<size_t>(catalogue.size()) + 2 > LXW_COL_MAX) {
    return Error{"Bảng quá lớn cho một trang tính Excel (the table is too large for a worksheet)"};
  }
  TempFile file;
  if (!file.Create()) {
    return Error{"Không tạo được tệp tạm để ghi xlsx (cannot create a temporary file)"};
  }
  lxw_workbook_options options{};
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) {
    return Error{"Không tạo được sổ tính xlsx (cannot create the workbook)"};
  }
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  lxw_format* text = workbook_add_format(workbook);
  format_set_num_format(text, "@");  // codes such as 00123 stay text when typed in
  lxw_format* whole = workbook_add_format(workbook);
  format_set_num_format(whole, "0");  // never 1E+12, never thousands separators

  const std::string title = SheetTitle(workbook, sheet_title);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, title.c_str());
  worksheet_write_string(sheet, 0, 0, "unit_code", bold);
  worksheet_write_string(sheet, 0, 1, "unit_name", bold);
  worksheet_set_column(sheet, 0, 0, 14, text);
  worksheet_set_column(sheet, 1, 1, 32, nullptr);
  lxw_comment_options comment{};
  comment.width = 320;
  comment.height = 90;
  std::string author = "KieuMau";
  std::vector<lxw_format*> formats(static_cast<size_t>(catalogue.size()), nullptr);
  comment.author = author.data();
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    const Indicator& indicator = catalogue.at(slot);
    const auto column = static_cast<lxw_col_t>(slot + 2);
    worksheet_write_string(sheet, 0, column, indicator.name.c_str(), bold);
    std::string note = indicator.title;
    if (!indicator.le_name.empty()) note += "\nKhông lớn hơn (≤) " + indicator.le_name;
    worksheet_write_comment_opt(sheet, 0, column, note.c_str(), &comment);
    const bool whole_number =
        indicator.type == IndicatorType::kCount || indicator.type == IndicatorType::kMoneyVnd ||
        indicator.type == IndicatorType::kBool || indicator.type == IndicatorType::kRating;
    formats[static_cast<size_t>(slot)] = whole_number ? whole : nullptr;
    worksheet_set_column(sheet, column, column, 16, formats[static_cast<size_t>(slot)]);
    AddValidation(sheet, column, indicator);
  }
  worksheet_freeze_panes(sheet, 1, 2);

  const auto columns = static_cast<size_t>(catalogue.size());
  lxw_row_t at = 1;
  for (const FactTableRow& row : rows) {
    lxw_error error = LXW_NO_ERROR;
    size_t column = 0;
    if (!row.unit_code.empty())
      error = worksheet_write_string(sheet, at, 0, row.unit_code.c_str(), nullptr);
    if (error == LXW_NO_ERROR && !row.unit_name.empty()) {
      column = 1;
      error = worksheet_write_string(sheet, at, 1, row.unit_name.c_str(), nullptr);
    }
    for (size_t i = 0; error == LXW_NO_ERROR && i < columns && i < row.cells.size(); ++i) {
      column = i + 2;
      error = WriteCell(sheet, at, static_cast<lxw_col_t>(column), row.cells[i], formats[i]);
    }
    if (error != LXW_NO_ERROR) {
      workbook_close(workbook);
      return Error{fmt::format("Không ghi được ô {}{}: {} (could not write a cell)",
                               ColumnLetter(column), at + 1, lxw_strerror(error))};
    }
    ++at;
  }
  WriteIndicatorSheet(workbook, bold, catalogue);

  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    return Error{fmt::format("Không ghi được tệp xlsx: {} (could not write the xlsx file)",
                             lxw_strerror(error))};
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Error{"Không đọc lại được tệp xlsx vừa ghi (cannot read the written file)"};
  }
  return bytes;
}

}  // namespace kieumau
