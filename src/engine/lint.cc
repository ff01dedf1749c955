#include "engine/lint.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/format.h"

namespace kieumau {
namespace {

void CheckDeclared(const std::optional<Points>& declared, int line, Points sum,
                   std::string_view what_vi, std::string_view what_en,
                   std::vector<Diagnostic>& out) {
  if (!declared || *declared == sum) return;
  out.push_back(
      {Severity::kWarning, line,
       fmt::format("{} ghi {} điểm nhưng các mục cộng lại được {} điểm ({} declares {} points, "
                   "its contents add up to {})",
                   what_vi, FormatPointsVi(*declared), FormatPointsVi(sum), what_en,
                   declared->ToDouble(), sum.ToDouble())});
}

}  // namespace

std::vector<Diagnostic> LintRubric(const Rubric& rubric) {
  std::vector<Diagnostic> out;
  CheckDeclared(rubric.declared_points, rubric.declared_line, rubric.max, "Bộ tiêu chí",
                "the rubric", out);
  for (const Group& group : rubric.groups) {
    CheckDeclared(group.declared_points, group.declared_line, group.max,
                  fmt::format("Nhóm tiêu chí {}", group.id), fmt::format("group {}", group.id),
                  out);
  }
  for (const Criterion& criterion : rubric.criteria) {
    CheckDeclared(criterion.declared_points, criterion.declared_line, criterion.max,
                  fmt::format("Tiêu chí {}", criterion.id),
                  fmt::format("criterion {}", criterion.id), out);
  }
  for (const Item& item : rubric.items)
    item.rule->Lint(out);
  if (rubric.pass && rubric.pass->min_points && *rubric.pass->min_points > rubric.max) {
    out.push_back(
        {Severity::kWarning, rubric.pass->min_points_line,
         fmt::format("điểm đạt tối thiểu {} cao hơn tổng điểm {} của bộ tiêu chí, không đơn vị "
                     "nào đạt được (pass.min_points is above the total)",
                     FormatPointsVi(*rubric.pass->min_points), FormatPointsVi(rubric.max))});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return out;
}

}  // namespace kieumau
