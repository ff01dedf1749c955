// The baseline CSV reader on the shipped file and on broken inputs.
#include "programme/baseline_csv.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/facts.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

const char* kHeader =
    "province,town,ward,kind,staff.count,staff.masters,hq.independent,pilot_2023\n";

LoadedBaseline Parse(const std::string& text) {
  return ParseBaselineCsv(text, test::BuiltinCatalogue());
}

std::string Errors(const LoadedBaseline& loaded) {
  std::string out;
  for (const Diagnostic& d : loaded.diagnostics)
    out += std::to_string(d.line) + ": " + d.message + "\n";
  return out;
}

// Expects the load to fail with an error on `line` whose message holds every one of `words`.
void ExpectError(const std::string& text, int line, std::initializer_list<std::string> words) {
  const LoadedBaseline loaded = Parse(text);
  EXPECT_FALSE(loaded.table);
  bool found = false;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity != Severity::kError || d.line != line) continue;
    bool all = true;
    for (const std::string& word : words)
      all = all && d.message.find(word) != std::string::npos;
    found = found || all;
  }
  EXPECT_TRUE(found) << "expected an error on line " << line << ", got:\n" << Errors(loaded);
}

double Value(const BaselineRow& row, const char* name) {
  return row.values[static_cast<size_t>(*test::BuiltinCatalogue().Find(name))];
}

TEST(BaselineCsv, ReadsTheShippedFile) {
  const LoadedBaseline loaded = LoadBaselineCsvFile(
      test::RepoPath("data/demo/bac-ninh-2024-baseline.csv"), test::BuiltinCatalogue());
  ASSERT_TRUE(loaded.table) << Errors(loaded);
  const BaselineTable& table = *loaded.table;
  ASSERT_EQ(table.rows.size(), 52u);
  EXPECT_EQ(table.indicator_slots.size(), 10u);
  EXPECT_EQ(table.extra_columns, std::vector<std::string>{"pilot_2023"});
  // The extra column is reported, as a warning.
  ASSERT_EQ(loaded.diagnostics.size(), 1u);
  EXPECT_EQ(loaded.diagnostics[0].severity, Severity::kWarning);
  EXPECT_NE(loaded.diagnostics[0].message.find("pilot_2023"), std::string::npos);

  const BaselineRow& first = table.rows[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.province, "Bắc Ninh");
  EXPECT_EQ(first.town, "Thành phố Bắc Ninh");
  EXPECT_EQ(first.ward, "Vũ Ninh");
  EXPECT_EQ(first.kind, UnitKind::kPhuong);
  EXPECT_EQ(Value(first, "staff.count"), 10);
  EXPECT_EQ(Value(first, "land.area_m2"), 200);
  EXPECT_TRUE(IsMissing(Value(first, "teams.count")));
  int pilots = 0;
  for (const BaselineRow& row : table.rows) {
    ASSERT_EQ(row.extra.size(), 1u);
    if (row.extra[0] == "1") {
      ++pilots;
      EXPECT_EQ(row.ward, "Suối Hoa");
    }
  }
  EXPECT_EQ(pilots, 1);
}

TEST(BaselineCsv, QuotesBomCrlfAndEmptyCells) {
  const std::string text = std::string("\xEF\xBB\xBF") +
                           "province,town,ward,kind,staff.count,staff.masters\r\n"
                           "Bắc Ninh,\"Thị xã Quế Võ, cũ\",\"Phố \"\"Mới\"\"\",phuong,11,\r\n";
  const LoadedBaseline loaded = Parse(text);
  ASSERT_TRUE(loaded.table) << Errors(loaded);
  ASSERT_EQ(loaded.table->rows.size(), 1u);
  const BaselineRow& row = loaded.table->rows[0];
  EXPECT_EQ(row.town, "Thị xã Quế Võ, cũ");
  EXPECT_EQ(row.ward, "Phố \"Mới\"");
  EXPECT_EQ(Value(row, "staff.count"), 11);
  EXPECT_TRUE(IsMissing(Value(row, "staff.masters")));
  const std::vector<UnitValues> units = loaded.table->ToUnitValues(test::BuiltinCatalogue());
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].values.count("staff.masters"), 0u);  // unknown, not zero
  EXPECT_EQ(units[0].values.at("staff.count"), 11);
}

TEST(BaselineCsv, RefusesAWrongType) {
  ExpectError(std::string(kHeader) +
                  "Bắc Ninh,T,Vũ Ninh,phuong,10,0,1,0\n"
                  "Bắc Ninh,T,Đáp Cầu,phuong,bảy,0,1,0\n",
              3, {"dòng 3", "Đáp Cầu", "staff.count", "not a number"});
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,Vũ Ninh,phuong,10,0,2,0\n", 2,
              {"hq.independent", "a bool must be 0 or 1"});
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,Vũ Ninh,phuong,7.5,0,1,0\n", 2,
              {"staff.count", "whole number"});
}

TEST(BaselineCsv, RefusesANegativeCount) {
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,Vũ Ninh,phuong,-3,0,1,0\n", 2,
              {"staff.count", "may not be negative"});
}

TEST(BaselineCsv, RefusesAValueAboveItsLeBound) {
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,Vũ Ninh,phuong,5,6,1,0\n", 2,
              {"staff.masters", "staff.count", "le bound"});
}

TEST(BaselineCsv, RefusesAnUnknownKind) {
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,Vũ Ninh,quan,10,0,1,0\n", 2,
              {"cột kind", "quan", "unknown unit kind"});
}

TEST(BaselineCsv, RefusesAShortRow) {
  ExpectError(std::string(kHeader) +
                  "Bắc Ninh,T,Vũ Ninh,phuong,10,0,1,0\n"
                  "Bắc Ninh,T,Đáp Cầu,phuong,7,0\n",
              3, {"Đáp Cầu", "6 columns", "header 8"});
}

TEST(BaselineCsv, RefusesBadHeadersAndFiles) {
  ExpectError("town,province,ward,kind,staff.count\nT,Bắc Ninh,Vũ Ninh,phuong,10\n", 1,
              {"province,town,ward,kind"});
  ExpectError("province,town,ward,kind,staff.count,staff.count\n", 1,
              {"staff.count", "duplicate column"});
  ExpectError("", 1, {"empty file"});
  ExpectError(std::string(kHeader), 1, {"no data rows"});
  ExpectError(std::string(kHeader) + "Bắc Ninh,T,\"Vũ Ninh,phuong,10,0,1,0\n", 2,
              {"unclosed quote"});
  ExpectError(std::string(kHeader) + "B\xE1\xBA,T,Vũ Ninh,phuong,10,0,1,0\n", 2, {"UTF-8"});
  ExpectError(std::string(kHeader) + ",T,Vũ Ninh,phuong,10,0,1,0\n", 2, {"province", "empty"});
}

TEST(BaselineCsv, ReportsEveryBadRowUpToTheLimit) {
  std::string text = kHeader;
  for (int i = 0; i < 120; ++i)
    text += "Bắc Ninh,T,W" + std::to_string(i) + ",phuong,-1,0,1,0\n";
  const LoadedBaseline loaded = Parse(text);
  EXPECT_FALSE(loaded.table);
  ASSERT_EQ(loaded.diagnostics.size(), kMaxBaselineErrors + 2);  // + the extra-column warning
  EXPECT_NE(loaded.diagnostics.back().message.find("20 more errors"), std::string::npos);
}

}  // namespace
}  // namespace kieumau
