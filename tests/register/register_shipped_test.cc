// The shipped register (data/vn-admin/, built into the program) parses without a problem and holds
// what its README says: the counts of each file and the Bắc Ninh checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "register/register_data.h"
#include "register_test_util.h"

namespace kieumau::admin_register {
namespace {

using test::Builtin;

template <typename Row>
std::map<UnitKind, int> KindCounts(const std::vector<Row>& rows) {
  std::map<UnitKind, int> counts;
  for (const Row& row : rows)
    ++counts[row.kind];
  return counts;
}

template <typename Row, typename Field>
size_t Distinct(const std::vector<Row>& rows, Field field) {
  std::set<std::string_view> values;
  for (const Row& row : rows)
    values.insert(row.*field);
  return values.size();
}

TEST(ShippedRegister, State20241101) {
  const std::vector<CommuneRow>& communes = Builtin().communes_2024_11_01;
  EXPECT_EQ(communes.size(), 10472u);
  EXPECT_EQ(KindCounts(communes), (std::map<UnitKind, int>{
                                      {UnitKind::kPhuong, 1749},
                                      {UnitKind::kXa, 8105},
                                      {UnitKind::kThiTran, 618},
                                  }));
  EXPECT_EQ(Distinct(communes, &CommuneRow::province_code), 63u);
  // 704 districts, 5 of them island districts without communes: 699 appear in commune rows.
  EXPECT_EQ(Distinct(communes, &CommuneRow::district_code), 699u);
  EXPECT_EQ(communes.front().line, 2);
}

TEST(ShippedRegister, State20250301) {
  const std::vector<CommuneRow>& communes = Builtin().communes_2025_03_01;
  EXPECT_EQ(communes.size(), 10035u);
  EXPECT_EQ(KindCounts(communes), (std::map<UnitKind, int>{
                                      {UnitKind::kPhuong, 1726},
                                      {UnitKind::kXa, 7692},
                                      {UnitKind::kThiTran, 617},
                                  }));
  EXPECT_EQ(Distinct(communes, &CommuneRow::province_code), 63u);
  EXPECT_EQ(Distinct(communes, &CommuneRow::district_code), 696u - 5u);
}

TEST(ShippedRegister, States20250701And20260430) {
  const RegisterData& data = Builtin();
  EXPECT_EQ(data.communes_2025_07_01.size(), 3321u);
  EXPECT_EQ(KindCounts(data.communes_2025_07_01), (std::map<UnitKind, int>{
                                                      {UnitKind::kPhuong, 687},
                                                      {UnitKind::kXa, 2621},
                                                      {UnitKind::kDacKhu, 13},
                                                  }));
  EXPECT_EQ(data.communes_2026_04_30.size(), 3321u);
  EXPECT_EQ(KindCounts(data.communes_2026_04_30), (std::map<UnitKind, int>{
                                                      {UnitKind::kPhuong, 697},
                                                      {UnitKind::kXa, 2611},
                                                      {UnitKind::kDacKhu, 13},
                                                  }));
  EXPECT_EQ(Distinct(data.communes_2025_07_01, &NewCommuneRow::province_code), 34u);
  // Same codes on both dates: the 10 Đồng Nai communes became wards under their codes.
  EXPECT_EQ(Distinct(data.communes_2025_07_01, &NewCommuneRow::code), 3321u);
  for (size_t i = 0; i < data.communes_2025_07_01.size(); ++i)
    ASSERT_EQ(data.communes_2025_07_01[i].code, data.communes_2026_04_30[i].code);
}

TEST(ShippedRegister, Provinces) {
  const std::vector<ProvinceRow>& provinces = Builtin().provinces_2026_04_30;
  ASSERT_EQ(provinces.size(), 34u);
  // Six centrally governed cities of 2025, and Đồng Nai from 2026-04-30.
  EXPECT_EQ(
      std::count_if(provinces.begin(), provinces.end(),
                    [](const ProvinceRow& row) { return row.kind == ProvinceKind::kThanhPho; }),
      7);
  std::multiset<std::string_view> old_codes;
  for (const ProvinceRow& row : provinces)
    old_codes.insert(row.formed_from_codes.begin(), row.formed_from_codes.end());
  EXPECT_EQ(old_codes.size(), 63u);
  EXPECT_EQ(std::set<std::string_view>(old_codes.begin(), old_codes.end()).size(), 63u);
}

TEST(ShippedRegister, Lineage) {
  const RegisterData& data = Builtin();
  const std::vector<LineageRow>& lineage = data.lineage_2025_07_01;
  EXPECT_EQ(lineage.size(), 10564u);
  EXPECT_EQ(std::count_if(lineage.begin(), lineage.end(),
                          [](const LineageRow& row) { return row.share == Share::kWhole; }),
            9595);
  EXPECT_EQ(std::count_if(lineage.begin(), lineage.end(),
                          [](const LineageRow& row) { return row.share == Share::kPart; }),
            969);
  // Every old commune is in a new unit; the 5 special zones formed from island districts without
  // communes have no lineage row.
  EXPECT_EQ(Distinct(lineage, &LineageRow::old_code), 10035u);
  EXPECT_EQ(Distinct(lineage, &LineageRow::new_code), 3321u - 5u);

  const std::vector<UnmatchedRow>& unmatched = data.lineage_unmatched;
  EXPECT_EQ(unmatched.size(), 556u);
  EXPECT_EQ(std::count_if(unmatched.begin(), unmatched.end(),
                          [](const UnmatchedRow& row) { return !row.resolved_code; }),
            9);
  // Every heuristic decision of the lineage is listed among the unmatched names, except the text
  // override of Xã Đồng Tâm (01165, share_basis refined_text_used): its 3 rows are not, though the
  // README says every text override is.
  std::set<std::pair<std::string_view, std::string_view>> resolved;
  for (const UnmatchedRow& row : unmatched) {
    if (row.resolved_code) resolved.emplace(row.new_code, *row.resolved_code);
  }
  for (const LineageRow& row : lineage) {
    if (row.IsHeuristic() && !row.HasShareBasis("refined_text_used")) {
      EXPECT_TRUE(resolved.count({row.new_code, row.old_code})) << row.line;
    }
  }
  // A quoted field with commas and parentheses, read whole.
  EXPECT_EQ(unmatched.front().candidates,
            "00067(Phường Chương Dương, Quận Hoàn Kiếm, score 3);10237(Xã Chương Dương, Huyện "
            "Thường Tín, score 0)");
}

TEST(ShippedRegister, Changes) {
  const RegisterData& data = Builtin();
  const std::vector<ChangeRow>& changes = data.changes_early_2025;
  EXPECT_EQ(changes.size(), 2287u);
  std::map<std::pair<std::string, ChangeType>, int> by_change;
  std::map<std::pair<std::string, PredecessorMethod>, int> by_method;
  for (const ChangeRow& row : changes) {
    ++by_change[{row.effective_date.ToString(), row.change}];
    if (row.change == ChangeType::kPredecessor)
      ++by_method[{row.effective_date.ToString(), row.method}];
  }
  const std::string jan = "2025-01-01";
  const std::string mar = "2025-03-01";
  EXPECT_EQ(by_change, (std::map<std::pair<std::string, ChangeType>, int>{
                           {{jan, ChangeType::kProvinceRenamed}, 1},
                           {{jan, ChangeType::kProvinceKindChanged}, 1},
                           {{jan, ChangeType::kDistrictAdded}, 2},
                           {{jan, ChangeType::kDistrictRemoved}, 10},
                           {{jan, ChangeType::kDistrictRenamed}, 3},
                           {{jan, ChangeType::kDistrictKindChanged}, 6},
                           {{mar, ChangeType::kDistrictKindChanged}, 2},
                           {{jan, ChangeType::kCommuneAdded}, 12},
                           {{mar, ChangeType::kCommuneAdded}, 10},
                           {{jan, ChangeType::kCommuneRemoved}, 433},
                           {{mar, ChangeType::kCommuneRemoved}, 26},
                           {{jan, ChangeType::kCommuneRenamed}, 231},
                           {{mar, ChangeType::kCommuneRenamed}, 10},
                           {{jan, ChangeType::kCommuneRespelt}, 55},
                           {{mar, ChangeType::kCommuneRespelt}, 4},
                           {{jan, ChangeType::kCommuneKindChanged}, 109},
                           {{mar, ChangeType::kCommuneKindChanged}, 10},
                           {{jan, ChangeType::kCommuneMoved}, 140},
                           {{jan, ChangeType::kPredecessor}, 1156},
                           {{mar, ChangeType::kPredecessor}, 66},
                       }));
  EXPECT_EQ(by_method, (std::map<std::pair<std::string, PredecessorMethod>, int>{
                           {{jan, PredecessorMethod::kSameCode}, 313},
                           {{mar, PredecessorMethod::kSameCode}, 16},
                           {{jan, PredecessorMethod::kNameParts}, 181},
                           {{mar, PredecessorMethod::kNameParts}, 9},
                           {{jan, PredecessorMethod::kOnlyCandidateInDistrict}, 54},
                           {{mar, PredecessorMethod::kOnlyCandidateInDistrict}, 2},
                           {{jan, PredecessorMethod::kAmbiguous}, 529},
                           {{mar, PredecessorMethod::kAmbiguous}, 27},
                           {{jan, PredecessorMethod::kNoCandidate}, 79},
                           {{mar, PredecessorMethod::kNoCandidate}, 12},
                       }));
  // Huế: a province renamed and re-typed, kinds read at the province level.
  const ChangeRow& hue = changes.front();
  EXPECT_EQ(hue.change, ChangeType::kProvinceRenamed);
  EXPECT_EQ(hue.code, "46");
  EXPECT_EQ(hue.kind_before, AnyKind(ProvinceKind::kTinh));
  EXPECT_EQ(hue.kind_after, AnyKind(ProvinceKind::kThanhPho));
  EXPECT_FALSE(hue.district_code_before);
  EXPECT_EQ(data.releases.size(), 18u);
}

// README "Check, Bắc Ninh": old province 27, 52 phường on 2024-11-01 and 50 from 2025-01-01.
TEST(ShippedRegister, BacNinhBefore2025July) {
  const RegisterData& data = Builtin();
  auto wards_of_27 = [](const std::vector<CommuneRow>& communes) {
    return std::count_if(communes.begin(), communes.end(), [](const CommuneRow& row) {
      return row.province_code == "27" && row.kind == UnitKind::kPhuong;
    });
  };
  EXPECT_EQ(wards_of_27(data.communes_2024_11_01), 52);
  EXPECT_EQ(wards_of_27(data.communes_2025_03_01), 50);

  auto find = [](const std::vector<CommuneRow>& communes, std::string_view code) {
    const auto it = std::find_if(communes.begin(), communes.end(),
                                 [&](const CommuneRow& row) { return row.code == code; });
    return it == communes.end() ? nullptr : &*it;
  };
  ASSERT_NE(find(data.communes_2024_11_01, "09184"), nullptr);
  EXPECT_EQ(find(data.communes_2024_11_01, "09184")->full_name, "Phường Ninh Xá");
  ASSERT_NE(find(data.communes_2025_03_01, "09184"), nullptr);
  EXPECT_EQ(find(data.communes_2025_03_01, "09184")->full_name, "Phường Tiền Ninh Vệ");
  EXPECT_EQ(find(data.communes_2025_03_01, "09175"), nullptr);  // Phường Vệ An
  EXPECT_EQ(find(data.communes_2025_03_01, "09178"), nullptr);  // Phường Tiền An
  // The other Phường Ninh Xá (Thị xã Thuận Thành) does not change.
  EXPECT_EQ(find(data.communes_2025_03_01, "09445")->full_name, "Phường Ninh Xá");

  // On 2025-01-01 09184 is renamed, and linked to its own old record and to the two wards whose
  // names it took.
  std::set<std::pair<std::string_view, PredecessorMethod>> predecessors;
  bool renamed = false;
  for (const ChangeRow& row : data.changes_early_2025) {
    if (row.code != "09184") continue;
    EXPECT_EQ(row.effective_date.ToString(), "2025-01-01");
    if (row.change == ChangeType::kCommuneRenamed) {
      renamed = true;
      EXPECT_EQ(row.full_name_before, "Phường Ninh Xá");
      EXPECT_EQ(row.full_name_after, "Phường Tiền Ninh Vệ");
    }
    if (row.change == ChangeType::kPredecessor)
      predecessors.emplace(*row.predecessor_code, row.method);
  }
  EXPECT_TRUE(renamed);
  EXPECT_EQ(predecessors, (std::set<std::pair<std::string_view, PredecessorMethod>>{
                              {"09175", PredecessorMethod::kNameParts},
                              {"09178", PredecessorMethod::kNameParts},
                              {"09184", PredecessorMethod::kSameCode},
                          }));
}

// README: new province 24, formed from Bắc Giang (24) and Bắc Ninh (27), has 99 units (33 phường,
// 66 xã); all 313 old communes map in, each once and whole.
TEST(ShippedRegister, BacNinhFrom2025July) {
  const RegisterData& data = Builtin();
  const auto province =
      std::find_if(data.provinces_2026_04_30.begin(), data.provinces_2026_04_30.end(),
                   [](const ProvinceRow& row) { return row.code == "24"; });
  ASSERT_NE(province, data.provinces_2026_04_30.end());
  EXPECT_EQ(province->full_name, "Tỉnh Bắc Ninh");
  EXPECT_EQ(province->formed_from_codes, (std::vector<std::string_view>{"24", "27"}));
  for (const auto* units : {&data.communes_2025_07_01, &data.communes_2026_04_30}) {
    std::map<UnitKind, int> kinds;
    for (const NewCommuneRow& row : *units) {
      if (row.province_code == "24") ++kinds[row.kind];
    }
    EXPECT_EQ(kinds, (std::map<UnitKind, int>{{UnitKind::kPhuong, 33}, {UnitKind::kXa, 66}}));
  }
  std::map<std::string_view, int> old_provinces;
  std::multiset<std::string_view> old_codes;
  for (const LineageRow& row : data.lineage_2025_07_01) {
    if (row.province_code != "24") continue;
    ++old_provinces[row.old_province_code];
    old_codes.insert(row.old_code);
    EXPECT_EQ(row.share, Share::kWhole) << row.line;
  }
  EXPECT_EQ(old_provinces, (std::map<std::string_view, int>{{"24", 192}, {"27", 121}}));
  EXPECT_EQ(std::set<std::string_view>(old_codes.begin(), old_codes.end()).size(), 313u);
}

// The same files read from data/vn-admin/ parse to the same rows, and the data keeps the text it
// was read from alive.
TEST(ShippedRegister, ReadFromDirectory) {
  RegisterData from_disk;
  {
    Result<RegisterFiles, RegisterProblems> files =
        ReadRegisterFiles(std::string(KIEUMAU_SOURCE_DIR) + "/data/vn-admin");
    ASSERT_TRUE(files) << FormatProblems(files.error());
    for (const RegisterFileSpec& spec : kRegisterFileSpecs)
      EXPECT_EQ((*files).*spec.text, BuiltinRegisterFiles().*spec.text) << spec.name;
    Result<RegisterData, RegisterProblems> data = ParseRegister(*files);
    ASSERT_TRUE(data) << FormatProblems(data.error());
    from_disk = std::move(data).value();
  }
  ASSERT_EQ(from_disk.lineage_2025_07_01.size(), Builtin().lineage_2025_07_01.size());
  EXPECT_EQ(from_disk.lineage_2025_07_01.back().old_name,
            Builtin().lineage_2025_07_01.back().old_name);
  EXPECT_EQ(from_disk.lineage_unmatched[3].candidates, Builtin().lineage_unmatched[3].candidates);
}

TEST(ShippedRegister, MissingDirectoryNamesEveryFile) {
  Result<RegisterFiles, RegisterProblems> files = ReadRegisterFiles("/nonexistent/vn-admin");
  ASSERT_FALSE(files);
  ASSERT_EQ(files.error().size(), kRegisterFileSpecs.size());
  EXPECT_EQ(files.error()[0].file, "communes-2024-11-01.csv");
  EXPECT_NE(files.error()[0].message.find("không mở được tệp"), std::string::npos);
}

}  // namespace
}  // namespace kieumau::admin_register
