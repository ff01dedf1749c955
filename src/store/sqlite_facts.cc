// The SQLite backend's facts: a batch written (PutFacts: per unit and year, the current values read
// once and the changes inserted many rows per statement), current values read, one fact's history,
// the years that have values.
#include <sqlite3.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

constexpr const char* kSelectIndicator = "SELECT id FROM indicators WHERE name = ?1";
constexpr const char* kInsertIndicator = "INSERT INTO indicators (name) VALUES (?1)";
// Once per unit and year whose values a batch changes: the row made (the foreign key to units
// checked), or its version raised.
constexpr const char* kRaiseUnitYearVersion =
    "INSERT INTO fact_unit_years (unit_id, year, version) VALUES (?1, ?2, 1)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET version = version + 1";
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
// Columns in the order ReadFactChange (backend.h) takes them.
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

}  // namespace

StoreResult<std::vector<FactValue>> SqliteStore::GetFacts(std::span<const int64_t> unit_ids,
                                                          int year) {
  std::string ids = "[";
  for (size_t i = 0; i < unit_ids.size(); ++i) {
    if (i > 0) ids += ',';
    ids += std::to_string(unit_ids[i]);
  }
  ids += ']';
  return SelectFacts(kSelectFactsOfUnits, year, ids);
}

StoreResult<std::vector<FactValue>> SqliteStore::GetAllFacts(int year) {
  return SelectFacts(kSelectAllFacts, year, std::nullopt);
}

StoreResult<std::vector<FactChange>> SqliteStore::FactHistory(int64_t unit_id,
                                                              std::string_view indicator,
                                                              int year) {
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

StoreResult<std::vector<int>> SqliteStore::FactYears() {
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

// Fills in the ids of the batch's indicators, inserting the names some write gives a value to.
std::optional<StoreError> SqliteStore::LookUpIndicators(FactBatch& batch,
                                                        std::string_view context) {
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

StoreResult<std::vector<FactValue>> SqliteStore::SelectFacts(
    const char* sql, int year, const std::optional<std::string>& ids) {
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

}  // namespace kieumau::store_internal
