// Storage: one interface (`Store`) over two real backends, SQLite (the embedded default) and
// PostgreSQL (the production store), with backend-neutral records and one error vocabulary. SQL
// lives in the backend files only.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/result.h"

namespace kieumau {

class AccountStore;  // account_store.h
class AuditStore;    // audit_store.h

// What went wrong, the same on both backends: SQLite's constraint errors are mapped to the kinds
// PostgreSQL raises (a duplicate key is kUniqueViolation on both, a missing referenced row
// kForeignKey on both).
enum class StoreErrorKind {
  kNotFound,         // the row asked for does not exist
  kUniqueViolation,  // a key or a unique column is taken
  kForeignKey,       // a row refers to a unit (or a user) that does not exist, or a unit still
                     // referred to is deleted
  kInvalid,  // the input breaks a rule (a check, a bad JSON text, a newer schema than this program)
  kUnavailable,  // the database cannot be reached, opened, or answered with an unexpected failure
};

std::string_view StoreErrorKindName(StoreErrorKind kind);  // "not_found", "unique_violation", …

struct StoreError {
  StoreErrorKind kind = StoreErrorKind::kUnavailable;
  // For people: what failed, Vietnamese first, the English in parentheses. Never a password, never
  // the driver's text or SQL: a client may be shown it.
  std::string message;
  // The backend's own words (SQLite's or libpq's message, scrubbed of passwords): for the log and
  // the operator at the terminal, never for a client.
  std::string detail;

  // The message and the detail, for the log and the command line.
  std::string Describe() const { return detail.empty() ? message : message + " — " + detail; }
  Error ToError() const { return Error{Describe()}; }
};

// A value or a StoreError: a Result with a kind that callers can branch on.
template <typename T>
using StoreResult = Result<T, StoreError>;

// What a write that returns no value returns when it succeeds.
struct Success {};
using StoreStatus = StoreResult<Success>;

// Time stamps are whole seconds (UTC); the caller passes them in, the store never reads the clock.
using Timestamp = std::chrono::sys_seconds;

// A unit of the hierarchy. `level` is "province", "district" or "commune"; `kind` is a
// commune-level unit's kind (phuong, xa, thi_tran, dac_khu) and empty for the levels above. The
// dated history of units is kept as events.
struct UnitRecord {
  int64_t id = 0;  // assigned by the store on CreateUnit
  std::string code;
  std::string level;
  std::string kind;
  std::string name;
  std::optional<int64_t> population;
  std::optional<double> area_m2;

  bool operator==(const UnitRecord&) const = default;
};

// A dated reorganisation (merge, split, rename, …), its details as a JSON text read by the units
// part.
struct UnitEvent {
  int64_t id = 0;    // assigned by the store on AddUnitEvent
  std::string date;  // YYYY-MM-DD
  std::string kind;  // e.g. "merge", "rename"
  std::string payload_json;

  bool operator==(const UnitEvent&) const = default;
};

// Who made a write.
enum class ActorKind { kUser, kAnonymous, kSystem, kCommandLine, kSeed };
std::string_view ActorKindKey(ActorKind kind);  // "user", "anonymous", "system", "cli", "seed"
std::optional<ActorKind> ParseActorKind(std::string_view key);

// Through what a write came.
enum class FactSource { kForm, kImport, kApi, kCommandLine, kSeed };
std::string_view FactSourceKey(FactSource source);  // "form", "import", "api", "cli", "seed"
std::optional<FactSource> ParseFactSource(std::string_view key);

// Who made a write, through what, from where; stored with every batch of facts that changed
// something.
struct WriteActor {
  ActorKind kind = ActorKind::kSystem;
  // The user's id when `kind` is kUser (accounts come later: any non-empty text); empty otherwise.
  std::string user;
  FactSource channel = FactSource::kApi;
  // The client's network address when the write came over the network; else empty.
  std::string address;

  bool operator==(const WriteActor&) const = default;
};

// A unit and a year: what LockUnitYears locks and what a version counts the changes of.
struct UnitYear {
  int64_t unit_id = 0;
  int year = 0;

  auto operator<=>(const UnitYear&) const = default;
};

// One write of a batch: a value, or (value empty) the erasure of the current value.
struct FactWrite {
  int64_t unit_id = 0;
  std::string indicator;
  int year = 0;
  std::optional<double> value;
};

struct FactValue {
  int64_t unit_id = 0;
  std::string indicator;
  int year = 0;
  double value = 0;

