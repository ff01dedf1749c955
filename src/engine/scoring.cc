#include "engine/scoring.h"

#include <algorithm>

#include "engine/format.h"

namespace kieumau {

using namespace std::string_view_literals;

namespace {

// Lists the needed refs that `unit` lacks; returns whether any was lacking.
bool FindMissing(const std::vector<Ref>& refs, const ValueView& values, const Catalogue& catalogue,
                 std::vector<std::string>* names) {
  bool lacking = false;
  for (const Ref& ref : refs) {
    if (IsMissing(values.Get(ref))) {
      names->push_back(RefName(ref, catalogue));
      lacking = true;
    }
  }
  return lacking;
}

Points MissingVerdict(const std::vector<std::string>& names, size_t from, std::string* reason) {
  if (reason == nullptr) return Points();
  *reason += "thiếu dữ liệu: "sv;
  for (size_t i = from; i < names.size(); ++i) {
    if (i > from) *reason += ", "sv;
    *reason += names[i];
  }
  return Points();
}

// What an item scores when a zero base made it not computable; the explanation so far, from `begin`
// on, goes in parentheses.
Points NoBaseVerdict(NoBase rule, Points max, size_t begin, std::string* reason) {
  if (reason != nullptr) {
    const char* prefix = "mẫu số bằng 0, không tính được nên 0 điểm (";
    if (rule == NoBase::kFull) prefix = "mẫu số bằng 0, tính đủ điểm (";
    if (rule == NoBase::kNa) prefix = "mẫu số bằng 0: không áp dụng, tính đủ điểm (";
    reason->insert(begin, prefix);
    *reason += ')';
  }
  return rule == NoBase::kZero ? Points() : max;
}

// Judges one item for `unit`, appending its reason (without the closing "→ points/max") to
// *reason unless `reason` is null.
Points JudgeItem(const Item& item, size_t index, const Catalogue& catalogue, const UnitFacts& unit,
                 std::vector<std::string>* missing, std::string* reason) {
  const ValueView values = unit.values();
  JudgeContext ctx{catalogue, unit, values, static_cast<int>(index), item.points};
  ctx.reason = reason;
  const size_t missing_before = missing->size();
  const size_t begin = reason ? reason->size() : 0;

  if (item.na_when) {
    // na_when is judged first; when its own values are missing, only those are listed.
    if (FindMissing(item.na_when->refs(), values, catalogue, missing)) {
      return MissingVerdict(*missing, missing_before, reason);
    }
    const bool holds = item.na_when->Evaluate(values, &ctx.zero_base) != 0;
    if (ctx.zero_base || holds) {
      if (reason != nullptr) {
        *reason += ctx.zero_base ? "«"sv : "không áp dụng, tính đủ điểm: «"sv;
        *reason += item.na_when->text();
        *reason += "» ("sv;
        item.na_when->DescribeValues(values, catalogue, *reason);
        *reason += ')';
      }
      if (ctx.zero_base) return NoBaseVerdict(item.if_no_base, item.points, begin, reason);
      return item.points;
    }
  }

  const auto kind = static_cast<size_t>(unit.kind);
  bool lacking = FindMissing(item.needs[kind], values, catalogue, missing);
  if (item.needs_manual[kind] && IsMissing(unit.manual[index])) {
    missing->push_back("manual:" + item.id);
    lacking = true;
  }
  if (lacking) {
    std::sort(missing->begin() + static_cast<std::ptrdiff_t>(missing_before), missing->end());
    return MissingVerdict(*missing, missing_before, reason);
  }

  const Points points = item.rule->Judge(ctx);
  if (ctx.zero_base) return NoBaseVerdict(item.if_no_base, item.points, begin, reason);
  return points;
}

}  // namespace

std::string_view OutcomeKey(Outcome outcome) {
  switch (outcome) {
    case Outcome::kIneligible:
      return "ineligible";
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kScored:
      return "scored";
  }
  return "?";
}

std::string_view OutcomeLabel(Outcome outcome) {
  switch (outcome) {
    case Outcome::kIneligible:
      return "Không xét (vi phạm điều kiện loại trừ)";
    case Outcome::kPass:
      return "Đạt";
    case Outcome::kFail:
      return "Không đạt";
    case Outcome::kScored:
      return "Đã chấm điểm";
  }
  return "?";
}

UnitResult ScoreUnit(const Rubric& rubric, const Catalogue& catalogue, const UnitFacts& unit) {
  UnitResult result;
  ScoreUnitInto(rubric, catalogue, unit, result);
  return result;
}

void ScoreUnitInto(const Rubric& rubric, const Catalogue& catalogue, const UnitFacts& unit,
                   UnitResult& result, const ScoreOptions& options) {
  result.total = Points();
  result.vetoes.clear();
  result.missing.clear();
  result.criterion_points.clear();
  result.group_points.clear();
  result.items.resize(rubric.items.size());
  bool all_mandatory_met = true;
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    const Item& item = rubric.items[i];
    ItemResult& item_result = result.items[i];
    item_result.reason.clear();
    item_result.points = JudgeItem(item, i, catalogue, unit, &result.missing,
                                   options.reasons ? &item_result.reason : nullptr);
    if (options.reasons) {
      item_result.reason += " → "sv;
      AppendScoreVi(item_result.reason, item_result.points, item.points);
    }
    if (item.mandatory && item_result.points < item.points) all_mandatory_met = false;
  }

  result.criterion_points.reserve(rubric.criteria.size());
  for (const Criterion& criterion : rubric.criteria) {
    Points sum;
    for (size_t i = 0; i < criterion.item_count; ++i)
      sum += result.items[criterion.first_item + i].points;
    result.criterion_points.push_back(sum);
  }
  result.group_points.reserve(rubric.groups.size());
  for (const Group& group : rubric.groups) {
    Points sum;
    for (size_t i = 0; i < group.criterion_count; ++i) {
      sum += result.criterion_points[group.first_criterion + i];
    }
    result.group_points.push_back(sum);
    result.total += sum;
  }

  const ValueView values = unit.values();
  for (size_t v = 0; v < rubric.vetoes.size(); ++v) {
    const Veto& veto = rubric.vetoes[v];
    // A veto that cannot be computed for missing data is listed and does not veto; nor does a zero
    // base.
    if (FindMissing(veto.when.refs(), values, catalogue, &result.missing)) continue;
    bool zero_base = false;
    const bool holds = veto.when.Evaluate(values, &zero_base) != 0;
    if (holds && !zero_base) result.vetoes.push_back(v);
  }

  std::sort(result.missing.begin(), result.missing.end());
  result.missing.erase(std::unique(result.missing.begin(), result.missing.end()),
                       result.missing.end());

  if (!result.vetoes.empty()) {
    result.outcome = Outcome::kIneligible;
  } else if (rubric.pass) {
    bool passed = true;
    if (rubric.pass->min_points && result.total < *rubric.pass->min_points) passed = false;
    if (rubric.pass->all_mandatory && !all_mandatory_met) passed = false;
    result.outcome = passed ? Outcome::kPass : Outcome::kFail;
  } else {
    result.outcome = Outcome::kScored;
  }
}

}  // namespace kieumau
