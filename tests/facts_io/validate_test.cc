// Validating facts tables against the built-in catalogue and the units of a year: every problem
// with its row and column, the writes of the valid cells, `le` within a row and against the values
// a real SQLite store holds.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <utility>

#include "facts_io/fact_import.h"
#include "facts_io/fact_table.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

using test::BuiltinCatalogue;

// Units of 2024 by code (ids 1, 2, …), and stored values by (unit id, indicator).
UnitLookup Units(std::vector<std::string> codes,
                 std::map<std::pair<int64_t, std::string>, double> stored = {}) {
  UnitLookup lookup;
  lookup.find_unit = [codes](std::string_view code, int year) -> std::optional<UnitRef> {
    if (year != 2024) return std::nullopt;
    for (size_t i = 0; i < codes.size(); ++i) {
      if (codes[i] == code) return UnitRef{static_cast<int64_t>(i + 1), "Đơn vị " + codes[i]};
    }
    return std::nullopt;
  };
  lookup.stored_value = [stored](int64_t unit, std::string_view indicator,
                                 int year) -> std::optional<double> {
    if (year != 2024) return std::nullopt;
    auto it = stored.find({unit, std::string(indicator)});
    if (it == stored.end()) return std::nullopt;
    return it->second;
  };
  return lookup;
}

FactImport Validate(std::string_view csv, const UnitLookup& units, int year = 2024) {
  auto table = ReadFactTable(csv, TableFormat::kCsv);
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message);
  if (!table.ok()) return {};
  return ValidateFactTable(*table, BuiltinCatalogue(), year, units);
}

