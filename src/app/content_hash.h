// The content hash stored with each scorecard: SHA-256 (libsodium) of the criteria set's file.
#pragma once

#include <string>
#include <string_view>

namespace kieumau::app {

// 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace kieumau::app
