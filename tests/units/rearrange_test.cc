// Rearrangements (units redrawn on a date with whole and part transfers, certain or inferred): the
// registry's checks, lineage with share and certainty, codes passing to new units, and prior-year
// values through them.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "scenario.h"
#include "units/registry.h"
#include "units/rollup.h"

namespace kieumau {
namespace {

using test::D;

NewUnit Ward(UnitId id, std::string code, std::string name, UnitId parent) {
  return NewUnit{id,   std::move(code), std::move(name), Level::kCommune, UnitKind::kPhuong, parent,
                 1000, std::nullopt};
}

// A province with four wards A, B, C, D (ids 11–14) from 2020.
UnitRegistry FourWards() {
  UnitRegistry registry;
  const Date start = D("2020-01-01");
  std::vector<UnitEventValue> events = {
      CreateEvent{start, NewUnit{1, "01", "Tỉnh Thử", Level::kProvince, std::nullopt, std::nullopt,
                                 std::nullopt, std::nullopt}},
      CreateEvent{start, Ward(11, "00011", "Phường A", 1)},
      CreateEvent{start, Ward(12, "00012", "Phường B", 1)},
      CreateEvent{start, Ward(13, "00013", "Phường C", 1)},
      CreateEvent{start, Ward(14, "00014", "Phường D", 1)},
  };
  EXPECT_TRUE(registry.ApplyAll(events));
  return registry;
}

// 1 July 2025: A and B end; X (taking A's code) is formed from all of A and part of B; Y from the
// rest of B and, by a link the data only infers, all of C; D lives on and receives part of B.
RearrangeEvent Redraw() {
  RearrangeEvent e;
  e.date = D("2025-07-01");
  e.ending = {11, 12, 13};
  e.created = {Ward(21, "00011", "Phường X", 1), Ward(22, "00022", "Phường Y", 1)};
  e.transfers = {{11, 21, Share::kWhole, true, "listed"},
                 {12, 21, Share::kPart, true, "multi_parent"},
                 {12, 22, Share::kPart, true, "multi_parent"},
                 {13, 22, Share::kWhole, false, "name_parts"},
                 {12, 14, Share::kPart, true, "remainder_text"}};
  return e;
}

TEST(Rearrange, RedrawsUnitsWithSharesAndCertainty) {
  UnitRegistry registry = FourWards();
  ASSERT_TRUE(registry.Apply(Redraw()));
  EXPECT_FALSE(registry.Exists(11, D("2025-07-01")));
  EXPECT_TRUE(registry.Exists(14, D("2025-07-01")));
  // The code 00011 meant A before and X after.
  EXPECT_EQ(registry.FindByCode("00011", D("2025-06-30")), 11);
  EXPECT_EQ(registry.FindByCode("00011", D("2025-07-01")), 21);
  EXPECT_EQ(registry.HoldersOf("00011"), (std::vector<UnitId>{11, 21}));
  const Unit& y = *registry.Find(22);
  ASSERT_EQ(y.predecessors.size(), 2u);
  EXPECT_EQ(y.predecessors[0].share, Share::kPart);
  EXPECT_TRUE(y.predecessors[0].certain);
  EXPECT_EQ(y.predecessors[1].from, 13);
  EXPECT_FALSE(y.predecessors[1].certain);
  EXPECT_EQ(y.predecessors[1].basis, "name_parts");
  EXPECT_EQ(registry.Successors(12), (std::vector<UnitId>{21, 22, 14}));
  // D received a part: its population is no longer known.
  EXPECT_EQ(registry.StateAt(14, D("2025-07-01"))->population, std::nullopt);
  EXPECT_EQ(registry.StateAt(14, D("2025-06-30"))->population, 1000);
}

TEST(Rearrange, PriorYearOnlyThroughWholeCertainLinks) {
  UnitRegistry registry = FourWards();
  ASSERT_TRUE(registry.Apply(Redraw()));
  std::map<UnitId, double> values_2024 = {{11, 5}, {12, 7}, {13, 3}, {14, 4}};
  RecordedValue recorded = [&](UnitId unit, int year) -> std::optional<double> {
    if (year != 2024) return std::nullopt;
    auto it = values_2024.find(unit);
    return it == values_2024.end() ? std::nullopt : std::optional<double>(it->second);
  };
  // X has a part of B: no prior-year value of its own territory.
  EXPECT_EQ(PriorYearValue(registry, 21, 2025, Rollup::kSum, recorded), std::nullopt);
  // Y: a part of B and C through an inferred link: none.
  EXPECT_EQ(PriorYearValue(registry, 22, 2025, Rollup::kSum, recorded), std::nullopt);
  // D lived on but received a part: none.
  EXPECT_EQ(PriorYearValue(registry, 14, 2025, Rollup::kSum, recorded), std::nullopt);
  // A restated value recorded for X's territory is used.
  values_2024[21] = 9;
  EXPECT_EQ(PriorYearValue(registry, 21, 2025, Rollup::kSum, recorded), 9);
}

// The trace says how a value was obtained, or every reason there is none: the gaps a scorecard
// words for people and the restated list counts.
TEST(Rearrange, TheTraceNamesTheSourcesOrEveryGap) {
  UnitRegistry registry = FourWards();
  ASSERT_TRUE(registry.Apply(Redraw()));
  std::map<UnitId, double> values_2024 = {{11, 5}, {12, 7}, {13, 3}};
  RecordedValue recorded = [&](UnitId unit, int year) -> std::optional<double> {
    if (year != 2024) return std::nullopt;
    auto it = values_2024.find(unit);
    return it == values_2024.end() ? std::nullopt : std::optional<double>(it->second);
  };
  ValueTrace x;
  EXPECT_EQ(PriorYearValue(registry, 21, 2025, Rollup::kSum, recorded, &x), std::nullopt);
  EXPECT_EQ(x.gaps, (std::vector<Gap>{{GapKind::kPart, 21, 12}}));
  ValueTrace y;
  EXPECT_EQ(PriorYearValue(registry, 22, 2025, Rollup::kSum, recorded, &y), std::nullopt);
  EXPECT_EQ(y.gaps, (std::vector<Gap>{{GapKind::kPart, 22, 12}, {GapKind::kUncertain, 22, 13}}));
  // D lived on, received a part and has no 2024 record: the part is why (its record would not do).
  ValueTrace d;
  EXPECT_EQ(PriorYearValue(registry, 14, 2025, Rollup::kSum, recorded, &d), std::nullopt);
  EXPECT_EQ(d.gaps, (std::vector<Gap>{{GapKind::kPart, 14, 12}}));
  // Asked before the redrawing, C's record is its own.
  ValueTrace c;
  EXPECT_EQ(ValueForYear(registry, 13, 2024, D("2024-12-31"), Rollup::kSum, recorded, &c), 3);
  EXPECT_EQ(c.used, (std::vector<UnitId>{13}));
  EXPECT_TRUE(c.gaps.empty());
  // A restated value for X is its own: used, no gap.
  values_2024[21] = 9;
  ValueTrace restated;
  EXPECT_EQ(PriorYearValue(registry, 21, 2025, Rollup::kSum, recorded, &restated), 9);
  EXPECT_EQ(restated.used, (std::vector<UnitId>{21}));
  EXPECT_TRUE(restated.gaps.empty());
}

// A person confirms the inferred link from C into Y: it is certain from then on; Y still has a
// part of B, so its prior year still needs restating, and the trace says only that.
TEST(Rearrange, AConfirmedLinkIsCertain) {
  UnitRegistry registry = FourWards();
  ASSERT_TRUE(registry.Apply(Redraw()));
  EXPECT_FALSE(registry.ConfirmLink(11, 22));  // no such link
  EXPECT_FALSE(registry.ConfirmLink(99, 22));
  ASSERT_TRUE(registry.ConfirmLink(13, 22));
  const Unit& y = *registry.Find(22);
  EXPECT_TRUE(y.predecessors[1].certain);
  EXPECT_TRUE(y.predecessors[1].confirmed);
  EXPECT_TRUE(registry.Find(13)->successors[0].confirmed);
  RecordedValue recorded = [](UnitId unit, int year) -> std::optional<double> {
    return year == 2024 && unit < 20 ? std::optional<double>(1) : std::nullopt;  // the old wards
  };
  ValueTrace trace;
  EXPECT_EQ(PriorYearValue(registry, 22, 2025, Rollup::kSum, recorded, &trace), std::nullopt);
  EXPECT_EQ(trace.gaps, (std::vector<Gap>{{GapKind::kPart, 22, 12}}));
}

TEST(Rearrange, AUnitFormedWhollyFromOneWholeUnitTakesItsValue) {
  UnitRegistry registry = FourWards();
  RearrangeEvent e;
  e.date = D("2025-07-01");
  e.ending = {11, 12};
  e.created = {Ward(21, "00011", "Phường X", 1), Ward(22, "00012", "Phường Y", 1)};
  e.transfers = {{11, 21, Share::kWhole, true, "listed"},
                 {12, 22, Share::kWhole, true, "listed"},
                 {13, 22, Share::kPart, true, "multi_parent"}};
  ASSERT_TRUE(registry.Apply(e));
  RecordedValue recorded = [](UnitId unit, int year) -> std::optional<double> {
    if (year == 2024 && unit == 11) return 5.0;
    if (year == 2024 && unit == 12) return 7.0;
    return std::nullopt;
  };
  EXPECT_EQ(PriorYearValue(registry, 21, 2025, Rollup::kSum, recorded), 5);
  // C gave a part of itself away and lives on: its own 2024 figure is no longer its territory's.
  ValueTrace trace;
  EXPECT_EQ(PriorYearValue(registry, 13, 2025, Rollup::kSum, recorded, &trace), std::nullopt);
  EXPECT_EQ(trace.gaps, (std::vector<Gap>{{GapKind::kPartGiven, 13, 22}}));
}

// Each rule of RearrangeEvent, broken once: refused with a message naming the unit, nothing
// changed.
TEST(Rearrange, BrokenRearrangementsAreRefusedNamingTheUnit) {
  struct Case {
    const char* what;
    std::function<void(RearrangeEvent&)> change;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"an ending unit twice", [](RearrangeEvent& e) { e.ending.push_back(11); }, "00011"},
      {"a created unit receiving nothing",
       [](RearrangeEvent& e) { e.created.push_back(Ward(23, "00023", "Phường Z", 1)); },
       "Phường Z"},
      {"a living unit giving its whole",
       [](RearrangeEvent& e) {
         e.transfers.push_back({14, 21, Share::kWhole, true, ""});
       },
       "Phường D"},
      {"a transfer into an ending unit",
       [](RearrangeEvent& e) {
         e.transfers.push_back({14, 12, Share::kPart, true, ""});
       },
       "Phường B"},
      {"a certain whole given twice",
       [](RearrangeEvent& e) {
         e.transfers.push_back({11, 22, Share::kPart, true, ""});
       },
       "Phường A"},
      {"the same pair twice",
       [](RearrangeEvent& e) {
         e.transfers.push_back({12, 22, Share::kPart, true, ""});
       },
       "Phường B"},
      {"a code a living unit holds", [](RearrangeEvent& e) { e.created[1].code = "00014"; },
       "00014"},
      {"a unit that does not exist", [](RearrangeEvent& e) { e.ending.push_back(99); }, "#99"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    UnitRegistry registry = FourWards();
    RearrangeEvent event = Redraw();
    c.change(event);
    Result<std::monostate> applied = registry.Apply(event);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message.find(c.expected), std::string::npos)
        << applied.error().message;
    EXPECT_TRUE(registry.Exists(11, D("2025-07-01")));
    EXPECT_EQ(registry.Find(21), nullptr);
  }
}

}  // namespace
}  // namespace kieumau
