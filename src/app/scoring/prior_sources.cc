#include "app/scoring/prior_sources.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace kieumau::app {

namespace {

std::string KindCountEn(UnitKind kind, int count) {
  std::string_view noun = "unit";
  switch (kind) {
    case UnitKind::kPhuong:
      noun = "ward";
      break;
    case UnitKind::kXa:
      noun = "commune";
      break;
    case UnitKind::kThiTran:
      noun = "township";
      break;
    case UnitKind::kDacKhu:
      noun = "special zone";
      break;
  }
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// "Xã A, Xã B và 3 đơn vị khác" / "Xã A, Xã B and 3 more": at most three names.
std::pair<std::string, std::string> NameList(const World& world, std::vector<UnitId> ids,
                                             Date date) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string vi;
  std::string en;
  const size_t shown = std::min<size_t>(ids.size(), 3);
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) {
      vi += ", ";
      en += ", ";
    }
    const std::string name = world.Name(ids[i], date);
    vi += name;
    en += name;
  }
  if (ids.size() > shown) {
    vi += fmt::format(" và {} đơn vị khác", ids.size() - shown);
    en += fmt::format(" and {} more", ids.size() - shown);
  }
  return {vi, en};
}

// The words of a value rolled up from `used`.
void DescribeRolledUp(const World& world, PriorSource& source, int prior_year) {
  const Date end = Date::LastDayOfYear(prior_year);
  if (source.used.size() == 1) {
    const std::string name = world.Name(source.used.front(), end);
    source.text = fmt::format("lấy từ số liệu năm {} của {} (cũ)", prior_year, name);
    source.text_en = fmt::format("taken from the {} figure of {} (former unit)", prior_year, name);
    return;
  }
  std::map<UnitKind, int> by_kind;
  int other = 0;
  for (UnitId id : source.used) {
    Result<UnitState> state = world.registry().StateAt(id, end);
    if (state && state->kind) {
      ++by_kind[*state->kind];
    } else {
      ++other;
    }
  }
  std::string vi;
  std::string en;
  for (const auto& [kind, count] : by_kind) {
    vi += fmt::format("{}{} {}", vi.empty() ? "" : ", ", count, UnitKindLabel(kind));
    en += fmt::format("{}{}", en.empty() ? "" : ", ", KindCountEn(kind, count));
  }
  if (other > 0) {
    vi += fmt::format("{}{} đơn vị", vi.empty() ? "" : ", ", other);
    en += fmt::format("{}{} other units", en.empty() ? "" : ", ", other);
  }
  source.text = fmt::format("gộp từ {} cũ", vi);
  source.text_en = fmt::format("rolled up from {} former units ({})", source.used.size(), en);
}

// What a missing value needs, and the words that say so.
void DescribeMissing(const World& world, UnitId unit, PriorSource& source, int prior_year) {
  const Date end = Date::LastDayOfYear(prior_year);
  std::vector<UnitId> no_record, part_from, part_to;
  std::vector<Gap> uncertain;
  bool not_combinable = false;
  bool new_unit = false;
  for (const Gap& gap : source.gaps) {
    switch (gap.kind) {
      case GapKind::kNoRecord:
        no_record.push_back(gap.unit);
        break;
      case GapKind::kPart:
        part_from.push_back(gap.other);
        break;
      case GapKind::kPartGiven:
        part_to.push_back(gap.other);
        break;
      case GapKind::kUncertain:
        uncertain.push_back(gap);
        break;
      case GapKind::kNotCombinable:
        not_combinable = true;
        break;
      case GapKind::kNoPredecessor:
        new_unit = true;
        break;
    }
  }
  const std::string restated_vi =
      fmt::format("thiếu: cần số liệu năm {} nhập lại theo địa giới mới", prior_year);
  const std::string restated_en =
      fmt::format("missing: the {} figure restated for the new territory is needed", prior_year);
  std::vector<std::string> why_vi, why_en;
  if (!part_from.empty()) {
    auto [vi, en] = NameList(world, part_from, end);
    why_vi.push_back("nhận một phần của " + vi);
    why_en.push_back("it took in part of " + en);
  }
  if (!part_to.empty()) {
    auto [vi, en] = NameList(world, part_to, world.registry().Find(part_to.front())->from);
    why_vi.push_back("đã chuyển một phần sang " + vi);
    why_en.push_back("it gave part of itself to " + en);
  }
  if (not_combinable) {
    why_vi.push_back("chỉ tiêu này không cộng gộp được từ nhiều đơn vị");
    why_en.push_back("this indicator cannot be combined from several units");
  }
  if (new_unit) {
    why_vi.push_back("đơn vị thành lập mới, không có số liệu trước đó");
    why_en.push_back("a new unit, with no earlier figures");
  }
  auto joined = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts)
      out += (out.empty() ? "" : "; ") + part;
    return out;
  };
  if (!why_vi.empty()) {
    source.need = PriorNeed::kRestated;
    source.text = restated_vi + " (" + joined(why_vi) + ")";
    source.text_en = restated_en + " (" + joined(why_en) + ")";
    return;
  }
  if (!uncertain.empty()) {
    // "Phường A → Phường B, Xã C → Phường B": at most three links.
    std::string links;
    for (size_t i = 0; i < uncertain.size() && i < 3; ++i) {
      const Gap& gap = uncertain[i];
      // Named on the link's day: the receiving unit may be an old one renamed then.
      Date linked = world.registry().Find(gap.unit)->from;
      for (const LineageLink& link : world.registry().Find(gap.unit)->predecessors)
        if (link.from == gap.other) linked = link.date;
      links += fmt::format("{}{} → {}", i == 0 ? "" : ", ", world.Name(gap.other, end),
                           world.Name(gap.unit, linked));
    }
    const size_t more = uncertain.size() > 3 ? uncertain.size() - 3 : 0;
    source.need = PriorNeed::kConfirmOrRestate;
    source.text = fmt::format(
        "thiếu: cần xác nhận liên kết {}{} hoặc nhập lại số liệu năm {} theo địa giới mới", links,
        more > 0 ? fmt::format(" và {} liên kết khác", more) : "", prior_year);
    source.text_en = fmt::format(
        "missing: confirm the link {}{}, or restate the {} figure for the new territory", links,
        more > 0 ? fmt::format(" and {} more", more) : "", prior_year);
    return;
  }
  source.need = PriorNeed::kValues;
  no_record.erase(std::remove(no_record.begin(), no_record.end(), unit), no_record.end());
  if (no_record.empty()) {
    source.text = fmt::format("thiếu: cần số liệu năm {}", prior_year);
    source.text_en = fmt::format("missing: the {} figure is needed", prior_year);
    return;
  }
  auto [vi, en] = NameList(world, no_record, end);
  source.text = fmt::format("thiếu: cần số liệu năm {} của {}", prior_year, vi);
  source.text_en = fmt::format("missing: the {} figures of {} are needed", prior_year, en);
}

}  // namespace

