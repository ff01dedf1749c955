#include "engine/rules/reduce_increase.h"

#include "engine/format.h"

namespace kieumau {

using namespace std::string_view_literals;

void ChangeRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.push_back(Ref{slot_, false});
  refs.push_back(Ref{slot_, true});
  if (tier_by_) refs.insert(refs.end(), tier_by_->refs().begin(), tier_by_->refs().end());
}

Points ChangeRule::Judge(JudgeContext& ctx) const {
  const double current = ctx.values.current[slot_];
  const double prior = ctx.values.prior[slot_];
  // Evaluate tier_by even when prior is zero, so that a zero base in it is always seen.
  const double tier_value = tier_by_ ? tier_by_->Evaluate(ctx.values, &ctx.zero_base) : prior;

  Decision decision;
  if (prior == 0) {
    // Judged before tiers (RUBRIC-FORMAT.md §3).
    decision.met = if_prior_zero_ == PriorZero::kKeepZero ? current == 0
                   : if_prior_zero_ == PriorZero::kAny    ? current >= 0
                                                          : false;
  } else {
    decision.requirement = fixed_;
    if (!decision.requirement) {
      for (const Tier& tier : tiers_) {
        if (tier.when.Contains(tier_value)) {
          decision.tier = &tier;
          decision.requirement = tier.requirement;
          break;
        }
      }
    }
    if (decision.requirement) {
      const double change = direction_ == Direction::kReduce ? prior - current : current - prior;
      // Exactly as §3 states, with no division: 100 * change >= p * prior.
      decision.met = decision.requirement->is_percent
                         ? 100 * change >= decision.requirement->amount * prior
                         : change >= decision.requirement->amount;
    }
  }
  if (ctx.reason != nullptr) Explain(ctx, current, prior, tier_value, decision);
  return decision.met ? ctx.item_max : Points();
}

void ChangeRule::Explain(const JudgeContext& ctx, double current, double prior, double tier_value,
                         const Decision& decision) const {
  const std::string& name = ctx.catalogue.at(slot_).name;
  std::string& reason = *ctx.reason;
  reason += name;
  reason += ": năm trước "sv;
  AppendNumberVi(reason, prior);
  reason += ", năm nay "sv;
  AppendNumberVi(reason, current);
  const std::string_view verdict = decision.met ? " → đạt"sv : " → không đạt"sv;
  if (prior == 0) {
    switch (if_prior_zero_) {
      case PriorZero::kKeepZero:
        reason += "; năm trước không xảy ra thì giữ vững"sv;
        break;
      case PriorZero::kAny:
        reason += "; năm trước bằng 0, không có mốc so sánh nên tính là đạt"sv;
        break;
      case PriorZero::kFail:
        reason += "; năm trước bằng 0, không tính được mức thay đổi"sv;
        break;
    }
    reason += verdict;
    return;
  }
  if (!tiers_.empty()) {
    reason += decision.tier ? "; mức áp dụng theo "sv : "; "sv;
    if (tier_by_) {
      reason += tier_by_->text();
    } else {
      reason += "prior("sv;
      reason += name;
      reason += ')';
    }
    reason += " = "sv;
    AppendNumberVi(reason, tier_value);
    if (!decision.tier) {
      reason += " không thuộc mức nào"sv;
      reason += verdict;
      return;
    }
    reason += " ∈ "sv;
    reason += decision.tier->when.text;
  }
  const double shown = current - prior;
  if (shown == 0) {
    reason += "; không đổi"sv;
  } else {
    reason += shown < 0 ? "; giảm "sv : "; tăng "sv;
    AppendNumberVi(reason, std::fabs(shown));
    reason += " ("sv;
    AppendNumberVi(reason, 100 * std::fabs(shown) / prior);
    reason += "%)"sv;
  }
  reason +=
      direction_ == Direction::kReduce ? "; yêu cầu giảm ít nhất " : "; yêu cầu tăng ít nhất ";
  AppendNumberVi(reason, decision.requirement->amount);
  if (decision.requirement->is_percent) reason += '%';
  reason += verdict;
}

}  // namespace kieumau
