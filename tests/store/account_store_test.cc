// The accounts repository (Store::accounts()), run on both backends: users, grants, sessions and
// failed sign-ins, their error kinds, their place in a unit of work, and what the change feed
// reports of them ("accounts" for users, grants and failures; nothing for sessions).
#include "store/account_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {

using std::chrono::seconds;

UserRecord Person(const std::string& username, int64_t at = 1000) {
  UserRecord user;
  user.username = username;
  user.display_name = "Nguyễn Văn " + username;
  user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  user.created_at = At(at);
  user.updated_at = At(at);
  return user;
}

// Creates a user and returns it with its id; fails the test when it cannot.
UserRecord MustCreateUser(AccountStore& accounts, UserRecord user) {
  auto id = accounts.CreateUser(user);
  EXPECT_TRUE(id.ok()) << id.error().Describe();
  user.id = id.ok() ? *id : 0;
  return user;
}

SessionRecord Session(const std::string& token_hash, int64_t user_id, int64_t opened = 1000,
                      int64_t expires = 100000) {
  return SessionRecord{token_hash, user_id,     "csrf-" + token_hash, At(opened),
                       At(opened), At(expires), "203.0.113.7"};
}

StoreError AccountWorkFailed() {
  return StoreError{StoreErrorKind::kInvalid, "công việc thất bại (the work failed)", ""};
}

// What `feed` reports until `last` is among it (at most a minute of waits).
std::vector<Change> ChangesUntil(ChangeFeed& feed, const Change& last) {
  std::vector<Change> changes;
  for (int round = 0;
       round < 600 && std::find(changes.begin(), changes.end(), last) == changes.end(); ++round) {
    auto got = feed.Wait(std::chrono::milliseconds(100));
    EXPECT_TRUE(got.ok()) << got.error().Describe();
    if (got.ok()) changes.insert(changes.end(), got->begin(), got->end());
  }
  return changes;
}

TEST(Roles, KeysReadBackAndUnknownKeysAreRefused) {
  for (Role role : {Role::kOfficer, Role::kAppraiser, Role::kProvinceAdmin, Role::kNationalAdmin,
                    Role::kViewer, Role::kAuditor}) {
    EXPECT_EQ(ParseRole(RoleKey(role)), role) << RoleKey(role);
  }
  EXPECT_EQ(RoleKey(Role::kProvinceAdmin), "province_admin");
  EXPECT_EQ(RoleKey(Role::kNationalAdmin), "national_admin");
  EXPECT_EQ(ParseRole("admin"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
  EXPECT_EQ(ParseRole("Officer"), std::nullopt);
}

TEST_P(StoreTest, CreatesFindsListsAndUpdatesUsers) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  UserRecord lan = MustCreateUser(accounts, Person("lan"));
  UserRecord an = MustCreateUser(accounts, Person("an", 2000));
  EXPECT_NE(lan.id, an.id);

  auto got = accounts.GetUser(lan.id);
  ASSERT_OK(got);
  EXPECT_EQ(*got, lan);
  auto found = accounts.FindUser("an");
  ASSERT_OK(found);
  EXPECT_EQ(*found, an);
  EXPECT_STORE_ERROR(accounts.FindUser("An"), StoreErrorKind::kNotFound);  // as stored
  EXPECT_STORE_ERROR(accounts.GetUser(an.id + 1000), StoreErrorKind::kNotFound);

  auto listed = accounts.ListUsers();
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<UserRecord>{an, lan}));  // by username

  // Every field but id and created_at is replaced.
  UserRecord changed = lan;
  changed.username = "lan.nguyen";
  changed.display_name = "Nguyễn Thị Lan";
  changed.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3";
  changed.must_change_password = true;
  changed.disabled = true;
  changed.created_at = At(5);
  changed.updated_at = At(3000);
  ASSERT_OK(accounts.UpdateUser(changed));
  got = accounts.GetUser(lan.id);
  ASSERT_OK(got);
  changed.created_at = lan.created_at;
  EXPECT_EQ(*got, changed);
  EXPECT_STORE_ERROR(accounts.FindUser("lan"), StoreErrorKind::kNotFound);

  UserRecord missing = changed;
  missing.id = an.id + 1000;
  missing.username = "nobody";
  EXPECT_STORE_ERROR(accounts.UpdateUser(missing), StoreErrorKind::kNotFound);
}

