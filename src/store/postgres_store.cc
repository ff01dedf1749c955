// The PostgreSQL backend over libpq: one connection, every value a bound parameter (PQexecParams),
// every write one transaction, batches of facts through COPY into a temporary table and a few
// set-based statements. All of its SQL is in this file and postgres_schema.cc.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "store/backend.h"

namespace kieumau::store_internal {

namespace {

// Keys of the advisory locks that serialise schema migrations and fact writes (the history records
// each change against the value it replaced, so two writers of facts must not interleave).
constexpr const char* kMigrationLockKey = "7366210001";
constexpr const char* kFactsLockKey = "7366210002";

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version integer PRIMARY KEY,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_version";
constexpr const char* kInsertVersion = "INSERT INTO schema_version (version) VALUES ($1)";
constexpr const char* kLock = "SELECT pg_advisory_lock($1::bigint)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock($1::bigint)";
constexpr const char* kLockTransaction = "SELECT pg_advisory_xact_lock($1::bigint)";
// Floats as the shortest text that reads back exactly; notices about existing objects are not
// wanted.
constexpr const char* kSessionSettings =
    "SET extra_float_digits = 3; SET client_min_messages = warning";

constexpr const char* kInsertUnit =
    "INSERT INTO units (code, level, kind, name, population, area_m2)"
    " VALUES ($1, $2, $3, $4, $5::bigint, $6::double precision) RETURNING id";
constexpr const char* kSelectUnitById =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE id = $1::bigint";
constexpr const char* kSelectUnitByCode =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE code = $1";
constexpr const char* kSelectUnits =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units ORDER BY id";
constexpr const char* kUpdateUnit =
    "UPDATE units SET code = $2, level = $3, kind = $4, name = $5, population = $6::bigint,"
    " area_m2 = $7::double precision WHERE id = $1::bigint";
constexpr const char* kDeleteUnit = "DELETE FROM units WHERE id = $1::bigint";

constexpr const char* kInsertUnitEvent =
    "INSERT INTO unit_events (date, kind, payload) VALUES ($1::date, $2, $3::json) RETURNING id";
constexpr const char* kSelectUnitEvents =
    "SELECT id, to_char(date, 'YYYY-MM-DD'), kind, payload FROM unit_events ORDER BY date, id";

constexpr const char* kCreateFactBatch =
    "CREATE TEMP TABLE IF NOT EXISTS kieumau_fact_batch ("
    " unit_id bigint NOT NULL, indicator text NOT NULL, year integer NOT NULL,"
    " value double precision) ON COMMIT DELETE ROWS";
constexpr const char* kCopyFactBatch =
    "COPY kieumau_fact_batch (unit_id, indicator, year, value) FROM STDIN";
constexpr const char* kAnalyzeFactBatch = "ANALYZE kieumau_fact_batch";
// Every write that changes the current value, against the value it replaces ("IS DISTINCT FROM"
// treats a missing value as NULL: an erasure of a missing value changes nothing).
constexpr const char* kInsertFactChanges =
    "INSERT INTO fact_changes (unit_id, indicator, year, old_value, new_value, who, at, source)"
    " SELECT b.unit_id, b.indicator, b.year, c.value, b.value, $1, to_timestamp($2::bigint), $3"
    " FROM kieumau_fact_batch b LEFT JOIN facts_current c"
    " ON c.unit_id = b.unit_id AND c.indicator = b.indicator AND c.year = b.year"
    " WHERE b.value IS DISTINCT FROM c.value";
constexpr const char* kDeleteErasedFacts =
    "DELETE FROM facts_current c USING kieumau_fact_batch b"
    " WHERE c.unit_id = b.unit_id AND c.indicator = b.indicator AND c.year = b.year"
    " AND b.value IS NULL";
constexpr const char* kUpsertFacts =
    "INSERT INTO facts_current (unit_id, indicator, year, value)"
    " SELECT unit_id, indicator, year, value FROM kieumau_fact_batch WHERE value IS NOT NULL"
    " ON CONFLICT (unit_id, indicator, year) DO UPDATE SET value = EXCLUDED.value"
    " WHERE facts_current.value IS DISTINCT FROM EXCLUDED.value";
// Text ordered as SQLite orders it (bytes), whatever the database's collation.
constexpr const char* kSelectFactsOfUnits =
    "SELECT unit_id, indicator, year, value FROM facts_current"
    " WHERE year = $1::integer AND unit_id = ANY ($2::bigint[])"
    " ORDER BY unit_id, indicator COLLATE \"C\"";
constexpr const char* kSelectAllFacts =
    "SELECT unit_id, indicator, year, value FROM facts_current WHERE year = $1::integer"
    " ORDER BY unit_id, indicator COLLATE \"C\"";
constexpr const char* kSelectFactHistory =
    "SELECT unit_id, indicator, year, old_value, new_value, who, extract(epoch FROM at)::bigint,"
    " source FROM fact_changes WHERE unit_id = $1::bigint AND indicator = $2 AND year = $3::integer"
    " ORDER BY id";

constexpr const char* kUpsertScorecard =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " VALUES ($1::bigint, $2::integer, $3, $4, $5::json, to_timestamp($6::bigint))"
    " ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET rubric_hash = EXCLUDED.rubric_hash,"
    " result = EXCLUDED.result, computed_at = EXCLUDED.computed_at";
constexpr const char* kSelectScorecard =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, extract(epoch FROM computed_at)::bigint"
    " FROM scorecards WHERE unit_id = $1::bigint AND year = $2::integer AND rubric_id = $3";

constexpr const char* kUpsertProgramme =
    "INSERT INTO programmes (id, content) VALUES ($1, $2::json)"
    " ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content";
constexpr const char* kSelectProgramme = "SELECT id, content FROM programmes WHERE id = $1";
constexpr const char* kSelectProgrammes =
    "SELECT id, content FROM programmes ORDER BY id COLLATE \"C\"";

// SQLSTATE classes in the store's vocabulary.
StoreErrorKind KindOf(std::string_view sqlstate) {
  if (sqlstate == "23505") return StoreErrorKind::kUniqueViolation;
  if (sqlstate == "23503") return StoreErrorKind::kForeignKey;
  // 23: integrity constraints (check, not null); 22: data exceptions (bad JSON, bad date, out of
  // range).
  if (sqlstate.starts_with("23") || sqlstate.starts_with("22")) return StoreErrorKind::kInvalid;
  return StoreErrorKind::kUnavailable;
}

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// A parameter: text, or NULL.
using Param = std::optional<std::string>;

Param Text(std::string_view text) {
  return std::string(text);
}
Param Number(int64_t value) {
  return std::to_string(value);
}
Param Number(const std::optional<int64_t>& value) {
  return value ? Param(std::to_string(*value)) : std::nullopt;
}
Param Number(const std::optional<double>& value) {
  return value ? Param(FormatDouble(*value)) : std::nullopt;
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

// COPY's text format: backslash, tab, newline and carriage return escaped.
void AppendCopyText(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

class PostgresStore final : public Store {
 public:
  PostgresStore(PGconn* conn, std::string password) : conn_(conn), password_(std::move(password)) {}
  ~PostgresStore() override { PQfinish(conn_); }
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  std::optional<StoreError> Configure() {
    return Command(kSessionSettings, "Mở cơ sở dữ liệu PostgreSQL (open PostgreSQL store)");
  }
  std::optional<StoreError> Migrate(const StoreOptions& options);

  std::string_view Backend() const override { return "postgresql"; }
  int SchemaVersion() const override { return version_; }
  const std::vector<int>& MigrationsApplied() const override { return applied_; }

  StoreResult<int64_t> CreateUnit(const UnitRecord& unit) override {
    constexpr std::string_view kContext = "Thêm đơn vị (create unit)";
    auto result = Exec(kInsertUnit, UnitParams(unit), kContext);
    if (!result.ok()) return result.error();
    return Int(result->get(), 0, 0);
  }

  StoreResult<UnitRecord> GetUnit(int64_t id) override {
    return OneUnit(kSelectUnitById, {Number(id)}, "Đọc đơn vị (get unit) " + std::to_string(id));
  }

  StoreResult<UnitRecord> FindUnitByCode(std::string_view code) override {
    return OneUnit(kSelectUnitByCode, {Text(code)},
                   "Tìm đơn vị theo mã (find unit by code) '" + std::string(code) + "'");
  }

  StoreResult<std::vector<UnitRecord>> ListUnits() override {
    auto result = Exec(kSelectUnits, {}, "Liệt kê đơn vị (list units)");
    if (!result.ok()) return result.error();
    std::vector<UnitRecord> units;
    for (int row = 0; row < PQntuples(result->get()); ++row) {
      units.push_back(ReadUnit(result->get(), row));
    }
    return units;
  }

  StoreStatus UpdateUnit(const UnitRecord& unit) override {
    std::string context = "Sửa đơn vị (update unit) " + std::to_string(unit.id);
    std::vector<Param> params = UnitParams(unit);
    params.insert(params.begin(), Number(unit.id));
    auto result = Exec(kUpdateUnit, params, context);
    if (!result.ok()) return result.error();
    if (Affected(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return Done{};
  }

  StoreStatus DeleteUnit(int64_t id) override {
    std::string context = "Xoá đơn vị (delete unit) " + std::to_string(id);
    auto result = Exec(kDeleteUnit, {Number(id)}, context);
    if (!result.ok()) return result.error();
    if (Affected(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return Done{};
  }

  StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) override {
    constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
    if (auto error = CheckUnitEvent(event)) return *error;
    auto result = Exec(kInsertUnitEvent,
                       {Text(event.date), Text(event.kind), Text(event.payload_json)}, kContext);
    if (!result.ok()) return result.error();
    return Int(result->get(), 0, 0);
  }

  StoreResult<std::vector<UnitEvent>> ListUnitEvents() override {
    auto result = Exec(kSelectUnitEvents, {}, "Liệt kê sự kiện đơn vị (list unit events)");
    if (!result.ok()) return result.error();
    std::vector<UnitEvent> events;
    PGresult* r = result->get();
    for (int row = 0; row < PQntuples(r); ++row) {
      events.push_back(UnitEvent{Int(r, row, 0), Str(r, row, 1), Str(r, row, 2), Str(r, row, 3)});
    }
    return events;
  }

  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, std::string_view who,
                                        FactSource source, Timestamp at) override;

  StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                               int year) override {
    std::string ids = "{";
    for (size_t i = 0; i < unit_ids.size(); ++i) {
      if (i > 0) ids += ',';
      ids += std::to_string(unit_ids[i]);
    }
    ids += '}';
    return SelectFacts(kSelectFactsOfUnits, {Number(year), ids});
  }

  StoreResult<std::vector<FactValue>> GetAllFacts(int year) override {
    return SelectFacts(kSelectAllFacts, {Number(year)});
  }

  StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id, std::string_view indicator,
                                                   int year) override {
    auto result = Exec(kSelectFactHistory, {Number(unit_id), Text(indicator), Number(year)},
                       "Đọc lịch sử số liệu (fact history)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<FactChange> changes;
    for (int row = 0; row < PQntuples(r); ++row) {
      FactChange change;
      change.unit_id = Int(r, row, 0);
      change.indicator = Str(r, row, 1);
      change.year = static_cast<int>(Int(r, row, 2));
      change.old_value = OptDouble(r, row, 3);
      change.new_value = OptDouble(r, row, 4);
      change.who = Str(r, row, 5);
      change.at = Timestamp(std::chrono::seconds(Int(r, row, 6)));
      change.source = ParseFactSource(Str(r, row, 7)).value_or(FactSource::kForm);
      changes.push_back(std::move(change));
    }
    return changes;
  }

  StoreStatus PutScorecard(const ScorecardRecord& scorecard) override {
    auto result =
        Exec(kUpsertScorecard,
             {Number(scorecard.unit_id), Number(scorecard.year), Text(scorecard.rubric_id),
              Text(scorecard.rubric_hash), Text(scorecard.result_json),
              Number(scorecard.computed_at.time_since_epoch().count())},
             "Lưu phiếu điểm (put scorecard)");
    if (!result.ok()) return result.error();
    return Done{};
  }

  StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                            std::string_view rubric_id) override {
    std::string context = "Đọc phiếu điểm (get scorecard) của đơn vị (unit) " +
                          std::to_string(unit_id) + ", năm (year) " + std::to_string(year) +
                          ", bộ tiêu chí (rubric) '" + std::string(rubric_id) + "'";
    auto result = Exec(kSelectScorecard, {Number(unit_id), Number(year), Text(rubric_id)}, context);
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ScorecardRecord{Int(r, 0, 0), static_cast<int>(Int(r, 0, 1)),
                           Str(r, 0, 2), Str(r, 0, 3),
                           Str(r, 0, 4), Timestamp(std::chrono::seconds(Int(r, 0, 5)))};
  }

  StoreStatus PutProgramme(const ProgrammeRecord& programme) override {
    auto result = Exec(kUpsertProgramme, {Text(programme.id), Text(programme.content_json)},
                       "Lưu chương trình (put programme)");
    if (!result.ok()) return result.error();
    return Done{};
  }

  StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) override {
    std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
    auto result = Exec(kSelectProgramme, {Text(id)}, context);
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ProgrammeRecord{Str(r, 0, 0), Str(r, 0, 1)};
  }

  StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() override {
    auto result = Exec(kSelectProgrammes, {}, "Liệt kê chương trình (list programmes)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<ProgrammeRecord> programmes;
    for (int row = 0; row < PQntuples(r); ++row) {
      programmes.push_back(ProgrammeRecord{Str(r, row, 0), Str(r, row, 1)});
    }
    return programmes;
  }

 private:
  // A transaction that rolls back unless committed.
  class Transaction {
   public:
    explicit Transaction(PostgresStore& store) : store_(store) {}
    ~Transaction() {
      if (open_) PgResult(PQexec(store_.conn_, "ROLLBACK"));
      store_.in_transaction_ = false;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    std::optional<StoreError> Begin(std::string_view context) {
      store_.Reconnect();
      if (auto error = store_.Command("BEGIN", context)) return error;
      open_ = true;
      store_.in_transaction_ = true;
      return std::nullopt;
    }
    std::optional<StoreError> Commit(std::string_view context) {
      open_ = false;  // a failed COMMIT has rolled back already
      store_.in_transaction_ = false;
      return store_.Command("COMMIT", context);
    }

   private:
    PostgresStore& store_;
    bool open_ = false;
  };

  StoreError FromResult(const PGresult* result, std::string_view context) const {
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
    return MakeError(kind, context, detail);
  }

  // A lost connection is opened again once, between operations: never inside a transaction, whose
  // work would be lost without a word.
  void Reconnect() {
    if (!in_transaction_ && PQstatus(conn_) == CONNECTION_BAD) {
      PQreset(conn_);
      if (PQstatus(conn_) == CONNECTION_OK) PgResult(PQexec(conn_, kSessionSettings));
    }
  }

  StoreResult<PgResult> Exec(const char* sql, const std::vector<Param>& params,
                             std::string_view context) {
    Reconnect();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& param : params)
      values.push_back(param ? param->c_str() : nullptr);
    PgResult result(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0));
    ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return FromResult(result.get(), context);
    }
    return result;
  }

  // A statement (or several) without parameters and without rows.
  std::optional<StoreError> Command(const char* sql, std::string_view context) {
    PgResult result(PQexec(conn_, sql));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return FromResult(result.get(), context);
    }
    return std::nullopt;
  }

