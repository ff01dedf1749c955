// The PostgreSQL backend's connection: opening it (the URL parsed, the password kept out of
// messages) and configuring it, migrating the schema, the transactions (BEGIN, savepoints inside a
// unit of work) and the NOTIFY each sends for the change feed, locks and versions of unit-years,
// statements and their failures. Its other members are in postgres_units.cc, postgres_facts.cc
// and postgres_scorecards.cc; all of its SQL is in these files and postgres_schema.cc.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

// The key of the advisory lock that serialises schema migrations. (Writers of facts are serialised
// per unit-year by row locks on fact_unit_years: the history records each change against the value
// it replaced, so two writers of the same unit-year must not interleave.)
constexpr const char* kMigrationLockKey = "7366210001";

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version integer PRIMARY KEY,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_version";
constexpr const char* kInsertVersion = "INSERT INTO schema_version (version) VALUES ($1)";
constexpr const char* kLock = "SELECT pg_advisory_lock($1::bigint)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock($1::bigint)";
// Floats as the shortest text that reads back exactly; notices about existing objects are not
// wanted.
constexpr const char* kSessionSettings =
    "SET extra_float_digits = 3; SET client_min_messages = warning";

// Unit-years, as two arrays (units, years) sorted by unit then year, locked in that order (against
// deadlocks). When every one is to be made when absent: one statement that makes each (the foreign
// key to units checked, once per new pair) or locks it (an update that changes nothing: it waits
// for another holder, then locks the row as that one committed it). Otherwise (PutFacts of
// erasures in unit-years that may not exist): those given a value made when absent, then, in a
// statement of its own that sees the rows other transactions committed while this one waited on
// their new rows, every one that exists locked.
constexpr const char* kMakeAndLockUnitYears =
    "INSERT INTO fact_unit_years (unit_id, year)"
    " SELECT u, y FROM unnest($1::bigint[], $2::integer[]) AS s (u, y) ORDER BY u, y"
    " ON CONFLICT (unit_id, year) DO UPDATE SET version = fact_unit_years.version";
constexpr const char* kInsertUnitYears =
    "INSERT INTO fact_unit_years (unit_id, year)"
    " SELECT u, y FROM unnest($1::bigint[], $2::integer[]) AS s (u, y) ORDER BY u, y"
    " ON CONFLICT DO NOTHING";
constexpr const char* kLockUnitYears =
    "SELECT unit_id, year FROM fact_unit_years"
    " WHERE (unit_id, year) IN (SELECT u, y FROM unnest($1::bigint[], $2::integer[]) AS s (u, y))"
    " ORDER BY unit_id, year FOR UPDATE";
constexpr const char* kSelectUnitYearVersions =
    "SELECT coalesce(f.version, 0) FROM unnest($1::bigint[], $2::integer[]) WITH ORDINALITY"
    " AS s (u, y, n) LEFT JOIN fact_unit_years f ON f.unit_id = s.u AND f.year = s.y ORDER BY s.n";

// The change feed: one channel for the database; a notification names the schema (the first of
// the search path, where the tables are), the origin and the words of one committed transaction.
constexpr const char* kChangeChannel = "kieumau_changes";
constexpr const char* kNotify = "SELECT pg_notify($1, $2)";
// A notification's payload holds at most 8000 bytes.
constexpr size_t kMaxPayloadBytes = 7900;

// "<length>:<schema><length>:<origin><what> <what>…": the schema and origin may hold any
// character.
std::string ChangePayload(std::string_view schema, std::string_view origin,
                          const std::vector<std::string>& whats) {
  std::string payload = std::to_string(schema.size()) + ":" + std::string(schema) +
                        std::to_string(origin.size()) + ":" + std::string(origin);
  std::string words;
  for (const std::string& what : whats) {
    if (!words.empty()) words += ' ';
    words += what;
  }
  if (payload.size() + words.size() > kMaxPayloadBytes) words = kChangeAll;
  return payload + words;
}

// SQLSTATE classes in the store's vocabulary.
StoreErrorKind KindOf(std::string_view sqlstate) {
  if (sqlstate == "23505") return StoreErrorKind::kUniqueViolation;
  if (sqlstate == "23503") return StoreErrorKind::kForeignKey;
  // 23: integrity constraints (check, not null); 22: data exceptions (bad JSON, bad date, out of
  // range).
  if (sqlstate.starts_with("23") || sqlstate.starts_with("22")) return StoreErrorKind::kInvalid;
  return StoreErrorKind::kUnavailable;
}

}  // namespace

