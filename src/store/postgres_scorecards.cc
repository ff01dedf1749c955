// The PostgreSQL backend's scorecards (one, or a batch as one statement over arrays), programmes
// and the units they recognised, and settings.
#include <libpq-fe.h>

#include <string>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadScorecard, ReadProgramme and ReadRecognition
// (backend.h) take them.
constexpr const char* kUpsertScorecard =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " VALUES ($1::bigint, $2::integer, $3, $4, $5::json, to_timestamp($6::bigint))"
    " ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET rubric_hash = EXCLUDED.rubric_hash,"
    " result = EXCLUDED.result, computed_at = EXCLUDED.computed_at";
constexpr const char* kSelectScorecard =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, extract(epoch FROM computed_at)::bigint"
    " FROM scorecards WHERE unit_id = $1::bigint AND year = $2::integer AND rubric_id = $3";
constexpr const char* kSelectScorecards =
    "SELECT unit_id, year, rubric_id, rubric_hash, result, extract(epoch FROM computed_at)::bigint"
    " FROM scorecards WHERE year = $1::integer AND rubric_id = $2 ORDER BY unit_id";
// A batch as one array per column, one statement.
constexpr const char* kUpsertScorecards =
    "INSERT INTO scorecards (unit_id, year, rubric_id, rubric_hash, result, computed_at)"
    " SELECT u, y, r, h, j, to_timestamp(t) FROM unnest($1::bigint[], $2::integer[], $3::text[],"
    " $4::text[], $5::json[], $6::bigint[]) AS s (u, y, r, h, j, t)"
    " ON CONFLICT (unit_id, year, rubric_id) DO UPDATE SET rubric_hash = EXCLUDED.rubric_hash,"
    " result = EXCLUDED.result, computed_at = EXCLUDED.computed_at";

constexpr const char* kUpsertProgramme =
    "INSERT INTO programmes (id, content) VALUES ($1, $2::json)"
    " ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content";
constexpr const char* kSelectProgramme = "SELECT id, content FROM programmes WHERE id = $1";
constexpr const char* kSelectProgrammes =
    "SELECT id, content FROM programmes ORDER BY id COLLATE \"C\"";

constexpr const char* kUpsertRecognition =
    "INSERT INTO recognitions (programme_id, year, unit_id, decision, date)"
    " VALUES ($1, $2::integer, $3::bigint, $4, $5::date)"
    " ON CONFLICT (programme_id, year, unit_id) DO UPDATE SET decision = EXCLUDED.decision,"
    " date = EXCLUDED.date";
constexpr const char* kSelectRecognitions =
    "SELECT programme_id, unit_id, year, decision, to_char(date, 'YYYY-MM-DD') FROM recognitions"
    " WHERE programme_id = $1 ORDER BY year, unit_id";

constexpr const char* kInsertLinkConfirmation =
    "INSERT INTO link_confirmations (from_unit, to_unit, at, actor_kind, actor_user, channel,"
    " address) VALUES ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7)";
constexpr const char* kSelectLinkConfirmations =
    "SELECT from_unit, to_unit, at, actor_kind, actor_user, channel, address"
    " FROM link_confirmations ORDER BY at, from_unit, to_unit";

constexpr const char* kUpsertSetting =
    "INSERT INTO settings (key, value) VALUES ($1, $2)"
    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value";
constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = $1";

}  // namespace

StoreStatus PostgresStore::PutScorecard(const ScorecardRecord& scorecard) {
  constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecard)";
  return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
    auto result =
        Exec(kUpsertScorecard,
             {Number(scorecard.unit_id), Number(scorecard.year), Text(scorecard.rubric_id),
              Text(scorecard.rubric_hash), Text(scorecard.result_json),
              Number(scorecard.computed_at.time_since_epoch().count())},
             kContext);
    if (!result.ok()) return result.error();
    return Success{};
  });
}

StoreResult<ScorecardRecord> PostgresStore::GetScorecard(int64_t unit_id, int year,
                                                         std::string_view rubric_id) {
  std::string context = GetScorecardContext(unit_id, year, rubric_id);
  auto result = Exec(kSelectScorecard, {Number(unit_id), Number(year), Text(rubric_id)}, context);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
  return ReadScorecard(PgRow{r, 0});
}

StoreResult<std::vector<ScorecardRecord>> PostgresStore::ListScorecards(
    int year, std::string_view rubric_id) {
  auto result = Exec(kSelectScorecards, {Number(year), Text(rubric_id)},
                     "Liệt kê phiếu điểm (list scorecards)");
  if (!result.ok()) return result.error();
  std::vector<ScorecardRecord> scorecards;
  for (int row = 0; row < PQntuples(result->get()); ++row)
    scorecards.push_back(ReadScorecard(PgRow{result->get(), row}));
  return scorecards;
}

StoreStatus PostgresStore::PutScorecards(std::span<const ScorecardRecord> scorecards) {
  constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecards)";
  if (auto error = CheckScorecardBatch(scorecards)) return *error;
  if (scorecards.empty()) return Success{};
  return Write(kContext, kChangeScorecards, [&]() -> StoreStatus {
    if (auto error = WriteScorecards(scorecards, kContext)) return *error;
    return Success{};
  });
}

