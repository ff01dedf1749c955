// The SQLite change feed: a connection of its own that polls the `change_feed` table, which every
// write transaction of the store appends to, when `PRAGMA data_version` says another connection
// committed.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The largest id ever given (AUTOINCREMENT keeps it in sqlite_sequence), and the rows after the
// last one read.
constexpr const char* kSelectLastChangeId =
    "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_feed'), 0)";
constexpr const char* kSelectChanges =
    "SELECT id, origin, what FROM change_feed WHERE id > ?1 ORDER BY id";
constexpr const char* kSelectDataVersion = "PRAGMA data_version";
constexpr auto kFeedPollInterval = std::chrono::milliseconds(50);

// The feed: a connection of its own that polls `change_feed` when another connection committed.
class SqliteChangeFeed final : public ChangeFeed {
 public:
  explicit SqliteChangeFeed(sqlite3* db) : db_(db) {}
  ~SqliteChangeFeed() override {
    for (sqlite3_stmt* stmt : {data_version_stmt_, last_id_stmt_, changes_stmt_})
      sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteChangeFeed(const SqliteChangeFeed&) = delete;
  SqliteChangeFeed& operator=(const SqliteChangeFeed&) = delete;

  // Prepares the statements and notes where the feed starts: after the last change committed.
  std::optional<StoreError> Start() {
    constexpr std::string_view kContext = "Mở luồng thay đổi (open change feed)";
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kSqliteBusyTimeoutMs);
    for (auto [sql, stmt] : {std::pair{kSelectDataVersion, &data_version_stmt_},
                             {kSelectLastChangeId, &last_id_stmt_},
                             {kSelectChanges, &changes_stmt_}}) {
      if (int rc = sqlite3_prepare_v2(db_, sql, -1, stmt, nullptr); rc != SQLITE_OK) {
        return Fail(rc, kContext);
      }
    }
    auto version = DataVersion(kContext);
    if (!version.ok()) return version.error();
    data_version_ = *version;
    auto last = LastId(kContext);
    if (!last.ok()) return last.error();
    last_seen_ = *last;
    return std::nullopt;
  }

  StoreResult<std::vector<Change>> Wait(std::chrono::milliseconds timeout) override {
    constexpr std::string_view kContext = "Đọc luồng thay đổi (wait for changes)";
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      // data_version changes when another connection commits: only then is the table read.
      auto version = DataVersion(kContext);
      if (!version.ok()) return version.error();
      if (*version != data_version_) {
        data_version_ = *version;
        auto changes = Read(kContext);
        if (!changes.ok() || !changes->empty()) return changes;
      }
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return std::vector<Change>{};
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(kFeedPollInterval, deadline - now));
    }
  }

 private:
  StoreError Fail(int rc, std::string_view context) const {
    return DriverError(SqliteErrorKind(rc), context, sqlite3_errmsg(db_));
  }

  // Runs a statement that answers one integer.
  StoreResult<int64_t> OneInt(sqlite3_stmt* stmt, std::string_view context) {
    int rc = sqlite3_step(stmt);
    int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    if (rc != SQLITE_ROW) {
      StoreError error = Fail(rc, context);
      sqlite3_reset(stmt);
      return error;
    }
    sqlite3_reset(stmt);
    return value;
  }
  StoreResult<int64_t> DataVersion(std::string_view context) {
    return OneInt(data_version_stmt_, context);
  }
  StoreResult<int64_t> LastId(std::string_view context) { return OneInt(last_id_stmt_, context); }

  // The rows after the last one read, in one read transaction; {"", "all"} first when rows were
  // deleted before the feed read them (their ids are missing).
  StoreResult<std::vector<Change>> Read(std::string_view context) {
    if (int rc = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
      return Fail(rc, context);
    }
    auto result = [&]() -> StoreResult<std::vector<Change>> {
      auto last = LastId(context);
      if (!last.ok()) return last.error();
      std::vector<Change> changes;
      int64_t expected = last_seen_ + 1;
      bool missed = false;
      sqlite3_bind_int64(changes_stmt_, 1, last_seen_);
      int rc;
      while ((rc = sqlite3_step(changes_stmt_)) == SQLITE_ROW) {
        const int64_t id = sqlite3_column_int64(changes_stmt_, 0);
        missed = missed || id != expected;
        expected = id + 1;
        auto text = [&](int column) {
          const auto* chars =
              reinterpret_cast<const char*>(sqlite3_column_text(changes_stmt_, column));
          return chars
                     ? std::string(chars,
                                   static_cast<size_t>(sqlite3_column_bytes(changes_stmt_, column)))
                     : std::string();
        };
        changes.push_back(Change{text(1), text(2)});
      }
      if (rc != SQLITE_DONE) {
        StoreError error = Fail(rc, context);
        sqlite3_reset(changes_stmt_);
        return error;
      }
      sqlite3_reset(changes_stmt_);
      missed = missed || *last >= expected;
      if (missed) changes.insert(changes.begin(), Change{"", std::string(kChangeAll)});
      last_seen_ = std::max(*last, expected - 1);
      return changes;
    }();
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    return result;
  }

  sqlite3* db_;
  sqlite3_stmt* data_version_stmt_ = nullptr;
  sqlite3_stmt* last_id_stmt_ = nullptr;
  sqlite3_stmt* changes_stmt_ = nullptr;
  int64_t data_version_ = 0;
  int64_t last_seen_ = 0;  // the id of the last change read (or skipped at the start)
};

}  // namespace

StoreResult<std::unique_ptr<ChangeFeed>> OpenSqliteChangeFeed(const std::string& path,
                                                              const StoreOptions& options) {
  {
    // The file made and migrated, as the store would: the feed reads a table of schema 4.
    auto store = OpenSqliteStore(path, options);
    if (!store.ok()) return store.error();
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return DriverError(StoreErrorKind::kUnavailable,
                       "Mở tệp SQLite (open SQLite file) '" + path + "'", detail);
  }
  auto feed = std::make_unique<SqliteChangeFeed>(db);
  if (auto error = feed->Start()) return *error;
  return std::unique_ptr<ChangeFeed>(std::move(feed));
}

}  // namespace kieumau::store_internal
