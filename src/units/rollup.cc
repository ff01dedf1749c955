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
    return link.kind != LinkKind::kSplit && year_end < link.date && link.date <= as_of;
  };
  // A link that says the territory changed by an amount nobody knows: a part, or a link the data
  // only infers.
  auto unknown_amount = [](const LineageLink& link) {
    return link.kind == LinkKind::kTransfer && (link.share == Share::kPart || !link.certain);
  };

  if (unit->ExistsOn(year_end)) {
    for (const LineageLink& link : unit->successors) {
      if (counts(link) && link.kind == LinkKind::kTransfer && unit->ExistsOn(link.date))
        return std::nullopt;  // it gave a part of itself away and lives on
    }
    std::vector<std::optional<double>> parts{recorded(id, year)};
    for (const LineageLink& link : unit->predecessors) {
      if (!counts(link)) continue;
      if (unknown_amount(link)) return std::nullopt;
      parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded));
    }
    return Combine(parts, rollup);
  }
  if (std::optional<double> own = recorded(id, year)) return own;

  bool formed_by_merge = false;
  bool formed_by_transfer = false;
  std::vector<std::optional<double>> parts;
  for (const LineageLink& link : unit->predecessors) {
    if (link.date == unit->from) {
      if (link.kind == LinkKind::kSplit) return std::nullopt;
      if (unknown_amount(link)) return std::nullopt;
      formed_by_merge = formed_by_merge || link.kind == LinkKind::kMerge;
      formed_by_transfer = formed_by_transfer || link.kind == LinkKind::kTransfer;
    }
    if (counts(link))
      parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded));
  }
  if (formed_by_transfer && !parts.empty()) return Combine(parts, rollup);
  if (!formed_by_merge || parts.size() < 2) return std::nullopt;
  return Combine(parts, rollup);
}

std::optional<double> PriorYearValue(const UnitRegistry& registry, UnitId unit, int year,
                                     Rollup rollup, const RecordedValue& recorded) {
  return ValueForYear(registry, unit, year - 1, Date::LastDayOfYear(year), rollup, recorded);
}

}  // namespace kieumau
