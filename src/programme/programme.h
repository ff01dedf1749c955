// A province's programme (Đề án): its roadmap of yearly targets, force-building targets, the
// baseline the decision reports, budgets, reporting duties and agencies — and the figures computed
// from them: the target count for a year, the roadmap against the units recognised, and the
// force-building shares and shortfalls. Pure: value types in, value types out, no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/expr.h"
#include "engine/result.h"
#include "engine/unit_kind.h"

namespace kieumau {

// A non-negative decimal with at most two decimals, held exactly as hundredths: percents and
// averages as the documents write them (15, 7.8, 4.92), so that they come out unchanged.
struct Decimal2 {
  int64_t hundredths = 0;

  // Parses "15", "7.8", "4.92"; nothing for a negative number, more than two decimals or not a
  // number.
  static std::optional<Decimal2> Parse(std::string_view text);
  static Decimal2 Whole(int64_t value) { return Decimal2{value * 100}; }
  // "15", "7.8", "4.92": no trailing zeros, a decimal point.
  std::string ToString() const;
  double ToDouble() const { return static_cast<double>(hundredths) / 100.0; }
  friend bool operator==(const Decimal2&, const Decimal2&) = default;
};

// How a share is required: strictly more than (trên) or at least (ít nhất / đạt) a percent.
enum class ShareComparison { kAbove, kAtLeast };

struct ShareRule {
  ShareComparison comparison = ShareComparison::kAtLeast;
  Decimal2 percent;
};

// The number of units (or officers) out of `n` that meets `rule`, in exact integer arithmetic:
// "above p%" is the smallest k with 100·k > n·p (of 52 wards above 15%: 8); "at least p%" the
// smallest k with 100·k >= n·p (of 4 at least 25%: 1). With no units (n <= 0) the target is 0.
int64_t TargetCount(int64_t n, const ShareRule& rule);

// --- The programme as its decision publishes it -------------------------------------------

struct Decision {
  std::string number;     // "224/QĐ-UBND"
  std::string date;       // YYYY-MM-DD, checked when loaded
  std::string signed_by;  // may be empty
};

struct Pilot {
  int year = 0;
  std::vector<std::string> units;  // unit names as the decision writes them
};

// One year of the roadmap: the share of the units existing that year that must be recognised.
struct RoadmapEntry {
  int year = 0;
  ShareRule share;
  std::string review;  // "sơ kết giai đoạn 2023–2025"; empty when none
  int line = 0;
};

enum class ShareOf { kWards, kOfficers };
std::string_view ShareOfKey(ShareOf share_of);

// A force-building target: by the end of `by`, at least `at_least_percent` of the units must meet
// `condition` (share_of wards), or that share of the officers must be counted by `measure`
// (share_of officers). Exactly one of the two expressions is set, matching `share_of`.
struct ForceTarget {
  int by = 0;
  ShareOf share_of = ShareOf::kWards;
  Decimal2 at_least_percent;
  std::optional<Expr> condition;
  std::optional<Expr> measure;
  int line = 0;

  const Expr& expression() const { return condition ? *condition : *measure; }
};

// --- The baseline the decision reports (figures a generated report must reproduce) ---------

struct CountWithPercent {
  int64_t count = 0;
  Decimal2 percent;
};

struct EquipmentCoverage {
  std::string item;  // "Gậy nhựa"
  int64_t actual = 0;
  int64_t norm = 0;
};

struct ReportedBaseline {
  int year = 0;  // from the key: baseline_2023
  int64_t wards = 0;
  int64_t officers = 0;
  Decimal2 officers_per_ward;
  CountWithPercent wards_with_at_least_10;
  int64_t officers_needed_for_10_each = 0;
  struct {
    int64_t masters = 0, university = 0, below_university = 0;
  } education;
  int64_t party_members = 0;
  CountWithPercent below_standard;
  struct {
    int64_t independent = 0, independent_but_shared_with_military = 0, in_peoples_committee = 0;
  } headquarters;
  struct {
    int64_t certificate_and_area_ok = 0, certificate_area_short = 0, land_without_certificate = 0;
  } land;
  std::vector<EquipmentCoverage> equipment_coverage;
  struct {
    int64_t street_guard_boards = 0, street_guard_members = 0, fire_teams = 0,
            fire_team_members = 0;
  } civil_forces;
  int line = 0;
};

// --- Budgets, in whole đồng ----------------------------------------------------------------

struct EquipmentBudgetYear {
  int year = 0;
  int64_t wards = 0;
  int64_t amount = 0;
};

struct HeadquartersPhase {
  int from = 0;
  int to = 0;
  int64_t wards = 0;
  int64_t amount = 0;
};

struct Budget {
  int64_t equipment_total = 0;
  std::vector<EquipmentBudgetYear> equipment_by_year;
  int64_t headquarters_unit_cost = 0;
  int64_t headquarters_wards = 0;
  int64_t headquarters_total = 0;
  std::vector<HeadquartersPhase> headquarters_phases;
};

// --- Reporting duties and agencies ---------------------------------------------------------

enum class ReportEvery { kNone, kMonth, kQuarter, kYear };
std::string_view ReportEveryKey(ReportEvery every);

// A report due either periodically (every month before `due_day`) or once on a date.
struct ReportingDuty {
  std::string what;
  ReportEvery every = ReportEvery::kNone;
  int due_day = 0;   // for periodic reports: the day of the period's following month it is due
  std::string once;  // YYYY-MM-DD, for a one-off report
  int line = 0;
};

struct AgencyDuty {
  std::string name;
  std::string duty;
};

struct Programme {
  std::string id;
  std::string title;
  std::string province;
  Decision decision;
  UnitKind unit_kind = UnitKind::kPhuong;
  std::string rubric_id;
  std::optional<Pilot> pilot;
  std::vector<RoadmapEntry> roadmap;  // in year order, one entry per year
  std::vector<ForceTarget> targets;   // in file order
  std::vector<ReportedBaseline> baselines;
  std::optional<Budget> budget;
  std::vector<ReportingDuty> reporting;
  std::vector<AgencyDuty> agencies;

