// A fixed set of open stores (one database connection each) shared by the server's workers: a
// Store is used by one thread at a time, so each request borrows one for its duration.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace kieumau::app {

class StorePool {
 public:
  // Opens `size` connections to `url` (the first one migrates the schema).
  static StoreResult<std::unique_ptr<StorePool>> Open(const std::string& url, size_t size,
                                                      const StoreOptions& options = {});

  // A borrowed store, given back when the lease ends.
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<Store> store) : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Store& operator*() const { return *store_; }
    Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };

  // Waits until a connection is free.
  Lease Acquire();

  std::string_view Backend() const { return backend_; }
  int SchemaVersion() const { return schema_version_; }
  const std::vector<int>& MigrationsApplied() const { return migrations_applied_; }

 private:
  StorePool() = default;
  void Release(std::unique_ptr<Store> store);

  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Store>> free_;
  std::string backend_;
  int schema_version_ = 0;
  std::vector<int> migrations_applied_;
};

}  // namespace kieumau::app
