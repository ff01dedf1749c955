#include "store/fact_checks.h"

#include <string>

#include "store/backend.h"

namespace kieumau {

std::optional<StoreError> CheckFactWrites(const Catalogue& catalogue,
                                          std::span<const FactWrite> batch) {
  constexpr std::string_view kContext = "Kiểm tra số liệu (check facts)";
  for (const FactWrite& write : batch) {
    auto label = [&write] {
      return "đơn vị (unit) " + std::to_string(write.unit_id) + ", chỉ tiêu (indicator) '" +
             write.indicator + "', năm (year) " + std::to_string(write.year) + ": ";
    };
    std::optional<int> slot = catalogue.Find(write.indicator);
    if (!slot) {
      return store_internal::MakeError(
          StoreErrorKind::kInvalid, kContext,
          label() + "chỉ tiêu không có trong danh mục (not in the indicator catalogue)");
    }
    if (!write.value) continue;
    if (auto why = CheckValue(catalogue.at(*slot), *write.value)) {
      return store_internal::MakeError(StoreErrorKind::kInvalid, kContext, label() + *why);
    }
  }
  return std::nullopt;
}

}  // namespace kieumau
