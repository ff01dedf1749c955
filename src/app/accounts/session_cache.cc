#include "app/accounts/session_cache.h"

namespace kieumau::app {

std::optional<SessionCache::Entry> SessionCache::Find(const std::string& token_hash) const {
  if (keep_.count() <= 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(token_hash);
  if (found == entries_.end() || std::chrono::steady_clock::now() - found->second.read_at >= keep_)
    return std::nullopt;
  return found->second.entry;
}

void SessionCache::Put(const std::string& token_hash, Entry entry) {
  if (keep_.count() <= 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[token_hash] = Held{std::move(entry), std::chrono::steady_clock::now()};
}

void SessionCache::Touched(const std::string& token_hash, std::chrono::sys_seconds at) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(token_hash);
  if (found != entries_.end()) found->second.entry.last_seen_at = at;
}

void SessionCache::Forget(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(token_hash);
}

void SessionCache::ForgetUser(int64_t user_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(entries_, [&](const auto& held) { return held.second.entry.user.id == user_id; });
}

}  // namespace kieumau::app
