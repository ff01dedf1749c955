// The PostgreSQL backend's units and their dated events: create, read, list, update, delete.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadUnit and ReadUnitEvent (backend.h) take them.
constexpr const char* kInsertUnit =
    "INSERT INTO units (code, level, kind, name, population, area_m2)"
    " VALUES ($1, $2, $3, $4, $5::bigint, $6::double precision) RETURNING id";
constexpr const char* kSelectUnitById =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE id = $1::bigint";
constexpr const char* kSelectUnitByCode =
    "SELECT id, code, level, kind, name, population, area_m2 FROM units WHERE code = $1"
    " ORDER BY id DESC LIMIT 1";
// Many units in two statements: ids drawn from the table's sequence, then one insert.
constexpr const char* kDrawUnitIds =
    "SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, $1::integer)";
constexpr const char* kInsertUnits =
    "INSERT INTO units (id, code, level, kind, name, population, area_m2)"
    " SELECT i, c, l, k, n, p, a FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],"
    " $5::text[], $6::bigint[], $7::double precision[]) AS s (i, c, l, k, n, p, a)";
// Many events in one statement, their ids rising in the order given.
constexpr const char* kInsertUnitEvents =
    "INSERT INTO unit_events (date, kind, payload)"
    " SELECT d, k, p::json FROM unnest($1::date[], $2::text[], $3::text[]) WITH ORDINALITY"
    " AS s (d, k, p, o) ORDER BY o";
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

}  // namespace

StoreResult<std::vector<int64_t>> PostgresStore::CreateUnits(std::span<const UnitRecord> units) {
  constexpr std::string_view kContext = "Thêm đơn vị (create units)";
  if (units.empty()) return std::vector<int64_t>{};
  return Write(kContext, kChangeUnits, [&]() -> StoreResult<std::vector<int64_t>> {
    auto drawn = Exec(kDrawUnitIds, {Number(static_cast<int64_t>(units.size()))}, kContext);
    if (!drawn.ok()) return drawn.error();
    std::vector<int64_t> ids;
    for (int row = 0; row < PQntuples(drawn->get()); ++row)
      ids.push_back(Int(drawn->get(), row, 0));
    std::sort(ids.begin(), ids.end());
    ArrayLiteral id_list, codes, levels, kinds, names, populations, areas;
    for (size_t i = 0; i < units.size(); ++i) {
      const UnitRecord& unit = units[i];
      id_list.Add(ids[i]);
      codes.Add(unit.code);
      levels.Add(unit.level);
      kinds.Add(unit.kind);
      names.Add(unit.name);
      if (unit.population) {
        populations.Add(*unit.population);
      } else {
        populations.AddNull();
      }
      if (unit.area_m2) {
        areas.Add(fmt::format("{}", *unit.area_m2));
      } else {
        areas.AddNull();
      }
    }
    auto inserted = Exec(kInsertUnits,
                         {id_list.Take(), codes.Take(), levels.Take(), kinds.Take(), names.Take(),
                          populations.Take(), areas.Take()},
                         kContext);
    if (!inserted.ok()) return inserted.error();
    return ids;
  });
}

StoreStatus PostgresStore::AddUnitEvents(std::span<const UnitEvent> events) {
  constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit events)";
  for (const UnitEvent& event : events) {
    if (auto error = CheckUnitEvent(event)) return *error;
  }
  if (events.empty()) return Success{};
  return Write(kContext, kChangeUnits, [&]() -> StoreStatus {
    ArrayLiteral dates, kinds, payloads;
    for (const UnitEvent& event : events) {
      dates.Add(event.date);
      kinds.Add(event.kind);
      payloads.Add(event.payload_json);
    }
    auto inserted =
        Exec(kInsertUnitEvents, {dates.Take(), kinds.Take(), payloads.Take()}, kContext);
    if (!inserted.ok()) return inserted.error();
    return Success{};
  });
}

StoreResult<int64_t> PostgresStore::CreateUnit(const UnitRecord& unit) {
  constexpr std::string_view kContext = "Thêm đơn vị (create unit)";
  return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
    auto result = Exec(kInsertUnit, UnitParams(unit), kContext);
    if (!result.ok()) return result.error();
    return Int(result->get(), 0, 0);
  });
}

StoreResult<UnitRecord> PostgresStore::GetUnit(int64_t id) {
  return OneUnit(kSelectUnitById, {Number(id)}, "Đọc đơn vị (get unit) " + std::to_string(id));
}

StoreResult<UnitRecord> PostgresStore::FindUnitByCode(std::string_view code) {
  return OneUnit(kSelectUnitByCode, {Text(code)},
                 "Tìm đơn vị theo mã (find unit by code) '" + std::string(code) + "'");
}

StoreResult<std::vector<UnitRecord>> PostgresStore::ListUnits() {
  auto result = Exec(kSelectUnits, {}, "Liệt kê đơn vị (list units)");
  if (!result.ok()) return result.error();
  std::vector<UnitRecord> units;
  for (int row = 0; row < PQntuples(result->get()); ++row) {
    units.push_back(ReadUnit(PgRow{result->get(), row}));
  }
  return units;
}

StoreStatus PostgresStore::UpdateUnit(const UnitRecord& unit) {
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

StoreStatus PostgresStore::DeleteUnit(int64_t id) {
  std::string context = "Xoá đơn vị (delete unit) " + std::to_string(id);
  return Write(context, kChangeUnits, [&]() -> StoreStatus {
    auto result = Exec(kDeleteUnit, {Number(id)}, context);
    if (!result.ok()) return result.error();
    if (Affected(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
    return Success{};
  });
}

StoreResult<int64_t> PostgresStore::AddUnitEvent(const UnitEvent& event) {
  constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
  if (auto error = CheckUnitEvent(event)) return *error;
  return Write(kContext, kChangeUnits, [&]() -> StoreResult<int64_t> {
    auto result = Exec(kInsertUnitEvent,
                       {Text(event.date), Text(event.kind), Text(event.payload_json)}, kContext);
    if (!result.ok()) return result.error();
    return Int(result->get(), 0, 0);
  });
}

StoreResult<std::vector<UnitEvent>> PostgresStore::ListUnitEvents() {
  auto result = Exec(kSelectUnitEvents, {}, "Liệt kê sự kiện đơn vị (list unit events)");
  if (!result.ok()) return result.error();
  std::vector<UnitEvent> events;
  PGresult* r = result->get();
  for (int row = 0; row < PQntuples(r); ++row)
    events.push_back(ReadUnitEvent(PgRow{r, row}));
  return events;
}

std::vector<Param> PostgresStore::UnitParams(const UnitRecord& unit) {
  return {Text(unit.code), Text(unit.level),        Text(unit.kind),
          Text(unit.name), Number(unit.population), Number(unit.area_m2)};
}

StoreResult<UnitRecord> PostgresStore::OneUnit(const char* sql, const std::vector<Param>& params,
                                               const std::string& context) {
  auto result = Exec(sql, params, context);
  if (!result.ok()) return result.error();
  if (PQntuples(result->get()) == 0) return MakeError(StoreErrorKind::kNotFound, context);
  return ReadUnit(PgRow{result->get(), 0});
}

}  // namespace kieumau::store_internal
