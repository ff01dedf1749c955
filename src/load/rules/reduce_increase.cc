// The `reduce` and `increase` rule kinds: a change against the prior year, fixed or by tiers.
#include "engine/rules/reduce_increase.h"

#include <fmt/format.h>

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;
using yaml::GetNumber;
using yaml::GetString;
using yaml::Line;

std::optional<Requirement> ReadRequirement(RuleReader& reader, const YAML::Node& map,
                                           const std::string& what) {
  const bool has_percent = map["percent"].IsDefined();
  const bool has_count = map["count"].IsDefined();
  if (has_percent == has_count) return std::nullopt;
  const char* key = has_percent ? "percent" : "count";
  auto amount = GetNumber(map, key, true, what, reader.sink());
  if (!amount) return Requirement{has_percent, 0};
  if (*amount < 0) {
    reader.sink().Error(map[key],
                        fmt::format("{}: {} không được âm (may not be negative)", what, key));
  }
  return Requirement{has_percent, *amount};
}

std::unique_ptr<Rule> ReadChange(RuleReader& reader, const YAML::Node& body, Direction direction,
                                 const std::string& what) {
  const std::string where = what + (direction == Direction::kReduce ? ", reduce" : ", increase");
  if (!CheckKeys(body, {"indicator", "percent", "count", "tier_by", "tiers", "if_prior_zero"},
                 where, reader.sink())) {
    return nullptr;
  }
  bool ok = true;
  int slot = -1;
  if (auto name = GetString(body, "indicator", true, where, reader.sink())) {
    if (auto found = reader.catalogue().Find(*name)) {
      slot = *found;
    } else {
      reader.sink().Error(
          body["indicator"],
          fmt::format("{}: chỉ tiêu '{}' không có trong danh mục chỉ tiêu (unknown indicator)",
                      where, *name));
      ok = false;
    }
  } else {
    ok = false;
  }
  PriorZero prior_zero = ChangeRule::DefaultPriorZero(direction);
  if (auto text = GetString(body, "if_prior_zero", false, where, reader.sink())) {
    if (*text == "keep_zero") {
      prior_zero = PriorZero::kKeepZero;
    } else if (*text == "any") {
      prior_zero = PriorZero::kAny;
    } else if (*text == "fail") {
      prior_zero = PriorZero::kFail;
    } else {
      reader.sink().Error(
          body["if_prior_zero"],
          fmt::format("{}: if_prior_zero phải là keep_zero, any hoặc fail, nhận được \"{}\" "
                      "(unknown if_prior_zero)",
                      where, *text));
      ok = false;
    }
  }
  const YAML::Node tiers_node = body["tiers"];
  std::optional<Requirement> fixed = ReadRequirement(reader, body, where);
  std::optional<Expr> tier_by;
  std::vector<Tier> tiers;
  if (tiers_node.IsDefined()) {
    if (body["percent"].IsDefined() || body["count"].IsDefined()) {
      reader.sink().Error(
          body, fmt::format("{}: dùng tiers thì không ghi percent hay count ở ngoài (tiers replace "
                            "percent and count)",
                            where));
      ok = false;
    }
    if (body["tier_by"].IsDefined()) {
      tier_by = reader.ReadExpr(body["tier_by"], where + ", tier_by");
      ok = ok && tier_by.has_value();
    }
    if (!tiers_node.IsSequence() || tiers_node.size() == 0) {
      reader.sink().Error(
          tiers_node,
          fmt::format("{}: tiers phải là danh sách không rỗng (tiers must be a non-empty "
                      "list)",
                      where));
      ok = false;
    } else {
      for (const YAML::Node& tier_node : tiers_node) {
        const std::string tier_what = where + ", tier";
        if (!CheckKeys(tier_node, {"when", "percent", "count"}, tier_what, reader.sink())) {
          ok = false;
          continue;
        }
        auto when = reader.ReadInterval(tier_node, "when", tier_what);
        auto requirement = ReadRequirement(reader, tier_node, tier_what);
        if (!requirement) {
          reader.sink().Error(
              tier_node,
              fmt::format("{} cần đúng một trong percent hoặc count (needs exactly one of "
                          "percent or count)",
                          tier_what));
        }
        if (when && requirement) {
          tiers.push_back(Tier{std::move(*when), *requirement, Line(tier_node)});
        } else {
          ok = false;
        }
      }
    }
  } else {
    if (body["tier_by"].IsDefined()) {
      reader.sink().Error(
          body["tier_by"],
          fmt::format("{}: tier_by chỉ dùng cùng tiers (tier_by needs tiers)", where));
      ok = false;
    }
    if (!fixed) {
      reader.sink().Error(
          body, fmt::format("{} cần đúng một trong percent, count hoặc tiers (needs exactly one of "
                            "percent, count or tiers)",
                            where));
      ok = false;
    }
  }
  if (!ok) return nullptr;
  return std::make_unique<ChangeRule>(direction, slot, tiers.empty() ? fixed : std::nullopt,
                                      std::move(tier_by), std::move(tiers), prior_zero);
}

std::unique_ptr<Rule> ReadReduce(RuleReader& reader, const YAML::Node& body, Points,
                                 const std::string& what) {
  return ReadChange(reader, body, Direction::kReduce, what);
}

std::unique_ptr<Rule> ReadIncrease(RuleReader& reader, const YAML::Node& body, Points,
                                   const std::string& what) {
  return ReadChange(reader, body, Direction::kIncrease, what);
}

}  // namespace

std::span<const RuleKind> RuleKinds_reduce_increase() {
  static constexpr RuleKind kKinds[] = {{"reduce", ReadReduce}, {"increase", ReadIncrease}};
  return kKinds;
}

}  // namespace kieumau
