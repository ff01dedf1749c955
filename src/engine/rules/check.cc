#include "engine/rules/check.h"

namespace kieumau {

void CheckRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.insert(refs.end(), condition_.refs().begin(), condition_.refs().end());
}

Verdict CheckRule::Judge(JudgeContext& ctx) const {
  const bool holds = condition_.Evaluate(ctx.values, &ctx.zero_base) != 0;
  std::string reason = holds ? "đạt «" : "không đạt «";
  reason += condition_.text();
  reason += "» (";
  reason += condition_.DescribeValues(ctx.values, ctx.catalogue);
  reason += ")";
  return Verdict{holds ? ctx.item_max : Points(), std::move(reason)};
}

}  // namespace kieumau
