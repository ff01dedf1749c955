// The `kieumau` subcommands (RUBRIC-FORMAT.md §8). Each returns the process exit code: 0 done, 1
// refused input, 2 usage error. They write results to `out` and messages to `err`.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalogue.h"

namespace kieumau::cli {

struct CatalogueChoice {
  std::optional<std::string> path;  // --indicators; none = the built-in catalogue
};

// Loads the chosen catalogue; on failure writes its errors to `err` and returns nothing.
std::optional<Catalogue> LoadChosenCatalogue(const CatalogueChoice& choice, std::ostream& err);

int RubricCheck(const std::vector<std::string>& files, const CatalogueChoice& catalogue,
                std::ostream& out, std::ostream& err);

enum class ScoreFormat { kJson, kTable };
int Score(const std::string& rubric_path, const std::string& facts_path, ScoreFormat format,
          const CatalogueChoice& catalogue, std::ostream& out, std::ostream& err);

}  // namespace kieumau::cli
