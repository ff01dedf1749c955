// SQLite backups (store/backup.h): the online backup API, a few megabytes per step, from one read
// transaction of the source (a consistent snapshot that writers of a WAL database do not wait
// for); the copy made one self-contained file and checked. Restoring copies the same way into an
// empty target, in one write transaction of the target.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "store/backup_internal.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// Pages copied per step (4 MiB with KieuMau's 16 KiB pages); between steps the progress is told
// and a stop asked for.
constexpr int kPagesPerStep = 256;
// How long a step that finds a lock taken is tried again, and how often.
constexpr int kBusyRetries = kSqliteBusyTimeoutMs / 20;
constexpr std::chrono::milliseconds kBusyPause{20};

constexpr const char* kCountVersionTables =
    "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name = 'schema_version'";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM main.schema_version";
constexpr const char* kCountSchemaEntries = "SELECT count(*) FROM main.sqlite_schema";

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, Closer>;

StoreError Fail(sqlite3* db, int rc, std::string_view context,
                StoreErrorKind kind = StoreErrorKind::kUnavailable) {
  return DriverError(kind, context, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

StoreResult<Connection> Open(const std::string& path, int flags, std::string_view context) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection connection(db);
  if (rc != SQLITE_OK) {
    return Fail(db, rc, std::string(context) + " '" + path + "'", StoreErrorKind::kUnavailable);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kSqliteBusyTimeoutMs);
  return connection;
}

// The first column of the first row of `sql`, as text (empty when there is no row); `rc` gets
// SQLite's code on failure.
std::optional<std::string> QueryText(sqlite3* db, const char* sql, int& rc) {
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::nullopt;
  std::optional<std::string> answer;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    answer = text == nullptr ? "" : text;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    answer = "";
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return answer;
}

StoreResult<int64_t> QueryInt(sqlite3* db, const char* sql, std::string_view context,
                              StoreErrorKind kind = StoreErrorKind::kUnavailable) {
  int rc = SQLITE_OK;
  const std::optional<std::string> text = QueryText(db, sql, rc);
  if (!text) return Fail(db, rc, context, kind);
  return ParseInt(*text).value_or(0);
}

// The schema version of a KieuMau database; kInvalid for another file.
StoreResult<int> ReadVersion(sqlite3* db, const std::string& path, std::string_view context) {
  int rc = SQLITE_OK;
  const std::optional<std::string> tables = QueryText(db, kCountVersionTables, rc);
  if (!tables) {
    if ((rc & 0xff) == SQLITE_NOTADB) {
      return MakeError(StoreErrorKind::kInvalid, context,
                       path + ": không phải tệp cơ sở dữ liệu SQLite (not a SQLite database)");
    }
    return Fail(db, rc, context);
  }
  if (*tables != "1") {
    return MakeError(StoreErrorKind::kInvalid, context,
                     path +
                         ": không phải cơ sở dữ liệu KieuMau, không có bảng schema_version (not "
                         "a KieuMau database: it has no schema_version table)");
  }
  auto version = QueryInt(db, kSelectVersion, context);
  if (!version) return version.error();
  return static_cast<int>(*version);
}

// SQLite's quick check of the main database: nothing when it answers "ok".
std::optional<StoreError> QuickCheck(sqlite3* db, const std::string& path, std::string_view context,
                                     StoreErrorKind kind) {
  int rc = SQLITE_OK;
  const std::optional<std::string> answer = QueryText(db, "PRAGMA main.quick_check", rc);
  if (answer && *answer == "ok") return std::nullopt;
  StoreError error = MakeError(kind, context,
                               path +
                                   ": tệp SQLite hỏng, không qua kiểm tra quick_check (the "
                                   "SQLite file is damaged: it fails the quick check)");
  error.detail = answer ? *answer : sqlite3_errmsg(db);
  return error;
}

// Copies the main database of `from` over the main database of `to`, kPagesPerStep pages at a
// time, telling the progress between steps and stopping when asked.
std::optional<StoreError> Copy(sqlite3* from, sqlite3* to, const CopyOptions& options,
                               std::string_view context) {
  auto page_size = QueryInt(from, "PRAGMA main.page_size", context);
  if (!page_size) return page_size.error();
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return Fail(to, sqlite3_errcode(to), context);
  int rc = SQLITE_OK;
  int busy = 0;
  for (;;) {
    if (StopAsked(options)) {
      sqlite3_backup_finish(backup);
      return StoppedError(context);
    }
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    if (options.progress) {
      const int64_t pages = sqlite3_backup_pagecount(backup);
      options.progress(
          {(pages - sqlite3_backup_remaining(backup)) * *page_size, pages * *page_size});
    }
    if (rc == SQLITE_OK) {
      busy = 0;
    } else if (++busy > kBusyRetries) {
      break;
    } else {
      std::this_thread::sleep_for(kBusyPause);
    }
  }
  if (rc == SQLITE_DONE && options.progress) {
    const int64_t bytes = sqlite3_backup_pagecount(backup) * *page_size;
    options.progress({bytes, bytes});
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Fail(to, rc, context);
  if (finished != SQLITE_OK) return Fail(to, finished, context);
  return std::nullopt;
}

}  // namespace

StoreResult<BackupContents> WriteSqliteBackup(const std::string& db_path, const std::string& path,
                                              const CopyOptions& options) {
  constexpr std::string_view kContext = "Sao lưu SQLite (SQLite backup)";
  std::error_code error;
  if (!std::filesystem::is_regular_file(db_path, error)) {
    return MakeError(StoreErrorKind::kNotFound, kContext,
                     db_path + ": không có tệp cơ sở dữ liệu này (no such database file)");
  }
  // Not created when missing; never written (the connection only reads). Not read-only: as the
  // last connection of a database it removes its -wal and -shm files when it closes, where a
  // read-only one would leave them behind, owned by whoever ran the backup.
  auto source = Open(db_path, SQLITE_OPEN_READWRITE, kContext);
  if (!source) return source.error();
  sqlite3* from = source->get();
  // One read transaction from the version read to the last page copied: the version, the counts
  // and the pages are one snapshot.
  if (int rc = sqlite3_exec(from, "BEGIN", nullptr, nullptr, nullptr); rc != SQLITE_OK)
    return Fail(from, rc, kContext);
  BackupContents contents;
  auto version = ReadVersion(from, db_path, kContext);
  if (!version) return version.error();
  contents.schema_version = *version;
  auto tables = CountSqliteTables(from);
  if (!tables) return tables.error();
  contents.tables = std::move(*tables);

  auto target = Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kContext);
  if (!target) return target.error();
  if (auto failed = Copy(from, target->get(), options, kContext)) return *failed;
  sqlite3_exec(from, "COMMIT", nullptr, nullptr, nullptr);
  source->reset();
  // The copy of a WAL database is marked WAL: made one file that opens anywhere, read-only too.
  int rc = SQLITE_OK;
  const std::optional<std::string> mode =
      QueryText(target->get(), "PRAGMA main.journal_mode = DELETE", rc);
  if (!mode) return Fail(target->get(), rc, kContext);
  if (auto damaged = QuickCheck(target->get(), path, kContext, StoreErrorKind::kUnavailable))
    return *damaged;
  return contents;
}

