#include "app/facts/fact_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit/audit_service.h"

namespace kieumau::app {

namespace {

// One audit entry per unit whose values the batch changes: each value before (as stored under the
// locks) and after, in indicator order; writes of the value already there are left out, as the
// history leaves them out.
std::vector<AuditEntry> FactAuditEntries(const World& world, const Catalogue& catalogue, int year,
                                         std::span<const FactWrite> writes, const YearFacts& before,
                                         const WriteActor& actor, Timestamp at) {
  using Json = nlohmann::ordered_json;
  std::map<UnitId, std::map<std::string_view, std::pair<Json, Json>>> changes;
  for (const FactWrite& write : writes) {
    std::optional<double> old;
    const std::optional<int> slot = catalogue.Find(write.indicator);
    if (const std::vector<double>* row = before.Find(write.unit_id); row && slot) {
      const double value = (*row)[static_cast<size_t>(*slot)];
      if (!std::isnan(value)) old = value;
    }
    if (old == write.value) continue;
    changes[write.unit_id][write.indicator] = {old ? Json(*old) : Json(nullptr),
                                               write.value ? Json(*write.value) : Json(nullptr)};
  }
  const std::string_view action =
      actor.channel == FactSource::kImport ? audit_action::kFactsImport : audit_action::kFactsPut;
  std::vector<AuditEntry> entries;
  entries.reserve(changes.size());
  for (auto& [unit, values] : changes) {
    Json list = Json::array();
    for (auto& [indicator, pair] : values)
      list.push_back(
          {{"indicator", indicator}, {"before", std::move(pair.first)}, {"after", pair.second}});
    const Unit* known = world.registry().Find(unit);
    const std::string code = known ? known->code : "#" + std::to_string(unit);
    Json detail{{"unit", code}, {"year", year}, {"changes", std::move(list)}};
    entries.push_back(MakeAuditEntry(actor, action, unit, code + "/" + std::to_string(year),
                                     detail.dump(-1, ' ', false, Json::error_handler_t::replace),
                                     at));
  }
  return entries;
}

}  // namespace

ProblemOr<WriteSummary> FactWriter::Write(int year, std::vector<FactWrite> writes,
                                          const WriteActor& actor, const Check& check) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  std::set<UnitId> unit_set;
  for (const FactWrite& write : writes)
    unit_set.insert(write.unit_id);
  const std::vector<UnitId> units(unit_set.begin(), unit_set.end());
  // What the batch's scorecards read: the batch's units this year, and them and their successors
  // next year.
  std::vector<UnitYear> locked;
  for (UnitId unit : units) {
    for (const UnitYear& input : (*world)->ScorecardInputs(unit, year))
      locked.push_back(input);
    std::vector<UnitId> next = (*world)->registry().AllSuccessors(unit);
    next.push_back(unit);
    for (UnitId successor : next)
      for (const UnitYear& input : (*world)->ScorecardInputs(successor, year + 1))
        locked.push_back(input);
  }
  std::sort(locked.begin(), locked.end());
  locked.erase(std::unique(locked.begin(), locked.end()), locked.end());

  // The batch's year as stored once written: the values read under the locks with the batch
  // applied, for every locked unit of that year.
  std::shared_ptr<const YearFacts> written_year;
  context_.Hook("facts.lock");
  ProblemOr<WriteSummary> written =
      context_.InTransaction<WriteSummary>([&](Store& store) -> ProblemOr<WriteSummary> {
        if (StoreStatus lock = store.LockUnitYears(locked); !lock) return FromStore(lock.error());
        ProblemOr<std::map<int, std::shared_ptr<YearFacts>>> stored =
            ReadUnitYears(store, context_.catalogue(), locked);
        if (!stored) return stored.error();
        context_.Hook("facts.locked");
        if (std::optional<Problem> problem = check(YearIn(*stored, year))) return *problem;
        std::shared_ptr<const YearFacts> after =
            WithWrites(YearIn(*stored, year), writes, context_.catalogue());
        written_year = after;
        ProblemOr<std::vector<ScorecardRecord>> scorecards =
            scoring_.RecomputeStored(store, **world, year, units, YearIn(*stored, year - 1), *after,
                                     YearIn(*stored, year + 1));
        if (!scorecards) return scorecards.error();
        const Timestamp now = context_.Now();
        StoreResult<PutFactsSummary> put = store.PutFacts(writes, actor, now);
        if (!put) return FromStore(put.error());
        // The audit trail, in the same unit of work: committed with the facts or not at all.
        const std::vector<AuditEntry> audit = FactAuditEntries(
            **world, context_.catalogue(), year, writes, YearIn(*stored, year), actor, now);
        if (StoreStatus logged = store.audit().AppendAll(audit); !logged)
          return FromStore(logged.error());
        if (!scorecards->empty()) {
          if (StoreStatus stored_scorecards = store.PutScorecards(*scorecards); !stored_scorecards)
            return FromStore(stored_scorecards.error());
        }
        return WriteSummary{static_cast<int64_t>(writes.size()), put->changed, put->unchanged,
                            static_cast<int>(scorecards->size())};
      });
  if (!written) return written;
  // This process's cache takes the locked units' rows of that year as they now are in the store
  // (not the batch applied to its own copy, which may miss another server's write the change feed
  // has not reported yet): a read through this server right after its write sees that write whole.
  std::vector<UnitId> year_units;
  for (const UnitYear& unit_year : locked)
    if (unit_year.year == year) year_units.push_back(unit_year.unit_id);
  context_.cache().ApplyFacts(year, [&](const YearFacts& cached) {
    auto copy = std::make_shared<YearFacts>(cached);
    for (UnitId unit : year_units) {
      if (const std::vector<double>* row = written_year->Find(unit)) {
        copy->by_unit.insert_or_assign(unit, *row);
      } else {
        copy->by_unit.erase(unit);
      }
    }
    return std::shared_ptr<const YearFacts>(std::move(copy));
  });
  return written;
}

}  // namespace kieumau::app
