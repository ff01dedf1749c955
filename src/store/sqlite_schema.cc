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
//
// Facts are keyed by (year, unit, indicator), the indicator by a small integer (`indicators`), so
// that a year's values are one range of one table. A change refers to the batch that made it
// (`fact_batches`: who, when, how), and is keyed by its fact then its batch, so the history of one
// fact is one range too. Facts refer to units through `fact_unit_years` (the unit–year pairs that
// have or had facts, written once per pair by PutFacts): the foreign key is checked once per unit
// and year of a batch instead of once per value, and a unit with facts or history cannot be
// deleted. `indicator_id` and `batch_id` are written only by PutFacts, from rows it has just read
// or inserted; neither table is ever deleted from.
constexpr const char* kV2 = R"sql(
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> '')
) STRICT;

CREATE TABLE fact_unit_years (
  unit_id INTEGER NOT NULL REFERENCES units (id),
  year INTEGER NOT NULL,
  PRIMARY KEY (unit_id, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE facts_current (
  year INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (year, unit_id, indicator_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE fact_batches (
  id INTEGER PRIMARY KEY,
  who TEXT NOT NULL CHECK (who <> ''),
  at INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('form', 'import', 'api'))
) STRICT;

CREATE TABLE fact_changes (
  year INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  batch_id INTEGER NOT NULL,
  old_value REAL,
  new_value REAL,
  CHECK (old_value IS NOT NULL OR new_value IS NOT NULL),
  PRIMARY KEY (year, unit_id, indicator_id, batch_id)
) STRICT, WITHOUT ROWID;

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

// 3: scorecards listed by year and criteria set, settings, recognitions of model units.
constexpr const char* kV3 = R"sql(
CREATE INDEX scorecards_by_year_rubric ON scorecards (year, rubric_id, unit_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (key <> ''),
  value TEXT NOT NULL
) STRICT;

CREATE TABLE recognitions (
  programme_id TEXT NOT NULL CHECK (programme_id <> ''),
  year INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  decision TEXT NOT NULL CHECK (decision <> ''),
  date TEXT NOT NULL CHECK (date = strftime('%Y-%m-%d', date)),
  PRIMARY KEY (programme_id, year, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX recognitions_by_unit ON recognitions (unit_id);
)sql";

// 4: who made each batch of facts (the actor: kind, user, channel, network address) instead of a
// free `who` and a `source`; a version per unit-year; the change feed.
//
// Existing batches: `who` 'api' (the API's and the import's writes) becomes an anonymous actor
// through the batch's source, the demo seed's 'Dữ liệu mẫu (demo)' the seed actor through the seed
// channel, and any other `who` a user of that id (the name is kept). SQLite cannot change a CHECK:
// the table is made anew and the rows copied, ids kept (nothing refers to it by a foreign key).
// Existing unit-years start at version 1: each had a value (0 is for one that never had any,
// created by LockUnitYears). `change_feed` holds one row per word of a committed write transaction
// (AUTOINCREMENT: ids never reused, so a feed can tell rows deleted before it read them); `at` is
// the database's clock, only to delete old rows.
constexpr const char* kV4 = R"sql(
CREATE TABLE fact_batches_v4 (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'anonymous', 'system', 'cli', 'seed')),
  actor_user TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL CHECK (channel IN ('form', 'import', 'api', 'cli', 'seed')),
  address TEXT NOT NULL DEFAULT '',
  CHECK ((actor_kind = 'user') = (actor_user <> ''))
) STRICT;
INSERT INTO fact_batches_v4 (id, at, actor_kind, actor_user, channel, address)
  SELECT id, at,
    CASE who WHEN 'api' THEN 'anonymous' WHEN 'Dữ liệu mẫu (demo)' THEN 'seed' ELSE 'user' END,
    CASE WHEN who IN ('api', 'Dữ liệu mẫu (demo)') THEN '' ELSE who END,
    CASE who WHEN 'Dữ liệu mẫu (demo)' THEN 'seed' ELSE source END,
    ''
  FROM fact_batches;
DROP TABLE fact_batches;
ALTER TABLE fact_batches_v4 RENAME TO fact_batches;

ALTER TABLE fact_unit_years ADD COLUMN version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0);
UPDATE fact_unit_years SET version = 1;

CREATE TABLE change_feed (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  origin TEXT NOT NULL,
  what TEXT NOT NULL CHECK (what <> ''),
  at INTEGER NOT NULL
) STRICT;
)sql";

