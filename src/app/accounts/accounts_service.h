// Accounts: users and their grants, signing in and out with sessions kept in the database (any of
// several servers answers any request), and the limit on failed sign-ins. Plain values in and out;
// the cookie, the CSRF header and JSON are the HTTP side's.
//
// Hashing (Argon2id, about 0.1 s and 64 MiB) runs in the calling thread: the HTTP side calls these
// on its worker pool, never on the network threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/session_cache.h"
#include "app/context.h"
#include "store/account_store.h"

namespace kieumau::app {

// How long sessions live and how failed sign-ins are limited.
struct SessionPolicy {
  std::chrono::seconds idle{2 * 3600};       // unused this long: signed out
  std::chrono::seconds absolute{12 * 3600};  // signed in this long: signed out
  std::chrono::seconds touch_every{60};      // last_seen_at written at most this often
  int account_failures = 5;                  // failed sign-ins to one account within the window…
  int address_failures = 20;                 // … or from one address
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds lockout{15 * 60};  // then refused for this long
  // How long a session read from the database is used without reading it again (session_cache.h).
  std::chrono::milliseconds cache_for{1000};
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;
  bool must_change_password = false;
  std::vector<GrantRecord> grants;  // user_id filled in
};

// Creates `user` with its grants in `store` (joining its unit of work when inside one), with its
// entry in the audit trail ("user.create", by `actor`): the one way accounts are made — by an
// administrator, by `kieumau user add`, by the demo seed. A taken username is kUniqueViolation; a
// bad username or password kInvalid, saying why.
ProblemOr<UserRecord> CreateUser(Store& store, const NewUser& user, Timestamp at,
                                 const WriteActor& actor);

// The signed-in user, as every request sees it.
struct SignedIn {
  UserRecord user;  // password_hash cleared
  std::vector<GrantRecord> grants;
  std::string token_hash;  // the session
  std::string csrf_hash;
};

// What a successful sign-in gives the client, once: the cookie's token and the CSRF token.
struct NewSession {
  std::string token;
  std::string csrf;
  SignedIn who;
  std::chrono::sys_seconds expires_at;
};

class AccountsService {
 public:
  AccountsService(Context& context, SessionPolicy policy = {})
      : context_(context), policy_(policy), cache_(policy.cache_for) {}

  const SessionPolicy& policy() const { return policy_; }

  // Creates a user with its grants in one unit of work, recorded in the audit trail as made by
  // `actor` (the administrator's request). A taken username is kUniqueViolation; a bad username or
  // password kInvalid, saying why.
  ProblemOr<UserRecord> AddUser(const NewUser& user, const WriteActor& actor = {});

  // Signs in: a new session (fresh token) when the password matches an enabled account. A wrong
  // username or password answers the same, whether the account exists or not; too many failures
  // for the account or the address answer kTooManyAttempts with the time to try again; a disabled
  // account, only once its password is right, kForbidden. Every attempt is in the audit trail:
  // "session.sign_in" (by the user), "session.sign_in_failed" (anonymous, from `address`, with the
  // reason: wrong_credentials, locked or disabled).
  ProblemOr<NewSession> SignIn(std::string_view username, std::string_view password,
                               std::string_view address);
  // The user of a session token, or kUnauthenticated (unknown, expired by idle or absolute time,
  // or the account disabled). Touches the session at most every policy().touch_every.
  ProblemOr<SignedIn> Authenticate(std::string_view token);
  // Ends the session (nothing when it is gone already), recorded in the audit trail
  // ("session.sign_out", by its user, from `address`).
  ProblemOr<bool> SignOut(std::string_view token, std::string_view address = {});
  // Changes the signed-in user's password (the current one checked), ending every other session
  // of the user and clearing must_change_password; recorded in the audit trail ("user.password",
  // by the user, from `address`).
  ProblemOr<bool> ChangePassword(const SignedIn& who, std::string_view current,
                                 std::string_view replacement, std::string_view address = {});
  // What an administrator changed about the user (sessions ended, grants, disabled): the sessions
  // this process remembers for it are read again.
  void Forget(int64_t user_id) { cache_.ForgetUser(user_id); }

 private:
  Context& context_;
  SessionPolicy policy_;
  SessionCache cache_;
};

}  // namespace kieumau::app
