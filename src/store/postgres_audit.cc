// The PostgreSQL backend's audit trail (audit_store.h), on the store's own connection: entries
// appended in the writer's transaction (a savepoint inside a unit of work), taking no lock but on
// their new rows; and the sealer, which locks the one row of `audit_head` (one sealer at a time on
// the database; writers never touch that row, so they never wait for it). Nothing is reported to
// the change feed.
#include <libpq-fe.h>

#include <string>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadAuditEntry (backend.h) takes them.
#define KIEUMAU_AUDIT_COLUMNS                                                           \
  "SELECT id, at, actor_kind, actor_user, channel, address, action, unit_id, subject, " \
  "detail, seal_seq, prev_hash, hash FROM audit_log"

constexpr const char* kInsertEntry =
    "INSERT INTO audit_log (at, actor_kind, actor_user, channel, address, action, unit_id,"
    " subject, detail) VALUES ($1::bigint, $2, $3, $4, $5, $6, $7::bigint, $8, $9::json)"
    " RETURNING id";
// Many entries in one statement, their ids rising in the order given.
constexpr const char* kInsertEntries =
    "INSERT INTO audit_log (at, actor_kind, actor_user, channel, address, action, unit_id,"
    " subject, detail)"
    " SELECT t, k, u, c, a, n, i, s, d::json FROM unnest($1::bigint[], $2::text[], $3::text[],"
    " $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[]) WITH ORDINALITY"
    " AS r (t, k, u, c, a, n, i, s, d, o) ORDER BY o";
// $1 unit, $2 user, $3 from, $4 to (NULL: any), $5 after id, $6 limit. Each statement is planned
// with its values, so a filter not given costs nothing.
constexpr const char* kList = KIEUMAU_AUDIT_COLUMNS
    " WHERE ($1::bigint IS NULL OR unit_id = $1::bigint) AND ($2::text IS NULL OR actor_user = $2)"
    " AND ($3::bigint IS NULL OR at >= $3::bigint) AND ($4::bigint IS NULL OR at < $4::bigint)"
    " AND id > $5::bigint ORDER BY id LIMIT $6::bigint";
constexpr const char* kSelectSealed =
    KIEUMAU_AUDIT_COLUMNS " WHERE seal_seq > $1::bigint ORDER BY seal_seq LIMIT $2::bigint";
constexpr const char* kSelectUnsealed =
    KIEUMAU_AUDIT_COLUMNS " WHERE seal_seq IS NULL ORDER BY id LIMIT $1::bigint";
constexpr const char* kAnyUnsealed =
    "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seal_seq IS NULL)::integer";
constexpr const char* kSelectBacklog =
    "SELECT count(*), min(id), (SELECT at FROM audit_log WHERE seal_seq IS NULL ORDER BY id"
    " LIMIT 1) FROM audit_log WHERE seal_seq IS NULL";
constexpr const char* kSealEntries =
    "UPDATE audit_log AS a SET seal_seq = s.q, prev_hash = s.p, hash = s.h"
    " FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s (i, q, p, h)"
    " WHERE a.id = s.i AND a.seal_seq IS NULL";
constexpr const char* kSelectHead = "SELECT seal_seq, hash, sealed_at FROM audit_head WHERE id = 1";
// The sealer's lock: one sealer at a time; it waits for another, then reads the head as that one
// left it.
constexpr const char* kLockHead =
    "SELECT seal_seq, hash, sealed_at FROM audit_head WHERE id = 1 FOR UPDATE";
constexpr const char* kPutHead =
    "UPDATE audit_head SET seal_seq = $1::bigint, hash = $2, sealed_at = $3::bigint WHERE id = 1";

#undef KIEUMAU_AUDIT_COLUMNS

int64_t Seconds(Timestamp at) {
  return at.time_since_epoch().count();
}

Param OptSeconds(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return Number(Seconds(*at));
}

std::vector<Param> EntryParams(const AuditEntry& entry) {
  return {Number(Seconds(entry.at)), Text(ActorKindKey(entry.actor.kind)),
          Text(entry.actor.user),    Text(FactSourceKey(entry.actor.channel)),
          Text(entry.actor.address), Text(entry.action),
          Number(entry.unit_id),     Text(entry.subject),
          Text(entry.detail_json)};
}

StoreResult<AuditHead> HeadOf(StoreResult<PgResult> result, std::string_view context) {
  if (!result) return result.error();
  PGresult* r = result->get();
  if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
  return AuditHead{Int(r, 0, 0), Str(r, 0, 1), Timestamp(std::chrono::seconds(Int(r, 0, 2)))};
}

}  // namespace

StoreResult<std::vector<AuditEntry>> PostgresAudit::Entries(const char* sql,
                                                            const std::vector<Param>& params,
                                                            std::string_view context) {
  auto result = store_.Exec(sql, params, context);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<AuditEntry> entries;
  entries.reserve(static_cast<size_t>(PQntuples(r)));
  for (int row = 0; row < PQntuples(r); ++row)
    entries.push_back(ReadAuditEntry(PgRow{r, row}));
  return entries;
}

StoreResult<int64_t> PostgresAudit::Append(const AuditEntry& entry) {
  const std::string context = "Ghi nhật ký kiểm toán (append audit entry) '" + entry.action + "'";
  if (auto error = CheckAuditEntry(entry, context)) return *error;
  return store_.Write(context, kNoChange, [&]() -> StoreResult<int64_t> {
    auto result = store_.Exec(kInsertEntry, EntryParams(entry), context);
    if (!result.ok()) return result.error();
    return Int(result->get(), 0, 0);
  });
}