// 5: a unit's code is no longer unique: codes pass from unit to unit over time (most communes of
// 1 July 2025 took the code of one of the communes they were formed from). SQLite cannot drop a
// UNIQUE constraint, so the table is rebuilt; migrations run with foreign keys off and checked
// before they commit (SqliteStore::Migrate), so the tables that refer to units keep their rows.
constexpr const char* kV5 = R"sql(
CREATE TABLE units_v5 (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL CHECK (code <> ''),
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'phuong', 'xa', 'thi_tran', 'dac_khu')),
  name TEXT NOT NULL CHECK (name <> ''),
  population INTEGER CHECK (population >= 0),
  area_m2 REAL CHECK (area_m2 >= 0),
  CHECK ((level = 'commune') = (kind <> ''))
) STRICT;
INSERT INTO units_v5 (id, code, level, kind, name, population, area_m2)
  SELECT id, code, level, kind, name, population, area_m2 FROM units;
DROP TABLE units;
ALTER TABLE units_v5 RENAME TO units;
CREATE INDEX units_by_code ON units (code, id);
)sql";

// 6: confirmations of predecessor links the register only infers, with who confirmed them (the
// actor, as fact_batches keeps it) and when.
constexpr const char* kV6 = R"sql(
CREATE TABLE link_confirmations (
  from_unit INTEGER NOT NULL REFERENCES units (id),
  to_unit INTEGER NOT NULL REFERENCES units (id),
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'anonymous', 'system', 'cli', 'seed')),
  actor_user TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL CHECK (channel IN ('form', 'import', 'api', 'cli', 'seed')),
  address TEXT NOT NULL DEFAULT '',
  CHECK ((actor_kind = 'user') = (actor_user <> '')),
  PRIMARY KEY (from_unit, to_unit)
) STRICT, WITHOUT ROWID;
CREATE INDEX link_confirmations_by_to ON link_confirmations (to_unit);
)sql";

// 7: accounts (account_store.h): users, the grants that give them a role over a unit's subtree (no
// unit: the whole country), their sign-in sessions and the counts of failed sign-ins. Secrets only
// as hashes; times in seconds since the epoch. Ids never reused (AUTOINCREMENT), as PostgreSQL's
// identities: a deleted grant's id names no other. A unit with grants cannot be deleted.
constexpr const char* kV7 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE CHECK (username <> ''),
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL CHECK (password_hash <> ''),
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('officer', 'appraiser', 'province_admin', 'national_admin',
    'viewer', 'auditor')),
  unit_id INTEGER REFERENCES units (id)
) STRICT;
CREATE INDEX grants_by_user ON grants (user_id, id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY CHECK (token_hash <> ''),
  user_id INTEGER NOT NULL REFERENCES users (id),
  csrf_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY CHECK (key <> ''),
  count INTEGER NOT NULL CHECK (count > 0),
  window_start INTEGER NOT NULL,
  locked_until INTEGER
) STRICT, WITHOUT ROWID;
)sql";

// 8: the audit trail (audit_store.h): one row per write, appended unsealed in the writer's
// transaction (`seal_seq`, `prev_hash` and `hash` NULL), then linked into the hash chain by the
// sealer, which records the chain's end in the one row of `audit_head`. Ids never reused
// (AUTOINCREMENT). `unit_id` names a unit without a foreign key: an entry outlives what it
// describes and never keeps a unit from being deleted.
constexpr const char* kV8 = R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'anonymous', 'system', 'cli', 'seed')),
  actor_user TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL CHECK (channel IN ('form', 'import', 'api', 'cli', 'seed')),
  address TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL CHECK (action <> ''),
  unit_id INTEGER,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
    CHECK (CASE WHEN json_valid(detail) THEN json_type(detail) = 'object' ELSE 0 END),
  seal_seq INTEGER UNIQUE CHECK (seal_seq > 0),
  prev_hash TEXT,
  hash TEXT,
  CHECK ((actor_kind = 'user') = (actor_user <> '')),
  CHECK ((seal_seq IS NULL) = (hash IS NULL) AND (seal_seq IS NULL) = (prev_hash IS NULL))
) STRICT;
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seal_seq IS NULL;
CREATE INDEX audit_log_by_unit ON audit_log (unit_id, id) WHERE unit_id IS NOT NULL;
CREATE INDEX audit_log_by_user ON audit_log (actor_user, id) WHERE actor_user <> '';
CREATE INDEX audit_log_by_time ON audit_log (at, id);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seal_seq INTEGER NOT NULL CHECK (seal_seq >= 0),
  hash TEXT NOT NULL,
  sealed_at INTEGER NOT NULL
) STRICT;
INSERT INTO audit_head (id, seal_seq, hash, sealed_at)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
)sql";

constexpr Migration kMigrations[] = {{1, kV1}, {2, kV2}, {3, kV3}, {4, kV4},
                                     {5, kV5}, {6, kV6}, {7, kV7}, {8, kV8}};

}  // namespace

std::span<const Migration> SqliteMigrations() {
  return kMigrations;
}

}  // namespace kieumau::store_internal
