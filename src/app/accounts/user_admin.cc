#include "app/accounts/user_admin.h"

#include <fmt/format.h>

#include <algorithm>

#include "accounts/credentials.h"
#include "app/audit/audit_service.h"
#include "app/world.h"

namespace kieumau::app {

namespace {

Problem NoAccount(int64_t id) {
  return NotFound(fmt::format("Không có tài khoản #{} (no such account)", id));
}

}  // namespace

GrantView DescribeGrant(const World& world, const GrantRecord& grant) {
  GrantView view{grant, "", "cả nước", std::nullopt, {}};
  if (!grant.unit_id) return view;
  const Unit* unit = world.registry().Find(*grant.unit_id);
  if (unit == nullptr) {
    view.unit_name = world.registry().Describe(*grant.unit_id);
    return view;
  }
  view.unit_code = unit->code;
  // As it is named now, or last when it has ended.
  view.unit_name =
      world.Name(unit->id, unit->to ? unit->to->PreviousDay() : Date::LastDayOfYear(9999));
  if (unit->to) {
    view.ended = unit->to->PreviousDay();
    for (const LineageLink& link : unit->successors) {
      const Unit* next = world.registry().Find(link.to);
      if (next != nullptr) view.successors.push_back({next->code, world.Name(link.to, link.date)});
    }
  }
  return view;
}

namespace {

ProblemOr<AccountView> Load(Store& store, const World& world, int64_t user_id) {
  StoreResult<UserRecord> user = store.accounts().GetUser(user_id);
  if (!user) {
    if (user.error().kind == StoreErrorKind::kNotFound) return NoAccount(user_id);
    return FromStore(user.error());
  }
  StoreResult<std::vector<GrantRecord>> grants = store.accounts().ListGrants(user_id);
  if (!grants) return FromStore(grants.error());
  AccountView view{*user, {}};
  view.user.password_hash.clear();
  for (const GrantRecord& grant : *grants)
    view.grants.push_back(DescribeGrant(world, grant));
  return view;
}

std::vector<GrantRecord> GrantsOf(const AccountView& account) {
  std::vector<GrantRecord> grants;
  for (const GrantView& view : account.grants)
    grants.push_back(view.grant);
  return grants;
}

}  // namespace

bool Manages(const UnitRegistry& registry, const Scope& scope,
             const std::vector<GrantRecord>& grants) {
  if (scope.nation()) return true;
  if (grants.empty()) return false;
  return std::all_of(grants.begin(), grants.end(), [&](const GrantRecord& grant) {
    return grant.unit_id && scope.Covers(registry, *grant.unit_id);
  });
}

ProblemOr<AccountView> UserAdmin::Managed(Store& store, const World& world, int64_t user_id,
                                          const Scope& scope, const Admin& by) {
  ProblemOr<AccountView> account = Load(store, world, user_id);
  if (!account) return account.error();
  if (!Manages(world.registry(), scope, GrantsOf(*account))) return NoAccount(user_id);
  if (user_id == by.who->user.id) {
    return Problem{ErrorCode::kForbidden,
                   "Không tự sửa, khóa hay đặt lại mật khẩu tài khoản của chính mình ở đây (one's "
                   "own account is not administered here)"};
  }
  return account;
}

ProblemOr<GrantRecord> UserAdmin::CheckGrant(const World& world, const GrantRequest& request,
                                             const Scope& scope) {
  GrantRecord grant{0, 0, request.role, std::nullopt};
  if (request.unit_code.empty() || request.role == Role::kNationalAdmin) {
    if (!request.unit_code.empty()) {
      return Problem{ErrorCode::kInvalid,
                     "Vai trò quản trị quốc gia chỉ cấp trên cả nước, không kèm đơn vị (the "
                     "national administrator's role is granted over the nation, without a unit)"};
    }
    if (!scope.nation()) {
      return Problem{ErrorCode::kForbidden,
                     "Chỉ người có quyền trên cả nước mới cấp quyền trên cả nước (only a "
                     "nationwide administrator grants over the nation)"};
    }
    return grant;
  }
  ProblemOr<UnitId> unit = world.UnitOn(request.unit_code, context_.Today(), std::nullopt, &scope);
  if (!unit) return unit.error();
  grant.unit_id = *unit;
  return grant;
}

ProblemOr<std::vector<AccountView>> UserAdmin::List(const Scope& scope) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<std::vector<UserRecord>> users = store->accounts().ListUsers();
  if (!users) return FromStore(users.error());
  StoreResult<std::vector<GrantRecord>> grants = store->accounts().ListAllGrants();
  if (!grants) return FromStore(grants.error());
  std::vector<AccountView> accounts;
  for (UserRecord& user : *users) {
    std::vector<GrantRecord> own;
    for (const GrantRecord& grant : *grants)
      if (grant.user_id == user.id) own.push_back(grant);
    if (!Manages((*world)->registry(), scope, own)) continue;
    AccountView view{std::move(user), {}};
    view.user.password_hash.clear();
    for (const GrantRecord& grant : own)
      view.grants.push_back(DescribeGrant(**world, grant));
    accounts.push_back(std::move(view));
  }
  return accounts;
}

