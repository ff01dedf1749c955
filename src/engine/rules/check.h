// check: full points when a condition holds, else 0.
#pragma once

#include <string>

#include "engine/rule.h"

namespace kieumau {

class CheckRule final : public Rule {
 public:
  explicit CheckRule(Expr condition)
      : condition_(std::move(condition)),
        met_("đạt «" + condition_.text() + "» ("),
        not_met_("không đạt «" + condition_.text() + "» (") {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;

 private:
  Expr condition_;
  std::string met_;      // the reason's start when it holds: đạt «condition» (
  std::string not_met_;  // and when it does not
};

}  // namespace kieumau
