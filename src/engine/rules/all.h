// all: full points only if every inner rule would give full points (judged against the item's
// points), else 0.
#pragma once

#include <memory>
#include <vector>

#include "engine/rule.h"

namespace kieumau {

class AllRule final : public Rule {
 public:
  explicit AllRule(std::vector<std::unique_ptr<Rule>> rules) : rules_(std::move(rules)) {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;
  void Lint(std::vector<Diagnostic>& out) const override;

 private:
  std::vector<std::unique_ptr<Rule>> rules_;
};

}  // namespace kieumau
