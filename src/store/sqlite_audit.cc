// The SQLite backend's audit trail (audit_store.h), on the store's own connection: entries appended
// in the writer's transaction (a savepoint inside a unit of work), and the sealer, whose
// transaction holds SQLite's single write lock (BEGIN IMMEDIATE) and so is the only sealer. Nothing
// is reported to the change feed.
#include <sqlite3.h>

#include <string>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadAuditEntry (backend.h) takes them.
#define KIEUMAU_AUDIT_COLUMNS                                                           \
  "SELECT id, at, actor_kind, actor_user, channel, address, action, unit_id, subject, " \
  "detail, seal_seq, prev_hash, hash FROM audit_log"

constexpr const char* kInsertEntry =
    "INSERT INTO audit_log (at, actor_kind, actor_user, channel, address, action, unit_id,"
    " subject, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// ?1 unit, ?2 user, ?3 from, ?4 to (NULL: any), ?5 after id, ?6 limit. One statement per leading
// filter, so that each reads its own index (a parameter a statement does not name is bound all
// the same: SQLite counts them up to the largest).
constexpr const char* kListByUnit = KIEUMAU_AUDIT_COLUMNS
    " WHERE unit_id = ?1 AND (?2 IS NULL OR actor_user = ?2) AND (?3 IS NULL OR at >= ?3)"
    " AND (?4 IS NULL OR at < ?4) AND id > ?5 ORDER BY id LIMIT ?6";
constexpr const char* kListByUser = KIEUMAU_AUDIT_COLUMNS
    " WHERE actor_user = ?2 AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)"
    " AND id > ?5 ORDER BY id LIMIT ?6";
constexpr const char* kListAll = KIEUMAU_AUDIT_COLUMNS
    " WHERE (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) AND id > ?5"
    " ORDER BY id LIMIT ?6";
constexpr const char* kSelectSealed =
    KIEUMAU_AUDIT_COLUMNS " WHERE seal_seq > ?1 ORDER BY seal_seq LIMIT ?2";
constexpr const char* kSelectUnsealed =
    KIEUMAU_AUDIT_COLUMNS " WHERE seal_seq IS NULL ORDER BY id LIMIT ?1";
constexpr const char* kAnyUnsealed =
    "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seal_seq IS NULL)";
constexpr const char* kSelectBacklog =
    "SELECT count(*), min(id), (SELECT at FROM audit_log WHERE seal_seq IS NULL ORDER BY id"
    " LIMIT 1) FROM audit_log WHERE seal_seq IS NULL";
constexpr const char* kSealEntry =
    "UPDATE audit_log SET seal_seq = ?2, prev_hash = ?3, hash = ?4"
    " WHERE id = ?1 AND seal_seq IS NULL";
constexpr const char* kSelectHead = "SELECT seal_seq, hash, sealed_at FROM audit_head WHERE id = 1";
constexpr const char* kPutHead =
    "UPDATE audit_head SET seal_seq = ?1, hash = ?2, sealed_at = ?3 WHERE id = 1";

#undef KIEUMAU_AUDIT_COLUMNS

int64_t Seconds(Timestamp at) {
  return at.time_since_epoch().count();
}

std::optional<int64_t> OptSeconds(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return Seconds(*at);
}

}  // namespace

template <typename BindFn>
StoreResult<std::vector<AuditEntry>> SqliteAudit::Entries(const char* sql, BindFn bind,
                                                          std::string_view context) {
  auto use = store_.Prepare(sql, context);
  if (!use.ok()) return use.error();
  bind(*use.value());
  std::vector<AuditEntry> entries;
  int rc;
  while ((rc = use.value()->Step()) == SQLITE_ROW)
    entries.push_back(ReadAuditEntry(*use.value()));
  if (rc != SQLITE_DONE) return store_.Fail(rc, context);
  return entries;
}

std::optional<StoreError> SqliteAudit::Insert(const AuditEntry& entry, std::string_view context) {
  auto use = store_.Prepare(kInsertEntry, context);
  if (!use.ok()) return use.error();
  BoundStatement& insert = *use.value();
  insert.Bind(1, Seconds(entry.at));
  insert.Bind(2, ActorKindKey(entry.actor.kind));
  insert.Bind(3, entry.actor.user);
  insert.Bind(4, FactSourceKey(entry.actor.channel));
  insert.Bind(5, entry.actor.address);
  insert.Bind(6, entry.action);
  insert.Bind(7, entry.unit_id);
  insert.Bind(8, entry.subject);
  insert.Bind(9, entry.detail_json);
  if (int rc = insert.Step(); rc != SQLITE_DONE) return store_.Fail(rc, context);
  return std::nullopt;
}

StoreResult<int64_t> SqliteAudit::Append(const AuditEntry& entry) {
  const std::string context = "Ghi nhật ký kiểm toán (append audit entry) '" + entry.action + "'";
  if (auto error = CheckAuditEntry(entry, context)) return *error;
  return store_.Write(context, kNoChange, [&]() -> StoreResult<int64_t> {
    if (auto error = Insert(entry, context)) return *error;
    return int64_t{sqlite3_last_insert_rowid(store_.db_)};
  });
}

StoreStatus SqliteAudit::AppendAll(std::span<const AuditEntry> entries) {
  constexpr std::string_view kContext = "Ghi nhật ký kiểm toán (append audit entries)";
  for (const AuditEntry& entry : entries)
    if (auto error = CheckAuditEntry(entry, kContext)) return *error;
  if (entries.empty()) return Success{};
  return store_.Write(kContext, kNoChange, [&]() -> StoreStatus {
    for (const AuditEntry& entry : entries)
      if (auto error = Insert(entry, kContext)) return *error;
    return Success{};
  });
}

