// Reading facts tables from xlsx: real workbooks written by libxlsxwriter, hand-made parts for what
// other programs write (prefixed namespaces, rich text, cells without references), and broken
// files of every kind.
#include <gtest/gtest.h>

#include <string>

#include "facts_io/fact_table.h"
#include "xlsx_fixture.h"

namespace kieumau {
namespace {

using test::MakeXlsx;
using test::MakeZip;

FactTable ReadOk(const std::string& bytes) {
  EXPECT_EQ(GuessTableFormat(bytes), TableFormat::kXlsx);
  auto table = ReadFactTable(bytes, TableFormat::kXlsx);
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message);
  return table.ok() ? std::move(table).value() : FactTable{};
}

std::string ReadError(const std::string& bytes) {
  auto table = ReadFactTable(bytes, TableFormat::kXlsx);
  EXPECT_FALSE(table.ok());
  return table.ok() ? "" : table.error().message;
}

// Header in row 1 (A1, B1, C1, E1: D1 left empty), then numbers, strings, booleans, a formula's
// cached value and gaps; the second sheet is not read.
void FillMixedWorkbook(lxw_workbook* workbook) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Số liệu 2024");
  worksheet_write_string(sheet, 0, 0, "unit_code", nullptr);
  worksheet_write_string(sheet, 0, 1, "unit_name", nullptr);
  worksheet_write_string(sheet, 0, 2, "tips.received", nullptr);
  worksheet_write_string(sheet, 0, 4, "leadership.annual_resolution", nullptr);
  worksheet_write_string(sheet, 0, 5, "subjects.reintegrated_percent", nullptr);

  worksheet_write_string(sheet, 1, 0, "QN-22012", nullptr);
  worksheet_write_string(sheet, 1, 1, "Phường Hồng Gai", nullptr);
  worksheet_write_number(sheet, 1, 2, 40, nullptr);
  worksheet_write_boolean(sheet, 1, 4, 1, nullptr);
  worksheet_write_number(sheet, 1, 5, 95.24, nullptr);

  // Row 3 left out entirely; row 4: a number as the code, text in a number column, FALSE, a
  // formula with its cached result.
  worksheet_write_number(sheet, 3, 0, 22015, nullptr);
  worksheet_write_string(sheet, 3, 1, "Xã Đảo Cô Tô", nullptr);
  worksheet_write_string(sheet, 3, 2, "mười hai", nullptr);
  worksheet_write_boolean(sheet, 3, 4, 0, nullptr);
  worksheet_write_formula_num(sheet, 3, 5, "=50+25.5", nullptr, 75.5);

  lxw_worksheet* other = workbook_add_worksheet(workbook, "Khác");
  worksheet_write_string(other, 0, 0, "không đọc", nullptr);
}

void CheckMixedTable(const FactTable& table) {
  ASSERT_EQ(table.columns.size(), 4u);
  EXPECT_EQ(table.columns[0].name, "tips.received");
  EXPECT_EQ(table.columns[1].name, "");  // D1 is empty
  EXPECT_EQ(table.columns[1].letter, "D");
  EXPECT_EQ(table.columns[2].name, "leadership.annual_resolution");
  EXPECT_EQ(table.columns[3].letter, "F");
  ASSERT_EQ(table.rows.size(), 2u);

  const FactTableRow& first = table.rows[0];
  EXPECT_EQ(first.row, 2);
  EXPECT_EQ(first.unit_code, "QN-22012");
  EXPECT_EQ(first.unit_name, "Phường Hồng Gai");
  EXPECT_EQ(first.cell(0), Cell::Number(40));
  EXPECT_TRUE(first.cell(1).empty());
  EXPECT_EQ(first.cell(2), Cell::Bool(true));
  EXPECT_EQ(first.cell(3), Cell::Number(95.24));

  const FactTableRow& second = table.rows[1];
  EXPECT_EQ(second.row, 4);
  EXPECT_EQ(second.unit_code, "22015");
  EXPECT_EQ(second.unit_name, "Xã Đảo Cô Tô");
  EXPECT_EQ(second.cell(0), Cell::Text("mười hai"));
  EXPECT_EQ(second.cell(2), Cell::Bool(false));
  EXPECT_EQ(second.cell(3), Cell::Number(75.5));
}

