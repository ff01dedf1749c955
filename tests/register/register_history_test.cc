// The national register made into the history of units and applied to a registry: the counts of
// units per level and kind the register's README gives at each date, codes resolved as of a date
// (00004 and province 24 belong to two units each), lineage with whole and part shares and links
// the data only infers, and the Bắc Ninh wards of the demo.
#include "register/register_history.h"

#include <gtest/gtest.h>

#include <map>

#include "register/register_data.h"
#include "units/registry.h"

namespace kieumau::admin_register {
namespace {

struct Applied {
  RegisterHistory history;
  UnitRegistry registry;
};

// Built and applied once for the test program (a few hundred milliseconds under the sanitizers).
const Applied& History() {
  static const Applied* applied = [] {
    auto* a = new Applied;
    Result<RegisterData, RegisterProblems> data = ParseRegister(BuiltinRegisterFiles());
    EXPECT_TRUE(data);
    if (!data) return a;
    Result<RegisterHistory> history = BuildRegisterHistory(*data);
    EXPECT_TRUE(history) << history.error().message;
    if (!history) return a;
    a->history = std::move(*history);
    Result<std::monostate> done = a->registry.ApplyAll(a->history.events);
    EXPECT_TRUE(done) << done.error().message;
    return a;
  }();
  return *applied;
}

// Units existing on `date`, by level key or commune kind key.
std::map<std::string, int> Count(Date date) {
  std::map<std::string, int> counts;
  for (const auto& [id, unit] : History().registry.units()) {
    if (!unit.ExistsOn(date)) continue;
    if (unit.level == Level::kCommune) {
      ++counts[std::string(UnitKindKey(**unit.kind.At(date)))];
    } else {
      ++counts[std::string(LevelKey(unit.level))];
    }
  }
  return counts;
}

Date D(const char* text) {
  return *Date::Parse(text);
}

TEST(RegisterHistory, CountsAtEachDateAreTheRegisters) {
  // The end of 2024: 63 provinces, the 699 districts with communes, 10,472 communes.
  EXPECT_EQ(
      Count(D("2024-12-31")),
      (std::map<std::string, int>{
          {"province", 63}, {"district", 699}, {"xa", 8105}, {"phuong", 1749}, {"thi_tran", 618}}));
  // 1 March 2025 (communes-2024.csv): 10,035 communes in 691 districts (the README's 696 counts
  // the 5 island districts without communes, which no file lists).
  EXPECT_EQ(
      Count(D("2025-03-01")),
      (std::map<std::string, int>{
          {"province", 63}, {"district", 691}, {"xa", 7692}, {"phuong", 1726}, {"thi_tran", 617}}));
  EXPECT_EQ(Count(D("2025-07-01")),
            (std::map<std::string, int>{
                {"province", 34}, {"xa", 2621}, {"phuong", 687}, {"dac_khu", 13}}));
  EXPECT_EQ(Count(D("2026-05-01")),
            (std::map<std::string, int>{
                {"province", 34}, {"xa", 2611}, {"phuong", 697}, {"dac_khu", 13}}));
}

TEST(RegisterHistory, ACodeMeansTheUnitThatHeldItOnTheDate) {
  const UnitRegistry& registry = History().registry;
  const std::optional<UnitId> truc_bach = registry.FindByCode("00004", D("2025-06-30"));
  const std::optional<UnitId> ba_dinh = registry.FindByCode("00004", D("2025-07-01"));
  ASSERT_TRUE(truc_bach && ba_dinh);
  EXPECT_NE(*truc_bach, *ba_dinh);
  EXPECT_EQ(registry.StateAt(*truc_bach, D("2025-06-30"))->name, "Phường Trúc Bạch");
  EXPECT_EQ(registry.StateAt(*ba_dinh, D("2025-07-01"))->name, "Phường Ba Đình");
  // Province 24: Bắc Giang until 30 June 2025, the merged Bắc Ninh from 1 July — two units.
  const std::optional<UnitId> bac_giang = registry.FindByCode("24", D("2025-06-30"));
  const std::optional<UnitId> bac_ninh = registry.FindByCode("24", D("2025-07-01"));
  ASSERT_TRUE(bac_giang && bac_ninh);
  EXPECT_NE(*bac_giang, *bac_ninh);
  EXPECT_EQ(registry.StateAt(*bac_giang, D("2025-06-30"))->name, "Tỉnh Bắc Giang");
  EXPECT_EQ(registry.StateAt(*bac_ninh, D("2025-07-01"))->name, "Tỉnh Bắc Ninh");
  // The new Bắc Ninh: 99 communes, 33 phường and 66 xã, from the old Bắc Giang and Bắc Ninh.
  Result<std::vector<UnitId>> phuong =
      registry.UnitsOf(*bac_ninh, UnitKind::kPhuong, D("2025-07-01"));
  Result<std::vector<UnitId>> xa = registry.UnitsOf(*bac_ninh, UnitKind::kXa, D("2025-07-01"));
  ASSERT_TRUE(phuong && xa);
  EXPECT_EQ(phuong->size(), 33u);
  EXPECT_EQ(xa->size(), 66u);
  std::vector<UnitId> sources = registry.Predecessors(*bac_ninh);
  std::sort(sources.begin(), sources.end());
  std::vector<UnitId> want = {*bac_giang, *registry.FindByCode("27", D("2025-06-30"))};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(sources, want);
}

TEST(RegisterHistory, LineageKeepsSharesAndCertainty) {
  const UnitRegistry& registry = History().registry;
  // Phường Ba Đình: wholly from Trúc Bạch, Quán Thánh and others, certain.
  const UnitId ba_dinh = *registry.FindByCode("00004", D("2025-07-01"));
  const Unit& unit = *registry.Find(ba_dinh);
  ASSERT_FALSE(unit.predecessors.empty());
  for (const LineageLink& link : unit.predecessors) {
    EXPECT_EQ(link.kind, LinkKind::kTransfer);
    EXPECT_EQ(link.date, D("2025-07-01"));
  }
  // 969 part transfers and 9,595 whole ones on 1 July 2025; the scored and similar ones uncertain.
  int whole = 0, part = 0, uncertain = 0;
  for (const auto& [id, u] : registry.units()) {
    for (const LineageLink& link : u.predecessors) {
      if (link.date != D("2025-07-01") || link.kind != LinkKind::kTransfer) continue;
      (link.share == Share::kWhole ? whole : part) += 1;
      uncertain += link.certain ? 0 : 1;
    }
  }
  EXPECT_EQ(part, 969);
  EXPECT_EQ(whole, 9595 - 127);  // the 127 unchanged communes live on: no link
  EXPECT_GT(uncertain, 0);
  // Tiền Ninh Vệ (1 January 2025): Ninh Xá renamed, with Tiền An and Vệ An linked by name only.
  const UnitId tien_ninh_ve = *registry.FindByCode("09184", D("2025-01-01"));
  EXPECT_EQ(registry.StateAt(tien_ninh_ve, D("2025-01-01"))->name, "Phường Tiền Ninh Vệ");
  EXPECT_EQ(registry.StateAt(tien_ninh_ve, D("2024-12-31"))->name, "Phường Ninh Xá");
  int name_parts = 0;
  for (const LineageLink& link : registry.Find(tien_ninh_ve)->predecessors) {
    EXPECT_FALSE(link.certain);
    name_parts += link.basis == "name_parts" ? 1 : 0;
  }
  EXPECT_EQ(name_parts, 2);
}

TEST(RegisterHistory, EveryEventNamesTheRowsItCameFrom) {
  const RegisterHistory& history = History().history;
  ASSERT_EQ(history.sources.size(), history.events.size());
  EXPECT_EQ(history.state_date, D("2026-04-30"));  // HEAD's effective_from in releases.csv
  for (size_t i = 0; i < history.events.size(); ++i) {
    const UnitEventValue& event = history.events[i];
    const EventSource& source = history.sources[i];
    if (const auto* e = std::get_if<RearrangeEvent>(&event)) {
      EXPECT_EQ(source.ending.size(), e->ending.size());
      EXPECT_EQ(source.created.size(), e->created.size());
      EXPECT_EQ(source.transfers.size(), e->transfers.size());
    } else if (!std::holds_alternative<AbolishLevelEvent>(event)) {
      EXPECT_EQ(source.rows.size(), 1u) << i;
    }
  }
  // Xã Lộc Ninh became Phường Lộc Ninh on 30 April 2026: communes-2025.csv, line 2481.
  const UnitRegistry& registry = History().registry;
  const UnitId loc_ninh = *registry.FindByCode("25270", D("2026-04-30"));
  int found = 0;
  for (size_t i = 0; i < history.events.size(); ++i) {
    const auto* e = std::get_if<ChangeKindEvent>(&history.events[i]);
    if (!e || e->unit != loc_ninh || e->date != D("2026-04-30")) continue;
    EXPECT_EQ(history.sources[i].rows, (std::vector<SourceRow>{{"communes-2025.csv", 2481}}));
    ++found;
  }
  EXPECT_EQ(found, 1);
  // Phường Ba Đình (1 July 2025): its row of communes-2025-07-01.csv, each link its lineage row.
  for (size_t i = 0; i < history.events.size(); ++i) {
    const auto* e = std::get_if<RearrangeEvent>(&history.events[i]);
    if (!e || e->date != D("2025-07-01")) continue;
    for (size_t k = 0; k < e->created.size(); ++k) {
      if (e->created[k].code != "00004") continue;
      EXPECT_EQ(history.sources[i].created[k], (SourceRow{"communes-2025-07-01.csv", 2}));
      ++found;
    }
    for (size_t k = 0; k < e->transfers.size(); ++k) {
      if (registry.Find(e->transfers[k].to)->code != "00004") continue;
      EXPECT_EQ(history.sources[i].transfers[k].file, "lineage-2025-07-01.csv");
    }
  }
  EXPECT_EQ(found, 2);
}

TEST(RegisterHistory, UnresolvedNamesAreListedNotGuessed) {
  EXPECT_EQ(History().history.unresolved.size(), 9u);
}

}  // namespace
}  // namespace kieumau::admin_register
