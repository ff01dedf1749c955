// The `all` rule kind: the first failing of several rules.
#include "engine/rules/all.h"

#include <fmt/format.h>

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

std::unique_ptr<Rule> ReadAll(RuleReader& reader, const YAML::Node& body, Points points,
                              const std::string& what) {
  const std::string where = what + ", all";
  if (!body.IsSequence() || body.size() == 0) {
    reader.sink().Error(
        body,
        fmt::format("{} phải là danh sách luật không rỗng (must be a non-empty list of rules)",
                    where));
    return nullptr;
  }
  std::vector<std::unique_ptr<Rule>> rules;
  bool ok = true;
  for (const YAML::Node& inner : body) {
    rules.push_back(reader.ReadRule(inner, points, where));
    ok = ok && rules.back() != nullptr;
  }
  if (!ok) return nullptr;
  return std::make_unique<AllRule>(std::move(rules));
}

}  // namespace

std::span<const RuleKind> RuleKinds_all() {
  static constexpr RuleKind kKinds[] = {{"all", ReadAll}};
  return kKinds;
}

}  // namespace kieumau
