// Deterministic whole-country facts for the real units: per-indicator shapes (rare incidents,
// shares, ratings).
#include "facts_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/facts.h"
#include "engine/unit_kind.h"
#include "register/register_data.h"

namespace kieumau {
namespace {

// splitmix64: tiny, fast and the same everywhere (std:: distributions differ between standard
// libraries).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }   // [0, 1)
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }  // [lo, hi)
  int64_t Int(int64_t lo, int64_t hi) {                                        // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

// How an indicator's values are spread over the country's communes.
enum class Shape {
  kFlag,        // bool: 1 with probability a
  kRare,        // count: 0 with probability a, else 1..b
  kScaled,      // count: a..b, times the unit's size (its households / 4,000)
  kShare,       // count under its `le` bound: the bound with probability a, else bound × [b, c)
  kRating,      // rating: mostly the second-best key, often the best, rarely lower
  kPercent,     // percent: a..b, one decimal
  kWhole,       // whole number a..b
  kHouseholds,  // count: the unit's households, plus up to a share a (lodging establishments)
};

// How this year's value follows last year's, where a rubric reads both.
enum class Drift {
  kFall,  // incidents: most units bring the count down, some do not
  kRise,  // achievements: most units do better than last year
  kKeep,  // ratings and flags: rarely change
};

struct Profile {
  Shape shape = Shape::kRare;
  double a = 0;
  double b = 0;
  double c = 0;
  Drift drift = Drift::kFall;
};

struct NamedProfile {
  std::string_view name;
  Profile profile;
};

// The indicators qn-ancs-2023 reads, shaped after what a commune reports; others fall back on their
// type.
constexpr NamedProfile kProfiles[] = {
    {"leadership.party_gov_rating", {Shape::kRating, 0, 0, 0, Drift::kKeep}},
    {"leadership.internal_conflicts", {Shape::kRare, 0.95, 2}},
    {"reports.late_or_missing", {Shape::kRare, 0.85, 3}},
    {"tips.received", {Shape::kScaled, 0, 30}},
    {"tips.processed", {Shape::kShare, 0.55, 0.75, 1.0}},
    {"crime.social_order", {Shape::kScaled, 0, 24}},
    {"crime.serious_by_residents", {Shape::kRare, 0.85, 2}},
    {"crime.organized_groups", {Shape::kRare, 0.98, 1}},
    {"crime.black_credit_cases", {Shape::kRare, 0.93, 2}},
    {"hotspots.count", {Shape::kRare, 0.9, 2}},
    {"security.mass_unrest_events", {Shape::kRare, 0.997, 1}},
    {"security.defamation_cases", {Shape::kRare, 0.96, 1}},
    {"security.leaflet_cases", {Shape::kRare, 0.98, 1}},
    {"security.anti_state_cases", {Shape::kRare, 0.98, 1}},
    {"security.sabotage_cases", {Shape::kRare, 0.99, 1}},
    {"security.illegal_groups", {Shape::kRare, 0.98, 1}},
    {"religion.illegal_constructions", {Shape::kRare, 0.96, 1}},
    {"religion.illegal_propagation_cases", {Shape::kRare, 0.97, 2}},
    {"immigration.illegal_cases", {Shape::kRare, 0.95, 2}},
    {"residence.households_total", {Shape::kHouseholds, 0.03}},
    {"residence.households_committed", {Shape::kShare, 0.7, 0.9, 1.0}},
    {"residence.undeclared_arrivals", {Shape::kRare, 0.85, 5}},
    {"social.domestic_violence", {Shape::kRare, 0.55, 4}},
    {"mediation.successes", {Shape::kScaled, 0, 12, 0, Drift::kRise}},
    {"mediation.dispute_violations", {Shape::kRare, 0.6, 5}},
    {"complaints.overdue", {Shape::kRare, 0.9, 2}},
    {"complaints.mass_new", {Shape::kRare, 0.97, 1}},
    {"complaints.mass_cases", {Shape::kRare, 0.8, 3}},
    {"subjects.managed", {Shape::kScaled, 5, 60}},
    {"subjects.with_files", {Shape::kShare, 0.8, 0.85, 1.0}},
    {"subjects.reintegrated_percent", {Shape::kPercent, 55, 95, 0, Drift::kRise}},
    {"recidivism.released", {Shape::kScaled, 0, 25}},
    {"recidivism.reoffenders", {Shape::kShare, 0, 0, 0.2}},
    {"recidivism.procedures_done", {Shape::kShare, 0.75, 0.8, 1.0}},
    {"drugs.users", {Shape::kScaled, 0, 30}},
    {"drugs.new_users", {Shape::kRare, 0.7, 3}},
    {"wanted.on_territory", {Shape::kRare, 0.75, 3}},
    {"wanted.surrendered", {Shape::kRare, 0.6, 2}},
    {"fire.major", {Shape::kRare, 0.97, 1}},
    {"labor.serious_accidents", {Shape::kRare, 0.97, 1}},
    {"traffic.serious_accidents", {Shape::kRare, 0.75, 3}},
    {"traffic.racing_cases", {Shape::kRare, 0.93, 2}},
    {"weapons.violations", {Shape::kRare, 0.95, 1}},
    {"patrol.sessions_per_week", {Shape::kWhole, 1, 4}},
    {"culture.households_total", {Shape::kHouseholds, 0}},
    {"culture.households_registered", {Shape::kShare, 0.75, 0.9, 1.0}},
    {"culture.households_recognized", {Shape::kShare, 0.02, 0.78, 1.0}},
    {"safe.total", {Shape::kScaled, 8, 40}},
    {"safe.registered", {Shape::kShare, 0.7, 0.85, 1.0}},
    {"safe.recognized", {Shape::kShare, 0.3, 0.7, 1.0}},
    {"models.other_effective", {Shape::kWhole, 0, 4}},
    {"ancs.discipline_cases", {Shape::kRare, 0.93, 1}},
    {"ancs.commended", {Shape::kRare, 0.35, 5}},
};

Profile ProfileFor(const Indicator& indicator) {
  for (const NamedProfile& named : kProfiles) {
    if (named.name == indicator.name) return named.profile;
  }
  const bool bounded = indicator.le_slot >= 0;
  switch (indicator.type) {
    case IndicatorType::kBool:
      return {Shape::kFlag, 0.93};
    case IndicatorType::kRating:
      return {Shape::kRating};
    case IndicatorType::kPercent:
      return {Shape::kPercent, 50, 100};
    case IndicatorType::kCount:
      return bounded ? Profile{Shape::kShare, 0.6, 0.8, 1.0} : Profile{Shape::kRare, 0.8, 3};
    case IndicatorType::kNumber:
      return {Shape::kWhole, 0, 10};
    case IndicatorType::kAreaM2:
      return {Shape::kWhole, 200, 2000};
    case IndicatorType::kMoneyVnd:
      return {Shape::kWhole, 0, 500'000'000};
  }
  return {Shape::kRare, 0.8, 3};
}

double HouseholdsFor(UnitKind kind, Rng& rng) {
  switch (kind) {
    case UnitKind::kPhuong:
      return std::floor(rng.Uniform(2500, 9000));
    case UnitKind::kThiTran:
      return std::floor(rng.Uniform(2000, 6000));
    case UnitKind::kXa:
    case UnitKind::kDacKhu:
      break;
  }
  return std::floor(rng.Uniform(1200, 5000));
}

struct UnitContext {
  UnitKind kind = UnitKind::kXa;
  double households = 0;
  double size = 1;  // households / 4,000
};

double Draw(const Indicator& indicator, const Profile& p, const UnitContext& unit, double bound,
            Rng& rng) {
  switch (p.shape) {
    case Shape::kFlag:
      return rng.Chance(p.a) ? 1 : 0;
    case Shape::kRare:
      return rng.Chance(p.a) ? 0 : static_cast<double>(rng.Int(1, static_cast<int64_t>(p.b)));
    case Shape::kScaled:
      return std::floor(rng.Uniform(p.a, p.b + 1) * unit.size);
    case Shape::kShare: {
      if (std::isnan(bound)) bound = std::floor(rng.Uniform(10, 100));
      if (rng.Chance(p.a)) return bound;
      return std::floor(bound * rng.Uniform(p.b, p.c));
    }
    case Shape::kRating: {
      const std::vector<long>& keys = indicator.scale_keys;
      if (keys.empty()) return 0;
      const size_t n = keys.size();
      const double roll = rng.Uniform();
      if (n >= 2 && roll < 0.6) return static_cast<double>(keys[n - 2]);
      if (roll < 0.9 || n < 3) return static_cast<double>(keys[n - 1]);
      return static_cast<double>(
          keys[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(n) - 3))]);
    }
    case Shape::kPercent:
      return std::round(rng.Uniform(p.a, p.b) * 10) / 10;
    case Shape::kWhole:
      return static_cast<double>(rng.Int(static_cast<int64_t>(p.a), static_cast<int64_t>(p.b)));
    case Shape::kHouseholds:
      return std::floor(unit.households * (1 + rng.Uniform(0, p.a)));
  }
  return 0;
}