  std::optional<StoreError> CopyBatch(std::span<const FactWrite> batch, std::string_view context);

  static int64_t Affected(PGresult* result) { return ParseInt(PQcmdTuples(result)).value_or(0); }
  static std::string Str(PGresult* r, int row, int column) {
    return std::string(PQgetvalue(r, row, column),
                       static_cast<size_t>(PQgetlength(r, row, column)));
  }
  static int64_t Int(PGresult* r, int row, int column) {
    return ParseInt(PQgetvalue(r, row, column)).value_or(0);
  }
  static std::optional<int64_t> OptInt(PGresult* r, int row, int column) {
    if (PQgetisnull(r, row, column)) return std::nullopt;
    return ParseInt(PQgetvalue(r, row, column));
  }
  static std::optional<double> OptDouble(PGresult* r, int row, int column) {
    if (PQgetisnull(r, row, column)) return std::nullopt;
    return ParseDouble(PQgetvalue(r, row, column));
  }

  static std::vector<Param> UnitParams(const UnitRecord& unit) {
    return {Text(unit.code), Text(unit.level),        Text(unit.kind),
            Text(unit.name), Number(unit.population), Number(unit.area_m2)};
  }
  static UnitRecord ReadUnit(PGresult* r, int row) {
    return UnitRecord{Int(r, row, 0), Str(r, row, 1),    Str(r, row, 2),      Str(r, row, 3),
                      Str(r, row, 4), OptInt(r, row, 5), OptDouble(r, row, 6)};
  }

