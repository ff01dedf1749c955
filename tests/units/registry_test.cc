// The registry's as-of answers on the 2025 scenario (scenario.h): children, paths, units of a kind
// or a level, codes, states, renames and changes of kind, and events given out of date order.
#include "units/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scenario.h"

namespace kieumau {
namespace {

using namespace test;  // the scenario's unit ids

std::vector<UnitId> Ok(Result<std::vector<UnitId>> ids) {
  if (!ids) {
    ADD_FAILURE() << ids.error().message;
    return {};
  }
  return std::move(ids).value();
}

UnitState State(const UnitRegistry& registry, UnitId id, const char* date) {
  Result<UnitState> state = registry.StateAt(id, D(date));
  if (!state) {
    ADD_FAILURE() << state.error().message;
    return UnitState();
  }
  return std::move(state).value();
}

class Scenario2025 : public ::testing::Test {
 protected:
  UnitRegistry registry_ = test::Scenario();
};

TEST_F(Scenario2025, Before2025ProvincesHaveDistricts) {
  const Date date = D("2024-12-31");
  EXPECT_EQ(Ok(registry_.Children(kBacNinh, date)), (std::vector<UnitId>{kTpBacNinh, kTuSon}));
  EXPECT_EQ(Ok(registry_.Children(kBacGiang, date)), (std::vector<UnitId>{kTpBacGiang, kYenDung}));
  EXPECT_EQ(Ok(registry_.Children(kTpBacNinh, date)),
            (std::vector<UnitId>{kSuoiHoa, kDapCau, kVuNinh, kThiCau}));
  EXPECT_EQ(Ok(registry_.Path(kVuNinh, date)),
            (std::vector<UnitId>{kVuNinh, kTpBacNinh, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Path(kTuSon, date)), (std::vector<UnitId>{kTuSon, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Path(kBacGiang, date)), (std::vector<UnitId>{kBacGiang}));
}

TEST_F(Scenario2025, Before2025UnitsOfAKindReachThroughDistricts) {
  const Date date = D("2024-12-31");
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacNinh, UnitKind::kPhuong, date)),
            (std::vector<UnitId>{kSuoiHoa, kDapCau, kVuNinh, kThiCau, kDinhBang, kDongNgan}));
  // Đồng Sơn is still a commune (xã) in 2024.
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacGiang, UnitKind::kPhuong, date)),
            (std::vector<UnitId>{kNgoQuyen, kTranPhu}));
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacGiang, UnitKind::kXa, date)),
            (std::vector<UnitId>{kDongSon, kTanLieu}));
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacGiang, UnitKind::kThiTran, date)),
            (std::vector<UnitId>{kNhamBien}));
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacNinh, Level::kDistrict, date)),
            (std::vector<UnitId>{kTpBacNinh, kTuSon}));
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacGiang, Level::kCommune, date)).size(), 5u);
}

TEST_F(Scenario2025, CodesBefore2025) {
  const Date date = D("2024-12-31");
  EXPECT_EQ(registry_.FindByCode("09187", date), kDapCau);
  EXPECT_EQ(registry_.FindByCode("09190", date), kVuNinh);
  EXPECT_EQ(registry_.FindByCode("24", date), kBacGiang);
  EXPECT_EQ(registry_.FindByCode("99999", date), std::nullopt);
}

TEST_F(Scenario2025, TheDayBeforeTheReform) {
  const Date date = D("2025-06-30");
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacGiang, UnitKind::kPhuong, date)),
            (std::vector<UnitId>{kNgoQuyen, kTranPhu, kDongSon}));
  EXPECT_EQ(Ok(registry_.Children(kBacNinh, date)), (std::vector<UnitId>{kTpBacNinh, kTuSon}));
  EXPECT_EQ(Ok(registry_.Path(kDongNgan, date)),
            (std::vector<UnitId>{kDongNgan, kTuSon, kBacNinh}));
  EXPECT_TRUE(registry_.Exists(kBacGiang, date));
  EXPECT_TRUE(registry_.Exists(kVuNinh, date));
  EXPECT_FALSE(registry_.Exists(kKinhBac, date));
  EXPECT_EQ(registry_.FindByCode("09187", date), kDapCau);
  EXPECT_EQ(State(registry_, kDinhBang, "2025-06-30").population, 30000);
}

