// The SQLite backend: one connection (WAL, foreign keys on, busy timeout), prepared statements
// cached per connection, every write in one BEGIN IMMEDIATE transaction (a savepoint inside a unit
// of work), every write transaction recorded in `change_feed`. All of its SQL is in this file and
// sqlite_schema.cc.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <unordered_map>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The statements, in one place.
constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP) STRICT";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_version";
constexpr const char* kInsertVersion = "INSERT INTO schema_version (version) VALUES (?1)";

constexpr const char* kInsertUnit =
    "INSERT INTO units (code, level, kind, name, population, area_m2) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6)";
constexpr const char* kSelectUnitById =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE id = ?1";
constexpr const char* kSelectUnitByCode =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE code = ?1";
constexpr const char* kSelectUnits =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units ORDER BY id";
constexpr const char* kUpdateUnit =
    "UPDATE units SET code = ?2, level = ?3, kind = ?4, name = ?5, population = ?6, area_m2 = ?7"
    " WHERE id = ?1";
constexpr const char* kDeleteUnit = "DELETE FROM units WHERE id = ?1";

constexpr const char* kInsertUnitEvent =
    "INSERT INTO unit_events (date, kind, payload) VALUES (?1, ?2, ?3)";
constexpr const char* kSelectUnitEvents =
    "SELECT id, date, kind, payload FROM unit_events ORDER BY date, id";

constexpr const char* kSelectIndicator = "SELECT id FROM indicators WHERE name = ?1";
constexpr const char* kInsertIndicator = "INSERT INTO indicators (name) VALUES (?1)";
// The foreign key to units is checked here (LockUnitYears).
constexpr const char* kInsertFactUnitYear =
    "INSERT INTO fact_unit_years (unit_id, year) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
// Once per unit and year whose values a batch changes: the row made (the foreign key to units
// checked), or its version raised.
constexpr const char* kRaiseUnitYearVersion =
    "INSERT INTO fact_unit_years (unit_id, year, version) VALUES (?1, ?2, 1)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET version = version + 1";
constexpr const char* kSelectUnitYearVersion =
    "SELECT version FROM fact_unit_years WHERE unit_id = ?1 AND year = ?2";
constexpr const char* kSelectOldFacts =
    "SELECT indicator_id, value FROM facts_current"
    " WHERE year = ?1 AND unit_id = ?2 AND indicator_id BETWEEN ?3 AND ?4 ORDER BY indicator_id";
// New values and history rows are inserted many rows per statement (see RowInserter). OR FAIL:
// a failure ends the whole batch anyway (its transaction is rolled back), so SQLite need not keep a
// statement journal to undo the rows before it.
constexpr const char* kInsertFactColumns =
    "INSERT OR FAIL INTO facts_current (year, unit_id, indicator_id, value) VALUES ";
constexpr const char* kUpdateFact =
    "UPDATE facts_current SET value = ?4 WHERE year = ?1 AND unit_id = ?2 AND indicator_id = ?3";
constexpr const char* kDeleteFact =
    "DELETE FROM facts_current WHERE year = ?1 AND unit_id = ?2 AND indicator_id = ?3";
constexpr const char* kInsertFactBatch =
    "INSERT INTO fact_batches (at, actor_kind, actor_user, channel, address)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertFactChangeColumns =
    "INSERT OR FAIL INTO fact_changes (year, unit_id, indicator_id, batch_id, old_value,"
    " new_value) VALUES ";
// Ordered by unit then indicator name: the key gives the units in order, a sort within each unit
// the names.
constexpr const char* kSelectFactsOfUnits =
    "SELECT f.unit_id, i.name, f.year, f.value FROM facts_current f"
    " JOIN indicators i ON i.id = f.indicator_id"
    " WHERE f.year = ?1 AND f.unit_id IN (SELECT value FROM json_each(?2))"
    " ORDER BY f.unit_id, i.name";
constexpr const char* kSelectAllFacts =
    "SELECT f.unit_id, i.name, f.year, f.value FROM facts_current f"
    " JOIN indicators i ON i.id = f.indicator_id WHERE f.year = ?1 ORDER BY f.unit_id, i.name";
