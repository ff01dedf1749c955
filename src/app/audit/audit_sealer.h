// The sealer of the audit trail (store/audit_store.h) in a server: a thread with a connection of
// its own that seals the committed entries every `every` (by default half a second, so that an
// entry is sealed within about a second after its transaction commits while the server runs).
// Several servers on one database each run one: the store lets one seal at a time, the others find
// the work done. Failures are logged (each new kind once) and the work tried again.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "app/context.h"
#include "store/store.h"

namespace kieumau::app {

class AuditSealer {
 public:
  AuditSealer(std::string url, std::chrono::milliseconds every, Clock now, std::ostream& log);
  ~AuditSealer();  // stops the thread (a seal under way finishes first)
  AuditSealer(const AuditSealer&) = delete;
  AuditSealer& operator=(const AuditSealer&) = delete;

  // How many entries it has sealed (for tests and the log).
  int64_t sealed() const { return sealed_; }

 private:
  void Run();

  std::string url_;
  std::chrono::milliseconds every_;
  Clock now_;
  std::ostream& log_;
  std::unique_ptr<Store> store_;  // the thread's only
  std::atomic<int64_t> sealed_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kieumau::app
