// check: full points when a condition holds, else 0.
#pragma once

#include "engine/rule.h"

namespace kieumau {

class CheckRule final : public Rule {
 public:
  explicit CheckRule(Expr condition) : condition_(std::move(condition)) {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;

 private:
  Expr condition_;
};

}  // namespace kieumau
