#include "units/events.h"

#include <iterator>
#include <variant>

namespace kieumau {

Date EventDate(const UnitEventValue& event) {
  return std::visit([](const auto& e) { return e.date; }, event);
}

std::string_view EventKey(const UnitEventValue& event) {
  static constexpr std::string_view kKeys[] = {
      "create", "rename", "reparent", "change_kind",   "update_figures",
      "merge",  "split",  "abolish",  "abolish_level", "rearrange"};
  static_assert(std::size(kKeys) == std::variant_size_v<UnitEventValue>);
  return kKeys[event.index()];
}

std::string_view EventLabel(const UnitEventValue& event) {
  static constexpr std::string_view kLabels[] = {"thành lập",
                                                 "đổi tên",
                                                 "điều chỉnh trực thuộc",
                                                 "chuyển loại",
                                                 "cập nhật dân số, diện tích",
                                                 "sáp nhập",
                                                 "chia tách",
                                                 "giải thể",
                                                 "bãi bỏ cấp",
                                                 "sắp xếp lại"};
  static_assert(std::size(kLabels) == std::variant_size_v<UnitEventValue>);
  return kLabels[event.index()];
}

}  // namespace kieumau
