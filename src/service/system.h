// The province's system as the API sees it: units with their history, facts, scorecards and
// programmes, read from and written to the store, with what is computed from them (roadmaps, force
// figures, scores). Plain values in, JSON text (or a file) out; no HTTP here.
//
// The process keeps what every request needs in memory — the units registry, the programmes with
// their recognitions, each year's facts once read, computed roadmaps — and refreshes it after each
// of its own writes. Writes made to the same database by another process are seen after a restart.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/catalogue.h"
#include "engine/result.h"
#include "engine/rubric.h"
#include "programme/programme.h"
#include "service/problem.h"
#include "service/store_pool.h"
#include "units/registry.h"

namespace kieumau::service {

// A file to download.
struct FileAnswer {
  std::string content_type;
  std::string file_name;
  std::string body;
};

// A criteria set the system scores with, and the SHA-256 of its file (stored with scorecards).
struct RubricRef {
  const Rubric* rubric = nullptr;
  std::string hash;
};

enum class TableFileFormat { kCsv, kXlsx };

// One value of a unit's facts as a client sends it: a number to set, nothing to erase, or something
// that is neither (reported against the indicator, with the other problems of the same request).
struct FactEntry {
  std::string indicator;
  std::optional<double> value;
  bool not_a_number = false;
};

struct SystemOptions {
  std::string db_url = "sqlite:data/kieumau.db";
  size_t connections = 4;
  // On an empty database, load the Bắc Ninh demo (units, 2025 reorganisation, facts, programme).
  bool seed_demo = true;
  // The clock for history rows; tests may fix it.
  std::function<std::chrono::sys_seconds()> now;
};

class System {
 public:
  // Opens the store (migrating it), seeds the demo when asked and the database is empty, and loads
  // the units and programmes. `catalogue` and the rubrics must outlive the system. Progress lines
  // go to `log`.
  static Answer<std::unique_ptr<System>> Open(const SystemOptions& options,
                                              const Catalogue& catalogue,
                                              std::vector<RubricRef> rubrics, std::ostream& log);
  ~System();

  // {"backend","schema_version","demo":{…}|null}
  std::string AboutJson() const;

  // GET /api/programmes, /api/programmes/{id}/roadmap, /api/roadmap (every programme, by year),
  // /api/programmes/{id}/force?year=Y.
  Answer<std::string> ProgrammesJson();
  Answer<std::string> RoadmapJson(std::string_view programme_id);
  Answer<std::string> NationalRoadmapJson();
  Answer<std::string> ForceJson(std::string_view programme_id, int year);

  // Units as of a date: all units, or those under `within` (a unit code), of a level and a kind.
  Answer<std::string> UnitsJson(std::string_view as_of, std::string_view within,
                                std::string_view level, std::string_view kind);
  // One unit as of a date: its state, path, children, predecessors and successors, events.
  Answer<std::string> UnitJson(std::string_view code, std::string_view as_of);

  // The facts table of a year (one row per commune-level unit existing at the year's end, one
  // column per catalogue indicator, the current values): the import template and the export.
  Answer<FileAnswer> FactsTable(int year, TableFileFormat format, std::string_view within);
  // Imports a filled-in table (CSV or xlsx, told apart by content): all or nothing.
  Answer<std::string> ImportFacts(int year, std::string_view file, const WriteActor& actor);
  // Sets (a number) or erases (no value) some of a unit's values for a year, checked against the
  // catalogue (type, bounds, `le` with the unit's other values): all or nothing.
  Answer<std::string> PutUnitFacts(std::string_view code, int year,
                                   const std::vector<FactEntry>& entries, const WriteActor& actor);
  // A unit's values for a year, and the history of one value.
  Answer<std::string> UnitFactsJson(std::string_view code, int year);
  Answer<std::string> FactHistoryJson(std::string_view code, std::string_view indicator, int year);

  // A unit's scorecard for a year under a criteria set (stored; recomputed when stale), and the
  // scorecards of every unit of a province the set applies to (the `kieumau score` result shape).
  Answer<std::string> UnitScorecardJson(std::string_view code, int year,
                                        std::string_view rubric_id);
  Answer<std::string> ProvinceScoresJson(std::string_view code, int year,
                                         std::string_view rubric_id);

  const Catalogue& catalogue() const { return catalogue_; }

 private:
  struct State;
  struct YearFacts;
  struct ScoredUnit;

  System(const Catalogue& catalogue, std::vector<RubricRef> rubrics);

  std::shared_ptr<const State> CurrentState() const;
  // The count of fact writes installed so far (version_).
  uint64_t FactsVersion() const;
  Answer<std::shared_ptr<const State>> LoadState(Store& store) const;
  Answer<std::shared_ptr<const YearFacts>> Facts(int year);
  const RubricRef* FindRubric(std::string_view id) const;
  // The prior-year values (by catalogue slot) of `unit` judged in `year`, following lineage.
  std::vector<double> PriorValues(const State& state, UnitId unit, int year,
                                  const YearFacts& prior) const;
  // Scores `units` in `year`; the year's facts and the year before's are the cached ones unless
  // given (`current`, `prior`: a batch's values before they are stored).
  Answer<std::vector<ScoredUnit>> Score(const State& state, const RubricRef& rubric,
                                        const std::vector<UnitId>& units, int year, bool reasons,
                                        const YearFacts* current = nullptr,
                                        const YearFacts* prior = nullptr);
  Answer<std::string> ComputeRoadmapJson(const State& state, size_t programme);
  Answer<std::vector<RoadmapYear>> ComputeRoadmapRows(const State& state, size_t programme);
  // The stored scorecards a batch of `year` changes, computed anew from the facts after it
  // (`prior`, `current` with the batch applied, `next`): the batch's units that year, and them and
  // their successors the year after.
  Answer<std::vector<ScorecardRecord>> ScorecardsAfter(Store& store, const State& state, int year,
                                                       const std::vector<UnitId>& changed,
                                                       const YearFacts& prior,
                                                       const YearFacts& current,
                                                       const YearFacts& next);
  // A copy of a year's facts with a batch applied; a unit left with no value has no row.
  std::shared_ptr<YearFacts> WithWrites(const YearFacts& facts,
                                        const std::vector<FactWrite>& writes) const;
  // After a stored batch: its year's facts in memory replaced (readers keep the copy they hold),
  // computed roadmaps dropped.
  void InstallFacts(int year, std::shared_ptr<const YearFacts> facts);
  // Stores a checked batch of one year's facts together with the stored scorecards it changes,
  // recomputed (ScorecardsAfter), in one transaction. The caller holds write_mutex_ since before
  // it read the values it checked the batch against.
  struct WriteSummary {
    PutFactsSummary facts;
    int scorecards_recomputed = 0;
  };
  Answer<WriteSummary> WriteFacts(const State& state, int year,
                                  const std::vector<FactWrite>& writes, const WriteActor& actor);

  const Catalogue& catalogue_;
  std::vector<RubricRef> rubrics_;
  std::unique_ptr<StorePool> pool_;
  std::function<std::chrono::sys_seconds()> now_;

  mutable std::mutex mutex_;  // guards everything below
  std::shared_ptr<const State> state_;
  std::map<int, std::shared_ptr<const YearFacts>> facts_;
  std::map<std::string, std::string, std::less<>> roadmap_cache_;  // "" = national
  uint64_t version_ = 0;  // bumped by every write; a computation started before is not cached

  std::mutex write_mutex_;  // one write at a time
};

}  // namespace kieumau::service