TEST(XlsxRead, SharedStringsNumbersBooleansFormulasAndGaps) {
  CheckMixedTable(ReadOk(MakeXlsx(FillMixedWorkbook)));
}

TEST(XlsxRead, InlineStringsAsWrittenInConstantMemoryMode) {
  const std::string bytes = MakeXlsx(FillMixedWorkbook, /*constant_memory=*/true);
  ASSERT_NE(test::ZipPart(bytes, "xl/worksheets/sheet1.xml").find("inlineStr"), std::string::npos);
  CheckMixedTable(ReadOk(bytes));
}

TEST(XlsxRead, TextThatLooksLikeANumberStaysText) {
  const FactTable table = ReadOk(MakeXlsx([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    worksheet_write_string(sheet, 0, 0, "unit_code", nullptr);
    worksheet_write_string(sheet, 0, 1, "unit_name", nullptr);
    worksheet_write_string(sheet, 0, 2, "tips.received", nullptr);
    worksheet_write_string(sheet, 1, 0, "00123", nullptr);
    worksheet_write_string(sheet, 1, 2, "12", nullptr);
    worksheet_write_string(sheet, 1, 3, "", nullptr);
  }));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].unit_code, "00123");
  EXPECT_EQ(table.rows[0].cell(0), Cell::Text("12"));
  EXPECT_EQ(table.rows[0].cells.size(), 1u);
}

TEST(XlsxRead, RefusesAFirstSheetWithoutTheHeader) {
  const std::string message = ReadError(MakeXlsx([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    worksheet_write_string(sheet, 0, 0, "BÁO CÁO SỐ LIỆU NĂM 2024", nullptr);
    worksheet_write_string(sheet, 1, 0, "unit_code", nullptr);
  }));
  EXPECT_NE(message.find("ô A1 là \"BÁO CÁO SỐ LIỆU NĂM 2024\""), std::string::npos) << message;
}

TEST(XlsxRead, RefusesAnEmptyFirstSheet) {
  const std::string message = ReadError(
      MakeXlsx([](lxw_workbook* workbook) { workbook_add_worksheet(workbook, nullptr); }));
  EXPECT_NE(message.find("Trang tính đầu tiên của tệp xlsx trống"), std::string::npos) << message;
}

// The parts of a workbook as another program may write them.
constexpr const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
constexpr const char* kPackageRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/>
</Relationships>)";
// The first sheet listed is the second part: the order of <sheet> decides, not the file names.
constexpr const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="Nhập" sheetId="2" rel:id="rId7"/><x:sheet name="Cũ" sheetId="1" rel:id="rId1"/></x:sheets>
</x:workbook>)";
constexpr const char* kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/../worksheets/input.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
</Relationships>)";
constexpr const char* kSharedStrings =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<x:si><x:t>unit_code</x:t></x:si>
<x:si><x:t>unit_name</x:t></x:si>
<x:si><x:r><x:t>Phường </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Trần Phú</x:t></x:r><x:rPh sb="0" eb="1"><x:t>IGNORED</x:t></x:rPh></x:si>
<x:si><x:t xml:space="preserve">Dòng một_x000D_
Dòng hai</x:t></x:si>
<x:si><x:t>tips.received</x:t></x:si>
</x:sst>)";
constexpr const char* kSheet =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>4</x:v></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>tips.processed</x:t></x:is></x:c></x:row>
<x:row><x:c t="str"><x:f>"A"&amp;"-1"</x:f><x:v>A-1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c><x:v>1.0000000000000001E-2</x:v></x:c><x:c r="E2" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row r="7"><x:c r="A7" t="inlineStr"><x:is><x:r><x:t>B-</x:t></x:r><x:r><x:t>2</x:t></x:r></x:is></x:c><x:c r="B7" t="s"><x:v>3</x:v></x:c><x:c r="C7" s="3"/><x:c r="E7" t="b"><x:v>1</x:v></x:c></x:row>
<x:row r="9"><x:c r="C9" s="1"/></x:row>
</x:sheetData>
</x:worksheet>)";
constexpr const char* kOldSheet =
    R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>)";