TEST_F(Scenario2025, From2025_07_01CommunesSitUnderTheProvince) {
  const Date date = D("2025-07-01");
  EXPECT_EQ(Ok(registry_.Children(kBacNinh, date)),
            (std::vector<UnitId>{kNgoQuyen, kTranPhu, kDongSon, kNhamBien, kTanLieu, kSuoiHoa,
                                 kKinhBac, kDinhBang}));
  EXPECT_EQ(Ok(registry_.Path(kSuoiHoa, date)), (std::vector<UnitId>{kSuoiHoa, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Path(kTanLieu, date)), (std::vector<UnitId>{kTanLieu, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Path(kKinhBac, date)), (std::vector<UnitId>{kKinhBac, kBacNinh}));
  EXPECT_EQ(Ok(registry_.UnitsOf(kBacNinh, UnitKind::kPhuong, date)),
            (std::vector<UnitId>{kNgoQuyen, kTranPhu, kDongSon, kSuoiHoa, kKinhBac, kDinhBang}));
  EXPECT_TRUE(Ok(registry_.UnitsOf(kBacNinh, Level::kDistrict, date)).empty());
  EXPECT_EQ(State(registry_, kSuoiHoa, "2025-07-01").parent, kBacNinh);
}

TEST_F(Scenario2025, From2025_07_01TheOldUnitsAreGone) {
  const Date date = D("2025-07-01");
  for (UnitId gone : {kBacGiang, kTpBacNinh, kTuSon, kTpBacGiang, kYenDung, kVuNinh, kDapCau,
                      kThiCau, kDongNgan}) {
    EXPECT_FALSE(registry_.Exists(gone, date)) << registry_.Describe(gone);
    EXPECT_TRUE(registry_.Exists(gone, D("2025-06-30"))) << registry_.Describe(gone);
  }
  Result<std::vector<UnitId>> children = registry_.Children(kBacGiang, date);
  ASSERT_FALSE(children);
  EXPECT_NE(children.error().message.find("Tỉnh Bắc Giang"), std::string::npos);
  EXPECT_NE(children.error().message.find("2025-07-01"), std::string::npos);
  EXPECT_FALSE(registry_.UnitsOf(kBacGiang, UnitKind::kPhuong, date));
  EXPECT_FALSE(registry_.StateAt(kVuNinh, date));
  // The old units keep their history: asked about earlier dates, they answer as before.
  EXPECT_EQ(State(registry_, kVuNinh, "2025-06-30").parent, kTpBacNinh);
}

TEST_F(Scenario2025, CodesFrom2025_07_01) {
  const Date date = D("2025-07-01");
  // Kinh Bắc took over Đáp Cầu's code once Đáp Cầu had ended.
  EXPECT_EQ(registry_.FindByCode("09187", date), kKinhBac);
  EXPECT_EQ(registry_.FindByCode("09190", date), std::nullopt);
  EXPECT_EQ(registry_.FindByCode("24", date), std::nullopt);
  EXPECT_EQ(registry_.FindByCode("27", date), kBacNinh);
  EXPECT_EQ(registry_.FindByCode("07231", date), kDongSon);
}

TEST_F(Scenario2025, MergeSumsPopulationAndArea) {
  const UnitState kinh_bac = State(registry_, kKinhBac, "2025-07-01");
  EXPECT_EQ(kinh_bac.code, "09187");
  EXPECT_EQ(kinh_bac.name, "Phường Kinh Bắc");
  EXPECT_EQ(kinh_bac.kind, UnitKind::kPhuong);
  EXPECT_EQ(kinh_bac.level, Level::kCommune);
  EXPECT_EQ(kinh_bac.population, 16000 + 11000 + 13000);
  EXPECT_EQ(kinh_bac.area_m2, 3.0e6 + 2.0e6 + 1.5e6);
  // The existing target continues, with the absorbed ward's figures added.
  const UnitState dinh_bang = State(registry_, kDinhBang, "2025-07-01");
  EXPECT_EQ(dinh_bang.population, 30000 + 14000);
  EXPECT_EQ(dinh_bang.area_m2, 8.0e6 + 2.5e6);
  EXPECT_EQ(State(registry_, kBacNinh, "2025-07-01").population, 1'500'000 + 1'900'000);
  EXPECT_EQ(State(registry_, kBacNinh, "2025-06-30").population, 1'500'000);
}

TEST_F(Scenario2025, MergeWithAnUnknownFigureLeavesItUnknown) {
  ASSERT_TRUE(registry_.Apply(CreateEvent{
      D("2025-08-01"),
      Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kBacNinh, std::nullopt, 2.0e6)}));
  ASSERT_TRUE(registry_.Apply(MergeEvent{D("2025-09-01"), {500}, kSuoiHoa}));
  const UnitState suoi_hoa = State(registry_, kSuoiHoa, "2025-09-01");
  EXPECT_EQ(suoi_hoa.population, std::nullopt);
  EXPECT_EQ(suoi_hoa.area_m2, 1.1e6 + 2.0e6);
}

TEST_F(Scenario2025, RenameKeepsIdentity) {
  const UnitState before = State(registry_, kTuSon, "2021-10-31");
  const UnitState after = State(registry_, kTuSon, "2021-11-01");
  EXPECT_EQ(before.name, "Thị xã Từ Sơn");
  EXPECT_EQ(after.name, "Thành phố Từ Sơn");
  EXPECT_EQ(before.id, after.id);
  EXPECT_EQ(before.code, after.code);
  EXPECT_EQ(Ok(registry_.Children(kTuSon, D("2021-11-01"))),
            (std::vector<UnitId>{kDinhBang, kDongNgan}));
  EXPECT_EQ(registry_.Describe(kTuSon), "đơn vị 261 \"Thành phố Từ Sơn\"");
}

TEST_F(Scenario2025, ChangeOfKindKeepsIdentity) {
  const UnitState before = State(registry_, kDongSon, "2024-12-31");
  const UnitState after = State(registry_, kDongSon, "2025-01-01");
  EXPECT_EQ(before.kind, UnitKind::kXa);
  EXPECT_EQ(before.name, "Xã Đồng Sơn");
  EXPECT_EQ(after.kind, UnitKind::kPhuong);
  EXPECT_EQ(after.name, "Phường Đồng Sơn");
  EXPECT_EQ(before.id, after.id);
  EXPECT_EQ(before.code, after.code);
  EXPECT_EQ(before.population, after.population);
  EXPECT_EQ(registry_.FindByCode("07231", D("2024-12-31")), kDongSon);
  EXPECT_TRUE(registry_.Predecessors(kDongSon).empty());
  EXPECT_TRUE(registry_.Successors(kDongSon).empty());
}

TEST_F(Scenario2025, FiguresChangeOnTheirDate) {
  ASSERT_TRUE(registry_.Apply(FiguresEvent{D("2025-09-01"), kSuoiHoa, 9500, std::nullopt}));
  EXPECT_EQ(State(registry_, kSuoiHoa, "2025-08-31").population, 9000);
  EXPECT_EQ(State(registry_, kSuoiHoa, "2025-09-01").population, 9500);
  EXPECT_EQ(State(registry_, kSuoiHoa, "2025-09-01").area_m2, 1.1e6);
}

TEST_F(Scenario2025, ReparentMovesOnItsDate) {
  ASSERT_TRUE(registry_.Apply(ReparentEvent{D("2024-01-01"), kThiCau, kTuSon}));
  EXPECT_EQ(Ok(registry_.Path(kThiCau, D("2023-12-31"))),
            (std::vector<UnitId>{kThiCau, kTpBacNinh, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Path(kThiCau, D("2024-01-01"))),
            (std::vector<UnitId>{kThiCau, kTuSon, kBacNinh}));
  EXPECT_EQ(Ok(registry_.Children(kTuSon, D("2024-06-01"))),
            (std::vector<UnitId>{kThiCau, kDinhBang, kDongNgan}));  // by code
  // The events after it were replayed: Thị Cầu still ends in Kinh Bắc on 2025-07-01.
  EXPECT_FALSE(registry_.Exists(kThiCau, D("2025-07-01")));
  EXPECT_EQ(registry_.Successors(kThiCau), (std::vector<UnitId>{kKinhBac}));
}

TEST_F(Scenario2025, EventsOutOfDateOrderGiveTheSameAnswers) {
  // Everything but the events of 2025-01-01 first, then those: the registry replays them in date
  // order.
  std::vector<UnitEventValue> events = test::ScenarioEvents();
  std::vector<UnitEventValue> january;
  std::erase_if(events, [&](const UnitEventValue& event) {
    if (EventDate(event) != D("2025-01-01")) return false;
    january.push_back(event);
    return true;
  });
  ASSERT_EQ(january.size(), 2u);
  UnitRegistry late;
  ASSERT_TRUE(late.ApplyAll(events));
  EXPECT_EQ(State(late, kDongSon, "2025-03-01").kind, UnitKind::kXa);
  for (const UnitEventValue& event : january) {
    Result<std::monostate> applied = late.Apply(event);
    ASSERT_TRUE(applied) << applied.error().message;
  }
  for (const char* date : {"2024-12-31", "2025-01-01", "2025-06-30", "2025-07-01"}) {
    EXPECT_EQ(Ok(late.UnitsOf(kBacNinh, UnitKind::kPhuong, D(date))),
              Ok(registry_.UnitsOf(kBacNinh, UnitKind::kPhuong, D(date))))
        << date;
  }
  EXPECT_EQ(Ok(late.UnitsOf(kBacNinh, UnitKind::kPhuong, D("2025-07-01"))).size(), 6u);
  EXPECT_EQ(State(late, kDongSon, "2025-03-01").kind, UnitKind::kPhuong);
  EXPECT_EQ(late.events().size(), registry_.events().size());
}

TEST_F(Scenario2025, AbolishingTheDistrictsOfOneProvince) {
  UnitRegistry registry;
  std::vector<UnitEventValue> events = test::ScenarioEvents();
  events.resize(20);  // up to 2025-01-01, before the reform
  ASSERT_TRUE(registry.ApplyAll(events));
  ASSERT_TRUE(registry.Apply(AbolishLevelEvent{D("2025-07-01"), Level::kDistrict, kBacGiang}));
  EXPECT_EQ(Ok(registry.Path(kTranPhu, D("2025-07-01"))),
            (std::vector<UnitId>{kTranPhu, kBacGiang}));
  EXPECT_EQ(Ok(registry.Path(kVuNinh, D("2025-07-01"))),
            (std::vector<UnitId>{kVuNinh, kTpBacNinh, kBacNinh}));
  EXPECT_EQ(Ok(registry.UnitsOf(kBacGiang, Level::kDistrict, D("2025-07-01"))).size(), 0u);
  EXPECT_EQ(Ok(registry.UnitsOf(kBacNinh, Level::kDistrict, D("2025-07-01"))).size(), 2u);
}

TEST_F(Scenario2025, AWardCreatedOnTheDayItsDistrictEnds) {
  UnitRegistry registry;
  std::vector<UnitEventValue> events = test::ScenarioEvents();
  events.resize(20);  // up to 2025-01-01, before the reform
  events.push_back(
      CreateEvent{D("2025-07-01"), Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kTuSon)});
  events.push_back(AbolishLevelEvent{D("2025-07-01"), Level::kDistrict, std::nullopt});
  Result<std::monostate> applied = registry.ApplyAll(events);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(Ok(registry.Path(500, D("2025-07-01"))), (std::vector<UnitId>{500, kBacNinh}));
  // It was never under Từ Sơn on any day: the parent set and replaced on one date leaves one
  // period.
  ASSERT_EQ(registry.Find(500)->parent.periods().size(), 1u);
  EXPECT_EQ(registry.Find(500)->parent.periods().front().value, kBacNinh);
}

}  // namespace
}  // namespace kieumau
