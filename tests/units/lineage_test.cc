// Lineage: predecessors and successors of merges (into a new or an existing unit) and splits,
// direct and transitive.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "scenario.h"
#include "units/registry.h"

namespace kieumau {
namespace {

using namespace test;  // the scenario's unit ids

std::vector<UnitId> Sorted(std::vector<UnitId> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

constexpr UnitId kBigWard = 200001;  // illustrative: Kinh Bắc and Suối Hoa merged on 2026-01-01
constexpr UnitId kPartA = 200002;    // illustrative: Đình Bảng split in two on 2026-01-01
constexpr UnitId kPartB = 200003;

class Lineage : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::monostate> applied = registry_.ApplyAll({
        MergeEvent{D("2026-01-01"),
                   {kKinhBac, kSuoiHoa},
                   Commune(kBigWard, "09900", "Phường Bắc Ninh", UnitKind::kPhuong, kBacNinh)},
        SplitEvent{D("2026-01-01"),
                   kDinhBang,
                   {Commune(kPartA, "09901", "Phường Đình Bảng A", UnitKind::kPhuong, kBacNinh),
                    Commune(kPartB, "09902", "Phường Đình Bảng B", UnitKind::kPhuong, kBacNinh)}},
    });
    ASSERT_TRUE(applied) << applied.error().message;
  }

  UnitRegistry registry_ = test::Scenario();
};

TEST_F(Lineage, MergeIntoANewUnit) {
  EXPECT_EQ(Sorted(registry_.Predecessors(kKinhBac)), Sorted({kVuNinh, kDapCau, kThiCau}));
  for (UnitId source : {kVuNinh, kDapCau, kThiCau}) {
    EXPECT_EQ(registry_.Successors(source), (std::vector<UnitId>{kKinhBac}));
  }
  EXPECT_TRUE(registry_.Predecessors(kVuNinh).empty());
}

TEST_F(Lineage, MergeIntoAnExistingUnit) {
  EXPECT_EQ(registry_.Predecessors(kDinhBang), (std::vector<UnitId>{kDongNgan}));
  EXPECT_EQ(registry_.Successors(kDongNgan), (std::vector<UnitId>{kDinhBang}));
  EXPECT_EQ(registry_.Predecessors(kBacNinh), (std::vector<UnitId>{kBacGiang}));
  EXPECT_EQ(registry_.Successors(kBacGiang), (std::vector<UnitId>{kBacNinh}));
}

TEST_F(Lineage, AbolishingALevelLeavesNoLineage) {
  EXPECT_TRUE(registry_.Successors(kTpBacNinh).empty());
  EXPECT_TRUE(registry_.Predecessors(kSuoiHoa).empty());
}

TEST_F(Lineage, Split) {
  EXPECT_EQ(Sorted(registry_.Successors(kDinhBang)), Sorted({kPartA, kPartB}));
  EXPECT_EQ(registry_.Predecessors(kPartA), (std::vector<UnitId>{kDinhBang}));
  EXPECT_EQ(registry_.Find(kPartA)->predecessors.front().kind, LinkKind::kSplit);
  EXPECT_FALSE(registry_.Exists(kDinhBang, D("2026-01-01")));
  EXPECT_TRUE(registry_.Exists(kPartB, D("2026-01-01")));
}

TEST_F(Lineage, TransitivePredecessors) {
  const std::vector<UnitId> all = registry_.AllPredecessors(kBigWard);
  EXPECT_EQ(Sorted(all), Sorted({kKinhBac, kSuoiHoa, kVuNinh, kDapCau, kThiCau}));
  // Nearest first.
  EXPECT_EQ(Sorted({all[0], all[1]}), Sorted({kKinhBac, kSuoiHoa}));
  EXPECT_EQ(Sorted(registry_.AllPredecessors(kPartA)), Sorted({kDinhBang, kDongNgan}));
}

TEST_F(Lineage, TransitiveSuccessors) {
  EXPECT_EQ(registry_.AllSuccessors(kVuNinh), (std::vector<UnitId>{kKinhBac, kBigWard}));
  EXPECT_EQ(Sorted(registry_.AllSuccessors(kDongNgan)), Sorted({kDinhBang, kPartA, kPartB}));
  EXPECT_TRUE(registry_.AllSuccessors(kBigWard).empty());
  EXPECT_TRUE(registry_.AllPredecessors(999).empty());
}

}  // namespace
}  // namespace kieumau