PostgresStore::~PostgresStore() {
  PQfinish(conn_);
}

std::optional<StoreError> PostgresStore::Configure() {
  constexpr std::string_view kContext = "Mở cơ sở dữ liệu PostgreSQL (open PostgreSQL store)";
  if (auto error = Command(kSessionSettings, kContext)) return error;
  auto schema = Exec(kSelectSchema, {}, kContext);
  if (!schema.ok()) return schema.error();
  schema_ = Str(schema->get(), 0, 0);
  return std::nullopt;
}

std::optional<StoreError> PostgresStore::Migrate(const StoreOptions& options) {
  constexpr std::string_view kContext = "Cập nhật lược đồ (migrate schema)";
  std::span<const Migration> migrations = PostgresMigrations();
  const int target = TargetVersion(migrations, options);
  // A session lock around the whole run: CREATE TABLE IF NOT EXISTS itself races with another
  // process.
  if (auto locked = Exec(kLock, {Text(kMigrationLockKey)}, kContext); !locked.ok()) {
    return locked.error();
  }
  auto run = [&]() -> std::optional<StoreError> {
    if (auto error = Command(kCreateVersionTable, kContext)) return error;
    for (;;) {
      Transaction transaction(*this);
      if (auto error = transaction.Begin(kContext)) return error;
      auto current = Exec(kSelectVersion, {}, kContext);
      if (!current.ok()) return current.error();
      version_ = static_cast<int>(Int(current->get(), 0, 0));
      if (version_ > target) return NewerSchemaError(version_, target);
      if (version_ == target) return transaction.Commit(kContext);
      const Migration& next = migrations[static_cast<size_t>(version_)];
      if (auto error =
              Command(next.sql, std::string(kContext) + " " + std::to_string(next.version))) {
        return error;
      }
      if (auto inserted = Exec(kInsertVersion, {Number(next.version)}, kContext); !inserted.ok()) {
        return inserted.error();
      }
      if (auto error = transaction.Commit(kContext)) return error;
      applied_.push_back(next.version);
    }
  };
  std::optional<StoreError> error = run();
  PgResult(PQexecParams(conn_, kUnlock, 1, nullptr, &kMigrationLockKey, nullptr, nullptr, 0));
  return error;
}

StoreStatus PostgresStore::InTransaction(const std::function<StoreStatus(Store&)>& work) {
  constexpr std::string_view kContext = "Đơn vị công việc (unit of work)";
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  // An exception leaves through the transaction's destructor, which rolls back.
  StoreStatus done = work(*this);
  if (!done.ok()) return done;
  if (auto error = transaction.Commit(kContext)) return *error;
  return Success{};
}

StoreStatus PostgresStore::LockUnitYears(std::span<const UnitYear> unit_years) {
  constexpr std::string_view kContext = "Khoá đơn vị–năm (lock unit-years)";
  if (depth_ == 0) return OutsideUnitOfWorkError(kContext);
  auto sorted = SortedUnitYears(unit_years);
  if (!sorted.ok()) return sorted.error();
  if (sorted->empty()) return Success{};
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  auto locked = LockRows(*sorted, *sorted, kContext);
  if (!locked.ok()) return locked.error();
  if (auto error = transaction.Commit(kContext)) return *error;
  return Success{};
}

StoreResult<std::vector<int64_t>> PostgresStore::UnitYearVersions(
    std::span<const UnitYear> unit_years) {
  constexpr std::string_view kContext = "Đọc phiên bản đơn vị–năm (unit-year versions)";
  std::vector<int64_t> versions;
  if (unit_years.empty()) return versions;
  ArrayLiteral units, years;
  for (const UnitYear& unit_year : unit_years) {
    units.Add(unit_year.unit_id);
    years.Add(int64_t{unit_year.year});
  }
  auto result = Exec(kSelectUnitYearVersions, {units.Take(), years.Take()}, kContext);
  if (!result.ok()) return result.error();
  versions.reserve(unit_years.size());
  for (int row = 0; row < PQntuples(result->get()); ++row)
    versions.push_back(Int(result->get(), row, 0));
  return versions;
}

