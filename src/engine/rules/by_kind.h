// by_kind: the rule for the judged unit's kind; a kind not listed scores 0 ("not applicable to
// kind").
#pragma once

#include <array>
#include <memory>

#include "engine/rule.h"

namespace kieumau {

class ByKindRule final : public Rule {
 public:
  // `branches` is indexed by UnitKind; a null branch means the kind is not listed.
  explicit ByKindRule(std::array<std::unique_ptr<Rule>, 4> branches)
      : branches_(std::move(branches)) {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;
  void Lint(std::vector<Diagnostic>& out) const override;

 private:
  const Rule* Branch(UnitKind kind) const { return branches_[static_cast<size_t>(kind)].get(); }
  std::array<std::unique_ptr<Rule>, 4> branches_;
};

}  // namespace kieumau