  // The roadmap entry for `year`, or nullptr.
  const RoadmapEntry* RoadmapFor(int year) const;
};

// --- The roadmap against the units recognised ----------------------------------------------

// Where a unit stands in a year, furthest state first: recognised (a recognition decision holds
// that year), passing (meets the criteria, not recognised), failing (scored, does not meet them).
// A unit with no status that year is not assessed.
enum class UnitYearStatus { kRecognised, kPassing, kFailing };

struct UnitStatus {
  std::string unit;  // the unit's code
  int year = 0;
  UnitYearStatus status = UnitYearStatus::kFailing;
};

struct RoadmapInput {
  std::map<int, int64_t> units_by_year;  // units of the programme's kind existing each year
  std::vector<UnitStatus> statuses;      // at most one per unit and year
};

// One row of the roadmap table. The counts are disjoint: recognised + passing + failing +
// not_assessed == units.
struct RoadmapYear {
  int year = 0;
  ShareRule share;
  std::string review;
  int64_t units = 0;
  int64_t target = 0;
  int64_t recognised = 0;
  int64_t passing = 0;
  int64_t failing = 0;
  int64_t not_assessed = 0;
  int64_t gap = 0;  // max(0, target - recognised)
};

// A row for every roadmap year. Fails when a roadmap year has no unit count, a unit has two
// statuses in one year, or a year has more statuses than units. Statuses for other years are
// ignored.
Result<std::vector<RoadmapYear>> ComputeRoadmap(const Programme& programme,
                                                const RoadmapInput& input);

// --- Force building -------------------------------------------------------------------------

// The officers a unit should have at least ("every ward to 10").
inline constexpr int64_t kMinOfficersPerUnit = 10;

// One unit's values by indicator name; an absent name (or NaN) is a value not known.
struct UnitValues {
  std::string unit;  // the unit's name or code, for messages
  UnitKind kind = UnitKind::kPhuong;
  std::map<std::string, double, std::less<>> values;
};

// A unit whose values do not allow a figure, and the indicators it lacks.
struct MissingValues {
  std::string unit;
  std::vector<std::string> indicators;
};

struct ForceSummary {
  int64_t units = 0;  // units of the programme's kind
  int64_t skipped_other_kind = 0;
  // The following are set only when every unit has staff.count; otherwise `missing` says which do
  // not.
  std::optional<int64_t> officers;
  std::optional<int64_t> officers_per_unit_tenths;  // 406 / 52 → 78, rounded half up
  std::optional<int64_t> units_with_at_least_min;
  std::optional<int64_t> officers_needed_for_min;  // sum of max(0, min - staff.count)
  int64_t min_officers = kMinOfficersPerUnit;
  std::vector<MissingValues> missing;

  std::optional<double> officers_per_unit() const {
    if (!officers_per_unit_tenths) return std::nullopt;
    return static_cast<double>(*officers_per_unit_tenths) / 10.0;
  }
};

// A force target measured on the units. For share_of wards the figures count units: `met` units
// meet the condition, `not_met` do not, `missing` cannot be judged. For share_of officers they
// count officers: `met` is the sum of the measure over the units, `base` the sum of staff.count.
// `share_percent`, `required` and `shortfall` are set only when nothing is missing.
struct ForceTargetResult {
  const ForceTarget* target = nullptr;
  double met = 0;
  int64_t not_met = 0;  // share_of wards only
  std::optional<int64_t> base;
  std::optional<double> share_percent;
  std::optional<int64_t> required;  // TargetCount(base, at least p%)
  std::optional<double> shortfall;  // max(0, required - met)
  bool zero_base = false;           // a division by zero somewhere in the expression
  std::vector<MissingValues> missing;
};

struct ForceReport {
  ForceSummary summary;
  std::vector<ForceTargetResult> targets;  // in the programme's order
};

// Force-building figures over the units of the programme's kind in `units` (others are skipped
// and counted). `catalogue` is the one the programme's expressions were parsed with. Fails when
// a unit names an indicator that is not in the catalogue. Missing values are reported, never
// counted as zero. The report points into `programme`, which must outlive it.
Result<ForceReport> ComputeForce(const Programme& programme, const std::vector<UnitValues>& units,
                                 const Catalogue& catalogue,
                                 int64_t min_officers = kMinOfficersPerUnit);

}  // namespace kieumau
