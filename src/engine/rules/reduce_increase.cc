#include "engine/rules/reduce_increase.h"

#include <fmt/format.h>

#include "engine/format.h"

namespace kieumau {

void ChangeRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.push_back(Ref{slot_, false});
  refs.push_back(Ref{slot_, true});
  if (tier_by_) refs.insert(refs.end(), tier_by_->refs().begin(), tier_by_->refs().end());
}

Verdict ChangeRule::Judge(JudgeContext& ctx) const {
  const bool reduce = direction_ == Direction::kReduce;
  const double current = ctx.values.current[slot_];
  const double prior = ctx.values.prior[slot_];
  const std::string& name = ctx.catalogue.at(slot_).name;
  std::string reason = fmt::format("{}: năm trước {}, năm nay {}", name, FormatNumberVi(prior),
                                   FormatNumberVi(current));
  // Evaluate tier_by even when prior is zero, so that a zero base in it is always seen.
  double tier_value = prior;
  if (tier_by_) tier_value = tier_by_->Evaluate(ctx.values, &ctx.zero_base);

  if (prior == 0) {
    bool met = false;
    switch (if_prior_zero_) {
      case PriorZero::kKeepZero:
        met = current == 0;
        reason += "; năm trước không xảy ra thì giữ vững";
        break;
      case PriorZero::kAny:
        met = current >= 0;
        reason += "; năm trước bằng 0, không có mốc so sánh nên tính là đạt";
        break;
      case PriorZero::kFail:
        reason += "; năm trước bằng 0, không tính được mức thay đổi";
        break;
    }
    reason += met ? " → đạt" : " → không đạt";
    return Verdict{met ? ctx.item_max : Points(), std::move(reason)};
  }

  std::optional<Requirement> requirement = fixed_;
  if (!requirement) {
    const std::string by = tier_by_ ? tier_by_->text() : "prior(" + name + ")";
    for (const Tier& tier : tiers_) {
      if (tier.when.Contains(tier_value)) {
        requirement = tier.requirement;
        reason += fmt::format("; mức áp dụng theo {} = {} ∈ {}", by, FormatNumberVi(tier_value),
                              tier.when.text);
        break;
      }
    }
    if (!requirement) {
      reason +=
          fmt::format("; {} = {} không thuộc mức nào → không đạt", by, FormatNumberVi(tier_value));
      return Verdict{Points(), std::move(reason)};
    }
  }

  const double change = reduce ? prior - current : current - prior;
  const double shown = current - prior;
  if (shown == 0) {
    reason += "; không đổi";
  } else {
    reason +=
        fmt::format("; {} {} ({}%)", shown < 0 ? "giảm" : "tăng", FormatNumberVi(std::fabs(shown)),
                    FormatNumberVi(100 * std::fabs(shown) / prior));
  }
  // Exactly as RUBRIC-FORMAT.md §3 states, with no division: 100 * change >= p * prior.
  const bool met = requirement->is_percent ? 100 * change >= requirement->amount * prior
                                           : change >= requirement->amount;
  reason += fmt::format("; yêu cầu {} ít nhất {}{}", reduce ? "giảm" : "tăng",
                        FormatNumberVi(requirement->amount), requirement->is_percent ? "%" : "");
  reason += met ? " → đạt" : " → không đạt";
  return Verdict{met ? ctx.item_max : Points(), std::move(reason)};
}

}  // namespace kieumau
