#include "programme/programme.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "engine/facts.h"

namespace kieumau {

std::optional<Decimal2> Decimal2::Parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  size_t whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    if (whole_digits >= 15) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (whole_digits == 0) return std::nullopt;
  int64_t fraction = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    const size_t digits = text.size() - i;
    if (digits == 0 || digits > 2) return std::nullopt;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (digits == 1) fraction *= 10;
  }
  return Decimal2{whole * 100 + fraction};
}

std::string Decimal2::ToString() const {
  const int64_t whole = hundredths / 100;
  const int64_t fraction = hundredths % 100;
  if (fraction == 0) return std::to_string(whole);
  if (fraction % 10 == 0) return fmt::format("{}.{}", whole, fraction / 10);
  return fmt::format("{}.{:02}", whole, fraction);
}

int64_t TargetCount(int64_t n, const ShareRule& rule) {
  // With p in hundredths of a percent: k/n > p/100 ⇔ 10000·k > n·p.
  if (n <= 0) return 0;  // no units: nothing to recognise
  const int64_t scaled = n * rule.percent.hundredths;
  if (rule.comparison == ShareComparison::kAbove) return scaled / 10000 + 1;
  return (scaled + 9999) / 10000;
}

std::string_view ShareOfKey(ShareOf share_of) {
  return share_of == ShareOf::kWards ? "wards" : "officers";
}

std::string_view ReportEveryKey(ReportEvery every) {
  switch (every) {
    case ReportEvery::kMonth:
      return "month";
    case ReportEvery::kQuarter:
      return "quarter";
    case ReportEvery::kYear:
      return "year";
    case ReportEvery::kNone:
      break;
  }
  return "";
}

const RoadmapEntry* Programme::RoadmapFor(int year) const {
  for (const RoadmapEntry& entry : roadmap) {
    if (entry.year == year) return &entry;
  }
  return nullptr;
}

