#include "app/change_watch.h"

#include <charconv>
#include <ostream>

namespace kieumau::app {

ChangeWatch::ChangeWatch(std::string url, std::string origin, Cache& cache, std::ostream& log)
    : url_(std::move(url)), origin_(std::move(origin)), cache_(cache), log_(log) {
  // Opened before the thread starts, so that no change committed from now on is missed.
  if (StoreResult<std::unique_ptr<ChangeFeed>> opened = OpenChangeFeed(url_); opened) {
    feed_ = std::move(*opened);
  } else {
    log_ << "cảnh báo: chưa theo dõi được thay đổi của máy chủ khác (warning: the change feed is "
            "unavailable for now): "
         << opened.error().message << '\n';
  }
  thread_ = std::thread([this] { Run(); });
}

ChangeWatch::~ChangeWatch() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ChangeWatch::Apply(const Change& change, Cache& cache) {
  constexpr std::string_view kFacts = "facts:";
  if (change.what.starts_with(kFacts)) {
    int year = 0;
    const std::string_view digits = std::string_view(change.what).substr(kFacts.size());
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), year);
    if (error == std::errc() && end == digits.data() + digits.size()) {
      cache.InvalidateFacts(year);
      return;
    }
    cache.InvalidateAll();
  } else if (change.what == "units" || change.what == "programmes" || change.what == "settings") {
    cache.InvalidateWorld();
  } else if (change.what == "scorecards" || change.what == "accounts") {
    // Scorecards, users, grants and sign-in failures are read from the store, never cached.
  } else {
    cache.InvalidateAll();  // "all", or anything this program does not know
  }
}

void ChangeWatch::Run() {
  constexpr auto kWait = std::chrono::milliseconds(100);
  while (!stop_) {
    if (!feed_) {
      StoreResult<std::unique_ptr<ChangeFeed>> opened = OpenChangeFeed(url_);
      if (!opened) {
        for (int i = 0; i < 10 && !stop_; ++i)
          std::this_thread::sleep_for(kWait);
        continue;
      }
      feed_ = std::move(*opened);
      // Whatever changed while there was no feed is unknown.
      cache_.InvalidateAll();
    }
    StoreResult<std::vector<Change>> changes = feed_->Wait(kWait);
    if (!changes) {
      feed_.reset();
      continue;
    }
    for (const Change& change : *changes) {
      if (!origin_.empty() && change.origin == origin_) continue;
      Apply(change, cache_);
    }
  }
}

}  // namespace kieumau::app
