// The PostgreSQL backend's accounts: users, grants, sessions and failed sign-ins, on the store's
// own connection; each write is one of the store's write transactions (a savepoint inside a unit
// of work). Users, grants and failures are reported to the change feed as "accounts", sessions
// not.
#include <libpq-fe.h>

#include <string>
#include <vector>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadUser, ReadGrant, ReadSession and ReadFailures
// (backend.h) take them; flags as 0 or 1. Usernames are listed in byte order, as SQLite does.
constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, password_hash, must_change_password, disabled,"
    " created_at, updated_at) VALUES ($1, $2, $3, $4::boolean, $5::boolean, $6::bigint,"
    " $7::bigint) RETURNING id";
constexpr const char* kSelectUserById =
    "SELECT id, username, display_name, password_hash, must_change_password::integer,"
    " disabled::integer, created_at, updated_at FROM users WHERE id = $1::bigint";
constexpr const char* kSelectUserByName =
    "SELECT id, username, display_name, password_hash, must_change_password::integer,"
    " disabled::integer, created_at, updated_at FROM users WHERE username = $1";
constexpr const char* kSelectUsers =
    "SELECT id, username, display_name, password_hash, must_change_password::integer,"
    " disabled::integer, created_at, updated_at FROM users ORDER BY username COLLATE \"C\"";
constexpr const char* kUpdateUser =
    "UPDATE users SET username = $2, display_name = $3, password_hash = $4,"
    " must_change_password = $5::boolean, disabled = $6::boolean, updated_at = $7::bigint"
    " WHERE id = $1::bigint";

constexpr const char* kInsertGrant =
    "INSERT INTO grants (user_id, role, unit_id) VALUES ($1::bigint, $2, $3::bigint) RETURNING id";
constexpr const char* kDeleteGrant = "DELETE FROM grants WHERE id = $1::bigint";
constexpr const char* kSelectGrantsOfUser =
    "SELECT id, user_id, role, unit_id FROM grants WHERE user_id = $1::bigint ORDER BY id";
constexpr const char* kSelectGrants = "SELECT id, user_id, role, unit_id FROM grants ORDER BY id";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at,"
    " address) VALUES ($1, $2::bigint, $3, $4::bigint, $5::bigint, $6::bigint, $7)";
constexpr const char* kSelectSession =
    "SELECT token_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, address"
    " FROM sessions WHERE token_hash = $1";
constexpr const char* kTouchSession =
    "UPDATE sessions SET last_seen_at = $2::bigint WHERE token_hash = $1";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = $1::bigint";
// $1 now, $2 now less the idle time.
constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= $1::bigint OR last_seen_at <= $2::bigint";

constexpr const char* kSelectFailures =
    "SELECT key, count, window_start, locked_until FROM sign_in_failures WHERE key = $1";
constexpr const char* kUpsertFailures =
    "INSERT INTO sign_in_failures (key, count, window_start, locked_until)"
    " VALUES ($1, $2::integer, $3::bigint, $4::bigint)"
    " ON CONFLICT (key) DO UPDATE SET count = EXCLUDED.count,"
    " window_start = EXCLUDED.window_start, locked_until = EXCLUDED.locked_until";
constexpr const char* kDeleteFailures = "DELETE FROM sign_in_failures WHERE key = $1";

int64_t Seconds(Timestamp at) {
  return at.time_since_epoch().count();
}

Param Flag(bool value) {
  return Number(int64_t{value ? 1 : 0});
}

std::string IdLabel(int64_t id) {
  return " " + std::to_string(id);
}

// The first row of a result read by `read`, or kNotFound.
template <typename ReadFn>
auto FirstRow(StoreResult<PgResult> result, ReadFn read, std::string_view context)
    -> StoreResult<decltype(read(PgRow{}))> {
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  if (PQntuples(r) == 0) return MakeError(StoreErrorKind::kNotFound, context);
  return read(PgRow{r, 0});
}

}  // namespace

