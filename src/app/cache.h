// The one cache of the application layer: the world (units, programmes), each year's facts once
// read, and values computed from them (roadmaps). Every entry is dropped by an explicit
// invalidation — after this process's own writes, and when the change feed (change_watch.h) reports
// another process's — and nowhere else.
//
// A value is kept only if nothing it may depend on was invalidated while it was being loaded or
// computed: each load or computation notes the epoch it started from, and an invalidation in
// between makes the cache answer with the value without keeping it.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "app/problem.h"
#include "app/world.h"
#include "app/year_facts.h"

namespace kieumau::app {

class Cache {
 public:
  using WorldLoader = std::function<ProblemOr<std::shared_ptr<const World>>()>;
  using FactsLoader = std::function<ProblemOr<std::shared_ptr<const YearFacts>>(int year)>;

  Cache(WorldLoader world_loader, FactsLoader facts_loader)
      : world_loader_(std::move(world_loader)), facts_loader_(std::move(facts_loader)) {}

  // The world, loaded when not cached.
  ProblemOr<std::shared_ptr<const World>> GetWorld();
  // A year's facts, loaded when not cached.
  ProblemOr<std::shared_ptr<const YearFacts>> Facts(int year);

  // A value computed from the world and the facts, cached under `key` until any invalidation.
  template <typename T>
  ProblemOr<std::shared_ptr<const T>> Computed(const std::string& key,
                                               const std::function<ProblemOr<T>()>& compute) {
    uint64_t epoch;
    {
      std::lock_guard lock(mutex_);
      auto it = computed_.find(key);
      if (it != computed_.end()) return std::any_cast<std::shared_ptr<const T>>(it->second);
      epoch = epoch_;
    }
    ProblemOr<T> value = compute();
    if (!value) return value.error();
    auto shared = std::make_shared<const T>(std::move(*value));
    std::lock_guard lock(mutex_);
    if (epoch_ == epoch) computed_.insert_or_assign(key, shared);
    return shared;
  }

  // This process's own committed write of `year`: the cached year, when there is one, gets the
  // same changes (`apply` makes the new copy); computed values are dropped.
  void ApplyFacts(int year,
                  const std::function<std::shared_ptr<const YearFacts>(const YearFacts&)>& apply);

  // What this process last saw stored for a scorecard (a hash of its criteria set's hash and its
  // result): a read that computes the same again need not ask the store. Dropped with the facts of
  // its year and of the year before, which it was computed from.
  std::optional<size_t> StoredScorecard(UnitId unit, int year, const std::string& rubric) const;
  void NoteStoredScorecard(UnitId unit, int year, const std::string& rubric, size_t hash);

  // Invalidations: a year's facts; the world (units, programmes, recognitions, settings); all.
  // Each also drops every computed value.
  void InvalidateFacts(int year);
  void InvalidateWorld();
  void InvalidateAll();

  // Counts every invalidation and own write so far (for tests and the log).
  uint64_t epoch() const;

 private:
  WorldLoader world_loader_;
  FactsLoader facts_loader_;

  mutable std::mutex mutex_;
  uint64_t epoch_ = 0;  // bumped by every invalidation and ApplyFacts
  std::shared_ptr<const World> world_;
  std::map<int, std::shared_ptr<const YearFacts>> facts_;
  std::map<std::string, std::any> computed_;
  std::map<std::tuple<int, std::string, UnitId>, size_t> stored_scorecards_;  // by year first

  void DropStoredScorecards(int year);  // of `year` and `year + 1`; the caller holds mutex_
};

}  // namespace kieumau::app
