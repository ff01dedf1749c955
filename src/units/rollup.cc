#include "units/rollup.h"

#include <algorithm>
#include <vector>

namespace kieumau {
namespace {

// The parts combined by `rollup`; a single part is itself whatever the rollup.
std::optional<double> Combine(const std::vector<std::optional<double>>& parts, Rollup rollup) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return parts.front();
  double total = 0;
  bool first = true;
  for (const std::optional<double>& part : parts) {
    if (!part) return std::nullopt;
    switch (rollup) {
      case Rollup::kSum:
        total += *part;
        break;
      case Rollup::kMin:
        total = first ? *part : std::min(total, *part);
        break;
      case Rollup::kMax:
        total = first ? *part : std::max(total, *part);
        break;
      case Rollup::kNone:
        return std::nullopt;
    }
    first = false;
  }
  return total;
}

}  // namespace

std::optional<double> ValueForYear(const UnitRegistry& registry, UnitId id, int year, Date as_of,
                                   Rollup rollup, const RecordedValue& recorded) {
  const Unit* unit = registry.Find(id);
  if (unit == nullptr) return std::nullopt;
  const Date year_end = Date::LastDayOfYear(year);
  // Links are followed only forward in time past the year's end, so the recursion ends.
  auto counts = [&](const LineageLink& link) {
    return link.kind == LinkKind::kMerge && year_end < link.date && link.date <= as_of;
  };

  if (unit->ExistsOn(year_end)) {
    std::vector<std::optional<double>> parts{recorded(id, year)};
    for (const LineageLink& link : unit->predecessors) {
      if (counts(link))
        parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded));
    }
    return Combine(parts, rollup);
  }
  if (std::optional<double> own = recorded(id, year)) return own;

  bool formed_by_merge = false;
  std::vector<std::optional<double>> parts;
  for (const LineageLink& link : unit->predecessors) {
    if (link.date == unit->from) {
      if (link.kind == LinkKind::kSplit) return std::nullopt;
      formed_by_merge = true;
    }
    if (counts(link))
      parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded));
  }
  if (!formed_by_merge || parts.size() < 2) return std::nullopt;
  return Combine(parts, rollup);
}

std::optional<double> PriorYearValue(const UnitRegistry& registry, UnitId unit, int year,
                                     Rollup rollup, const RecordedValue& recorded) {
  return ValueForYear(registry, unit, year - 1, Date::LastDayOfYear(year), rollup, recorded);
}

}  // namespace kieumau