template <typename Record, typename ReadFn>
StoreResult<std::vector<Record>> PostgresAccounts::All(const char* sql,
                                                       const std::vector<Param>& params,
                                                       ReadFn read, std::string_view context) {
  auto result = store_.Exec(sql, params, context);
  if (!result.ok()) return result.error();
  PGresult* r = result->get();
  std::vector<Record> records;
  records.reserve(static_cast<size_t>(PQntuples(r)));
  for (int row = 0; row < PQntuples(r); ++row)
    records.push_back(read(PgRow{r, row}));
  return records;
}

StoreResult<int64_t> PostgresAccounts::Write(const char* sql, std::string_view what,
                                             const std::vector<Param>& params,
                                             std::string_view context, WriteAnswer answer) {
  return store_.Write(context, what, [&]() -> StoreResult<int64_t> {
    auto result = store_.Exec(sql, params, context);
    if (!result.ok()) return result.error();
    if (answer == WriteAnswer::kNewId) return Int(result->get(), 0, 0);  // RETURNING id
    const int64_t changed = PostgresStore::Affected(result->get());
    if (answer == WriteAnswer::kSomeRowChanged && changed == 0) {
      return MakeError(StoreErrorKind::kNotFound, context);
    }
    return changed;
  });
}

// --- Users ---

StoreResult<int64_t> PostgresAccounts::CreateUser(const UserRecord& user) {
  const std::string context = "Thêm người dùng (create user) '" + user.username + "'";
  if (auto error = CheckUser(user, context)) return *error;
  return Write(kInsertUser, kChangeAccounts,
               {Text(user.username), Text(user.display_name), Text(user.password_hash),
                Flag(user.must_change_password), Flag(user.disabled),
                Number(Seconds(user.created_at)), Number(Seconds(user.updated_at))},
               context, WriteAnswer::kNewId);
}

StoreResult<UserRecord> PostgresAccounts::GetUser(int64_t id) {
  const std::string context = "Đọc người dùng (get user)" + IdLabel(id);
  return FirstRow(store_.Exec(kSelectUserById, {Number(id)}, context), ReadUser<PgRow>, context);
}

StoreResult<UserRecord> PostgresAccounts::FindUser(std::string_view username) {
  const std::string context = "Tìm người dùng (find user) '" + std::string(username) + "'";
  if (auto error = CheckAccountKey(username, "tên đăng nhập (username)", context)) return *error;
  return FirstRow(store_.Exec(kSelectUserByName, {Text(username)}, context), ReadUser<PgRow>,
                  context);
}

StoreResult<std::vector<UserRecord>> PostgresAccounts::ListUsers() {
  return All<UserRecord>(kSelectUsers, {}, ReadUser<PgRow>, "Liệt kê người dùng (list users)");
}

