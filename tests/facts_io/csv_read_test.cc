// Reading facts tables from CSV: the shape, quoting, line ends, encodings and what is refused.
#include <gtest/gtest.h>

#include <string>

#include "facts_io/fact_table.h"

namespace kieumau {
namespace {

FactTable ReadOk(std::string_view csv) {
  auto table = ReadFactTable(csv, TableFormat::kCsv);
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message);
  return table.ok() ? std::move(table).value() : FactTable{};
}

std::string ReadError(std::string_view csv) {
  auto table = ReadFactTable(csv, TableFormat::kCsv);
  EXPECT_FALSE(table.ok());
  return table.ok() ? "" : table.error().message;
}

TEST(CsvRead, KeepsRowNumbersColumnLettersAndCellTypes) {
  const FactTable table = ReadOk(
      "unit_code,unit_name,tips.received,tips.processed,leadership.annual_resolution\n"
      "QN-1,Phường Hồng Gai,12,7.5,TRUE\n"
      "\n"
      "QN-2,Phường Bãi Cháy,,x,\n");
  ASSERT_EQ(table.columns.size(), 3u);
  EXPECT_EQ(table.columns[0].name, "tips.received");
  EXPECT_EQ(table.columns[0].letter, "C");
  EXPECT_EQ(table.columns[2].letter, "E");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].row, 2);
  EXPECT_EQ(table.rows[0].unit_code, "QN-1");
  EXPECT_EQ(table.rows[0].unit_name, "Phường Hồng Gai");
  ASSERT_EQ(table.rows[0].cells.size(), 3u);
  EXPECT_EQ(table.rows[0].cells[0], Cell::Number(12));
  EXPECT_EQ(table.rows[0].cells[0].text, "12");
  EXPECT_EQ(table.rows[0].cells[1], Cell::Number(7.5));
  EXPECT_EQ(table.rows[0].cells[2], Cell::Bool(true));
  // The empty line is row 3 in a spreadsheet: the next row is row 4.
  EXPECT_EQ(table.rows[1].row, 4);
  ASSERT_EQ(table.rows[1].cells.size(), 2u);  // the trailing empty cell is left out
  EXPECT_TRUE(table.rows[1].cells[0].empty());
  EXPECT_EQ(table.rows[1].cells[1], Cell::Text("x"));
  EXPECT_TRUE(table.rows[1].cell(2).empty());
}

TEST(CsvRead, QuotingCommasQuotesAndNewlinesInNames) {
  const FactTable table = ReadOk(
      "unit_code,unit_name,tips.received\r\n"
      "QN-1,\"Phường A, khu 1\",1\r\n"
      "QN-2,\"Đội \"\"Cơ động\"\"\",2\r\n"
      "QN-3,\"Dòng một\r\nDòng hai\nDòng ba\",3\r\n"
      "QN-4,\"\",4\r\n"
      "\"QN-5\",\" khoảng trắng \",\"5\"\r\n");
  ASSERT_EQ(table.rows.size(), 5u);
  EXPECT_EQ(table.rows[0].unit_name, "Phường A, khu 1");
  EXPECT_EQ(table.rows[1].unit_name, "Đội \"Cơ động\"");
  EXPECT_EQ(table.rows[2].unit_name, "Dòng một\r\nDòng hai\nDòng ba");
  EXPECT_EQ(table.rows[2].cells[0], Cell::Number(3));
  // A record with newlines inside quotes is one spreadsheet row: the next is row 5.
  EXPECT_EQ(table.rows[3].row, 5);
  EXPECT_EQ(table.rows[3].unit_name, "");
  EXPECT_EQ(table.rows[4].unit_code, "QN-5");
  EXPECT_EQ(table.rows[4].unit_name, " khoảng trắng ");
  EXPECT_EQ(table.rows[4].cells[0], Cell::Number(5));
}

TEST(CsvRead, LineEndsBomAndNoFinalNewline) {
  const std::string lf = "unit_code,unit_name,tips.received\nA,Tên,1\nB,Tên,2";
  const std::string crlf = "unit_code,unit_name,tips.received\r\nA,Tên,1\r\nB,Tên,2\r\n";
  const std::string cr = "unit_code,unit_name,tips.received\rA,Tên,1\rB,Tên,2\r";
  const std::string bom = "\xEF\xBB\xBF" + crlf;
  for (const std::string& csv : {lf, crlf, cr, bom}) {
    const FactTable table = ReadOk(csv);
    ASSERT_EQ(table.rows.size(), 2u) << csv;
    EXPECT_EQ(table.columns[0].name, "tips.received");
    EXPECT_EQ(table.rows[1].row, 3);
    EXPECT_EQ(table.rows[1].unit_code, "B");
    EXPECT_EQ(table.rows[1].cells[0], Cell::Number(2));
  }
}

