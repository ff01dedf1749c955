#include "engine/rules/all.h"

#include <fmt/format.h>

#include <deque>
#include <string>

namespace kieumau {

using namespace std::string_view_literals;

void AllRule::CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const {
  for (const auto& rule : rules_)
    rule->CollectNeeds(kind, refs, manual);
}

Points AllRule::Judge(JudgeContext& ctx) const {
  // Every inner rule is judged, even after one falls short, so that a zero base anywhere is seen.
  if (ctx.reason == nullptr) {
    bool met = true;
    for (const auto& rule : rules_)
      met = (rule->Judge(ctx) >= ctx.item_max) && met;
    return met ? ctx.item_max : Points();
  }
  // Inner reasons go to a scratch buffer; the item's reason keeps the first shortfall's, or all of
  // them when every one is met. The buffers are kept from call to call, one per level of `all`
  // inside `all` (a deque: a buffer stays where it is when a deeper level adds one).
  thread_local std::deque<std::string> scratch;
  thread_local size_t depth = 0;
  if (scratch.size() <= depth) scratch.emplace_back();
  std::string& inner = scratch[depth];
  inner.clear();
  struct Level {
    size_t& depth;
    explicit Level(size_t& d) : depth(d) { ++depth; }
    ~Level() { --depth; }
  } level(depth);
  std::string* item_reason = ctx.reason;
  ctx.reason = &inner;
  int first_short = -1;
  size_t short_begin = 0;
  size_t short_end = 0;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (i > 0) inner += " | "sv;
    const size_t begin = inner.size();
    const Points points = rules_[i]->Judge(ctx);
    if (points < ctx.item_max && first_short < 0) {
      first_short = static_cast<int>(i);
      short_begin = begin;
      short_end = inner.size();
    }
  }
  ctx.reason = item_reason;
  if (first_short >= 0) {
    fmt::format_to(std::back_inserter(*item_reason), "không đạt điều kiện {}/{}: {}",
                   first_short + 1, rules_.size(),
                   std::string_view(inner).substr(short_begin, short_end - short_begin));
    return Points();
  }
  fmt::format_to(std::back_inserter(*item_reason), "đạt cả {} điều kiện: {}", rules_.size(), inner);
  return ctx.item_max;
}

void AllRule::Lint(std::vector<Diagnostic>& out) const {
  for (const auto& rule : rules_)
    rule->Lint(out);
}

}  // namespace kieumau
