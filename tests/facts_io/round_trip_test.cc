// Writing facts tables and reading them back: the same table from CSV and from xlsx, with
// Vietnamese names, quoting edge cases and every kind of cell; the shape of what is written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "facts_io/fact_import.h"
#include "facts_io/fact_table.h"
#include "support/test_support.h"
#include "xlsx_fixture.h"

namespace kieumau {
namespace {

using test::BuiltinCatalogue;

// Rows as the writers take them, numbered as the reader will number them.
std::vector<FactTableRow> SampleRows() {
  const Catalogue& catalogue = BuiltinCatalogue();
  std::vector<FactTableRow> rows;
  rows.push_back(MakeFactTableRow(catalogue, "QN-22012", "Phường Hồng Gai",
                                  {{"tips.received", 40},
                                   {"tips.processed", 38},
                                   {"leadership.party_gov_rating", 4},
                                   {"leadership.annual_resolution", 1},
                                   {"subjects.reintegrated_percent", 95.24},
                                   {"patrol.sessions_per_week", 7.5},
                                   {"land.area_m2", 1250.75}}));
  rows.push_back(MakeFactTableRow(catalogue, "00123", "Xã \"Đảo\" Cô Tô, huyện Cô Tô",
                                  {{"tips.received", 0},
                                   {"leadership.annual_resolution", 0},
                                   {"patrol.sessions_per_week", 0.1}}));
  rows.push_back(MakeFactTableRow(catalogue, "QN-3", "Dòng một\r\nDòng hai\nTổ\t1", {}));
  rows.push_back(
      MakeFactTableRow(catalogue, "QN-4", " khoảng trắng ", {{"land.area_m2", 123456789012.5}}));
  // Cells of every kind, not only numbers.
  FactTableRow mixed = MakeFactTableRow(catalogue, "QN-5", "", {{"tips.processed", 3}});
  mixed.cells.resize(mixed.cells.size() + 2);
  mixed.cells[mixed.cells.size() - 2] = Cell::Bool(true);
  mixed.cells[mixed.cells.size() - 1] = Cell::Text("chưa có, \"đang\" xác minh");
  rows.push_back(std::move(mixed));
  int number = 2;
  for (FactTableRow& row : rows)
    row.row = number++;
  return rows;
}

void ExpectSameTable(const FactTable& table, const std::vector<FactTableRow>& rows) {
  const Catalogue& catalogue = BuiltinCatalogue();
  ASSERT_EQ(table.columns.size(), static_cast<size_t>(catalogue.size()));
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    EXPECT_EQ(table.columns[static_cast<size_t>(slot)].name, catalogue.at(slot).name);
    EXPECT_EQ(table.columns[static_cast<size_t>(slot)].letter, ColumnLetter(slot + 2u));
  }
  ASSERT_EQ(table.rows.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(table.rows[i].row, rows[i].row);
    EXPECT_EQ(table.rows[i].unit_code, rows[i].unit_code);
    EXPECT_EQ(table.rows[i].unit_name, rows[i].unit_name);
    ASSERT_EQ(table.rows[i].cells.size(), rows[i].cells.size()) << rows[i].unit_code;
    for (size_t k = 0; k < rows[i].cells.size(); ++k) {
      const Cell& got = table.rows[i].cells[k];
      const Cell& want = rows[i].cells[k];
      EXPECT_EQ(got, want) << rows[i].unit_code << " " << table.columns[k].name << ": "
                           << static_cast<int>(got.kind) << " " << got.number << " " << got.text;
    }
  }
}

TEST(RoundTrip, Csv) {
  const std::vector<FactTableRow> rows = SampleRows();
  const std::string csv = WriteFactTableCsv(BuiltinCatalogue(), rows);
  auto table = ReadFactTable(csv, GuessTableFormat(csv));
  ASSERT_TRUE(table.ok()) << table.error().message;
  ExpectSameTable(*table, rows);
}

TEST(RoundTrip, CsvKeepsEveryDoubleExactly) {
  const Catalogue& catalogue = BuiltinCatalogue();
  const std::vector<double> values = {0.1 + 0.2, 1.0 / 3, 1e-7, 9007199254740993.0, 1e21};
  std::vector<FactTableRow> rows;
  for (double value : values)
    rows.push_back(MakeFactTableRow(catalogue, "U", "", {{"patrol.sessions_per_week", value}}));
  auto table = ReadFactTable(WriteFactTableCsv(catalogue, rows), TableFormat::kCsv);
  ASSERT_TRUE(table.ok()) << table.error().message;
  const int slot = *catalogue.Find("patrol.sessions_per_week");
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(table->rows[i].cell(static_cast<size_t>(slot)).number, values[i]);
}

TEST(RoundTrip, Xlsx) {
  const std::vector<FactTableRow> rows = SampleRows();
  auto bytes = WriteFactTableXlsx(BuiltinCatalogue(), rows, "Số liệu 2024");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_EQ(GuessTableFormat(*bytes), TableFormat::kXlsx);
  auto table = ReadFactTable(*bytes, TableFormat::kXlsx);
  ASSERT_TRUE(table.ok()) << table.error().message;
  ExpectSameTable(*table, rows);
}

TEST(RoundTrip, ReadBackTablesValidateToTheSameWrites) {
  const Catalogue& catalogue = BuiltinCatalogue();
  std::vector<FactTableRow> rows = SampleRows();
  rows.pop_back();  // the row with text in a number column
  UnitLookup units;
  units.find_unit = [](std::string_view code, int) -> std::optional<UnitRef> {
    return UnitRef{static_cast<int64_t>(code.size()), std::string(code)};
  };
  auto xlsx = WriteFactTableXlsx(catalogue, rows, "x");
  ASSERT_TRUE(xlsx.ok());
  auto from_csv = ReadFactTable(WriteFactTableCsv(catalogue, rows), TableFormat::kCsv);
  auto from_xlsx = ReadFactTable(*xlsx, TableFormat::kXlsx);
  ASSERT_TRUE(from_csv.ok() && from_xlsx.ok());
  const FactImport csv_import = ValidateFactTable(*from_csv, catalogue, 2024, units);
  const FactImport xlsx_import = ValidateFactTable(*from_xlsx, catalogue, 2024, units);
  EXPECT_TRUE(csv_import.ok());
  EXPECT_TRUE(xlsx_import.ok());
  ASSERT_EQ(csv_import.writes.size(), 11u);
  ASSERT_EQ(xlsx_import.writes.size(), csv_import.writes.size());
  for (size_t i = 0; i < csv_import.writes.size(); ++i) {
    EXPECT_EQ(xlsx_import.writes[i].unit_id, csv_import.writes[i].unit_id);
    EXPECT_EQ(xlsx_import.writes[i].indicator, csv_import.writes[i].indicator);
    EXPECT_EQ(xlsx_import.writes[i].value, csv_import.writes[i].value);
  }
  EXPECT_EQ(csv_import.writes[4].indicator, "subjects.reintegrated_percent");
  EXPECT_EQ(csv_import.writes[4].value, 95.24);
}

TEST(WriteCsv, HasABomCrlfAndTheHeaderInCatalogueOrder) {
  const Catalogue& catalogue = BuiltinCatalogue();
  const std::string csv = WriteFactTableCsv(catalogue, SampleRows());
  std::string header = "\xEF\xBB\xBFunit_code,unit_name";
  for (const Indicator& indicator : catalogue.indicators())
    header += "," + indicator.name;
  header += "\r\n";
  ASSERT_EQ(csv.substr(0, header.size()), header);
  const std::string first =
      csv.substr(header.size(), csv.find("\r\n", header.size()) - header.size());
  EXPECT_TRUE(first.starts_with("QN-22012,Phường Hồng Gai,4,,1,")) << first;
  EXPECT_NE(csv.find("\r\n00123,\"Xã \"\"Đảo\"\" Cô Tô, huyện Cô Tô\",,,"), std::string::npos);
  EXPECT_NE(csv.find(",95.24,"), std::string::npos);
  EXPECT_NE(csv.find(",7.5,"), std::string::npos);
  EXPECT_NE(csv.find(",123456789012.5"), std::string::npos);
  EXPECT_NE(csv.find(",3,TRUE,\"chưa có, \"\"đang\"\" xác minh\",,"), std::string::npos);
  EXPECT_NE(csv.find("\r\nQN-3,\"Dòng một\r\nDòng hai\nTổ\t1\",,"), std::string::npos);
}

TEST(WriteXlsx, TheTemplateReadsBackAsTheHeaderAlone) {
  const Catalogue& catalogue = BuiltinCatalogue();
  auto bytes = WriteFactTableXlsx(catalogue, {}, "Mẫu nhập số liệu");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto table = ReadFactTable(*bytes, TableFormat::kXlsx);
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_TRUE(table->rows.empty());
  ASSERT_EQ(table->columns.size(), static_cast<size_t>(catalogue.size()));
  EXPECT_EQ(table->columns.back().name, catalogue.indicators().back().name);
}

TEST(WriteXlsx, FrozenBoldHeaderTitlesAndTheIndicatorSheet) {
  const Catalogue& catalogue = BuiltinCatalogue();
  auto bytes = WriteFactTableXlsx(catalogue, SampleRows(), "Số liệu 2024/2025: Quảng Ninh [nháp]");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const std::string workbook = test::ZipPart(*bytes, "xl/workbook.xml");
  // Excel's forbidden characters replaced, cut to 31 characters; the second sheet.
  EXPECT_NE(workbook.find("name=\"Số liệu 2024-2025- Quảng Ninh -\""), std::string::npos)
      << workbook;
  EXPECT_NE(workbook.find("name=\"Chỉ tiêu\""), std::string::npos);
  const std::string sheet = test::ZipPart(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(
      sheet.find("<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\" "
                 "state=\"frozen\"/>"),
      std::string::npos)
      << sheet.substr(0, 800);
  EXPECT_NE(sheet.find("<dataValidation"), std::string::npos);
  const std::string styles = test::ZipPart(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  const std::string comments = test::ZipPart(*bytes, "xl/comments1.xml");
  EXPECT_NE(comments.find("Số tố giác, tin báo được giải quyết đúng quy định"), std::string::npos);
  EXPECT_NE(comments.find("Không lớn hơn (≤) tips.received"), std::string::npos);
  // The indicator sheet lists every indicator with its title and `le`.
  const std::string strings = test::ZipPart(*bytes, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Tổng số hộ gia đình"), std::string::npos);
  EXPECT_NE(strings.find("một trong 1, 2, 3, 4 (thang rating4)"), std::string::npos);
}

TEST(WriteXlsx, AnUnusableSheetTitleFallsBackToADefault) {
  for (const std::string& title : {std::string(""), std::string("''"), std::string("Chỉ tiêu")}) {
    auto bytes = WriteFactTableXlsx(BuiltinCatalogue(), {}, title);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    EXPECT_NE(test::ZipPart(*bytes, "xl/workbook.xml").find("<sheet name=\"Số liệu\""),
              std::string::npos);
  }
}

}  // namespace
}  // namespace kieumau
