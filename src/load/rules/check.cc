// The `check` rule kind: full points when a condition holds (RUBRIC-FORMAT.md §3).
#include "engine/rules/check.h"

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

std::unique_ptr<Rule> ReadCheck(RuleReader& reader, const YAML::Node& body, Points,
                                const std::string& what) {
  auto condition = reader.ReadExpr(body, what + ", check");
  if (!condition) return nullptr;
  return std::make_unique<CheckRule>(std::move(*condition));
}

}  // namespace

std::span<const RuleKind> RuleKinds_check() {
  static constexpr RuleKind kKinds[] = {{"check", ReadCheck}};
  return kKinds;
}

}  // namespace kieumau
