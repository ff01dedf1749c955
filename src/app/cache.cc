#include "app/cache.h"

namespace kieumau::app {

ProblemOr<std::shared_ptr<const World>> Cache::GetWorld() {
  uint64_t epoch;
  {
    std::lock_guard lock(mutex_);
    if (world_) return world_;
    epoch = epoch_;
  }
  ProblemOr<std::shared_ptr<const World>> loaded = world_loader_();
  if (!loaded) return loaded;
  std::lock_guard lock(mutex_);
  if (epoch_ == epoch) world_ = *loaded;
  return loaded;
}

ProblemOr<std::shared_ptr<const YearFacts>> Cache::Facts(int year) {
  uint64_t epoch;
  {
    std::lock_guard lock(mutex_);
    auto it = facts_.find(year);
    if (it != facts_.end()) return it->second;
    epoch = epoch_;
  }
  ProblemOr<std::shared_ptr<const YearFacts>> loaded = facts_loader_(year);
  if (!loaded) return loaded;
  std::lock_guard lock(mutex_);
  if (epoch_ == epoch) facts_.emplace(year, *loaded);
  return loaded;
}

std::optional<size_t> Cache::StoredScorecard(UnitId unit, int year,
                                             const std::string& rubric) const {
  std::lock_guard lock(mutex_);
  auto it = stored_scorecards_.find({year, rubric, unit});
  if (it == stored_scorecards_.end()) return std::nullopt;
  return it->second;
}

void Cache::NoteStoredScorecard(UnitId unit, int year, const std::string& rubric, size_t hash) {
  std::lock_guard lock(mutex_);
  stored_scorecards_.insert_or_assign({year, rubric, unit}, hash);
}

void Cache::DropStoredScorecards(int year) {
  stored_scorecards_.erase(stored_scorecards_.lower_bound({year, std::string(), 0}),
                           stored_scorecards_.lower_bound({year + 2, std::string(), 0}));
}

void Cache::ApplyFacts(
    int year, const std::function<std::shared_ptr<const YearFacts>(const YearFacts&)>& apply) {
  std::lock_guard lock(mutex_);
  ++epoch_;
  computed_.clear();
  DropStoredScorecards(year);
  auto it = facts_.find(year);
  if (it != facts_.end()) it->second = apply(*it->second);
}

void Cache::InvalidateFacts(int year) {
  std::lock_guard lock(mutex_);
  ++epoch_;
  computed_.clear();
  DropStoredScorecards(year);
  facts_.erase(year);
}

void Cache::InvalidateWorld() {
  std::lock_guard lock(mutex_);
  ++epoch_;
  computed_.clear();
  world_.reset();
}

void Cache::InvalidateAll() {
  std::lock_guard lock(mutex_);
  ++epoch_;
  computed_.clear();
  stored_scorecards_.clear();
  world_.reset();
  facts_.clear();
}

uint64_t Cache::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

}  // namespace kieumau::app
