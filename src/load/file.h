// Reading whole files, with a message for people when it fails.
#pragma once

#include <string>

#include "engine/result.h"

namespace kieumau {

// Spare capacity ReadFile leaves past the end of the text it returns.
inline constexpr size_t kReadPadding = 64;

// The whole file; a directory or an unreadable file is an error with a message for people.
Result<std::string> ReadFile(const std::string& path);

}  // namespace kieumau
