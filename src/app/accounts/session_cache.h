// Signed-in sessions remembered for a moment, so that a request does not read its session, its user
// and the user's grants from the database each time (three queries on every request otherwise).
//
// An entry is used for at most `keep` after it was read. What this process changes (a sign-out, a
// password changed or reset, an account disabled, a grant added or removed) forgets the entries it
// concerns at once; what another server on the same database changes is seen here within `keep`
// (one second by default: issue 8's bound for one server seeing another's writes).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/account_store.h"

namespace kieumau::app {

struct SignedIn;

class SessionCache {
 public:
  struct Entry {
    UserRecord user;  // without the password's hash
    std::vector<GrantRecord> grants;
    std::string csrf_hash;
    std::chrono::sys_seconds last_seen_at;  // as stored
    std::chrono::sys_seconds expires_at;
  };

  explicit SessionCache(std::chrono::milliseconds keep) : keep_(keep) {}

  // The entry of `token_hash` read less than `keep` ago; nothing otherwise.
  std::optional<Entry> Find(const std::string& token_hash) const;
  void Put(const std::string& token_hash, Entry entry);
  // The session was touched: its stored last_seen_at is now `at`.
  void Touched(const std::string& token_hash, std::chrono::sys_seconds at);
  void Forget(const std::string& token_hash);
  // Every session of the user.
  void ForgetUser(int64_t user_id);

 private:
  struct Held {
    Entry entry;
    std::chrono::steady_clock::time_point read_at;
  };
  static constexpr size_t kMaxEntries = 20000;  // beyond that the cache starts over

  std::chrono::milliseconds keep_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Held> entries_;
};

}  // namespace kieumau::app