std::vector<std::pair<std::string, std::string>> HandMadeParts() {
  return {{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kPackageRels},
          {"xl/workbook.xml", kWorkbook},         {"xl/_rels/workbook.xml.rels", kWorkbookRels},
          {"xl/strings.xml", kSharedStrings},     {"xl/worksheets/input.xml", kSheet},
          {"xl/worksheets/sheet1.xml", kOldSheet}};
}

TEST(XlsxRead, PrefixedPartsRichTextEscapesAndCellsWithoutReferences) {
  const FactTable table = ReadOk(MakeZip(HandMadeParts()));
  ASSERT_EQ(table.columns.size(), 3u);
  EXPECT_EQ(table.columns[0].name, "tips.received");
  EXPECT_EQ(table.columns[1].name, "");
  EXPECT_EQ(table.columns[2].name, "tips.processed");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].row, 2);
  EXPECT_EQ(table.rows[0].unit_code, "A-1");
  EXPECT_EQ(table.rows[0].unit_name, "Phường Trần Phú");
  EXPECT_EQ(table.rows[0].cell(0), Cell::Number(0.01));
  EXPECT_EQ(table.rows[0].cell(0).text, "1.0000000000000001E-2");
  EXPECT_EQ(table.rows[0].cell(2), Cell::Text("#DIV/0!"));
  EXPECT_EQ(table.rows[1].row, 7);
  EXPECT_EQ(table.rows[1].unit_code, "B-2");
  EXPECT_EQ(table.rows[1].unit_name, "Dòng một\r\nDòng hai");
  EXPECT_TRUE(table.rows[1].cell(0).empty());
  EXPECT_EQ(table.rows[1].cell(2), Cell::Bool(true));
}

std::string ReplacedPart(const std::string& name, const std::string& content) {
  auto parts = HandMadeParts();
  for (auto& part : parts) {
    if (part.first == name) part.second = content;
  }
  return MakeZip(parts);
}

TEST(XlsxRead, RefusesACellReferringToAMissingSharedString) {
  std::string sheet = kSheet;
  sheet.replace(sheet.find("<x:v>2</x:v>"), 12, "<x:v>99</x:v>");
  const std::string message = ReadError(ReplacedPart("xl/worksheets/input.xml", sheet));
  EXPECT_NE(message.find("Tệp xlsx bị hỏng: ô B2 trỏ tới chuỗi dùng chung số 99 không có"),
            std::string::npos)
      << message;
}

TEST(XlsxRead, RefusesRowsOutOfOrder) {
  std::string sheet = kSheet;
  sheet.replace(sheet.find("r=\"9\""), 5, "r=\"3\"");
  const std::string message = ReadError(ReplacedPart("xl/worksheets/input.xml", sheet));
  EXPECT_NE(message.find("không theo thứ tự (dòng 3 sau dòng 7)"), std::string::npos) << message;
}

TEST(XlsxRead, RefusesMalformedSheetXml) {
  const std::string message = ReadError(ReplacedPart(
      "xl/worksheets/input.xml", std::string(kSheet).substr(0, std::string(kSheet).size() / 2)));
  EXPECT_EQ(
      message.rfind("Tệp xlsx bị hỏng: phần xl/worksheets/input.xml không phải XML hợp lệ", 0), 0u)
      << message;
}

