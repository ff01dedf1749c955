// Every check the registry makes before it applies an event: each refusal names the event, the unit
// and the date, and leaves the registry as it was.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "scenario.h"
#include "units/registry.h"

namespace kieumau {
namespace {

using namespace test;  // the scenario's unit ids

class Validation : public ::testing::Test {
 protected:
  // Applies `event`, expects a refusal whose message holds every one of `parts`, and checks that
  // nothing changed.
  void ExpectRefused(const UnitEventValue& event, std::initializer_list<std::string_view> parts) {
    const size_t events_before = registry_.events().size();
    const size_t units_before = registry_.units().size();
    Result<std::monostate> applied = registry_.Apply(event);
    ASSERT_FALSE(applied) << "the event was accepted";
    const std::string& message = applied.error().message;
    for (std::string_view part : parts) {
      EXPECT_NE(message.find(part), std::string::npos) << "\"" << part << "\" not in: " << message;
    }
    EXPECT_EQ(registry_.events().size(), events_before);
    EXPECT_EQ(registry_.units().size(), units_before);
  }

  UnitRegistry registry_ = test::Scenario();
};

TEST_F(Validation, UnknownUnit) {
  ExpectRefused(RenameEvent{D("2025-08-01"), 999, "Phường Không Có"},
                {"đổi tên ngày 2025-08-01", "#999", "unknown unit"});
}

TEST_F(Validation, UnitNotExistingOnThatDate) {
  ExpectRefused(RenameEvent{D("2025-08-01"), kVuNinh, "Phường Vũ Ninh Mới"},
                {"đổi tên ngày 2025-08-01", "09190 \"Phường Vũ Ninh\"", "2025-07-01",
                 "does not exist on that date"});
}

TEST_F(Validation, EventBeforeTheUnitsCreation) {
  // Kinh Bắc was formed on 2025-07-01; a rename dated before that is placed before its creation.
  ExpectRefused(RenameEvent{D("2025-03-01"), kKinhBac, "Phường Kinh Bắc Mới"},
                {"đổi tên ngày 2025-03-01", "09187 \"Phường Kinh Bắc\"", "2025-07-01",
                 "before the unit's creation"});
  EXPECT_EQ(registry_.StateAt(kKinhBac, D("2025-07-01"))->name, "Phường Kinh Bắc");
}

TEST_F(Validation, EventBeforeCreationWithinOneBatch) {
  UnitRegistry registry;
  Result<std::monostate> applied = registry.ApplyAll({
      CreateEvent{D("2019-01-01"), Province(kBacNinh, "27", "Tỉnh Bắc Ninh", 1)},
      CreateEvent{D("2020-01-01"), District(kTuSon, "261", "Thị xã Từ Sơn", kBacNinh)},
      RenameEvent{D("2019-06-01"), kTuSon, "Thành phố Từ Sơn"},
  });
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("đổi tên ngày 2019-06-01"), std::string::npos);
  EXPECT_NE(applied.error().message.find("Thị xã Từ Sơn"), std::string::npos);
  EXPECT_NE(applied.error().message.find("2020-01-01"), std::string::npos);
  EXPECT_NE(applied.error().message.find("before the unit's creation"), std::string::npos);
  EXPECT_TRUE(registry.units().empty());
}

TEST_F(Validation, IdAlreadyUsed) {
  ExpectRefused(CreateEvent{D("2025-08-01"),
                            Commune(kVuNinh, "09999", "Phường Mới", UnitKind::kPhuong, kBacNinh)},
                {"thành lập ngày 2025-08-01", "#9190", "Phường Vũ Ninh", "unit id already used"});
}

TEST_F(Validation, CodeAlreadyUsedByALivingUnit) {
  ExpectRefused(CreateEvent{D("2025-08-01"),
                            Commune(500, "09178", "Phường Mới", UnitKind::kPhuong, kBacNinh)},
                {"thành lập ngày 2025-08-01", "09178 \"Phường Suối Hoa\"", "\"Phường Mới\"",
                 "code already used by a living unit"});
}

TEST_F(Validation, CodeOfAnEndedUnitMayBeUsedAgain) {
  Result<std::monostate> applied = registry_.Apply(CreateEvent{
      D("2025-08-01"), Commune(500, "09190", "Phường Mới", UnitKind::kPhuong, kBacNinh)});
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(registry_.FindByCode("09190", D("2025-08-01")), 500);
  EXPECT_EQ(registry_.FindByCode("09190", D("2025-06-30")), kVuNinh);
}

TEST_F(Validation, ParentOfTheWrongLevel) {
  ExpectRefused(CreateEvent{D("2025-08-01"),
                            Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kSuoiHoa)},
                {"thành lập ngày 2025-08-01", "\"Phường Mới\"", "09178 \"Phường Suối Hoa\"",
                 "parent of the wrong level"});
}

