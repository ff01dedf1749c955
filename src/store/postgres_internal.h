// What the PostgreSQL backend's files share: the store's class, whose members are defined by area
// in postgres_store.cc (connection, schema, transactions and their NOTIFY, locks, statements),
// postgres_units.cc, postgres_facts.cc and postgres_scorecards.cc; its accounts
// (postgres_accounts.cc); parameters and values of results; and what the change feed
// (postgres_change_feed.cc) needs.
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/backend.h"
#include "store/store.h"

namespace kieumau::store_internal {

// A result, cleared when it goes.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// The schema the tables are in: the first of the connection's search path.
inline constexpr const char* kSelectSchema = "SELECT coalesce(current_schema(), '')";

// Every table of the schema the tables are in, with its number of rows, by name (Store::CountRows;
// a backup counts them inside the snapshot it dumps): one statement, each count run by the server
// (query_to_xml) on the name it quotes itself (%I).
inline constexpr const char* kCountTables =
    "SELECT table_name::text, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n"
    " FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint"
    " FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    " ORDER BY table_name::text COLLATE \"C\"";

// The rows of kCountTables, read.
std::vector<TableRows> ReadTableRows(PGresult* result);

// The text a libpq message holds, without the password (libpq may quote connection strings back).
std::string Scrub(std::string message, const std::string& password);

// A connection: the URL parsed first, so that a malformed URL is told apart from a server that
// cannot be reached; `password` receives the URL's password (to scrub it from libpq's messages).
StoreResult<PGconn*> Connect(const std::string& url, std::string& password);

// A parameter: text, or NULL.
using Param = std::optional<std::string>;

inline Param Text(std::string_view text) {
  return std::string(text);
}
inline Param Number(int64_t value) {
  return std::to_string(value);
}
inline Param Number(const std::optional<int64_t>& value) {
  return value ? Param(std::to_string(*value)) : std::nullopt;
}
inline Param Number(const std::optional<double>& value) {
  return value ? Param(FormatDouble(*value)) : std::nullopt;
}

// A value of a result: text, or a number (0 when it is not one; NULL as nullopt).
inline std::string Str(PGresult* r, int row, int column) {
  return std::string(PQgetvalue(r, row, column), static_cast<size_t>(PQgetlength(r, row, column)));
}
inline int64_t Int(PGresult* r, int row, int column) {
  return ParseInt(PQgetvalue(r, row, column)).value_or(0);
}
inline std::optional<int64_t> OptInt(PGresult* r, int row, int column) {
  if (PQgetisnull(r, row, column)) return std::nullopt;
  return ParseInt(PQgetvalue(r, row, column));
}
inline std::optional<double> OptDouble(PGresult* r, int row, int column) {
  if (PQgetisnull(r, row, column)) return std::nullopt;
  return ParseDouble(PQgetvalue(r, row, column));
}

// One row of a result, as the readers of records (backend.h) read rows.
struct PgRow {
  PGresult* result;
  int row;
  int64_t Int(int column) const { return store_internal::Int(result, row, column); }
  std::string Text(int column) const { return Str(result, row, column); }
  std::optional<int64_t> OptInt(int column) const {
    return store_internal::OptInt(result, row, column);
  }
  std::optional<double> OptDouble(int column) const {
    return store_internal::OptDouble(result, row, column);
  }
};

// A PostgreSQL array literal: every element quoted, its backslashes and quotes escaped.
class ArrayLiteral {
 public:
  void Add(std::string_view element) {
    text_ += text_.empty() ? "{\"" : ",\"";
    for (char c : element) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void Add(int64_t number) { Add(std::string_view(std::to_string(number))); }
  void AddNull() { text_ += text_.empty() ? "{NULL" : ",NULL"; }
  std::string Take() { return text_.empty() ? "{}" : std::move(text_) + "}"; }

 private:
  std::string text_;
};

class PostgresStore;

// The PostgreSQL backend's audit trail (postgres_audit.cc): entries appended on its store's
// connection (joining its unit of work), the sealer as a transaction of its own that locks the
// chain's head.
class PostgresAudit final : public AuditStore {
 public:
  explicit PostgresAudit(PostgresStore& store) : store_(store) {}

  StoreResult<int64_t> Append(const AuditEntry& entry) override;
  StoreStatus AppendAll(std::span<const AuditEntry> entries) override;
  StoreResult<std::vector<AuditEntry>> List(const AuditFilter& filter) override;
  StoreResult<int64_t> Seal(int64_t limit, Timestamp at) override;
  StoreResult<std::vector<AuditEntry>> Sealed(int64_t after_seq, int64_t limit) override;
  StoreResult<AuditHead> Head() override;
  StoreResult<AuditBacklog> Backlog() override;

 private:
  StoreResult<std::vector<AuditEntry>> Entries(const char* sql, const std::vector<Param>& params,
                                               std::string_view context);

