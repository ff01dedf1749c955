#include "app/accounts/accounts_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "accounts/credentials.h"
#include "app/audit/audit_service.h"

namespace kieumau::app {

namespace {

using std::chrono::sys_seconds;

Problem WrongCredentials() {
  return Problem{ErrorCode::kUnauthenticated,
                 "Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)"};
}

Problem NotSignedIn() {
  return Problem{ErrorCode::kUnauthenticated,
                 "Chưa đăng nhập hoặc phiên đã hết hạn, hãy đăng nhập lại (not signed in, or the "
                 "session expired: sign in again)"};
}

// "05:15 ngày 08/12/2026 (giờ Việt Nam)": Vietnam keeps UTC+7 all year.
std::string TimeText(sys_seconds at) {
  const std::time_t t = (at + std::chrono::hours(7)).time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:02}:{:02} ngày {:02}/{:02}/{} (giờ Việt Nam)", tm.tm_hour, tm.tm_min,
                     tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

Problem Locked(sys_seconds until) {
  return Problem{ErrorCode::kTooManyAttempts,
                 fmt::format("Đăng nhập sai quá nhiều lần; hãy thử lại sau {} (too many failed "
                             "sign-ins; try again after that time)",
                             TimeText(until))};
}

UserRecord WithoutHash(UserRecord user) {
  user.password_hash.clear();
  return user;
}

using Json = nlohmann::ordered_json;

std::string DetailText(const Json& detail) {
  return detail.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A signed-in user's actions, through the API.
WriteActor UserActor(int64_t user_id, std::string_view address) {
  return WriteActor{ActorKind::kUser, std::to_string(user_id), FactSource::kApi,
                    std::string(address)};
}

// Someone not signed in, from `address`.
WriteActor Visitor(std::string_view address) {
  return WriteActor{ActorKind::kAnonymous, "", FactSource::kApi, std::string(address)};
}

// A failed sign-in as the audit trail records it.
AuditEntry SignInFailed(std::string_view username, std::string_view address,
                        std::string_view reason, std::optional<int64_t> user_id, Timestamp at) {
  Json detail{{"reason", reason}, {"user_id", user_id ? Json(*user_id) : Json(nullptr)}};
  return MakeAuditEntry(Visitor(address), audit_action::kSignInFailed, std::nullopt, username,
                        DetailText(detail), at);
}

}  // namespace

ProblemOr<UserRecord> CreateUser(Store& store, const NewUser& input, Timestamp at,
                                 const WriteActor& actor) {
  Result<std::string> username = accounts::NormalizeUsername(input.username);
  if (!username) return FromError(username.error());
  if (std::optional<std::string> why = accounts::CheckNewPassword(input.password, *username))
    return Problem{ErrorCode::kInvalid, *why};
  Result<std::string> hash = accounts::HashPassword(input.password);
  if (!hash) return FromError(hash.error(), ErrorCode::kInternal);
  UserRecord user;
  user.username = *username;
  user.display_name = input.display_name.empty() ? *username : input.display_name;
  user.password_hash = *hash;
  user.must_change_password = input.must_change_password;
  user.created_at = user.updated_at = at;
  StoreStatus written = store.InTransaction([&](Store& s) -> StoreStatus {
    StoreResult<int64_t> id = s.accounts().CreateUser(user);
    if (!id) return id.error();
    user.id = *id;
    Json grants = Json::array();
    for (GrantRecord grant : input.grants) {
      grant.user_id = *id;
      StoreResult<int64_t> added = s.accounts().AddGrant(grant);
      if (!added) return added.error();
      grants.push_back({{"id", *added},
                        {"role", RoleKey(grant.role)},
                        {"unit", grant.unit_id ? Json(*grant.unit_id) : Json(nullptr)}});
    }
    const Json detail{{"before", nullptr},
                      {"after",
                       {{"id", user.id},
                        {"username", user.username},
                        {"display_name", user.display_name},
                        {"must_change_password", user.must_change_password},
                        {"disabled", user.disabled},
                        {"grants", std::move(grants)}}}};
    StoreResult<int64_t> logged = s.audit().Append(MakeAuditEntry(
        actor, audit_action::kUserCreate, std::nullopt, user.username, DetailText(detail), at));
    if (!logged) return logged.error();
    return Success{};
  });
  if (!written) return FromStore(written.error());
  return WithoutHash(user);
}

ProblemOr<UserRecord> AccountsService::AddUser(const NewUser& input, const WriteActor& actor) {
  StorePool::Lease store = context_.pool().Acquire();
  return CreateUser(*store, input, context_.Now(), actor);
}

ProblemOr<NewSession> AccountsService::SignIn(std::string_view username_given,
                                              std::string_view password, std::string_view address) {
  const sys_seconds now = context_.Now();
  // An unusable username is a wrong one: the same answer, the same work.
  Result<std::string> folded = accounts::NormalizeUsername(username_given);
  const std::string username = folded ? *folded : std::string(username_given.substr(0, 64));
  const std::string account_key = "user:" + username;
  const std::string address_key = "address:" + std::string(address);

  StorePool::Lease store = context_.pool().Acquire();
  AccountStore& accounts = store->accounts();
  for (const std::string* key : {&account_key, &address_key}) {
    StoreResult<SignInFailures> failures = accounts.GetFailures(*key);
    if (!failures) return FromStore(failures.error());
    if (failures->locked_until && *failures->locked_until > now) {
      StoreResult<int64_t> logged =
          store->audit().Append(SignInFailed(username, address, "locked", std::nullopt, now));
      if (!logged) return FromStore(logged.error());
      return Locked(*failures->locked_until);
    }
  }
  StoreResult<UserRecord> user =
      folded ? accounts.FindUser(username)
             : StoreResult<UserRecord>(StoreError{StoreErrorKind::kNotFound, "", ""});
  if (!user && user.error().kind != StoreErrorKind::kNotFound) return FromStore(user.error());
  // The hash is checked whether or not the account exists, so that the time taken does not tell.
  const bool matches =
      accounts::VerifyPassword(user ? user->password_hash : accounts::DecoyHash(), password);
  if (!user || !matches) {
    std::optional<sys_seconds> locked;
    // The counts and the audit entry in one unit of work.
    StoreStatus counted = store->InTransaction([&](Store& s) -> StoreStatus {
      for (const auto& [key, limit] : {std::pair{&account_key, policy_.account_failures},
                                       std::pair{&address_key, policy_.address_failures}}) {
        StoreResult<SignInFailures> failures = s.accounts().GetFailures(*key);
        if (!failures) return failures.error();
        SignInFailures next = *failures;
        next.key = *key;
        if (next.count == 0 || now - next.window_start >= policy_.window) {
          next.count = 0;
          next.window_start = now;
          next.locked_until.reset();
        }
        ++next.count;
        if (next.count >= limit) {
          next.locked_until = now + policy_.lockout;
          locked = next.locked_until;
        }
        if (StoreStatus put = s.accounts().PutFailures(next); !put) return put;
      }
      std::optional<int64_t> user_id;
      if (user) user_id = user->id;
      StoreResult<int64_t> logged =
          s.audit().Append(SignInFailed(username, address, "wrong_credentials", user_id, now));
      if (!logged) return logged.error();
      return Success{};
    });
    if (!counted) return FromStore(counted.error());
    if (locked) return Locked(*locked);
    return WrongCredentials();
  }
  if (user->disabled) {
    StoreResult<int64_t> logged =
        store->audit().Append(SignInFailed(username, address, "disabled", user->id, now));
    if (!logged) return FromStore(logged.error());
    return Problem{ErrorCode::kForbidden,
                   "Tài khoản đã bị quản trị viên vô hiệu hóa; hãy liên hệ quản trị viên (the "
                   "account was disabled by an administrator)"};
  }
  NewSession session;
  session.token = accounts::NewToken();
  session.csrf = accounts::NewToken();
  session.expires_at = now + policy_.absolute;
  SessionRecord record{accounts::TokenHash(session.token),
                       user->id,
                       accounts::TokenHash(session.csrf),
                       now,
                       now,
                       session.expires_at,
                       std::string(address)};
  StoreResult<std::vector<GrantRecord>> grants = accounts.ListGrants(user->id);
  if (!grants) return FromStore(grants.error());
  StoreStatus stored = store->InTransaction([&](Store& s) -> StoreStatus {
    if (StoreStatus put = s.accounts().PutSession(record); !put) return put;
    // A success clears the account's failures (not the address's: one right guess among many
    // wrong ones from an address does not reset its count).
    if (StoreStatus put =
            s.accounts().PutFailures(SignInFailures{account_key, 0, now, std::nullopt});
        !put)
      return put;
    const Json detail{{"expires_at", session.expires_at.time_since_epoch().count()}};
    StoreResult<int64_t> logged =
        s.audit().Append(MakeAuditEntry(UserActor(user->id, address), audit_action::kSignIn,
                                        std::nullopt, username, DetailText(detail), now));
    if (!logged) return logged.error();
    return Success{};
  });
  if (!stored) return FromStore(stored.error());
  session.who =
      SignedIn{WithoutHash(*user), std::move(*grants), record.token_hash, record.csrf_hash};
  return session;
}

ProblemOr<SignedIn> AccountsService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return NotSignedIn();
  const sys_seconds now = context_.Now();
  const std::string token_hash = accounts::TokenHash(token);
  if (std::optional<SessionCache::Entry> cached = cache_.Find(token_hash)) {
    if (now >= cached->expires_at || now - cached->last_seen_at >= policy_.idle) {
      cache_.Forget(token_hash);  // read again below: the database removes it
    } else {
      if (now - cached->last_seen_at >= policy_.touch_every) {
        StorePool::Lease store = context_.pool().Acquire();
        if (StoreStatus touched = store->accounts().TouchSession(token_hash, now); !touched)
          return FromStore(touched.error());
        cache_.Touched(token_hash, now);
      }
      return SignedIn{std::move(cached->user), std::move(cached->grants), token_hash,
                      std::move(cached->csrf_hash)};
    }
  }
  StorePool::Lease store = context_.pool().Acquire();
  AccountStore& accounts = store->accounts();
  StoreResult<SessionRecord> session = accounts.GetSession(token_hash);
  if (!session) {
    if (session.error().kind == StoreErrorKind::kNotFound) return NotSignedIn();
    return FromStore(session.error());
  }
  if (now >= session->expires_at || now - session->last_seen_at >= policy_.idle) {
    if (StoreStatus gone = accounts.DeleteSession(token_hash); !gone)
      return FromStore(gone.error());
    return NotSignedIn();
  }
  StoreResult<UserRecord> user = accounts.GetUser(session->user_id);
  if (!user) return FromStore(user.error());
  if (user->disabled) return NotSignedIn();
  StoreResult<std::vector<GrantRecord>> grants = accounts.ListGrants(user->id);
  if (!grants) return FromStore(grants.error());
  sys_seconds last_seen = session->last_seen_at;
  if (now - session->last_seen_at >= policy_.touch_every) {
    if (StoreStatus touched = accounts.TouchSession(token_hash, now); !touched)
      return FromStore(touched.error());
    last_seen = now;
  }
  cache_.Put(token_hash, SessionCache::Entry{WithoutHash(*user), *grants, session->csrf_hash,
                                             last_seen, session->expires_at});
  return SignedIn{WithoutHash(*user), std::move(*grants), token_hash, session->csrf_hash};
}

ProblemOr<bool> AccountsService::SignOut(std::string_view token, std::string_view address) {
  const std::string token_hash = accounts::TokenHash(token);
  cache_.Forget(token_hash);
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<SessionRecord> session = store->accounts().GetSession(token_hash);
  if (!session) {
    if (session.error().kind == StoreErrorKind::kNotFound) return true;
    return FromStore(session.error());
  }
  StoreResult<UserRecord> user = store->accounts().GetUser(session->user_id);
  const std::string username = user ? user->username : std::string();
  StoreStatus gone = store->InTransaction([&](Store& s) -> StoreStatus {
    if (StoreStatus deleted = s.accounts().DeleteSession(token_hash); !deleted) return deleted;
    StoreResult<int64_t> logged = s.audit().Append(
        MakeAuditEntry(UserActor(session->user_id, address), audit_action::kSignOut, std::nullopt,
                       username, "{}", context_.Now()));
    if (!logged) return logged.error();
    return Success{};
  });
  if (!gone && gone.error().kind != StoreErrorKind::kNotFound) return FromStore(gone.error());
  return true;
}

ProblemOr<bool> AccountsService::ChangePassword(const SignedIn& who, std::string_view current,
                                                std::string_view replacement,
                                                std::string_view address) {
  if (std::optional<std::string> why = accounts::CheckNewPassword(replacement, who.user.username))
    return Problem{ErrorCode::kInvalid, *why};
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<UserRecord> user = store->accounts().GetUser(who.user.id);
  if (!user) return FromStore(user.error());
  if (!accounts::VerifyPassword(user->password_hash, current)) {
    return Problem{ErrorCode::kInvalid,
                   "Mật khẩu hiện tại không đúng (the current password is wrong)"};
  }
  Result<std::string> hash = accounts::HashPassword(replacement);
  if (!hash) return FromError(hash.error(), ErrorCode::kInternal);
  user->password_hash = *hash;
  const bool had_to_change = user->must_change_password;
  user->must_change_password = false;
  user->updated_at = context_.Now();
  StoreStatus changed = store->InTransaction([&](Store& s) -> StoreStatus {
    if (StoreStatus updated = s.accounts().UpdateUser(*user); !updated) return updated;
    StoreResult<int64_t> ended = s.accounts().DeleteUserSessions(user->id);
    if (!ended) return ended.error();
    // Never the hashes: that the password changed, and what else did.
    const Json detail{{"before", {{"must_change_password", had_to_change}}},
                      {"after", {{"must_change_password", false}}},
                      {"other_sessions_ended", std::max<int64_t>(*ended - 1, 0)}};
    StoreResult<int64_t> logged = s.audit().Append(
        MakeAuditEntry(UserActor(user->id, address), audit_action::kUserPassword, std::nullopt,
                       user->username, DetailText(detail), user->updated_at));
    if (!logged) return logged.error();
    // The session in use is kept: it was opened by the one who knew the password.
    SessionRecord keep{who.token_hash,
                       user->id,
                       who.csrf_hash,
                       user->updated_at,
                       user->updated_at,
                       user->updated_at + policy_.absolute,
                       ""};
    return s.accounts().PutSession(keep);
  });
  cache_.ForgetUser(user->id);
  if (!changed) return FromStore(changed.error());
  return true;
}

}  // namespace kieumau::app