  bool operator==(const FactValue&) const = default;
};

// One change of one fact: before and after (empty when there was no value, or when it was erased).
struct FactChange {
  int64_t unit_id = 0;
  std::string indicator;
  int year = 0;
  std::optional<double> old_value;
  std::optional<double> new_value;
  WriteActor actor;
  Timestamp at;

  bool operator==(const FactChange&) const = default;
};

struct PutFactsSummary {
  int64_t changed = 0;    // writes that changed a value, each now in the history
  int64_t unchanged = 0;  // writes of the value already there, or erasures of a missing value
};

// A unit's result for a year under one criteria set, with the content hash of the set it was
// computed from.
struct ScorecardRecord {
  int64_t unit_id = 0;
  int year = 0;
  std::string rubric_id;
  std::string rubric_hash;
  std::string result_json;  // kept byte for byte (key order included)
  Timestamp computed_at;

  bool operator==(const ScorecardRecord&) const = default;
};

struct ProgrammeRecord {
  std::string id;
  std::string content_json;  // kept byte for byte

  bool operator==(const ProgrammeRecord&) const = default;
};

// A unit recognised as a model unit in a year under a programme, by a decision of a given date.
struct RecognitionRecord {
  std::string programme_id;
  int64_t unit_id = 0;
  int year = 0;
  std::string decision;  // e.g. "Quyết định 15/QĐ-UBND"; not empty
  std::string date;      // YYYY-MM-DD, the date of the decision

  bool operator==(const RecognitionRecord&) const = default;
};

// An administrator's confirmation of a predecessor link the register only infers (uncertain):
// from then on the link counts as certain. One per link (the pair of units).
struct LinkConfirmationRecord {
  int64_t from_unit = 0;
  int64_t to_unit = 0;
  WriteActor actor;
  Timestamp at;
  bool operator==(const LinkConfirmationRecord&) const = default;
};

// A table of a store's schema and its number of rows (Store::CountRows).
struct TableRows {
  std::string table;
  int64_t rows = 0;

  bool operator==(const TableRows&) const = default;
};

// The storage interface. One object holds one connection: use it from one thread at a time (one
// Store per thread or per request worker). Every write is one transaction: it is stored whole or
// not at all; inside a unit of work (InTransaction) it joins the unit's transaction and is undone
// alone when it fails (a savepoint), the unit going on. Every committed write transaction is
// reported to the change feeds (OpenChangeFeed) of every process on the same database. Every
// operation returns a StoreError on failure, of the same kind on both backends.
class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view Backend() const = 0;
  // The schema version of the database, and the migrations this open applied (empty when it was up
  // to date).
  virtual int SchemaVersion() const = 0;
  virtual const std::vector<int>& MigrationsApplied() const = 0;
  // Every table of the store's schema (SQLite: the file's; PostgreSQL: the first schema of the
  // search path) with its number of rows, by table name: what a backup and its restored copy are
  // compared by (store/backup.h). Counting reads every row: seconds for a large database.
  virtual StoreResult<std::vector<TableRows>> CountRows() = 0;

  // A unit of work: runs `work` with this store inside one transaction. Every write `work` makes
  // through the store it is given joins that transaction (none commits on its own); the
  // transaction commits when `work` returns success and rolls back when it returns an error or
  // throws (the exception propagates after the rollback). A nested InTransaction runs in the same
  // transaction (as a savepoint: its failure undoes its own writes and is returned to the outer
  // work). A failing commit is returned as the error, and nothing is stored. SQLite: the unit
  // holds the database's single write lock from its start (BEGIN IMMEDIATE); PostgreSQL: READ
  // COMMITTED, each statement sees what other transactions committed before it.
  virtual StoreStatus InTransaction(const std::function<StoreStatus(Store&)>& work) = 0;

  // Inside InTransaction only (outside: kInvalid): holds these unit-years (their fact_unit_years
  // rows, created when absent) until the transaction ends. Another transaction locking any of them,
  // or writing facts to them, in any process, waits; transactions on other unit-years do not wait.
  // PostgreSQL: row locks, taken in sorted order against deadlocks (lock every unit-year a unit of
  // work will write in one call, before writing: PutFacts locks the unit-years it writes too);
  // SQLite: its single writer already serialises, so it only checks and creates the rows. An
  // unknown unit is kForeignKey, a year outside 1900–2200 kInvalid.
  virtual StoreStatus LockUnitYears(std::span<const UnitYear> unit_years) = 0;

  // Each unit-year's version, in the order asked: the number of PutFacts that changed one of its
  // values (0 when the unit-year never had a value).
  virtual StoreResult<std::vector<int64_t>> UnitYearVersions(
      std::span<const UnitYear> unit_years) = 0;

