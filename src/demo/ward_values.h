// Plausible yearly values of every catalogue indicator for a commune-level unit, made by a
// fixed-seed generator: the same on every run and platform. Used by the Bắc Ninh demo (the communes
// of Bắc Ninh and Bắc Giang, 2022–2026) and by the national benchmark dataset (3,321 units, ten
// years). A unit's values are within each indicator's type and every `le`; its counts grow with its
// size (a unit formed by a merger has its parts' sizes added and starts from their values
// combined), and its values improve year on year. A unit meant to meet the criteria in a year gets
// values that meet every condition of bn-capkm-2024 against its year before; the others meet each
// condition or not by chance, less often failing as the years go by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/facts.h"

namespace kieumau::demo {

// A small deterministic generator (splitmix64), the same on every platform.
class Rng {
 public:
  // The stream of `key` (a unit's code) and `stream` (a year, or another number).
  Rng(std::string_view key, int stream);

  std::uint64_t Next();
  // A whole number in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }

 private:
  std::uint64_t state_;
};

// What stays with a unit from year to year: its size and the draws that decide when it adopts
// the practices that spread (cameras, Zalo groups, …).
struct Traits {
  double size = 1;     // 0.7–1.5 for a unit drawn from its code; a merged unit's parts add up
  double quality = 0;  // 0–1: the higher, the less often a condition fails by chance
  double households = 0, safe_total = 0, managed = 0, admin = 0, tips = 0;
  double u_camera = 0, u_zalo = 0, u_investigator = 0, u_standing = 0, u_equipment = 0;
};

// A unit's traits, drawn from its code.
Traits MakeTraits(const std::string& code);
// The traits of a unit formed by merging `parts`: sizes and counts added, quality averaged, the
// earliest adopter's draws (a practice one part had spreads to the whole).
Traits MergedTraits(const std::vector<const Traits*>& parts);

// One ward's values of one year by catalogue slot. Values taken from the baseline are fixed: later
// writes leave them as they are.
class Values {
 public:
  explicit Values(const Catalogue& catalogue)
      : catalogue_(&catalogue),
        values_(static_cast<size_t>(catalogue.size()), kMissing),
        fixed_(static_cast<size_t>(catalogue.size()), false) {}

  double Get(std::string_view name) const {
    const std::optional<int> slot = catalogue_->Find(name);
    return slot ? values_[static_cast<size_t>(*slot)] : kMissing;
  }
  // Sets the value unless the catalogue lacks the indicator or the value is fixed; returns the
  // value the indicator has after it.
  double Set(std::string_view name, double value) {
    const std::optional<int> slot = catalogue_->Find(name);
    if (!slot) return value;
    const size_t i = static_cast<size_t>(*slot);
    if (!fixed_[i]) values_[i] = value;
    return values_[i];
  }
  void Fix(int slot, double value) {
    values_[static_cast<size_t>(slot)] = value;
    fixed_[static_cast<size_t>(slot)] = true;
  }
  bool Has(int slot) const { return !IsMissing(values_[static_cast<size_t>(slot)]); }
  bool IsFixed(int slot) const { return fixed_[static_cast<size_t>(slot)]; }
  double& At(int slot) { return values_[static_cast<size_t>(slot)]; }
  double At(int slot) const { return values_[static_cast<size_t>(slot)]; }

 private:
  const Catalogue* catalogue_;
  std::vector<double> values_;
  std::vector<bool> fixed_;
};

// The values of the parts of a merged unit, combined as the unit's own year before: counts,
// areas and money added, flags and ratings the best of the parts, numbers and percents averaged.
Values Combine(const Catalogue& catalogue, const std::vector<const Values*>& parts);

struct YearInput {
  int t = 0;                      // years since the unit's first year of full values: 0, 1, 2, …
  bool meets = false;             // make every condition of bn-capkm-2024 hold
  const Values* prior = nullptr;  // the year before, or null
  const Traits* traits = nullptr;
};

// The few values the criteria compare with the year before, for a year before the first.
void GeneratePriorOnly(const YearInput& in, Rng& rng, Values& v);
// A year's values of the indicators the criteria use (fixed values are kept).
void Generate(const YearInput& in, Rng& rng, Values& v);
// A plain value for an indicator Generate does not name, by its type.
double PlainValue(const Indicator& indicator, Rng& rng);
// Lowers every value above its `le` bound to the bound (fixed values keep theirs), until none is
// above.
void KeepLe(const Catalogue& catalogue, Values& v);

}  // namespace kieumau::demo
