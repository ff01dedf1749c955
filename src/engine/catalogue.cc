#include "engine/catalogue.h"

#include <algorithm>
#include <cmath>

#include "engine/format.h"

namespace kieumau {

std::optional<IndicatorType> ParseIndicatorType(std::string_view key) {
  if (key == "count") return IndicatorType::kCount;
  if (key == "bool") return IndicatorType::kBool;
  if (key == "rating") return IndicatorType::kRating;
  if (key == "number") return IndicatorType::kNumber;
  if (key == "percent") return IndicatorType::kPercent;
  if (key == "area_m2") return IndicatorType::kAreaM2;
  if (key == "money_vnd") return IndicatorType::kMoneyVnd;
  return std::nullopt;
}

std::optional<Period> ParsePeriod(std::string_view key) {
  if (key == "year") return Period::kYear;
  if (key == "snapshot") return Period::kSnapshot;
  return std::nullopt;
}

std::optional<Rollup> ParseRollup(std::string_view key) {
  if (key == "sum") return Rollup::kSum;
  if (key == "min") return Rollup::kMin;
  if (key == "max") return Rollup::kMax;
  if (key == "none") return Rollup::kNone;
  return std::nullopt;
}

bool Catalogue::Add(Indicator indicator) {
  const int slot = size();
  if (!by_name_.emplace(indicator.name, slot).second) return false;
  indicators_.push_back(std::move(indicator));
  return true;
}

std::vector<std::string> Catalogue::ResolveLe() {
  std::vector<std::string> unknown;
  for (Indicator& indicator : indicators_) {
    if (indicator.le_name.empty()) continue;
    if (auto slot = Find(indicator.le_name)) {
      indicator.le_slot = *slot;
    } else {
      unknown.push_back(indicator.le_name);
    }
  }
  return unknown;
}

std::optional<int> Catalogue::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> CheckValue(const Indicator& indicator, double value) {
  if (!std::isfinite(value)) return "giá trị không phải là số hữu hạn (not a finite number)";
  const bool whole = value == std::floor(value);
  // The value is written out only when it is refused: this runs for every value of every import.
  auto shown = [value] { return FormatNumberVi(value); };
  switch (indicator.type) {
    case IndicatorType::kCount:
      if (value < 0) return "số đếm không được âm: " + shown() + " (a count may not be negative)";
      if (!whole)
        return "số đếm phải là số nguyên: " + shown() + " (a count must be a whole number)";
      break;
    case IndicatorType::kBool:
      if (value != 0 && value != 1) {
        return "giá trị đúng/sai phải là 0 hoặc 1, nhận được " + shown() +
               " (a bool must be 0 or 1)";
      }
      break;
    case IndicatorType::kRating: {
      const auto& keys = indicator.scale_keys;
      if (!whole || std::find(keys.begin(), keys.end(), static_cast<long>(value)) == keys.end()) {
        std::string allowed;
        for (long key : keys)
          allowed += (allowed.empty() ? "" : ", ") + std::to_string(key);
        return "mức xếp loại " + shown() + " không thuộc thang " + indicator.scale + " (" +
               allowed + ") (rating not on its scale)";
      }
      break;
    }
    case IndicatorType::kNumber:
    case IndicatorType::kAreaM2:
      if (value < 0) return "giá trị không được âm: " + shown() + " (may not be negative)";
      break;
    case IndicatorType::kPercent:
      if (value < 0 || value > 100) {
        return "tỷ lệ phần trăm phải trong khoảng 0..100: " + shown() +
               " (a percent must be 0..100)";
      }
      break;
    case IndicatorType::kMoneyVnd:
      if (value < 0 || !whole) {
        return "số tiền phải là số đồng nguyên, không âm: " + shown() +
               " (whole đồng, not negative)";
      }
      break;
  }
  return std::nullopt;
}

}  // namespace kieumau
