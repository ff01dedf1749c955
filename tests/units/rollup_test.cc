// Prior-year values through lineage: sum, min, max and none across merges into new and existing
// units, missing parts, the year of the merge itself, transitive lineage, splits, and later merges.
#include "units/rollup.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <utility>

#include "scenario.h"

namespace kieumau {
namespace {

using namespace test;  // the scenario's unit ids

class PriorYear : public ::testing::Test {
 protected:
  // Recorded values for 2024 (invented): a count such as the number of incidents.
  std::map<std::pair<UnitId, int>, double> values_ = {
      {{kVuNinh, 2024}, 5},    {{kDapCau, 2024}, 7},    {{kThiCau, 2024}, 3},
      {{kSuoiHoa, 2024}, 4},   {{kDinhBang, 2024}, 10}, {{kDongNgan, 2024}, 6},
      {{kBacNinh, 2024}, 100}, {{kBacGiang, 2024}, 80},
  };

  RecordedValue Recorded() const {
    return [this](UnitId unit, int year) -> std::optional<double> {
      auto it = values_.find({unit, year});
      if (it == values_.end()) return std::nullopt;
      return it->second;
    };
  }

  std::optional<double> Prior(UnitId unit, int year, Rollup rollup) const {
    return PriorYearValue(registry_, unit, year, rollup, Recorded());
  }
  // The trace of the same question.
  ValueTrace Trace(UnitId unit, int year, Rollup rollup) const {
    ValueTrace trace;
    PriorYearValue(registry_, unit, year, rollup, Recorded(), &trace);
    return trace;
  }

  UnitRegistry registry_ = test::Scenario();
};

TEST_F(PriorYear, SumOverAMergeIntoANewUnit) {
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kSum), 5 + 7 + 3);
}

TEST_F(PriorYear, TheTraceNamesEveryUnitUsedOrEveryGap) {
  EXPECT_EQ(Trace(kKinhBac, 2025, Rollup::kSum).used,
            (std::vector<UnitId>{kVuNinh, kDapCau, kThiCau}));
  EXPECT_TRUE(Trace(kKinhBac, 2025, Rollup::kSum).gaps.empty());
  EXPECT_EQ(Trace(kKinhBac, 2025, Rollup::kNone).gaps,
            (std::vector<Gap>{{GapKind::kNotCombinable, kKinhBac, 0}}));
  values_.erase({kThiCau, 2024});
  values_.erase({kVuNinh, 2024});
  EXPECT_EQ(Trace(kKinhBac, 2025, Rollup::kSum).gaps,
            (std::vector<Gap>{{GapKind::kNoRecord, kVuNinh, 0}, {GapKind::kNoRecord, kThiCau, 0}}));
  EXPECT_EQ(Trace(kSuoiHoa, 2024, Rollup::kSum).gaps,
            (std::vector<Gap>{{GapKind::kNoRecord, kSuoiHoa, 0}}));
}

TEST_F(PriorYear, MinAndMaxOverAMerge) {
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kMin), 3);
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kMax), 7);
}

TEST_F(PriorYear, NoneGivesNoValueWhenPartsWouldBeCombined) {
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kNone), std::nullopt);
  EXPECT_EQ(Prior(kDinhBang, 2025, Rollup::kNone), std::nullopt);
}

TEST_F(PriorYear, APredecessorWithoutAValueGivesNoValue) {
  values_.erase({kThiCau, 2024});
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kSum), std::nullopt);
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kMin), std::nullopt);
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kMax), std::nullopt);
}

TEST_F(PriorYear, ItsOwnRecordedValueComesFirst) {
  values_[{kKinhBac, 2024}] = 42;
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kSum), 42);
  EXPECT_EQ(Prior(kKinhBac, 2025, Rollup::kNone), 42);
}

TEST_F(PriorYear, AnExistingTargetCountsItselfAsAPart) {
  EXPECT_EQ(Prior(kDinhBang, 2025, Rollup::kSum), 10 + 6);
  EXPECT_EQ(Prior(kDinhBang, 2025, Rollup::kMin), 6);
  EXPECT_EQ(Prior(kDinhBang, 2025, Rollup::kMax), 10);
  EXPECT_EQ(Prior(kBacNinh, 2025, Rollup::kSum), 100 + 80);
  values_.erase({kDinhBang, 2024});
  EXPECT_EQ(Prior(kDinhBang, 2025, Rollup::kSum), std::nullopt);
}

TEST_F(PriorYear, AUnitWithoutLineageHasItsOwnValueOrNone) {
  EXPECT_EQ(Prior(kSuoiHoa, 2025, Rollup::kSum), 4);
  EXPECT_EQ(Prior(kSuoiHoa, 2025, Rollup::kNone), 4);
  EXPECT_EQ(Prior(kSuoiHoa, 2024, Rollup::kSum), std::nullopt);  // nothing recorded for 2023: not 0
  EXPECT_EQ(Prior(999, 2025, Rollup::kSum), std::nullopt);
}

TEST_F(PriorYear, RenameAndChangeOfKindKeepTheValues) {
  values_[{kDongSon, 2024}] = 9;  // recorded while it was Xã Đồng Sơn
  EXPECT_EQ(Prior(kDongSon, 2025, Rollup::kSum), 9);
  values_[{kTuSon, 2021}] = 2;  // recorded for the town, renamed on 2021-11-01
  EXPECT_EQ(Prior(kTuSon, 2022, Rollup::kNone), 2);
}

