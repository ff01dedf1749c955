// What every service of the application layer shares: the catalogue and criteria sets, the pool of
// store connections, the clock, the cache and this process's name in the change feed. The world is
// injected here — a test gives a fixed clock and its own store URL.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/cache.h"
#include "app/problem.h"
#include "app/rubrics.h"
#include "app/store_pool.h"
#include "engine/catalogue.h"
#include "units/date.h"

namespace kieumau::app {

using Clock = std::function<std::chrono::sys_seconds()>;

// The clock of the machine, to the second.
Clock SystemClock();

class Context {
 public:
  Context(const Catalogue& catalogue, Rubrics rubrics, std::unique_ptr<StorePool> pool, Clock now,
          std::string origin);

  const Catalogue& catalogue() const { return catalogue_; }
  const Rubrics& rubrics() const { return rubrics_; }
  StorePool& pool() { return *pool_; }
  Cache& cache() { return cache_; }
  const std::string& origin() const { return origin_; }
  std::chrono::sys_seconds Now() const { return now_(); }
  // Today's date by the clock (UTC).
  Date Today() const;

  // Tests only: `hook` is called at named points of a write ("facts.lock": before a writer's unit
  // of work begins; "facts.locked": once it holds its locks and has read the stored values;
  // "scoring.locked": a read that stores scorecards, once it holds the locks of what it scores and
  // has read it), so that a test can force writers and readers into the interleaving it checks.
  void SetHook(std::function<void(std::string_view point)> hook) { hook_ = std::move(hook); }
  void Hook(std::string_view point) const {
    if (hook_) hook_(point);
  }

  // The world as cached (loaded on first use).
  ProblemOr<std::shared_ptr<const World>> GetWorld() { return cache_.GetWorld(); }
  // A year's facts as cached.
  ProblemOr<std::shared_ptr<const YearFacts>> Facts(int year) { return cache_.Facts(year); }

  // Runs `work` as one unit of work on one connection: everything it writes is committed together
  // or not at all. A Problem it reports is returned as it is (and the unit rolled back); a store
  // failure becomes FromStore's problem.
  template <typename T>
  ProblemOr<T> InTransaction(const std::function<ProblemOr<T>(Store& store)>& work) {
    std::optional<ProblemOr<T>> answer;
    StorePool::Lease lease = pool_->Acquire();
    StoreStatus status = lease->InTransaction([&](Store& store) -> StoreStatus {
      answer.emplace(work(store));
      if (*answer) return Success{};
      return StoreError{StoreErrorKind::kInvalid, "rolled back", {}};
    });
    if (answer && !*answer) return answer->error();
    if (!status) return FromStore(status.error());
    return std::move(**answer);
  }

 private:
  const Catalogue& catalogue_;
  Rubrics rubrics_;
  std::unique_ptr<StorePool> pool_;
  Clock now_;
  std::string origin_;
  Cache cache_;
  std::function<void(std::string_view point)> hook_;
};

// Years a request may name.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2200;
std::optional<Problem> CheckYear(int year);

}  // namespace kieumau::app