// Upserts a checked batch of scorecards in one statement, inside the caller's transaction.
std::optional<StoreError> PostgresStore::WriteScorecards(
    std::span<const ScorecardRecord> scorecards, std::string_view context) {
  if (scorecards.empty()) return std::nullopt;
  ArrayLiteral units, years, rubrics, hashes, results, times;
  for (const ScorecardRecord& card : scorecards) {
    units.Add(card.unit_id);
    years.Add(card.year);
    rubrics.Add(card.rubric_id);
    hashes.Add(card.rubric_hash);
    results.Add(card.result_json);
    times.Add(card.computed_at.time_since_epoch().count());
  }
  auto result = Exec(
      kUpsertScorecards,
      {units.Take(), years.Take(), rubrics.Take(), hashes.Take(), results.Take(), times.Take()},
      context);
  if (!result.ok()) return result.error();
  return std::nullopt;
}

StoreStatus PostgresStore::PutProgramme(const ProgrammeRecord& programme) {
  constexpr std::string_view kContext = "Lưu chương trình (put programme)";
  return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
    auto result =
        Exec(kUpsertProgramme, {Text(programme.id), Text(programme.content_json)}, kContext);
    if (!result.ok()) return result.error();
    return Success{};
  });
}

StoreResult<ProgrammeRecord> PostgresStore::GetProgramme(std::string_view id) {
  std::string context = "Đọc chương trình (get programme) '" + std::string(id) + "'";
  auto result = Exec(kSelectProgramme, {Text(id)}, context);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
  return ReadProgramme(PgRow{r, 0});
}

StoreResult<std::vector<ProgrammeRecord>> PostgresStore::ListProgrammes() {
  auto result = Exec(kSelectProgrammes, {}, "Liệt kê chương trình (list programmes)");
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<ProgrammeRecord> programmes;
  for (int row = 0; row < PQntuples(r); ++row)
    programmes.push_back(ReadProgramme(PgRow{r, row}));
  return programmes;
}

StoreStatus PostgresStore::PutRecognition(const RecognitionRecord& recognition) {
  constexpr std::string_view kContext = "Lưu công nhận (put recognition)";
  if (auto error = CheckRecognition(recognition)) return *error;
  return Write(kContext, kChangeProgrammes, [&]() -> StoreStatus {
    auto result =
        Exec(kUpsertRecognition,
             {Text(recognition.programme_id), Number(recognition.year), Number(recognition.unit_id),
              Text(recognition.decision), Text(recognition.date)},
             kContext);
    if (!result.ok()) return result.error();
    return Success{};
  });
}

StoreResult<std::vector<RecognitionRecord>> PostgresStore::ListRecognitions(
    std::string_view programme_id) {
  auto result =
      Exec(kSelectRecognitions, {Text(programme_id)}, "Liệt kê công nhận (list recognitions)");
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<RecognitionRecord> recognitions;
  for (int row = 0; row < PQntuples(r); ++row)
    recognitions.push_back(ReadRecognition(PgRow{r, row}));
  return recognitions;
}

StoreStatus PostgresStore::PutLinkConfirmation(const LinkConfirmationRecord& confirmation) {
  constexpr std::string_view kContext = "Lưu xác nhận liên kết (put link confirmation)";
  if (auto error = CheckActor(confirmation.actor, kContext)) return *error;
  return Write(kContext, kChangeUnits, [&]() -> StoreStatus {
    auto result =
        Exec(kInsertLinkConfirmation,
             {Number(confirmation.from_unit), Number(confirmation.to_unit),
              Number(confirmation.at.time_since_epoch().count()),
              Text(ActorKindKey(confirmation.actor.kind)), Text(confirmation.actor.user),
              Text(FactSourceKey(confirmation.actor.channel)), Text(confirmation.actor.address)},
             kContext);
    if (!result.ok()) return result.error();
    return Success{};
  });
}

StoreResult<std::vector<LinkConfirmationRecord>> PostgresStore::ListLinkConfirmations() {
  auto result =
      Exec(kSelectLinkConfirmations, {}, "Liệt kê xác nhận liên kết (list link confirmations)");
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<LinkConfirmationRecord> confirmations;
  for (int row = 0; row < PQntuples(r); ++row)
    confirmations.push_back(ReadLinkConfirmation(PgRow{r, row}));
  return confirmations;
}

StoreStatus PostgresStore::PutSetting(std::string_view key, std::string_view value) {
  constexpr std::string_view kContext = "Lưu thiết lập (put setting)";
  if (auto error = CheckSetting(key, value)) return *error;
  return Write(kContext, kChangeSettings, [&]() -> StoreStatus {
    auto result = Exec(kUpsertSetting, {Text(key), Text(value)}, kContext);
    if (!result.ok()) return result.error();
    return Success{};
  });
}

StoreResult<std::optional<std::string>> PostgresStore::GetSetting(std::string_view key) {
  auto result = Exec(kSelectSetting, {Text(key)}, "Đọc thiết lập (get setting)");
  if (!result.ok()) return result.error();
  if (PQntuples(result->get()) == 0) return std::optional<std::string>();
  return std::optional<std::string>(Str(result->get(), 0, 0));
}

}  // namespace kieumau::store_internal
