// The PostgreSQL backend over libpq: one connection, every value a bound parameter (PQexecParams),
// every write one transaction, batches of facts through COPY into a temporary table and a few
// set-based statements. All of its SQL is in this file and postgres_schema.cc.
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <unordered_map>
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

constexpr const char* kSelectIndicators =
    "SELECT id, name FROM indicators WHERE name = ANY ($1::text[])";
constexpr const char* kInsertIndicators =
    "INSERT INTO indicators (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING";
// A batch's writes, keyed by indicator id, go to a temporary table by COPY; everything after is
// set-based. Memory enough for the joins of a whole country's batch without spilling to disk, and
// no JIT compilation (tens of milliseconds, not paid back by one execution); for this transaction
// only.
constexpr const char* kPrepareFactWrites =
    "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;"
    " CREATE TEMP TABLE IF NOT EXISTS kieumau_fact_writes ("
    " year integer NOT NULL, unit_id bigint NOT NULL, indicator_id integer NOT NULL,"
    " value double precision) ON COMMIT DELETE ROWS";
constexpr const char* kCopyFactWrites =
    "COPY kieumau_fact_writes (year, unit_id, indicator_id, value) FROM STDIN";
constexpr const char* kAnalyzeFactWrites = "ANALYZE kieumau_fact_writes";
// Every write that changes the current value, against the value it replaces ("IS DISTINCT FROM"
// treats a missing value as NULL: an erasure of a missing value changes nothing); then, all seeing
// the values from before the batch: the unit–year pairs given a value (the foreign key to units is
// checked here, once per new pair), one row for the batch, one history row per change, and the
// current values updated, erased or inserted. $4 and $5 are the batch's first and last year: the
// current values outside them are not looked at. Answers the number of changes.
constexpr const char* kApplyFactWrites =
    "WITH changed AS MATERIALIZED ("
    "  SELECT w.year, w.unit_id, w.indicator_id, c.value AS old_value, w.value AS new_value"
    "  FROM kieumau_fact_writes w LEFT JOIN facts_current c"
    "  ON c.year = w.year AND c.unit_id = w.unit_id AND c.indicator_id = w.indicator_id"
    "  AND c.year BETWEEN $4::integer AND $5::integer"
    "  WHERE w.value IS DISTINCT FROM c.value),"
    " unit_years AS (INSERT INTO fact_unit_years (unit_id, year)"
    "  SELECT DISTINCT unit_id, year FROM kieumau_fact_writes WHERE value IS NOT NULL"
    "  ORDER BY unit_id, year ON CONFLICT DO NOTHING),"
    " batch AS (INSERT INTO fact_batches (who, at, source)"
    "  SELECT $1, to_timestamp($2::bigint), $3 WHERE EXISTS (SELECT FROM changed) RETURNING id),"
    " history AS (INSERT INTO fact_changes"
    "  (year, unit_id, indicator_id, batch_id, old_value, new_value)"
    "  SELECT ch.year, ch.unit_id, ch.indicator_id, batch.id, ch.old_value, ch.new_value"
    "  FROM changed ch CROSS JOIN batch),"
    " updated AS (UPDATE facts_current c SET value = ch.new_value FROM changed ch"
    "  WHERE c.year = ch.year AND c.unit_id = ch.unit_id AND c.indicator_id = ch.indicator_id"
    "  AND c.year BETWEEN $4::integer AND $5::integer"
    "  AND ch.old_value IS NOT NULL AND ch.new_value IS NOT NULL),"
    " erased AS (DELETE FROM facts_current c USING changed ch"
    "  WHERE c.year = ch.year AND c.unit_id = ch.unit_id AND c.indicator_id = ch.indicator_id"
    "  AND c.year BETWEEN $4::integer AND $5::integer AND ch.new_value IS NULL),"
    " inserted AS (INSERT INTO facts_current (year, unit_id, indicator_id, value)"
    "  SELECT year, unit_id, indicator_id, new_value FROM changed WHERE old_value IS NULL)"
    " SELECT count(*) FROM changed";
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
    "SELECT c.unit_id, i.name, c.year, c.old_value, c.new_value, b.who,"
    " extract(epoch FROM b.at)::bigint, b.source"
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

  using Store::PutFacts;
  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, std::string_view who,
                                        FactSource source, Timestamp at,
                                        std::span<const ScorecardRecord> scorecards) override;

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
    return ReadScorecard(r, 0);
  }

  StoreResult<std::vector<ScorecardRecord>> ListScorecards(int year,
                                                           std::string_view rubric_id) override {
    auto result = Exec(kSelectScorecards, {Number(year), Text(rubric_id)},
                       "Liệt kê phiếu điểm (list scorecards)");
    if (!result.ok()) return result.error();
    std::vector<ScorecardRecord> scorecards;
    for (int row = 0; row < PQntuples(result->get()); ++row) {
      scorecards.push_back(ReadScorecard(result->get(), row));
    }
    return scorecards;
  }

  StoreStatus PutScorecards(std::span<const ScorecardRecord> scorecards) override {
    constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecards)";
    if (auto error = CheckScorecardBatch(scorecards)) return *error;
    if (auto error = WriteScorecards(scorecards, kContext)) return *error;
    return Done{};
  }

  // Upserts a checked batch of scorecards in one statement: alone, its own transaction; inside
  // the caller's, part of it.
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

  StoreStatus PutRecognition(const RecognitionRecord& recognition) override {
    if (auto error = CheckRecognition(recognition)) return *error;
    auto result =
        Exec(kUpsertRecognition,
             {Text(recognition.programme_id), Number(recognition.year), Number(recognition.unit_id),
              Text(recognition.decision), Text(recognition.date)},
             "Lưu công nhận (put recognition)");
    if (!result.ok()) return result.error();
    return Done{};
  }

  StoreResult<std::vector<RecognitionRecord>> ListRecognitions(
      std::string_view programme_id) override {
    auto result =
        Exec(kSelectRecognitions, {Text(programme_id)}, "Liệt kê công nhận (list recognitions)");
    if (!result.ok()) return result.error();
    PGresult* r = result->get();
    std::vector<RecognitionRecord> recognitions;
    for (int row = 0; row < PQntuples(r); ++row) {
      recognitions.push_back(RecognitionRecord{Str(r, row, 0), Int(r, row, 1),
                                               static_cast<int>(Int(r, row, 2)), Str(r, row, 3),
                                               Str(r, row, 4)});
    }
    return recognitions;
  }

  StoreStatus PutSetting(std::string_view key, std::string_view value) override {
    if (auto error = CheckSetting(key, value)) return *error;
    auto result = Exec(kUpsertSetting, {Text(key), Text(value)}, "Lưu thiết lập (put setting)");
    if (!result.ok()) return result.error();
    return Done{};
  }

  StoreResult<std::optional<std::string>> GetSetting(std::string_view key) override {
    auto result = Exec(kSelectSetting, {Text(key)}, "Đọc thiết lập (get setting)");
    if (!result.ok()) return result.error();
    if (PQntuples(result->get()) == 0) return std::optional<std::string>();
    return std::optional<std::string>(Str(result->get(), 0, 0));
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
    return DriverError(kind, context, detail);
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

  std::optional<StoreError> LookUpIndicators(FactBatch& batch, std::string_view context);
  std::optional<StoreError> CopyWrites(std::span<const KeyedFactWrite> writes,
                                       std::string_view context);

  static ScorecardRecord ReadScorecard(PGresult* r, int row) {
    return ScorecardRecord{Int(r, row, 0), static_cast<int>(Int(r, row, 1)),
                           Str(r, row, 2), Str(r, row, 3),
                           Str(r, row, 4), Timestamp(std::chrono::seconds(Int(r, row, 5)))};
  }

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
                                                     std::string_view who, FactSource source,
                                                     Timestamp at,
                                                     std::span<const ScorecardRecord> scorecards) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  // Large enough that fresh statistics on the batch help the planner choose hash joins.
  constexpr size_t kAnalyzeFrom = 10000;
  auto checked = FactBatch::Check(batch, who);
  if (!checked.ok()) return checked.error();
  if (auto error = CheckScorecardBatch(scorecards)) return *error;
  PutFactsSummary summary;
  if (batch.empty()) {
    if (StoreStatus put = PutScorecards(scorecards); !put) return put.error();
    return summary;
  }
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  if (auto locked = Exec(kLockTransaction, {Text(kFactsLockKey)}, kContext); !locked.ok()) {
    return locked.error();
  }
  if (auto error = LookUpIndicators(*checked, kContext)) return *error;
  const std::vector<KeyedFactWrite> keyed = checked->TakeKeyed();
  summary.unchanged = static_cast<int64_t>(batch.size() - keyed.size());
  if (keyed.empty()) {
    if (auto error = WriteScorecards(scorecards, kContext)) return *error;
    if (auto error = transaction.Commit(kContext)) return *error;
    return summary;
  }
  if (auto error = Command(kPrepareFactWrites, kContext)) return *error;
  if (auto error = CopyWrites(keyed, kContext)) return *error;
  if (keyed.size() >= kAnalyzeFrom) {
    if (auto error = Command(kAnalyzeFactWrites, kContext)) return *error;
  }
  // The batch is ordered by year first: its first and last write give its years.
  auto applied =
      Exec(kApplyFactWrites,
           {Text(who), Number(at.time_since_epoch().count()), Text(FactSourceKey(source)),
            Number(keyed.front().year), Number(keyed.back().year)},
           kContext);
  if (!applied.ok()) return applied.error();
  summary.changed = Int(applied->get(), 0, 0);
  summary.unchanged += static_cast<int64_t>(keyed.size()) - summary.changed;
  if (auto error = WriteScorecards(scorecards, kContext)) return *error;
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
    return DriverError(StoreErrorKind::kUnavailable, kContext, where + ": " + detail);
  }
  auto store = std::make_unique<PostgresStore>(conn, std::move(password));
  if (auto error = store->Configure()) return *error;
  if (auto error = store->Migrate(options)) return *error;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kieumau::store_internal
