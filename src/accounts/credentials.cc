#include "accounts/credentials.h"

#include <sodium.h>

#include <array>

namespace kieumau::accounts {

namespace {

void InitSodium() {
  // sodium_init is idempotent and thread-safe.
  static const int initialised = sodium_init();
  (void)initialised;
}

// The number of UTF-8 code points (continuation bytes not counted).
size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text)
    count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

}  // namespace

Result<std::string> NormalizeUsername(std::string_view username) {
  while (!username.empty() && (username.front() == ' ' || username.front() == '\t'))
    username.remove_prefix(1);
  while (!username.empty() && (username.back() == ' ' || username.back() == '\t'))
    username.remove_suffix(1);
  if (username.size() < 3 || username.size() > 64) {
    return Error{"Tên đăng nhập phải dài từ 3 đến 64 ký tự (a username has 3 to 64 characters)"};
  }
  std::string out;
  out.reserve(username.size());
  for (char c : username) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool letter_or_digit = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (!letter_or_digit && !(lower == '.' || lower == '_' || lower == '-')) {
      return Error{
          "Tên đăng nhập chỉ gồm chữ không dấu a–z, số, dấu chấm, gạch dưới, gạch ngang (a "
          "username has only the letters a–z, digits, '.', '_' and '-')"};
    }
    if (out.empty() && !letter_or_digit) {
      return Error{
          "Tên đăng nhập phải bắt đầu bằng chữ hoặc số (a username starts with a letter or a "
          "digit)"};
    }
    out += lower;
  }
  return out;
}

std::optional<std::string> CheckNewPassword(std::string_view password, std::string_view username) {
  if (password.find('\0') != std::string_view::npos)
    return "Mật khẩu không được chứa ký tự NUL (a password may not contain NUL)";
  if (password.size() > 256) return "Mật khẩu dài quá 256 byte (a password has at most 256 bytes)";
  if (CodePoints(password) < 10)
    return "Mật khẩu phải có ít nhất 10 ký tự (a password has at least 10 characters)";
  Result<std::string> folded = NormalizeUsername(password);
  if (folded && *folded == username)
    return "Mật khẩu không được trùng tên đăng nhập (a password may not be the username)";
  return std::nullopt;
}

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error{"Không đủ bộ nhớ để băm mật khẩu (out of memory hashing a password)"};
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
  std::array<char, crypto_pwhash_STRBYTES> text{};
  hash.copy(text.data(), hash.size());
  return crypto_pwhash_str_verify(text.data(), password.data(), password.size()) == 0;
}

const std::string& DecoyHash() {
  static const std::string* hash = new std::string(HashPassword(NewToken()).value());
  return *hash;
}

std::string NewToken() {
  InitSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 64> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text.data());
}

std::string Sha256Hex(std::string_view bytes) {
  InitSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::array<char, 2 * crypto_hash_sha256_BYTES + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

std::string TokenHash(std::string_view token) {
  return Sha256Hex(token);
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kieumau::accounts
