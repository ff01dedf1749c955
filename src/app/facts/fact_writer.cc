#include "app/facts/fact_writer.h"

#include <algorithm>
#include <set>

namespace kieumau::app {

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
        StoreResult<PutFactsSummary> put = store.PutFacts(writes, actor, context_.Now());
        if (!put) return FromStore(put.error());
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
