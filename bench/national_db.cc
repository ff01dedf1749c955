// Builds the national benchmark dataset into an empty store and times the import of its facts:
// the 34 provinces (their names since 2025-07-01 and their two-digit codes) and the 3,321
// commune-level units of facts_generator (the same codes, names and kinds, directly under their
// province), created as store units with their CreateEvents; facts for every catalogue indicator of
// every unit for each of `--years` years, one PutFacts batch per year (the import rate per
// backend); then one programme per province (the Bắc Ninh programme with the province's id, name
// and a pilot ward of its own) and illustrative recognitions of model wards.
//
//   national_db --db sqlite:/tmp/national.db [--years 10] [--first-year 2016]
//   scripts/with-services.sh sh -c 'build-bench/bench/national_db --db "$KIEUMAU_TEST_PG_URL"'
//
// Deterministic: the same options give the same data on every run and platform (splitmix64 seeded
// by the unit's code, not <random>'s distributions). Values pass CheckValue and every `le`; a ward
// recognised in a year (and every year after) meets every condition of bn-capkm-2024, others meet
// them or not by chance, more often as the years go by.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "demo/demo.h"
#include "engine/facts.h"
#include "engine/unit_kind.h"
#include "facts_generator.h"
#include "load/catalogue_yaml.h"
#include "load/facts_json.h"
#include "load/rubric_yaml.h"
#include "service/programme_record.h"
#include "store/fact_checks.h"
#include "store/store.h"
#include "units/date.h"
#include "units/events.h"
#include "units/events_json.h"

namespace kieumau {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kWho = "national_db (benchmark)";
constexpr std::string_view kRoadmapRubric = "bn-capkm-2024";
// Every write is stamped 2026-01-01T00:00:00Z: the same history on every run.
constexpr Timestamp kAt{std::chrono::seconds(1767225600)};
// The years the recognitions are for (those within the dataset's years), as the Bắc Ninh
// programme's roadmap starts: a pilot, then about 15% and 30% of the wards.
constexpr int kPilotYear = 2023;

[[noreturn]] void Die(std::string_view message) {
  fmt::print(stderr, "national_db: {}\n", message);
  std::fflush(stderr);
  std::exit(1);
}

// The 34 provinces and centrally run cities since 2025-07-01, with their administrative codes and
// the number of commune-level units of each (3,321 in all). The generator's units are dealt out in
// its order, so each province's mix of phường, xã and đặc khu (here thị trấn) is the national mix,
// not its own.
struct Province {
  std::string_view code;
  std::string_view name;
  int communes;
};
constexpr Province kProvinces[] = {
    {"01", "Thành phố Hà Nội", 126},    {"04", "Tỉnh Cao Bằng", 56},
    {"08", "Tỉnh Tuyên Quang", 124},    {"11", "Tỉnh Điện Biên", 45},
    {"12", "Tỉnh Lai Châu", 38},        {"14", "Tỉnh Sơn La", 75},
    {"15", "Tỉnh Lào Cai", 99},         {"19", "Tỉnh Thái Nguyên", 92},
    {"20", "Tỉnh Lạng Sơn", 65},        {"22", "Tỉnh Quảng Ninh", 54},
    {"24", "Tỉnh Bắc Ninh", 99},        {"25", "Tỉnh Phú Thọ", 148},
    {"31", "Thành phố Hải Phòng", 114}, {"33", "Tỉnh Hưng Yên", 104},
    {"37", "Tỉnh Ninh Bình", 129},      {"38", "Tỉnh Thanh Hóa", 166},
    {"40", "Tỉnh Nghệ An", 130},        {"42", "Tỉnh Hà Tĩnh", 69},
    {"44", "Tỉnh Quảng Trị", 78},       {"46", "Thành phố Huế", 40},
    {"48", "Thành phố Đà Nẵng", 94},    {"51", "Tỉnh Quảng Ngãi", 96},
    {"52", "Tỉnh Gia Lai", 135},        {"56", "Tỉnh Khánh Hòa", 65},
    {"66", "Tỉnh Đắk Lắk", 102},        {"68", "Tỉnh Lâm Đồng", 124},
    {"75", "Tỉnh Đồng Nai", 95},        {"79", "Thành phố Hồ Chí Minh", 168},
    {"80", "Tỉnh Tây Ninh", 96},        {"82", "Tỉnh Đồng Tháp", 102},
    {"86", "Tỉnh Vĩnh Long", 124},      {"91", "Tỉnh An Giang", 102},
    {"92", "Thành phố Cần Thơ", 103},   {"96", "Tỉnh Cà Mau", 64},
};

// The name a programme gives its province: "Bắc Ninh" for "Tỉnh Bắc Ninh".
std::string_view ShortName(std::string_view name) {
  for (std::string_view prefix : {"Tỉnh ", "Thành phố "}) {
    if (name.substr(0, prefix.size()) == prefix) return name.substr(prefix.size());
  }
  return name;
}

// splitmix64, one stream per unit and year.
uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t Hash(std::string_view text) {  // FNV-1a
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text)
    h = (h ^ c) * 0x100000001B3ULL;
  return h;
}

