// The PostgreSQL backend over libpq: one connection, every value a bound parameter (PQexecParams),
// every write one transaction (a savepoint inside a unit of work) that sends one NOTIFY for the
// change feed, batches of facts through COPY into a temporary table and a few set-based
// statements, writers of facts serialised per unit-year by row locks. All of its SQL is in this
// file and postgres_schema.cc.
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
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

constexpr const char* kSelectIndicators =
    "SELECT id, name FROM indicators WHERE name = ANY ($1::text[])";
constexpr const char* kInsertIndicators =
    "INSERT INTO indicators (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING";
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
// A batch's writes, keyed by indicator id, go to a temporary table by COPY; everything after is
// set-based. Memory enough for the joins of a whole country's batch without spilling to disk, and
// no JIT compilation (tens of milliseconds, not paid back by one execution); for this transaction
// only.
constexpr const char* kPrepareFactWrites =
    "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;"
    " CREATE TEMP TABLE IF NOT EXISTS kieumau_fact_writes ("
    " year integer NOT NULL, unit_id bigint NOT NULL, indicator_id integer NOT NULL,"
    " value double precision) ON COMMIT DELETE ROWS;"
    " DELETE FROM kieumau_fact_writes";
constexpr const char* kCopyFactWrites =
    "COPY kieumau_fact_writes (year, unit_id, indicator_id, value) FROM STDIN";
constexpr const char* kAnalyzeFactWrites = "ANALYZE kieumau_fact_writes";
// Every write that changes the current value, against the value it replaces ("IS DISTINCT FROM"
// treats a missing value as NULL: an erasure of a missing value changes nothing); then, all seeing
// the values from before the batch: one row for the batch (its actor), one history row per change,
// the current values updated, erased or inserted, and the version of each unit-year changed raised
// (its row made and locked before). $6 and $7 are the batch's first and last year: the current
// values outside them are not looked at. Answers the number of changes per year.
constexpr const char* kApplyFactWrites =
    "WITH changed AS MATERIALIZED ("
    "  SELECT w.year, w.unit_id, w.indicator_id, c.value AS old_value, w.value AS new_value"
    "  FROM kieumau_fact_writes w LEFT JOIN facts_current c"
    "  ON c.year = w.year AND c.unit_id = w.unit_id AND c.indicator_id = w.indicator_id"
    "  AND c.year BETWEEN $6::integer AND $7::integer"
    "  WHERE w.value IS DISTINCT FROM c.value),"
    " batch AS (INSERT INTO fact_batches (at, actor_kind, actor_user, channel, address)"
    "  SELECT to_timestamp($1::bigint), $2, $3, $4, $5 WHERE EXISTS (SELECT FROM changed)"
    "  RETURNING id),"
    " history AS (INSERT INTO fact_changes"
    "  (year, unit_id, indicator_id, batch_id, old_value, new_value)"
    "  SELECT ch.year, ch.unit_id, ch.indicator_id, batch.id, ch.old_value, ch.new_value"
    "  FROM changed ch CROSS JOIN batch),"
    " updated AS (UPDATE facts_current c SET value = ch.new_value FROM changed ch"
    "  WHERE c.year = ch.year AND c.unit_id = ch.unit_id AND c.indicator_id = ch.indicator_id"
    "  AND c.year BETWEEN $6::integer AND $7::integer"
    "  AND ch.old_value IS NOT NULL AND ch.new_value IS NOT NULL),"
    " erased AS (DELETE FROM facts_current c USING changed ch"
    "  WHERE c.year = ch.year AND c.unit_id = ch.unit_id AND c.indicator_id = ch.indicator_id"
    "  AND c.year BETWEEN $6::integer AND $7::integer AND ch.new_value IS NULL),"
    " inserted AS (INSERT INTO facts_current (year, unit_id, indicator_id, value)"
    "  SELECT year, unit_id, indicator_id, new_value FROM changed WHERE old_value IS NULL),"
    " versions AS (UPDATE fact_unit_years f SET version = f.version + 1"
    "  FROM (SELECT DISTINCT unit_id, year FROM changed) ch"
    "  WHERE f.unit_id = ch.unit_id AND f.year = ch.year)"
    " SELECT year, count(*) FROM changed GROUP BY year ORDER BY year";