  StoreResult<UnitRecord> OneUnit(const char* sql, const std::vector<Param>& params,
                                  const std::string& context) {
    auto result = Exec(sql, params, context);
    if (!result.ok()) return result.error();
    if (PQntuples(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ReadUnit(result->get(), 0);
  }

  StoreResult<std::vector<FactValue>> SelectFacts(const char* sql,
                                                  const std::vector<Param>& params) {
    auto result = Exec(sql, params, "Đọc số liệu (get facts)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<FactValue> facts;
    facts.reserve(static_cast<size_t>(PQntuples(r)));
    for (int row = 0; row < PQntuples(r); ++row) {
      facts.push_back(FactValue{Int(r, row, 0), Str(r, row, 1), static_cast<int>(Int(r, row, 2)),
                                OptDouble(r, row, 3).value_or(0)});
    }
    return facts;
  }

  PGconn* conn_;
  std::string password_;
  bool in_transaction_ = false;
  int version_ = 0;
  std::vector<int> applied_;
};

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

std::optional<StoreError> PostgresStore::CopyBatch(std::span<const FactWrite> batch,
                                                   std::string_view context) {
  PgResult start(PQexec(conn_, kCopyFactBatch));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN)
    return FromResult(start.get(), context);
  constexpr size_t kChunk = 1 << 20;
  std::string buffer;
  buffer.reserve(kChunk + 256);
  bool sent = true;
  for (const FactWrite& write : batch) {
    buffer += std::to_string(write.unit_id);
    buffer += '\t';
    AppendCopyText(buffer, write.indicator);
    buffer += '\t';
    buffer += std::to_string(write.year);
    buffer += '\t';
    buffer += write.value ? FormatDouble(*write.value) : "\\N";
    buffer += '\n';
    if (buffer.size() >= kChunk) {
      sent = PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) == 1;
      buffer.clear();
      if (!sent) break;
    }
  }
  if (sent && !buffer.empty()) {
    sent = PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) == 1;
  }
  PQputCopyEnd(conn_, sent ? nullptr : "kieumau: sending the batch failed");
  std::optional<StoreError> error;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult result(raw);
    if (!error && PQresultStatus(raw) != PGRES_COMMAND_OK) error = FromResult(raw, context);
  }
  return error;
}