TEST(CsvRead, NumbersAreOnlyPlainDecimals) {
  const FactTable table = ReadOk(
      "unit_code,unit_name,a,b,c,d,e,f,g\n"
      "X,Y, 12 ,-3,1e3,\"1,5\",1 000,0x10,inf\n");
  const auto& cells = table.rows[0].cells;
  EXPECT_EQ(cells[0], Cell::Number(12));
  EXPECT_EQ(cells[0].text, " 12 ");
  EXPECT_EQ(cells[1], Cell::Number(-3));
  EXPECT_EQ(cells[2], Cell::Number(1000));
  EXPECT_EQ(cells[3], Cell::Text("1,5"));
  EXPECT_EQ(cells[4], Cell::Text("1 000"));
  EXPECT_EQ(cells[5], Cell::Text("0x10"));
  EXPECT_EQ(cells[6], Cell::Text("inf"));
}

TEST(CsvRead, HeaderOnlyIsATableWithoutRows) {
  const FactTable table = ReadOk("unit_code,unit_name,tips.received\r\n");
  EXPECT_EQ(table.columns.size(), 1u);
  EXPECT_TRUE(table.rows.empty());
}

TEST(CsvRead, ColumnsPastTheHeaderAreKeptWithoutAName) {
  const FactTable table = ReadOk("unit_code,unit_name,tips.received\nA,B,1,,9\n");
  ASSERT_EQ(table.columns.size(), 3u);
  EXPECT_EQ(table.columns[2].name, "");
  EXPECT_EQ(table.columns[2].letter, "E");
  EXPECT_EQ(table.rows[0].cells[2], Cell::Number(9));
}

TEST(CsvRead, RefusesAnEmptyFile) {
  EXPECT_NE(ReadError("").find("Tệp trống"), std::string::npos);
  EXPECT_NE(ReadError("\xEF\xBB\xBF\r\n \r\n").find("(the file is empty)"), std::string::npos);
}

TEST(CsvRead, RefusesAHeaderThatDoesNotStartWithUnitCodeAndName) {
  const std::string message = ReadError("Mã đơn vị,Tên,tips.received\nA,B,1\n");
  EXPECT_NE(message.find("unit_code, unit_name"), std::string::npos) << message;
  EXPECT_NE(message.find("ô A1 là \"Mã đơn vị\""), std::string::npos) << message;
  EXPECT_NE(message.find("(the header row must start with unit_code,unit_name)"),
            std::string::npos);
  EXPECT_NE(ReadError("unit_code,ten,x\n").find("cột B phải là unit_name"), std::string::npos);
  // Row 1 empty, the header below it.
  EXPECT_NE(ReadError("\nunit_code,unit_name\n").find("dòng 1 trống"), std::string::npos);
}

TEST(CsvRead, SemicolonSeparatedFilesGetAHint) {
  const std::string message = ReadError("unit_code;unit_name;tips.received\nA;B;1\n");
  EXPECT_NE(message.find("dấu chấm phẩy"), std::string::npos) << message;
  EXPECT_NE(message.find("CSV UTF-8"), std::string::npos);
}

TEST(CsvRead, RefusesWindows1258NamingRowAndColumn) {
  // "Phường" in Windows-1258: ư = 0xFD, ờ = ơ (0xF5) + combining grave (0xCC).
  const std::string csv = "unit_code,unit_name,tips.received\nA,Ph\xFD\xF5\xCCng 1,3\n";
  const std::string message = ReadError(csv);
  EXPECT_EQ(message.rfind("Dòng 2, cột B (unit_name): tệp không phải văn bản UTF-8 (byte 0xFD)", 0),
            0u)
      << message;
  EXPECT_NE(message.find("\"CSV UTF-8 (Comma delimited) (*.csv)\""), std::string::npos);
  EXPECT_NE(message.find("(the file is not UTF-8: save it as \"CSV UTF-8\")"), std::string::npos);
}

TEST(CsvRead, RefusesLatin1InADataColumn) {
  const std::string csv =
      "unit_code,unit_name,tips.received,tips.processed\nA,B,1,2\nC,D,1,caf\xE9\n";
  const std::string message = ReadError(csv);
  EXPECT_EQ(message.rfind("Dòng 3, cột D (tips.processed):", 0), 0u) << message;
  EXPECT_NE(message.find("0xE9"), std::string::npos);
}

TEST(CsvRead, RefusesAnOverlongUtf8FormInTheHeader) {
  const std::string message = ReadError("unit_code,unit_name,\xC0\xAF\n");
  EXPECT_EQ(message.rfind("Dòng 1, cột C:", 0), 0u) << message;
}

