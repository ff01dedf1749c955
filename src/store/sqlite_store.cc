// The SQLite backend's connection: opening and configuring it, migrating the schema, the
// transactions (BEGIN IMMEDIATE, savepoints inside a unit of work) and the change feed's rows they
// write, locks and versions of unit-years, the statement cache and failures. Its other members are
// in sqlite_units.cc, sqlite_facts.cc and sqlite_scorecards.cc; all of its SQL is in these files
// and sqlite_schema.cc.
#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP) STRICT";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_version";
constexpr const char* kInsertVersion = "INSERT INTO schema_version (version) VALUES (?1)";

// The foreign key to units is checked here (LockUnitYears).
constexpr const char* kInsertFactUnitYear =
    "INSERT INTO fact_unit_years (unit_id, year) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr const char* kSelectUnitYearVersion =
    "SELECT version FROM fact_unit_years WHERE unit_id = ?1 AND year = ?2";

// The change feed: one row per word of a committed write transaction, written inside it; rows
// older than kChangeRowsKeptSeconds deleted now and then by writers.
constexpr const char* kInsertChange =
    "INSERT INTO change_feed (origin, what, at) VALUES (?1, ?2, unixepoch())";
constexpr const char* kPruneChanges = "DELETE FROM change_feed WHERE at < unixepoch() - ?1";
constexpr int64_t kChangeRowsKeptSeconds = 300;
// Writers delete old rows on the first write transaction and then every kPruneEvery-th.
constexpr int kPruneEvery = 100;

// The tables CountSqliteTables counts (SQLite's own, sqlite_*, left out); each is counted by a
// statement naming it, quoted.
constexpr const char* kSelectTables =
    "SELECT name FROM main.sqlite_schema WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

// A statement prepared once, finalized when it goes.
struct OneStatement {
  sqlite3_stmt* stmt = nullptr;
  ~OneStatement() { sqlite3_finalize(stmt); }
};

// "SELECT count(*) FROM main."<name>"", the name's quotes doubled.
std::string CountStatement(std::string_view table) {
  std::string sql = "SELECT count(*) FROM main.\"";
  for (char c : table) {
    sql += c;
    if (c == '"') sql += '"';
  }
  return sql + '"';
}

}  // namespace

SqliteStore::~SqliteStore() {
  for (auto& [sql, stmt] : statements_)
    sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

std::optional<StoreError> SqliteStore::Configure() {
  constexpr std::string_view kContext = "Mở cơ sở dữ liệu SQLite (open SQLite store)";
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kSqliteBusyTimeoutMs);
  // 16 KiB pages (for a new file only; before WAL fixes the size): shallower trees, a whole
  // country's changed values stored a tenth to a fifth faster, a form's save no slower. WAL lets
  // readers go on while one writer writes; NORMAL synchronous is durable across application crashes
  // and consistent across power loss in WAL mode.
  for (const char* pragma : {"PRAGMA page_size = 16384", "PRAGMA foreign_keys = ON",
                             "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
    if (int rc = Exec(pragma); rc != SQLITE_OK) return Fail(rc, kContext);
  }
  return std::nullopt;
}

std::optional<StoreError> SqliteStore::Migrate(const StoreOptions& options) {
  constexpr std::string_view kContext = "Cập nhật lược đồ (migrate schema)";
  std::span<const Migration> migrations = SqliteMigrations();
  const int target = TargetVersion(migrations, options);
  if (int rc = Exec(kCreateVersionTable); rc != SQLITE_OK) return Fail(rc, kContext);
  // Foreign keys are off while migrating (a migration may rebuild a table others refer to; SQLite
  // changes the setting only outside a transaction) and every step is checked before it commits.
  if (int rc = Exec("PRAGMA foreign_keys = OFF"); rc != SQLITE_OK) return Fail(rc, kContext);
  struct KeysBackOn {
    SqliteStore& store;
    ~KeysBackOn() { store.Exec("PRAGMA foreign_keys = ON"); }
  } keys_back_on{*this};
  // Each step in its own transaction, the version read again inside it: another process may be
  // migrating the same file at the same time.
  for (;;) {
    Transaction transaction(*this);
    if (auto error = transaction.Begin(kContext)) return error;
    {
      auto use = Prepare(kSelectVersion, kContext);
      if (!use.ok()) return use.error();
      if (int rc = use.value()->Step(); rc != SQLITE_ROW) return Fail(rc, kContext);
      version_ = static_cast<int>(use.value()->Int(0));
    }
    if (version_ > target) return NewerSchemaError(version_, target);
    if (version_ == target) return transaction.Commit(kContext);
    const Migration& next = migrations[static_cast<size_t>(version_)];
    if (int rc = Exec(next.sql); rc != SQLITE_OK) {
      return Fail(rc, std::string(kContext) + " " + std::to_string(next.version));
    }
    {
      auto use = Prepare(kInsertVersion, kContext);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, int64_t{next.version});
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    }
    {
      auto check = Prepare("PRAGMA foreign_key_check", kContext);
      if (!check.ok()) return check.error();
      if (int rc = check.value()->Step(); rc == SQLITE_ROW) {
        return MakeError(StoreErrorKind::kInvalid,
                         std::string(kContext) + " " + std::to_string(next.version) +
                             ": khoá ngoại bị vi phạm ở bảng " + check.value()->Text(0) +
                             " (a foreign key is broken)");
      } else if (rc != SQLITE_DONE) {
        return Fail(rc, kContext);
      }
    }
    if (auto error = transaction.Commit(kContext)) return error;
    applied_.push_back(next.version);
  }
}

