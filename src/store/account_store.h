// Accounts in the store: users, the grants that give them a role over a part of the country, their
// sign-in sessions, and the counts of failed sign-ins that rate-limit guessing. One repository
// (Store::accounts()) on the store's own connection: its writes join the store's unit of work
// (InTransaction) like every other write.
//
// Secrets are never stored as given: a user's password only as its Argon2id hash (the encoded
// "$argon2id$…" string, made by the caller), a session's token and its CSRF token only as their
// SHA-256 (hex), so that a copy of the database opens no session.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace kieumau {

// Roles (issue 10): what a grant lets its user do over its subtree of units.
enum class Role {
  kOfficer,        // ward or commune police officer: enters and submits its own unit's facts
  kAppraiser,      // reviews the units of a province
  kProvinceAdmin,  // programmes and accounts of a province
  kNationalAdmin,  // everything, everywhere
  kViewer,         // reads
  kAuditor,        // reads, and the audit trail
};
// "officer", "appraiser", "province_admin", "national_admin", "viewer", "auditor".
std::string_view RoleKey(Role role);
std::optional<Role> ParseRole(std::string_view key);

struct UserRecord {
  int64_t id = 0;        // assigned by CreateUser
  std::string username;  // unique, compared as stored (the caller folds it: lower case, trimmed)
  std::string display_name;
  std::string password_hash;          // Argon2id, encoded ("$argon2id$v=19$m=…")
  bool must_change_password = false;  // set by an administrator's reset
  bool disabled = false;              // by an administrator only
  std::chrono::sys_seconds created_at;
  std::chrono::sys_seconds updated_at;
  bool operator==(const UserRecord&) const = default;
};

// A role over a subtree: the unit (a province, a commune, …) and everything under it, or, with no
// unit, the whole country. Refers to the unit (its id), never its code: a grant on a unit that ends
// in a reorganisation stays on that ended unit.
struct GrantRecord {
  int64_t id = 0;  // assigned by AddGrant
  int64_t user_id = 0;
  Role role = Role::kViewer;
  std::optional<int64_t> unit_id;
  bool operator==(const GrantRecord&) const = default;
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 (hex) of the token in the cookie: the key
  int64_t user_id = 0;
  std::string csrf_hash;  // SHA-256 (hex) of the CSRF token given at sign-in
  std::chrono::sys_seconds created_at;
  std::chrono::sys_seconds last_seen_at;  // for the idle expiry
  std::chrono::sys_seconds expires_at;    // the absolute expiry
  std::string address;                    // where it was opened from
  bool operator==(const SessionRecord&) const = default;
};

// Failed sign-ins counted under one key ("user:<username>" or "address:<ip>") since
// `window_start`; `locked_until` when the limit was reached.
struct SignInFailures {
  std::string key;
  int count = 0;
  std::chrono::sys_seconds window_start;
  std::optional<std::chrono::sys_seconds> locked_until;
  bool operator==(const SignInFailures&) const = default;
};

// The repository. Errors as the rest of the store: an unknown id is kNotFound, a taken username
// kUniqueViolation, a grant or session naming an unknown user or unit kForeignKey, an empty
// username, password hash, token hash or key kInvalid. Users, grants and failures are reported to
// the change feed as "accounts"; sessions are not (every server reads them from the database).
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  virtual StoreResult<int64_t> CreateUser(const UserRecord& user) = 0;
  virtual StoreResult<UserRecord> GetUser(int64_t id) = 0;
  virtual StoreResult<UserRecord> FindUser(std::string_view username) = 0;  // kNotFound if none
  virtual StoreResult<std::vector<UserRecord>> ListUsers() = 0;             // by username
  // Replaces every field but id and created_at.
  virtual StoreStatus UpdateUser(const UserRecord& user) = 0;

  virtual StoreResult<int64_t> AddGrant(const GrantRecord& grant) = 0;
  virtual StoreStatus DeleteGrant(int64_t grant_id) = 0;
  virtual StoreResult<std::vector<GrantRecord>> ListGrants(int64_t user_id) = 0;  // by id
  virtual StoreResult<std::vector<GrantRecord>> ListAllGrants() = 0;              // by id

  virtual StoreStatus PutSession(const SessionRecord& session) = 0;  // a new token only
  virtual StoreResult<SessionRecord> GetSession(std::string_view token_hash) = 0;
  virtual StoreStatus TouchSession(std::string_view token_hash,
                                   std::chrono::sys_seconds last_seen_at) = 0;
  virtual StoreStatus DeleteSession(std::string_view token_hash) = 0;
  // Every session of a user (a password changed or reset, an account disabled); and the sessions
  // past either expiry at `now`. Both return how many were deleted.
  virtual StoreResult<int64_t> DeleteUserSessions(int64_t user_id) = 0;
  virtual StoreResult<int64_t> DeleteExpiredSessions(std::chrono::sys_seconds now,
                                                     std::chrono::seconds idle) = 0;

  // The failures under `key` (a zero count when there are none), and putting them back (a zero
  // count deletes the row).
  virtual StoreResult<SignInFailures> GetFailures(std::string_view key) = 0;
  virtual StoreStatus PutFailures(const SignInFailures& failures) = 0;
};

}  // namespace kieumau