TEST(CsvRead, RefusesUtf16WithABom) {
  // "unit_code" in UTF-16 LE after its BOM, and in UTF-16 BE.
  std::string le = "\xFF\xFE";
  std::string be = "\xFE\xFF";
  for (char c : std::string("unit_code,unit_name\r\n")) {
    le += c;
    le += '\0';
    be += '\0';
    be += c;
  }
  for (const std::string& csv : {le, be}) {
    const std::string message = ReadError(csv);
    EXPECT_NE(message.find("UTF-16"), std::string::npos) << message;
    EXPECT_NE(message.find("CSV UTF-8"), std::string::npos) << message;
  }
}

TEST(CsvRead, RefusesUtf16WithoutABomByItsNulBytes) {
  std::string csv;
  for (char c : std::string("unit_code,unit_name\r\n")) {
    csv += c;
    csv += '\0';
  }
  EXPECT_NE(ReadError(csv).find("byte NUL"), std::string::npos);
}

TEST(CsvRead, RefusesXlsAndXlsxBytesGivenAsCsv) {
  EXPECT_NE(ReadError(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)).find(".xls"),
            std::string::npos);
  EXPECT_NE(ReadError("PK\x03\x04 rest").find("không phải CSV"), std::string::npos);
}

TEST(CsvRead, RefusesAnUnclosedQuoteNamingItsRow) {
  const std::string message = ReadError("unit_code,unit_name\nA,\"Phường\nB,C\n");
  EXPECT_EQ(message.rfind("Dòng 2, cột B: dấu ngoặc kép", 0), 0u) << message;
}

TEST(CsvRead, RefusesMoreRowsThanTheLimit) {
  std::string csv = "unit_code,unit_name,tips.received\n";
  for (size_t i = 0; i <= kMaxTableRows; ++i)
    csv += "U" + std::to_string(i) + ",,1\n";
  const std::string message = ReadError(csv);
  EXPECT_NE(message.find("Tệp có hơn 20.000 dòng số liệu"), std::string::npos) << message;
  // Exactly the limit is read, however many empty lines follow.
  csv = "unit_code,unit_name,tips.received\n";
  for (size_t i = 0; i < kMaxTableRows; ++i)
    csv += "U" + std::to_string(i) + ",,1\n";
  csv += "\n\n,,\n";
  EXPECT_EQ(ReadOk(csv).rows.size(), kMaxTableRows);
}

TEST(CsvRead, RefusesDataPastTheLastColumnAllowed) {
  std::string csv = "unit_code,unit_name\nA,B";
  for (size_t i = 2; i < kMaxTableColumns; ++i)
    csv += ",";
  EXPECT_EQ(ReadOk(csv + ",\n").rows.size(), 1u);  // empty cells past the limit are nothing
  const std::string message = ReadError(csv + ",1\n");
  EXPECT_NE(message.find("Ô AMK2 có dữ liệu nhưng nằm ngoài cột AMJ"), std::string::npos)
      << message;
}

TEST(TableFormatGuess, ZipMeansXlsx) {
  EXPECT_EQ(GuessTableFormat(std::string_view("PK\x03\x04xyz", 7)), TableFormat::kXlsx);
  EXPECT_EQ(GuessTableFormat("unit_code,unit_name"), TableFormat::kCsv);
  EXPECT_EQ(GuessTableFormat(""), TableFormat::kCsv);
  EXPECT_EQ(GuessTableFormat("PK"), TableFormat::kCsv);
}

TEST(ColumnLetters, AreTheSpreadsheetsOwn) {
  EXPECT_EQ(ColumnLetter(0), "A");
  EXPECT_EQ(ColumnLetter(25), "Z");
  EXPECT_EQ(ColumnLetter(26), "AA");
  EXPECT_EQ(ColumnLetter(701), "ZZ");
  EXPECT_EQ(ColumnLetter(702), "AAA");
  EXPECT_EQ(ColumnLetter(16383), "XFD");
}

TEST(TableNumbers, AreShortestExactWithoutExponent) {
  EXPECT_EQ(FormatTableNumber(12), "12");
  EXPECT_EQ(FormatTableNumber(7.5), "7.5");
  EXPECT_EQ(FormatTableNumber(0.1), "0.1");
  EXPECT_EQ(FormatTableNumber(-0.0), "0");
  EXPECT_EQ(FormatTableNumber(1e12), "1000000000000");
  EXPECT_EQ(FormatTableNumber(95.24), "95.24");
  EXPECT_EQ(FormatTableNumber(0.1 + 0.2), "0.30000000000000004");
}

}  // namespace
}  // namespace kieumau
