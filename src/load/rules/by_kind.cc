// The `by_kind` rule kind: another rule for each kind of unit.
#include "engine/rules/by_kind.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "load/rule_yaml.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;

std::unique_ptr<Rule> ReadByKind(RuleReader& reader, const YAML::Node& body, Points points,
                                 const std::string& what) {
  const std::string where = what + ", by_kind";
  if (!CheckKeys(body, {"phuong", "xa", "thi_tran", "dac_khu"}, where, reader.sink()))
    return nullptr;
  std::array<std::unique_ptr<Rule>, 4> branches;
  bool ok = true;
  for (const auto& entry : body) {
    auto kind = ParseUnitKind(entry.first.Scalar());
    if (!kind) {
      ok = false;  // reported by CheckKeys
      continue;
    }
    if (std::find(reader.unit_kinds().begin(), reader.unit_kinds().end(), *kind) ==
        reader.unit_kinds().end()) {
      reader.sink().Error(
          entry.first,
          fmt::format(
              "{}: loại đơn vị '{}' không có trong unit_kinds của bộ tiêu chí (by_kind kind not "
              "in unit_kinds)",
              where, entry.first.Scalar()));
      ok = false;
    }
    auto& branch = branches[static_cast<size_t>(*kind)];
    branch = reader.ReadRule(entry.second, points, where + "." + entry.first.Scalar());
    ok = ok && branch != nullptr;
  }
  if (!ok) return nullptr;
  return std::make_unique<ByKindRule>(std::move(branches));
}

}  // namespace

std::span<const RuleKind> RuleKinds_by_kind() {
  static constexpr RuleKind kKinds[] = {{"by_kind", ReadByKind}};
  return kKinds;
}

}  // namespace kieumau