StoreStatus SqliteStore::InTransaction(const std::function<StoreStatus(Store&)>& work) {
  constexpr std::string_view kContext = "Đơn vị công việc (unit of work)";
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  // An exception leaves through the transaction's destructor, which rolls back.
  StoreStatus done = work(*this);
  if (!done.ok()) return done;
  if (auto error = transaction.Commit(kContext)) return *error;
  return Success{};
}

// The single writer serialises: the rows are only checked (the unit exists) and made.
StoreStatus SqliteStore::LockUnitYears(std::span<const UnitYear> unit_years) {
  constexpr std::string_view kContext = "Khoá đơn vị–năm (lock unit-years)";
  if (depth_ == 0) return OutsideUnitOfWorkError(kContext);
  auto sorted = SortedUnitYears(unit_years);
  if (!sorted.ok()) return sorted.error();
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  auto use = Prepare(kInsertFactUnitYear, kContext);
  if (!use.ok()) return use.error();
  for (const UnitYear& unit_year : *sorted) {
    BoundStatement& insert = *use.value();
    insert.Bind(1, unit_year.unit_id);
    insert.Bind(2, int64_t{unit_year.year});
    if (int rc = insert.Step(); rc != SQLITE_DONE) {
      return Fail(rc, std::string(kContext) + UnitYearLabel(unit_year));
    }
    insert.Reset();
  }
  if (auto error = transaction.Commit(kContext)) return *error;
  return Success{};
}

StoreResult<std::vector<int64_t>> SqliteStore::UnitYearVersions(
    std::span<const UnitYear> unit_years) {
  constexpr std::string_view kContext = "Đọc phiên bản đơn vị–năm (unit-year versions)";
  std::vector<int64_t> versions;
  versions.reserve(unit_years.size());
  if (unit_years.empty()) return versions;
  auto use = Prepare(kSelectUnitYearVersion, kContext);
  if (!use.ok()) return use.error();
  for (const UnitYear& unit_year : unit_years) {
    BoundStatement& select = *use.value();
    select.Bind(1, unit_year.unit_id);
    select.Bind(2, int64_t{unit_year.year});
    int rc = select.Step();
    if (rc == SQLITE_ROW) {
      versions.push_back(select.Int(0));
    } else if (rc == SQLITE_DONE) {
      versions.push_back(0);
    } else {
      return Fail(rc, kContext);
    }
    select.Reset();
  }
  return versions;
}

// IMMEDIATE takes the write lock at once, waiting up to the busy timeout, so that two writers
// never deadlock upgrading from a read.
std::optional<StoreError> SqliteStore::Transaction::Begin(std::string_view context) {
  if (store_.depth_ == 0) {
    if (int rc = store_.Exec("BEGIN IMMEDIATE"); rc != SQLITE_OK) {
      return store_.Fail(rc, context);
    }
  } else {
    // SQLite rolls a whole transaction back on some failures (a full disk, I/O): the writes
    // after must not run on their own.
    if (sqlite3_get_autocommit(store_.db_) != 0) {
      return MakeError(StoreErrorKind::kUnavailable, context,
                       "giao dịch đã bị huỷ trước đó (the transaction was rolled back)");
    }
    if (int rc = store_.Exec("SAVEPOINT kieumau"); rc != SQLITE_OK) {
      return store_.Fail(rc, context);
    }
  }
  mark_ = store_.pending_.Mark();
  ++store_.depth_;
  open_ = true;
  return std::nullopt;
}

// A failure leaves the transaction to the destructor, which rolls it back.
std::optional<StoreError> SqliteStore::Transaction::Commit(std::string_view context) {
  if (store_.depth_ == 1) {
    if (auto error = store_.RecordChanges(context)) return error;
    if (int rc = store_.Exec("COMMIT"); rc != SQLITE_OK) return store_.Fail(rc, context);
  } else if (int rc = store_.Exec("RELEASE kieumau"); rc != SQLITE_OK) {
    return store_.Fail(rc, context);
  }
  open_ = false;
  --store_.depth_;
  return std::nullopt;
}

// Rolls back the innermost open transaction (not offered to the injector: it is the recovery).
void SqliteStore::RollBack(size_t mark) {
  if (depth_ == 1) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    pending_.Take();
  } else {
    sqlite3_exec(db_, "ROLLBACK TO kieumau; RELEASE kieumau", nullptr, nullptr, nullptr);
    pending_.Truncate(mark);
  }
  --depth_;
}

