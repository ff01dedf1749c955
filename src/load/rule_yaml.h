// Reading rules from a criteria set's YAML: what every rule kind's reader shares (expressions,
// intervals, nested rules, the error sink), and the registry of kinds by key.
//
// Adding a rule kind touches two files: its engine side, engine/rules/<kind>.{h,cc} (the Rule it
// judges with), and its reader, load/rules/<kind>.cc, which defines
//   std::span<const RuleKind> RuleKinds_<kind>();
// listing the key(s) it reads. CMake finds both folders' files, and generates the registry
// (rule_kinds.cc.in) from the readers' file names.
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/expr.h"
#include "engine/interval.h"
#include "engine/points.h"
#include "engine/rule.h"
#include "engine/unit_kind.h"
#include "load/yaml_util.h"

namespace kieumau {

class RuleReader {
 public:
  RuleReader(const Catalogue& catalogue, yaml::Sink& sink, const std::vector<UnitKind>& unit_kinds)
      : catalogue_(catalogue), sink_(sink), unit_kinds_(unit_kinds) {}

  const Catalogue& catalogue() const { return catalogue_; }
  yaml::Sink& sink() { return sink_; }
  // The unit kinds the criteria set judges.
  const std::vector<UnitKind>& unit_kinds() const { return unit_kinds_; }

  // An expression string; nothing on error (reported).
  std::optional<Expr> ReadExpr(const YAML::Node& node, const std::string& what);
  // The interval under `key`; nothing on error (reported).
  std::optional<Interval> ReadInterval(const YAML::Node& map, const char* key,
                                       const std::string& what);
  // A rule (`{kind: body}`) for an item worth `points`, nested rules included; null on error
  // (reported).
  std::unique_ptr<Rule> ReadRule(const YAML::Node& node, Points points, const std::string& what);

 private:
  const Catalogue& catalogue_;
  yaml::Sink& sink_;
  const std::vector<UnitKind>& unit_kinds_;
};

// Reads one kind's body (what follows its key); `what` names the item for messages.
using RuleKindReader = std::unique_ptr<Rule> (*)(RuleReader& reader, const YAML::Node& body,
                                                 Points points, const std::string& what);

struct RuleKind {
  std::string_view key;  // check, bands, …
  RuleKindReader read;
};

// Every rule kind, in the order of their readers' file names (rule_kinds.cc, generated).
std::span<const RuleKind> AllRuleKinds();

}  // namespace kieumau