// The one error at (row, column); fails the test when there is not exactly one.
std::string ErrorAt(const FactImport& import, int row, const std::string& column) {
  std::string found;
  int count = 0;
  for (const TableError& error : import.errors) {
    if (error.row == row && error.column == column) {
      found = error.message;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << "errors at row " << row << ", column " << column;
  return found;
}

std::string AllErrors(const FactImport& import) {
  std::string all;
  for (const TableError& error : import.errors)
    all += std::to_string(error.row) + " [" + error.column + "] " + error.message + "\n";
  return all;
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

// Hostile input: million-character cells (a unit code, a header, a value) are quoted by a short
// prefix, in the message and in the column it names, and the header is not compared with every
// catalogue name (which took seconds).
TEST(ValidateFactTable, HugeCellsAreQuotedShort) {
  const std::string huge(1'000'000, 'X');
  const FactImport import = Validate(
      "unit_code,unit_name,tips.received," + huge + "\n" + huge + ",,1,\nQN-1,," + huge + ",\n",
      Units({"QN-1"}));
  ASSERT_GE(import.errors.size(), 3u) << AllErrors(import).substr(0, 500);
  for (const TableError& error : import.errors) {
    EXPECT_LT(error.message.size(), 400u) << error.message.substr(0, 200);
    EXPECT_LT(error.column.size(), 100u);
  }
}

TEST(ValidateFactTable, AValidTableGivesOneWritePerNonEmptyCell) {
  const FactImport import = Validate(
      "unit_code,unit_name,tips.received,tips.processed,leadership.annual_resolution,"
      "leadership.party_gov_rating,subjects.reintegrated_percent,patrol.sessions_per_week\n"
      "QN-1,Phường Một,40,38,1,4,95.24,3.5\n"
      "QN-2,Phường Hai,,,FALSE,,,\n"
      " QN-3 ,Xã Ba,\"7\",7,TRUE,2, 100 ,0\n",
      Units({"QN-1", "QN-2", "QN-3"}));
  EXPECT_TRUE(import.ok()) << AllErrors(import);
  ASSERT_EQ(import.writes.size(), 13u);
  EXPECT_EQ(import.writes[0].unit_id, 1);
  EXPECT_EQ(import.writes[0].indicator, "tips.received");
  EXPECT_EQ(import.writes[0].year, 2024);
  EXPECT_EQ(import.writes[0].value, 40);
  EXPECT_EQ(import.writes[4].indicator, "subjects.reintegrated_percent");
  EXPECT_EQ(import.writes[4].value, 95.24);
  EXPECT_EQ(import.writes[5].value, 3.5);
  EXPECT_EQ(import.writes[6].unit_id, 2);
  EXPECT_EQ(import.writes[6].indicator, "leadership.annual_resolution");
  EXPECT_EQ(import.writes[6].value, 0);
  EXPECT_EQ(import.writes[7].unit_id, 3);   // the code is trimmed
  EXPECT_EQ(import.writes[9].value, 1);     // TRUE in a bool column
  EXPECT_EQ(import.writes[11].value, 100);  // " 100 " in quotes, trimmed
  EXPECT_EQ(import.writes[12].indicator, "patrol.sessions_per_week");
  EXPECT_EQ(import.writes[12].value, 0);
}

TEST(ValidateFactTable, WrongTypesNameTheirCell) {
  const FactImport import = Validate(
      "unit_code,unit_name,tips.received,crime.social_order,leadership.annual_resolution,"
      "leadership.party_gov_rating,subjects.reintegrated_percent,patrol.sessions_per_week\n"
      "QN-1,Một,mười,1.5,2,5,120,-1\n"
      "QN-2,Hai,\"1,5\",1.000,có,tốt,TRUE,abc\n"
      "QN-3,Ba,-3,,,,,\n",
      Units({"QN-1", "QN-2", "QN-3"}));
  EXPECT_EQ(import.errors.size(), 13u) << AllErrors(import);
  EXPECT_EQ(ErrorAt(import, 2, "tips.received"),
            "Ô C2 (tips.received): cần một số, nhận được \"mười\" (must be a number)");
  EXPECT_CONTAINS(ErrorAt(import, 2, "crime.social_order"),
                  "Ô D2 (crime.social_order): số đếm phải là số nguyên: 1,5");
  EXPECT_CONTAINS(ErrorAt(import, 2, "leadership.annual_resolution"),
                  "giá trị đúng/sai phải là 0 hoặc 1, nhận được 2");
  EXPECT_CONTAINS(ErrorAt(import, 2, "leadership.party_gov_rating"),
                  "mức xếp loại 5 không thuộc thang rating4 (1, 2, 3, 4)");
  EXPECT_CONTAINS(ErrorAt(import, 2, "subjects.reintegrated_percent"),
                  "tỷ lệ phần trăm phải trong khoảng 0..100: 120");
  EXPECT_CONTAINS(ErrorAt(import, 2, "patrol.sessions_per_week"),
                  "Ô H2 (patrol.sessions_per_week): giá trị không được âm: -1");
  EXPECT_CONTAINS(ErrorAt(import, 3, "tips.received"), "không có dấu phân cách hàng nghìn");
  EXPECT_CONTAINS(ErrorAt(import, 3, "crime.social_order"),
                  "\"1.000\" có dấu chấm phân cách hàng nghìn hay là số thập phân? Hãy viết số "
                  "không có dấu phân cách, ví dụ 1000");
  EXPECT_EQ(ErrorAt(import, 3, "leadership.annual_resolution"),
            "Ô E3 (leadership.annual_resolution): cần 1 (có) hoặc 0 (không), nhận được \"có\" "
            "(must be 1 or 0)");
  EXPECT_CONTAINS(ErrorAt(import, 3, "leadership.party_gov_rating"),
                  "cần một mức của thang rating4 (1, 2, 3, 4), nhận được \"tốt\"");
  EXPECT_CONTAINS(ErrorAt(import, 3, "subjects.reintegrated_percent"),
                  "cần một số, không phải đúng/sai (TRUE/FALSE)");
  EXPECT_CONTAINS(ErrorAt(import, 3, "patrol.sessions_per_week"), "nhận được \"abc\"");
  EXPECT_EQ(ErrorAt(import, 4, "tips.received"),
            "Ô C4 (tips.received): số đếm không được âm: -3 (a count may not be negative)");
  EXPECT_TRUE(import.writes.empty());
}

TEST(ValidateFactTable, MoneyColumnsRefuseDotThousandsToo) {
  Catalogue catalogue;
  Indicator budget;
  budget.name = "budget.spent";
  budget.title = "Kinh phí đã chi";
  budget.type = IndicatorType::kMoneyVnd;
  ASSERT_TRUE(catalogue.Add(budget));
  auto table = ReadFactTable("unit_code,unit_name,budget.spent\nQN-1,,12.500.000\nQN-2,,12500000\n",
                             TableFormat::kCsv);
  ASSERT_TRUE(table.ok());
  const FactImport import = ValidateFactTable(*table, catalogue, 2024, Units({"QN-1", "QN-2"}));
  ASSERT_EQ(import.errors.size(), 1u) << AllErrors(import);
  EXPECT_EQ(import.errors[0].row, 2);
  EXPECT_CONTAINS(import.errors[0].message, "ví dụ 12500000");
  ASSERT_EQ(import.writes.size(), 1u);
  EXPECT_EQ(import.writes[0].value, 12500000);
}

TEST(ValidateFactTable, HeaderProblems) {
  const FactImport import = Validate(
      "unit_code,unit_name,tips.recieved,tips.received,tips.received,unit_name,,không.biết\n"
      "QN-1,Một,1,2,3,x,,\n"
      "QN-2,Hai,,,,,9,\n",
      Units({"QN-1", "QN-2"}));
  EXPECT_EQ(import.errors.size(), 5u) << AllErrors(import);
  EXPECT_EQ(ErrorAt(import, 1, "tips.recieved"),
            "Ô C1: chỉ tiêu \"tips.recieved\" không có trong danh mục chỉ tiêu; có phải "
            "tips.received? (unknown indicator column; did you mean tips.received?)");
  EXPECT_EQ(ErrorAt(import, 1, "tips.received"),
            "Ô E1: cột tips.received bị lặp, đã có ở cột D (duplicated column, first in column D)");
  EXPECT_CONTAINS(ErrorAt(import, 1, "unit_name"), "Ô F1: cột unit_name bị lặp, đã có ở cột B");
  EXPECT_CONTAINS(ErrorAt(import, 1, "G"),
                  "Cột G không có tiêu đề ở dòng 1 nhưng có số liệu (ô G3)");
  EXPECT_EQ(ErrorAt(import, 1, "không.biết"),
            "Ô H1: chỉ tiêu \"không.biết\" không có trong danh mục chỉ tiêu (unknown indicator "
            "column)");
  // The known column still gives its writes; the others none.
  ASSERT_EQ(import.writes.size(), 1u);
  EXPECT_EQ(import.writes[0].indicator, "tips.received");
  EXPECT_EQ(import.writes[0].value, 2);
}

TEST(ValidateFactTable, NoIndicatorColumnsAndNoRows) {
  const FactImport no_columns = Validate("unit_code,unit_name\nQN-1,Một\n", Units({"QN-1"}));
  ASSERT_EQ(no_columns.errors.size(), 1u);
  EXPECT_EQ(no_columns.errors[0].row, 1);
  EXPECT_CONTAINS(no_columns.errors[0].message, "không có cột chỉ tiêu nào");
  const FactImport no_rows = Validate("unit_code,unit_name,tips.received\n", Units({}));
  ASSERT_EQ(no_rows.errors.size(), 1u);
  EXPECT_EQ(no_rows.errors[0], (TableError{0, "",
                                           "Tệp không có dòng số liệu nào dưới dòng tiêu đề (the "
                                           "file has no data rows)"}));
}

TEST(ValidateFactTable, LeWithinTheRow) {
  const FactImport import = Validate(
      "unit_code,unit_name,tips.processed,tips.received,residence.households_total,"
      "residence.households_committed\n"
      "QN-1,Một,41,40,100,100\n"
      "QN-2,Hai,40,40,100,100.5\n"
      "QN-3,Ba,41,,,\n",
      Units({"QN-1", "QN-2", "QN-3"}));
  EXPECT_EQ(import.errors.size(), 2u) << AllErrors(import);
  EXPECT_EQ(ErrorAt(import, 2, "tips.processed"),
            "Ô C2: tips.processed = 41 lớn hơn tips.received = 40 (tips.processed may not exceed "
            "tips.received)");
  // 100.5 is not a count: that is its one error, and no `le` check is made with it.
  EXPECT_CONTAINS(ErrorAt(import, 3, "residence.households_committed"), "số nguyên");
}

TEST(ValidateFactTable, LeAgainstStoredValues) {
  // Unit 1 has tips.received = 40 stored; unit 2 has tips.processed = 41 stored.
  const UnitLookup units =
      Units({"QN-1", "QN-2", "QN-3"},
            {{{1, "tips.received"}, 40}, {{2, "tips.processed"}, 41}, {{3, "tips.received"}, 50}});
  const FactImport import = Validate(
      "unit_code,unit_name,tips.processed,tips.received\n"
      "QN-1,Một,41,\n"
      "QN-2,Hai,,40\n"
      "QN-3,Ba,45,\n",
      units);
  EXPECT_EQ(import.errors.size(), 2u) << AllErrors(import);
  EXPECT_EQ(ErrorAt(import, 2, "tips.processed"),
            "Ô C2: tips.processed = 41 lớn hơn giá trị đã lưu tips.received = 40 (tips.processed "
            "may not exceed the stored tips.received)");
  EXPECT_EQ(ErrorAt(import, 3, "tips.received"),
            "Ô D3 (tips.received): giá trị đã lưu tips.processed = 41 sẽ lớn hơn tips.received = "
            "40 (tips.received = 40 is below the stored tips.processed)");
  EXPECT_EQ(import.writes.size(), 3u);
}

TEST(ValidateFactTable, DuplicateUnknownAndMissingUnits) {
  const FactImport import = Validate(
      "unit_code,unit_name,tips.received\n"
      "QN-1,Một,1\n"
      "QN-9,Chín,2\n"
      ",Không mã,3\n"
      "QN-1,Một lần nữa,4\n",
      Units({"QN-1"}));
  EXPECT_EQ(import.errors.size(), 3u) << AllErrors(import);
  EXPECT_EQ(ErrorAt(import, 3, "unit_code"),
            "Ô A3: không có đơn vị nào mã \"QN-9\" trong năm 2024 (no unit has this code in 2024)");
  EXPECT_EQ(ErrorAt(import, 4, "unit_code"), "Ô A4: thiếu mã đơn vị (missing unit code)");
  EXPECT_EQ(ErrorAt(import, 5, "unit_code"),
            "Ô A5: đơn vị QN-1 bị lặp, đã có ở dòng 2 (duplicate unit, first at row 2)");
  ASSERT_EQ(import.writes.size(), 1u);
  EXPECT_EQ(import.writes[0].value, 1);
}

TEST(ValidateFactTable, UnitsAreLookedUpForTheYear) {
  const std::string csv = "unit_code,unit_name,tips.received\nQN-1,Một,1\n";
  EXPECT_TRUE(Validate(csv, Units({"QN-1"}), 2024).ok());
  const FactImport import = Validate(csv, Units({"QN-1"}), 2025);
  EXPECT_CONTAINS(ErrorAt(import, 2, "unit_code"), "trong năm 2025");
}

TEST(ValidateFactTable, ListsEveryProblemUpToTheCap) {
  std::string csv = "unit_code,unit_name,tips.received,tips.processed\n";
  for (int i = 0; i < 600; ++i)
    csv += "QN-1,,x,y\n";  // row 2: two errors; each later row: duplicate and two errors
  const FactImport import = Validate(csv, Units({"QN-1"}));
  const size_t total = 2 + 599 * 3;
  ASSERT_EQ(import.errors.size(), kMaxTableErrors + 1);
  EXPECT_EQ(import.errors.back(),
            (TableError{0, "",
                        fmt::format("… và {} lỗi khác (and {} more problems)",
                                    total - kMaxTableErrors, total - kMaxTableErrors)}));
  EXPECT_EQ(import.errors[0].row, 2);
  EXPECT_EQ(import.errors[1].column, "tips.processed");
  EXPECT_EQ(import.errors[2].row, 3);
  EXPECT_EQ(import.errors[2].column, "unit_code");
}

TEST(CheckRelations, NamesBothIndicatorsAndValues) {
  const auto& catalogue = BuiltinCatalogue();
  EXPECT_TRUE(CheckRelations(catalogue, {{"tips.processed", 40}, {"tips.received", 40}}).empty());
  EXPECT_TRUE(CheckRelations(catalogue, {{"tips.processed", 41}}).empty());
  const auto problems = CheckRelations(catalogue, {{"tips.processed", 41},
                                                   {"tips.received", 40},
                                                   {"recidivism.released", 2},
                                                   {"recidivism.reoffenders", 2.5},
                                                   {"unknown.indicator", 1}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].indicator, "tips.processed");
  EXPECT_EQ(problems[0].message,
            "tips.processed = 41 lớn hơn tips.received = 40 (tips.processed may not exceed "
            "tips.received)");
  EXPECT_EQ(problems[1].indicator, "recidivism.reoffenders");
  EXPECT_EQ(problems[1].message,
            "recidivism.reoffenders = 2,5 lớn hơn recidivism.released = 2 (recidivism.reoffenders "
            "may not exceed recidivism.released)");
}

// The lookup a caller wires to the store: units by code, stored values by GetFacts.
class StoreLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kieumau-fio-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = OpenStore("sqlite:" + dir_ + "/kieumau.db");
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Ward(const std::string& code, const std::string& name) {
    UnitRecord unit;
    unit.code = code;
    unit.level = "commune";
    unit.kind = "phuong";
    unit.name = name;
    auto id = store_->CreateUnit(unit);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  UnitLookup Lookup() {
    UnitLookup lookup;
    lookup.find_unit = [this](std::string_view code, int) -> std::optional<UnitRef> {
      auto unit = store_->FindUnitByCode(code);
      if (!unit.ok()) return std::nullopt;
      return UnitRef{unit->id, unit->name};
    };
    lookup.stored_value = [this](int64_t unit, std::string_view indicator,
                                 int year) -> std::optional<double> {
      auto facts = store_->GetFacts(std::span<const int64_t>(&unit, 1), year);
      if (!facts.ok()) return std::nullopt;
      for (const FactValue& fact : *facts) {
        if (fact.indicator == indicator) return fact.value;
      }
      return std::nullopt;
    };
    return lookup;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreLookupTest, ImportIsCheckedAgainstStoredValuesThenStored) {
  const int64_t hong_gai = Ward("QN-22012", "Phường Hồng Gai");
  const int64_t bai_chay = Ward("QN-22013", "Phường Bãi Cháy");
  ASSERT_TRUE(store_
                  ->PutFacts(std::vector<FactWrite>{{hong_gai, "tips.received", 2024, 40.0},
                                                    {bai_chay, "tips.received", 2023, 10.0}},
                             WriteActor{ActorKind::kUser, "can_bo", FactSource::kForm, ""},
                             Timestamp(std::chrono::seconds(1)))
                  .ok());
  const std::string csv =
      "unit_code,unit_name,tips.processed\n"
      "QN-22012,Phường Hồng Gai,41\n"
      "QN-22013,Phường Bãi Cháy,12\n";  // 10 is stored for 2023, not 2024
  const FactImport refused = Validate(csv, Lookup());
  ASSERT_EQ(refused.errors.size(), 1u) << AllErrors(refused);
  EXPECT_EQ(refused.errors[0].row, 2);
  EXPECT_EQ(refused.errors[0].column, "tips.processed");
  EXPECT_CONTAINS(refused.errors[0].message,
                  "tips.processed = 41 lớn hơn giá trị đã lưu tips.received = 40");

  const FactImport accepted = Validate(
      "unit_code,unit_name,tips.processed,tips.received\n"
      "QN-22012,Phường Hồng Gai,41,45\n"
      "QN-22013,Phường Bãi Cháy,12,\n",
      Lookup());
  ASSERT_TRUE(accepted.ok()) << AllErrors(accepted);
  ASSERT_TRUE(store_
                  ->PutFacts(accepted.writes,
                             WriteActor{ActorKind::kUser, "nhap_tep", FactSource::kImport, ""},
                             Timestamp(std::chrono::seconds(2)))
                  .ok());
  auto stored = store_->GetFacts(std::span<const int64_t>(&hong_gai, 1), 2024);
  ASSERT_TRUE(stored.ok());
  std::map<std::string, double> values;
  for (const FactValue& fact : *stored)
    values[fact.indicator] = fact.value;
  EXPECT_EQ(values, (std::map<std::string, double>{{"tips.processed", 41}, {"tips.received", 45}}));
}

}  // namespace
}  // namespace kieumau