  // Units. CreateUnit returns the new id; CreateUnits creates many in one transaction (all or
  // none) and returns their ids in order. A code is not unique: it passes from unit to unit over
  // time (the units part knows which unit held it when), and FindUnitByCode gives the unit with
  // the code created last. GetUnit/UpdateUnit/DeleteUnit of a missing id are kNotFound; deleting a
  // unit that facts (current or in the history), scorecards or recognitions refer to is
  // kForeignKey.
  virtual StoreResult<int64_t> CreateUnit(const UnitRecord& unit) = 0;
  virtual StoreResult<std::vector<int64_t>> CreateUnits(std::span<const UnitRecord> units) = 0;
  virtual StoreResult<UnitRecord> GetUnit(int64_t id) = 0;
  virtual StoreResult<UnitRecord> FindUnitByCode(std::string_view code) = 0;
  virtual StoreResult<std::vector<UnitRecord>> ListUnits() = 0;  // by id
  virtual StoreStatus UpdateUnit(const UnitRecord& unit) = 0;
  virtual StoreStatus DeleteUnit(int64_t id) = 0;

  // Unit events, listed by date then id. AddUnitEvents adds many in one transaction (all or none),
  // their ids rising in the order given.
  virtual StoreResult<int64_t> AddUnitEvent(const UnitEvent& event) = 0;
  virtual StoreStatus AddUnitEvents(std::span<const UnitEvent> events) = 0;
  virtual StoreResult<std::vector<UnitEvent>> ListUnitEvents() = 0;

  // Writes a batch of facts, all or nothing: any failure (an unknown unit is kForeignKey, a bad
  // write kInvalid, the same key twice in the batch kInvalid) leaves the store as it was. A kUser
  // actor needs a non-empty user and the other kinds an empty one (else kInvalid). Each write that
  // changes the current value (set, change, erase) adds one row to the history with the actor and
  // `at`; a write of the value already there adds none. The version of every unit-year whose
  // values the batch changes goes up by one, in the same transaction. The caller validates values
  // against the catalogue before (CheckValue). PostgreSQL: the batch's unit-years are locked first,
  // as LockUnitYears would (writers of other unit-years do not wait).
  virtual StoreResult<PutFactsSummary> PutFacts(std::span<const FactWrite> batch,
                                                const WriteActor& actor, Timestamp at) = 0;
  // The current values of a year, for the given units (GetFacts) or all units (GetAllFacts),
  // ordered by unit id then indicator.
  virtual StoreResult<std::vector<FactValue>> GetFacts(std::span<const int64_t> unit_ids,
                                                       int year) = 0;
  virtual StoreResult<std::vector<FactValue>> GetAllFacts(int year) = 0;
  // Every change of one fact, in the order they were written (empty when there was none).
  virtual StoreResult<std::vector<FactChange>> FactHistory(int64_t unit_id,
                                                           std::string_view indicator,
                                                           int year) = 0;
  // The years that have current values, ascending.
  virtual StoreResult<std::vector<int>> FactYears() = 0;

  // Scorecards: one per unit, year and criteria set; putting one again replaces it. A missing one
  // is kNotFound.
  virtual StoreStatus PutScorecard(const ScorecardRecord& scorecard) = 0;
  virtual StoreResult<ScorecardRecord> GetScorecard(int64_t unit_id, int year,
                                                    std::string_view rubric_id) = 0;
  // The scorecards of a year under one criteria set, ordered by unit id (empty when there is none).
  virtual StoreResult<std::vector<ScorecardRecord>> ListScorecards(int year,
                                                                   std::string_view rubric_id) = 0;
  // A batch of scorecards, all or nothing, each replacing the one of the same unit, year and
  // criteria set. The same key twice in the batch is kInvalid, an unknown unit kForeignKey.
  virtual StoreStatus PutScorecards(std::span<const ScorecardRecord> scorecards) = 0;

  // Programmes: a JSON document per id; putting one again replaces it. Listed by id.
  virtual StoreStatus PutProgramme(const ProgrammeRecord& programme) = 0;
  virtual StoreResult<ProgrammeRecord> GetProgramme(std::string_view id) = 0;
  virtual StoreResult<std::vector<ProgrammeRecord>> ListProgrammes() = 0;

  // Recognitions of model units: one per programme, unit and year; putting one again replaces it.
  // An unknown unit is kForeignKey (and a recognised unit cannot be deleted); an empty programme id
  // or decision, a date that is not YYYY-MM-DD or a year outside 1900–2200 is kInvalid. Listed by
  // year then unit id (empty for a programme without any).
  virtual StoreStatus PutRecognition(const RecognitionRecord& recognition) = 0;
  virtual StoreResult<std::vector<RecognitionRecord>> ListRecognitions(
      std::string_view programme_id) = 0;

