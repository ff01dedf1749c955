// The PostgreSQL backend's facts: a batch written (PutFacts: its unit-years locked, its writes sent
// by COPY into a temporary table, then one set-based statement), current values read, one fact's
// history, the years that have values.
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

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
// Columns in the order ReadFactChange (backend.h) takes them.
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

void AppendInt(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace

StoreResult<std::vector<FactValue>> PostgresStore::GetFacts(std::span<const int64_t> unit_ids,
                                                            int year) {
  std::string ids = "{";
  for (size_t i = 0; i < unit_ids.size(); ++i) {
    if (i > 0) ids += ',';
    ids += std::to_string(unit_ids[i]);
  }
  ids += '}';
  return SelectFacts(kSelectFactsOfUnits, year, {Number(year), ids});
}

StoreResult<std::vector<FactValue>> PostgresStore::GetAllFacts(int year) {
  return SelectFacts(kSelectAllFacts, year, {Number(year)});
}

StoreResult<std::vector<FactChange>> PostgresStore::FactHistory(int64_t unit_id,
                                                                std::string_view indicator,
                                                                int year) {
  auto result = Exec(kSelectFactHistory, {Number(unit_id), Text(indicator), Number(year)},
                     "Đọc lịch sử số liệu (fact history)");
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<FactChange> changes;
  for (int row = 0; row < PQntuples(r); ++row)
    changes.push_back(ReadFactChange(PgRow{r, row}));
  return changes;
}

StoreResult<std::vector<int>> PostgresStore::FactYears() {
  auto result = Exec(kSelectFactYears, {}, "Liệt kê năm có số liệu (fact years)");
  if (!result.ok()) return result.error();
  std::vector<int> years;
  for (int row = 0; row < PQntuples(result->get()); ++row) {
    years.push_back(static_cast<int>(Int(result->get(), row, 0)));
  }
  return years;
}

// Values read in the order of the key (unit, indicator id), then ordered by unit and name.
StoreResult<std::vector<FactValue>> PostgresStore::SelectFacts(const char* sql, int year,
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

}  // namespace kieumau::store_internal