ProblemOr<AccountView> UserAdmin::Create(const NewAccount& account, const Scope& scope,
                                         const Admin& by) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  if (account.grants.empty() && !scope.nation()) {
    return Problem{ErrorCode::kInvalid,
                   "Tài khoản mới cần ít nhất một quyền trong phạm vi của bạn (a new account needs "
                   "at least one grant within your scope)"};
  }
  NewUser user{account.username, account.display_name, account.password, true, {}};
  for (const GrantRequest& request : account.grants) {
    ProblemOr<GrantRecord> grant = CheckGrant(**world, request, scope);
    if (!grant) return grant.error();
    user.grants.push_back(*grant);
  }
  StorePool::Lease store = context_.pool().Acquire();
  ProblemOr<UserRecord> created = CreateUser(*store, user, context_.Now(), by.actor);
  if (!created) {
    if (created.error().code == ErrorCode::kUniqueViolation) {
      Result<std::string> username = accounts::NormalizeUsername(account.username);
      return Problem{ErrorCode::kUniqueViolation,
                     "Tên đăng nhập \"" + (username ? *username : std::string()) +
                         "\" đã có người dùng (the username is taken)"};
    }
    return created.error();
  }
  return Load(*store, **world, created->id);
}

ProblemOr<AccountView> UserAdmin::Change(int64_t user_id, const Scope& scope, const Admin& by,
                                         std::string_view action, const AccountChange& change) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<AccountView> changed =
      context_.InTransaction<AccountView>([&](Store& store) -> ProblemOr<AccountView> {
        ProblemOr<AccountView> account = Managed(store, **world, user_id, scope, by);
        if (!account) return account.error();
        StoreResult<Changed> done = change(store, *account);
        if (!done) return FromStore(done.error());
        StoreResult<int64_t> logged = store.audit().Append(MakeAuditEntry(
            by.actor, action, done->unit, account->user.username, done->detail, context_.Now()));
        if (!logged) return FromStore(logged.error());
        return Load(store, **world, user_id);
      });
  accounts_.Forget(user_id);  // its sessions, grants or state changed
  return changed;
}

namespace {

// Changes the stored user with `edit` (updated_at set); ends every session of the user when
// `end_sessions`.
StoreStatus UpdateUser(Store& store, int64_t user_id, Timestamp at, bool end_sessions,
                       const std::function<void(UserRecord&)>& edit) {
  StoreResult<UserRecord> stored = store.accounts().GetUser(user_id);
  if (!stored) return stored.error();
  edit(*stored);
  stored->updated_at = at;
  if (StoreStatus updated = store.accounts().UpdateUser(*stored); !updated) return updated;
  if (!end_sessions) return Success{};
  StoreResult<int64_t> ended = store.accounts().DeleteUserSessions(user_id);
  if (!ended) return ended.error();
  return Success{};
}

}  // namespace