  PostgresStore& store_;
};

// The PostgreSQL backend's accounts (postgres_accounts.cc): statements on its store's connection,
// each write one of the store's write transactions (joining its unit of work).
class PostgresAccounts final : public AccountStore {
 public:
  explicit PostgresAccounts(PostgresStore& store) : store_(store) {}

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
  // The rows of one statement read by `read`.
  template <typename Record, typename ReadFn>
  StoreResult<std::vector<Record>> All(const char* sql, const std::vector<Param>& params,
                                       ReadFn read, std::string_view context);
  // A write of one statement changing `what` (one of the store's write transactions).
  StoreResult<int64_t> Write(const char* sql, std::string_view what,
                             const std::vector<Param>& params, std::string_view context,
                             WriteAnswer answer);

  PostgresStore& store_;
};

// The PostgreSQL backend over libpq: one connection, every value a bound parameter (PQexecParams),
// every write one transaction (a savepoint inside a unit of work) that sends one NOTIFY for the
// change feed, batches of facts through COPY into a temporary table and a few set-based
// statements, writers of facts serialised per unit-year by row locks.
class PostgresStore final : public Store {
 public:
  PostgresStore(PGconn* conn, std::string password, const StoreOptions& options)
      : conn_(conn),
        password_(std::move(password)),
        origin_(options.origin),
        fail_before_(options.fail_before) {}
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  std::optional<StoreError> Configure();
  std::optional<StoreError> Migrate(const StoreOptions& options);

  std::string_view Backend() const override { return "postgresql"; }
  int SchemaVersion() const override { return version_; }
  const std::vector<int>& MigrationsApplied() const override { return applied_; }
  StoreResult<std::vector<TableRows>> CountRows() override;

  // Units and their events: postgres_units.cc.
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

  // Units of work, locks and versions: postgres_store.cc.
  StoreStatus InTransaction(const std::function<StoreStatus(Store&)>& work) override;
  StoreStatus LockUnitYears(std::span<const UnitYear> unit_years) override;
  StoreResult<std::vector<int64_t>> UnitYearVersions(std::span<const UnitYear> unit_years) override;

  // Facts, their history and years: postgres_facts.cc.
  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, const WriteActor& actor,
                                        Timestamp at) override;
  StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                               int year) override;
  StoreResult<std::vector<FactValue>> GetAllFacts(int year) override;
  StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id, std::string_view indicator,
                                                   int year) override;
  StoreResult<std::vector<int>> FactYears() override;

  // Scorecards, programmes and their recognitions, settings: postgres_scorecards.cc.
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

  // Users, grants, sessions, failed sign-ins: postgres_accounts.cc.
  AccountStore& accounts() override { return accounts_; }
  // The audit trail: postgres_audit.cc.
  AuditStore& audit() override { return audit_; }

 private:
  friend class PostgresAccounts;
  friend class PostgresAudit;

  // A write transaction that rolls back unless committed: BEGIN, or inside another (a unit of
  // work, or a write inside one) a savepoint, so that a failing write is undone alone and the
  // transaction stays usable. The outermost commit first sends the NOTIFY of what the transaction
  // changed: delivered when it commits, never when it rolls back.
  class Transaction {
   public:
    explicit Transaction(PostgresStore& store) : store_(store) {}
    ~Transaction() {
      if (open_) store_.RollBack(mark_);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // Begin and Commit: postgres_store.cc.
    std::optional<StoreError> Begin(std::string_view context);
    std::optional<StoreError> Commit(std::string_view context);

   private:
    PostgresStore& store_;
    bool open_ = false;
    size_t mark_ = 0;
  };

  // The transactions, statements and failures: postgres_store.cc.
  void RollBack(size_t mark);
  std::optional<StoreError> Notify(std::string_view context);

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

  StoreResult<std::vector<UnitYear>> LockRows(std::span<const UnitYear> create,
                                              std::span<const UnitYear> lock,
                                              std::string_view context);
  std::optional<StoreError> Injected(const char* sql, std::string_view context) const;
  StoreError FromResult(const PGresult* result, std::string_view context) const;
  void Reconnect();
  StoreResult<PgResult> Exec(const char* sql, const std::vector<Param>& params,
                             std::string_view context);
  std::optional<StoreError> Command(const char* sql, std::string_view context);

  // postgres_units.cc
  static int64_t Affected(PGresult* result) { return ParseInt(PQcmdTuples(result)).value_or(0); }

  static std::vector<Param> UnitParams(const UnitRecord& unit);
  StoreResult<UnitRecord> OneUnit(const char* sql, const std::vector<Param>& params,
                                  const std::string& context);

  // postgres_facts.cc
  std::optional<StoreError> LookUpIndicators(FactBatch& batch, std::string_view context);
  std::optional<StoreError> CopyWrites(std::span<const KeyedFactWrite> writes,
                                       std::string_view context);

  StoreResult<std::vector<FactValue>> SelectFacts(const char* sql, int year,
                                                  const std::vector<Param>& params);

  PGconn* conn_;
  std::string password_;
  std::string origin_;
  std::function<bool(std::string_view)> fail_before_;
  std::string schema_;  // where the tables are: the change feed's notifications name it
  PgResult last_command_;
  int depth_ = 0;  // open transactions: 0 none, 1 BEGIN, more savepoints inside
  PendingChanges pending_;
  int version_ = 0;
  std::vector<int> applied_;
  PostgresAccounts accounts_{*this};
  PostgresAudit audit_{*this};
};

}  // namespace kieumau::store_internal
