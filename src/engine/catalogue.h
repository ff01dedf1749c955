// The indicator catalogue: every fact a rubric may name, with its type and bounds, and the checks a
// value must pass before it is scored (RUBRIC-FORMAT.md §8, indicators.yaml). Indicators are
// addressed by a dense slot number so that a unit's values can be held in a plain array.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kieumau {

enum class IndicatorType { kCount, kBool, kRating, kNumber, kPercent, kAreaM2, kMoneyVnd };
enum class Period { kYear, kSnapshot };
enum class Rollup { kSum, kMin, kMax, kNone };

std::optional<IndicatorType> ParseIndicatorType(std::string_view key);
std::optional<Period> ParsePeriod(std::string_view key);
std::optional<Rollup> ParseRollup(std::string_view key);

struct Indicator {
  std::string name;
  std::string title;
  IndicatorType type = IndicatorType::kCount;
  Period period = Period::kYear;
  Rollup rollup = Rollup::kNone;
  std::string scale;             // for kRating: the scale's name
  std::vector<long> scale_keys;  // for kRating: the allowed values
  std::string le_name;           // may not exceed this indicator's value, when set
  int le_slot = -1;
  int line = 0;
};

class Catalogue {
 public:
  // Adds an indicator; returns false when its name is taken.
  bool Add(Indicator indicator);
  // Resolves every `le_name` to a slot; returns the names that are not in the catalogue.
  std::vector<std::string> ResolveLe();

  std::optional<int> Find(std::string_view name) const;
  const Indicator& at(int slot) const { return indicators_[static_cast<size_t>(slot)]; }
  int size() const { return static_cast<int>(indicators_.size()); }
  const std::vector<Indicator>& indicators() const { return indicators_; }

 private:
  // Looked up by string_view without building a string (heterogeneous lookup).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
  };
  std::vector<Indicator> indicators_;
  std::unordered_map<std::string, int, NameHash, std::equal_to<>> by_name_;
};

// Why `value` is not acceptable for `indicator` (Vietnamese, then English), or nothing when it is.
std::optional<std::string> CheckValue(const Indicator& indicator, double value);

// Whether CheckValue accepts `value` — the same test, without a message: for readers of many
// values, which call CheckValue for the words only when this is false.
inline bool ValueAcceptable(const Indicator& indicator, double value) {
  if (!std::isfinite(value)) return false;
  switch (indicator.type) {
    case IndicatorType::kCount:
      return value >= 0 && value == std::floor(value);
    case IndicatorType::kBool:
      return value == 0 || value == 1;
    case IndicatorType::kRating:
      return value == std::floor(value) &&
             std::find(indicator.scale_keys.begin(), indicator.scale_keys.end(),
                       static_cast<long>(value)) != indicator.scale_keys.end();
    case IndicatorType::kNumber:
    case IndicatorType::kAreaM2:
      return value >= 0;
    case IndicatorType::kPercent:
      return value >= 0 && value <= 100;
    case IndicatorType::kMoneyVnd:
      return value >= 0 && value == std::floor(value);
  }
  return true;
}

}  // namespace kieumau
