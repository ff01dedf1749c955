#include "engine/rules/check.h"

namespace kieumau {

void CheckRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.insert(refs.end(), condition_.refs().begin(), condition_.refs().end());
}

Points CheckRule::Judge(JudgeContext& ctx) const {
  const bool holds = condition_.Evaluate(ctx.values, &ctx.zero_base) != 0;
  if (ctx.reason == nullptr) return holds ? ctx.item_max : Points();
  std::string& reason = *ctx.reason;
  reason += holds ? met_ : not_met_;
  condition_.DescribeValues(ctx.values, ctx.catalogue, reason);
  reason += ')';
  return holds ? ctx.item_max : Points();
}

}  // namespace kieumau
