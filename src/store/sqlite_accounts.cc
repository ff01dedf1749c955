// The SQLite backend's accounts: users, grants, sessions and failed sign-ins, on the store's own
// connection; each write is one of the store's write transactions (a savepoint inside a unit of
// work). Users, grants and failures are reported to the change feed as "accounts", sessions not.
#include <sqlite3.h>

#include <string>

#include "store/backend.h"
#include "store/sqlite_internal.h"

namespace kieumau::store_internal {

namespace {

// The SELECTs give the columns in the order ReadUser, ReadGrant, ReadSession and ReadFailures
// (backend.h) take them.
constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, password_hash, must_change_password, disabled,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kSelectUserById =
    "SELECT id, username, display_name, password_hash, must_change_password, disabled,"
    " created_at, updated_at FROM users WHERE id = ?1";
constexpr const char* kSelectUserByName =
    "SELECT id, username, display_name, password_hash, must_change_password, disabled,"
    " created_at, updated_at FROM users WHERE username = ?1";
constexpr const char* kSelectUsers =
    "SELECT id, username, display_name, password_hash, must_change_password, disabled,"
    " created_at, updated_at FROM users ORDER BY username";
constexpr const char* kUpdateUser =
    "UPDATE users SET username = ?2, display_name = ?3, password_hash = ?4,"
    " must_change_password = ?5, disabled = ?6, updated_at = ?7 WHERE id = ?1";

constexpr const char* kInsertGrant =
    "INSERT INTO grants (user_id, role, unit_id) VALUES (?1, ?2, ?3)";
constexpr const char* kDeleteGrant = "DELETE FROM grants WHERE id = ?1";
constexpr const char* kSelectGrantsOfUser =
    "SELECT id, user_id, role, unit_id FROM grants WHERE user_id = ?1 ORDER BY id";
constexpr const char* kSelectGrants = "SELECT id, user_id, role, unit_id FROM grants ORDER BY id";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at,"
    " address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kSelectSession =
    "SELECT token_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, address"
    " FROM sessions WHERE token_hash = ?1";
constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?1";
// ?1 now, ?2 now less the idle time.
constexpr const char* kDeleteExpiredSessions =
    "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2";

constexpr const char* kSelectFailures =
    "SELECT key, count, window_start, locked_until FROM sign_in_failures WHERE key = ?1";
constexpr const char* kUpsertFailures =
    "INSERT INTO sign_in_failures (key, count, window_start, locked_until) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (key) DO UPDATE SET count = excluded.count,"
    " window_start = excluded.window_start, locked_until = excluded.locked_until";
constexpr const char* kDeleteFailures = "DELETE FROM sign_in_failures WHERE key = ?1";

int64_t Seconds(Timestamp at) {
  return at.time_since_epoch().count();
}

// ?2 … ?7 of kInsertUser and kUpdateUser (the one's ?1 is the username, the other's the id).
void BindUserFields(BoundStatement& use, const UserRecord& user, int first) {
  use.Bind(first, user.display_name);
  use.Bind(first + 1, user.password_hash);
  use.Bind(first + 2, int64_t{user.must_change_password ? 1 : 0});
  use.Bind(first + 3, int64_t{user.disabled ? 1 : 0});
}

std::string IdLabel(int64_t id) {
  return " " + std::to_string(id);
}

}  // namespace

template <typename Record, typename BindFn, typename ReadFn>
StoreResult<Record> SqliteAccounts::One(const char* sql, BindFn bind, ReadFn read,
                                        std::string_view context) {
  auto use = store_.Prepare(sql, context);
  if (!use.ok()) return use.error();
  bind(*use.value());
  int rc = use.value()->Step();
  if (rc == SQLITE_DONE) return MakeError(StoreErrorKind::kNotFound, context);
  if (rc != SQLITE_ROW) return store_.Fail(rc, context);
  return read(*use.value());
}

template <typename Record, typename BindFn, typename ReadFn>
StoreResult<std::vector<Record>> SqliteAccounts::All(const char* sql, BindFn bind, ReadFn read,
                                                     std::string_view context) {
  auto use = store_.Prepare(sql, context);
  if (!use.ok()) return use.error();
  bind(*use.value());
  std::vector<Record> records;
  int rc;
  while ((rc = use.value()->Step()) == SQLITE_ROW)
    records.push_back(read(*use.value()));
  if (rc != SQLITE_DONE) return store_.Fail(rc, context);
  return records;
}

template <typename BindFn>
StoreResult<int64_t> SqliteAccounts::Write(const char* sql, std::string_view what, BindFn bind,
                                           std::string_view context, WriteAnswer answer) {
  return store_.Write(context, what, [&]() -> StoreResult<int64_t> {
    auto use = store_.Prepare(sql, context);
    if (!use.ok()) return use.error();
    bind(*use.value());
    if (int rc = use.value()->Step(); rc != SQLITE_DONE) return store_.Fail(rc, context);
    if (answer == WriteAnswer::kNewId) return int64_t{sqlite3_last_insert_rowid(store_.db_)};
    const int64_t changed = sqlite3_changes64(store_.db_);
    if (answer == WriteAnswer::kSomeRowChanged && changed == 0) {
      return MakeError(StoreErrorKind::kNotFound, context);
    }
    return changed;
  });
}

// --- Users ---

StoreResult<int64_t> SqliteAccounts::CreateUser(const UserRecord& user) {
  const std::string context = "Thêm người dùng (create user) '" + user.username + "'";
  if (auto error = CheckUser(user, context)) return *error;
  return Write(
      kInsertUser, kChangeAccounts,
      [&](BoundStatement& use) {
        use.Bind(1, user.username);
        BindUserFields(use, user, 2);
        use.Bind(6, Seconds(user.created_at));
        use.Bind(7, Seconds(user.updated_at));
      },
      context, WriteAnswer::kNewId);
}

StoreResult<UserRecord> SqliteAccounts::GetUser(int64_t id) {
  return One<UserRecord>(
      kSelectUserById, [id](BoundStatement& use) { use.Bind(1, id); }, ReadUser<BoundStatement>,
      "Đọc người dùng (get user)" + IdLabel(id));
}

StoreResult<UserRecord> SqliteAccounts::FindUser(std::string_view username) {
  const std::string context = "Tìm người dùng (find user) '" + std::string(username) + "'";
  if (auto error = CheckAccountKey(username, "tên đăng nhập (username)", context)) return *error;
  return One<UserRecord>(
      kSelectUserByName, [username](BoundStatement& use) { use.Bind(1, username); },
      ReadUser<BoundStatement>, context);
}

StoreResult<std::vector<UserRecord>> SqliteAccounts::ListUsers() {
  return All<UserRecord>(
      kSelectUsers, [](BoundStatement&) {}, ReadUser<BoundStatement>,
      "Liệt kê người dùng (list users)");
}

StoreStatus SqliteAccounts::UpdateUser(const UserRecord& user) {
  const std::string context = "Sửa người dùng (update user)" + IdLabel(user.id);
  if (auto error = CheckUser(user, context)) return *error;
  auto changed = Write(
      kUpdateUser, kChangeAccounts,
      [&](BoundStatement& use) {
        use.Bind(1, user.id);
        use.Bind(2, user.username);
        BindUserFields(use, user, 3);
        use.Bind(7, Seconds(user.updated_at));
      },
      context, WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

// --- Grants ---

StoreResult<int64_t> SqliteAccounts::AddGrant(const GrantRecord& grant) {
  const std::string context =
      "Thêm phân quyền (add grant) cho người dùng (for user)" + IdLabel(grant.user_id);
  if (auto error = CheckGrant(grant, context)) return *error;
  return Write(
      kInsertGrant, kChangeAccounts,
      [&](BoundStatement& use) {
        use.Bind(1, grant.user_id);
        use.Bind(2, RoleKey(grant.role));
        use.Bind(3, grant.unit_id);
      },
      context, WriteAnswer::kNewId);
}

StoreStatus SqliteAccounts::DeleteGrant(int64_t grant_id) {
  auto changed = Write(
      kDeleteGrant, kChangeAccounts, [&](BoundStatement& use) { use.Bind(1, grant_id); },
      "Xoá phân quyền (delete grant)" + IdLabel(grant_id), WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<std::vector<GrantRecord>> SqliteAccounts::ListGrants(int64_t user_id) {
  return All<GrantRecord>(
      kSelectGrantsOfUser, [user_id](BoundStatement& use) { use.Bind(1, user_id); },
      ReadGrant<BoundStatement>, "Liệt kê phân quyền (list grants)" + IdLabel(user_id));
}

StoreResult<std::vector<GrantRecord>> SqliteAccounts::ListAllGrants() {
  return All<GrantRecord>(
      kSelectGrants, [](BoundStatement&) {}, ReadGrant<BoundStatement>,
      "Liệt kê phân quyền (list grants)");
}

// --- Sessions: never reported to the change feed ---

StoreStatus SqliteAccounts::PutSession(const SessionRecord& session) {
  const std::string context =
      "Lưu phiên đăng nhập (put session) của người dùng (of user)" + IdLabel(session.user_id);
  if (auto error = CheckSession(session, context)) return *error;
  auto changed = Write(
      kInsertSession, kNoChange,
      [&](BoundStatement& use) {
        use.Bind(1, session.token_hash);
        use.Bind(2, session.user_id);
        use.Bind(3, session.csrf_hash);
        use.Bind(4, Seconds(session.created_at));
        use.Bind(5, Seconds(session.last_seen_at));
        use.Bind(6, Seconds(session.expires_at));
        use.Bind(7, session.address);
      },
      context, WriteAnswer::kRowsChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<SessionRecord> SqliteAccounts::GetSession(std::string_view token_hash) {
  constexpr std::string_view kContext = "Đọc phiên đăng nhập (get session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  return One<SessionRecord>(
      kSelectSession, [token_hash](BoundStatement& use) { use.Bind(1, token_hash); },
      ReadSession<BoundStatement>, kContext);
}

StoreStatus SqliteAccounts::TouchSession(std::string_view token_hash,
                                         std::chrono::sys_seconds last_seen_at) {
  constexpr std::string_view kContext = "Ghi lần dùng phiên (touch session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  auto changed = Write(
      kTouchSession, kNoChange,
      [&](BoundStatement& use) {
        use.Bind(1, token_hash);
        use.Bind(2, Seconds(last_seen_at));
      },
      kContext, WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreStatus SqliteAccounts::DeleteSession(std::string_view token_hash) {
  constexpr std::string_view kContext = "Xoá phiên đăng nhập (delete session)";
  if (auto error = CheckAccountKey(token_hash, "mã băm phiên (token hash)", kContext)) {
    return *error;
  }
  auto changed = Write(
      kDeleteSession, kNoChange, [&](BoundStatement& use) { use.Bind(1, token_hash); }, kContext,
      WriteAnswer::kSomeRowChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

StoreResult<int64_t> SqliteAccounts::DeleteUserSessions(int64_t user_id) {
  return Write(
      kDeleteUserSessions, kNoChange, [&](BoundStatement& use) { use.Bind(1, user_id); },
      "Xoá các phiên của người dùng (delete user sessions)" + IdLabel(user_id),
      WriteAnswer::kRowsChanged);
}

StoreResult<int64_t> SqliteAccounts::DeleteExpiredSessions(std::chrono::sys_seconds now,
                                                           std::chrono::seconds idle) {
  return Write(
      kDeleteExpiredSessions, kNoChange,
      [&](BoundStatement& use) {
        use.Bind(1, Seconds(now));
        use.Bind(2, Seconds(now - idle));
      },
      "Xoá phiên hết hạn (delete expired sessions)", WriteAnswer::kRowsChanged);
}

// --- Failed sign-ins ---

StoreResult<SignInFailures> SqliteAccounts::GetFailures(std::string_view key) {
  constexpr std::string_view kContext = "Đọc số lần đăng nhập sai (get sign-in failures)";
  if (auto error = CheckAccountKey(key, "khoá (key)", kContext)) return *error;
  auto found = One<SignInFailures>(
      kSelectFailures, [key](BoundStatement& use) { use.Bind(1, key); },
      ReadFailures<BoundStatement>, kContext);
  if (!found.ok() && found.error().kind == StoreErrorKind::kNotFound) {
    SignInFailures none;
    none.key = std::string(key);
    return none;
  }
  return found;
}

StoreStatus SqliteAccounts::PutFailures(const SignInFailures& failures) {
  constexpr std::string_view kContext = "Lưu số lần đăng nhập sai (put sign-in failures)";
  if (auto error = CheckFailures(failures, kContext)) return *error;
  std::optional<int64_t> until;
  if (failures.locked_until) until = Seconds(*failures.locked_until);
  auto changed = Write(
      failures.count == 0 ? kDeleteFailures : kUpsertFailures, kChangeAccounts,
      [&](BoundStatement& use) {
        use.Bind(1, failures.key);
        if (failures.count == 0) return;
        use.Bind(2, int64_t{failures.count});
        use.Bind(3, Seconds(failures.window_start));
        use.Bind(4, until);
      },
      kContext, WriteAnswer::kRowsChanged);
  if (!changed.ok()) return changed.error();
  return Success{};
}

}  // namespace kieumau::store_internal
