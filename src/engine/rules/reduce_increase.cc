#include "engine/rules/reduce_increase.h"

#include <fmt/format.h>

#include "engine/format.h"

namespace kieumau {

void ChangeRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.push_back(Ref{slot_, false});
  refs.push_back(Ref{slot_, true});
  if (tier_by_) refs.insert(refs.end(), tier_by_->refs().begin(), tier_by_->refs().end());
}

Points ChangeRule::Judge(JudgeContext& ctx) const {
  const bool reduce = direction_ == Direction::kReduce;
  const double current = ctx.values.current[slot_];
  const double prior = ctx.values.prior[slot_];
  const std::string& name = ctx.catalogue.at(slot_).name;
  auto reason = std::back_inserter(*ctx.reason);
  fmt::format_to(reason, "{}: năm trước {}, năm nay {}", name, Vi{prior}, Vi{current});
  // Evaluate tier_by even when prior is zero, so that a zero base in it is always seen.
  double tier_value = prior;
  if (tier_by_) tier_value = tier_by_->Evaluate(ctx.values, &ctx.zero_base);

  if (prior == 0) {
    bool met = false;
    switch (if_prior_zero_) {
      case PriorZero::kKeepZero:
        met = current == 0;
        *ctx.reason += "; năm trước không xảy ra thì giữ vững";
        break;
      case PriorZero::kAny:
        met = current >= 0;
        *ctx.reason += "; năm trước bằng 0, không có mốc so sánh nên tính là đạt";
        break;
      case PriorZero::kFail:
        *ctx.reason += "; năm trước bằng 0, không tính được mức thay đổi";
        break;
    }
    *ctx.reason += met ? " → đạt" : " → không đạt";
    return met ? ctx.item_max : Points();
  }

  std::optional<Requirement> requirement = fixed_;
  if (!requirement) {
    const std::string by = tier_by_ ? tier_by_->text() : "prior(" + name + ")";
    for (const Tier& tier : tiers_) {
      if (tier.when.Contains(tier_value)) {
        requirement = tier.requirement;
        fmt::format_to(reason, "; mức áp dụng theo {} = {} ∈ {}", by, Vi{tier_value},
                       tier.when.text);
        break;
      }
    }
    if (!requirement) {
      fmt::format_to(reason, "; {} = {} không thuộc mức nào → không đạt", by, Vi{tier_value});
      return Points();
    }
  }

  const double change = reduce ? prior - current : current - prior;
  const double shown = current - prior;
  if (shown == 0) {
    *ctx.reason += "; không đổi";
  } else {
    fmt::format_to(reason, "; {} {} ({}%)", shown < 0 ? "giảm" : "tăng", Vi{std::fabs(shown)},
                   Vi{100 * std::fabs(shown) / prior});
  }
  // Exactly as RUBRIC-FORMAT.md §3 states, with no division: 100 * change >= p * prior.
  const bool met = requirement->is_percent ? 100 * change >= requirement->amount * prior
                                           : change >= requirement->amount;
  fmt::format_to(reason, "; yêu cầu {} ít nhất {}{}", reduce ? "giảm" : "tăng",
                 Vi{requirement->amount}, requirement->is_percent ? "%" : "");
  *ctx.reason += met ? " → đạt" : " → không đạt";
  return met ? ctx.item_max : Points();
}

}  // namespace kieumau
