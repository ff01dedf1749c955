// What the SQLite backend's files share: the store's class, whose members are defined by area in
// sqlite_store.cc (connection, schema, transactions, locks, statements), sqlite_units.cc,
// sqlite_facts.cc and sqlite_scorecards.cc; its accounts (sqlite_accounts.cc); its statements in
// use; and what the change feed (sqlite_change_feed.cc) needs.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/backend.h"
#include "store/store.h"

namespace kieumau::store_internal {

// How long a connection waits for another's write lock.
inline constexpr int kSqliteBusyTimeoutMs = 5000;

// SQLite's result codes in the vocabulary PostgreSQL uses (extended codes are on).
StoreErrorKind SqliteErrorKind(int code);

// Every table of the connection's main database with its number of rows, by name
// (Store::CountRows; a backup counts them inside the read transaction it copies).
StoreResult<std::vector<TableRows>> CountSqliteTables(sqlite3* db);

// The result code of a statement that StoreOptions::fail_before stopped: "unavailable".
inline constexpr int kInjectedCode = SQLITE_IOERR;

// StoreOptions::fail_before, asked before each statement runs.
struct Injector {
  std::function<bool(std::string_view)> fail_before;
  bool injected = false;  // the latest failure was injected (until Fail reports it)

  // True when the statement must fail instead of running.
  bool Fire(const char* sql) {
    if (!fail_before) return false;
    injected = fail_before(sql == nullptr ? std::string_view() : std::string_view(sql));
    return injected;
  }
  bool Fire(sqlite3_stmt* stmt) { return fail_before && Fire(sqlite3_sql(stmt)); }
};

// A prepared statement in use: bound on construction by the caller, reset (and its bindings
// cleared) when done.
class BoundStatement {
 public:
  BoundStatement(sqlite3_stmt* stmt, Injector* injector) : stmt_(stmt), injector_(injector) {}
  ~BoundStatement() { Reset(); }
  BoundStatement(const BoundStatement&) = delete;
  BoundStatement& operator=(const BoundStatement&) = delete;