std::optional<StoreError> PostgresStore::Transaction::Begin(std::string_view context) {
  if (store_.depth_ == 0) {
    store_.Reconnect();
    if (auto error = store_.Command("BEGIN", context)) return error;
  } else if (auto error = store_.Command("SAVEPOINT kieumau", context)) {
    return error;
  }
  mark_ = store_.pending_.Mark();
  ++store_.depth_;
  open_ = true;
  return std::nullopt;
}

// A failure leaves the transaction to the destructor, which rolls it back.
std::optional<StoreError> PostgresStore::Transaction::Commit(std::string_view context) {
  if (store_.depth_ == 1) {
    if (auto error = store_.Notify(context)) return error;
    if (auto error = store_.Command("COMMIT", context)) return error;
    // COMMIT of a transaction that failed answers ROLLBACK (never the case here: a failed
    // statement is undone by its savepoint or ends the transaction with an error).
    if (std::string_view(PQcmdStatus(store_.last_command_.get())) != "COMMIT") {
      open_ = false;
      --store_.depth_;
      store_.pending_.Take();
      return MakeError(StoreErrorKind::kUnavailable, context,
                       "giao dịch đã bị huỷ (the transaction was rolled back)");
    }
  } else if (auto error = store_.Command("RELEASE SAVEPOINT kieumau", context)) {
    return error;
  }
  open_ = false;
  --store_.depth_;
  return std::nullopt;
}

// Rolls back the innermost open transaction (not offered to the injector: it is the recovery).
void PostgresStore::RollBack(size_t mark) {
  if (depth_ == 1) {
    PgResult(PQexec(conn_, "ROLLBACK"));
    pending_.Take();
  } else {
    PgResult(PQexec(conn_, "ROLLBACK TO SAVEPOINT kieumau; RELEASE SAVEPOINT kieumau"));
    pending_.Truncate(mark);
  }
  --depth_;
}

// Inside the outermost transaction, before COMMIT: one notification of what it changed.
std::optional<StoreError> PostgresStore::Notify(std::string_view context) {
  if (pending_.empty()) return std::nullopt;
  auto sent = Exec(
      kNotify, {Text(kChangeChannel), ChangePayload(schema_, origin_, pending_.Take())}, context);
  if (!sent.ok()) return sent.error();
  return std::nullopt;
}

// Inside a transaction: makes the rows of `create` (sorted unit-years) when absent and locks
// them and those of `lock` (sorted, holding `create`) that exist, in that order; answers the ones
// locked, sorted.
StoreResult<std::vector<UnitYear>> PostgresStore::LockRows(std::span<const UnitYear> create,
                                                           std::span<const UnitYear> lock,
                                                           std::string_view context) {
  auto arrays = [](std::span<const UnitYear> unit_years) {
    ArrayLiteral units, years;
    for (const UnitYear& unit_year : unit_years) {
      units.Add(unit_year.unit_id);
      years.Add(int64_t{unit_year.year});
    }
    return std::vector<Param>{units.Take(), years.Take()};
  };
  if (create.size() == lock.size()) {  // the same unit-years: one statement
    if (!create.empty()) {
      if (auto made = Exec(kMakeAndLockUnitYears, arrays(create), context); !made.ok()) {
        return made.error();
      }
    }
    return std::vector<UnitYear>(create.begin(), create.end());
  }
  if (!create.empty()) {
    if (auto made = Exec(kInsertUnitYears, arrays(create), context); !made.ok()) {
      return made.error();
    }
  }
  std::vector<UnitYear> locked;
  if (lock.empty()) return locked;
  auto result = Exec(kLockUnitYears, arrays(lock), context);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  locked.reserve(static_cast<size_t>(PQntuples(r)));
  for (int row = 0; row < PQntuples(r); ++row)
    locked.push_back(UnitYear{Int(r, row, 0), static_cast<int>(Int(r, row, 1))});
  return locked;
}

// StoreOptions::fail_before's verdict on a statement about to run: the failure it injects.
std::optional<StoreError> PostgresStore::Injected(const char* sql, std::string_view context) const {
  if (fail_before_ && fail_before_(sql)) {
    return DriverError(StoreErrorKind::kUnavailable, context, kInjectedText);
  }
  return std::nullopt;
}

