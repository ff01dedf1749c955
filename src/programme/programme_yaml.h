// Loads a programme (bac-ninh-programme.yaml's shape) from YAML: every problem is reported with its
// line, unknown keys are refused, and the force targets' expressions are parsed against the
// catalogue. Inconsistent budget sums are warnings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/diagnostic.h"
#include "programme/programme.h"

namespace kieumau {

struct LoadedProgramme {
  std::optional<Programme> programme;   // set when there is no error
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in the order found
};

// Parses `text`; `catalogue` resolves the indicator names of the targets' expressions and must
// outlive nothing (the expressions keep slots, not pointers).
LoadedProgramme ParseProgramme(std::string_view text, const Catalogue& catalogue);
// Reads and parses the file at `path`; an unreadable file is one error on line 0.
LoadedProgramme LoadProgrammeFile(const std::string& path, const Catalogue& catalogue);

}  // namespace kieumau
