// Reading whole files, with a message for people when it fails.
#pragma once

#include <string>

#include "engine/result.h"

namespace kieumau {

Result<std::string> ReadFile(const std::string& path);

}  // namespace kieumau