TEST(XlsxRead, RefusesADoctype) {
  const std::string message = ReadError(ReplacedPart(
      "xl/strings.xml",
      R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst><si><t>&a;</t></si></sst>)"));
  EXPECT_NE(message.find("phần xl/strings.xml có khai báo DOCTYPE"), std::string::npos) << message;
}

TEST(XlsxRead, RefusesBytesThatAreNotAZip) {
  const std::string message = ReadError("unit_code,unit_name\nA,B\n");
  EXPECT_EQ(message.rfind("Tệp xlsx bị hỏng: đây không phải tệp Excel .xlsx", 0), 0u) << message;
  EXPECT_NE(message.find("(the xlsx file is corrupt: not a zip archive)"), std::string::npos);
  const std::string zip_like = ReadError(std::string("PK\x03\x04", 4) + std::string(200, 'x'));
  EXPECT_EQ(zip_like.rfind("Tệp xlsx bị hỏng", 0), 0u) << zip_like;
  EXPECT_NE(ReadError("").find("Tệp trống"), std::string::npos);
}

TEST(XlsxRead, RefusesATruncatedFile) {
  const std::string whole = MakeXlsx(FillMixedWorkbook);
  for (size_t keep : {whole.size() / 2, whole.size() - 30, size_t{10}}) {
    const std::string message = ReadError(whole.substr(0, keep));
    EXPECT_EQ(message.rfind("Tệp xlsx bị hỏng: tệp bị cắt cụt hoặc không đầy đủ", 0), 0u)
        << keep << ": " << message;
    EXPECT_NE(message.find("(the xlsx file is corrupt: truncated or incomplete zip archive)"),
              std::string::npos);
  }
}

TEST(XlsxRead, RefusesAZipWithoutTheSheet) {
  const std::string bytes = test::EditZip(MakeXlsx(FillMixedWorkbook), [](zip_t* zip) {
    ASSERT_EQ(zip_delete(zip, static_cast<zip_uint64_t>(
                                  zip_name_locate(zip, "xl/worksheets/sheet1.xml", 0))),
              0);
  });
  const std::string message = ReadError(bytes);
  EXPECT_EQ(message,
            "Tệp xlsx bị hỏng: thiếu phần xl/worksheets/sheet1.xml; hãy mở tệp bằng "
            "Excel, lưu lại (Save As \"Excel Workbook (*.xlsx)\") rồi tải lên lại (the "
            "xlsx file is corrupt: part xl/worksheets/sheet1.xml is missing)");
}

TEST(XlsxRead, RefusesAZipThatIsNotAWorkbook) {
  const std::string message = ReadError(MakeZip({{"readme.txt", "xin chào"}}));
  EXPECT_NE(message.find("không phải bảng tính Excel"), std::string::npos) << message;
}

TEST(XlsxRead, RefusesACorruptedCompressedPart) {
  std::string bytes = MakeXlsx(FillMixedWorkbook);
  // Flip bytes inside the sheet's compressed data (found after its local header name).
  const size_t name = bytes.find("xl/worksheets/sheet1.xml");
  ASSERT_NE(name, std::string::npos);
  for (size_t i = name + 40; i < name + 80; ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  const std::string message = ReadError(bytes);
  EXPECT_EQ(message.rfind("Tệp xlsx bị hỏng: phần xl/worksheets/sheet1.xml", 0), 0u) << message;
}

TEST(XlsxRead, RefusesAZipBomb) {
  // 65 MiB of spaces inside the sheet XML deflate to about 64 KiB.
  std::string sheet =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  sheet.append(kMaxXlsxPartBytes + (1u << 20), ' ');
  sheet += "<sheetData/></worksheet>";
  const std::string bytes = ReplacedPart("xl/worksheets/input.xml", sheet);
  sheet.clear();
  ASSERT_LT(bytes.size(), 1u << 20);
  const std::string message = ReadError(bytes);
  EXPECT_NE(message.find("phần xl/worksheets/input.xml giải nén ra hơn 64 MiB"), std::string::npos)
      << message;
}

TEST(XlsxRead, RefusesSharedStringAmplification) {
  // One 1 MiB shared string used by 70 cells: 70 MiB of text from a small file.
  std::string strings =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>unit_code</t></si><si><t>unit_name</t></si><si><t>)";
  strings.append(1u << 20, 'x');
  strings += "</t></si></sst>";
  std::string sheet =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>)";
  for (int row = 2; row < 72; ++row)
    sheet += "<row><c t=\"s\"><v>2</v></c></row>";
  sheet += "</sheetData></worksheet>";
  auto parts = HandMadeParts();
  for (auto& part : parts) {
    if (part.first == "xl/strings.xml") part.second = strings;
    if (part.first == "xl/worksheets/input.xml") part.second = sheet;
  }
  const std::string message = ReadError(MakeZip(parts));
  EXPECT_NE(message.find("Tệp có quá nhiều chữ (hơn 64 MiB)"), std::string::npos) << message;
}

}  // namespace
}  // namespace kieumau