StoreStatus PostgresAudit::AppendAll(std::span<const AuditEntry> entries) {
  constexpr std::string_view kContext = "Ghi nhật ký kiểm toán (append audit entries)";
  for (const AuditEntry& entry : entries)
    if (auto error = CheckAuditEntry(entry, kContext)) return *error;
  if (entries.empty()) return Success{};
  ArrayLiteral at, kinds, users, channels, addresses, actions, units, subjects, details;
  for (const AuditEntry& entry : entries) {
    at.Add(Seconds(entry.at));
    kinds.Add(ActorKindKey(entry.actor.kind));
    users.Add(entry.actor.user);
    channels.Add(FactSourceKey(entry.actor.channel));
    addresses.Add(entry.actor.address);
    actions.Add(entry.action);
    if (entry.unit_id) {
      units.Add(*entry.unit_id);
    } else {
      units.AddNull();
    }
    subjects.Add(entry.subject);
    details.Add(entry.detail_json);
  }
  const std::vector<Param> params{at.Take(),       kinds.Take(),     users.Take(),
                                  channels.Take(), addresses.Take(), actions.Take(),
                                  units.Take(),    subjects.Take(),  details.Take()};
  return store_.Write(kContext, kNoChange, [&]() -> StoreStatus {
    if (auto result = store_.Exec(kInsertEntries, params, kContext); !result.ok())
      return result.error();
    return Success{};
  });
}

StoreResult<std::vector<AuditEntry>> PostgresAudit::List(const AuditFilter& filter) {
  constexpr std::string_view kContext = "Đọc nhật ký kiểm toán (list audit entries)";
  if (filter.limit < 1 || filter.limit > kMaxAuditList) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "số mục phải từ 1 đến 1000 (the limit must be 1 to 1000)");
  }
  if (filter.user && filter.user->find('\0') != std::string::npos) return std::vector<AuditEntry>{};
  return Entries(kList,
                 {Number(filter.unit_id), filter.user ? Text(*filter.user) : std::nullopt,
                  OptSeconds(filter.from), OptSeconds(filter.to), Number(filter.after_id),
                  Number(filter.limit)},
                 kContext);
}

StoreResult<std::vector<AuditEntry>> PostgresAudit::Sealed(int64_t after_seq, int64_t limit) {
  return Entries(kSelectSealed, {Number(after_seq), Number(limit)},
                 "Đọc chuỗi nhật ký kiểm toán (read the audit chain)");
}

StoreResult<AuditHead> PostgresAudit::Head() {
  constexpr std::string_view kContext = "Đọc đầu chuỗi nhật ký (read the audit head)";
  return HeadOf(store_.Exec(kSelectHead, {}, kContext), kContext);
}

StoreResult<AuditBacklog> PostgresAudit::Backlog() {
  constexpr std::string_view kContext = "Đếm mục chưa niêm phong (count unsealed audit entries)";
  auto result = store_.Exec(kSelectBacklog, {}, kContext);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  AuditBacklog backlog;
  backlog.count = Int(r, 0, 0);
  backlog.oldest_id = OptInt(r, 0, 1);
  if (std::optional<int64_t> at = OptInt(r, 0, 2))
    backlog.oldest_at = Timestamp(std::chrono::seconds(*at));
  return backlog;
}

StoreResult<int64_t> PostgresAudit::Seal(int64_t limit, Timestamp at) {
  constexpr std::string_view kContext = "Niêm phong nhật ký kiểm toán (seal the audit trail)";
  if (store_.depth_ > 0) return InsideUnitOfWorkError(kContext);
  if (limit < 1) return int64_t{0};
  {
    // Nothing to seal: no lock taken.
    auto any = store_.Exec(kAnyUnsealed, {}, kContext);
    if (!any.ok()) return any.error();
    if (Int(any->get(), 0, 0) == 0) return int64_t{0};
  }
  return store_.Write(kContext, kNoChange, [&]() -> StoreResult<int64_t> {
    StoreResult<AuditHead> head = HeadOf(store_.Exec(kLockHead, {}, kContext), kContext);
    if (!head) return head.error();
    // Read after the lock: what another sealer sealed before it let go is sealed already.
    StoreResult<std::vector<AuditEntry>> entries =
        Entries(kSelectUnsealed, {Number(limit)}, kContext);
    if (!entries) return entries.error();
    if (entries->empty()) return int64_t{0};
    const std::vector<AuditSeal> seals = ChainSeals(*head, *entries);
    ArrayLiteral ids, seqs, prevs, hashes;
    for (const AuditSeal& seal : seals) {
      ids.Add(seal.id);
      seqs.Add(seal.seal_seq);
      prevs.Add(seal.prev_hash);
      hashes.Add(seal.hash);
    }
    auto sealed =
        store_.Exec(kSealEntries, {ids.Take(), seqs.Take(), prevs.Take(), hashes.Take()}, kContext);
    if (!sealed.ok()) return sealed.error();
    if (PostgresStore::Affected(sealed->get()) != static_cast<int64_t>(seals.size())) {
      return MakeError(StoreErrorKind::kUnavailable, kContext,
                       "có mục đã được niêm phong nơi khác (an entry was sealed elsewhere)");
    }
    auto put = store_.Exec(
        kPutHead, {Number(seals.back().seal_seq), Text(seals.back().hash), Number(Seconds(at))},
        kContext);
    if (!put.ok()) return put.error();
    return static_cast<int64_t>(seals.size());
  });
}

}  // namespace kieumau::store_internal
