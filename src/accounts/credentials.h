// Credentials, pure of storage and HTTP: usernames as stored, the password rules, Argon2id hashes
// (libsodium's interactive limits: about 0.1 s and 64 MiB each — callers keep them off the network
// threads), and random tokens for sessions and CSRF with the SHA-256 the store keeps of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace kieumau::accounts {

// A username as stored and compared: trimmed, ASCII letters in lower case. 3 to 64 characters of
// a–z, 0–9, '.', '_', '-', starting with a letter or digit; else why not (Vietnamese, then
// English).
Result<std::string> NormalizeUsername(std::string_view username);

// Why a new password is refused, or nothing: at least 10 characters (code points), at most 256
// bytes, no NUL, not the username.
std::optional<std::string> CheckNewPassword(std::string_view password, std::string_view username);

// The Argon2id hash of `password`, encoded ("$argon2id$v=19$m=65536,t=2,p=1$…"); an error only
// when memory runs out.
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash` (false for a hash that is not a valid Argon2id string).
bool VerifyPassword(std::string_view hash, std::string_view password);
// A hash of a password nobody knows, for answering a sign-in to an unknown account in the same
// time as to a known one.
const std::string& DecoyHash();

// 32 random bytes as 43 base64url characters.
std::string NewToken();
// What the store keeps of a token: its SHA-256, hex.
std::string TokenHash(std::string_view token);
// SHA-256 of `bytes` as 64 lowercase hex digits: the one SHA-256 of the program (session tokens,
// criteria sets' content hashes, the audit chain).
std::string Sha256Hex(std::string_view bytes);
// Compares two strings in time independent of where they differ (equal lengths assumed typical).
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace kieumau::accounts
