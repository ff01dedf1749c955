// The indicator catalogue: every fact a rubric may name, with its type and bounds, and the checks a
// value must pass before it is scored (RUBRIC-FORMAT.md §8, indicators.yaml). Indicators are
// addressed by a dense slot number so that a unit's values can be held in a plain array.
#pragma once

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

}  // namespace kieumau
