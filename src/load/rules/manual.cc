// The `manual` rule kind: the assessor's points.
#include "engine/rules/manual.h"

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;
using yaml::GetString;

std::unique_ptr<Rule> ReadManual(RuleReader& reader, const YAML::Node& body, Points,
                                 const std::string& what) {
  const std::string where = what + ", manual";
  if (body.IsNull()) return std::make_unique<ManualRule>("");
  if (!CheckKeys(body, {"guidance"}, where, reader.sink())) return nullptr;
  return std::make_unique<ManualRule>(
      GetString(body, "guidance", false, where, reader.sink()).value_or(""));
}

}  // namespace

std::span<const RuleKind> RuleKinds_manual() {
  static constexpr RuleKind kKinds[] = {{"manual", ReadManual}};
  return kKinds;
}

}  // namespace kieumau