TEST_F(Validation, DistrictUnderADistrict) {
  ExpectRefused(CreateEvent{D("2024-08-01"), District(500, "500", "Huyện Mới", kTuSon)},
                {"thành lập ngày 2024-08-01", "\"Huyện Mới\"", "Thành phố Từ Sơn",
                 "parent of the wrong level"});
}

TEST_F(Validation, ReparentToTheWrongLevel) {
  ExpectRefused(ReparentEvent{D("2025-08-01"), kSuoiHoa, kDinhBang},
                {"điều chỉnh trực thuộc ngày 2025-08-01", "Phường Suối Hoa", "Phường Đình Bảng",
                 "parent of the wrong level"});
}

TEST_F(Validation, ParentThatNoLongerExists) {
  ExpectRefused(ReparentEvent{D("2025-08-01"), kSuoiHoa, kTuSon},
                {"điều chỉnh trực thuộc ngày 2025-08-01", "Phường Suối Hoa", "Thành phố Từ Sơn",
                 "does not exist on that date"});
}

TEST_F(Validation, CommuneWithoutParent) {
  ExpectRefused(CreateEvent{D("2025-08-01"), NewUnit{500, "09500", "Phường Mới", Level::kCommune,
                                                     UnitKind::kPhuong, std::nullopt, 1, 1}},
                {"thành lập ngày 2025-08-01", "\"Phường Mới\"", "needs a parent"});
}

TEST_F(Validation, ProvinceWithAParent) {
  ExpectRefused(CreateEvent{D("2025-08-01"), NewUnit{500, "50", "Tỉnh Mới", Level::kProvince,
                                                     std::nullopt, kBacNinh, 1, 1}},
                {"thành lập ngày 2025-08-01", "\"Tỉnh Mới\"", "a province has no parent"});
}

TEST_F(Validation, CommuneWithoutKind) {
  ExpectRefused(CreateEvent{D("2025-08-01"), NewUnit{500, "09500", "Phường Mới", Level::kCommune,
                                                     std::nullopt, kBacNinh, 1, 1}},
                {"thành lập ngày 2025-08-01", "\"Phường Mới\"", "needs a kind"});
}

TEST_F(Validation, ChangeOfKindAboveTheCommuneLevel) {
  ExpectRefused(ChangeKindEvent{D("2025-08-01"), kBacNinh, UnitKind::kPhuong},
                {"chuyển loại ngày 2025-08-01", "Tỉnh Bắc Ninh", "only commune-level units"});
}

TEST_F(Validation, ChangeToTheKindItHas) {
  ExpectRefused(ChangeKindEvent{D("2025-08-01"), kSuoiHoa, UnitKind::kPhuong},
                {"chuyển loại ngày 2025-08-01", "Phường Suối Hoa", "already has that kind"});
}

TEST_F(Validation, EmptyName) {
  ExpectRefused(RenameEvent{D("2025-08-01"), kSuoiHoa, ""},
                {"đổi tên ngày 2025-08-01", "Phường Suối Hoa", "name is empty"});
}

TEST_F(Validation, NegativePopulation) {
  ExpectRefused(FiguresEvent{D("2025-08-01"), kSuoiHoa, -5, std::nullopt},
                {"ngày 2025-08-01", "Phường Suối Hoa", "population is negative"});
}

TEST_F(Validation, MergeOfOneIntoANewUnit) {
  ExpectRefused(MergeEvent{D("2025-08-01"),
                           {kSuoiHoa},
                           Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kBacNinh)},
                {"sáp nhập ngày 2025-08-01", "\"Phường Mới\"", "at least 2 parts"});
}

TEST_F(Validation, MergeOfNothingIntoAnExistingUnit) {
  ExpectRefused(MergeEvent{D("2025-08-01"), {}, kSuoiHoa},
                {"sáp nhập ngày 2025-08-01", "Phường Suối Hoa", "at least 2 parts"});
}

