// Helpers shared by the registry's files (registry.cc: applying and asking; registry_checks.cc:
// the checks).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "units/events.h"

namespace kieumau::registry_internal {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

inline bool Contains(const std::vector<UnitId>& ids, UnitId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

inline std::string DescribeNew(const NewUnit& unit) {
  return fmt::format("đơn vị {} \"{}\"", unit.code, unit.name);
}

}  // namespace kieumau::registry_internal
