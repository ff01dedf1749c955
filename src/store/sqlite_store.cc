// The SQLite backend: one connection (WAL, foreign keys on, busy timeout), prepared statements
// cached per connection, every write in one BEGIN IMMEDIATE transaction. All of its SQL is in this
// file and sqlite_schema.cc.
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "store/backend.h"

namespace kieumau::store_internal {

namespace {

constexpr int kBusyTimeoutMs = 5000;

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

constexpr const char* kSelectFact =
    "SELECT value FROM facts_current WHERE unit_id = ?1 AND indicator = ?2 AND year = ?3";
constexpr const char* kUpsertFact =
    "INSERT INTO facts_current (unit_id, indicator, year, value) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (unit_id, indicator, year) DO UPDATE SET value = excluded.value";
constexpr const char* kDeleteFact =
    "DELETE FROM facts_current WHERE unit_id = ?1 AND indicator = ?2 AND year = ?3";
constexpr const char* kInsertFactChange =
    "INSERT INTO fact_changes (unit_id, indicator, year, old_value, new_value, who, at, source)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kSelectFactsOfUnits =
    "SELECT unit_id, indicator, year, value FROM facts_current"
    " WHERE year = ?1 AND unit_id IN (SELECT value FROM json_each(?2)) ORDER BY unit_id, indicator";
constexpr const char* kSelectAllFacts =
    "SELECT unit_id, indicator, year, value FROM facts_current WHERE year = ?1"
    " ORDER BY unit_id, indicator";
constexpr const char* kSelectFactHistory =
    "SELECT unit_id, indicator, year, old_value, new_value, who, at, source FROM fact_changes"
    " WHERE unit_id = ?1 AND indicator = ?2 AND year = ?3 ORDER BY id";

constexpr const char* kUpsertScorecard =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET"
    " rubric_hash = excluded.rubric_hash, result = excluded.result, computed_at = "
    "excluded.computed_at";
constexpr const char* kSelectScorecard =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, computed_at FROM scorecards"
    " WHERE unit_id = ?1 AND year = ?2 AND rubric_id = ?3";

constexpr const char* kUpsertProgramme =
    "INSERT INTO programmes (id, content) VALUES (?1, ?2)"
    " ON CONFLICT (id) DO UPDATE SET content = excluded.content";
constexpr const char* kSelectProgramme = "SELECT id, content FROM programmes WHERE id = ?1";
constexpr const char* kSelectProgrammes = "SELECT id, content FROM programmes ORDER BY id";

// SQLite's result codes in the vocabulary PostgreSQL uses (extended codes are on).
StoreErrorKind KindOf(int code) {
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

// A prepared statement in use: bound on construction by the caller, reset (and its bindings
// cleared) when done.
class Use {
 public:
  explicit Use(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Use() { Reset(); }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

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
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }

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
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
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
    auto use = Prepare(kInsertUnit, kContext);
    if (!use.ok()) return use.error();
    BindUnit(*use.value(), unit, 1);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    return sqlite3_last_insert_rowid(db_);
  }

  StoreResult<UnitRecord> GetUnit(int64_t id) override {
    return OneUnit(
        kSelectUnitById, [id](Use& use) { use.Bind(1, id); },
        "Đọc đơn vị (get unit) " + std::to_string(id));
  }

  StoreResult<UnitRecord> FindUnitByCode(std::string_view code) override {
    return OneUnit(
        kSelectUnitByCode, [code](Use& use) { use.Bind(1, code); },
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
    auto use = Prepare(kUpdateUnit, context);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, unit.id);
    BindUnit(*use.value(), unit, 2);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, context);
    if (sqlite3_changes(db_) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return Done{};
  }

  StoreStatus DeleteUnit(int64_t id) override {
    std::string context = "Xoá đơn vị (delete unit) " + std::to_string(id);
    auto use = Prepare(kDeleteUnit, context);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, id);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, context);
    if (sqlite3_changes(db_) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return Done{};
  }

  StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) override {
    constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
    if (auto error = CheckUnitEvent(event)) return *error;
    auto use = Prepare(kInsertUnitEvent, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, event.date);
    use.value()->Bind(2, event.kind);
    use.value()->Bind(3, event.payload_json);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    return sqlite3_last_insert_rowid(db_);
  }

