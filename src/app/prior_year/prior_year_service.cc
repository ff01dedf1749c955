#include "app/prior_year/prior_year_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/audit/audit_service.h"

namespace kieumau::app {

namespace {

InferredLink LinkOf(const World& world, const LineageLink& link) {
  const UnitRegistry& registry = world.registry();
  return InferredLink{link.from,
                      link.to,
                      registry.Find(link.from)->code,
                      world.Name(link.from, link.date.PreviousDay()),
                      registry.Find(link.to)->code,
                      world.Name(link.to, link.date),
                      link.date,
                      link.share,
                      link.basis};
}

// The links the data only inferred (or that someone confirmed) on the lineage that the prior year
// of `unit` judged in `year` follows: links dated after the prior year's end, up to the judged
// year's end.
std::vector<InferredLink> InferredLinks(const World& world, UnitId unit, int year) {
  const UnitRegistry& registry = world.registry();
  const Date after = Date::LastDayOfYear(year - 1);
  const Date until = Date::LastDayOfYear(year);
  std::vector<InferredLink> links;
  std::vector<UnitId> todo{unit};
  std::set<UnitId> seen{unit};
  while (!todo.empty()) {
    const Unit* current = registry.Find(todo.back());
    todo.pop_back();
    for (const LineageLink& link : current->predecessors) {
      if (!(after < link.date && link.date <= until)) continue;
      if (!link.certain || link.confirmed) links.push_back(LinkOf(world, link));
      if (seen.insert(link.from).second) todo.push_back(link.from);
    }
  }
  std::sort(links.begin(), links.end(), [](const InferredLink& a, const InferredLink& b) {
    return std::tie(a.date, a.to, a.from) < std::tie(b.date, b.to, b.from);
  });
  return links;
}

}  // namespace

ProblemOr<RestatedList> PriorYearService::Restated(std::string_view province_code, int year,
                                                   std::string_view rubric_id, const Scope& scope) {
  ProblemOr<JudgedProvince> judged = JudgeProvince(context_, province_code, year, rubric_id, scope);
  if (!judged) return judged.error();
  const Rubric& rubric = *judged->rubric->rubric;
  const World& world = *judged->world;
  ProblemOr<std::shared_ptr<const YearFacts>> prior = context_.Facts(year - 1);
  if (!prior) return prior.error();
  const Date end = Date::LastDayOfYear(year);
  RestatedList list{
      std::string(province_code), world.Name(judged->province, end), year, rubric.id, {}};
  for (UnitId id : judged->units) {
    std::vector<InferredLink> links = InferredLinks(world, id, year);
    const bool needs = NeedsRestatedPriorYear(world, id, year);
    // A unit whose inferred links were all confirmed is listed too, until its values roll up.
    if (!needs && links.empty()) continue;
    Result<UnitState> state = world.registry().StateAt(id, end);
    if (!state || !state->kind) continue;
    RestatedUnit unit;
    unit.id = id;
    unit.code = state->code;
    unit.name = state->name;
    unit.kind = *state->kind;
    unit.sources =
        TracePriorSources(world, context_.catalogue(), rubric, id, *state->kind, year, **prior);
    unit.links = std::move(links);
    unit.done = std::all_of(unit.sources.begin(), unit.sources.end(),
                            [](const PriorSource& s) { return s.kind != PriorKind::kMissing; });
    if (!needs && unit.done) continue;  // confirmed links, and the values roll up through them
    list.units.push_back(std::move(unit));
  }
  std::sort(list.units.begin(), list.units.end(),
            [](const RestatedUnit& a, const RestatedUnit& b) { return a.code < b.code; });
  return list;
}

ProblemOr<FactsTable> PriorYearService::RestatedTemplate(std::string_view province, int year,
                                                         std::string_view rubric,
                                                         const Scope& scope) {
  ProblemOr<RestatedList> list = Restated(province, year, rubric, scope);
  if (!list) return list.error();
  ProblemOr<std::shared_ptr<const YearFacts>> prior = context_.Facts(year - 1);
  if (!prior) return prior.error();
  FactsTable table{year - 1, {}};
  for (const RestatedUnit& unit : list->units) {
    FactTableRow row;
    row.unit_code = unit.code;
    row.unit_name = unit.name;
    if (const std::vector<double>* values = (*prior)->Find(unit.id)) {
      for (double value : *values)
        row.cells.push_back(IsMissing(value) ? Cell() : Cell::Number(value));
      while (!row.cells.empty() && row.cells.back().empty())
        row.cells.pop_back();
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

ProblemOr<ImportSummary> PriorYearService::ImportRestated(std::string_view province, int year,
                                                          std::string_view file,
                                                          const WriteActor& actor,
                                                          const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  if (auto bad = CheckYear(year - 1)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<UnitId> found = (*world)->UnitAtYearEnd(province, year, Level::kProvince, &scope);
  if (!found) return found.error();
  return facts_.Import(year - 1, file, actor,
                       ImportScope{Date::LastDayOfYear(year), *found, &scope});
}

ProblemOr<ConfirmedLink> PriorYearService::ConfirmLink(UnitId from, UnitId to,
                                                       const WriteActor& actor,
                                                       const Scope& scope) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  const UnitRegistry& registry = (*world)->registry();
  const Unit* target = registry.Find(to);
  const LineageLink* link = nullptr;
  if (target != nullptr) {
    for (const LineageLink& candidate : target->predecessors)
      if (candidate.from == from) link = &candidate;
  }
  if (link == nullptr || registry.Find(from) == nullptr || !scope.Covers(registry, to)) {
    return NotFound(fmt::format(
        "Không có liên kết từ đơn vị #{} sang đơn vị #{} (no link from unit #{} into unit #{})",
        from, to, from, to));
  }
  if (link->certain) {
    return Problem{
        ErrorCode::kInvalid,
        fmt::format("Liên kết từ {} sang {} đã chắc chắn{}, không cần xác nhận (the link is "
                    "certain already{})",
                    (*world)->Name(from, link->date.PreviousDay()), (*world)->Name(to, link->date),
                    link->confirmed ? " (đã được xác nhận)" : "",
                    link->confirmed ? ": it was confirmed" : "")};
  }
  // A whole unit passes into one unit only: the data may offer several candidates (an ambiguous
  // link), of which a person confirms one.
  if (link->share == Share::kWhole) {
    for (const LineageLink& other : registry.Find(from)->successors) {
      if (other.to != to && other.share == Share::kWhole && other.certain &&
          other.kind == LinkKind::kTransfer) {
        return Problem{
            ErrorCode::kInvalid,
            fmt::format("{} đã chuyển toàn bộ sang {} (chắc chắn), không thể chuyển toàn "
                        "bộ sang {} nữa (the whole unit passed into another unit already)",
                        (*world)->Name(from, link->date.PreviousDay()),
                        (*world)->Name(other.to, other.date), (*world)->Name(to, link->date))};
      }
    }
  }
  ConfirmedLink answer{LinkOf(**world, *link), {from, to, actor, context_.Now()}, "", 0};
  // The scorecards that read values through the link: its target's and its successors' in the
  // link's year (the prior year of a later year is their own record).
  const int year = link->date.year();
  std::vector<UnitId> affected = registry.AllSuccessors(to);
  affected.push_back(to);
  ProblemOr<int> recomputed = context_.InTransaction<int>([&](Store& store) -> ProblemOr<int> {
    if (StoreStatus put = store.PutLinkConfirmation(answer.confirmation); !put)
      return FromStore(put.error());
    // The units as they are with the confirmation, read inside this unit of work.
    ProblemOr<std::shared_ptr<const World>> confirmed =
        World::Load(store, context_.catalogue(), context_.rubrics());
    if (!confirmed) return confirmed.error();
    answer.confirmed_by = std::string((*confirmed)->ConfirmerName(actor));
    std::vector<UnitYear> inputs;
    for (UnitId unit : affected)
      for (const UnitYear& input : (*confirmed)->ScorecardInputs(unit, year))
        inputs.push_back(input);
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    if (StoreStatus locked = store.LockUnitYears(inputs); !locked) return FromStore(locked.error());
    ProblemOr<std::map<int, std::shared_ptr<YearFacts>>> facts =
        ReadUnitYears(store, context_.catalogue(), inputs);
    if (!facts) return facts.error();
    ProblemOr<std::vector<ScorecardRecord>> records =
        scoring_.RecomputeStored(store, **confirmed, year - 1, std::vector<UnitId>{to}, YearFacts{},
                                 YearIn(*facts, year - 1), YearIn(*facts, year));
    if (!records) return records.error();
    // RecomputeStored reads `to` and its successors as the units changed in year - 1: their
    // scorecards of `year` take their prior year through the confirmed link. Those of year - 1
    // it recomputes too exist only for units living then, which the link does not touch.
    std::vector<ScorecardRecord> kept;
    for (ScorecardRecord& record : *records)
      if (record.year == year) kept.push_back(std::move(record));
    if (!kept.empty()) {
      if (StoreStatus put = store.PutScorecards(kept); !put) return FromStore(put.error());
    }
    // The audit trail, in the same unit of work.
    const nlohmann::ordered_json detail{
        {"from", {{"id", from}, {"code", answer.link.from_code}, {"name", answer.link.from_name}}},
        {"to", {{"id", to}, {"code", answer.link.to_code}, {"name", answer.link.to_name}}},
        {"date", answer.link.date.ToString()},
        {"share", ShareKey(answer.link.share)},
        {"basis", answer.link.basis},
        {"before", {{"certain", false}}},
        {"after", {{"certain", true}, {"confirmed", true}}},
        {"scorecards_recomputed", kept.size()}};
    StoreResult<int64_t> logged = store.audit().Append(MakeAuditEntry(
        actor, audit_action::kLinkConfirm, to, answer.link.from_code + "->" + answer.link.to_code,
        detail.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
        answer.confirmation.at));
    if (!logged) return FromStore(logged.error());
    return static_cast<int>(kept.size());
  });
  if (!recomputed) return recomputed.error();
  context_.cache().InvalidateWorld();
  answer.scorecards_recomputed = *recomputed;
  return answer;
}

}  // namespace kieumau::app