// Current values in the order of the key; the names are put in order here (the server would sort
// every unit's values by name, three times slower).
constexpr const char* kSelectFactsOfUnits =
    "SELECT unit_id, indicator_id, value FROM facts_current"
    " WHERE year = $1::integer AND unit_id = ANY ($2::bigint[]) ORDER BY unit_id, indicator_id";
constexpr const char* kSelectAllFacts =
    "SELECT unit_id, indicator_id, value FROM facts_current WHERE year = $1::integer"
    " ORDER BY unit_id, indicator_id";
constexpr const char* kSelectIndicatorNames = "SELECT id, name FROM indicators";
constexpr const char* kSelectFactHistory =
    "SELECT c.unit_id, i.name, c.year, c.old_value, c.new_value, b.actor_kind, b.actor_user,"
    " b.channel, b.address, extract(epoch FROM b.at)::bigint"
    " FROM fact_changes c JOIN indicators i ON i.id = c.indicator_id"
    " JOIN fact_batches b ON b.id = c.batch_id"
    " WHERE c.year = $3::integer AND c.unit_id = $1::bigint AND i.name = $2 ORDER BY c.batch_id";
// One probe of the key per year (a loose index scan), not a scan of every value.
constexpr const char* kSelectFactYears =
    "WITH RECURSIVE y (year) AS (SELECT min(year) FROM facts_current"
    " UNION ALL SELECT (SELECT min(year) FROM facts_current WHERE year > y.year) FROM y"
    " WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL";

constexpr const char* kUpsertScorecard =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " VALUES ($1::bigint, $2::integer, $3, $4, $5::json, to_timestamp($6::bigint))"
    " ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET rubric_hash = EXCLUDED.rubric_hash,"
    " result = EXCLUDED.result, computed_at = EXCLUDED.computed_at";
constexpr const char* kSelectScorecard =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, extract(epoch FROM computed_at)::bigint"
    " FROM scorecards WHERE unit_id = $1::bigint AND year = $2::integer AND rubric_id = $3";
constexpr const char* kSelectScorecards =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, extract(epoch FROM computed_at)::bigint"
    " FROM scorecards WHERE year = $1::integer AND rubric_id = $2 ORDER BY unit_id";
// A batch as one array per column, one statement.
constexpr const char* kUpsertScorecards =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " SELECT u, y, r, h, j, to_timestamp(t) FROM unnest($1::bigint[], $2::integer[], $3::text[],"
    " $4::text[], $5::json[], $6::bigint[]) AS s (u, y, r, h, j, t)"
    " ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET rubric_hash = EXCLUDED.rubric_hash,"
    " result = EXCLUDED.result, computed_at = EXCLUDED.computed_at";

constexpr const char* kUpsertProgramme =
    "INSERT INTO programmes (id, content) VALUES ($1, $2::json)"
    " ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content";
constexpr const char* kSelectProgramme = "SELECT id, content FROM programmes WHERE id = $1";
constexpr const char* kSelectProgrammes =
    "SELECT id, content FROM programmes ORDER BY id COLLATE \"C\"";

constexpr const char* kUpsertRecognition =
    "INSERT INTO recognitions (programme_id, year, unit_id, decision, date)"
    " VALUES ($1, $2::integer, $3::bigint, $4, $5::date)"
    " ON CONFLICT (programme_id, year, unit_id) DO UPDATE SET decision = EXCLUDED.decision,"
    " date = EXCLUDED.date";
constexpr const char* kSelectRecognitions =
    "SELECT programme_id, unit_id, year, decision, to_char(date, 'YYYY-MM-DD') FROM recognitions"
    " WHERE programme_id = $1 ORDER BY year, unit_id";

constexpr const char* kUpsertSetting =
    "INSERT INTO settings (key, value) VALUES ($1, $2)"
    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value";
constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = $1";

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

