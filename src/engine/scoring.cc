#include "engine/scoring.h"

#include <algorithm>

#include "engine/format.h"

namespace kieumau {
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

std::string MissingReason(const std::vector<std::string>& names, size_t from) {
  std::string reason = "thiếu dữ liệu: ";
  for (size_t i = from; i < names.size(); ++i) {
    if (i > from) reason += ", ";
    reason += names[i];
  }
  return reason;
}

// What an item scores when a zero base made it not computable.
Verdict NoBaseVerdict(NoBase rule, Points max, const std::string& detail) {
  switch (rule) {
    case NoBase::kFull:
      return Verdict{max, "mẫu số bằng 0, tính đủ điểm (" + detail + ")"};
    case NoBase::kNa:
      return Verdict{max, "mẫu số bằng 0: không áp dụng, tính đủ điểm (" + detail + ")"};
    case NoBase::kZero:
      break;
  }
  return Verdict{Points(), "mẫu số bằng 0, không tính được nên 0 điểm (" + detail + ")"};
}

Verdict JudgeItem(const Item& item, size_t index, const Catalogue& catalogue, const UnitFacts& unit,
                  std::vector<std::string>* missing) {
  const ValueView values = unit.values();
  JudgeContext ctx{catalogue, unit, values, static_cast<int>(index), item.points};
  const size_t missing_before = missing->size();

  if (item.na_when) {
    // na_when is judged first; when its own values are missing, only those are listed.
    if (FindMissing(item.na_when->refs(), values, catalogue, missing)) {
      return Verdict{Points(), MissingReason(*missing, missing_before)};
    }
    const bool holds = item.na_when->Evaluate(values, &ctx.zero_base) != 0;
    const std::string detail =
        "«" + item.na_when->text() + "»: " + item.na_when->DescribeValues(values, catalogue);
    if (ctx.zero_base) return NoBaseVerdict(item.if_no_base, item.points, detail);
    if (holds) return Verdict{item.points, "không áp dụng, tính đủ điểm " + detail};
  }

  const auto kind = static_cast<size_t>(unit.kind);
  bool lacking = FindMissing(item.needs[kind], values, catalogue, missing);
  if (item.needs_manual[kind] && IsMissing(unit.manual[index])) {
    missing->push_back("manual:" + item.id);
    lacking = true;
  }
  if (lacking) {
    std::sort(missing->begin() + static_cast<std::ptrdiff_t>(missing_before), missing->end());
    return Verdict{Points(), MissingReason(*missing, missing_before)};
  }

  Verdict verdict = item.rule->Judge(ctx);
  if (ctx.zero_base) return NoBaseVerdict(item.if_no_base, item.points, verdict.reason);
  return verdict;
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
  result.items.reserve(rubric.items.size());
  bool all_mandatory_met = true;
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    const Item& item = rubric.items[i];
    Verdict verdict = JudgeItem(item, i, catalogue, unit, &result.missing);
    verdict.reason += " → " + FormatScoreVi(verdict.points, item.points);
    if (item.mandatory && verdict.points < item.points) all_mandatory_met = false;
    result.items.push_back(ItemResult{verdict.points, std::move(verdict.reason)});
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
  return result;
}

}  // namespace kieumau