StoreResult<BackupFile> InspectSqliteBackup(const std::string& path) {
  constexpr std::string_view kContext = "Đọc bản sao lưu SQLite (read the SQLite backup)";
  auto backup = Open(path, SQLITE_OPEN_READONLY, kContext);
  if (!backup) return backup.error();
  if (auto damaged = QuickCheck(backup->get(), path, kContext, StoreErrorKind::kInvalid))
    return *damaged;
  auto version = ReadVersion(backup->get(), path, kContext);
  if (!version) return version.error();
  return BackupFile{BackupFormat::kSqlite, *version, ""};
}

StoreStatus RestoreSqliteBackup(const std::string& db_path, const std::string& path,
                                const CopyOptions& options) {
  constexpr std::string_view kContext = "Khôi phục SQLite (SQLite restore)";
  namespace fs = std::filesystem;
  std::error_code error;
  // A write-ahead log that holds anything is part of the database.
  if (fs::exists(db_path + "-wal", error) && fs::file_size(db_path + "-wal", error) > 0)
    return NotEmptyError(kContext, db_path + "-wal");
  const bool existed = fs::exists(db_path, error);
  if (existed && fs::file_size(db_path, error) > 0) {
    auto target = Open(db_path, SQLITE_OPEN_READWRITE, kContext);
    if (!target) return target.error();
    auto entries = QueryInt(target->get(), kCountSchemaEntries, kContext);
    if (!entries) return entries.error();
    if (*entries > 0) {
      return NotEmptyError(
          kContext,
          std::to_string(*entries) + " bảng, chỉ mục hay khung nhìn (tables, indexes or views)");
    }
  }
  auto source = Open(path, SQLITE_OPEN_READONLY, kContext);
  if (!source) return source.error();
  auto target = Open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kContext);
  if (!target) return target.error();
  std::optional<StoreError> failed = Copy(source->get(), target->get(), options, kContext);
  target->reset();
  if (failed && !existed) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      fs::remove(db_path + suffix, error);
  }
  if (failed) return *failed;
  return Success{};
}

}  // namespace kieumau::store_internal
