// A problem found in an input file, with the line it is on (0 when the file as a whole is meant).
#pragma once

#include <string>

namespace kieumau {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  int line = 0;
  std::string message;
};

}  // namespace kieumau