TEST_P(StoreTest, ATakenUsernameIsAUniqueViolation) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  MustCreateUser(accounts, Person("lan"));
  UserRecord an = MustCreateUser(accounts, Person("an"));
  EXPECT_STORE_ERROR(accounts.CreateUser(Person("lan")), StoreErrorKind::kUniqueViolation);
  an.username = "lan";
  EXPECT_STORE_ERROR(accounts.UpdateUser(an), StoreErrorKind::kUniqueViolation);
  auto listed = accounts.ListUsers();
  ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(StoreTest, RefusesEmptyUsernamesHashesTokensAndKeys) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  UserRecord lan = MustCreateUser(accounts, Person("lan"));
  EXPECT_STORE_ERROR(accounts.CreateUser(Person("")), StoreErrorKind::kInvalid);
  UserRecord no_hash = Person("an");
  no_hash.password_hash.clear();
  EXPECT_STORE_ERROR(accounts.CreateUser(no_hash), StoreErrorKind::kInvalid);
  UserRecord nul = Person(std::string("a\0b", 3));
  EXPECT_STORE_ERROR(accounts.CreateUser(nul), StoreErrorKind::kInvalid);
  UserRecord emptied = lan;
  emptied.username.clear();
  EXPECT_STORE_ERROR(accounts.UpdateUser(emptied), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.FindUser(""), StoreErrorKind::kInvalid);

  GrantRecord bad_role{0, lan.id, static_cast<Role>(42), std::nullopt};
  EXPECT_STORE_ERROR(accounts.AddGrant(bad_role), StoreErrorKind::kInvalid);

  EXPECT_STORE_ERROR(accounts.PutSession(Session("", lan.id)), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.GetSession(""), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.TouchSession("", At(1)), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.DeleteSession(""), StoreErrorKind::kInvalid);

  EXPECT_STORE_ERROR(accounts.GetFailures(""), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.PutFailures(SignInFailures{"", 1, At(1), std::nullopt}),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(accounts.PutFailures(SignInFailures{"user:lan", -1, At(1), std::nullopt}),
                     StoreErrorKind::kInvalid);

  auto listed = accounts.ListUsers();
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, std::vector<UserRecord>{lan});
}

TEST_P(StoreTest, GrantsAreAddedListedAndDeleted) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  const int64_t province = MustCreate(
      *store, UnitRecord{0, "27", "province", "", "Tỉnh Bắc Ninh", std::nullopt, std::nullopt});
  const int64_t ward = MustCreate(*store, Ward("09337"));
  UserRecord lan = MustCreateUser(accounts, Person("lan"));
  UserRecord an = MustCreateUser(accounts, Person("an"));

  GrantRecord appraiser{0, lan.id, Role::kAppraiser, province};
  GrantRecord national{0, an.id, Role::kNationalAdmin, std::nullopt};  // the whole country
  GrantRecord officer{0, lan.id, Role::kOfficer, ward};
  for (GrantRecord* grant : {&appraiser, &national, &officer}) {
    auto id = accounts.AddGrant(*grant);
    ASSERT_OK(id);
    grant->id = *id;
  }
  auto of_lan = accounts.ListGrants(lan.id);
  ASSERT_OK(of_lan);
  EXPECT_EQ(*of_lan, (std::vector<GrantRecord>{appraiser, officer}));
  auto of_an = accounts.ListGrants(an.id);
  ASSERT_OK(of_an);
  EXPECT_EQ(*of_an, std::vector<GrantRecord>{national});
  EXPECT_FALSE(of_an->front().unit_id.has_value());
  auto all = accounts.ListAllGrants();
  ASSERT_OK(all);
  EXPECT_EQ(*all, (std::vector<GrantRecord>{appraiser, national, officer}));
  auto of_nobody = accounts.ListGrants(an.id + 1000);
  ASSERT_OK(of_nobody);
  EXPECT_TRUE(of_nobody->empty());

  // An unknown unit or user; a unit with a grant cannot be deleted.
  EXPECT_STORE_ERROR(accounts.AddGrant(GrantRecord{0, lan.id, Role::kViewer, ward + 1000}),
                     StoreErrorKind::kForeignKey);
  EXPECT_STORE_ERROR(accounts.AddGrant(GrantRecord{0, an.id + 1000, Role::kViewer, std::nullopt}),
                     StoreErrorKind::kForeignKey);
  EXPECT_STORE_ERROR(store->DeleteUnit(ward), StoreErrorKind::kForeignKey);

  ASSERT_OK(accounts.DeleteGrant(officer.id));
  EXPECT_STORE_ERROR(accounts.DeleteGrant(officer.id), StoreErrorKind::kNotFound);
  of_lan = accounts.ListGrants(lan.id);
  ASSERT_OK(of_lan);
  EXPECT_EQ(*of_lan, std::vector<GrantRecord>{appraiser});
  ASSERT_OK(store->DeleteUnit(ward));
  // A deleted grant's id is not given again.
  auto again = accounts.AddGrant(GrantRecord{0, lan.id, Role::kAuditor, std::nullopt});
  ASSERT_OK(again);
  EXPECT_GT(*again, officer.id);
}

