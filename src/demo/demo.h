// The demo data set: Bắc Ninh as of 2024 (the province, its four towns and 52 wards, with the
// 2023 staffing, headquarters and land figures of data/demo/bac-ninh-2024-baseline.csv), a few
// units of Bắc Giang, the reorganisation of 2025-07-01 (Bắc Giang merged into Bắc Ninh, the
// district level abolished, two illustrative ward merges), yearly facts for every catalogue
// indicator, and illustrative recognitions for the programme's roadmap. What is real and what is
// invented: data/demo/README.md.
//
// Deterministic: the same catalogue always gives the same data (a fixed-seed generator of its
// own, not <random>'s distributions, which differ between standard libraries). The baseline CSV
// and the programme YAML are compiled into the program; nothing is read from disk.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/result.h"
#include "store/store.h"
#include "units/events.h"

namespace kieumau::demo {

// Who wrote the demo facts, as their history shows it: the seed, through the seed channel. (Before
// schema 4 the history named it "Dữ liệu mẫu (demo)"; migration 4 turns that into this actor.)
inline const WriteActor kDemoActor{ActorKind::kSeed, "", FactSource::kSeed, ""};
// The date of the reorganisation.
inline constexpr std::string_view kReorganisationDate = "2025-07-01";
// The years with facts for every indicator (a ward has a year's facts when it exists at the end of
// that year) and the year before, which holds only the values the criteria compare with the year
// before (kPriorOnlyIndicators), so that 2023 can be judged.
inline constexpr int kFirstYear = 2023;
inline constexpr int kLastYear = 2025;
inline constexpr int kPriorOnlyYear = 2022;
inline constexpr std::string_view kPriorOnlyIndicators[] = {
    "crime.social_order", "drugs.users", "wanted.caught_or_surrendered", "recidivism.released",
    "recidivism.reoffenders"};

// A recognition as a model ward (illustrative): the unit's code, the year it is recognised for,
// the decision and its date (YYYY-MM-DD).
struct DemoRecognition {
  std::string unit_code;
  int year = 0;
  std::string decision;  // "Quyết định số …/QĐ-UBND (minh họa)"
  std::string date;
};

struct DemoData {
  // Every unit that ever exists, in the order the events create them, each with its latest state
  // (an ended unit as it was on its last day) and its id: the ids the events and facts use.
  std::vector<UnitRecord> units;
  // The events in date order (within a date, the order they must be applied in).
  std::vector<UnitEventValue> events;
  // Every fact: unit (by id), indicator, year, value.
  std::vector<FactWrite> facts;
  // By year, then in the decision's order.
  std::vector<DemoRecognition> recognitions;
  // The programme (data/demo/bac-ninh-programme.yaml), as built into the program.
  std::string programme_yaml;
};

// The demo data. `ids` are the ids to give the units in creation order (units[i] gets ids[i]);
// when empty, units[i] gets i + 1. Fails when `ids` has the wrong size or repeats an id, or when
// `catalogue` lacks an indicator of the baseline CSV (e.g. a catalogue that is not the built-in
// one). Every indicator of `catalogue` gets a value; indicators the demo does not know get a
// plain value of their type.
Result<DemoData> BuildDemoData(const Catalogue& catalogue, std::span<const UnitId> ids = {});

// When `store` has no units: creates the units (with their latest state), stores the events (their
// payload by UnitEventPayloadJson) and writes the facts in one PutFacts batch by kDemoActor at
// `at`, and returns true. Returns false, changing nothing, when the store has units.
// The programme and the recognitions are left to the caller (BuildDemoData returns them). Not one
// transaction: a failure part-way leaves the units created so far.
Result<bool> SeedDemoIfEmpty(Store& store, const Catalogue& catalogue, Timestamp at);

// The inputs built into the program.
std::string_view BuiltinBaselineCsv();
std::string_view BuiltinProgrammeYaml();

}  // namespace kieumau::demo
