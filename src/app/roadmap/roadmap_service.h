// Programmes and what they measure: the roadmap per year (each year's target count of model units
// against the units recognised, passing, failing and not assessed), every programme summed by year
// for the nation, and the force-building figures and targets. Computed from the world and the
// facts; kept in the cache until anything they read changes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

struct RoadmapView {
  std::shared_ptr<const World> world;
  const ProgrammeEntry* entry = nullptr;
  std::vector<RoadmapYear> years;
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

  ProblemOr<ProgrammeList> Programmes();
  ProblemOr<std::shared_ptr<const RoadmapView>> Roadmap(std::string_view programme_id);
  ProblemOr<std::shared_ptr<const NationalRoadmap>> National();
  ProblemOr<ForceView> Force(std::string_view programme_id, int year);

 private:
  ProblemOr<std::vector<RoadmapYear>> Rows(const World& world, const ProgrammeEntry& entry);

  Context& context_;
};

}  // namespace kieumau::app