StoreResult<PutFactsSummary> PostgresStore::PutFacts(std::span<const FactWrite> batch,
                                                     std::string_view who, FactSource source,
                                                     Timestamp at) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  // Large enough that fresh statistics on the batch help the planner choose hash joins.
  constexpr size_t kAnalyzeFrom = 10000;
  if (auto error = CheckFactBatch(batch, who)) return *error;
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  if (auto locked = Exec(kLockTransaction, {Text(kFactsLockKey)}, kContext); !locked.ok()) {
    return locked.error();
  }
  if (auto error = Command(kCreateFactBatch, kContext)) return *error;
  if (auto error = CopyBatch(batch, kContext)) return *error;
  if (batch.size() >= kAnalyzeFrom) {
    if (auto error = Command(kAnalyzeFactBatch, kContext)) return *error;
  }
  auto changes = Exec(
      kInsertFactChanges,
      {Text(who), Number(at.time_since_epoch().count()), Text(FactSourceKey(source))}, kContext);
  if (!changes.ok()) return changes.error();
  PutFactsSummary summary;
  summary.changed = Affected(changes->get());
  summary.unchanged = static_cast<int64_t>(batch.size()) - summary.changed;
  if (auto erased = Exec(kDeleteErasedFacts, {}, kContext); !erased.ok()) return erased.error();
  if (auto upserted = Exec(kUpsertFacts, {}, kContext); !upserted.ok()) return upserted.error();
  if (auto error = transaction.Commit(kContext)) return *error;
  return summary;
}

}  // namespace

StoreResult<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                      const StoreOptions& options) {
  constexpr std::string_view kContext = "Kết nối PostgreSQL (connect to PostgreSQL)";
  // Parsed first, so that a malformed URL is told apart from a server that cannot be reached.
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string detail = parse_error ? parse_error : "out of memory";
    PQfreemem(parse_error);
    // The password is not known when parsing fails; libpq quotes only the offending part.
    return MakeError(StoreErrorKind::kInvalid,
                     "Địa chỉ PostgreSQL không hợp lệ (bad PostgreSQL URL)", Scrub(detail, ""));
  }
  std::string password, where;
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
    return MakeError(StoreErrorKind::kUnavailable, std::string(kContext) + " (" + where + ")",
                     detail);
  }
  auto store = std::make_unique<PostgresStore>(conn, std::move(password));
  if (auto error = store->Configure()) return *error;
  if (auto error = store->Migrate(options)) return *error;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kieumau::store_internal