// This year's value from last year's: most units bring incidents down (the model asks them to),
// about one in eight does not; achievements mostly rise; ratings and flags rarely move.
double Trend(const Indicator& indicator, const Profile& p, const UnitContext& unit, double prior,
             double bound, Rng& rng) {
  double value = prior;
  switch (p.drift) {
    case Drift::kKeep:
      if (!rng.Chance(0.9)) value = Draw(indicator, p, unit, bound, rng);
      break;
    case Drift::kFall:
      if (prior == 0) {
        value = rng.Chance(0.9) ? 0 : static_cast<double>(rng.Int(1, 2));
      } else if (rng.Chance(0.88)) {
        value = std::min(prior - 1, std::round(prior * rng.Uniform(0.55, 0.97)));
      } else {
        value = prior + static_cast<double>(rng.Int(0, 2));
      }
      break;
    case Drift::kRise:
      if (rng.Chance(0.75)) {
        value = prior + std::max(1.0, std::round(prior * rng.Uniform(0.05, 0.3)));
      } else {
        value = std::max(0.0, prior - static_cast<double>(rng.Int(0, 2)));
      }
      break;
  }
  if (indicator.type == IndicatorType::kPercent) value = std::clamp(value, 0.0, 100.0);
  if (!std::isnan(bound)) value = std::min(value, bound);
  return value;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(byte));
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendNumber(std::string& out, double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(value));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