TEST_F(Validation, MergeOfAUnitThatHasEnded) {
  ExpectRefused(MergeEvent{D("2025-08-01"), {kVuNinh}, kSuoiHoa},
                {"sáp nhập ngày 2025-08-01", "Phường Vũ Ninh", "does not exist on that date"});
}

TEST_F(Validation, MergeIntoItself) {
  ExpectRefused(MergeEvent{D("2025-08-01"), {kSuoiHoa, kKinhBac}, kSuoiHoa},
                {"sáp nhập ngày 2025-08-01", "Phường Suối Hoa", "the target is also a source"});
}

TEST_F(Validation, MergeListingAUnitTwice) {
  ExpectRefused(MergeEvent{D("2025-08-01"), {kKinhBac, kKinhBac}, kSuoiHoa},
                {"sáp nhập ngày 2025-08-01", "Phường Kinh Bắc", "listed twice"});
}

TEST_F(Validation, MergeAcrossLevels) {
  ExpectRefused(MergeEvent{D("2024-08-01"), {kTuSon}, kSuoiHoa},
                {"sáp nhập ngày 2024-08-01", "Thành phố Từ Sơn", "Phường Suối Hoa", "one level"});
}

TEST_F(Validation, SplitIntoOnePart) {
  ExpectRefused(SplitEvent{D("2025-08-01"),
                           kDinhBang,
                           {Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kBacNinh)}},
                {"chia tách ngày 2025-08-01", "Phường Đình Bảng", "at least 2 parts"});
}

TEST_F(Validation, SplitOfAUnitWithChildren) {
  ExpectRefused(SplitEvent{D("2024-08-01"),
                           kTuSon,
                           {District(500, "500", "Huyện A", kBacNinh),
                            District(501, "501", "Huyện B", kBacNinh)}},
                {"chia tách ngày 2024-08-01", "Thành phố Từ Sơn", "Phường Đình Bảng",
                 "still has units under it"});
}

TEST_F(Validation, SplitPartsWithOneCode) {
  ExpectRefused(SplitEvent{D("2025-08-01"),
                           kDinhBang,
                           {Commune(500, "09500", "Phường A", UnitKind::kPhuong, kBacNinh),
                            Commune(501, "09500", "Phường B", UnitKind::kPhuong, kBacNinh)}},
                {"chia tách ngày 2025-08-01", "09500 \"Phường B\"", "code used twice"});
}

TEST_F(Validation, AbolishAUnitWithChildren) {
  ExpectRefused(
      AbolishEvent{D("2025-08-01"), kBacNinh},
      {"giải thể ngày 2025-08-01", "Tỉnh Bắc Ninh", "2025-08-01", "still has units under it"});
}

TEST_F(Validation, AbolishTheProvinceLevel) {
  ExpectRefused(AbolishLevelEvent{D("2025-08-01"), Level::kProvince, std::nullopt},
                {"bãi bỏ cấp ngày 2025-08-01", "cấp tỉnh", "only the district level"});
}

TEST_F(Validation, AbolishALevelThatIsGone) {
  ExpectRefused(AbolishLevelEvent{D("2025-08-01"), Level::kDistrict, std::nullopt},
                {"bãi bỏ cấp ngày 2025-08-01", "cấp huyện", "no unit of that level"});
}

TEST_F(Validation, AnEarlierEventThatBreaksALaterOne) {
  // Abolishing Vũ Ninh in March makes the merge of 2025-07-01 name a unit that no longer exists;
  // the error names that merge, and nothing changes.
  ExpectRefused(
      AbolishEvent{D("2025-03-01"), kVuNinh},
      {"sáp nhập ngày 2025-07-01", "Phường Vũ Ninh", "2025-03-01", "does not exist on that date"});
  EXPECT_TRUE(registry_.Exists(kVuNinh, D("2025-06-30")));
}

TEST_F(Validation, ABatchIsAllOrNothing) {
  const size_t before = registry_.events().size();
  Result<std::monostate> applied = registry_.ApplyAll({
      RenameEvent{D("2025-08-01"), kSuoiHoa, "Phường Suối Hoa Mới"},
      RenameEvent{D("2025-08-02"), 999, "Phường Không Có"},
  });
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message.find("#999"), std::string::npos);
  EXPECT_EQ(registry_.events().size(), before);
  EXPECT_EQ(registry_.StateAt(kSuoiHoa, D("2025-08-05"))->name, "Phường Suối Hoa");
}

}  // namespace
}  // namespace kieumau
