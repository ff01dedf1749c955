#include "load/rule_yaml.h"

#include <fmt/format.h>

namespace kieumau {

std::optional<Expr> RuleReader::ReadExpr(const YAML::Node& node, const std::string& what) {
  if (!node.IsDefined() || node.IsNull() || !node.IsScalar()) {
    sink_.Error(
        node,
        fmt::format("{} phải là một biểu thức dạng chuỗi (must be an expression string)", what));
    return std::nullopt;
  }
  Result<Expr> expr = Expr::Parse(node.Scalar(), catalogue_);
  if (!expr) {
    sink_.Error(node, fmt::format("{}: {}", what, expr.error().message));
    return std::nullopt;
  }
  return std::move(expr).value();
}

std::optional<Interval> RuleReader::ReadInterval(const YAML::Node& map, const char* key,
                                                 const std::string& what) {
  auto text = yaml::GetString(map, key, true, what, sink_);
  if (!text) return std::nullopt;
  Result<Interval> interval = Interval::Parse(*text);
  if (!interval) {
    sink_.Error(map[key], fmt::format("{}: {}", what, interval.error().message));
    return std::nullopt;
  }
  return std::move(interval).value();
}

std::unique_ptr<Rule> RuleReader::ReadRule(const YAML::Node& node, Points points,
                                           const std::string& what) {
  std::string keys;
  for (const RuleKind& kind : AllRuleKinds())
    keys += (keys.empty() ? "" : ", ") + std::string(kind.key);
  const std::string where = what + ", rule";
  if (!node.IsMap() || node.size() != 1) {
    sink_.Error(node, fmt::format("{} phải có đúng một loại luật: {} (a rule has exactly one kind)",
                                  where, keys));
    return nullptr;
  }
  const auto entry = *node.begin();
  const std::string key = entry.first.Scalar();
  for (const RuleKind& kind : AllRuleKinds()) {
    if (kind.key == key) return kind.read(*this, entry.second, points, what);
  }
  sink_.Error(entry.first, fmt::format("{}: loại luật không hợp lệ '{}'; chỉ có {} (unknown key)",
                                       where, key, keys));
  return nullptr;
}

}  // namespace kieumau
