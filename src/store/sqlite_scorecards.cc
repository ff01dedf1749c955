// The SQLite backend's scorecards (one, or a batch upserted statement by statement), programmes and
// the units they recognised, and settings.
#include <sqlite3.h>

#include <string>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadScorecard, ReadProgramme and ReadRecognition
// (backend.h) take them.
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

constexpr const char* kInsertLinkConfirmation =
    "INSERT INTO link_confirmations (from_unit, to_unit, at, actor_kind, actor_user, channel,"
    " address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kSelectLinkConfirmations =
    "SELECT from_unit, to_unit, at, actor_kind, actor_user, channel, address"
    " FROM link_confirmations ORDER BY at, from_unit, to_unit";

constexpr const char* kUpsertSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = ?1";

}  // namespace

StoreStatus SqliteStore::PutScorecard(const ScorecardRecord& scorecard) {
  constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecard)";
  return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
    auto use = Prepare(kUpsertScorecard, kContext);
    if (!use.ok()) return use.error();
    BindScorecard(*use.value(), scorecard);
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return Fail(rc, kContext);
    return Success{};
  });
}

StoreResult<ScorecardRecord> SqliteStore::GetScorecard(int64_t unit_id, int year,
                                                       std::string_view rubric_id) {
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

StoreResult<std::vector<ScorecardRecord>> SqliteStore::ListScorecards(int year,
                                                                      std::string_view rubric_id) {
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

StoreStatus SqliteStore::PutScorecards(std::span<const ScorecardRecord> scorecards) {
  constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecards)";
  if (auto error = CheckScorecardBatch(scorecards)) return *error;
  if (scorecards.empty()) return Success{};
  return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
    if (auto error = WriteScorecards(scorecards, kContext)) return *error;
    return Success{};
  });
}

// Upserts a checked batch of scorecards inside the caller's transaction.
std::optional<StoreError> SqliteStore::WriteScorecards(std::span<const ScorecardRecord> scorecards,
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

StoreStatus SqliteStore::PutProgramme(const ProgrammeRecord& programme) {
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

StoreResult<ProgrammeRecord> SqliteStore::GetProgramme(std::string_view id) {
  std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
  auto use = Prepare(kSelectProgramme, context);
  if (!use.ok()) return use.error();
  use.value()->Bind(1, id);
  int rc = use.value()->Step();
  if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
  if (rc != SQLITE_ROW) return Fail(rc, context);
  return ReadProgramme(*use.value());
}

StoreResult<std::vector<ProgrammeRecord>> SqliteStore::ListProgrammes() {
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

StoreStatus SqliteStore::PutRecognition(const RecognitionRecord& recognition) {
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

StoreResult<std::vector<RecognitionRecord>> SqliteStore::ListRecognitions(
    std::string_view programme_id) {
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

StoreStatus SqliteStore::PutLinkConfirmation(const LinkConfirmationRecord& confirmation) {
  constexpr std::string_view kContext = "Lưu xác nhận liên kết (put link confirmation)";
  if (auto error = CheckActor(confirmation.actor, kContext)) return *error;
  return Write(kContext, kChangeUnits, [&]() -> StoreStatus {
    auto use = Prepare(kInsertLinkConfirmation, kContext);
    if (!use.ok()) return use.error();
    BoundStatement& u = *use.value();
    u.Bind(1, confirmation.from_unit);
    u.Bind(2, confirmation.to_unit);
    u.Bind(3, int64_t{confirmation.at.time_since_epoch().count()});
    u.Bind(4, ActorKindKey(confirmation.actor.kind));
    u.Bind(5, confirmation.actor.user);
    u.Bind(6, FactSourceKey(confirmation.actor.channel));
    u.Bind(7, confirmation.actor.address);
    if (int rc = u.Step(); rc != SQLITE_DONE) {
      return Fail(rc, std::string(kContext) + " — đơn vị (units) " +
                          std::to_string(confirmation.from_unit) + " → " +
                          std::to_string(confirmation.to_unit));
    }
    return Success{};
  });
}

StoreResult<std::vector<LinkConfirmationRecord>> SqliteStore::ListLinkConfirmations() {
  constexpr std::string_view kContext = "Liệt kê xác nhận liên kết (list link confirmations)";
  auto use = Prepare(kSelectLinkConfirmations, kContext);
  if (!use.ok()) return use.error();
  std::vector<LinkConfirmationRecord> confirmations;
  int rc;
  while ((rc = use.value()->Step()) == SQLITE_ROW)
    confirmations.push_back(ReadLinkConfirmation(*use.value()));
  if (rc != SQLITE_DONE) return Fail(rc, kContext);
  return confirmations;
}

StoreStatus SqliteStore::PutSetting(std::string_view key, std::string_view value) {
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

StoreResult<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  constexpr std::string_view kContext = "Đọc thiết lập (get setting)";
  auto use = Prepare(kSelectSetting, kContext);
  if (!use.ok()) return use.error();
  use.value()->Bind(1, key);
  int rc = use.value()->Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Fail(rc, kContext);
  return std::optional<std::string>(use.value()->Text(0));
}

void SqliteStore::BindScorecard(BoundStatement& use, const ScorecardRecord& scorecard) {
  use.Bind(1, scorecard.unit_id);
  use.Bind(2, int64_t{scorecard.year});
  use.Bind(3, scorecard.rubric_id);
  use.Bind(4, scorecard.rubric_hash);
  use.Bind(5, scorecard.result_json);
  use.Bind(6, int64_t{scorecard.computed_at.time_since_epoch().count()});
}

}  // namespace kieumau::store_internal