StoreStatus PostgresAccounts::UpdateUser(const UserRecord& user) {
  const std::string context = "Sửa người dùng (update user)" + IdLabel(user.id);
  if (auto error = CheckUser(user, context)) return *error;
  auto changed = Write(
      kUpdateUser, kChangeAccounts,
      {Number(user.id), Text(user.username), Text(user.display_name), Text(user.password_hash),
       Flag(user.must_change_password), Flag(user.disabled), Number(Seconds(user.updated_at))},
      context, WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

// --- Grants ---

StoreResult<int64_t> PostgresAccounts::AddGrant(const GrantRecord& grant) {
  const std::string context =
      "Thêm phân quyền (add grant) cho người dùng (for user)" + IdLabel(grant.user_id);
  if (auto error = CheckGrant(grant, context)) return *error;
  return Write(kInsertGrant, kChangeAccounts,
               {Number(grant.user_id), Text(RoleKey(grant.role)), Number(grant.unit_id)}, context,
               WriteAnswer::kNewId);
}

StoreStatus PostgresAccounts::DeleteGrant(int64_t grant_id) {
  auto changed =
      Write(kDeleteGrant, kChangeAccounts, {Number(grant_id)},
            "Xoá phân quyền (delete grant)" + IdLabel(grant_id), WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<std::vector<GrantRecord>> PostgresAccounts::ListGrants(int64_t user_id) {
  return All<GrantRecord>(kSelectGrantsOfUser, {Number(user_id)}, ReadGrant<PgRow>,
                          "Liệt kê phân quyền (list grants)" + IdLabel(user_id));
}

StoreResult<std::vector<GrantRecord>> PostgresAccounts::ListAllGrants() {
  return All<GrantRecord>(kSelectGrants, {}, ReadGrant<PgRow>, "Liệt kê phân quyền (list grants)");
}

// --- Sessions: never reported to the change feed ---

StoreStatus PostgresAccounts::PutSession(const SessionRecord& session) {
  const std::string context =
      "Lưu phiên đăng nhập (put session) của người dùng (of user)" + IdLabel(session.user_id);
  if (auto error = CheckSession(session, context)) return *error;
  auto changed = Write(kInsertSession, kNoChange,
                       {Text(session.token_hash), Number(session.user_id), Text(session.csrf_hash),
                        Number(Seconds(session.created_at)), Number(Seconds(session.last_seen_at)),
                        Number(Seconds(session.expires_at)), Text(session.address)},
                       context, WriteAnswer::kRowsChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<SessionRecord> PostgresAccounts::GetSession(std::string_view token_hash) {
  constexpr std::string_view kContext = "Đọc phiên đăng nhập (get session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  return FirstRow(store_.Exec(kSelectSession, {Text(token_hash)}, kContext), ReadSession<PgRow>,
                  kContext);
}

StoreStatus PostgresAccounts::TouchSession(std::string_view token_hash,
                                           std::chrono::sys_seconds last_seen_at) {
  constexpr std::string_view kContext = "Ghi lần dùng phiên (touch session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  auto changed = Write(kTouchSession, kNoChange, {Text(token_hash), Number(Seconds(last_seen_at))},
                       kContext, WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreStatus PostgresAccounts::DeleteSession(std::string_view token_hash) {
  constexpr std::string_view kContext = "Xoá phiên đăng nhập (delete session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  auto changed =
      Write(kDeleteSession, kNoChange, {Text(token_hash)}, kContext, WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<int64_t> PostgresAccounts::DeleteUserSessions(int64_t user_id) {
  return Write(kDeleteUserSessions, kNoChange, {Number(user_id)},
               "Xoá các phiên của người dùng (delete user sessions)" + IdLabel(user_id),
               WriteAnswer::kRowsChanged);
}

StoreResult<int64_t> PostgresAccounts::DeleteExpiredSessions(std::chrono::sys_seconds now,
                                                             std::chrono::seconds idle) {
  return Write(kDeleteExpiredSessions, kNoChange,
               {Number(Seconds(now)), Number(Seconds(now - idle))},
               "Xoá phiên hết hạn (delete expired sessions)", WriteAnswer::kRowsChanged);
}

// --- Failed sign-ins ---

StoreResult<SignInFailures> PostgresAccounts::GetFailures(std::string_view key) {
  constexpr std::string_view kContext = "Đọc số lần đăng nhập sai (get sign-in failures)";
  if (auto error = CheckAccountKey(key, "khoá (key)", kContext)) return *error;
  auto found =
      FirstRow(store_.Exec(kSelectFailures, {Text(key)}, kContext), ReadFailures<PgRow>, kContext);
  if (!found.ok() && found.error().kind == StoreErrorKind::kNotFound) {
    SignInFailures none;
    none.key = std::string(key);
    return none;
  }
  return found;
}

StoreStatus PostgresAccounts::PutFailures(const SignInFailures& failures) {
  constexpr std::string_view kContext = "Lưu số lần đăng nhập sai (put sign-in failures)";
  if (auto error = CheckFailures(failures, kContext)) return *error;
  std::optional<int64_t> until;
  if (failures.locked_until) until = Seconds(*failures.locked_until);
  auto changed = failures.count == 0
                     ? Write(kDeleteFailures, kChangeAccounts, {Text(failures.key)}, kContext,
                             WriteAnswer::kRowsChanged)
                     : Write(kUpsertFailures, kChangeAccounts,
                             {Text(failures.key), Number(int64_t{failures.count}),
                              Number(Seconds(failures.window_start)), Number(until)},
                             kContext, WriteAnswer::kRowsChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

}  // namespace kieumau::store_internal