constexpr const char* kSelectFactHistory =
    "SELECT c.unit_id, i.name, c.year, c.old_value, c.new_value, b.actor_kind, b.actor_user,"
    " b.channel, b.address, b.at"
    " FROM fact_changes c JOIN indicators i ON i.id = c.indicator_id"
    " JOIN fact_batches b ON b.id = c.batch_id"
    " WHERE c.year = ?3 AND c.unit_id = ?1 AND i.name = ?2 ORDER BY c.batch_id";
// One probe of the key per year (a loose index scan), not a scan of every value.
constexpr const char* kSelectFactYears =
    "WITH RECURSIVE y (year) AS (SELECT min(year) FROM facts_current"
    " UNION ALL SELECT (SELECT min(year) FROM facts_current WHERE year > y.year) FROM y"
    " WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL";

constexpr const char* kUpsertScorecard =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET"
    " rubric_hash = excluded.rubric_hash, result = excluded.result, computed_at = "
    "excluded.computed_at";
constexpr const char* kSelectScorecard =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, computed_at FROM scorecards"
    " WHERE unit_id = ?1 AND year = ?2 AND rubric_id = ?3";
constexpr const char* kSelectScorecards =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, computed_at FROM scorecards"
    " WHERE year = ?1 AND rubric_id = ?2 ORDER BY unit_id";

constexpr const char* kUpsertProgramme =
    "INSERT INTO programmes (id, content) VALUES (?1, ?2)"
    " ON CONFLICT (id) DO UPDATE SET content = excluded.content";
constexpr const char* kSelectProgramme = "SELECT id, content FROM programmes WHERE id = ?1";
constexpr const char* kSelectProgrammes = "SELECT id, content FROM programmes ORDER BY id";

constexpr const char* kUpsertRecognition =
    "INSERT INTO recognitions (programme_id, year, unit_id, decision, date)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (programme_id, year, unit_id) DO UPDATE SET"
    " decision = excluded.decision, date = excluded.date";
constexpr const char* kSelectRecognitions =
    "SELECT programme_id, unit_id, year, decision, date FROM recognitions"
    " WHERE programme_id = ?1 ORDER BY year, unit_id";

constexpr const char* kUpsertSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = ?1";

// The change feed: one row per word of a committed write transaction, written inside it; rows
// older than kChangeRowsKeptSeconds deleted now and then by writers.
constexpr const char* kInsertChange =
    "INSERT INTO change_feed (origin, what, at) VALUES (?1, ?2, unixepoch())";
constexpr const char* kPruneChanges = "DELETE FROM change_feed WHERE at < unixepoch() - ?1";
constexpr int64_t kChangeRowsKeptSeconds = 300;
// Writers delete old rows on the first write transaction and then every kPruneEvery-th.
constexpr int kPruneEvery = 100;
// The feed: the largest id ever given (AUTOINCREMENT keeps it in sqlite_sequence), and the rows
// after the last one read.

// The result code of a statement that StoreOptions::fail_before stopped: "unavailable".
constexpr int kInjectedCode = SQLITE_IOERR;

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

// Rows of one table inserted kRows at a time by one statement: one cursor for them all, so that
// rows in key order are appended without a descent from the root each, and SQLite's cost per
// statement paid once per kRows: a whole country's new values go in more than twice as fast. The
// rows left when the batch ends go one by one.
class RowInserter {
 public:
  static constexpr int kRows = 64;

  // A value to bind: an integer, a real, or NULL.
  struct Cell {
    enum class Type { kInt, kReal, kNull } type;
    int64_t integer = 0;
    double real = 0;
  };
  static Cell Int(int64_t value) { return Cell{Cell::Type::kInt, value, 0}; }
  static Cell Real(const std::optional<double>& value) {
    return value ? Cell{Cell::Type::kReal, 0, *value} : Cell{Cell::Type::kNull, 0, 0};
  }

  // `columns` values a row; `one` inserts one row, `many` kRows rows.
  RowInserter(int columns, sqlite3_stmt* one, sqlite3_stmt* many, Injector* injector)
      : columns_(columns), one_(one), many_(many), injector_(injector) {
    cells_.reserve(static_cast<size_t>(columns) * kRows);
  }

