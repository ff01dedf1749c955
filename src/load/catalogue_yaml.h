// Loads the indicator catalogue (rubrics/indicators.yaml) and reports what is wrong in it, by line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/diagnostic.h"

namespace kieumau {

struct LoadedCatalogue {
  std::optional<Catalogue> catalogue;  // set when there is no error
  std::vector<Diagnostic> diagnostics;
};

LoadedCatalogue ParseCatalogue(std::string_view text);
LoadedCatalogue LoadCatalogueFile(const std::string& path);
// The catalogue built into the program (rubrics/indicators.yaml at build time).
std::string_view BuiltinCatalogueText();

}  // namespace kieumau