  StoreResult<std::vector<UnitEvent>> ListUnitEvents() override {
    constexpr std::string_view kContext = "Liệt kê sự kiện đơn vị (list unit events)";
    auto use = Prepare(kSelectUnitEvents, kContext);
    if (!use.ok()) return use.error();
    std::vector<UnitEvent> events;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW) {
      const Use& row = *use.value();
      events.push_back(UnitEvent{row.Int(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return events;
  }

  StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch, std::string_view who,
                                        FactSource source, Timestamp at) override;

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
    while ((rc = use.value()->Step()) == SQLITE_ROW) {
      const Use& row = *use.value();
      FactChange change;
      change.unit_id = row.Int(0);
      change.indicator = row.Text(1);
      change.year = static_cast<int>(row.Int(2));
      change.old_value = row.OptDouble(3);
      change.new_value = row.OptDouble(4);
      change.who = row.Text(5);
      change.at = Timestamp(std::chrono::seconds(row.Int(6)));
      change.source = ParseFactSource(row.Text(7)).value_or(FactSource::kForm);
      changes.push_back(std::move(change));
    }
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return changes;
  }

  StoreStatus PutScorecard(const ScorecardRecord& scorecard) override {
    constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecard)";
    auto use = Prepare(kUpsertScorecard, kContext);
    if (!use.ok()) return use.error();
    Use& u = *use.value();
    u.Bind(1, scorecard.unit_id);
    u.Bind(2, int64_t{scorecard.year});
    u.Bind(3, scorecard.rubric_id);
    u.Bind(4, scorecard.rubric_hash);
    u.Bind(5, scorecard.result_json);
    u.Bind(6, int64_t{scorecard.computed_at.time_since_epoch().count()});
    if (int rc = u.Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    return Done{};
  }

  StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                            std::string_view rubric_id) override {
    std::string context = "Đọc phiếu điểm (get scorecard) của đơn vị (unit) " +
                          std::to_string(unit_id) + ", năm (year) " + std::to_string(year) +
                          ", bộ tiêu chí (rubric) '" + std::string(rubric_id) + "'";
    auto use = Prepare(kSelectScorecard, context);
    if (!use.ok()) return use.error();
    Use& u = *use.value();
    u.Bind(1, unit_id);
    u.Bind(2, int64_t{year});
    u.Bind(3, rubric_id);
    int rc = u.Step();
    if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
    if (rc != SQLITE_ROW) return Fail(rc, context);
    return ScorecardRecord{u.Int(0),  static_cast<int>(u.Int(1)),
                           u.Text(2), u.Text(3),
                           u.Text(4), Timestamp(std::chrono::seconds(u.Int(5)))};
  }

