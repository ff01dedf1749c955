#include "engine/rules/bands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/format.h"

namespace kieumau {

using namespace std::string_view_literals;

void BandsRule::CollectNeeds(UnitKind, std::vector<Ref>& refs, bool*) const {
  refs.insert(refs.end(), value_.refs().begin(), value_.refs().end());
}

Points BandsRule::Judge(JudgeContext& ctx) const {
  const double raw = value_.Evaluate(ctx.values, &ctx.zero_base);
  const double value = round_integer_ ? std::floor(raw + 0.5) : raw;
  const BandStep* match = nullptr;
  for (const BandStep& step : steps_) {
    if (step.in.Contains(value)) {
      match = &step;
      break;
    }
  }
  const Points points = match ? std::min(match->points, ctx.item_max) : Points();
  if (ctx.reason == nullptr) return points;
  std::string& reason = *ctx.reason;
  const size_t begin = reason.size();
  value_.DescribeValues(ctx.values, ctx.catalogue, reason);
  if (!value_.IsSingleValue()) {
    reason += reason.size() == begin ? "giá trị "sv : "; giá trị "sv;
    AppendNumberVi(reason, raw);
  }
  if (round_integer_) {
    reason += ", làm tròn "sv;
    AppendNumberVi(reason, value);
  }
  if (match) {
    reason += " → khoảng "sv;
    reason += match->in.text;
  } else {
    reason += " → không thuộc khoảng nào"sv;
  }
  return points;
}

void BandsRule::Lint(std::vector<Diagnostic>& out) const {
  for (size_t i = 0; i < steps_.size(); ++i) {
    for (size_t j = i + 1; j < steps_.size(); ++j) {
      if (Overlaps(steps_[i].in, steps_[j].in)) {
        out.push_back(
            {Severity::kWarning, steps_[j].line,
             fmt::format("các bậc {} và {} chồng lên nhau; giá trị chung lấy điểm bậc đứng trước "
                         "(band steps overlap)",
                         steps_[i].in.text, steps_[j].in.text)});
      }
    }
  }
  // Gaps: walk the steps in order of their lower bound; a value between two consecutive ones that
  // neither holds is a gap. Where steps overlap, the furthest upper end reached so far is what
  // counts.
  std::vector<const BandStep*> sorted;
  for (const BandStep& step : steps_)
    sorted.push_back(&step);
  std::stable_sort(sorted.begin(), sorted.end(), [](const BandStep* a, const BandStep* b) {
    if (a->in.lo != b->in.lo) return a->in.lo < b->in.lo;
    return a->in.lo_closed && !b->in.lo_closed;
  });
  const Interval* reach = nullptr;
  for (const BandStep* step : sorted) {
    if (reach != nullptr && HasGapBetween(*reach, step->in, round_integer_)) {
      out.push_back(
          {Severity::kWarning, step->line,
           fmt::format("có khoảng trống giữa các bậc {} và {}: giá trị ở giữa được 0 điểm "
                       "(gap between band steps)",
                       reach->text, step->in.text)});
    }
    auto further = [](const Interval& a, const Interval& b) {  // does a reach beyond b?
      if (a.unbounded != b.unbounded) return a.unbounded;
      if (a.hi != b.hi) return a.hi > b.hi;
      return a.hi_closed && !b.hi_closed;
    };
    if (reach == nullptr || further(step->in, *reach)) reach = &step->in;
  }
}

}  // namespace kieumau