TEST_P(StoreTest, SessionsArePutReadTouchedAndDeleted) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  UserRecord lan = MustCreateUser(accounts, Person("lan"));
  const SessionRecord session = Session("9f86d081884c7d65", lan.id, 1000, 1000 + 12 * 3600);
  ASSERT_OK(accounts.PutSession(session));
  auto got = accounts.GetSession(session.token_hash);
  ASSERT_OK(got);
  EXPECT_EQ(*got, session);

  // A new token only; an unknown user.
  EXPECT_STORE_ERROR(accounts.PutSession(session), StoreErrorKind::kUniqueViolation);
  EXPECT_STORE_ERROR(accounts.PutSession(Session("other", lan.id + 1000)),
                     StoreErrorKind::kForeignKey);

  ASSERT_OK(accounts.TouchSession(session.token_hash, At(1600)));
  got = accounts.GetSession(session.token_hash);
  ASSERT_OK(got);
  SessionRecord touched = session;
  touched.last_seen_at = At(1600);
  EXPECT_EQ(*got, touched);
  EXPECT_STORE_ERROR(accounts.TouchSession("unknown", At(1600)), StoreErrorKind::kNotFound);

  ASSERT_OK(accounts.DeleteSession(session.token_hash));
  EXPECT_STORE_ERROR(accounts.GetSession(session.token_hash), StoreErrorKind::kNotFound);
  EXPECT_STORE_ERROR(accounts.DeleteSession(session.token_hash), StoreErrorKind::kNotFound);
}

