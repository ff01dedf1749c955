#include "app/audit/audit_sealer.h"

#include "store/audit_store.h"

namespace kieumau::app {

AuditSealer::AuditSealer(std::string url, std::chrono::milliseconds every, Clock now,
                         std::ostream& log)
    : url_(std::move(url)), every_(every), now_(std::move(now)), log_(log) {
  thread_ = std::thread([this] { Run(); });
}

AuditSealer::~AuditSealer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditSealer::Run() {
  std::string last_failure;
  auto failed = [&](const StoreError& error) {
    if (error.message == last_failure) return;
    last_failure = error.message;
    log_
        << "cảnh báo: chưa niêm phong được nhật ký kiểm toán, sẽ thử lại (warning: the audit trail "
           "could not be sealed; trying again): "
        << error.message << '\n';
  };
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, every_, [this] { return stop_; })) return;
    }
    if (!store_) {
      StoreResult<std::unique_ptr<Store>> opened = OpenStore(url_);
      if (!opened) {
        failed(opened.error());
        continue;
      }
      store_ = std::move(*opened);
    }
    StoreResult<int64_t> sealed = SealAll(store_->audit(), now_());
    if (!sealed) {
      failed(sealed.error());
      if (sealed.error().kind == StoreErrorKind::kUnavailable) store_.reset();
      continue;
    }
    sealed_ += *sealed;
    last_failure.clear();
  }
}

}  // namespace kieumau::app