StoreResult<std::vector<AuditEntry>> SqliteAudit::List(const AuditFilter& filter) {
  constexpr std::string_view kContext = "Đọc nhật ký kiểm toán (list audit entries)";
  if (filter.limit < 1 || filter.limit > kMaxAuditList) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "số mục phải từ 1 đến 1000 (the limit must be 1 to 1000)");
  }
  const char* sql = filter.unit_id ? kListByUnit : filter.user ? kListByUser : kListAll;
  std::optional<std::string_view> user;
  if (filter.user) user = *filter.user;
  return Entries(
      sql,
      [&](BoundStatement& use) {
        use.Bind(1, filter.unit_id);
        if (user) use.Bind(2, *user);
        use.Bind(3, OptSeconds(filter.from));
        use.Bind(4, OptSeconds(filter.to));
        use.Bind(5, filter.after_id);
        use.Bind(6, filter.limit);
      },
      kContext);
}

StoreResult<std::vector<AuditEntry>> SqliteAudit::Sealed(int64_t after_seq, int64_t limit) {
  return Entries(
      kSelectSealed,
      [&](BoundStatement& use) {
        use.Bind(1, after_seq);
        use.Bind(2, limit);
      },
      "Đọc chuỗi nhật ký kiểm toán (read the audit chain)");
}

StoreResult<AuditHead> SqliteAudit::Head() {
  constexpr std::string_view kContext = "Đọc đầu chuỗi nhật ký (read the audit head)";
  auto use = store_.Prepare(kSelectHead, kContext);
  if (!use.ok()) return use.error();
  BoundStatement& select = *use.value();
  int rc = select.Step();
  if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, kContext);
  if (rc != SQLITE_ROW) return store_.Fail(rc, kContext);
  return AuditHead{select.Int(0), select.Text(1), Timestamp(std::chrono::seconds(select.Int(2)))};
}

StoreResult<AuditBacklog> SqliteAudit::Backlog() {
  constexpr std::string_view kContext = "Đếm mục chưa niêm phong (count unsealed audit entries)";
  auto use = store_.Prepare(kSelectBacklog, kContext);
  if (!use.ok()) return use.error();
  BoundStatement& select = *use.value();
  if (int rc = select.Step(); rc != SQLITE_ROW) return store_.Fail(rc, kContext);
  AuditBacklog backlog;
  backlog.count = select.Int(0);
  backlog.oldest_id = select.OptInt(1);
  if (std::optional<int64_t> at = select.OptInt(2))
    backlog.oldest_at = Timestamp(std::chrono::seconds(*at));
  return backlog;
}

StoreResult<int64_t> SqliteAudit::Seal(int64_t limit, Timestamp at) {
  constexpr std::string_view kContext = "Niêm phong nhật ký kiểm toán (seal the audit trail)";
  if (store_.depth_ > 0) return InsideUnitOfWorkError(kContext);
  if (limit < 1) return int64_t{0};
  {
    // Nothing to seal: no write lock taken.
    auto use = store_.Prepare(kAnyUnsealed, kContext);
    if (!use.ok()) return use.error();
    if (int rc = use.value()->Step(); rc != SQLITE_ROW) return store_.Fail(rc, kContext);
    if (use.value()->Int(0) == 0) return int64_t{0};
  }
  return store_.Write(kContext, kNoChange, [&]() -> StoreResult<int64_t> {
    StoreResult<AuditHead> head = Head();
    if (!head) return head.error();
    StoreResult<std::vector<AuditEntry>> entries = Entries(
        kSelectUnsealed, [&](BoundStatement& use) { use.Bind(1, limit); }, kContext);
    if (!entries) return entries.error();
    if (entries->empty()) return int64_t{0};
    const std::vector<AuditSeal> seals = ChainSeals(*head, *entries);
    auto use = store_.Prepare(kSealEntry, kContext);
    if (!use.ok()) return use.error();
    for (const AuditSeal& seal : seals) {
      BoundStatement& update = *use.value();
      update.Bind(1, seal.id);
      update.Bind(2, seal.seal_seq);
      update.Bind(3, seal.prev_hash);
      update.Bind(4, seal.hash);
      if (int rc = update.Step(); rc != SQLITE_DONE) return store_.Fail(rc, kContext);
      update.Reset();
      if (sqlite3_changes64(store_.db_) != 1) {
        return MakeError(StoreErrorKind::kUnavailable, kContext,
                         "mục " + std::to_string(seal.id) +
                             " đã được niêm phong nơi khác (the entry was sealed elsewhere)");
      }
    }
    auto put = store_.Prepare(kPutHead, kContext);
    if (!put.ok()) return put.error();
    put.value()->Bind(1, seals.back().seal_seq);
    put.value()->Bind(2, seals.back().hash);
    put.value()->Bind(3, Seconds(at));
    if (int rc = put.value()->Step(); rc != SQLITE_DONE) return store_.Fail(rc, kContext);
    if (sqlite3_changes64(store_.db_) != 1) {
      return MakeError(StoreErrorKind::kNotFound, kContext,
                       "không có đầu chuỗi (audit_head has no row)");
    }
    return static_cast<int64_t>(seals.size());
  });
}

}  // namespace kieumau::store_internal