ProblemOr<AccountView> UserAdmin::SetDisabled(int64_t user_id, bool disabled, const Scope& scope,
                                              const Admin& by) {
  return Change(
      user_id, scope, by, disabled ? audit_action::kUserDisable : audit_action::kUserEnable,
      [&](Store& store, const AccountView& account) -> StoreResult<Changed> {
        if (StoreStatus done = UpdateUser(store, user_id, context_.Now(), disabled,
                                          [&](UserRecord& user) { user.disabled = disabled; });
            !done)
          return done.error();
        return Changed{std::nullopt,
                       fmt::format(R"({{"before":{{"disabled":{}}},"after":{{"disabled":{}}}}})",
                                   account.user.disabled, disabled)};
      });
}

ProblemOr<AccountView> UserAdmin::ResetPassword(int64_t user_id, std::string_view password,
                                                const Scope& scope, const Admin& by) {
  // Checked and hashed before the unit of work: hashing takes a tenth of a second.
  std::string hash;
  {
    ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
    if (!world) return world.error();
    StorePool::Lease store = context_.pool().Acquire();
    ProblemOr<AccountView> account = Managed(*store, **world, user_id, scope, by);
    if (!account) return account.error();
    if (std::optional<std::string> why =
            accounts::CheckNewPassword(password, account->user.username))
      return Problem{ErrorCode::kInvalid, *why};
    Result<std::string> hashed = accounts::HashPassword(password);
    if (!hashed) return FromError(hashed.error(), ErrorCode::kInternal);
    hash = *hashed;
  }
  return Change(
      user_id, scope, by, audit_action::kUserPasswordReset,
      [&](Store& store, const AccountView&) -> StoreResult<Changed> {
        if (StoreStatus done = UpdateUser(store, user_id, context_.Now(), true,
                                          [&](UserRecord& user) {
                                            user.password_hash = hash;
                                            user.must_change_password = true;
                                          });
            !done)
          return done.error();
        return Changed{std::nullopt, R"({"must_change_password":true,"sessions_ended":true})"};
      });
}

ProblemOr<AccountView> UserAdmin::AddGrant(int64_t user_id, const GrantRequest& request,
                                           const Scope& scope, const Admin& by) {
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<GrantRecord> grant = CheckGrant(**world, request, scope);
  if (!grant) return grant.error();
  return Change(user_id, scope, by, audit_action::kGrantAdd,
                [&](Store& store, const AccountView&) -> StoreResult<Changed> {
                  GrantRecord added = *grant;
                  added.user_id = user_id;
                  StoreResult<int64_t> id = store.accounts().AddGrant(added);
                  if (!id) return id.error();
                  return Changed{added.unit_id, fmt::format(R"({{"grant":{},"role":"{}"}})", *id,
                                                            RoleKey(added.role))};
                });
}

ProblemOr<AccountView> UserAdmin::RemoveGrant(int64_t user_id, int64_t grant_id, const Scope& scope,
                                              const Admin& by) {
  return Change(
      user_id, scope, by, audit_action::kGrantRemove,
      [&](Store& store, const AccountView& account) -> StoreResult<Changed> {
        auto held = std::find_if(account.grants.begin(), account.grants.end(),
                                 [&](const GrantView& view) { return view.grant.id == grant_id; });
        // Removing a grant the account does not hold changes nothing (a repeated
        // DELETE); the request is recorded all the same.
        if (held == account.grants.end())
          return Changed{std::nullopt, fmt::format(R"({{"grant":{},"held":false}})", grant_id)};
        if (StoreStatus deleted = store.accounts().DeleteGrant(grant_id); !deleted)
          return deleted.error();
        return Changed{held->grant.unit_id, fmt::format(R"({{"grant":{},"role":"{}"}})", grant_id,
                                                        RoleKey(held->grant.role))};
      });
}

ProblemOr<std::vector<EndedGrant>> UserAdmin::EndedGrants(const Scope& scope) {
  ProblemOr<std::vector<AccountView>> accounts = List(scope);
  if (!accounts) return accounts.error();
  const Date today = context_.Today();
  std::vector<EndedGrant> ended;
  for (const AccountView& account : *accounts)
    for (const GrantView& grant : account.grants)
      if (grant.ended && *grant.ended < today) ended.push_back({account, grant});
  return ended;
}

}  // namespace kieumau::app
