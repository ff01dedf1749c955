#include <ostream>

#include "cli/commands.h"
#include "load/rubric_yaml.h"

namespace kieumau::cli {

int RubricCheck(const std::vector<std::string>& files, const CatalogueChoice& choice,
                std::ostream& out, std::ostream& err) {
  std::optional<Catalogue> catalogue = LoadChosenCatalogue(choice, err);
  if (!catalogue) return 1;
  bool all_loaded = true;
  for (const std::string& file : files) {
    LoadedRubric loaded = LoadRubricFile(file, *catalogue);
    for (const Diagnostic& d : loaded.diagnostics) {
      out << file << ':' << d.line << ": " << (d.severity == Severity::kError ? "error" : "warning")
          << ": " << d.message << '\n';
    }
    all_loaded = all_loaded && loaded.rubric.has_value();
  }
  return all_loaded ? 0 : 1;
}

}  // namespace kieumau::cli