  StoreStatus PutProgramme(const ProgrammeRecord& programme) override {
    constexpr std::string_view kContext = "Lưu chương trình (put programme)";
    auto use = Prepare(kUpsertProgramme, kContext);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, programme.id);
    use.value()->Bind(2, programme.content_json);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    return Done{};
  }

  StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) override {
    std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
    auto use = Prepare(kSelectProgramme, context);
    if (!use.ok()) return use.error();
    use.value()->Bind(1, id);
    int rc = use.value()->Step();
    if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
    if (rc != SQLITE_ROW) return Fail(rc, context);
    return ProgrammeRecord{use.value()->Text(0), use.value()->Text(1)};
  }

  StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() override {
    constexpr std::string_view kContext = "Liệt kê chương trình (list programmes)";
    auto use = Prepare(kSelectProgrammes, kContext);
    if (!use.ok()) return use.error();
    std::vector<ProgrammeRecord> programmes;
    int rc;
    while ((rc = use.value()->Step()) == SQLITE_ROW) {
      programmes.push_back(ProgrammeRecord{use.value()->Text(0), use.value()->Text(1)});
    }
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return programmes;
  }

 private:
  // A transaction that rolls back unless committed.
  class Transaction {
   public:
    explicit Transaction(SqliteStore& store) : store_(store) {}
    ~Transaction() {
      if (open_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // IMMEDIATE takes the write lock at once, waiting up to the busy timeout, so that two writers
    // never deadlock upgrading from a read.
    std::optional<StoreError> Begin(std::string_view context) {
      if (int rc = sqlite3_exec(store_.db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
          rc != SQLITE_OK) {
        return store_.Fail(rc, context);
      }
      open_ = true;
      return std::nullopt;
    }
    std::optional<StoreError> Commit(std::string_view context) {
      if (int rc = sqlite3_exec(store_.db_, "COMMIT", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
        return store_.Fail(rc, context);
      }
      open_ = false;
      return std::nullopt;
    }

   private:
    SqliteStore& store_;
    bool open_ = false;
  };

  StoreError Fail(int rc, std::string_view context) const {
    // sqlite3_errmsg describes the latest failure of this connection, which is the one being
    // reported.
    std::string detail = sqlite3_errmsg(db_);
    return MakeError(KindOf(rc), context, detail);
  }
  // The failure of one write of a batch, naming it (SQLite's messages do not quote the values).
  StoreError Fail(int rc, std::string_view context, const FactWrite& write) const {
    std::string detail = sqlite3_errmsg(db_);
    detail += " (đơn vị (unit) " + std::to_string(write.unit_id) + ", chỉ tiêu (indicator) '" +
              write.indicator + "', năm (year) " + std::to_string(write.year) + ")";
    return MakeError(KindOf(rc), context, detail);
  }

  // The cached statement for `sql` (keyed by the address of the constant), ready to bind.
  StoreResult<std::unique_ptr<Use>> Prepare(const char* sql, std::string_view context) {
    sqlite3_stmt*& stmt = statements_[sql];
    if (stmt == nullptr) {
      if (int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
          rc != SQLITE_OK) {
        StoreError error = Fail(rc, context);
        statements_.erase(sql);
        return error;
      }
    }
    return std::make_unique<Use>(stmt);
  }

  static void BindUnit(Use& use, const UnitRecord& unit, int first) {
    use.Bind(first, unit.code);
    use.Bind(first + 1, unit.level);
    use.Bind(first + 2, unit.kind);
    use.Bind(first + 3, unit.name);
    use.Bind(first + 4, unit.population);
    use.Bind(first + 5, unit.area_m2);
  }

  static UnitRecord ReadUnit(const Use& row) {
    return UnitRecord{row.Int(0),  row.Text(1),   row.Text(2),     row.Text(3),
                      row.Text(4), row.OptInt(5), row.OptDouble(6)};
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
      const Use& row = *use.value();
      facts.push_back(
          FactValue{row.Int(0), row.Text(1), static_cast<int>(row.Int(2)), row.Double(3)});
    }
    if (rc != SQLITE_DONE) return Fail(rc, kContext);
    return facts;
  }

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
  int version_ = 0;
  std::vector<int> applied_;
};

std::optional<StoreError> SqliteStore::Configure() {
  constexpr std::string_view kContext = "Mở cơ sở dữ liệu SQLite (open SQLite store)";
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // WAL lets readers go on while one writer writes; NORMAL synchronous is durable across
  // application crashes and consistent across power loss in WAL mode.
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
    if (int rc = sqlite3_exec(db_, pragma, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
      return Fail(rc, kContext);
    }
  }
  return std::nullopt;
}

std::optional<StoreError> SqliteStore::Migrate(const StoreOptions& options) {
  constexpr std::string_view kContext = "Cập nhật lược đồ (migrate schema)";
  std::span<const Migration> migrations = SqliteMigrations();
  const int target = TargetVersion(migrations, options);
  if (int rc = sqlite3_exec(db_, kCreateVersionTable, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    return Fail(rc, kContext);
  }
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
    if (int rc = sqlite3_exec(db_, next.sql, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
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
                                                   std::string_view who, FactSource source,
                                                   Timestamp at) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  if (auto error = CheckFactBatch(batch, who)) return *error;
  auto select = Prepare(kSelectFact, kContext);
  auto upsert = Prepare(kUpsertFact, kContext);
  auto erase = Prepare(kDeleteFact, kContext);
  auto change = Prepare(kInsertFactChange, kContext);
  for (auto* use : {&select, &upsert, &erase, &change}) {
    if (!use->ok()) return use->error();
  }
  Transaction transaction(*this);
  if (auto error = transaction.Begin(kContext)) return *error;
  PutFactsSummary summary;
  const std::string_view source_key = FactSourceKey(source);
  const int64_t at_seconds = at.time_since_epoch().count();
  for (const FactWrite& write : batch) {
    std::optional<double> old_value;
    Use& read = *select.value();
    read.Bind(1, write.unit_id);
    read.Bind(2, write.indicator);
    read.Bind(3, int64_t{write.year});
    int rc = read.Step();
    if (rc == SQLITE_ROW) {
      old_value = read.Double(0);
    } else if (rc != SQLITE_DONE) {
      return Fail(rc, kContext);
    }
    read.Reset();
    if (old_value == write.value) {
      ++summary.unchanged;
      continue;
    }
    Use& target = write.value ? *upsert.value() : *erase.value();
    target.Bind(1, write.unit_id);
    target.Bind(2, write.indicator);
    target.Bind(3, int64_t{write.year});
    if (write.value) target.Bind(4, write.value);
    if (rc = target.Step(); rc != SQLITE_DONE) return Fail(rc, kContext, write);
    target.Reset();
    Use& history = *change.value();
    history.Bind(1, write.unit_id);
    history.Bind(2, write.indicator);
    history.Bind(3, int64_t{write.year});
    history.Bind(4, old_value);
    history.Bind(5, write.value);
    history.Bind(6, who);
    history.Bind(7, at_seconds);
    history.Bind(8, source_key);
    if (rc = history.Step(); rc != SQLITE_DONE) return Fail(rc, kContext, write);
    history.Reset();
    ++summary.changed;
  }
  if (auto error = transaction.Commit(kContext)) return *error;
  return summary;
}

}  // namespace

StoreResult<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                    const StoreOptions& options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return MakeError(StoreErrorKind::kUnavailable,
                     "Mở tệp SQLite (open SQLite file) '" + path + "'", detail);
  }
  auto store = std::make_unique<SqliteStore>(db);
  if (auto error = store->Configure()) return *error;
  if (auto error = store->Migrate(options)) return *error;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kieumau::store_internal