Result<std::vector<RoadmapYear>> ComputeRoadmap(const Programme& programme,
                                                const RoadmapInput& input) {
  std::vector<RoadmapYear> rows;
  rows.reserve(programme.roadmap.size());
  for (const RoadmapEntry& entry : programme.roadmap) {
    const auto count = input.units_by_year.find(entry.year);
    if (count == input.units_by_year.end()) {
      return Error{fmt::format("năm {}: chưa có số đơn vị hiện có (no unit count for the year)",
                               entry.year)};
    }
    if (count->second < 0) {
      return Error{fmt::format("năm {}: số đơn vị không được âm: {} (negative unit count)",
                               entry.year, count->second)};
    }
    RoadmapYear row;
    row.year = entry.year;
    row.share = entry.share;
    row.review = entry.review;
    row.units = count->second;
    row.target = TargetCount(row.units, entry.share);
    std::set<std::string_view> seen;
    for (const UnitStatus& status : input.statuses) {
      if (status.year != entry.year) continue;
      if (!seen.insert(status.unit).second) {
        return Error{fmt::format("năm {}, đơn vị {}: có hai trạng thái (two statuses for a unit)",
                                 entry.year, status.unit)};
      }
      switch (status.status) {
        case UnitYearStatus::kRecognised:
          ++row.recognised;
          break;
        case UnitYearStatus::kPassing:
          ++row.passing;
          break;
        case UnitYearStatus::kFailing:
          ++row.failing;
          break;
      }
    }
    const int64_t assessed = row.recognised + row.passing + row.failing;
    if (assessed > row.units) {
      return Error{fmt::format(
          "năm {}: {} đơn vị có trạng thái nhưng chỉ có {} đơn vị (more statuses than units)",
          entry.year, assessed, row.units)};
    }
    row.not_assessed = row.units - assessed;
    row.gap = std::max<int64_t>(0, row.target - row.recognised);
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// A unit's values as a dense array by catalogue slot (kMissing where unknown).
Result<std::vector<double>> ToSlots(const UnitValues& unit, const Catalogue& catalogue) {
  std::vector<double> slots(static_cast<size_t>(catalogue.size()), kMissing);
  for (const auto& [name, value] : unit.values) {
    const auto slot = catalogue.Find(name);
    if (!slot) {
      return Error{fmt::format(
          "đơn vị {}: chỉ tiêu không có trong danh mục '{}' (unknown indicator)", unit.unit, name)};
    }
    slots[static_cast<size_t>(*slot)] = value;
  }
  return slots;
}

// The names of the values `expr` reads that `values` lacks.
std::vector<std::string> MissingRefs(const Expr& expr, const std::vector<double>& values,
                                     const Catalogue& catalogue) {
  std::vector<std::string> names;
  for (const Ref& ref : expr.refs()) {
    // Targets judge the year's values only; prior() has nothing to read here.
    if (ref.prior || IsMissing(values[static_cast<size_t>(ref.slot)]))
      names.push_back(RefName(ref, catalogue));
  }
  return names;
}

void AddMissing(std::vector<MissingValues>& into, const std::string& unit,
                std::vector<std::string> names) {
  into.push_back(MissingValues{unit, std::move(names)});
}

}  // namespace

Result<ForceReport> ComputeForce(const Programme& programme, const std::vector<UnitValues>& units,
                                 const Catalogue& catalogue, int64_t min_officers) {
  const auto staff_slot = catalogue.Find("staff.count");
  if (!staff_slot) {
    return Error{"danh mục không có chỉ tiêu staff.count (the catalogue lacks staff.count)"};
  }
  const size_t staff = static_cast<size_t>(*staff_slot);

  struct Row {
    const UnitValues* unit;
    std::vector<double> values;
  };
  std::vector<Row> rows;
  ForceReport report;
  ForceSummary& summary = report.summary;
  summary.min_officers = min_officers;
  for (const UnitValues& unit : units) {
    auto values = ToSlots(unit, catalogue);
    if (!values) return values.error();
    if (unit.kind != programme.unit_kind) {
      ++summary.skipped_other_kind;
      continue;
    }
    rows.push_back(Row{&unit, std::move(values).value()});
  }

  summary.units = static_cast<int64_t>(rows.size());
  int64_t officers = 0;
  int64_t at_least = 0;
  int64_t needed = 0;
  for (const Row& row : rows) {
    const double count = row.values[staff];
    if (IsMissing(count)) {
      AddMissing(summary.missing, row.unit->unit, {"staff.count"});
      continue;
    }
    const auto whole = static_cast<int64_t>(count);
    officers += whole;
    if (whole >= min_officers) ++at_least;
    needed += std::max<int64_t>(0, min_officers - whole);
  }
  const bool staff_complete = summary.missing.empty();
  if (staff_complete) {
    summary.officers = officers;
    summary.units_with_at_least_min = at_least;
    summary.officers_needed_for_min = needed;
    // Rounded half up, in integers: tenths = round(10 · officers / units).
    if (summary.units > 0)
      summary.officers_per_unit_tenths = (20 * officers + summary.units) / (2 * summary.units);
  }

  for (const ForceTarget& target : programme.targets) {
    ForceTargetResult result;
    result.target = &target;
    const Expr& expr = target.expression();
    for (const Row& row : rows) {
      std::vector<std::string> lacking = MissingRefs(expr, row.values, catalogue);
      if (target.share_of == ShareOf::kOfficers && IsMissing(row.values[staff]) &&
          std::find(lacking.begin(), lacking.end(), "staff.count") == lacking.end()) {
        lacking.insert(lacking.begin(), "staff.count");
      }
      if (!lacking.empty()) {
        AddMissing(result.missing, row.unit->unit, std::move(lacking));
        continue;
      }
      const ValueView view{row.values.data(), row.values.data()};
      bool zero_base = false;
      const double value = expr.Evaluate(view, &zero_base);
      result.zero_base = result.zero_base || zero_base;
      if (target.share_of == ShareOf::kWards) {
        if (value != 0) {
          result.met += 1;
        } else {
          ++result.not_met;
        }
      } else {
        result.met += value;
      }
    }
    if (result.missing.empty()) {
      const int64_t base =
          target.share_of == ShareOf::kWards ? summary.units : summary.officers.value_or(0);
      result.base = base;
      if (base > 0) result.share_percent = 100.0 * result.met / static_cast<double>(base);
      result.required = TargetCount(base, {ShareComparison::kAtLeast, target.at_least_percent});
      result.shortfall = std::max(0.0, static_cast<double>(*result.required) - result.met);
    }
    report.targets.push_back(std::move(result));
  }
  return report;
}

}  // namespace kieumau