  // Link confirmations: one per pair of units; a second confirmation of the same link is
  // kUniqueViolation. An unknown unit is kForeignKey, a bad actor (CheckActor) kInvalid. Listed in
  // the order they were made (time, then the units' ids).
  virtual StoreStatus PutLinkConfirmation(const LinkConfirmationRecord& confirmation) = 0;
  virtual StoreResult<std::vector<LinkConfirmationRecord>> ListLinkConfirmations() = 0;
  // Users, grants, sessions and failed sign-ins (account_store.h), on this store's connection and
  // in its unit of work.
  virtual AccountStore& accounts() = 0;
  // The audit trail (audit_store.h), on this store's connection: an entry appended inside a unit
  // of work is committed with it or not at all.
  virtual AuditStore& audit() = 0;
  // Settings: a text value per key; putting one again replaces it. GetSetting of a key never put
  // is empty (not an error). An empty key, or a NUL character in a key or value, is kInvalid.
  virtual StoreStatus PutSetting(std::string_view key, std::string_view value) = 0;
  virtual StoreResult<std::optional<std::string>> GetSetting(std::string_view key) = 0;
};

struct StoreOptions {
  // Applies migrations up to this version only: a program that knows no more. Opening a database
  // whose schema is newer is kInvalid. The default is every migration this program has.
  std::optional<int> known_schema_version = {};
  // Names this process's writes in the change feed (e.g. a random token per process); may be
  // empty; at most 256 bytes (else OpenStore is kInvalid).
  std::string origin = {};
  // Tests only: called with each SQL statement's text before the store runs it; when it returns
  // true, the statement fails as kUnavailable instead of running (fault injection). Rolling back
  // (ROLLBACK, ROLLBACK TO SAVEPOINT) is not offered to it: it is how the store recovers.
  std::function<bool(std::string_view sql)> fail_before = {};
};

// Changes committed by any process on the same database, so that several servers keep their
// caches coherent.
struct Change {
  std::string origin;  // StoreOptions::origin of the process that committed it
  // "facts:<year>" (one per year a committed PutFacts changed), "units" (unit rows or events),
  // "programmes" (programmes or recognitions), "scorecards", "settings", "accounts" (users,
  // grants, failed sign-ins; sessions are never reported); or "all" = anything may have changed
  // (the feed says so itself when it may have missed changes, e.g. after reconnecting).
  std::string what;

  bool operator==(const Change&) const = default;
};

// A feed of committed changes. One ChangeFeed is used by one thread.
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // Waits up to `timeout` for changes committed since the previous call (by any process, this one
  // included) and returns them in commit order (empty on time-out). The first call returns only
  // changes committed after the feed was opened.
  virtual StoreResult<std::vector<Change>> Wait(std::chrono::milliseconds timeout) = 0;
};

// Opens a change feed on the database of `url` (the same URLs as OpenStore; a SQLite file is
// created and migrated as OpenStore would).
//   PostgreSQL: a connection of its own LISTENing on one channel; every write transaction of a
//   store sends one NOTIFY inside the transaction, so it is delivered exactly when it commits and
//   never when it rolls back; the feed keeps those of its own schema (the first of the search
//   path). After a lost connection it reconnects and reports {"", "all"} once.
//   SQLite: every write transaction appends (origin, what) rows to the `change_feed` table in the
//   same transaction; the feed (a connection of its own) reads `PRAGMA data_version` every 50 ms
//   and the table's new rows when it says another connection committed. Rows older than five
//   minutes are deleted by writers now and then; a feed that finds rows deleted before it read them
//   reports {"", "all"}.
StoreResult<std::unique_ptr<ChangeFeed>> OpenChangeFeed(std::string_view url,
                                                        const StoreOptions& options = {});

// The newest schema version of this program (the same number on both backends).
int LatestSchemaVersion();

// Opens (and migrates) a store:
//   sqlite:PATH                      — the file is created if absent (WAL, foreign keys on, busy
//   timeout 5 s); postgresql://USER[:PW]@HOST[:PORT]/DB[?…] (or postgres://) — libpq's URI syntax.
// A bad URL is kInvalid; a file that cannot be opened or a server that cannot be reached is
// kUnavailable. Messages never contain the password.
StoreResult<std::unique_ptr<Store>> OpenStore(std::string_view url,
                                              const StoreOptions& options = {});

}  // namespace kieumau
