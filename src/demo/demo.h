// The demo data set, on the real units of the national register (src/register): yearly facts for
// every catalogue indicator and illustrative recognitions for Bắc Ninh's programme. It has no units
// and no events of its own: it finds the units it needs in the register's history.
//   - Old Bắc Ninh (province code 27): its 52 wards with the 2023 staffing, headquarters and land
//     figures of data/demo/bac-ninh-2024-baseline.csv (2022: the few values 2023 is compared with);
//   - 2024: every commune of old Bắc Ninh and old Bắc Giang (code 24) existing at the end of 2024;
//   - 2025 and 2026: the 99 communes of the merged Bắc Ninh (code 24 from 1 July 2025), their 2025
//     values grown from the 2024 values of the old communes they were formed from.
// What is real and what is invented, and the rules: data/demo/README.md.
//
// Deterministic: the same catalogue and register always give the same data (a fixed-seed generator
// of its own, not <random>'s distributions, which differ between standard libraries). The baseline
// CSV and the programme YAML are compiled into the program; nothing is read from disk.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/result.h"
#include "store/store.h"
#include "units/registry.h"

namespace kieumau::demo {

// Who wrote the demo facts, as their history shows it: the seed, through the seed channel. (Before
// schema 4 the history named it "Dữ liệu mẫu (demo)"; migration 4 turns that into this actor.)
inline const WriteActor kDemoActor{ActorKind::kSeed, "", FactSource::kSeed, ""};

// The register's province codes the demo uses: old Bắc Ninh and old Bắc Giang until 30 June 2025,
// and the merged Bắc Ninh from 1 July 2025 (which took old Bắc Giang's code).
inline constexpr std::string_view kOldBacNinhCode = "27";
inline constexpr std::string_view kOldBacGiangCode = "24";
inline constexpr std::string_view kMergedBacNinhCode = "24";

// The years with facts for every indicator. A unit has a year's facts when it exists at the end of
// that year: the 52 wards 2023–2024, the old communes of both provinces 2024, the merged province's
// communes 2025–2026. The year before the first holds, for the 52 wards, only the values the
// criteria compare with the year before (kPriorOnlyIndicators), so that 2023 can be judged.
inline constexpr int kFirstYear = 2023;
inline constexpr int kOldCommunesYear = 2024;  // the last year of the old communes
inline constexpr int kLastYear = 2026;
inline constexpr int kPriorOnlyYear = 2022;
inline constexpr std::string_view kPriorOnlyIndicators[] = {
    "crime.social_order", "drugs.users", "wanted.caught_or_surrendered", "recidivism.released",
    "recidivism.reoffenders"};

// A recognition as a model ward (illustrative): the unit recognised (the registry's id), its code
// on the decision's date, the year it is recognised for, the decision and its date (YYYY-MM-DD).
// A recognition belongs to the unit recognised: a successor does not inherit it.
struct DemoRecognition {
  UnitId unit = 0;
  std::string unit_code;
  int year = 0;
  std::string decision;  // "Quyết định số …/QĐ-UBND (minh họa)"
  std::string date;
};

struct DemoData {
  // Every fact: unit (the registry's id), indicator, year, value.
  std::vector<FactWrite> facts;
  // By year, then in the decision's order; `unit` is the registry's id.
  std::vector<DemoRecognition> recognitions;
  // The programme (data/demo/bac-ninh-programme.yaml), as built into the program.
  std::string programme_yaml;
};

// The demo data on `registry`: the national register's history applied
// (admin_register::BuiltinRegister), with the history's own unit ids. Fails, naming what is wrong,
// when a unit the demo needs is missing from `registry` or ambiguous there (a ward of the baseline
// CSV, a province, a recognised ward), or when `catalogue` lacks an indicator of the baseline CSV
// (e.g. a catalogue that is not the built-in one). Every indicator of `catalogue` gets a value;
// indicators the demo does not know get a plain value of their type.
Result<DemoData> BuildDemoData(const Catalogue& catalogue, const UnitRegistry& registry);

// The inputs built into the program.
std::string_view BuiltinBaselineCsv();
std::string_view BuiltinProgrammeYaml();

}  // namespace kieumau::demo