class Rng {
 public:
  Rng(std::string_view key, int stream)
      : state_(SplitMix(0x4E4154494F4E414CULL ^ Hash(key)) + static_cast<uint64_t>(stream)) {}
  uint64_t Next() { return SplitMix(state_ += 0x9E3779B97F4A7C15ULL); }
  int Int(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

// A commune-level unit of the dataset.
struct Commune {
  std::string code;
  std::string name;
  UnitKind kind = UnitKind::kXa;
  size_t province = 0;  // index into kProvinces
  int64_t id = 0;       // the store's
  // What stays with the unit from year to year.
  double size = 1;     // households / 4,000
  double quality = 0;  // 0–1: the higher, the less often a condition fails by chance
  double households = 0, safe_total = 0, managed = 0, admin = 0, tips = 0;
  std::set<int> meets;  // years its values are made to meet every condition of bn-capkm-2024
};

void MakeTraits(Commune& c) {
  Rng rng(c.code, -1);
  switch (c.kind) {
    case UnitKind::kPhuong:
      c.households = std::floor(2500 + rng.Uniform() * 6500);
      break;
    case UnitKind::kThiTran:
      c.households = std::floor(2000 + rng.Uniform() * 4000);
      break;
    case UnitKind::kXa:
    case UnitKind::kDacKhu:
      c.households = std::floor(1200 + rng.Uniform() * 3800);
      break;
  }
  c.size = c.households / 4000;
  c.quality = rng.Uniform();
  c.safe_total = std::max(8.0, std::round(c.size * rng.Int(12, 26)));
  c.managed = std::round(c.size * rng.Int(15, 40));
  c.admin = std::max(60.0, std::round(c.size * rng.Int(180, 520)));
  c.tips = std::round(c.size * rng.Int(8, 30));
}

// One unit's values of one year, by catalogue slot.
class Values {
 public:
  explicit Values(const Catalogue& catalogue)
      : catalogue_(&catalogue), values_(static_cast<size_t>(catalogue.size()), kMissing) {}

  double Get(std::string_view name) const {
    const std::optional<int> slot = catalogue_->Find(name);
    return slot ? values_[static_cast<size_t>(*slot)] : kMissing;
  }
  // Sets the value when the catalogue has the indicator; returns it.
  double Set(std::string_view name, double value) {
    if (const std::optional<int> slot = catalogue_->Find(name))
      values_[static_cast<size_t>(*slot)] = value;
    return value;
  }
  double& At(int slot) { return values_[static_cast<size_t>(slot)]; }
  double At(int slot) const { return values_[static_cast<size_t>(slot)]; }
  bool Has(int slot) const { return !IsMissing(At(slot)); }

 private:
  const Catalogue* catalogue_;
  std::vector<double> values_;
};

// The values of `c` in `year` (`t` years after the first), from last year's (`prior`, null for the
// first year).
void Generate(const Commune& c, int year, int t, const Values* prior, Rng& rng, Values& v) {
  const bool meets = c.meets.count(year) != 0;
  // Conditions fail by chance less often as the years go by and in better units.
  const double p_bad = std::max(0.015, (0.2 - 0.015 * t) * (1.3 - c.quality));
  auto bad = [&](double factor) { return !meets && rng.Chance(p_bad * factor); };
  auto prior_or = [&](std::string_view name, double fallback) {
    const double p = prior != nullptr ? prior->Get(name) : kMissing;
    return IsMissing(p) ? fallback : p;
  };
  // A practice adopted once is kept; a little more of the country adopts it every year.
  auto adopted = [&](std::string_view name, double base, double per_year) {
    return prior_or(name, 0) == 1 || rng.Chance(base + per_year * t);
  };
  auto bit = [](bool b) { return b ? 1.0 : 0.0; };
  auto percent_of = [](double base, int percent) { return std::floor(base * percent / 100.0); };

  // --- Staff: grows towards ten officers a unit.
  const double prior_count = prior_or("staff.count", kMissing);
  double count = 0;
  if (IsMissing(prior_count)) {
    count = std::clamp(std::round(c.size * 5) + rng.Int(1, 4), 3.0, 14.0);
  } else {
    count = prior_count + bit(rng.Chance(0.3));
    if (count >= 8 && count < 10 && rng.Chance(0.25)) count = 10;
    if (count > 5 && rng.Chance(0.05)) count -= 1;
  }
  if (meets && count < 10) count = 10 + bit(rng.Chance(0.3));
  count = v.Set("staff.count", std::min(count, 25.0));
  const double added = IsMissing(prior_count) ? 0 : std::max(0.0, count - prior_count);
  v.Set("staff.quota", t == 0 ? count + rng.Int(0, 2) : std::max(count, 10.0));
  const double masters =
      v.Set("staff.masters", std::min(count, prior_or("staff.masters", 0) + bit(rng.Chance(0.05))));
  const double university =
      v.Set("staff.university",
            std::min(count - masters, prior_or("staff.university", std::round(count * 0.5)) +
                                          added + bit(rng.Chance(0.15))));
  v.Set(
      "staff.police_university",
      std::min(masters + university,
               prior_or("staff.police_university", percent_of(masters + university, 60)) + added));
  auto share = [&](std::string_view name, double base, double per_year) {
    double n = std::round(count * (base + per_year * t + rng.Int(-8, 8) / 100.0));
    n = std::max(n, std::min(prior_or(name, 0), count));
    v.Set(name, std::clamp(n, 0.0, count));
  };
  share("staff.political_intermediate", 0.2, 0.04);
  share("staff.foreign_language_cert", 0.3, 0.05);
  share("staff.it_cert", 0.4, 0.05);
  v.Set("staff.party_members", std::max(0.0, count - bit(rng.Chance(0.15))));
  v.Set("staff.below_standard",
        std::clamp(prior_or("staff.below_standard", rng.Int(0, 2)) - bit(rng.Chance(0.3)), 0.0,
                   count));
  v.Set("staff.rated_good", meets ? count : std::max(0.0, count - (bad(2) ? rng.Int(1, 2) : 0)));
  v.Set("staff.disciplined", bit(bad(0.2)));

  // --- Organisation and command.
  double teams = count >= 10 ? (bad(1) ? 1 : rng.Int(2, 3)) : rng.Int(1, 3);
  if (meets) teams = count >= 13 ? 3 : 2;
  v.Set("teams.count", teams);
  v.Set("leaders.chief", meets ? 1 : bit(!rng.Chance(0.05)));
  v.Set("leaders.deputies",
        !meets && rng.Chance(0.03) ? 4 : (count >= 10 ? rng.Int(2, 3) : rng.Int(1, 2)));
  v.Set("leaders.investigator_title",
        bit(meets || adopted("leaders.investigator_title", 0.15, 0.07)));
  v.Set("leaders.chief_in_party_standing",
        bit(adopted("leaders.chief_in_party_standing", 0.3, 0.06)));
  v.Set("party.cell_rating", meets ? rng.Int(3, 4) : (bad(1) ? 2 : rng.Int(3, 4)));
  v.Set("unit.advanced_title", bit(meets || rng.Chance(0.4 + 0.04 * t)));

  // --- Headquarters, land, equipment: only ever better.
  const bool had_hq = prior_or("hq.independent", 0) == 1;
  const double hq = v.Set("hq.independent", bit(had_hq || meets || rng.Chance(0.05)));
  v.Set("hq.shared_with", hq == 1 ? 0 : prior_or("hq.shared_with", rng.Int(1, 2)));
  const bool had_land = prior_or("land.has_land", 0) == 1;
  const double has_land = v.Set("land.has_land", bit(had_land || meets || rng.Chance(0.06)));
  double area = prior_or("land.area_m2", 0);
  if (has_land == 1 && (area == 0 || (meets && area < 500))) area = 10.0 * rng.Int(52, 90);
  v.Set("land.area_m2", area);
  v.Set("land.certificate",
        bit(prior_or("land.certificate", 0) == 1 || meets || (has_land == 1 && rng.Chance(0.1))));
  v.Set("equipment.basic_met", bit(meets || adopted("equipment.basic_met", 0.08, 0.05)));
  v.Set("models.security_camera", bit(meets || adopted("models.security_camera", 0.1, 0.06)));
  v.Set("models.zalo_group", bit(adopted("models.zalo_group", 0.05, 0.05)));

  // --- Crime and public order, against last year.
  const double base_crimes = std::round(c.size * 9);
  const double social = prior_or("crime.social_order", base_crimes);
  double crimes = 0;
  if (meets) {
    crimes = social == 0   ? 0
             : social < 20 ? std::max(0.0, social - rng.Int(1, 3))
                           : std::floor(social * rng.Int(85, 93) / 100.0);
  } else {
    const int drift = rng.Int(-2, 2);  // one draw a statement: the order of draws must not vary
    crimes = std::clamp(social + drift + (bad(1) ? rng.Int(1, 3) : 0), 0.0, 3 * base_crimes + 5);
  }
  crimes = v.Set("crime.social_order", crimes);
  const double by_residents = v.Set("crime.serious_by_residents", bit(bad(0.8)));
  const double serious = std::max<double>(by_residents, rng.Int(0, 1));
  const double total = v.Set("crime.total", std::max(crimes + rng.Int(0, 3), serious));
  v.Set("crime.serious", std::min(serious, total));
  v.Set("crime.serious_unhandled", bit(serious > 0 && bad(0.3)));
  v.Set("crime.organized_groups", bit(bad(0.1)));
  v.Set("crime.black_credit_cases", rng.Int(0, 2));
  const double hotspots = v.Set("hotspots.count", bad(0.8) ? rng.Int(1, 2) : 0);
  v.Set("hotspots.new", bit(hotspots > 0 && rng.Chance(0.5)));
  for (std::string_view name :
       {"security.mass_unrest_events", "security.leaflet_cases", "security.anti_state_cases",
        "security.sabotage_cases", "security.illegal_groups", "security.exploitation_cases",
        "security.separatism_cases", "religion.illegal_constructions",
        "religion.illegal_propagation_cases", "immigration.illegal_cases",
        "complaints.incitement_cases", "fire.major_force_majeure", "labor.fatal_force_majeure",
        "safety.serious_incidents", "safety.serious_incidents_force_majeure"}) {
    v.Set(name, bit(!meets && rng.Chance(0.01)));
  }
  v.Set("security.defamation_cases", bit(rng.Chance(0.03)));
  v.Set("social.domestic_violence", rng.Int(0, 3));
  v.Set("social.vice_cases", rng.Int(0, 6));
  v.Set("social.new_vice_persons", rng.Int(0, 3));
  v.Set("violations.other_cases", std::round(c.size * rng.Int(5, 30)));
  const double received = v.Set("tips.received", std::round(c.tips * rng.Int(85, 115) / 100.0));
  v.Set("tips.processed", bad(1) ? std::max(0.0, received - rng.Int(1, 2)) : received);

  // --- Managed subjects, reoffending, drugs, wanted persons.
  const double managed =
      v.Set("subjects.managed", std::round(c.managed * rng.Int(90, 110) / 100.0));
  v.Set("subjects.with_files", bad(0.8) ? std::max(0.0, managed - rng.Int(1, 3)) : managed);
  v.Set("subjects.assignment_decision", bit(!bad(0.2)));
  v.Set("subjects.job_program", bit(!bad(0.2)));
  v.Set("subjects.reintegrated_percent", std::min(100, rng.Int(60, 90) + 2 * t));
  const double released = v.Set(
      "recidivism.released",
      std::max(0.0, prior_or("recidivism.released", std::round(c.size * 12)) + rng.Int(-2, 3)));
  const double reoffended = prior_or("recidivism.reoffenders", rng.Int(0, 3));
  double reoffenders = 0;
  if (meets) {
    reoffenders = reoffended == 0
                      ? 0
                      : std::max(0.0, reoffended - std::max(1.0, std::ceil(reoffended * 0.06)) -
                                          rng.Int(0, 1));
  } else {
    const int drift = rng.Int(-1, 1);
    reoffenders = std::max(0.0, reoffended + drift + bit(bad(0.8)));
  }
  v.Set("recidivism.reoffenders", std::min(reoffenders, released));
  v.Set("recidivism.procedures_done", std::max(0.0, released - rng.Int(0, 2)));
  const double new_users = v.Set("drugs.new_users", bad(1.2) ? rng.Int(1, 2) : 0);
  const double users = prior_or("drugs.users", rng.Int(0, 8));
  if (meets) {
    v.Set("drugs.users", users == 0 ? 0 : std::max(0.0, users - rng.Int(1, 2)));
  } else {
    const int drift = rng.Int(-2, 0);
    v.Set("drugs.users", std::clamp(users + drift + new_users, 0.0, 40.0));
  }
  const double wanted = v.Set("wanted.on_territory", rng.Int(0, 3));
  const double surrendered = v.Set("wanted.surrendered", bit(rng.Chance(0.3)));
  double caught = rng.Int(0, 3);
  if (meets && wanted > 0) caught = prior_or("wanted.caught_or_surrendered", 0) + rng.Int(1, 2);
  v.Set("wanted.caught_or_surrendered", std::max(caught, surrendered));

  // --- Fire, accidents, traffic, weapons, patrols.
  v.Set("fire.state_management_ok", bit(!bad(0.3)));
  v.Set("fire.trained_all", bit(!bad(0.3)));
  v.Set("fire.major", bit(bad(0.3)));
  v.Set("labor.serious_accidents", bit(!meets && rng.Chance(0.03)));
  v.Set("labor.fatal_accidents", bit(!meets && rng.Chance(0.03)));
  v.Set("traffic.serious_accidents", bit(bad(0.7)));
  v.Set("traffic.racing_cases", bit(bad(0.4)));
  v.Set("weapons.campaign_done", bit(!bad(0.1)));
  v.Set("weapons.violations", bit(rng.Chance(0.1)));
  v.Set("patrol.sessions_per_week", rng.Int(2, 7));

  // --- Households, the movement, safe areas.
  const double households = std::round(c.households * (1 + 0.015 * t));
  const double residence =
      v.Set("residence.households_total", households + percent_of(households, rng.Int(0, 3)));
  v.Set("residence.households_committed", percent_of(residence, rng.Int(85, 99)));
  v.Set("residence.undeclared_arrivals", rng.Int(0, std::max(2, 12 - t)));
  const double families = v.Set("culture.households_total", households);
  const double registered =
      v.Set("culture.households_registered", percent_of(families, rng.Int(92, 100)));
  v.Set("culture.households_recognized", percent_of(registered, rng.Int(85, 97)));
  v.Set("safe.households_registered", percent_of(families, rng.Int(80, 98)));
  const double places = v.Set("safe.total", c.safe_total + (t > 0 ? rng.Int(0, 1) : 0));
  const double places_registered =
      v.Set("safe.registered", meets ? places : places - bit(rng.Chance(0.2)));
  const int safe_floor = static_cast<int>(std::ceil(places * (meets ? 0.9 : 0.8)));
  v.Set("safe.recognized", rng.Int(std::min(safe_floor, static_cast<int>(places_registered)),
                                   static_cast<int>(places_registered)));
  v.Set("safe.self_registered", 1);
  v.Set("models.self_managed_active", bit(!bad(0.3)));
  v.Set("models.other_effective", rng.Int(1, 4));
  v.Set("mediation.teams_trained", bit(!bad(0.3)));
  v.Set("mediation.successes", rng.Int(3, 18));
  v.Set("mediation.dispute_violations", rng.Int(0, 3));
  v.Set("mediation.protracted_disputes", bit(rng.Chance(0.15)));
  v.Set("complaints.overdue", bit(rng.Chance(0.15)));
  const double mass_new = v.Set("complaints.mass_new", bit(bad(0.3)));
  v.Set("complaints.mass_cases", mass_new + bit(rng.Chance(0.08)));
  v.Set("conduct.substantiated_complaints", bit(bad(0.5)));
  v.Set("ancs.policy_ok", bit(rng.Chance(0.9)));
  v.Set("ancs.trained", bit(!bad(0.2)));
  const double disciplined = v.Set("ancs.discipline_cases", bit(bad(0.5)));
  v.Set("ancs.disciplined_any", disciplined + bit(rng.Chance(0.1)));
  v.Set("ancs.commended", rng.Int(0, 5));
  v.Set("ancs.force_rating", meets ? rng.Int(3, 4) : (bad(0.5) ? 2 : rng.Int(3, 4)));

  // --- Administration, leadership, reporting.
  const double procedures = v.Set("admin.total", std::round(c.admin * rng.Int(90, 115) / 100.0));
  v.Set("admin.late", bad(1) ? rng.Int(1, 3) : 0);
  v.Set("admin.early", percent_of(procedures, meets ? rng.Int(12, 35) : rng.Int(5, 30)));
  v.Set("leadership.party_gov_rating", bad(0.3) ? 2 : rng.Int(3, 4));
  v.Set("leadership.internal_conflicts", bit(bad(0.2)));
  for (std::string_view name :
       {"leadership.annual_resolution", "leadership.annual_plan", "leadership.inspection_plan",
        "leadership.remediation_records", "leadership.documents_in_q1"}) {
    v.Set(name, bit(!bad(0.3)));
  }
  v.Set("reports.late_or_missing", std::max(0, rng.Int(0, 3) - t / 3));
}

// A plain value for an indicator Generate does not name, by its type.
double PlainValue(const Indicator& indicator, Rng& rng) {
  switch (indicator.type) {
    case IndicatorType::kBool:
      return rng.Chance(0.8) ? 1 : 0;
    case IndicatorType::kRating:
      return indicator.scale_keys.empty() ? 0 : static_cast<double>(indicator.scale_keys.back());
    case IndicatorType::kPercent:
      return rng.Int(50, 100);
    case IndicatorType::kAreaM2:
      return 10.0 * rng.Int(10, 100);
    case IndicatorType::kMoneyVnd:
      return 1'000'000.0 * rng.Int(1, 500);
    case IndicatorType::kNumber:
      return rng.Int(1, 10);
    case IndicatorType::kCount:
      break;
  }
  return rng.Int(0, 5);
}

// Every indicator gets a value; then every value above its `le` bound is lowered to the bound.
void Complete(const Catalogue& catalogue, Rng& rng, Values& v) {
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    if (!v.Has(slot)) v.At(slot) = PlainValue(catalogue.at(slot), rng);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (int slot = 0; slot < catalogue.size(); ++slot) {
      const int le = catalogue.at(slot).le_slot;
      if (le < 0 || v.At(slot) <= v.At(le)) continue;
      v.At(slot) = v.At(le);
      changed = true;
    }
  }
}

struct Options {
  std::string db;
  int years = 10;
  int first_year = 2016;
};

std::optional<Options> ParseArgs(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return std::nullopt;
    const char* value = argv[++i];
    if (arg == "--db") {
      options.db = value;
    } else if (arg == "--years") {
      options.years = std::atoi(value);
    } else if (arg == "--first-year") {
      options.first_year = std::atoi(value);
    } else {
      return std::nullopt;
    }
  }
  if (options.db.empty() || options.years < 1 || options.years > 50 || options.first_year < 1901 ||
      options.first_year + options.years > 2200)
    return std::nullopt;
  return options;
}

