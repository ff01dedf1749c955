#include "engine/rules/manual.h"

#include <algorithm>

#include "engine/format.h"

namespace kieumau {

using namespace std::string_view_literals;

void ManualRule::CollectNeeds(UnitKind, std::vector<Ref>&, bool* manual) const {
  *manual = true;
}

Points ManualRule::Judge(JudgeContext& ctx) const {
  // Facts validation guarantees a multiple of 0.25 within 0..points.
  const double given = ctx.unit.manual[static_cast<size_t>(ctx.item_index)];
  if (ctx.reason != nullptr) {
    *ctx.reason += "điểm thẩm định viên chấm: "sv;
    AppendNumberVi(*ctx.reason, given);
  }
  return std::min(Points::FromDouble(given).value_or(Points()), ctx.item_max);
}

}  // namespace kieumau