// Inside the outermost transaction, before COMMIT: one change_feed row per word; old rows
// deleted on the first write and every kPruneEvery-th. Before schema 4 there is no table.
std::optional<StoreError> SqliteStore::RecordChanges(std::string_view context) {
  if (pending_.empty() || version_ < 4) {
    pending_.Take();
    return std::nullopt;
  }
  const std::vector<std::string> whats = pending_.Take();
  auto insert = Prepare(kInsertChange, context);
  if (!insert.ok()) return insert.error();
  for (const std::string& what : whats) {
    BoundStatement& use = *insert.value();
    use.Bind(1, origin_);
    use.Bind(2, what);
    if (int rc = use.Step(); rc != SQLITE_DONE) return Fail(rc, context);
    use.Reset();
  }
  if (writes_since_prune_++ % kPruneEvery == 0) {
    auto prune = Prepare(kPruneChanges, context);
    if (!prune.ok()) return prune.error();
    prune.value()->Bind(1, kChangeRowsKeptSeconds);
    if (int rc = prune.value()->Step(); rc != SQLITE_DONE) return Fail(rc, context);
  }
  return std::nullopt;
}

std::string SqliteStore::UnitYearLabel(const UnitYear& unit_year) {
  return " (đơn vị (unit) " + std::to_string(unit_year.unit_id) + ", năm (year) " +
         std::to_string(unit_year.year) + ")";
}

// sqlite3_exec of a statement without parameters, offered to the injector first.
int SqliteStore::Exec(const char* sql) {
  if (injector_.Fire(sql)) return kInjectedCode;
  return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
}

// The words of the latest failure: an injected one's, or SQLite's (sqlite3_errmsg describes the
// latest failure of this connection, which is the one being reported).
std::string SqliteStore::ErrorText() {
  if (injector_.injected) {
    injector_.injected = false;
    return kInjectedText;
  }
  return sqlite3_errmsg(db_);
}

StoreError SqliteStore::Fail(int rc, std::string_view context) {
  return DriverError(SqliteErrorKind(rc), context, ErrorText());
}

// The cached statement for `sql` (keyed by the address of the constant).
StoreResult<sqlite3_stmt*> SqliteStore::Statement(const char* sql, std::string_view context) {
  sqlite3_stmt*& stmt = statements_[sql];
  if (stmt == nullptr) {
    if (int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        rc != SQLITE_OK) {
      StoreError error = Fail(rc, context);
      statements_.erase(sql);
      return error;
    }
  }
  return stmt;
}

// The cached statement for `sql`, ready to bind.
StoreResult<std::unique_ptr<BoundStatement>> SqliteStore::Prepare(const char* sql,
                                                                  std::string_view context) {
  auto stmt = Statement(sql, context);
  if (!stmt.ok()) return stmt.error();
  return std::make_unique<BoundStatement>(*stmt, &injector_);
}

StoreResult<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                    const StoreOptions& options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return DriverError(StoreErrorKind::kUnavailable,
                       "Mở tệp SQLite (open SQLite file) '" + path + "'", detail);
  }
  auto store = std::make_unique<SqliteStore>(db, options);
  if (auto error = store->Configure()) return *error;
  if (auto error = store->Migrate(options)) return *error;
  return std::unique_ptr<Store>(std::move(store));
}

StoreResult<std::vector<TableRows>> CountSqliteTables(sqlite3* db) {
  constexpr std::string_view kContext = "Đếm các hàng (count rows)";
  auto fail = [&](int rc) {
    return DriverError(SqliteErrorKind(rc), kContext, sqlite3_errmsg(db));
  };
  std::vector<TableRows> tables;
  {
    OneStatement list;
    if (int rc = sqlite3_prepare_v2(db, kSelectTables, -1, &list.stmt, nullptr); rc != SQLITE_OK)
      return fail(rc);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(list.stmt)) == SQLITE_ROW) {
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(list.stmt, 0));
      tables.push_back({name == nullptr ? "" : name, 0});
    }
    if (rc != SQLITE_DONE) return fail(rc);
  }
  for (TableRows& table : tables) {
    OneStatement count;
    const std::string sql = CountStatement(table.table);
    if (int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &count.stmt, nullptr); rc != SQLITE_OK)
      return fail(rc);
    if (int rc = sqlite3_step(count.stmt); rc != SQLITE_ROW) return fail(rc);
    table.rows = sqlite3_column_int64(count.stmt, 0);
  }
  return tables;
}

// SQLite's result codes in the vocabulary PostgreSQL uses (extended codes are on).
StoreErrorKind SqliteErrorKind(int code) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return StoreErrorKind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return StoreErrorKind::kForeignKey;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return StoreErrorKind::kInvalid;
    default:
      break;
  }
  if ((code & 0xff) == SQLITE_CONSTRAINT) return StoreErrorKind::kInvalid;
  return StoreErrorKind::kUnavailable;
}

}  // namespace kieumau::store_internal