  void Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, const std::optional<double>& value) {
    if (value) {
      sqlite3_bind_double(stmt_, index, *value);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
  void Bind(int index, const std::optional<int64_t>& value) {
    if (value) {
      sqlite3_bind_int64(stmt_, index, *value);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
  // Ready for the next execution with new bindings.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    started_ = false;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code. The first step of an execution runs it: the
  // injector is asked then.
  int Step() {
    if (!started_) {
      started_ = true;
      if (injector_->Fire(stmt_)) return kInjectedCode;
    }
    return sqlite3_step(stmt_);
  }

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<double> OptDouble(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<double>(Double(column));
  }
  std::optional<int64_t> OptInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
  std::string Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : "";
  }

 private:
  sqlite3_stmt* stmt_;
  Injector* injector_;
  bool started_ = false;
};

class SqliteStore;

// The SQLite backend's audit trail (sqlite_audit.cc): entries appended on its store's connection
// (joining its unit of work), the sealer as a write transaction of its own.
class SqliteAudit final : public AuditStore {
 public:
  explicit SqliteAudit(SqliteStore& store) : store_(store) {}

  StoreResult<int64_t> Append(const AuditEntry& entry) override;
  StoreStatus AppendAll(std::span<const AuditEntry> entries) override;
  StoreResult<std::vector<AuditEntry>> List(const AuditFilter& filter) override;
  StoreResult<int64_t> Seal(int64_t limit, Timestamp at) override;
  StoreResult<std::vector<AuditEntry>> Sealed(int64_t after_seq, int64_t limit) override;
  StoreResult<AuditHead> Head() override;
  StoreResult<AuditBacklog> Backlog() override;

 private:
  template <typename BindFn>
  StoreResult<std::vector<AuditEntry>> Entries(const char* sql, BindFn bind,
                                               std::string_view context);
  std::optional<StoreError> Insert(const AuditEntry& entry, std::string_view context);

  SqliteStore& store_;
};

// The SQLite backend's accounts (sqlite_accounts.cc): statements on its store's connection, each
// write one of the store's write transactions (joining its unit of work).
class SqliteAccounts final : public AccountStore {
 public:
  explicit SqliteAccounts(SqliteStore& store) : store_(store) {}

  StoreResult<int64_t> CreateUser(const UserRecord& user) override;
  StoreResult<UserRecord> GetUser(int64_t id) override;
  StoreResult<UserRecord> FindUser(std::string_view username) override;
  StoreResult<std::vector<UserRecord>> ListUsers() override;
  StoreStatus UpdateUser(const UserRecord& user) override;

  StoreResult<int64_t> AddGrant(const GrantRecord& grant) override;
  StoreStatus DeleteGrant(int64_t grant_id) override;
  StoreResult<std::vector<GrantRecord>> ListGrants(int64_t user_id) override;
  StoreResult<std::vector<GrantRecord>> ListAllGrants() override;

  StoreStatus PutSession(const SessionRecord& session) override;
  StoreResult<SessionRecord> GetSession(std::string_view token_hash) override;
  StoreStatus TouchSession(std::string_view token_hash,
                           std::chrono::sys_seconds last_seen_at) override;
  StoreStatus DeleteSession(std::string_view token_hash) override;
  StoreResult<int64_t> DeleteUserSessions(int64_t user_id) override;
  StoreResult<int64_t> DeleteExpiredSessions(std::chrono::sys_seconds now,
                                             std::chrono::seconds idle) override;

  StoreResult<SignInFailures> GetFailures(std::string_view key) override;
  StoreStatus PutFailures(const SignInFailures& failures) override;

 private:
  // One row read by `read` (kNotFound when none), or every row.
  template <typename Record, typename BindFn, typename ReadFn>
  StoreResult<Record> One(const char* sql, BindFn bind, ReadFn read, std::string_view context);
  template <typename Record, typename BindFn, typename ReadFn>
  StoreResult<std::vector<Record>> All(const char* sql, BindFn bind, ReadFn read,
                                       std::string_view context);
  // A write of one statement changing `what` (one of the store's write transactions).
  template <typename BindFn>
  StoreResult<int64_t> Write(const char* sql, std::string_view what, BindFn bind,
                             std::string_view context, WriteAnswer answer);

  SqliteStore& store_;
};

// The SQLite backend: one connection (WAL, foreign keys on, busy timeout), prepared statements
// cached per connection, every write in one BEGIN IMMEDIATE transaction (a savepoint inside a unit
// of work), every write transaction recorded in `change_feed`.
class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, const StoreOptions& options) : db_(db), origin_(options.origin) {
    injector_.fail_before = options.fail_before;
  }
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::optional<StoreError> Configure();
  std::optional<StoreError> Migrate(const StoreOptions& options);

  std::string_view Backend() const override { return "sqlite"; }
  int SchemaVersion() const override { return version_; }
  const std::vector<int>& MigrationsApplied() const override { return applied_; }
  StoreResult<std::vector<TableRows>> CountRows() override { return CountSqliteTables(db_); }

  // Units and their events: sqlite_units.cc.
  StoreResult<int64_t> CreateUnit(const UnitRecord& unit) override;
  StoreResult<UnitRecord> GetUnit(int64_t id) override;
  StoreResult<UnitRecord> FindUnitByCode(std::string_view code) override;
  StoreResult<std::vector<UnitRecord>> ListUnits() override;
  StoreResult<std::vector<int64_t>> CreateUnits(std::span<const UnitRecord> units) override;
  StoreStatus UpdateUnit(const UnitRecord& unit) override;
  StoreStatus DeleteUnit(int64_t id) override;
  StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) override;
  StoreResult<std::vector<UnitEvent>> ListUnitEvents() override;
  StoreStatus AddUnitEvents(std::span<const UnitEvent> events) override;

  // Units of work, locks and versions: sqlite_store.cc.
  StoreStatus InTransaction(const std::function<StoreStatus(Store&)>& work) override;
  StoreStatus LockUnitYears(std::span<const UnitYear> unit_years) override;
  StoreResult<std::vector<int64_t>> UnitYearVersions(std::span<const UnitYear> unit_years) override;

