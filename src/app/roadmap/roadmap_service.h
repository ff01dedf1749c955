// Programmes and what they measure: the roadmap per year (each year's target count of model units
// against the units recognised, passing, failing and not assessed), every programme summed by year
// for the nation, and the force-building figures and targets. Computed from the world and the
// facts; kept in the cache until anything they read changes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/context.h"
#include "programme/programme.h"

namespace kieumau::app {

struct ProgrammeView {
  const ProgrammeEntry* entry = nullptr;
  std::optional<std::string> province_code;  // when its province is a known unit
};

struct ProgrammeList {
  std::shared_ptr<const World> world;  // keeps the entries alive
  std::vector<ProgrammeView> programmes;
};

// A recognised unit that ended in a reorganisation, and what it went into. A recognition belongs
// to the unit recognised: its successors do not inherit it.
struct EndedRecognised {
  std::string code;
  std::string name;
  int year = 0;  // the last year it was recognised for
  std::vector<std::pair<std::string, std::string>> successors;  // code, name (on the date)
};

// A reorganisation that changed the units a programme counts (its base): the programme's kind of
// unit in its province the day before and on the date.
struct BaseChange {
  Date date;
  std::string province_before;  // code, name the day before
  std::string province_before_name;
  std::string province_after;  // code, name on the date
  std::string province_after_name;
  int64_t units_before = 0;
  int64_t units_after = 0;
  int64_t ended = 0;    // counted the day before, ended on the date
  int64_t created = 0;  // counted on the date, came into being on it
  int64_t retyped = 0;  // counted on the date, existed before as another kind or elsewhere
  std::vector<EndedRecognised> recognised_ended;
  std::string reason;  // the change in words, Vietnamese then English
};

struct RoadmapView {
  std::shared_ptr<const World> world;
  const ProgrammeEntry* entry = nullptr;
  std::vector<RoadmapYear> years;
  std::vector<BaseChange> base_changes;  // in date order
};

struct NationalRoadmapYear {
  RoadmapYear total;       // every programme's figures of that year added up
  int64_t programmes = 0;  // how many programmes have that year
};

struct NationalRoadmap {
  std::vector<std::string> programmes;  // their ids
  std::vector<NationalRoadmapYear> years;
};

struct ForceView {
  std::shared_ptr<const World> world;
  const ProgrammeEntry* entry = nullptr;
  int year = 0;
  ForceReport report;
};

class RoadmapService {
 public:
  explicit RoadmapService(Context& context) : context_(context) {}

  // A programme is seen by those whose scope covers its province (any unit that has had its name).
  ProblemOr<ProgrammeList> Programmes(const Scope& scope);
  ProblemOr<std::shared_ptr<const RoadmapView>> Roadmap(std::string_view programme_id,
                                                        const Scope& scope);
  // Every programme added up: for a scope of the whole country only ("forbidden" otherwise).
  ProblemOr<std::shared_ptr<const NationalRoadmap>> National(const Scope& scope);
  ProblemOr<ForceView> Force(std::string_view programme_id, int year, const Scope& scope);

 private:
  ProblemOr<std::vector<RoadmapYear>> Rows(const World& world, const ProgrammeEntry& entry);
  static std::vector<BaseChange> BaseChanges(const World& world, const ProgrammeEntry& entry);

  Context& context_;
};

}  // namespace kieumau::app