// A value of a result: text, or a number (0 when it is not one; NULL as nullopt).
std::string Str(PGresult* r, int row, int column) {
  return std::string(PQgetvalue(r, row, column), static_cast<size_t>(PQgetlength(r, row, column)));
}
int64_t Int(PGresult* r, int row, int column) {
  return ParseInt(PQgetvalue(r, row, column)).value_or(0);
}
std::optional<int64_t> OptInt(PGresult* r, int row, int column) {
  if (PQgetisnull(r, row, column)) return std::nullopt;
  return ParseInt(PQgetvalue(r, row, column));
}
std::optional<double> OptDouble(PGresult* r, int row, int column) {
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

void AppendInt(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

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
  std::string Take() { return text_.empty() ? "{}" : std::move(text_) + "}"; }

 private:
  std::string text_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(PGconn* conn, std::string password, const StoreOptions& options)
      : conn_(conn),
        password_(std::move(password)),
        origin_(options.origin),
        fail_before_(options.fail_before) {}
  ~PostgresStore() override { PQfinish(conn_); }
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  std::optional<StoreError> Configure() {
    constexpr std::string_view kContext = "Mở cơ sở dữ liệu PostgreSQL (open PostgreSQL store)";
    if (auto error = Command(kSessionSettings, kContext)) return error;
    auto schema = Exec(kSelectSchema, {}, kContext);
    if (!schema.ok()) return schema.error();
    schema_ = Str(schema->get(), 0, 0);
    return std::nullopt;
  }
  std::optional<StoreError> Migrate(const StoreOptions& options);

  std::string_view Backend() const override { return "postgresql"; }
  int SchemaVersion() const override { return version_; }
  const std::vector<int>& MigrationsApplied() const override { return applied_; }

  StoreResult<int64_t> CreateUnit(const UnitRecord& unit) override {
    constexpr std::string_view kContext = "Thêm đơn vị (create unit)";
    return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
      auto result = Exec(kInsertUnit, UnitParams(unit), kContext);
      if (!result.ok()) return result.error();
      return Int(result->get(), 0, 0);
    });
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
      units.push_back(ReadUnit(PgRow{result->get(), row}));
    }
    return units;
  }

  StoreStatus UpdateUnit(const UnitRecord& unit) override {
    std::string context = "Sửa đơn vị (update unit) " + std::to_string(unit.id);
    std::vector<Param> params = UnitParams(unit);
    params.insert(params.begin(), Number(unit.id));
    return Write(context, kChangeUnits, [&]() -> StoreStatus {
      auto result = Exec(kUpdateUnit, params, context);
      if (!result.ok()) return result.error();
      if (Affected(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
      return Success{};
    });
  }

  StoreStatus DeleteUnit(int64_t id) override {
    std::string context = "Xoá đơn vị (delete unit) " + std::to_string(id);
    return Write(context, kChangeUnits, [&]() -> StoreStatus {
      auto result = Exec(kDeleteUnit, {Number(id)}, context);
      if (!result.ok()) return result.error();
      if (Affected(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
      return Success{};
    });
  }

  StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) override {
    constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
    if (auto error = CheckUnitEvent(event)) return *error;
    return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
      auto result = Exec(kInsertUnitEvent,
                         {Text(event.date), Text(event.kind), Text(event.payload_json)}, kContext);
      if (!result.ok()) return result.error();
      return Int(result->get(), 0, 0);
    });
  }

  StoreResult<std::vector<UnitEvent>> ListUnitEvents() override {
    auto result = Exec(kSelectUnitEvents, {}, "Liệt kê sự kiện đơn vị (list unit events)");
    if (!result.ok()) return result.error();
    std::vector<UnitEvent> events;
    PGresult* r = result->get();
    for (int row = 0; row < PQntuples(r); ++row)
      events.push_back(ReadUnitEvent(PgRow{r, row}));
    return events;
  }

  StoreStatus InTransaction(const std::function<StoreStatus(Store&)>& work) override {
    constexpr std::string_view kContext = "Đơn vị công việc (unit of work)";
    Transaction transaction(*this);
    if (auto error = transaction.Begin(kContext)) return *error;
    // An exception leaves through the transaction's destructor, which rolls back.
    StoreStatus done = work(*this);
    if (!done.ok()) return done;
    if (auto error = transaction.Commit(kContext)) return *error;
    return Success{};
  }

  StoreStatus LockUnitYears(std::span<const UnitYear> unit_years) override {
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

  StoreResult<std::vector<int64_t>> UnitYearVersions(
      std::span<const UnitYear> unit_years) override {
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

  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, const WriteActor& actor,
                                        Timestamp at) override;

  StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                               int year) override {
    std::string ids = "{";
    for (size_t i = 0; i < unit_ids.size(); ++i) {
      if (i > 0) ids += ',';
      ids += std::to_string(unit_ids[i]);
    }
    ids += '}';
    return SelectFacts(kSelectFactsOfUnits, year, {Number(year), ids});
  }

  StoreResult<std::vector<FactValue>> GetAllFacts(int year) override {
    return SelectFacts(kSelectAllFacts, year, {Number(year)});
  }

  StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id, std::string_view indicator,
                                                   int year) override {
    auto result = Exec(kSelectFactHistory, {Number(unit_id), Text(indicator), Number(year)},
                       "Đọc lịch sử số liệu (fact history)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<FactChange> changes;
    for (int row = 0; row < PQntuples(r); ++row)
      changes.push_back(ReadFactChange(PgRow{r, row}));
    return changes;
  }

  StoreResult<std::vector<int>> FactYears() override {
    auto result = Exec(kSelectFactYears, {}, "Liệt kê năm có số liệu (fact years)");
    if (!result.ok()) return result.error();
    std::vector<int> years;
    for (int row = 0; row < PQntuples(result->get()); ++row) {
      years.push_back(static_cast<int>(Int(result->get(), row, 0)));
    }
    return years;
  }

  StoreStatus PutScorecard(const ScorecardRecord& scorecard) override {
    constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecard)";
    return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
      auto result =
          Exec(kUpsertScorecard,
               {Number(scorecard.unit_id), Number(scorecard.year), Text(scorecard.rubric_id),
                Text(scorecard.rubric_hash), Text(scorecard.result_json),
                Number(scorecard.computed_at.time_since_epoch().count())},
               kContext);
      if (!result.ok()) return result.error();
      return Success{};
    });
  }

  StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                            std::string_view rubric_id) override {
    std::string context = GetScorecardContext(unit_id, year, rubric_id);
    auto result = Exec(kSelectScorecard, {Number(unit_id), Number(year), Text(rubric_id)}, context);
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ReadScorecard(PgRow{r, 0});
  }

  StoreResult<std::vector<ScorecardRecord>> ListScorecards(int year,
                                                           std::string_view rubric_id) override {
    auto result = Exec(kSelectScorecards, {Number(year), Text(rubric_id)},
                       "Liệt kê phiếu điểm (list scorecards)");
    if (!result.ok()) return result.error();
    std::vector<ScorecardRecord> scorecards;
    for (int row = 0; row < PQntuples(result->get()); ++row)
      scorecards.push_back(ReadScorecard(PgRow{result->get(), row}));
    return scorecards;
  }

  StoreStatus PutScorecards(std::span<const ScorecardRecord> scorecards) override {
    constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecards)";
    if (auto error = CheckScorecardBatch(scorecards)) return *error;
    if (scorecards.empty()) return Success{};
    return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
      if (auto error = WriteScorecards(scorecards, kContext)) return *error;
      return Success{};
    });
  }

  // Upserts a checked batch of scorecards in one statement, inside the caller's transaction.
  std::optional<StoreError> WriteScorecards(std::span<const ScorecardRecord> scorecards,
                                            std::string_view context) {
    if (scorecards.empty()) return std::nullopt;
    ArrayLiteral units, years, rubrics, hashes, results, times;
    for (const ScorecardRecord& card : scorecards) {
      units.Add(card.unit_id);
      years.Add(card.year);
      rubrics.Add(card.rubric_id);
      hashes.Add(card.rubric_hash);
      results.Add(card.result_json);
      times.Add(card.computed_at.time_since_epoch().count());
    }
    auto result = Exec(
        kUpsertScorecards,
        {units.Take(), years.Take(), rubrics.Take(), hashes.Take(), results.Take(), times.Take()},
        context);
    if (!result.ok()) return result.error();
    return std::nullopt;
  }

  StoreStatus PutProgramme(const ProgrammeRecord& programme) override {
    constexpr std::string_view kContext = "Lưu chương trình (put programme)";
    return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
      auto result =
          Exec(kUpsertProgramme, {Text(programme.id), Text(programme.content_json)}, kContext);
      if (!result.ok()) return result.error();
      return Success{};
    });
  }

  StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) override {
    std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
    auto result = Exec(kSelectProgramme, {Text(id)}, context);
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ReadProgramme(PgRow{r, 0});
  }

  StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() override {
    auto result = Exec(kSelectProgrammes, {}, "Liệt kê chương trình (list programmes)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<ProgrammeRecord> programmes;
    for (int row = 0; row < PQntuples(r); ++row)
      programmes.push_back(ReadProgramme(PgRow{r, row}));
    return programmes;
  }

  StoreStatus PutRecognition(const RecognitionRecord& recognition) override {
    constexpr std::string_view kContext = "Lưu công nhận (put recognition)";
    if (auto error = CheckRecognition(recognition)) return *error;
    return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
      auto result =
          Exec(kUpsertRecognition,
               {Text(recognition.programme_id), Number(recognition.year),
                Number(recognition.unit_id), Text(recognition.decision), Text(recognition.date)},
               kContext);
      if (!result.ok()) return result.error();
      return Success{};
    });
  }

  StoreResult<std::vector<RecognitionRecord>> ListRecognitions(
      std::string_view programme_id) override {
    auto result =
        Exec(kSelectRecognitions, {Text(programme_id)}, "Liệt kê công nhận (list recognitions)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<RecognitionRecord> recognitions;
    for (int row = 0; row < PQntuples(r); ++row)
      recognitions.push_back(ReadRecognition(PgRow{r, row}));
    return recognitions;
  }

  StoreStatus PutSetting(std::string_view key, std::string_view value) override {
    constexpr std::string_view kContext = "Lưu thiết lập (put setting)";
    if (auto error = CheckSetting(key, value)) return *error;
    return Write(kContext, kChangeSettings, [&]() -> StoreStatus {
      auto result = Exec(kUpsertSetting, {Text(key), Text(value)}, kContext);
      if (!result.ok()) return result.error();
      return Success{};
    });
  }

  StoreResult<std::optional<std::string>> GetSetting(std::string_view key) override {
    auto result = Exec(kSelectSetting, {Text(key)}, "Đọc thiết lập (get setting)");
    if (!result.ok()) return result.error();
    if (PQntuples(result->get()) == 0) return std::optional<std::string>();
    return std::optional<std::string>(Str(result->get(), 0, 0));
  }

 private:
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

    std::optional<StoreError> Begin(std::string_view context) {
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
    std::optional<StoreError> Commit(std::string_view context) {
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

   private:
    PostgresStore& store_;
    bool open_ = false;
    size_t mark_ = 0;
  };

  // Rolls back the innermost open transaction (not offered to the injector: it is the recovery).
  void RollBack(size_t mark) {
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
  std::optional<StoreError> Notify(std::string_view context) {
    if (pending_.empty()) return std::nullopt;
    auto sent = Exec(
        kNotify, {Text(kChangeChannel), ChangePayload(schema_, origin_, pending_.Take())}, context);
    if (!sent.ok()) return sent.error();
    return std::nullopt;
  }

  // Runs `body` (returning a StoreResult) as one write transaction that changes `what`.
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

  // Inside a transaction: makes the rows of `create` (sorted unit-years) when absent and locks
  // them and those of `lock` (sorted, holding `create`) that exist, in that order; answers the ones
  // locked, sorted.
  StoreResult<std::vector<UnitYear>> LockRows(std::span<const UnitYear> create,
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
  std::optional<StoreError> Injected(const char* sql, std::string_view context) const {
    if (fail_before_ && fail_before_(sql)) {
      return DriverError(StoreErrorKind::kUnavailable, context, kInjectedText);
    }
    return std::nullopt;
  }

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
    return DriverError(kind, context, detail);
  }

  // A lost connection is opened again once, between operations: never inside a transaction, whose
  // work would be lost without a word.
  void Reconnect() {
    if (depth_ == 0 && PQstatus(conn_) == CONNECTION_BAD) {
      PQreset(conn_);
      if (PQstatus(conn_) == CONNECTION_OK) PgResult(PQexec(conn_, kSessionSettings));
    }
  }

  StoreResult<PgResult> Exec(const char* sql, const std::vector<Param>& params,
                             std::string_view context) {
    if (auto error = Injected(sql, context)) return *error;
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

  // A statement (or several) without parameters and without rows; its result is kept in
  // last_command_.
  std::optional<StoreError> Command(const char* sql, std::string_view context) {
    if (auto error = Injected(sql, context)) return error;
    last_command_.reset(PQexec(conn_, sql));
    if (!last_command_ || PQresultStatus(last_command_.get()) != PGRES_COMMAND_OK) {
      return FromResult(last_command_.get(), context);
    }
    return std::nullopt;
  }

  std::optional<StoreError> LookUpIndicators(FactBatch& batch, std::string_view context);
  std::optional<StoreError> CopyWrites(std::span<const KeyedFactWrite> writes,
                                       std::string_view context);

  static int64_t Affected(PGresult* result) { return ParseInt(PQcmdTuples(result)).value_or(0); }

  static std::vector<Param> UnitParams(const UnitRecord& unit) {
    return {Text(unit.code), Text(unit.level),        Text(unit.kind),
            Text(unit.name), Number(unit.population), Number(unit.area_m2)};
  }

  StoreResult<UnitRecord> OneUnit(const char* sql, const std::vector<Param>& params,
                                  const std::string& context) {
    auto result = Exec(sql, params, context);
    if (!result.ok()) return result.error();
    if (PQntuples(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return ReadUnit(PgRow{result->get(), 0});
  }

  // Values read in the order of the key (unit, indicator id), then ordered by unit and name.
  StoreResult<std::vector<FactValue>> SelectFacts(const char* sql, int year,
                                                  const std::vector<Param>& params) {
    constexpr std::string_view kContext = "Đọc số liệu (get facts)";
    auto result = Exec(sql, params, kContext);
    if (!result.ok()) return result.error();
    // Read after the values: every indicator they refer to is there (none is ever deleted).
    auto names = Exec(kSelectIndicatorNames, {}, kContext);
    if (!names.ok()) return names.error();
    struct Indicator {
      std::string name;
      uint32_t rank = 0;  // place in byte order of the names
    };
    std::unordered_map<int64_t, Indicator> indicators;
    {
      PGresult* n = names->get();
      std::vector<std::pair<std::string, int64_t>> by_name;
      by_name.reserve(static_cast<size_t>(PQntuples(n)));
      for (int row = 0; row < PQntuples(n); ++row)
        by_name.emplace_back(Str(n, row, 1), Int(n, row, 0));
      std::sort(by_name.begin(), by_name.end());
      for (size_t rank = 0; rank < by_name.size(); ++rank) {
        indicators.emplace(by_name[rank].second,
                           Indicator{std::move(by_name[rank].first), static_cast<uint32_t>(rank)});
      }
    }
    PGresult* r = result->get();
    const int rows = PQntuples(r);
    struct Row {
      int64_t unit_id;
      const Indicator* indicator;
      double value;
    };
    std::vector<Row> read;
    read.reserve(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      auto it = indicators.find(Int(r, row, 1));
      if (it == indicators.end()) {
        return MakeError(StoreErrorKind::kUnavailable, kContext,
                         "chỉ tiêu không có trong bảng chỉ tiêu (an indicator id without a name)");
      }
      read.push_back(Row{Int(r, row, 0), &it->second, OptDouble(r, row, 2).value_or(0)});
    }
    // Each unit's values are together already: only they need ordering.
    for (size_t first = 0; first < read.size();) {
      size_t last = first;
      while (last < read.size() && read[last].unit_id == read[first].unit_id)
        ++last;
      std::sort(read.begin() + static_cast<ptrdiff_t>(first),
                read.begin() + static_cast<ptrdiff_t>(last),
                [](const Row& a, const Row& b) { return a.indicator->rank < b.indicator->rank; });
      first = last;
    }
    std::vector<FactValue> facts;
    facts.reserve(read.size());
    for (const Row& row : read)
      facts.push_back(FactValue{row.unit_id, row.indicator->name, year, row.value});
    return facts;
  }

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

std::optional<StoreError> PostgresStore::LookUpIndicators(FactBatch& batch,
                                                          std::string_view context) {
  auto select = [&]() -> std::optional<StoreError> {
    ArrayLiteral names;
    for (const FactBatch::Name& name : batch.names())
      names.Add(name.name);
    auto found = Exec(kSelectIndicators, {names.Take()}, context);
    if (!found.ok()) return found.error();
    std::unordered_map<std::string, int64_t> ids;
    for (int row = 0; row < PQntuples(found->get()); ++row) {
      ids.emplace(Str(found->get(), row, 1), Int(found->get(), row, 0));
    }
    for (FactBatch::Name& name : batch.names()) {
      auto it = ids.find(std::string(name.name));
      if (it != ids.end()) name.id = it->second;
    }
    return std::nullopt;
  };
  if (auto error = select()) return error;
  ArrayLiteral missing;
  bool any_missing = false;
  for (const FactBatch::Name& name : batch.names()) {
    if (name.id == 0 && name.has_value) {
      missing.Add(name.name);
      any_missing = true;
    }
  }
  if (!any_missing) return std::nullopt;
  if (auto inserted = Exec(kInsertIndicators, {missing.Take()}, context); !inserted.ok()) {
    return inserted.error();
  }
  return select();
}

std::optional<StoreError> PostgresStore::CopyWrites(std::span<const KeyedFactWrite> writes,
                                                    std::string_view context) {
  if (auto error = Injected(kCopyFactWrites, context)) return error;
  PgResult start(PQexec(conn_, kCopyFactWrites));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN)
    return FromResult(start.get(), context);
  constexpr size_t kChunk = 1 << 20;
  std::string buffer;
  buffer.reserve(kChunk + 256);
  bool sent = true;
  for (const KeyedFactWrite& write : writes) {
    AppendInt(buffer, write.year);
    buffer += '\t';
    AppendInt(buffer, write.unit_id);
    buffer += '\t';
    AppendInt(buffer, write.indicator_id);
    buffer += '\t';
    buffer += write.write->value ? FormatDouble(*write.write->value) : "\\N";
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
                                                     const WriteActor& actor, Timestamp at) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  // Large enough that fresh statistics on the batch help the planner choose hash joins.
  constexpr size_t kAnalyzeFrom = 10000;
  auto checked = FactBatch::Check(batch, actor);
  if (!checked.ok()) return checked.error();
  PutFactsSummary summary;
  if (batch.empty()) return summary;
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  // The batch's unit-years locked first (before new indicator names are inserted, which would make
  // a writer of the same new name wait on this transaction): those given a value made when absent,
  // every one that exists locked. An erasure in a unit-year that does not exist yet erases
  // nothing, even if another transaction makes it meanwhile: its writes are left out.
  std::vector<UnitYear> with_value, all;
  std::vector<UnitYear> erasing_only;
  for (const FactBatch::BatchUnitYear& unit_year : checked->UnitYears()) {
    all.push_back(unit_year.unit_year);
    (unit_year.has_value ? with_value : erasing_only).push_back(unit_year.unit_year);
  }
  auto locked = LockRows(with_value, all, kContext);
  if (!locked.ok()) return locked.error();
  std::set<UnitYear> absent;
  for (const UnitYear& unit_year : erasing_only) {
    if (!std::binary_search(locked->begin(), locked->end(), unit_year)) absent.insert(unit_year);
  }
  if (auto error = LookUpIndicators(*checked, kContext)) return *error;
  std::vector<KeyedFactWrite> keyed = checked->TakeKeyed();
  if (!absent.empty()) {
    std::erase_if(keyed, [&](const KeyedFactWrite& write) {
      return absent.contains(UnitYear{write.unit_id, write.year});
    });
  }
  summary.unchanged = static_cast<int64_t>(batch.size() - keyed.size());
  if (keyed.empty()) {
    if (auto error = transaction.Commit(kContext)) return *error;
    return summary;
  }
  if (auto error = Command(kPrepareFactWrites, kContext)) return *error;
  if (auto error = CopyWrites(keyed, kContext)) return *error;
  if (keyed.size() >= kAnalyzeFrom) {
    if (auto error = Command(kAnalyzeFactWrites, kContext)) return *error;
  }
  // The batch is ordered by year first: its first and last write give its years.
  auto applied = Exec(kApplyFactWrites,
                      {Number(at.time_since_epoch().count()), Text(ActorKindKey(actor.kind)),
                       Text(actor.user), Text(FactSourceKey(actor.channel)), Text(actor.address),
                       Number(keyed.front().year), Number(keyed.back().year)},
                      kContext);
  if (!applied.ok()) return applied.error();
  PGresult* r = applied->get();
  for (int row = 0; row < PQntuples(r); ++row) {
    summary.changed += Int(r, row, 1);
    pending_.Add(FactsChange(static_cast<int>(Int(r, row, 0))));
  }
  summary.unchanged += static_cast<int64_t>(keyed.size()) - summary.changed;
  if (auto error = transaction.Commit(kContext)) return *error;
  return summary;
}

}  // namespace

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
