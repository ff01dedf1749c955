// Loads a rubric from YAML (RUBRIC-FORMAT.md §1–§3) and checks it (§6): errors stop the load,
// warnings do not.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/diagnostic.h"
#include "engine/rubric.h"

namespace kieumau {

struct LoadedRubric {
  std::optional<Rubric> rubric;         // set when there is no error
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in line order
};

// Parses `text`; `catalogue` resolves indicator names.
LoadedRubric ParseRubric(std::string_view text, const Catalogue& catalogue);
// Reads and parses the file at `path`; an unreadable file is one error on line 0.
LoadedRubric LoadRubricFile(const std::string& path, const Catalogue& catalogue);

}  // namespace kieumau
