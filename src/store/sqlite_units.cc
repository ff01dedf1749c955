// The SQLite backend's units and their dated events: create, read, list, update, delete.
#include <sqlite3.h>

#include <string>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadUnit and ReadUnitEvent (backend.h) take them.
constexpr const char* kInsertUnit =
    "INSERT INTO units (code, level, kind, name, population, area_m2) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6)";
constexpr const char* kSelectUnitById =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE id = ?1";
constexpr const char* kSelectUnitByCode =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE code = ?1"
    " ORDER BY id DESC LIMIT 1";
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

}  // namespace

StoreResult<int64_t> SqliteStore::CreateUnit(const UnitRecord& unit) {
  StoreResult<std::vector<int64_t>> ids = CreateUnits(std::span(&unit, 1));
  if (!ids) return ids.error();
  return ids->front();
}

StoreResult<std::vector<int64_t>> SqliteStore::CreateUnits(std::span<const UnitRecord> units) {
  constexpr std::string_view kContext = "Thêm đơn vị (create units)";
  return Write(kContext, kChangeUnits, [&]() -> StoreResult<std::vector<int64_t>> {
    auto use = Prepare(kInsertUnit, kContext);
    if (!use.ok()) return use.error();
    std::vector<int64_t> ids;
    ids.reserve(units.size());
    for (const UnitRecord& unit : units) {
      use.value()->Reset();
      BindUnit(*use.value(), unit, 1);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) {
        return Fail(rc, std::string(kContext) + " " + unit.code);
      }
      ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    return ids;
  });
}

StoreResult<UnitRecord> SqliteStore::GetUnit(int64_t id) {
  return OneUnit(
      kSelectUnitById, [id](BoundStatement& use) { use.Bind(1, id); },
      "Đọc đơn vị (get unit) " + std::to_string(id));
}

StoreResult<UnitRecord> SqliteStore::FindUnitByCode(std::string_view code) {
  return OneUnit(
      kSelectUnitByCode, [code](BoundStatement& use) { use.Bind(1, code); },
      "Tìm đơn vị theo mã (find unit by code) '" + std::string(code) + "'");
}

StoreResult<std::vector<UnitRecord>> SqliteStore::ListUnits() {
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

StoreStatus SqliteStore::UpdateUnit(const UnitRecord& unit) {
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

StoreStatus SqliteStore::DeleteUnit(int64_t id) {
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

StoreResult<int64_t> SqliteStore::AddUnitEvent(const UnitEvent& event) {
  if (StoreStatus added = AddUnitEvents(std::span(&event, 1)); !added) return added.error();
  return sqlite3_last_insert_rowid(db_);
}

StoreStatus SqliteStore::AddUnitEvents(std::span<const UnitEvent> events) {
  constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit events)";
  for (const UnitEvent& event : events) {
    if (auto error = CheckUnitEvent(event)) return *error;
  }
  return Write(kContext, kChangeUnits, [&]() -> StoreStatus {
    auto use = Prepare(kInsertUnitEvent, kContext);
    if (!use.ok()) return use.error();
    for (const UnitEvent& event : events) {
      use.value()->Reset();
      use.value()->Bind(1, event.date);
      use.value()->Bind(2, event.kind);
      use.value()->Bind(3, event.payload_json);
      if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    }
    return Success{};
  });
}

StoreResult<std::vector<UnitEvent>> SqliteStore::ListUnitEvents() {
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

void SqliteStore::BindUnit(BoundStatement& use, const UnitRecord& unit, int first) {
  use.Bind(first, unit.code);
  use.Bind(first + 1, unit.level);
  use.Bind(first + 2, unit.kind);
  use.Bind(first + 3, unit.name);
  use.Bind(first + 4, unit.population);
  use.Bind(first + 5, unit.area_m2);
}

template <typename BindFn>
StoreResult<UnitRecord> SqliteStore::OneUnit(const char* sql, BindFn bind,
                                             const std::string& context) {
  auto use = Prepare(sql, context);
  if (!use.ok()) return use.error();
  bind(*use.value());
  int rc = use.value()->Step();
  if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
  if (rc != SQLITE_ROW) return Fail(rc, context);
  return ReadUnit(*use.value());
}

}  // namespace kieumau::store_internal
