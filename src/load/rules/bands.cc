// The `bands` rule kind: points by the interval a value falls in.
#include "engine/rules/bands.h"

#include <fmt/format.h>

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;
using yaml::GetPoints;
using yaml::GetString;
using yaml::Line;

std::unique_ptr<Rule> ReadBands(RuleReader& reader, const YAML::Node& body, Points points,
                                const std::string& what) {
  const std::string where = what + ", bands";
  if (!CheckKeys(body, {"value", "round", "steps"}, where, reader.sink())) return nullptr;
  auto value = reader.ReadExpr(body["value"], where + ", value");
  bool round_integer = false;
  if (auto round = GetString(body, "round", false, where, reader.sink())) {
    if (*round == "integer") {
      round_integer = true;
    } else if (*round != "none") {
      reader.sink().Error(body["round"],
                          fmt::format("{}: round phải là none hoặc integer, nhận được \"{}\" "
                                      "(round must be none or integer)",
                                      where, *round));
    }
  }
  const YAML::Node steps_node = body["steps"];
  std::vector<BandStep> steps;
  if (!steps_node.IsDefined() || !steps_node.IsSequence() || steps_node.size() == 0) {
    reader.sink().Error(
        steps_node.IsDefined() ? steps_node : body,
        fmt::format("{} cần danh sách steps không rỗng (needs a non-empty list of steps)", where));
  } else {
    for (const YAML::Node& step_node : steps_node) {
      const std::string step_what = where + ", step";
      if (!CheckKeys(step_node, {"in", "points"}, step_what, reader.sink())) continue;
      auto in = reader.ReadInterval(step_node, "in", step_what);
      auto step_points = GetPoints(step_node, "points", true, step_what, reader.sink());
      if (step_points && *step_points > points) {
        reader.sink().Error(
            step_node["points"],
            fmt::format(
                "{}: bậc {} cho {} điểm, cao hơn điểm tối đa {} của mục (step points above the "
                "item's points)",
                where, in ? in->text : "?", step_points->ToDouble(), points.ToDouble()));
      }
      if (in && step_points)
        steps.push_back(BandStep{std::move(*in), *step_points, Line(step_node)});
    }
  }
  if (!value) return nullptr;
  return std::make_unique<BandsRule>(std::move(*value), round_integer, std::move(steps));
}

}  // namespace

std::span<const RuleKind> RuleKinds_bands() {
  static constexpr RuleKind kKinds[] = {{"bands", ReadBands}};
  return kKinds;
}

}  // namespace kieumau
