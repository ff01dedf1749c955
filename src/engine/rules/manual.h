// manual: the assessor's points, entered per unit (0..points, in steps of 0.25).
#pragma once

#include <string>

#include "engine/rule.h"

namespace kieumau {

class ManualRule final : public Rule {
 public:
  explicit ManualRule(std::string guidance) : guidance_(std::move(guidance)) {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;
  const std::string& guidance() const { return guidance_; }

 private:
  std::string guidance_;
};

}  // namespace kieumau