std::string Thousands(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

// The Bắc Ninh programme with `province`'s id, name and pilot ward (none when it has no ward).
std::string ProgrammeYaml(const Province& province, const std::string& id,
                          std::optional<std::string> pilot) {
  const std::string_view source = demo::BuiltinProgrammeYaml();
  std::string out;
  size_t replaced = 0;
  for (size_t start = 0; start < source.size();) {
    size_t end = source.find('\n', start);
    end = end == std::string_view::npos ? source.size() : end + 1;
    const std::string_view line = source.substr(start, end - start);
    start = end;
    if (line.starts_with("programme:")) {
      out += fmt::format("programme: {}\n", id);
      ++replaced;
    } else if (line.starts_with("province:")) {
      out += fmt::format("province: \"{}\"\n", ShortName(province.name));
      ++replaced;
    } else if (line.starts_with("pilot:")) {
      if (pilot) out += fmt::format("pilot: {{ year: {}, units: [\"{}\"] }}\n", kPilotYear, *pilot);
      ++replaced;
    } else {
      out += line;
    }
  }
  if (replaced != 3) Die("the built-in programme lacks its programme:, province: or pilot: line");
  return out;
}

int Run(const Options& options) {
  const Clock::time_point started = Clock::now();
  LoadedCatalogue loaded_catalogue = ParseCatalogue(BuiltinCatalogueText());
  if (!loaded_catalogue.catalogue) Die("the built-in indicator catalogue does not load");
  const Catalogue& catalogue = *loaded_catalogue.catalogue;

  // The generator's units: the country's 3,321 codes, names and kinds (its qn-ancs-2023 facts are
  // not used; qn-ancs-2023 applies to every kind it generates).
  const std::string rubric_path = KIEUMAU_SOURCE_DIR "/rubrics/qn-ancs-2023.yaml";
  LoadedRubric rubric = LoadRubricFile(rubric_path, catalogue);
  if (!rubric.rubric) Die(rubric_path + " does not load");
  const GeneratedFacts generated = GenerateFacts(*rubric.rubric, catalogue);
  const LoadedFacts parsed = ParseFacts(generated.json, *rubric.rubric, catalogue);
  if (!parsed.batch) Die("the generated facts do not load");
  std::vector<Commune> communes;
  size_t wanted_units = 0;
  for (const Province& p : kProvinces)
    wanted_units += static_cast<size_t>(p.communes);
  if (parsed.batch->units.size() != wanted_units)
    Die(fmt::format("the generator gives {} units, the provinces hold {}",
                    parsed.batch->units.size(), wanted_units));
  {
    size_t province = 0;
    int left = kProvinces[0].communes;
    for (const UnitFacts& unit : parsed.batch->units) {
      while (left == 0)
        left = kProvinces[++province].communes;
      --left;
      Commune c;
      c.code = unit.code;
      c.name = unit.name;
      c.kind = unit.kind;
      c.province = province;
      MakeTraits(c);
      communes.push_back(std::move(c));
    }
  }
  const int last_year = options.first_year + options.years - 1;
  // A few units meet every condition without being recognised (passing), more in later years.
  for (Commune& c : communes) {
    Rng rng(c.code, -2);
    for (int t = 0; t < options.years; ++t) {
      if (rng.Chance(std::max(0, t - 4) * 0.02 * (0.5 + c.quality)))
        c.meets.insert(options.first_year + t);
    }
  }

  // Recognitions: per province, a pilot ward, then about 15% and 30% of its wards (a province is
  // sometimes short of the roadmap's target), each ward meeting the criteria from then on.
  struct Recognition {
    size_t commune;
    int year;
    std::string decision;
    std::string date;
  };
  std::vector<Recognition> recognitions;
  std::vector<std::optional<size_t>> pilots(std::size(kProvinces));
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    std::vector<size_t> wards;
    for (size_t i = 0; i < communes.size(); ++i) {
      if (communes[i].province == p && communes[i].kind == UnitKind::kPhuong) wards.push_back(i);
    }
    if (wards.empty()) continue;
    Rng rng(kProvinces[p].code, 0);
    for (size_t i = wards.size(); i > 1; --i)  // the order wards are recognised in
      std::swap(wards[i - 1], wards[static_cast<size_t>(rng.Int(0, static_cast<int>(i) - 1))]);
    pilots[p] = wards[0];
    const auto n = static_cast<double>(wards.size());
    const size_t by_year[] = {
        1,
        std::clamp<size_t>(static_cast<size_t>(std::round(n * rng.Int(10, 20) / 100.0)), 1,
                           wards.size()),
        std::clamp<size_t>(static_cast<size_t>(std::round(n * rng.Int(22, 36) / 100.0)), 1,
                           wards.size())};
    for (int k = 0; k < 3; ++k) {
      const int year = kPilotYear + k;
      if (year < options.first_year || year > last_year) continue;
      const std::string decision =
          fmt::format("Quyết định số {}/QĐ-UBND (minh họa)", rng.Int(1000, 2999));
      const std::string date = fmt::format("{}-12-{}", year, rng.Int(15, 28));
      for (size_t w = 0; w < std::max(by_year[k], k > 0 ? by_year[k - 1] : 0); ++w) {
        recognitions.push_back({wards[w], year, decision, date});
        for (int y = year; y <= last_year; ++y)
          communes[wards[w]].meets.insert(y);
      }
    }
  }

  StoreResult<std::unique_ptr<Store>> opened = OpenStore(options.db);
  if (!opened) Die(opened.error().message);
  Store& store = **opened;
  const std::string backend(store.Backend());
  {
    StoreResult<std::vector<UnitRecord>> existing = store.ListUnits();
    if (!existing) Die(existing.error().message);
    if (!existing->empty())
      Die(fmt::format("the store already holds {} units: national_db needs an empty store",
                      existing->size()));
  }
  fmt::print(
      "national_db: {} ({}), {} provinces, {} commune-level units, years {}–{}, {} "
      "indicators\n",
      backend, store.Backend() == "sqlite" ? options.db : std::string("server"),
      std::size(kProvinces), communes.size(), options.first_year, last_year, catalogue.size());

  // --- Units and their CreateEvents, as the demo stores them.
  const Clock::time_point units_started = Clock::now();
  std::vector<int64_t> province_ids;
  for (const Province& p : kProvinces) {
    StoreResult<int64_t> id = store.CreateUnit(UnitRecord{
        0, std::string(p.code), "province", "", std::string(p.name), std::nullopt, std::nullopt});
    if (!id) Die(fmt::format("creating province {}: {}", p.code, id.error().message));
    province_ids.push_back(*id);
  }
  for (Commune& c : communes) {
    const auto population = static_cast<int64_t>(std::round(c.households * 3.6));
    StoreResult<int64_t> id = store.CreateUnit(UnitRecord{
        0, c.code, "commune", std::string(UnitKindKey(c.kind)), c.name, population, std::nullopt});
    if (!id) Die(fmt::format("creating unit {}: {}", c.code, id.error().message));
    c.id = *id;
  }
  const Result<Date> created = Date::Make(options.first_year - 1, 1, 1);
  if (!created) Die(created.error().message);
  std::vector<UnitEventValue> events;
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    events.push_back(CreateEvent{
        *created,
        NewUnit{province_ids[p], std::string(kProvinces[p].code), std::string(kProvinces[p].name),
                Level::kProvince, std::nullopt, std::nullopt, std::nullopt, std::nullopt}});
  }
  for (const Commune& c : communes) {
    events.push_back(CreateEvent{
        *created, NewUnit{c.id, c.code, c.name, Level::kCommune, c.kind, province_ids[c.province],
                          static_cast<int64_t>(std::round(c.households * 3.6)), std::nullopt}});
  }
  for (const UnitEventValue& event : events) {
    UnitEvent stored;
    stored.date = EventDate(event).ToString();
    stored.kind = std::string(EventKey(event));
    stored.payload_json = UnitEventPayloadJson(event);
    if (StoreResult<int64_t> added = store.AddUnitEvent(stored); !added)
      Die(fmt::format("storing event {} {}: {}", stored.kind, stored.date, added.error().message));
  }
  const double units_seconds = Seconds(units_started);
  fmt::print("units: {} created and {} events stored in {:.2f} s\n",
             province_ids.size() + communes.size(), events.size(), units_seconds);

  // --- Facts: every indicator of every unit, one batch per year.
  std::vector<Values> prior;  // last year's values, by commune
  double import_seconds = 0;
  size_t import_values = 0;
  double generate_seconds = 0;
  for (int t = 0; t < options.years; ++t) {
    const int year = options.first_year + t;
    const Clock::time_point generating = Clock::now();
    std::vector<Values> current;
    current.reserve(communes.size());
    std::vector<FactWrite> batch;
    batch.reserve(communes.size() * static_cast<size_t>(catalogue.size()));
    for (size_t i = 0; i < communes.size(); ++i) {
      Rng rng(communes[i].code, year);
      Values v(catalogue);
      Generate(communes[i], year, t, prior.empty() ? nullptr : &prior[i], rng, v);
      Complete(catalogue, rng, v);
      for (int slot = 0; slot < catalogue.size(); ++slot) {
        const Indicator& indicator = catalogue.at(slot);
        if (std::optional<std::string> problem = CheckValue(indicator, v.At(slot)))
          Die(fmt::format("{} {} {}: {} (internal)", communes[i].code, year, indicator.name,
                          *problem));
        batch.push_back(FactWrite{communes[i].id, indicator.name, year, v.At(slot)});
      }
      current.push_back(std::move(v));
    }
    if (std::optional<StoreError> refused = CheckFactWrites(catalogue, batch))
      Die("generated facts refused: " + refused->message);
    prior = std::move(current);
    generate_seconds += Seconds(generating);

    const Clock::time_point putting = Clock::now();
    StoreResult<PutFactsSummary> put = store.PutFacts(batch, kWho, FactSource::kImport, kAt);
    const double seconds = Seconds(putting);
    if (!put) Die(fmt::format("PutFacts of {}: {}", year, put.error().message));
    import_seconds += seconds;
    import_values += batch.size();
    fmt::print("facts {}: {} values in {:.3f} s = {} values/s\n", year, Thousands(batch.size()),
               seconds, Thousands(static_cast<double>(batch.size()) / seconds));
    std::fflush(stdout);
  }

  // --- Programmes and recognitions.
  const Clock::time_point programmes_started = Clock::now();
  std::vector<std::string> programme_ids;
  std::vector<size_t> recognised(std::size(kProvinces), 0);
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    const std::string id = fmt::format("{}-2024-2030", kProvinces[p].code);
    std::optional<std::string> pilot;
    if (pilots[p]) {
      std::string_view name = communes[*pilots[p]].name;
      if (name.starts_with("Phường ")) name.remove_prefix(std::string_view("Phường ").size());
      pilot = std::string(name);
    }
    Result<ProgrammeRecord> record =
        service::ProgrammeRecordFromYaml(ProgrammeYaml(kProvinces[p], id, pilot), catalogue);
    if (!record) Die(fmt::format("programme {}: {}", id, record.error().message));
    if (record->id != id) Die(fmt::format("programme {} came out as {}", id, record->id));
    if (StoreStatus s = store.PutProgramme(*record); !s)
      Die(fmt::format("programme {}: {}", id, s.error().message));
    programme_ids.push_back(id);
  }
  for (const Recognition& r : recognitions) {
    const Commune& c = communes[r.commune];
    if (StoreStatus s =
            store.PutRecognition({programme_ids[c.province], c.id, r.year, r.decision, r.date});
        !s)
      Die(fmt::format("recognition of {} in {}: {}", c.code, r.year, s.error().message));
    ++recognised[c.province];
  }
  const double programmes_seconds = Seconds(programmes_started);

  // --- What was built.
  fmt::print("\n{:<4} {:<24} {:>5} {:>6} {:>4} {:>3}  {:<14} {}\n", "code", "province", "units",
             "phường", "xã", "tt", "programme", "recognitions");
  size_t busiest = 0;
  std::vector<size_t> wards(std::size(kProvinces), 0);
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    size_t by_kind[4] = {};
    for (const Commune& c : communes) {
      if (c.province == p) ++by_kind[static_cast<size_t>(c.kind)];
    }
    wards[p] = by_kind[static_cast<size_t>(UnitKind::kPhuong)];
    if (wards[p] > wards[busiest]) busiest = p;
    // fmt pads by code points only for ASCII; pad the Vietnamese name by hand.
    std::string name(kProvinces[p].name);
    size_t code_points = 0;
    for (unsigned char ch : name)
      code_points += (ch & 0xC0) != 0x80;
    name.append(code_points < 24 ? 24 - code_points : 0, ' ');
    fmt::print("{:<4} {} {:>5} {:>6} {:>4} {:>3}  {:<14} {}\n", kProvinces[p].code, name,
               kProvinces[p].communes, wards[p], by_kind[static_cast<size_t>(UnitKind::kXa)],
               by_kind[static_cast<size_t>(UnitKind::kThiTran)], programme_ids[p], recognised[p]);
  }
  fmt::print("\nprogrammes: {} stored, {} recognitions, in {:.2f} s (rubric {})\n",
             programme_ids.size(), recognitions.size(), programmes_seconds, kRoadmapRubric);
  fmt::print("generating the values (not timed in the rate): {:.2f} s\n", generate_seconds);
  // Lines for scripts: the province with the most wards (the largest roadmap and scoring), the
  // last year, and the import rate.
  fmt::print("bench-province {} {} wards {}\n", kProvinces[busiest].code, programme_ids[busiest],
             wards[busiest]);
  fmt::print("bench-last-year {}\n", last_year);
  fmt::print(
      "import {}: {} values in {} batches, {:.2f} s in PutFacts = {} values/s (goal for SQLite: "
      "≥ 200,000); whole run {:.1f} s\n",
      backend, Thousands(static_cast<double>(import_values)), options.years, import_seconds,
      Thousands(static_cast<double>(import_values) / import_seconds), Seconds(started));
  return 0;
}

}  // namespace
}  // namespace kieumau

int main(int argc, char** argv) {
  const std::optional<kieumau::Options> options = kieumau::ParseArgs(argc, argv);
  if (!options) {
    fmt::print(stderr,
               "usage: national_db --db URL [--years 10] [--first-year 2016]\n"
               "  URL: sqlite:PATH or postgresql://… of an empty store\n");
    return 2;
  }
  return kieumau::Run(*options);
}
