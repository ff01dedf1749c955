// Accounts in process, on each backend, with a clock the test moves (AppTest::now_): signing in
// gives a fresh session that any instance on the database recognises; a wrong username and a wrong
// password answer alike; failures lock the account for a stated time; sessions end by idle and
// absolute time, by signing out, and when the password changes elsewhere; a disabled account cannot
// sign in.
#include <gtest/gtest.h>

#include "app/app_fixture.h"

namespace kieumau::app_test {
namespace {

using std::chrono::seconds;

constexpr const char* kPassword = "mật khẩu tỉnh 2026";

class AccountsTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    app::NewUser user{"Admin.Tinh",
                      "Quản trị tỉnh",
                      kPassword,
                      false,
                      {GrantRecord{0, 0, Role::kNationalAdmin, std::nullopt}}};
    app::ProblemOr<UserRecord> added = services_->accounts().AddUser(user);
    ASSERT_TRUE(added) << added.error().message;
    user_ = *added;
  }

  UserRecord user_;
};

TEST_P(AccountsTest, SignInGivesAFreshSessionThatAnotherInstanceRecognises) {
  EXPECT_EQ(user_.username, "admin.tinh");
  EXPECT_TRUE(user_.password_hash.empty());  // never handed out
  app::ProblemOr<app::NewSession> first =
      services_->accounts().SignIn("ADMIN.TINH ", kPassword, "192.0.2.1");
  ASSERT_TRUE(first) << first.error().message;
  app::ProblemOr<app::NewSession> second =
      services_->accounts().SignIn("admin.tinh", kPassword, "192.0.2.1");
  ASSERT_TRUE(second);
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->csrf, first->token);
  ASSERT_EQ(first->who.grants.size(), 1u);
  EXPECT_EQ(first->who.grants[0].role, Role::kNationalAdmin);

  // Another server, which reads the session from the database every time (cache_for 0).
  app::Options uncached;
  uncached.sessions.cache_for = std::chrono::milliseconds(0);
  std::unique_ptr<app::Services> other = Open(uncached);
  ASSERT_TRUE(other);
  app::ProblemOr<app::SignedIn> seen = other->accounts().Authenticate(first->token);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->user.id, user_.id);
  EXPECT_FALSE(services_->accounts().Authenticate("not-a-token"));
  EXPECT_FALSE(services_->accounts().Authenticate(""));

  ASSERT_TRUE(services_->accounts().SignOut(first->token));
  app::ProblemOr<app::SignedIn> gone = other->accounts().Authenticate(first->token);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, app::ErrorCode::kUnauthenticated);
  EXPECT_TRUE(other->accounts().Authenticate(second->token));
}

TEST_P(AccountsTest, AWrongNameAndAWrongPasswordAnswerAlikeUntilTheAccountIsLocked) {
  app::ProblemOr<app::NewSession> no_such = services_->accounts().SignIn("nobody", kPassword, "a");
  app::ProblemOr<app::NewSession> wrong = services_->accounts().SignIn("admin.tinh", "sai", "a");
  ASSERT_FALSE(no_such);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(no_such.error().code, app::ErrorCode::kUnauthenticated);
  EXPECT_EQ(no_such.error().message, wrong.error().message);
  EXPECT_NE(wrong.error().message.find("Tên đăng nhập hoặc mật khẩu không đúng"),
            std::string::npos);

  const app::SessionPolicy& policy = services_->accounts().policy();
  for (int i = 1; i < policy.account_failures - 1; ++i)
    ASSERT_FALSE(services_->accounts().SignIn("admin.tinh", "sai", "a"));
  app::ProblemOr<app::NewSession> locked = services_->accounts().SignIn("admin.tinh", "sai", "a");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, app::ErrorCode::kTooManyAttempts);
  EXPECT_NE(locked.error().message.find("thử lại sau"), std::string::npos);
  // Locked: even the right password, and from another address, until the time stated.
  app::ProblemOr<app::NewSession> still =
      services_->accounts().SignIn("admin.tinh", kPassword, "b");
  ASSERT_FALSE(still);
  EXPECT_EQ(still.error().code, app::ErrorCode::kTooManyAttempts);
  // An unknown account locks the same way (nothing tells it apart).
  for (int i = 0; i < policy.account_failures; ++i)
    (void)services_->accounts().SignIn("nobody", "sai", "c");
  EXPECT_EQ(services_->accounts().SignIn("nobody", "sai", "c").error().code,
            app::ErrorCode::kTooManyAttempts);

  now_ = now_.load() + policy.lockout;
  EXPECT_TRUE(services_->accounts().SignIn("admin.tinh", kPassword, "b"));
}

