#include "demo/demo.h"

#include <fmt/format.h>

#include <utility>

#include "demo/demo_internal.h"
#include "programme/baseline_csv.h"

namespace kieumau::demo {

Result<DemoData> BuildDemoData(const Catalogue& catalogue, const UnitRegistry& registry) {
  LoadedBaseline baseline = ParseBaselineCsv(BuiltinBaselineCsv(), catalogue);
  if (!baseline.table) {
    std::string message =
        "dữ liệu mẫu: bảng số liệu gốc không đọc được với danh mục chỉ số này "
        "(the built-in baseline does not load with this catalogue)";
    for (const Diagnostic& d : baseline.diagnostics) {
      if (d.severity == Severity::kError)
        message += fmt::format("; dòng {}: {}", d.line, d.message);
    }
    return Error{std::move(message)};
  }

  Result<internal::Layout> layout = internal::FindPlaces(*baseline.table, registry);
  if (!layout) return layout.error();
  if (Result<std::monostate> added = internal::AddRecognitions(registry, *layout); !added) {
    return added.error();
  }
  Result<std::vector<FactWrite>> facts = internal::MakeFacts(*layout, *baseline.table, catalogue);
  if (!facts) return facts.error();

  DemoData data;
  data.facts = std::move(*facts);
  data.recognitions = std::move(layout->recognitions);
  data.programme_yaml = std::string(BuiltinProgrammeYaml());
  return data;
}

}  // namespace kieumau::demo
