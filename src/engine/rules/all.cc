#include "engine/rules/all.h"

#include <fmt/format.h>

namespace kieumau {

void AllRule::CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const {
  for (const auto& rule : rules_)
    rule->CollectNeeds(kind, refs, manual);
}

Verdict AllRule::Judge(JudgeContext& ctx) const {
  // Every inner rule is judged, even after one falls short, so that a zero base anywhere is seen.
  int first_short = -1;
  std::string short_reason;
  std::string reasons;
  for (size_t i = 0; i < rules_.size(); ++i) {
    Verdict verdict = rules_[i]->Judge(ctx);
    if (verdict.points < ctx.item_max && first_short < 0) {
      first_short = static_cast<int>(i);
      short_reason = std::move(verdict.reason);
    } else if (first_short < 0) {
      reasons += (reasons.empty() ? "" : " | ") + verdict.reason;
    }
  }
  if (first_short >= 0) {
    return Verdict{Points(), fmt::format("không đạt điều kiện {}/{}: {}", first_short + 1,
                                         rules_.size(), short_reason)};
  }
  return Verdict{ctx.item_max, fmt::format("đạt cả {} điều kiện: {}", rules_.size(), reasons)};
}

void AllRule::Lint(std::vector<Diagnostic>& out) const {
  for (const auto& rule : rules_)
    rule->Lint(out);
}

}  // namespace kieumau