  // The SQL of a statement inserting `rows` rows: `head` ("INSERT … VALUES ") and the
  // placeholders.
  static std::string Sql(const char* head, int columns, int rows) {
    std::string row = "(";
    for (int c = 0; c < columns; ++c)
      row += c == 0 ? "?" : ",?";
    row += ")";
    std::string sql = head;
    for (int r = 0; r < rows; ++r) {
      if (r > 0) sql += ',';
      sql += row;
    }
    return sql;
  }

  // Adds a row (`columns` cells); inserts kRows rows when they are there. SQLite's result code.
  int Add(std::initializer_list<Cell> row) {
    cells_.insert(cells_.end(), row.begin(), row.end());
    if (cells_.size() < static_cast<size_t>(columns_) * kRows) return SQLITE_DONE;
    return Send(many_, 0, kRows);
  }

  // Inserts the rows left.
  int Flush() {
    const int rows = static_cast<int>(cells_.size()) / columns_;
    for (int r = 0; r < rows; ++r) {
      if (int rc = Send(one_, r, 1); rc != SQLITE_DONE) return rc;
    }
    cells_.clear();
    return SQLITE_DONE;
  }

 private:
  int Send(sqlite3_stmt* stmt, int first_row, int rows) {
    if (injector_->Fire(stmt)) return kInjectedCode;
    const size_t first = static_cast<size_t>(first_row) * static_cast<size_t>(columns_);
    const int count = rows * columns_;
    for (int i = 0; i < count; ++i) {
      const Cell& cell = cells_[first + static_cast<size_t>(i)];
      switch (cell.type) {
        case Cell::Type::kInt:
          sqlite3_bind_int64(stmt, i + 1, cell.integer);
          break;
        case Cell::Type::kReal:
          sqlite3_bind_double(stmt, i + 1, cell.real);
          break;
        case Cell::Type::kNull:
          sqlite3_bind_null(stmt, i + 1);
          break;
      }
    }
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE && rows == kRows) cells_.clear();
    sqlite3_reset(stmt);
    return rc;
  }

  int columns_;
  sqlite3_stmt* one_;
  sqlite3_stmt* many_;
  Injector* injector_;
  std::vector<Cell> cells_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, const StoreOptions& options) : db_(db), origin_(options.origin) {
    injector_.fail_before = options.fail_before;
  }
  ~SqliteStore() override {
    for (auto& [sql, stmt] : statements_)
      sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::optional<StoreError> Configure();
  std::optional<StoreError> Migrate(const StoreOptions& options);

  std::string_view Backend() const override { return "sqlite"; }
  int SchemaVersion() const override { return version_; }
  const std::vector<int>& MigrationsApplied() const override { return applied_; }

  StoreResult<int64_t> CreateUnit(const UnitRecord& unit) override {
    constexpr std::string_view kContext = "Thêm đơn vị (create unit)";
    return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
      auto use = Prepare(kInsertUnit, kContext);
      if (!use.ok()) return use.error();
      BindUnit(*use.value(), unit, 1);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
      return sqlite3_last_insert_rowid(db_);
    });
  }

  StoreResult<UnitRecord> GetUnit(int64_t id) override {
    return OneUnit(
        kSelectUnitById, [id](BoundStatement& use) { use.Bind(1, id); },
        "Đọc đơn vị (get unit) " + std::to_string(id));
  }

  StoreResult<UnitRecord> FindUnitByCode(std::string_view code) override {
    return OneUnit(
        kSelectUnitByCode, [code](BoundStatement& use) { use.Bind(1, code); },
        "Tìm đơn vị theo mã (find unit by code) '" + std::string(code) + "'");
  }

  StoreResult<std::vector<UnitRecord>> ListUnits() override {
    constexpr std::string_view kContext = "Liệt kê đơn vị (list units)";
    auto use = Prepare(kSelectUnits, kContext);
    if (!use.ok()) return use.error();
    std::vector<UnitRecord> units;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      units.push_back(ReadUnit(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return units;
  }

  StoreStatus UpdateUnit(const UnitRecord& unit) override {
    std::string context = "Sửa đơn vị (update unit) " + std::to_string(unit.id);
    return Write(context, kChangeUnits, [&]() -> StoreStatus {
      auto use = Prepare(kUpdateUnit, context);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, unit.id);
      BindUnit(*use.value(), unit, 2);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, context);
      if (sqlite3_changes(db_) == 0) return MakeError(StoreErrorKind::kNotFound, context);
      return Success{};
    });
  }

  StoreStatus DeleteUnit(int64_t id) override {
    std::string context = "Xoá đơn vị (delete unit) " + std::to_string(id);
    return Write(context, kChangeUnits, [&]() -> StoreStatus {
      auto use = Prepare(kDeleteUnit, context);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, id);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, context);
      if (sqlite3_changes(db_) == 0) return MakeError(StoreErrorKind::kNotFound, context);
      return Success{};
    });
  }

  StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) override {
    constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
    if (auto error = CheckUnitEvent(event)) return *error;
    return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
      auto use = Prepare(kInsertUnitEvent, kContext);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, event.date);
      use.value()->Bind(2, event.kind);
      use.value()->Bind(3, event.payload_json);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
      return sqlite3_last_insert_rowid(db_);
    });
  }

  StoreResult<std::vector<UnitEvent>> ListUnitEvents() override {
    constexpr std::string_view kContext = "Liệt kê sự kiện đơn vị (list unit events)";
    auto use = Prepare(kSelectUnitEvents, kContext);
    if (!use.ok()) return use.error();
    std::vector<UnitEvent> events;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      events.push_back(ReadUnitEvent(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
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

  // The single writer serialises: the rows are only checked (the unit exists) and made.
  StoreStatus LockUnitYears(std::span<const UnitYear> unit_years) override {
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

  StoreResult<std::vector<int64_t>> UnitYearVersions(
      std::span<const UnitYear> unit_years) override {
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

  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, const WriteActor& actor,
                                        Timestamp at) override;

  StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                               int year) override {
    std::string ids = "[";
    for (size_t i = 0; i < unit_ids.size(); ++i) {
      if (i > 0) ids += ',';
      ids += std::to_string(unit_ids[i]);
    }
    ids += ']';
    return SelectFacts(kSelectFactsOfUnits, year, ids);
  }

  StoreResult<std::vector<FactValue>> GetAllFacts(int year) override {
    return SelectFacts(kSelectAllFacts, year, std::nullopt);
  }

  StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id, std::string_view indicator,
                                                   int year) override {
    constexpr std::string_view kContext = "Đọc lịch sử số liệu (fact history)";
    auto use = Prepare(kSelectFactHistory, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, unit_id);
    use.value()->Bind(2, indicator);
    use.value()->Bind(3, int64_t{year});
    std::vector<FactChange> changes;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      changes.push_back(ReadFactChange(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return changes;
  }

  StoreResult<std::vector<int>> FactYears() override {
    constexpr std::string_view kContext = "Liệt kê năm có số liệu (fact years)";
    auto use = Prepare(kSelectFactYears, kContext);
    if (!use.ok()) return use.error();
    std::vector<int> years;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      years.push_back(static_cast<int>(use.value()->Int(0)));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return years;
  }

  StoreStatus PutScorecard(const ScorecardRecord& scorecard) override {
    constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecard)";
    return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
      auto use = Prepare(kUpsertScorecard, kContext);
      if (!use.ok()) return use.error();
      BindScorecard(*use.value(), scorecard);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
      return Success{};
    });
  }

  StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                            std::string_view rubric_id) override {
    std::string context = GetScorecardContext(unit_id, year, rubric_id);
    auto use = Prepare(kSelectScorecard, context);
    if (!use.ok()) return use.error();
    BoundStatement& u = *use.value();
    u.Bind(1, unit_id);
    u.Bind(2, int64_t{year});
    u.Bind(3, rubric_id);
    int rc = u.Step();
    if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
    if (rc != SQLITE_ROW) return Fail(rc, context);
    return ReadScorecard(u);
  }

  StoreResult<std::vector<ScorecardRecord>> ListScorecards(int year,
                                                           std::string_view rubric_id) override {
    constexpr std::string_view kContext = "Liệt kê phiếu điểm (list scorecards)";
    auto use = Prepare(kSelectScorecards, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, int64_t{year});
    use.value()->Bind(2, rubric_id);
    std::vector<ScorecardRecord> scorecards;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      scorecards.push_back(ReadScorecard(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
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

  // Upserts a checked batch of scorecards inside the caller's transaction.
  std::optional<StoreError> WriteScorecards(std::span<const ScorecardRecord> scorecards,
                                            std::string_view context) {
    if (scorecards.empty()) return std::nullopt;
    auto use = Prepare(kUpsertScorecard, context);
    if (!use.ok()) return use.error();
    for (const ScorecardRecord& scorecard : scorecards) {
      BindScorecard(*use.value(), scorecard);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) {
        return Fail(rc, std::string(context) + " — đơn vị (unit) " +
                            std::to_string(scorecard.unit_id) + ", năm (year) " +
                            std::to_string(scorecard.year) + ", bộ tiêu chí (rubric) '" +
                            scorecard.rubric_id + "'");
      }
      use.value()->Reset();
    }
    return std::nullopt;
  }

  StoreStatus PutProgramme(const ProgrammeRecord& programme) override {
    constexpr std::string_view kContext = "Lưu chương trình (put programme)";
    return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
      auto use = Prepare(kUpsertProgramme, kContext);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, programme.id);
      use.value()->Bind(2, programme.content_json);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
      return Success{};
    });
  }

  StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) override {
    std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
    auto use = Prepare(kSelectProgramme, context);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, id);
    int rc = use.value()->Step();
    if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
    if (rc != SQLITE_ROW) return Fail(rc, context);
    return ReadProgramme(*use.value());
  }

  StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() override {
    constexpr std::string_view kContext = "Liệt kê chương trình (list programmes)";
    auto use = Prepare(kSelectProgrammes, kContext);
    if (!use.ok()) return use.error();
    std::vector<ProgrammeRecord> programmes;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      programmes.push_back(ReadProgramme(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return programmes;
  }

  StoreStatus PutRecognition(const RecognitionRecord& recognition) override {
    constexpr std::string_view kContext = "Lưu công nhận (put recognition)";
    if (auto error = CheckRecognition(recognition)) return *error;
    return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
      auto use = Prepare(kUpsertRecognition, kContext);
      if (!use.ok()) return use.error();
      BoundStatement& u = *use.value();
      u.Bind(1, recognition.programme_id);
      u.Bind(2, int64_t{recognition.year});
      u.Bind(3, recognition.unit_id);
      u.Bind(4, recognition.decision);
      u.Bind(5, recognition.date);
      if (int rc = u.Step(); rc != SQLITE_DONE) {
        return Fail(rc, std::string(kContext) + " — đơn vị (unit) " +
                            std::to_string(recognition.unit_id) + ", năm (year) " +
                            std::to_string(recognition.year) + ", chương trình (programme) '" +
                            recognition.programme_id + "'");
      }
      return Success{};
    });
  }

  StoreResult<std::vector<RecognitionRecord>> ListRecognitions(
      std::string_view programme_id) override {
    constexpr std::string_view kContext = "Liệt kê công nhận (list recognitions)";
    auto use = Prepare(kSelectRecognitions, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, programme_id);
    std::vector<RecognitionRecord> recognitions;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW)
      recognitions.push_back(ReadRecognition(*use.value()));
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return recognitions;
  }

  StoreStatus PutSetting(std::string_view key, std::string_view value) override {
    constexpr std::string_view kContext = "Lưu thiết lập (put setting)";
    if (auto error = CheckSetting(key, value)) return *error;
    return Write(kContext, kChangeSettings, [&]() -> StoreStatus {
      auto use = Prepare(kUpsertSetting, kContext);
      if (!use.ok()) return use.error();
      use.value()->Bind(1, key);
      use.value()->Bind(2, value);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
      return Success{};
    });
  }

  StoreResult<std::optional<std::string>> GetSetting(std::string_view key) override {
    constexpr std::string_view kContext = "Đọc thiết lập (get setting)";
    auto use = Prepare(kSelectSetting, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, key);
    int rc = use.value()->Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return Fail(rc, kContext);
    return std::optional<std::string>(use.value()->Text(0));
  }

 private:
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

    // IMMEDIATE takes the write lock at once, waiting up to the busy timeout, so that two writers
    // never deadlock upgrading from a read.
    std::optional<StoreError> Begin(std::string_view context) {
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
    std::optional<StoreError> Commit(std::string_view context) {
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

   private:
    SqliteStore& store_;
    bool open_ = false;
    size_t mark_ = 0;
  };

  // Rolls back the innermost open transaction (not offered to the injector: it is the recovery).
  void RollBack(size_t mark) {
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
  std::optional<StoreError> RecordChanges(std::string_view context) {
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

  static std::string UnitYearLabel(const UnitYear& unit_year) {
    return " (đơn vị (unit) " + std::to_string(unit_year.unit_id) + ", năm (year) " +
           std::to_string(unit_year.year) + ")";
  }

  // sqlite3_exec of a statement without parameters, offered to the injector first.
  int Exec(const char* sql) {
    if (injector_.Fire(sql)) return kInjectedCode;
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  }

  // The words of the latest failure: an injected one's, or SQLite's (sqlite3_errmsg describes the
  // latest failure of this connection, which is the one being reported).
  std::string ErrorText() {
    if (injector_.injected) {
      injector_.injected = false;
      return kInjectedText;
    }
    return sqlite3_errmsg(db_);
  }

  StoreError Fail(int rc, std::string_view context) {
    return DriverError(SqliteErrorKind(rc), context, ErrorText());
  }
  // The cached statement for `sql` (keyed by the address of the constant).
  StoreResult<sqlite3_stmt*> Statement(const char* sql, std::string_view context) {
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
  StoreResult<std::unique_ptr<BoundStatement>> Prepare(const char* sql, std::string_view context) {
    auto stmt = Statement(sql, context);
    if (!stmt.ok()) return stmt.error();
    return std::make_unique<BoundStatement>(*stmt, &injector_);
  }

  // Fills in the ids of the batch's indicators, inserting the names some write gives a value to.
  std::optional<StoreError> LookUpIndicators(FactBatch& batch, std::string_view context) {
    auto select = Prepare(kSelectIndicator, context);
    if (!select.ok()) return select.error();
    auto insert = Prepare(kInsertIndicator, context);
    if (!insert.ok()) return insert.error();
    for (FactBatch::Name& name : batch.names()) {
      BoundStatement& read = *select.value();
      read.Bind(1, name.name);
      int rc = read.Step();
      if (rc == SQLITE_ROW) {
        name.id = read.Int(0);
      } else if (rc != SQLITE_DONE) {
        return Fail(rc, context);
      }
      read.Reset();
      if (name.id != 0 || !name.has_value) continue;
      BoundStatement& write = *insert.value();
      write.Bind(1, name.name);
      if (rc = write.Step(); rc != SQLITE_DONE) return Fail(rc, context);
      write.Reset();
      name.id = sqlite3_last_insert_rowid(db_);
    }
    return std::nullopt;
  }

  static void BindScorecard(BoundStatement& use, const ScorecardRecord& scorecard) {
    use.Bind(1, scorecard.unit_id);
    use.Bind(2, int64_t{scorecard.year});
    use.Bind(3, scorecard.rubric_id);
    use.Bind(4, scorecard.rubric_hash);
    use.Bind(5, scorecard.result_json);
    use.Bind(6, int64_t{scorecard.computed_at.time_since_epoch().count()});
  }

  static void BindUnit(BoundStatement& use, const UnitRecord& unit, int first) {
    use.Bind(first, unit.code);
    use.Bind(first + 1, unit.level);
    use.Bind(first + 2, unit.kind);
    use.Bind(first + 3, unit.name);
    use.Bind(first + 4, unit.population);
    use.Bind(first + 5, unit.area_m2);
  }

  template <typename BindFn>
  StoreResult<UnitRecord> OneUnit(const char* sql, BindFn bind, const std::string& context) {
    auto use = Prepare(sql, context);
    if (!use.ok()) return use.error();
    bind(*use.value());
    int rc = use.value()->Step();
    if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
    if (rc != SQLITE_ROW) return Fail(rc, context);
    return ReadUnit(*use.value());
  }

  StoreResult<std::vector<FactValue>> SelectFacts(const char* sql, int year,
                                                  const std::optional<std::string>& ids) {
    constexpr std::string_view kContext = "Đọc số liệu (get facts)";
    auto use = Prepare(sql, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, int64_t{year});
    if (ids) use.value()->Bind(2, *ids);
    std::vector<FactValue> facts;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW) {
      const BoundStatement& row = *use.value();
      facts.push_back(
          FactValue{row.Int(0), row.Text(1), static_cast<int>(row.Int(2)), row.Double(3)});
    }
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return facts;
  }

  sqlite3* db_;
  std::string origin_;
  Injector injector_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
  int version_ = 0;
  std::vector<int> applied_;
  int depth_ = 0;  // open transactions: 0 none, 1 BEGIN, more savepoints inside
  PendingChanges pending_;
  int64_t writes_since_prune_ = 0;
};

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
    if (auto error = transaction.Commit(kContext)) return error;
    applied_.push_back(next.version);
  }
}