// A year's values: slots in catalogue order; NaN = not written; `as_null` = written as null.
void AppendValues(std::string& out, std::string_view key, const Catalogue& catalogue,
                  const std::vector<double>& values, const std::vector<bool>& as_null) {
  out += ",\"";
  out += key;
  out += "\":{";
  bool first = true;
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    const auto s = static_cast<size_t>(slot);
    if (std::isnan(values[s]) && !as_null[s]) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, catalogue.at(slot).name);
    out += ':';
    if (as_null[s]) {
      out += "null";
    } else {
      AppendNumber(out, values[s]);
    }
  }
  out += '}';
}

}  // namespace

GeneratedFacts GenerateFacts(const Rubric& rubric, const Catalogue& catalogue,
                             const FactsGeneratorOptions& options) {
  const auto slots = static_cast<size_t>(catalogue.size());

  // What the rubric reads, over every kind it applies to: items (rule and na_when) and vetoes.
  std::vector<bool> need_current(slots, false);
  std::vector<bool> need_prior(slots, false);
  auto add = [&](const std::vector<Ref>& refs) {
    for (const Ref& ref : refs) {
      (ref.prior ? need_prior : need_current)[static_cast<size_t>(ref.slot)] = true;
    }
  };
  std::vector<std::pair<size_t, int64_t>> manual_items;  // item index, maximum in quarters
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    const Item& item = rubric.items[i];
    for (UnitKind kind : rubric.unit_kinds) {
      add(item.needs[static_cast<size_t>(kind)]);
    }
    if (item.na_when) add(item.na_when->refs());
    if (item.has_manual) manual_items.emplace_back(i, item.points.quarters());
  }
  for (const Veto& veto : rubric.vetoes) {
    add(veto.when.refs());
  }
  // A value's `le` bound is written with it, for the same year (an export carries both).
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t s = 0; s < slots; ++s) {
      const int le = catalogue.at(static_cast<int>(s)).le_slot;
      if (le < 0) continue;
      const auto b = static_cast<size_t>(le);
      if (need_current[s] && !need_current[b]) need_current[b] = changed = true;
      if (need_prior[s] && !need_prior[b]) need_prior[b] = changed = true;
    }
  }
  // Bounds before what they bound: order slots by the length of their `le` chain.
  std::vector<std::pair<int, size_t>> order;
  for (size_t s = 0; s < slots; ++s) {
    if (!need_current[s] && !need_prior[s]) continue;
    int depth = 0;
    for (int le = catalogue.at(static_cast<int>(s)).le_slot; le >= 0 && depth < 16;
         le = catalogue.at(le).le_slot) {
      ++depth;
    }
    order.emplace_back(depth, s);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Profile> profiles(slots);
  for (size_t s = 0; s < slots; ++s)
    profiles[s] = ProfileFor(catalogue.at(static_cast<int>(s)));

  // The units, with the kind each is written with (see the header on đặc khu).
  const std::vector<GeneratorUnit>& units = options.units.empty() ? RealUnits2025() : options.units;
  GeneratedFacts generated;
  struct Written {
    const GeneratorUnit* unit;
    UnitKind kind;
  };
  std::vector<Written> written;
  written.reserve(units.size());
  for (const GeneratorUnit& unit : units) {
    if (rubric.AppliesTo(unit.kind)) {
      written.push_back({&unit, unit.kind});
    } else if (unit.kind == UnitKind::kDacKhu && rubric.AppliesTo(UnitKind::kThiTran)) {
      written.push_back({&unit, UnitKind::kThiTran});
      ++generated.dac_khu_as_thi_tran;
    } else {
      ++generated.skipped;
    }
  }
  Rng rng(options.seed);

  std::string& out = generated.json;
  out += fmt::format("{{\"rubric\":\"{}\",\"year\":{},\"units\":[", rubric.id, options.year);
  std::vector<double> current(slots);
  std::vector<double> prior(slots);
  std::vector<bool> current_null(slots);
  std::vector<bool> prior_null(slots);
  std::vector<double> manual(rubric.items.size());
  for (size_t u = 0; u < written.size(); ++u) {
    UnitContext unit;
    unit.kind = written[u].kind;
    unit.households = HouseholdsFor(unit.kind, rng);
    unit.size = unit.households / 4000;
    std::fill(current.begin(), current.end(), kMissing);
    std::fill(prior.begin(), prior.end(), kMissing);
    std::fill(current_null.begin(), current_null.end(), false);
    std::fill(prior_null.begin(), prior_null.end(), false);
    std::fill(manual.begin(), manual.end(), kMissing);

    for (const auto& [depth, s] : order) {
      const Indicator& indicator = catalogue.at(static_cast<int>(s));
      const Profile& profile = profiles[s];
      const int le = indicator.le_slot;
      const double prior_bound = le >= 0 ? prior[static_cast<size_t>(le)] : kMissing;
      const double current_bound = le >= 0 ? current[static_cast<size_t>(le)] : kMissing;
      if (need_prior[s]) prior[s] = Draw(indicator, profile, unit, prior_bound, rng);
      if (need_current[s]) {
        current[s] = need_prior[s] ? Trend(indicator, profile, unit, prior[s], current_bound, rng)
                                   : Draw(indicator, profile, unit, current_bound, rng);
      }
    }
    for (const auto& [index, quarters] : manual_items) {
      // Assessors mostly give most of the points: a multiple of 0.25 in [max / 2, max].
      manual[index] = static_cast<double>(rng.Int((quarters + 1) / 2, quarters)) / 4;
    }

    // A few units lack some values: left out of the file, or written as null (the same, per §7).
    bool incomplete = false;
    if (rng.Chance(options.incomplete_share)) {
      const int64_t drops = rng.Int(1, 3);
      for (int64_t d = 0; d < drops; ++d) {
        const auto& [depth, s] =
            order[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(order.size()) - 1))];
        const bool use_prior = need_prior[s] && (!need_current[s] || rng.Chance(0.5));
        std::vector<double>& values = use_prior ? prior : current;
        std::vector<bool>& as_null = use_prior ? prior_null : current_null;
        if (std::isnan(values[s])) continue;
        values[s] = kMissing;
        as_null[s] = rng.Chance(0.5);
        incomplete = true;
      }
    }
    if (!manual_items.empty() && rng.Chance(options.incomplete_share / 2)) {
      const auto pick =
          static_cast<size_t>(rng.Int(0, static_cast<int64_t>(manual_items.size()) - 1));
      manual[manual_items[pick].first] = kMissing;
      incomplete = true;
    }
    if (incomplete) ++generated.incomplete_units;

    out += u == 0 ? "\n{\"unit\":" : ",\n{\"unit\":";
    AppendJsonString(out, written[u].unit->code);
    out += ",\"name\":";
    AppendJsonString(out, written[u].unit->name);
    out += ",\"kind\":";
    AppendJsonString(out, UnitKindKey(unit.kind));
    AppendValues(out, "values", catalogue, current, current_null);
    AppendValues(out, "prior", catalogue, prior, prior_null);
    if (!manual_items.empty()) {
      out += ",\"manual\":{";
      bool first_entry = true;
      for (const auto& [index, quarters] : manual_items) {
        if (std::isnan(manual[index])) continue;
        if (!first_entry) out += ',';
        first_entry = false;
        AppendJsonString(out, rubric.items[index].id);
        out += ':';
        AppendNumber(out, manual[index]);
      }
      out += '}';
    }
    out += '}';
    if (u == 0) out.reserve(out.size() * (written.size() + 1) * 11 / 10);
  }
  out += "\n]}\n";
  generated.units = written.size();
  return generated;
}

const std::vector<GeneratorUnit>& RealUnits2025() {
  static const std::vector<GeneratorUnit> units = [] {
    using admin_register::RegisterData;
    using admin_register::RegisterProblems;
    Result<RegisterData, RegisterProblems> data =
        admin_register::ParseRegister(admin_register::BuiltinRegisterFiles());
    if (!data) {
      std::fputs("facts generator: the register built into the program does not parse:\n", stderr);
      std::fputs(admin_register::FormatProblems(data.error()).c_str(), stderr);
      std::exit(1);
    }
    std::vector<GeneratorUnit> list;
    list.reserve(data->communes_2025_07_01.size());
    for (const admin_register::NewCommuneRow& row : data->communes_2025_07_01) {
      list.push_back(GeneratorUnit{std::string(row.code), std::string(row.full_name), row.kind,
                                   std::string(row.province_code)});
    }
    return list;
  }();
  return units;
}

}  // namespace kieumau