  // Facts, their history and years: sqlite_facts.cc.
  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, const WriteActor& actor,
                                        Timestamp at) override;
  StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                               int year) override;
  StoreResult<std::vector<FactValue>> GetAllFacts(int year) override;
  StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id, std::string_view indicator,
                                                   int year) override;
  StoreResult<std::vector<int>> FactYears() override;

  // Scorecards, programmes and their recognitions, settings: sqlite_scorecards.cc.
  StoreStatus PutScorecard(const ScorecardRecord& scorecard) override;
  StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                            std::string_view rubric_id) override;
  StoreResult<std::vector<ScorecardRecord>> ListScorecards(int year,
                                                           std::string_view rubric_id) override;
  StoreStatus PutScorecards(std::span<const ScorecardRecord> scorecards) override;
  std::optional<StoreError> WriteScorecards(std::span<const ScorecardRecord> scorecards,
                                            std::string_view context);
  StoreStatus PutProgramme(const ProgrammeRecord& programme) override;
  StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) override;
  StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() override;
  StoreStatus PutRecognition(const RecognitionRecord& recognition) override;
  StoreResult<std::vector<RecognitionRecord>> ListRecognitions(
      std::string_view programme_id) override;
  StoreStatus PutLinkConfirmation(const LinkConfirmationRecord& confirmation) override;
  StoreResult<std::vector<LinkConfirmationRecord>> ListLinkConfirmations() override;
  StoreStatus PutSetting(std::string_view key, std::string_view value) override;
  StoreResult<std::optional<std::string>> GetSetting(std::string_view key) override;

  // Users, grants, sessions, failed sign-ins: sqlite_accounts.cc.
  AccountStore& accounts() override { return accounts_; }
  // The audit trail: sqlite_audit.cc.
  AuditStore& audit() override { return audit_; }

 private:
  friend class SqliteAccounts;
  friend class SqliteAudit;

  // A write transaction that rolls back unless committed: BEGIN IMMEDIATE, or inside another (a
  // unit of work, or a write inside one) a savepoint, so that a failing write is undone alone. The
  // outermost commit first records what the transaction changed in `change_feed`.
  class Transaction {
   public:
    explicit Transaction(SqliteStore& store) : store_(store) {}
    ~Transaction() {
      if (open_) store_.RollBack(mark_);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Begin and Commit: sqlite_store.cc.
    std::optional<StoreError> Begin(std::string_view context);
    std::optional<StoreError> Commit(std::string_view context);

   private:
    SqliteStore& store_;
    bool open_ = false;
    size_t mark_ = 0;
  };

  // The transactions, statements and failures: sqlite_store.cc.
  void RollBack(size_t mark);
  std::optional<StoreError> RecordChanges(std::string_view context);

  // Runs `body` (returning a StoreResult) as one write transaction that changes `what` (kNoChange:
  // nothing the change feed reports).
  template <typename Body>
  auto Write(std::string_view context, std::string_view what, Body body) -> decltype(body()) {
    Transaction transaction(*this);
    if (auto error = transaction.Begin(context)) return *error;
    auto result = body();
    if (!result.ok()) return result;
    pending_.Add(what);
    if (auto error = transaction.Commit(context)) return *error;
    return result;
  }

  static std::string UnitYearLabel(const UnitYear& unit_year);
  int Exec(const char* sql);
  std::string ErrorText();
  StoreError Fail(int rc, std::string_view context);
  StoreResult<sqlite3_stmt*> Statement(const char* sql, std::string_view context);
  StoreResult<std::unique_ptr<BoundStatement>> Prepare(const char* sql, std::string_view context);

  // sqlite_units.cc
  static void BindUnit(BoundStatement& use, const UnitRecord& unit, int first);
  template <typename BindFn>
  StoreResult<UnitRecord> OneUnit(const char* sql, BindFn bind, const std::string& context);

  // sqlite_facts.cc
  std::optional<StoreError> LookUpIndicators(FactBatch& batch, std::string_view context);
  StoreResult<std::vector<FactValue>> SelectFacts(const char* sql, int year,
                                                  const std::optional<std::string>& ids);

  // sqlite_scorecards.cc
  static void BindScorecard(BoundStatement& use, const ScorecardRecord& scorecard);

  sqlite3* db_;
  std::string origin_;
  Injector injector_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
  int version_ = 0;
  std::vector<int> applied_;
  int depth_ = 0;  // open transactions: 0 none, 1 BEGIN, more savepoints inside
  PendingChanges pending_;
  int64_t writes_since_prune_ = 0;
  SqliteAccounts accounts_{*this};
  SqliteAudit audit_{*this};
};

}  // namespace kieumau::store_internal