std::string_view PriorKindKey(PriorKind kind) {
  switch (kind) {
    case PriorKind::kOwn:
      return "own";
    case PriorKind::kRolledUp:
      return "rolled_up";
    case PriorKind::kRestated:
      return "restated";
    case PriorKind::kMissing:
      return "missing";
  }
  return "missing";
}

std::string_view PriorNeedKey(PriorNeed need) {
  switch (need) {
    case PriorNeed::kNone:
      return "";
    case PriorNeed::kValues:
      return "values";
    case PriorNeed::kRestated:
      return "restated";
    case PriorNeed::kConfirmOrRestate:
      return "confirm_or_restate";
  }
  return "";
}

std::vector<PriorSource> TracePriorSources(const World& world, const Catalogue& catalogue,
                                           const Rubric& rubric, UnitId unit, UnitKind kind,
                                           int year, const YearFacts& prior) {
  const int prior_year = year - 1;
  const Date prior_end = Date::LastDayOfYear(prior_year);
  const bool existed = world.registry().Exists(unit, prior_end);
  std::vector<PriorSource> sources;
  for (int slot : rubric.PriorSlots(kind)) {
    const RecordedValue recorded = [&](UnitId other, int y) -> std::optional<double> {
      if (y != prior_year) return std::nullopt;
      const std::vector<double>* row = prior.Find(other);
      if (row == nullptr || IsMissing((*row)[static_cast<size_t>(slot)])) return std::nullopt;
      return (*row)[static_cast<size_t>(slot)];
    };
    PriorSource source;
    source.slot = slot;
    ValueTrace trace;
    const std::optional<double> value =
        PriorYearValue(world.registry(), unit, year, catalogue.at(slot).rollup, recorded, &trace);
    if (value) {
      source.used = std::move(trace.used);
      if (source.used.size() == 1 && source.used.front() == unit) {
        source.kind = existed ? PriorKind::kOwn : PriorKind::kRestated;
        source.text = existed
                          ? fmt::format("số liệu năm {} của đơn vị", prior_year)
                          : fmt::format("số liệu năm {} nhập lại theo địa giới mới", prior_year);
        source.text_en =
            existed ? fmt::format("the unit's own {} figure", prior_year)
                    : fmt::format("the {} figure restated for the new territory", prior_year);
      } else {
        source.kind = PriorKind::kRolledUp;
        DescribeRolledUp(world, source, prior_year);
      }
    } else {
      source.kind = PriorKind::kMissing;
      source.gaps = std::move(trace.gaps);
      DescribeMissing(world, unit, source, prior_year);
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

bool NeedsRestatedPriorYear(const World& world, UnitId unit, int year) {
  // Every unit that existed through the prior year has a record; a unit that did not has none
  // (restated figures are set aside): what is left missing is what the lineage cannot tell.
  const Date prior_end = Date::LastDayOfYear(year - 1);
  const RecordedValue recorded = [&](UnitId other, int) -> std::optional<double> {
    if (world.registry().Exists(other, prior_end)) return 1.0;
    return std::nullopt;
  };
  ValueTrace trace;
  if (PriorYearValue(world.registry(), unit, year, Rollup::kSum, recorded, &trace)) return false;
  return std::any_of(trace.gaps.begin(), trace.gaps.end(),
                     [](const Gap& gap) { return gap.kind != GapKind::kNoRecord; });
}

void AppendPriorSourcesJson(const Catalogue& catalogue, const std::vector<PriorSource>& sources,
                            std::string& out) {
  out += '[';
  for (size_t i = 0; i < sources.size(); ++i) {
    const PriorSource& source = sources[i];
    if (i > 0) out += ", ";
    fmt::format_to(std::back_inserter(out), R"({{"indicator": {}, "source": "{}")",
                   nlohmann::json(catalogue.at(source.slot).name).dump(),
                   PriorKindKey(source.kind));
    if (source.kind == PriorKind::kRolledUp)
      fmt::format_to(std::back_inserter(out), R"(, "units": {})", source.used.size());
    if (source.need != PriorNeed::kNone)
      fmt::format_to(std::back_inserter(out), R"(, "needs": "{}")", PriorNeedKey(source.need));
    fmt::format_to(std::back_inserter(out), R"(, "text": {}, "text_en": {}}})",
                   nlohmann::json(source.text).dump(), nlohmann::json(source.text_en).dump());
  }
  out += ']';
}

}  // namespace kieumau::app
