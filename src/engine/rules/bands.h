// bands: the points of the first step whose interval holds the value, 0 if none; optionally the
// value is first rounded half-up to a whole number.
#pragma once

#include "engine/interval.h"
#include "engine/rule.h"

namespace kieumau {

struct BandStep {
  Interval in;
  Points points;
  int line = 0;
};

class BandsRule final : public Rule {
 public:
  BandsRule(Expr value, bool round_integer, std::vector<BandStep> steps)
      : value_(std::move(value)), round_integer_(round_integer), steps_(std::move(steps)) {}

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;
  // Warns on overlapping steps and on gaps between steps inside their overall range.
  void Lint(std::vector<Diagnostic>& out) const override;

 private:
  Expr value_;
  bool round_integer_;
  std::vector<BandStep> steps_;
};

}  // namespace kieumau
