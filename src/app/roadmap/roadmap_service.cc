#include "app/roadmap/roadmap_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/scoring/scorer.h"

namespace kieumau::app {

namespace {

Problem ProvinceUnknown(const Programme& programme) {
  return Problem{ErrorCode::kInvalid,
                 "Đề án " + programme.id + " nêu tỉnh \"" + programme.province +
                     "\" không có trong danh mục đơn vị (the programme's province is not a "
                     "known unit)"};
}

}  // namespace

ProblemOr<ProgrammeList> RoadmapService::Programmes(const Scope& scope) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProgrammeList list{*world, {}};
  for (const ProgrammeEntry& entry : (*world)->programmes()) {
    if (!(*world)->Sees(entry, scope)) continue;
    ProgrammeView view{&entry, std::nullopt};
    if (const Unit* province = (*world)->registry().Find(entry.province))
      view.province_code = province->code;
    list.programmes.push_back(std::move(view));
  }
  return list;
}

ProblemOr<std::vector<RoadmapYear>> RoadmapService::Rows(const World& world,
                                                         const ProgrammeEntry& entry) {
  const Programme& programme = entry.programme;
  if (entry.province == 0) return ProvinceUnknown(programme);
  if (entry.rubric == nullptr) {
    return Problem{ErrorCode::kInvalid,
                   "Đề án " + programme.id + " dùng bộ tiêu chí \"" + programme.rubric_id +
                       "\" mà máy chủ không có (the programme's rubric is not loaded)"};
  }
  RoadmapInput input;
  for (const RoadmapEntry& row : programme.roadmap) {
    const Date end = Date::LastDayOfYear(row.year);
    Result<std::vector<UnitId>> units =
        world.UnitsOf(entry.ProvinceOn(world.registry(), end), programme.unit_kind, end);
    if (!units) {
      input.units_by_year[row.year] = 0;
      continue;
    }
    input.units_by_year[row.year] = static_cast<int64_t>(units->size());
    // Recognised: a recognition of the unit in this year or before (it holds until the unit ends).
    std::set<UnitId> recognised;
    for (const RecognitionRecord& recognition : entry.recognitions) {
      if (recognition.year <= row.year) recognised.insert(recognition.unit_id);
    }
    std::vector<UnitId> to_score;
    for (UnitId unit : *units) {
      if (recognised.count(unit) != 0) {
        input.statuses.push_back(
            {world.registry().Find(unit)->code, row.year, UnitYearStatus::kRecognised});
      } else {
        to_score.push_back(unit);
      }
    }
    ProblemOr<std::shared_ptr<const YearFacts>> current = context_.Facts(row.year);
    if (!current) return current.error();
    ProblemOr<std::shared_ptr<const YearFacts>> prior = context_.Facts(row.year - 1);
    if (!prior) return prior.error();
    ProblemOr<std::vector<ScoredUnit>> scored =
        ScoreUnits(world, context_.catalogue(), *entry.rubric->rubric, to_score, row.year,
                   **current, **prior, /*reasons=*/false);
    if (!scored) return scored.error();
    for (const ScoredUnit& unit : *scored) {
      if (!unit.has_facts) continue;  // not assessed
      if (unit.result.outcome == Outcome::kPass) {
        input.statuses.push_back({unit.facts.code, row.year, UnitYearStatus::kPassing});
      } else if (unit.result.outcome == Outcome::kFail ||
                 unit.result.outcome == Outcome::kIneligible) {
        input.statuses.push_back({unit.facts.code, row.year, UnitYearStatus::kFailing});
      }
    }
  }
  Result<std::vector<RoadmapYear>> rows = ComputeRoadmap(programme, input);
  if (!rows) return FromError(rows.error());
  return std::move(*rows);
}

