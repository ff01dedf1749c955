// What the two backends share and nothing else sees: the migration lists, the backend constructors,
// checks of input that must fail the same way on both, number formatting, the error messages, and
// the records read from rows.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/store.h"

namespace kieumau::store_internal {

// One numbered schema step; versions start at 1 and increase by one. The SQL is the backend's own.
struct Migration {
  int version;
  const char* sql;
};
std::span<const Migration> SqliteMigrations();    // sqlite_schema.cc
std::span<const Migration> PostgresMigrations();  // postgres_schema.cc

// The highest version to apply: the options' limit, or the newest of `migrations`.
int TargetVersion(std::span<const Migration> migrations, const StoreOptions& options);

StoreResult<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                    const StoreOptions& options);
StoreResult<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                      const StoreOptions& options);
StoreResult<std::unique_ptr<ChangeFeed>> OpenSqliteChangeFeed(const std::string& path,
                                                              const StoreOptions& options);
StoreResult<std::unique_ptr<ChangeFeed>> OpenPostgresChangeFeed(const std::string& url,
                                                                const StoreOptions& options);

// The change feed's words, the same on both backends.
inline constexpr std::string_view kChangeUnits = "units";
inline constexpr std::string_view kChangeProgrammes = "programmes";
inline constexpr std::string_view kChangeScorecards = "scorecards";
inline constexpr std::string_view kChangeSettings = "settings";
inline constexpr std::string_view kChangeAccounts = "accounts";  // users, grants, failed sign-ins
// A write the change feed does not report (sessions: every server reads them from the database).
inline constexpr std::string_view kNoChange = "";
inline constexpr std::string_view kChangeAll = "all";
std::string FactsChange(int year);  // "facts:<year>"
// The longest StoreOptions::origin (a PostgreSQL notification holds at most 8000 bytes).
inline constexpr size_t kMaxOriginBytes = 256;

// What the open write transaction has changed so far, each word once, in the order first seen.
// Mark/Truncate undo what a rolled-back savepoint added.
class PendingChanges {
 public:
  void Add(std::string_view what);  // kNoChange (empty) adds nothing
  size_t Mark() const { return whats_.size(); }
  void Truncate(size_t mark) {
    if (mark < whats_.size()) whats_.resize(mark);
  }
  bool empty() const { return whats_.empty(); }
  std::vector<std::string> Take();

 private:
  std::vector<std::string> whats_;
};

// "<what went wrong> (<English>): <context> — <detail>", where `detail` is the program's own
// explanation (which write, which rule): a client may be shown it.
StoreError MakeError(StoreErrorKind kind, std::string_view context, std::string_view detail = {});
// A failure the database reported: `driver_text` (SQLite's or libpq's words, scrubbed of any
// password) goes to StoreError::detail, for the log only; the message says what failed.
StoreError DriverError(StoreErrorKind kind, std::string_view context, std::string_view driver_text);
// A newer database than the program knows.
StoreError NewerSchemaError(int found, int known);
// LockUnitYears called outside a unit of work (kInvalid).
StoreError OutsideUnitOfWorkError(std::string_view context);
// What GetScorecard was reading: the unit, year and criteria set.
std::string GetScorecardContext(int64_t unit_id, int year, std::string_view rubric_id);
// The driver text of a failure StoreOptions::fail_before injected.
inline constexpr const char* kInjectedText = "fault injected (StoreOptions::fail_before)";

// Checks made before any SQL, so that both backends refuse the same input the same way (kInvalid).
std::optional<StoreError> CheckActor(const WriteActor& actor,
                                     std::string_view context = "Ghi số liệu (put facts)");
std::optional<StoreError> CheckOrigin(const StoreOptions& options);
// The unit-years sorted (unit, then year) without repeats; a year outside 1900–2200 is kInvalid.
StoreResult<std::vector<UnitYear>> SortedUnitYears(std::span<const UnitYear> unit_years);
std::optional<StoreError> CheckUnitEvent(const UnitEvent& event);
std::optional<StoreError> CheckScorecardBatch(std::span<const ScorecardRecord> scorecards);
std::optional<StoreError> CheckRecognition(const RecognitionRecord& recognition);
std::optional<StoreError> CheckSetting(std::string_view key, std::string_view value);
// Accounts (account_store.h): an empty username, password hash, token hash or key, an unknown
// role, a negative count of failures, or a NUL character in any text is kInvalid. `what` names
// the text checked in the message ("tên đăng nhập (username)", …).
std::optional<StoreError> CheckAccountKey(std::string_view key, std::string_view what,
                                          std::string_view context);
