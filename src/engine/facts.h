// One unit's facts for one judged year, as the engine reads them: dense arrays by catalogue slot
// and by item.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "engine/expr.h"
#include "engine/unit_kind.h"

namespace kieumau {

inline constexpr double kMissing = NAN;
inline bool IsMissing(double value) {
  return std::isnan(value);
}

struct UnitFacts {
  std::string code;
  std::string name;
  UnitKind kind = UnitKind::kPhuong;
  std::vector<double> current;  // by catalogue slot; kMissing where the facts hold no value
  std::vector<double> prior;    // the year before, by catalogue slot
  std::vector<double> manual;   // the assessor's points by rubric item index; kMissing where none

  ValueView values() const { return ValueView{current.data(), prior.data()}; }
};

}  // namespace kieumau