std::vector<BaseChange> RoadmapService::BaseChanges(const World& world,
                                                    const ProgrammeEntry& entry) {
  const Programme& programme = entry.programme;
  std::vector<BaseChange> changes;
  if (entry.province == 0 || programme.roadmap.empty()) return changes;
  const UnitRegistry& registry = world.registry();
  const Date first = Date::FirstDayOfYear(programme.roadmap.front().year);
  const Date last = Date::LastDayOfYear(programme.roadmap.back().year);
  std::set<Date> dates;
  for (const UnitEventValue& event : registry.events()) {
    const Date date = EventDate(event);
    if (first < date && date <= last) dates.insert(date);
  }
  const std::string_view kind = UnitKindLabel(programme.unit_kind);
  for (Date date : dates) {
    const Date before_day = date.PreviousDay();
    const UnitId province_before = entry.ProvinceOn(registry, before_day);
    const UnitId province_after = entry.ProvinceOn(registry, date);
    Result<std::vector<UnitId>> before =
        world.UnitsOf(province_before, programme.unit_kind, before_day);
    Result<std::vector<UnitId>> after = world.UnitsOf(province_after, programme.unit_kind, date);
    if (!before || !after) continue;
    const std::set<UnitId> was(before->begin(), before->end());
    const std::set<UnitId> is(after->begin(), after->end());
    if (was == is && province_before == province_after) continue;
    BaseChange change;
    change.date = date;
    change.province_before = registry.Find(province_before)->code;
    change.province_before_name = world.Name(province_before, before_day);
    change.province_after = registry.Find(province_after)->code;
    change.province_after_name = world.Name(province_after, date);
    change.units_before = static_cast<int64_t>(was.size());
    change.units_after = static_cast<int64_t>(is.size());
    for (UnitId id : was) {
      if (registry.Exists(id, date)) continue;
      ++change.ended;
      int recognised_year = 0;
      for (const RecognitionRecord& r : entry.recognitions) {
        if (r.unit_id == id) recognised_year = std::max(recognised_year, r.year);
      }
      if (recognised_year == 0) continue;
      EndedRecognised ended{
          registry.Find(id)->code, world.Name(id, before_day), recognised_year, {}};
      for (UnitId next : registry.Successors(id))
        ended.successors.emplace_back(registry.Find(next)->code, world.Name(next, date));
      change.recognised_ended.push_back(std::move(ended));
    }
    for (UnitId id : is) {
      if (registry.Find(id)->from == date) {
        ++change.created;
      } else if (!was.contains(id)) {
        ++change.retyped;
      }
    }
    change.reason = fmt::format(
        "Ngày {}: {} {} trước, {} {} sau — {} {} chấm dứt, {} {} mới thành lập, {} đơn vị khác trở "
        "thành {} hoặc chuyển về tỉnh; {} {} được công nhận đã chấm dứt (không chuyển công nhận "
        "sang đơn vị kế thừa). ({}: {} units of the kind before, {} after: {} ended, {} created, "
        "{} became of the kind or joined the province; {} recognised units ended, their "
        "recognition not inherited.)",
        date.ToString(), change.units_before, kind, change.units_after, kind, change.ended, kind,
        change.created, kind, change.retyped, kind, change.recognised_ended.size(), kind,
        date.ToString(), change.units_before, change.units_after, change.ended, change.created,
        change.retyped, change.recognised_ended.size());
    if (province_before != province_after) {
      change.reason +=
          fmt::format(" {} (mã {}) → {} (mã {}).", change.province_before_name,
                      change.province_before, change.province_after_name, change.province_after);
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

ProblemOr<std::shared_ptr<const RoadmapView>> RoadmapService::Roadmap(std::string_view programme_id,
                                                                      const Scope& scope) {
  {
    ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
    if (!world) return world.error();
    ProblemOr<const ProgrammeEntry*> entry = (*world)->FindProgramme(programme_id, &scope);
    if (!entry) return entry.error();
  }
  return context_.cache().Computed<RoadmapView>(
      "roadmap:" + std::string(programme_id), [&]() -> ProblemOr<RoadmapView> {
        ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
        if (!world) return world.error();
        ProblemOr<const ProgrammeEntry*> entry = (*world)->FindProgramme(programme_id);
        if (!entry) return entry.error();
        ProblemOr<std::vector<RoadmapYear>> rows = Rows(**world, **entry);
        if (!rows) return rows.error();
        return RoadmapView{*world, *entry, std::move(*rows), BaseChanges(**world, **entry)};
      });
}

ProblemOr<std::shared_ptr<const NationalRoadmap>> RoadmapService::National(const Scope& scope) {
  if (!scope.nation()) {
    return Problem{ErrorCode::kForbidden,
                   "Lộ trình toàn quốc chỉ dành cho người có quyền trên cả nước (the national "
                   "roadmap is for users with a nationwide grant)"};
  }
  return context_.cache().Computed<NationalRoadmap>(
      "roadmap:", [&]() -> ProblemOr<NationalRoadmap> {
        ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
        if (!world) return world.error();
        std::map<int, NationalRoadmapYear> by_year;
        NationalRoadmap national;
        for (const ProgrammeEntry& entry : (*world)->programmes()) {
          ProblemOr<std::vector<RoadmapYear>> rows = Rows(**world, entry);
          if (!rows) return rows.error();
          national.programmes.push_back(entry.programme.id);
          for (const RoadmapYear& row : *rows) {
            NationalRoadmapYear& sum = by_year[row.year];
            sum.total.year = row.year;
            sum.total.units += row.units;
            sum.total.target += row.target;
            sum.total.recognised += row.recognised;
            sum.total.passing += row.passing;
            sum.total.failing += row.failing;
            sum.total.not_assessed += row.not_assessed;
            sum.total.gap += row.gap;
            ++sum.programmes;
          }
        }
        for (auto& [year, row] : by_year)
          national.years.push_back(std::move(row));
        return national;
      });
}

ProblemOr<ForceView> RoadmapService::Force(std::string_view programme_id, int year,
                                           const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<const ProgrammeEntry*> entry = (*world)->FindProgramme(programme_id, &scope);
  if (!entry) return entry.error();
  const Programme& programme = (*entry)->programme;
  if ((*entry)->province == 0) return ProvinceUnknown(programme);
  const Date end = Date::LastDayOfYear(year);
  Result<std::vector<UnitId>> units =
      (*world)->UnitsOf((*entry)->ProvinceOn((*world)->registry(), end), programme.unit_kind, end);
  if (!units) return FromError(units.error());
  ProblemOr<std::shared_ptr<const YearFacts>> facts = context_.Facts(year);
  if (!facts) return facts.error();
  std::vector<UnitValues> values;
  values.reserve(units->size());
  for (UnitId unit : *units) {
    UnitValues v;
    v.unit = (*world)->Name(unit, end);
    v.kind = programme.unit_kind;
    for (auto& [name, value] : (*facts)->Named(unit, context_.catalogue()))
      v.values.emplace(std::move(name), value);
    values.push_back(std::move(v));
  }
  Result<ForceReport> report = ComputeForce(programme, values, context_.catalogue());
  if (!report) return FromError(report.error());
  return ForceView{*world, *entry, year, std::move(*report)};
}

}  // namespace kieumau::app
