// Keeps this process's cache coherent with the database when other processes write to it: a thread
// reads the change feed (store.h: PostgreSQL LISTEN/NOTIFY, SQLite's change table) and invalidates
// what each change touches. This process's own writes update its cache as they commit and are
// skipped here.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/cache.h"
#include "store/store.h"

namespace kieumau::app {

class ChangeWatch {
 public:
  // Starts watching `url` for changes whose origin is not `origin`.
  ChangeWatch(std::string url, std::string origin, Cache& cache, std::ostream& log);
  ~ChangeWatch();  // stops the thread
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;

  // Invalidates what one change touches in `cache` (the watch's rule, for tests).
  static void Apply(const Change& change, Cache& cache);

 private:
  void Run();

  std::string url_;
  std::string origin_;
  Cache& cache_;
  std::ostream& log_;
  std::unique_ptr<ChangeFeed> feed_;  // used by the thread only, once started
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace kieumau::app
