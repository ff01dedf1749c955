// The SQLite schema, as numbered migrations applied in order at open (see sqlite_store.cc). Never
// edit a migration that has shipped: add the next one.
#include "store/backend.h"

namespace kieumau::store_internal {

namespace {

// 1: units and their dated events.
constexpr const char* kV1 = R"sql(
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'phuong', 'xa', 'thi_tran', 'dac_khu')),
  name TEXT NOT NULL CHECK (name <> ''),
  population INTEGER CHECK (population >= 0),
  area_m2 REAL CHECK (area_m2 >= 0),
  CHECK ((level = 'commune') = (kind <> ''))
) STRICT;

CREATE TABLE unit_events (
  id INTEGER PRIMARY KEY,
  date TEXT NOT NULL CHECK (date = strftime('%Y-%m-%d', date)),
  kind TEXT NOT NULL CHECK (kind <> ''),
  payload TEXT NOT NULL CHECK (json_valid(payload))
) STRICT;
CREATE INDEX unit_events_by_date ON unit_events (date, id);
)sql";

// 2: facts (current values and every change), scorecards, programmes.
constexpr const char* kV2 = R"sql(
CREATE TABLE facts_current (
  unit_id INTEGER NOT NULL REFERENCES units (id),
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  year INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (unit_id, indicator, year)
) STRICT, WITHOUT ROWID;
CREATE INDEX facts_current_by_year ON facts_current (year, unit_id);

CREATE TABLE fact_changes (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  year INTEGER NOT NULL,
  old_value REAL,
  new_value REAL,
  who TEXT NOT NULL CHECK (who <> ''),
  at INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('form', 'import', 'api')),
  CHECK (old_value IS NOT NULL OR new_value IS NOT NULL)
) STRICT;
CREATE INDEX fact_changes_by_fact ON fact_changes (unit_id, indicator, year, id);

CREATE TABLE scorecards (
  unit_id INTEGER NOT NULL REFERENCES units (id),
  year INTEGER NOT NULL,
  rubric_id TEXT NOT NULL CHECK (rubric_id <> ''),
  rubric_hash TEXT NOT NULL CHECK (rubric_hash <> ''),
  result TEXT NOT NULL CHECK (json_valid(result)),
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, year, rubric_id)
) STRICT;

CREATE TABLE programmes (
  id TEXT PRIMARY KEY CHECK (id <> ''),
  content TEXT NOT NULL CHECK (json_valid(content))
) STRICT;
)sql";

constexpr Migration kMigrations[] = {{1, kV1}, {2, kV2}};

}  // namespace

std::span<const Migration> SqliteMigrations() {
  return kMigrations;
}

}  // namespace kieumau::store_internal
