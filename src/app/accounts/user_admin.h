// Administering accounts (issue 10 part 1 and 3): an administrator lists the accounts of its part
// of the country, creates them with their grants, disables and re-enables them, resets a password
// (the user must change it at the next sign-in), adds and removes grants, and sees the grants a
// reorganisation left on units that have ended.
//
// Who manages whom: an administrator's scope is the part of the country its grants give the
// permission to manage accounts over (app/access/scope.h). It manages the accounts whose every
// grant lies in that scope (a nationwide scope manages every account). It gives grants only inside
// it, a nationwide grant or the national administrator's role only with a nationwide scope, and
// never changes its own grants, disables itself or resets its own password here (that is the
// user's own password change) — so no administrator can raise itself.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access/scope.h"
#include "app/accounts/accounts_service.h"
#include "app/context.h"

namespace kieumau::app {

// A grant as an administrator reads it: the unit named as it is today (or as it was last, when it
// has ended), and, for an ended unit, when it ended and what it became.
struct GrantView {
  GrantRecord grant;
  std::string unit_code;  // empty for the nation
  std::string unit_name;
  std::optional<Date> ended;  // the unit's last day, when it has ended
  struct Successor {
    std::string code, name;
  };
  std::vector<Successor> successors;  // the units it became (an ended unit)
};

// `grant` as read today: its unit's code and name (or "cả nước"), and what an ended unit became.
GrantView DescribeGrant(const World& world, const GrantRecord& grant);

struct AccountView {
  UserRecord user;  // without the password's hash
  std::vector<GrantView> grants;
};

// A grant asked for: a role over the unit of `unit_code` today, or over the nation (empty code).
struct GrantRequest {
  Role role = Role::kViewer;
  std::string unit_code;
};

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string password;  // the user must change it at the first sign-in
  std::vector<GrantRequest> grants;
};

// Who administers: the signed-in user, and the actor its changes are recorded with in the audit
// trail.
struct Admin {
  const SignedIn* who = nullptr;
  WriteActor actor;
};

// A grant on a unit that no longer exists, with its account.
struct EndedGrant {
  AccountView account;
  GrantView grant;
};

class UserAdmin {
 public:
  UserAdmin(Context& context, AccountsService& accounts) : context_(context), accounts_(accounts) {}

  // The accounts `scope` manages, by username.
  ProblemOr<std::vector<AccountView>> List(const Scope& scope);
  // A new account with its grants (at least one unless the scope is nationwide), which must
  // change its password at the first sign-in.
  ProblemOr<AccountView> Create(const NewAccount& account, const Scope& scope, const Admin& by);
  // Disables (every session ends) or re-enables an account.
  ProblemOr<AccountView> SetDisabled(int64_t user_id, bool disabled, const Scope& scope,
                                     const Admin& by);
  // Sets a new password that the user must change at the next sign-in; every session ends.
  ProblemOr<AccountView> ResetPassword(int64_t user_id, std::string_view password,
                                       const Scope& scope, const Admin& by);
  ProblemOr<AccountView> AddGrant(int64_t user_id, const GrantRequest& grant, const Scope& scope,
                                  const Admin& by);
  // Removes the grant; nothing changes when the account does not hold it (a repeated request).
  ProblemOr<AccountView> RemoveGrant(int64_t user_id, int64_t grant_id, const Scope& scope,
                                     const Admin& by);
  // The grants on units that have ended, of the accounts `scope` manages or on units it covers.
  ProblemOr<std::vector<EndedGrant>> EndedGrants(const Scope& scope);

 private:
  // The account `user_id` when `scope` manages it and it is not `by`'s own; "not found" otherwise
  // (a forbidden for one's own).
  ProblemOr<AccountView> Managed(Store& store, const World& world, int64_t user_id,
                                 const Scope& scope, const Admin& by);
  // In one unit of work: the account `user_id` as Managed finds it, `change` made to it, and the
  // account as it is after; the sessions this process remembers for the user are read again.
  // `change` answers what the audit entry says: the unit it concerns (a grant's), and its detail
  // (a JSON object); the entry, of `action`, is written in the same unit of work.
  struct Changed {
    std::optional<int64_t> unit;
    std::string detail = "{}";
  };
  using AccountChange =
      std::function<StoreResult<Changed>(Store& store, const AccountView& account)>;
  ProblemOr<AccountView> Change(int64_t user_id, const Scope& scope, const Admin& by,
                                std::string_view action, const AccountChange& change);
  // The grant asked for, checked against the scope; the unit's id filled in.
  ProblemOr<GrantRecord> CheckGrant(const World& world, const GrantRequest& request,
                                    const Scope& scope);

  Context& context_;
  AccountsService& accounts_;  // whose remembered sessions a change makes stale
};

// Whether `scope` manages an account with `grants`.
bool Manages(const UnitRegistry& registry, const Scope& scope,
             const std::vector<GrantRecord>& grants);

}  // namespace kieumau::app
