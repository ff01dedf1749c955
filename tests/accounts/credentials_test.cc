// Credentials: usernames as stored, the password rules, Argon2id hashes that verify only their
// password, and tokens that do not repeat.
#include "accounts/credentials.h"

#include <gtest/gtest.h>

#include <set>

namespace kieumau::accounts {
namespace {

TEST(Username, IsTrimmedAndLowerCased) {
  EXPECT_EQ(NormalizeUsername("  Admin.Tinh_24 ").value(), "admin.tinh_24");
  EXPECT_EQ(NormalizeUsername("demo").value(), "demo");
}

TEST(Username, BadOnesAreRefusedSayingWhy) {
  EXPECT_FALSE(NormalizeUsername("ab"));
  EXPECT_FALSE(NormalizeUsername(std::string(65, 'a')));
  EXPECT_FALSE(NormalizeUsername("nguyễn"));  // letters with diacritics: not in a username
  EXPECT_FALSE(NormalizeUsername("a b c"));
  EXPECT_FALSE(NormalizeUsername("admin'--"));
  EXPECT_FALSE(NormalizeUsername(".admin"));
  Result<std::string> refused = NormalizeUsername("x y z");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("Tên đăng nhập"), std::string::npos);
}

TEST(NewPassword, Rules) {
  EXPECT_EQ(CheckNewPassword("đủ-mười-ký-tự", "demo"), std::nullopt);  // 13 characters
  EXPECT_NE(CheckNewPassword("ngắn", "demo"), std::nullopt);
  EXPECT_NE(CheckNewPassword("mậtkhẩu12", "demo"), std::nullopt);  // 9 characters, more bytes
  EXPECT_NE(CheckNewPassword(std::string(257, 'x'), "demo"), std::nullopt);
  EXPECT_NE(CheckNewPassword(std::string("0123456789\0", 11), "demo"), std::nullopt);
  EXPECT_NE(CheckNewPassword("Admin.Tinh24", "admin.tinh24"), std::nullopt);
}

TEST(PasswordHash, VerifiesOnlyItsPassword) {
  Result<std::string> hash = HashPassword("mật khẩu đúng 2026");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "mật khẩu đúng 2026"));
  EXPECT_FALSE(VerifyPassword(*hash, "mật khẩu sai 2026"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  // Salted: the same password hashes differently.
  EXPECT_NE(HashPassword("mật khẩu đúng 2026").value(), *hash);
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(200, '$'), "x"));
  EXPECT_FALSE(VerifyPassword(DecoyHash(), ""));
}

TEST(Tokens, AreRandomAndHashedForTheStore) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = NewToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(token).second);
  }
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
}

}  // namespace
}  // namespace kieumau::accounts
