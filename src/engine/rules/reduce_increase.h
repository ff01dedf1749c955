// reduce and increase: full points when an indicator fell (or rose) from the year before by at
// least a count or a percent, possibly chosen by tiers; a prior value of zero is judged first by
// `if_prior_zero`. The two kinds are one mechanism with opposite directions, so they share this
// file.
#pragma once

#include <optional>
#include <vector>

#include "engine/interval.h"
#include "engine/rule.h"

namespace kieumau {

enum class Direction { kReduce, kIncrease };
enum class PriorZero { kKeepZero, kAny, kFail };

// The required change: a count (at least n) or a percent of the prior value (at least p%).
struct Requirement {
  bool is_percent = false;
  double amount = 0;
};

struct Tier {
  Interval when;
  Requirement requirement;
  int line = 0;
};

class ChangeRule final : public Rule {
 public:
  // Either `fixed` is set, or `tiers` is non-empty (then `tier_by`, when absent, means
  // prior(indicator)).
  ChangeRule(Direction direction, int slot, std::optional<Requirement> fixed,
             std::optional<Expr> tier_by, std::vector<Tier> tiers, PriorZero if_prior_zero)
      : direction_(direction),
        slot_(slot),
        fixed_(fixed),
        tier_by_(std::move(tier_by)),
        tiers_(std::move(tiers)),
        if_prior_zero_(if_prior_zero) {}

  static PriorZero DefaultPriorZero(Direction direction) {
    return direction == Direction::kReduce ? PriorZero::kKeepZero : PriorZero::kAny;
  }

  void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const override;
  Points Judge(JudgeContext& ctx) const override;

 private:
  struct Decision {
    bool met = false;
    const Tier* tier = nullptr;              // the tier that applied, if tiers
    std::optional<Requirement> requirement;  // none when prior is zero or no tier applied
  };
  void Explain(const JudgeContext& ctx, double current, double prior, double tier_value,
               const Decision& decision) const;

  Direction direction_;
  int slot_;
  std::optional<Requirement> fixed_;
  std::optional<Expr> tier_by_;
  std::vector<Tier> tiers_;
  PriorZero if_prior_zero_;
};

}  // namespace kieumau