TEST_P(StoreTest, DeletesAUsersSessionsAndTheExpiredOnes) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  UserRecord lan = MustCreateUser(accounts, Person("lan"));
  UserRecord an = MustCreateUser(accounts, Person("an"));
  ASSERT_OK(accounts.PutSession(Session("lan-1", lan.id)));
  ASSERT_OK(accounts.PutSession(Session("lan-2", lan.id)));
  ASSERT_OK(accounts.PutSession(Session("an-1", an.id)));
  auto ended = accounts.DeleteUserSessions(lan.id);
  ASSERT_OK(ended);
  EXPECT_EQ(*ended, 2);
  EXPECT_STORE_ERROR(accounts.GetSession("lan-1"), StoreErrorKind::kNotFound);
  ASSERT_OK(accounts.GetSession("an-1"));
  ended = accounts.DeleteUserSessions(lan.id);
  ASSERT_OK(ended);
  EXPECT_EQ(*ended, 0);
  ASSERT_OK(accounts.DeleteSession("an-1"));

  // At 10000 with 30 minutes of idle time: "idle" was last seen 1801 s before, "old" expires at
  // 10000, "fresh" was seen 1799 s before and expires later, "edge" exactly 1800 s before.
  const seconds idle(1800);
  ASSERT_OK(accounts.PutSession(Session("idle", lan.id, 10000 - 1801, 50000)));
  ASSERT_OK(accounts.PutSession(Session("old", lan.id, 9999, 10000)));
  ASSERT_OK(accounts.PutSession(Session("fresh", an.id, 10000 - 1799, 10001)));
  ASSERT_OK(accounts.PutSession(Session("edge", an.id, 10000 - 1800, 50000)));
  auto expired = accounts.DeleteExpiredSessions(At(10000), idle);
  ASSERT_OK(expired);
  EXPECT_EQ(*expired, 3);
  ASSERT_OK(accounts.GetSession("fresh"));
  for (const char* gone : {"idle", "old", "edge"})
    EXPECT_STORE_ERROR(accounts.GetSession(gone), StoreErrorKind::kNotFound);
  expired = accounts.DeleteExpiredSessions(At(10000), idle);
  ASSERT_OK(expired);
  EXPECT_EQ(*expired, 0);
  ASSERT_OK(accounts.TouchSession("fresh", At(10000)));
  expired = accounts.DeleteExpiredSessions(At(10001), idle);  // its absolute expiry
  ASSERT_OK(expired);
  EXPECT_EQ(*expired, 1);
}

TEST_P(StoreTest, CountsFailedSignInsAndAZeroCountDeletesThem) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& accounts = store->accounts();
  auto none = accounts.GetFailures("user:lan");
  ASSERT_OK(none);
  EXPECT_EQ(none->key, "user:lan");
  EXPECT_EQ(none->count, 0);
  EXPECT_FALSE(none->locked_until.has_value());

  const SignInFailures two{"user:lan", 2, At(1000), std::nullopt};
  ASSERT_OK(accounts.PutFailures(two));
  auto got = accounts.GetFailures("user:lan");
  ASSERT_OK(got);
  EXPECT_EQ(*got, two);
  const SignInFailures locked{"user:lan", 5, At(1000), At(1900)};
  ASSERT_OK(accounts.PutFailures(locked));
  ASSERT_OK(accounts.PutFailures(SignInFailures{"address:203.0.113.7", 1, At(1100), std::nullopt}));
  got = accounts.GetFailures("user:lan");
  ASSERT_OK(got);
  EXPECT_EQ(*got, locked);

  ASSERT_OK(accounts.PutFailures(SignInFailures{"user:lan", 0, At(2000), std::nullopt}));
  got = accounts.GetFailures("user:lan");
  ASSERT_OK(got);
  EXPECT_EQ(got->count, 0);
  EXPECT_FALSE(got->locked_until.has_value());
  // A zero count where there is nothing: nothing to delete, no error.
  ASSERT_OK(accounts.PutFailures(SignInFailures{"user:an", 0, At(2000), std::nullopt}));
  got = accounts.GetFailures("address:203.0.113.7");
  ASSERT_OK(got);
  EXPECT_EQ(got->count, 1);
}

