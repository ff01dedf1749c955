#include "app/store_pool.h"

namespace kieumau::app {

StoreResult<std::unique_ptr<StorePool>> StorePool::Open(const std::string& url, size_t size,
                                                        const StoreOptions& options) {
  std::unique_ptr<StorePool> pool(new StorePool());
  if (size == 0) size = 1;
  for (size_t i = 0; i < size; ++i) {
    StoreResult<std::unique_ptr<Store>> store = OpenStore(url, options);
    if (!store) return store.error();
    if (i == 0) {
      pool->backend_ = std::string((*store)->Backend());
      pool->schema_version_ = (*store)->SchemaVersion();
      pool->migrations_applied_ = (*store)->MigrationsApplied();
    }
    pool->free_.push_back(std::move(*store));
  }
  return pool;
}

StorePool::Lease::~Lease() {
  if (store_) pool_->Release(std::move(store_));
}

StorePool::Lease StorePool::Acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Store> store = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(store));
}

void StorePool::Release(std::unique_ptr<Store> store) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(store));
  }
  freed_.notify_one();
}

}  // namespace kieumau::app