StoreResult<PutFactsSummary> SqliteStore::PutFacts(std::span<const FactWrite> batch,
                                                   const WriteActor& actor, Timestamp at) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  auto checked = FactBatch::Check(batch, actor);
  if (!checked.ok()) return checked.error();
  PutFactsSummary summary;
  if (batch.empty()) return summary;
  // The SQL of the statements inserting rows, made once (the statement cache is keyed by address).
  static const std::string kInsertFact = RowInserter::Sql(kInsertFactColumns, 4, 1);
  static const std::string kInsertFacts =
      RowInserter::Sql(kInsertFactColumns, 4, RowInserter::kRows);
  static const std::string kInsertFactChange = RowInserter::Sql(kInsertFactChangeColumns, 6, 1);
  static const std::string kInsertFactChanges =
      RowInserter::Sql(kInsertFactChangeColumns, 6, RowInserter::kRows);
  sqlite3_stmt *unit_year, *select_old, *insert, *insert_many, *update, *erase, *insert_batch,
      *insert_change, *insert_changes;
  for (auto [sql, stmt] : {std::pair{kRaiseUnitYearVersion, &unit_year},
                           {kSelectOldFacts, &select_old},
                           {kInsertFact.c_str(), &insert},
                           {kInsertFacts.c_str(), &insert_many},
                           {kUpdateFact, &update},
                           {kDeleteFact, &erase},
                           {kInsertFactBatch, &insert_batch},
                           {kInsertFactChange.c_str(), &insert_change},
                           {kInsertFactChanges.c_str(), &insert_changes}}) {
    auto prepared = Statement(sql, kContext);
    if (!prepared.ok()) return prepared.error();
    *stmt = *prepared;
  }
  RowInserter new_values(4, insert, insert_many, &injector_);
  RowInserter history(6, insert_change, insert_changes, &injector_);
  // Steps a statement that returns no rows and makes it ready for the next bindings (the bindings
  // of the hot loop are all set again each time).
  auto run = [this](sqlite3_stmt* stmt) {
    int rc = injector_.Fire(stmt) ? kInjectedCode : sqlite3_step(stmt);
    if (rc != SQLITE_DONE) {
      std::string detail = ErrorText();
      sqlite3_reset(stmt);
      return std::optional<std::pair<int, std::string>>({rc, std::move(detail)});
    }
    sqlite3_reset(stmt);
    return std::optional<std::pair<int, std::string>>();
  };

  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  if (auto error = LookUpIndicators(*checked, kContext)) return *error;
  const std::vector<KeyedFactWrite> keyed = checked->TakeKeyed();
  summary.unchanged = static_cast<int64_t>(batch.size() - keyed.size());

  const std::string_view kind_key = ActorKindKey(actor.kind);
  const std::string_view channel_key = FactSourceKey(actor.channel);
  int64_t batch_id = 0;            // the fact_batches row, inserted with the first change
  std::vector<int> changed_years;  // ascending: the writes are ordered by year first
  std::vector<std::pair<int64_t, double>> old_values;
  for (size_t first = 0; first < keyed.size();) {
    // The writes of one year and unit: [first, last), by indicator id.
    const int64_t year = keyed[first].year;
    const int64_t unit_id = keyed[first].unit_id;
    size_t last = first;
    for (; last < keyed.size() && keyed[last].year == year && keyed[last].unit_id == unit_id;
         ++last) {
    }
    // SQLite's messages do not quote the values: the failure names the write.
    auto label = [&](std::string_view indicator = {}) {
      std::string text =
          " (đơn vị (unit) " + std::to_string(unit_id) + ", năm (year) " + std::to_string(year);
      if (!indicator.empty()) text += ", chỉ tiêu (indicator) '" + std::string(indicator) + "'";
      return text + ")";
    };
    // Their current values, read whole before any of them is written.
    old_values.clear();
    sqlite3_bind_int64(select_old, 1, year);
    sqlite3_bind_int64(select_old, 2, unit_id);
    sqlite3_bind_int64(select_old, 3, keyed[first].indicator_id);
    sqlite3_bind_int64(select_old, 4, keyed[last - 1].indicator_id);
    int rc = injector_.Fire(select_old) ? kInjectedCode : SQLITE_ROW;
    while (rc == SQLITE_ROW && (rc = sqlite3_step(select_old)) == SQLITE_ROW) {
      old_values.emplace_back(sqlite3_column_int64(select_old, 0),
                              sqlite3_column_double(select_old, 1));
    }
    if (rc != SQLITE_DONE) {
      StoreError error = Fail(rc, kContext);
      sqlite3_reset(select_old);
      return error;
    }
    sqlite3_reset(select_old);

    const int64_t changed_before = summary.changed;
    size_t next_old = 0;
    for (size_t k = first; k < last; ++k) {
      const KeyedFactWrite& write = keyed[k];
      while (next_old < old_values.size() && old_values[next_old].first < write.indicator_id) {
        ++next_old;
      }
      std::optional<double> old_value;
      if (next_old < old_values.size() && old_values[next_old].first == write.indicator_id) {
        old_value = old_values[next_old].second;
      }
      const std::optional<double>& value = write.write->value;
      if (old_value == value) {
        ++summary.unchanged;
        continue;
      }
      if (batch_id == 0) {
        sqlite3_bind_int64(insert_batch, 1, at.time_since_epoch().count());
        sqlite3_bind_text(insert_batch, 2, kind_key.data(), static_cast<int>(kind_key.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert_batch, 3, actor.user.data(), static_cast<int>(actor.user.size()),
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(insert_batch, 4, channel_key.data(), static_cast<int>(channel_key.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert_batch, 5, actor.address.data(),
                          static_cast<int>(actor.address.size()), SQLITE_TRANSIENT);
        if (auto failed = run(insert_batch)) {
          return DriverError(SqliteErrorKind(failed->first), kContext, failed->second);
        }
        batch_id = sqlite3_last_insert_rowid(db_);
      }
      int rc_new = SQLITE_DONE;
      if (!old_value) {
        rc_new = new_values.Add({RowInserter::Int(year), RowInserter::Int(unit_id),
                                 RowInserter::Int(write.indicator_id), RowInserter::Real(value)});
      } else {
        sqlite3_stmt* target = value ? update : erase;
        sqlite3_bind_int64(target, 1, year);
        sqlite3_bind_int64(target, 2, unit_id);
        sqlite3_bind_int64(target, 3, write.indicator_id);
        if (value) sqlite3_bind_double(target, 4, *value);
        if (auto failed = run(target)) {
          return DriverError(SqliteErrorKind(failed->first), kContext,
                             failed->second + label(write.write->indicator));
        }
      }
      if (rc_new == SQLITE_DONE) {
        rc_new = history.Add({RowInserter::Int(year), RowInserter::Int(unit_id),
                              RowInserter::Int(write.indicator_id), RowInserter::Int(batch_id),
                              RowInserter::Real(old_value), RowInserter::Real(value)});
      }
      // A row sent with others: the failure names the unit and year being written.
      if (rc_new != SQLITE_DONE) return Fail(rc_new, std::string(kContext) + label());
      ++summary.changed;
    }
    // A unit-year whose values changed: its row made (the foreign key to units checked here, once
    // per unit and year) or its version raised. One whose writes changed nothing has its row
    // already when they give values (the values are there).
    if (summary.changed != changed_before) {
      sqlite3_bind_int64(unit_year, 1, unit_id);
      sqlite3_bind_int64(unit_year, 2, year);
      if (auto failed = run(unit_year)) {
        return DriverError(SqliteErrorKind(failed->first), kContext, failed->second + label());
      }
      if (changed_years.empty() || changed_years.back() != year) {
        changed_years.push_back(static_cast<int>(year));
      }
    }
    first = last;
  }
  for (RowInserter* rows : {&new_values, &history}) {
    if (int rc = rows->Flush(); rc != SQLITE_DONE) return Fail(rc, kContext);
  }
  for (int year : changed_years)
    pending_.Add(FactsChange(year));
  if (auto error = transaction.Commit(kContext)) return *error;
  return summary;
}

}  // namespace

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