// A session read from the database is remembered (session_cache.h): another server's sign-out is
// seen once the entry is older than cache_for, this server's own at once.
TEST_P(AccountsTest, ARememberedSessionEndsAtOnceHereAndAfterCacheForElsewhere) {
  app::Options remembering;
  remembering.sessions.cache_for = std::chrono::hours(1);
  std::unique_ptr<app::Services> here = Open(remembering);
  ASSERT_TRUE(here);
  app::ProblemOr<app::NewSession> session =
      services_->accounts().SignIn("admin.tinh", kPassword, "192.0.2.1");
  ASSERT_TRUE(session);
  ASSERT_TRUE(here->accounts().Authenticate(session->token));
  // Signed out through another server: this one still remembers the session (for up to an hour
  // here; a second by default).
  ASSERT_TRUE(services_->accounts().SignOut(session->token));
  EXPECT_TRUE(here->accounts().Authenticate(session->token));
  // Its expiry is checked against the remembered times all the same.
  const auto at = now_.load();
  now_ = at + services_->accounts().policy().idle;
  EXPECT_FALSE(here->accounts().Authenticate(session->token));
  now_ = at;
  // Signing out here forgets it at once.
  app::ProblemOr<app::NewSession> again =
      services_->accounts().SignIn("admin.tinh", kPassword, "192.0.2.1");
  ASSERT_TRUE(again);
  ASSERT_TRUE(here->accounts().Authenticate(again->token));
  ASSERT_TRUE(here->accounts().SignOut(again->token));
  EXPECT_FALSE(here->accounts().Authenticate(again->token));
}

TEST_P(AccountsTest, SessionsEndWhenIdleOrOldAndWhenThePasswordChanges) {
  const app::SessionPolicy& policy = services_->accounts().policy();
  app::ProblemOr<app::NewSession> idle = services_->accounts().SignIn("admin.tinh", kPassword, "a");
  ASSERT_TRUE(idle);
  now_ = now_.load() + policy.idle - seconds(1);
  EXPECT_TRUE(services_->accounts().Authenticate(idle->token));  // touched: idle again from now
  now_ = now_.load() + policy.idle - seconds(1);
  EXPECT_TRUE(services_->accounts().Authenticate(idle->token));
  now_ = now_.load() + policy.idle;
  EXPECT_FALSE(services_->accounts().Authenticate(idle->token));

  app::ProblemOr<app::NewSession> kept = services_->accounts().SignIn("admin.tinh", kPassword, "a");
  app::ProblemOr<app::NewSession> other =
      services_->accounts().SignIn("admin.tinh", kPassword, "b");
  ASSERT_TRUE(kept);
  ASSERT_TRUE(other);
  app::ProblemOr<bool> refused =
      services_->accounts().ChangePassword(kept->who, "sai", "mật khẩu mới 2027");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(services_->accounts().ChangePassword(kept->who, kPassword, "mật khẩu mới 2027"));
  EXPECT_TRUE(services_->accounts().Authenticate(kept->token));
  EXPECT_FALSE(services_->accounts().Authenticate(other->token));
  EXPECT_FALSE(services_->accounts().SignIn("admin.tinh", kPassword, "a"));
  ASSERT_TRUE(services_->accounts().SignIn("admin.tinh", "mật khẩu mới 2027", "a"));

  // However busy, a session ends at its absolute expiry.
  app::ProblemOr<app::NewSession> busy =
      services_->accounts().SignIn("admin.tinh", "mật khẩu mới 2027", "a");
  ASSERT_TRUE(busy);
  const auto end = now_.load() + policy.absolute;
  while (now_.load() + policy.idle / 2 < end) {
    now_ = now_.load() + policy.idle / 2;
    ASSERT_TRUE(services_->accounts().Authenticate(busy->token));
  }
  now_ = end;
  EXPECT_FALSE(services_->accounts().Authenticate(busy->token));
}

TEST_P(AccountsTest, BadNewAccountsAreRefusedSayingWhy) {
  app::ProblemOr<UserRecord> taken =
      services_->accounts().AddUser({"admin.tinh", "", "mật khẩu khác 2026", false, {}});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, app::ErrorCode::kUniqueViolation);
  app::ProblemOr<UserRecord> short_password =
      services_->accounts().AddUser({"can.bo", "", "ngắn", false, {}});
  ASSERT_FALSE(short_password);
  EXPECT_NE(short_password.error().message.find("ít nhất 10 ký tự"), std::string::npos);
  app::ProblemOr<UserRecord> bad_name =
      services_->accounts().AddUser({"cán bộ", "", "mật khẩu đủ dài", false, {}});
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().code, app::ErrorCode::kInvalid);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace kieumau::app_test