std::optional<StoreError> CheckUser(const UserRecord& user, std::string_view context);
std::optional<StoreError> CheckGrant(const GrantRecord& grant, std::string_view context);
std::optional<StoreError> CheckSession(const SessionRecord& session, std::string_view context);
std::optional<StoreError> CheckFailures(const SignInFailures& failures, std::string_view context);
// An audit entry before it is appended: a bad actor (CheckActor), an empty action, or a NUL
// character or text that is not UTF-8 is kInvalid (the detail's JSON is checked by the database).
std::optional<StoreError> CheckAuditEntry(const AuditEntry& entry, std::string_view context);
// What the sealer writes into one entry.
struct AuditSeal {
  int64_t id = 0;
  int64_t seal_seq = 0;
  std::string prev_hash;
  std::string hash;
};
// The seals of `entries` (unsealed, in id order) linked into the chain after `head`
// (audit_chain.cc).
std::vector<AuditSeal> ChainSeals(const AuditHead& head, std::span<const AuditEntry> entries);
// AuditStore::Seal called inside a unit of work (kInvalid).
StoreError InsideUnitOfWorkError(std::string_view context);
// The most entries AuditStore::List answers at once.
inline constexpr int64_t kMaxAuditList = 1000;

// What a write of one statement of accounts answers (SqliteAccounts::Write,
// PostgresAccounts::Write): the number of rows it changed; the same, but kNotFound when it changed
// none; the id of the row it inserted.
enum class WriteAnswer { kRowsChanged, kSomeRowChanged, kNewId };

// A write of a batch of facts with its indicator's id in the store.
struct KeyedFactWrite {
  int year = 0;
  int64_t unit_id = 0;
  int64_t indicator_id = 0;
  const FactWrite* write = nullptr;
};

// A batch of facts that passed the checks both backends make alike, with its distinct indicator
// names. The backend looks each name up, fills in its id (inserting the names some write gives a
// value to), then takes the writes in the order of the facts' key.
class FactBatch {
 public:
  struct Name {
    std::string_view name;
    bool has_value = false;  // some write of the batch gives it a value
    int64_t id = 0;          // 0: not in the store, so only erasures name it: they change nothing
  };

  // kInvalid naming the first write refused, in the batch's order: an empty indicator name, a year
  // outside 1900–2200, a value that is not finite, the key of an earlier write; or a bad actor
  // (CheckActor).
  static StoreResult<FactBatch> Check(std::span<const FactWrite> batch, const WriteActor& actor);

  // The batch's unit-years, sorted (unit, then year), each with whether a write gives it a value.
  struct BatchUnitYear {
    UnitYear unit_year;
    bool has_value = false;
  };
  std::vector<BatchUnitYear> UnitYears() const;  // before TakeKeyed

  // Ordered by name (bytes), so that names inserted together get ids in that order.
  std::vector<Name>& names() { return names_; }
  // The writes with their indicators' ids, ordered by (year, unit, indicator id); the writes of
  // names left at 0 are left out. Call once, after the ids are filled in.
  std::vector<KeyedFactWrite> TakeKeyed();

 private:
  std::vector<Name> names_;
  // Ordered by (year, unit, name); until TakeKeyed, `indicator_id` is the name's index in names_.
  std::vector<KeyedFactWrite> writes_;
};

// The records both backends read from rows whose columns come in the order given, the same in
// both backends' SELECTs. `Row` is one backend's view of a row: Int, Text, OptInt and OptDouble of
// a column (from 0).

// id, code, level, kind, name, population, area_m2
template <typename Row>
UnitRecord ReadUnit(const Row& row) {
  return UnitRecord{row.Int(0),  row.Text(1),   row.Text(2),     row.Text(3),
                    row.Text(4), row.OptInt(5), row.OptDouble(6)};
}

// id, date (YYYY-MM-DD), kind, payload
template <typename Row>
UnitEvent ReadUnitEvent(const Row& row) {
  return UnitEvent{row.Int(0), row.Text(1), row.Text(2), row.Text(3)};
}

// unit_id, indicator name, year, old_value, new_value, and the batch's actor_kind, actor_user,
// channel, address, at (seconds since the epoch)
template <typename Row>
FactChange ReadFactChange(const Row& row) {
  FactChange change;
  change.unit_id = row.Int(0);
  change.indicator = row.Text(1);
  change.year = static_cast<int>(row.Int(2));
  change.old_value = row.OptDouble(3);
  change.new_value = row.OptDouble(4);
  change.actor.kind = ParseActorKind(row.Text(5)).value_or(ActorKind::kSystem);
  change.actor.user = row.Text(6);
  change.actor.channel = ParseFactSource(row.Text(7)).value_or(FactSource::kApi);
  change.actor.address = row.Text(8);
  change.at = Timestamp(std::chrono::seconds(row.Int(9)));
  return change;
}