TEST_P(StoreTest, AccountWritesJoinTheUnitOfWork) {
  auto store = Open();
  ASSERT_TRUE(store);
  AccountStore& outside = store->accounts();
  UserRecord lan = MustCreateUser(outside, Person("lan"));
  const SignInFailures failures{"user:lan", 3, At(1000), std::nullopt};
  ASSERT_OK(outside.PutFailures(failures));

  // Every account write of a unit that fails is undone with it.
  EXPECT_FALSE(store->InTransaction([&](Store& in) -> StoreStatus {
    AccountStore& accounts = in.accounts();
    EXPECT_EQ(&accounts, &outside);  // the same repository, on the same connection
    auto an = accounts.CreateUser(Person("an"));
    if (!an) return an.error();
    if (auto grant = accounts.AddGrant(GrantRecord{0, *an, Role::kViewer, std::nullopt}); !grant)
      return grant.error();
    UserRecord changed = lan;
    changed.disabled = true;
    if (auto updated = accounts.UpdateUser(changed); !updated) return updated;
    if (auto put = accounts.PutSession(Session("t", *an)); !put) return put;
    if (auto put = accounts.PutFailures(SignInFailures{"user:lan", 0, At(2000), std::nullopt});
        !put)
      return put;
    auto seen = accounts.FindUser("an");  // inside the unit, its own writes are seen
    if (!seen) return seen.error();
    return AccountWorkFailed();
  }));
  EXPECT_STORE_ERROR(outside.FindUser("an"), StoreErrorKind::kNotFound);
  auto grants = outside.ListAllGrants();
  ASSERT_OK(grants);
  EXPECT_TRUE(grants->empty());
  auto got = outside.GetUser(lan.id);
  ASSERT_OK(got);
  EXPECT_EQ(*got, lan);
  EXPECT_STORE_ERROR(outside.GetSession("t"), StoreErrorKind::kNotFound);
  auto kept = outside.GetFailures("user:lan");
  ASSERT_OK(kept);
  EXPECT_EQ(*kept, failures);

  // A failing write inside a unit is undone alone; the unit goes on and commits the rest.
  ASSERT_OK(store->InTransaction([&](Store& in) -> StoreStatus {
    AccountStore& accounts = in.accounts();
    auto taken = accounts.CreateUser(Person("lan"));
    EXPECT_FALSE(taken.ok());
    if (!taken.ok()) {
      EXPECT_EQ(taken.error().kind, StoreErrorKind::kUniqueViolation);
    }
    if (auto put = accounts.PutSession(Session("t", lan.id)); !put) return put;
    return accounts.PutFailures(SignInFailures{"user:lan", 0, At(2000), std::nullopt});
  }));
  ASSERT_OK(outside.GetSession("t"));
  kept = outside.GetFailures("user:lan");
  ASSERT_OK(kept);
  EXPECT_EQ(kept->count, 0);
}

TEST_P(StoreTest, TheChangeFeedReportsAccountsButNotSessions) {
  auto writer = Open(StoreOptions{.origin = "server-a"});
  ASSERT_TRUE(writer);
  AccountStore& accounts = writer->accounts();
  UserRecord lan = MustCreateUser(accounts, Person("lan"));  // before the feed opens
  auto feed = OpenChangeFeed(url());
  ASSERT_OK(feed);

  // Sessions, alone or in a unit of work: nothing to report.
  ASSERT_OK(accounts.PutSession(Session("a", lan.id)));
  ASSERT_OK(accounts.TouchSession("a", At(1500)));
  ASSERT_OK(accounts.DeleteSession("a"));
  ASSERT_OK(accounts.PutSession(Session("b", lan.id)));
  ASSERT_OK(accounts.DeleteUserSessions(lan.id));
  ASSERT_OK(accounts.DeleteExpiredSessions(At(100000), seconds(1800)));
  ASSERT_OK(writer->InTransaction([&](Store& in) -> StoreStatus {
    if (auto put = in.accounts().PutSession(Session("c", lan.id)); !put) return put;
    return in.PutSetting("k", "v");
  }));
  // Users, grants, failures: "accounts", once per transaction.
  ASSERT_OK(accounts.CreateUser(Person("an")));
  ASSERT_OK(accounts.AddGrant(GrantRecord{0, lan.id, Role::kViewer, std::nullopt}));
  ASSERT_OK(writer->InTransaction([&](Store& in) -> StoreStatus {
    if (auto put = in.accounts().PutSession(Session("d", lan.id)); !put) return put;
    return in.accounts().PutFailures(SignInFailures{"user:lan", 0, At(2000), std::nullopt});
  }));
  const Change last{"server-a", "programmes"};
  ASSERT_OK(writer->PutProgramme(ProgrammeRecord{"p", "{}"}));

  const std::vector<Change> changes = ChangesUntil(**feed, last);
  EXPECT_EQ(changes, (std::vector<Change>{{"server-a", "settings"},
                                          {"server-a", "accounts"},
                                          {"server-a", "accounts"},
                                          {"server-a", "accounts"},
                                          last}));
}

}  // namespace
}  // namespace kieumau::test