StoreError PostgresStore::FromResult(const PGresult* result, std::string_view context) const {
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* explained = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string detail;
  if (primary != nullptr) {
    detail = primary;
    if (explained != nullptr) detail += std::string(" (") + explained + ")";
  } else {
    detail = PQerrorMessage(conn_);  // no answer from the server: the connection's own failure
  }
  detail = Scrub(std::move(detail), password_);
  StoreErrorKind kind = sqlstate ? KindOf(sqlstate) : StoreErrorKind::kUnavailable;
  return DriverError(kind, context, detail);
}

// A lost connection is opened again once, between operations: never inside a transaction, whose
// work would be lost without a word.
void PostgresStore::Reconnect() {
  if (depth_ == 0 && PQstatus(conn_) == CONNECTION_BAD) {
    PQreset(conn_);
    if (PQstatus(conn_) == CONNECTION_OK) PgResult(PQexec(conn_, kSessionSettings));
  }
}

StoreResult<PgResult> PostgresStore::Exec(const char* sql, const std::vector<Param>& params,
                                          std::string_view context) {
  if (auto error = Injected(sql, context)) return *error;
  Reconnect();
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params)
    values.push_back(param ? param->c_str() : nullptr);
  PgResult result(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return FromResult(result.get(), context);
  }
  return result;
}

// A statement (or several) without parameters and without rows; its result is kept in
// last_command_.
std::optional<StoreError> PostgresStore::Command(const char* sql, std::string_view context) {
  if (auto error = Injected(sql, context)) return error;
  last_command_.reset(PQexec(conn_, sql));
  if (!last_command_ || PQresultStatus(last_command_.get()) != PGRES_COMMAND_OK) {
    return FromResult(last_command_.get(), context);
  }
  return std::nullopt;
}

StoreResult<std::vector<TableRows>> PostgresStore::CountRows() {
  auto counted = Exec(kCountTables, {}, "Đếm các hàng (count rows)");
  if (!counted.ok()) return counted.error();
  return ReadTableRows(counted->get());
}

std::vector<TableRows> ReadTableRows(PGresult* result) {
  std::vector<TableRows> tables;
  for (int row = 0; row < PQntuples(result); ++row)
    tables.push_back({Str(result, row, 0), Int(result, row, 1)});
  return tables;
}

StoreResult<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                      const StoreOptions& options) {
  std::string password;
  auto conn = Connect(url, password);
  if (!conn.ok()) return conn.error();
  auto store = std::make_unique<PostgresStore>(*conn, std::move(password), options);
  if (auto error = store->Configure()) return *error;
  if (auto error = store->Migrate(options)) return *error;
  return std::unique_ptr<Store>(std::move(store));
}

// The text a libpq message holds, without the password (libpq may quote connection strings back).
std::string Scrub(std::string message, const std::string& password) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  if (password.empty()) return message;
  for (size_t at = message.find(password); at != std::string::npos;
       at = message.find(password, at)) {
    message.replace(at, password.size(), "***");
  }
  return message;
}

// A connection: the URL parsed first, so that a malformed URL is told apart from a server that
// cannot be reached; `password` receives the URL's password (to scrub it from libpq's messages).
StoreResult<PGconn*> Connect(const std::string& url, std::string& password) {
  constexpr std::string_view kContext = "Kết nối PostgreSQL (connect to PostgreSQL)";
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string detail = parse_error ? parse_error : "out of memory";
    PQfreemem(parse_error);
    // The password is not known when parsing fails; libpq quotes only the offending part.
    return MakeError(StoreErrorKind::kInvalid,
                     "Địa chỉ PostgreSQL không hợp lệ (bad PostgreSQL URL)", Scrub(detail, ""));
  }
  std::string where;
  password.clear();
  for (PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string_view keyword = option->keyword;
    if (keyword == "password") password = option->val;
    if (keyword == "host" || keyword == "hostaddr" || keyword == "port" || keyword == "dbname" ||
        keyword == "user") {
      where += std::string(where.empty() ? "" : " ") + option->keyword + "=" + option->val;
    }
  }
  PQconninfoFree(parsed);

  // Keywords before dbname (the URL) are defaults the URL may override; those after it are forced.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                            "client_encoding", nullptr};
  const char* values[] = {"10", "kieumau", url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) return MakeError(StoreErrorKind::kUnavailable, kContext, "out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = Scrub(PQerrorMessage(conn), password);
    PQfinish(conn);
    return DriverError(StoreErrorKind::kUnavailable, kContext, where + ": " + detail);
  }
  return conn;
}

}  // namespace kieumau::store_internal
