#include <ostream>

#include "cli/commands.h"
#include "load/catalogue_yaml.h"

namespace kieumau::cli {

std::optional<Catalogue> LoadChosenCatalogue(const CatalogueChoice& choice, std::ostream& err) {
  LoadedCatalogue loaded =
      choice.path ? LoadCatalogueFile(*choice.path) : ParseCatalogue(BuiltinCatalogueText());
  const std::string name = choice.path.value_or("rubrics/indicators.yaml (built in)");
  for (const Diagnostic& d : loaded.diagnostics) {
    err << name << ':' << d.line << ": " << (d.severity == Severity::kError ? "error" : "warning")
        << ": " << d.message << '\n';
  }
  if (!loaded.catalogue) {
    err << name << ": danh mục chỉ tiêu không nạp được (the indicator catalogue does not load)\n";
  }
  return std::move(loaded.catalogue);
}

}  // namespace kieumau::cli
