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
                                   Rollup rollup, const RecordedValue& recorded,
                                   ValueTrace* trace) {
  const Unit* unit = registry.Find(id);
  if (unit == nullptr) return std::nullopt;
  const Date year_end = Date::LastDayOfYear(year);
  auto gap = [&](GapKind kind, UnitId other = 0) {
    if (trace != nullptr) trace->gaps.push_back({kind, id, other});
  };
  auto own = [&]() {
    std::optional<double> value = recorded(id, year);
    if (trace != nullptr) {
      if (value) {
        trace->used.push_back(id);
      } else {
        gap(GapKind::kNoRecord);
      }
    }
    return value;
  };
  // Links are followed only forward in time past the year's end, so the recursion ends.
  auto counts = [&](const LineageLink& link) {
    return link.kind != LinkKind::kSplit && year_end < link.date && link.date <= as_of;
  };
  // A link that says the territory changed by an amount nobody knows: a part, or a link the data
  // only infers. Each is a gap of its own; any of them means no value.
  auto unknown_amount = [&](const LineageLink& link, UnitId other) {
    if (link.kind != LinkKind::kTransfer) return false;
    if (link.share == Share::kPart) {
      gap(GapKind::kPart, other);
    } else if (!link.certain) {
      gap(GapKind::kUncertain, other);
    } else {
      return false;
    }
    return true;
  };
  auto combine = [&](const std::vector<std::optional<double>>& parts) {
    if (parts.size() > 1 && rollup == Rollup::kNone) gap(GapKind::kNotCombinable);
    return Combine(parts, rollup);
  };

  if (unit->ExistsOn(year_end)) {
    bool unknown = false;
    for (const LineageLink& link : unit->successors) {
      // It gave a part of itself away and lives on.
      if (counts(link) && link.kind == LinkKind::kTransfer && unit->ExistsOn(link.date)) {
        gap(GapKind::kPartGiven, link.to);
        unknown = true;
      }
    }
    for (const LineageLink& link : unit->predecessors) {
      if (counts(link) && unknown_amount(link, link.from)) unknown = true;
    }
    if (unknown) return std::nullopt;
    std::vector<std::optional<double>> parts{own()};
    for (const LineageLink& link : unit->predecessors) {
      if (counts(link))
        parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded, trace));
    }
    return combine(parts);
  }
  if (std::optional<double> restated = recorded(id, year)) {
    if (trace != nullptr) trace->used.push_back(id);
    return restated;
  }

  bool formed_by_merge = false;
  bool formed_by_transfer = false;
  bool unknown = false;
  for (const LineageLink& link : unit->predecessors) {
    if (link.date != unit->from) continue;
    if (link.kind == LinkKind::kSplit) {
      gap(GapKind::kNoPredecessor);
      return std::nullopt;
    }
    if (unknown_amount(link, link.from)) unknown = true;
    formed_by_merge = formed_by_merge || link.kind == LinkKind::kMerge;
    formed_by_transfer = formed_by_transfer || link.kind == LinkKind::kTransfer;
  }
  if (unknown) return std::nullopt;
  std::vector<std::optional<double>> parts;
  for (const LineageLink& link : unit->predecessors) {
    if (counts(link))
      parts.push_back(ValueForYear(registry, link.from, year, as_of, rollup, recorded, trace));
  }
  if ((formed_by_transfer && !parts.empty()) || (formed_by_merge && parts.size() >= 2))
    return combine(parts);
  gap(GapKind::kNoPredecessor);
  return std::nullopt;
}

std::optional<double> PriorYearValue(const UnitRegistry& registry, UnitId unit, int year,
                                     Rollup rollup, const RecordedValue& recorded,
                                     ValueTrace* trace) {
  return ValueForYear(registry, unit, year - 1, Date::LastDayOfYear(year), rollup, recorded, trace);
}

}  // namespace kieumau