// unit_id, year, rubric_id, rubric_hash, result, computed_at (seconds since the epoch)
template <typename Row>
ScorecardRecord ReadScorecard(const Row& row) {
  return ScorecardRecord{row.Int(0),  static_cast<int>(row.Int(1)),
                         row.Text(2), row.Text(3),
                         row.Text(4), Timestamp(std::chrono::seconds(row.Int(5)))};
}

// id, content
template <typename Row>
ProgrammeRecord ReadProgramme(const Row& row) {
  return ProgrammeRecord{row.Text(0), row.Text(1)};
}

// programme_id, unit_id, year, decision, date (YYYY-MM-DD)
template <typename Row>
RecognitionRecord ReadRecognition(const Row& row) {
  return RecognitionRecord{row.Text(0), row.Int(1), static_cast<int>(row.Int(2)), row.Text(3),
                           row.Text(4)};
}

// from_unit, to_unit, at, actor_kind, actor_user, channel, address.
template <typename Row>
LinkConfirmationRecord ReadLinkConfirmation(const Row& row) {
  LinkConfirmationRecord record;
  record.from_unit = row.Int(0);
  record.to_unit = row.Int(1);
  record.at = Timestamp(std::chrono::seconds(row.Int(2)));
  record.actor.kind = ParseActorKind(row.Text(3)).value_or(ActorKind::kSystem);
  record.actor.user = row.Text(4);
  record.actor.channel = ParseFactSource(row.Text(5)).value_or(FactSource::kApi);
  record.actor.address = row.Text(6);
  return record;
}

// id, username, display_name, password_hash, must_change_password (0 or 1), disabled (0 or 1),
// created_at, updated_at (seconds since the epoch)
template <typename Row>
UserRecord ReadUser(const Row& row) {
  UserRecord user;
  user.id = row.Int(0);
  user.username = row.Text(1);
  user.display_name = row.Text(2);
  user.password_hash = row.Text(3);
  user.must_change_password = row.Int(4) != 0;
  user.disabled = row.Int(5) != 0;
  user.created_at = Timestamp(std::chrono::seconds(row.Int(6)));
  user.updated_at = Timestamp(std::chrono::seconds(row.Int(7)));
  return user;
}

// id, user_id, role (its key), unit_id (NULL: the whole country)
template <typename Row>
GrantRecord ReadGrant(const Row& row) {
  return GrantRecord{row.Int(0), row.Int(1), ParseRole(row.Text(2)).value_or(Role::kViewer),
                     row.OptInt(3)};
}

// token_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at (seconds), address
template <typename Row>
SessionRecord ReadSession(const Row& row) {
  return SessionRecord{row.Text(0),
                       row.Int(1),
                       row.Text(2),
                       Timestamp(std::chrono::seconds(row.Int(3))),
                       Timestamp(std::chrono::seconds(row.Int(4))),
                       Timestamp(std::chrono::seconds(row.Int(5))),
                       row.Text(6)};
}

// key, count, window_start, locked_until (seconds; NULL when not locked)
template <typename Row>
SignInFailures ReadFailures(const Row& row) {
  SignInFailures failures;
  failures.key = row.Text(0);
  failures.count = static_cast<int>(row.Int(1));
  failures.window_start = Timestamp(std::chrono::seconds(row.Int(2)));
  if (std::optional<int64_t> until = row.OptInt(3)) {
    failures.locked_until = Timestamp(std::chrono::seconds(*until));
  }
  return failures;
}

// id, at, actor_kind, actor_user, channel, address, action, unit_id, subject, detail, seal_seq,
// prev_hash, hash (NULL as empty).
template <typename Row>
AuditEntry ReadAuditEntry(const Row& row) {
  AuditEntry entry;
  entry.id = row.Int(0);
  entry.at = Timestamp(std::chrono::seconds(row.Int(1)));
  const std::optional<ActorKind> kind = ParseActorKind(row.Text(2));
  const std::optional<FactSource> channel = ParseFactSource(row.Text(4));
  entry.readable = kind && channel;
  entry.actor.kind = kind.value_or(ActorKind::kSystem);
  entry.actor.user = row.Text(3);
  entry.actor.channel = channel.value_or(FactSource::kApi);
  entry.actor.address = row.Text(5);
  entry.action = row.Text(6);
  entry.unit_id = row.OptInt(7);
  entry.subject = row.Text(8);
  entry.detail_json = row.Text(9);
  entry.seal_seq = row.OptInt(10);
  entry.prev_hash = row.Text(11);
  entry.hash = row.Text(12);
  return entry;
}

// Doubles as the shortest text that reads back to the same value, and back.
std::string FormatDouble(double value);
std::optional<double> ParseDouble(std::string_view text);
std::optional<int64_t> ParseInt(std::string_view text);

}  // namespace kieumau::store_internal