TEST_F(PriorYear, TheYearOfTheMergeIsInTheYearEndRecord) {
  // Kinh Bắc existed on 2025-12-31: its own 2025 record covers the whole ward; the parts' half-year
  // values are not added.
  values_[{kVuNinh, 2025}] = 1;
  values_[{kDapCau, 2025}] = 1;
  values_[{kThiCau, 2025}] = 1;
  EXPECT_EQ(Prior(kKinhBac, 2026, Rollup::kSum), std::nullopt);
  values_[{kKinhBac, 2025}] = 20;
  EXPECT_EQ(Prior(kKinhBac, 2026, Rollup::kSum), 20);
  values_[{kDinhBang, 2025}] = 30;
  values_[{kDongNgan, 2025}] = 9;
  EXPECT_EQ(Prior(kDinhBang, 2026, Rollup::kSum), 30);
}

TEST_F(PriorYear, ThroughSeveralSteps) {
  constexpr UnitId kBigWard = 200001;  // illustrative: Kinh Bắc and Suối Hoa merged on 2026-01-01
  ASSERT_TRUE(registry_.Apply(
      MergeEvent{D("2026-01-01"),
                 {kKinhBac, kSuoiHoa},
                 Commune(kBigWard, "09900", "Phường Bắc Ninh", UnitKind::kPhuong, kBacNinh)}));
  values_[{kKinhBac, 2025}] = 20;
  values_[{kSuoiHoa, 2025}] = 8;
  EXPECT_EQ(Prior(kBigWard, 2026, Rollup::kSum), 20 + 8);
  EXPECT_EQ(Prior(kBigWard, 2026, Rollup::kMax), 20);
  // 2024 for the ward as it is in 2026: Kinh Bắc did not exist yet, so its own predecessors count.
  EXPECT_EQ(ValueForYear(registry_, kBigWard, 2024, D("2026-12-31"), Rollup::kSum, Recorded()),
            5 + 7 + 3 + 4);
  EXPECT_EQ(ValueForYear(registry_, kBigWard, 2024, D("2026-12-31"), Rollup::kMin, Recorded()), 3);
  values_.erase({kVuNinh, 2024});
  EXPECT_EQ(ValueForYear(registry_, kBigWard, 2024, D("2026-12-31"), Rollup::kSum, Recorded()),
            std::nullopt);
}

TEST_F(PriorYear, APartOfASplitHasOnlyItsOwnRecord) {
  constexpr UnitId kPartA = 200002;  // illustrative: Đình Bảng split in two on 2026-01-01
  constexpr UnitId kPartB = 200003;
  ASSERT_TRUE(registry_.Apply(
      SplitEvent{D("2026-01-01"),
                 kDinhBang,
                 {Commune(kPartA, "09901", "Phường Đình Bảng A", UnitKind::kPhuong, kBacNinh),
                  Commune(kPartB, "09902", "Phường Đình Bảng B", UnitKind::kPhuong, kBacNinh)}}));
  values_[{kDinhBang, 2025}] = 30;
  EXPECT_EQ(Prior(kPartA, 2026, Rollup::kSum), std::nullopt);
  EXPECT_EQ(Prior(kPartA, 2026, Rollup::kMax), std::nullopt);
  EXPECT_EQ(Trace(kPartA, 2026, Rollup::kSum).gaps,
            (std::vector<Gap>{{GapKind::kNoPredecessor, kPartA, 0}}));
  values_[{kPartA, 2025}] = 12;
  EXPECT_EQ(Prior(kPartA, 2026, Rollup::kSum), 12);
  EXPECT_EQ(Prior(kPartB, 2026, Rollup::kSum), std::nullopt);
}

TEST_F(PriorYear, LaterMergesDoNotReachBack) {
  constexpr UnitId kOther =
      300;  // illustrative: another province merged into Bắc Ninh on 2027-01-01
  ASSERT_TRUE(registry_.ApplyAll({
      CreateEvent{D("2026-01-01"), Province(kOther, "30", "Tỉnh Khác", 1000)},
      MergeEvent{D("2027-01-01"), {kOther}, kBacNinh},
  }));
  values_[{kBacNinh, 2026}] = 200;
  values_[{kOther, 2026}] = 50;
  EXPECT_EQ(Prior(kBacNinh, 2025, Rollup::kSum), 100 + 80);
  EXPECT_EQ(Prior(kBacNinh, 2027, Rollup::kSum), 200 + 50);
}

TEST_F(PriorYear, AUnitCreatedFromNothingHasNoEarlierValue) {
  ASSERT_TRUE(registry_.Apply(CreateEvent{
      D("2025-08-01"), Commune(500, "09500", "Phường Mới", UnitKind::kPhuong, kBacNinh)}));
  EXPECT_EQ(Prior(500, 2025, Rollup::kSum), std::nullopt);
  values_[{500, 2025}] = 3;
  EXPECT_EQ(Prior(500, 2026, Rollup::kSum), 3);
}

}  // namespace
}  // namespace kieumau
