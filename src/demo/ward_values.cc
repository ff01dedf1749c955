// The generator of ward_values.h. Changing a draw changes the demo's data: the demo's tests
// (roadmap counts, the pilot ward's result) say what must stay.
#include "demo/ward_values.h"

#include <algorithm>
#include <cmath>

namespace kieumau::demo {
namespace {

constexpr std::uint64_t kSeed = 0x4b69657541753032ULL;

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a: a stream per ward follows its code, not its position in the lists.
std::uint64_t Hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text)
    h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// Share targets of the spreading practices, by year from 2023: a ward has adopted a practice once
// its draw falls under the year's share, and keeps it.
constexpr double kCamera[] = {0.70, 0.85, 0.96};
constexpr double kZalo[] = {0.50, 0.70, 0.85};
constexpr double kInvestigator[] = {0.55, 0.72, 0.88};
constexpr double kStanding[] = {0.70, 0.82, 0.94};
constexpr double kEquipment[] = {0.35, 0.60, 0.85};
// Shares of officers with political training, a language and an IT certificate, by year.
constexpr double kPolitical[] = {0.36, 0.45, 0.53};
constexpr double kLanguage[] = {0.48, 0.60, 0.72};
constexpr double kIt[] = {0.58, 0.69, 0.79};

}  // namespace

Rng::Rng(std::string_view key, int stream)
    : state_(SplitMix(kSeed ^ Hash(key)) + static_cast<std::uint64_t>(stream)) {}

std::uint64_t Rng::Next() {
  return SplitMix(state_ += 0x9e3779b97f4a7c15ULL);
}

Traits MakeTraits(const std::string& code) {
  Rng rng(code, 0);
  Traits t;
  t.size = 0.7 + 0.8 * rng.Uniform();
  t.quality = rng.Uniform();
  t.households = std::round(t.size * rng.Int(2200, 4200));
  t.safe_total = std::round(t.size * rng.Int(12, 26));
  t.managed = std::round(t.size * rng.Int(15, 40));
  t.admin = std::round(t.size * rng.Int(180, 520));
  t.tips = std::round(t.size * rng.Int(8, 30));
  t.u_camera = rng.Uniform();
  t.u_zalo = rng.Uniform();
  t.u_investigator = rng.Uniform();
  t.u_standing = rng.Uniform();
  t.u_equipment = rng.Uniform();
  return t;
}

Traits MergedTraits(const std::vector<const Traits*>& parts) {
  Traits t;
  t.size = 0;
  t.u_camera = t.u_zalo = t.u_investigator = t.u_standing = t.u_equipment = 1;
  for (const Traits* p : parts) {
    t.size += p->size;
    t.quality += p->quality / static_cast<double>(parts.size());
    t.households += p->households;
    t.safe_total += p->safe_total;
    t.managed += p->managed;
    t.admin += p->admin;
    t.tips += p->tips;
    t.u_camera = std::min(t.u_camera, p->u_camera);
    t.u_zalo = std::min(t.u_zalo, p->u_zalo);
    t.u_investigator = std::min(t.u_investigator, p->u_investigator);
    t.u_standing = std::min(t.u_standing, p->u_standing);
    t.u_equipment = std::min(t.u_equipment, p->u_equipment);
  }
  return t;
}

Values Combine(const Catalogue& catalogue, const std::vector<const Values*>& parts) {
  Values out(catalogue);
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    double combined = 0;
    bool known = true;
    for (const Values* part : parts) {
      const double v = part->At(slot);
      if (IsMissing(v)) {
        known = false;
        break;
      }
      switch (catalogue.at(slot).type) {
        case IndicatorType::kBool:
        case IndicatorType::kRating:
          combined = std::max(combined, v);
          break;
        case IndicatorType::kNumber:
        case IndicatorType::kPercent:
          combined += v / static_cast<double>(parts.size());
          break;
        default:
          combined += v;
      }
    }
    if (known && !parts.empty()) out.At(slot) = combined;
  }
  return out;
}

void GeneratePriorOnly(const YearInput& in, Rng& rng, Values& v) {
  const Traits& tr = *in.traits;
  const double released = rng.Int(4, 30);
  v.Set("crime.social_order", std::round(tr.size * (4 + 14 * rng.Uniform())));
  v.Set("drugs.users", rng.Int(0, 8));
  v.Set("wanted.caught_or_surrendered", rng.Int(0, 2));
  v.Set("recidivism.released", released);
  v.Set("recidivism.reoffenders", std::min<double>(released, rng.Int(0, 4)));
}

void Generate(const YearInput& in, Rng& rng, Values& v) {
  const Traits& tr = *in.traits;
  const int t = in.t;
  const int last = std::min(t, 2);  // the share tables' column: 2025's from then on
  const bool P = in.meets;
  const double p_bad = std::max(0.015, (0.22 - 0.06 * t) * (1.3 - tr.quality));
  auto bad = [&](double factor) { return !P && rng.Chance(p_bad * factor); };
  auto prior = [&](std::string_view name) {
    return in.prior != nullptr ? in.prior->Get(name) : kMissing;
  };
  auto prior_or = [&](std::string_view name, double fallback) {
    const double p = prior(name);
    return IsMissing(p) ? fallback : p;
  };
  auto adopted = [&](std::string_view name, double draw, const double* shares) {
    return prior_or(name, 0) == 1 || draw < shares[last];
  };
  auto bit = [](bool b) { return b ? 1.0 : 0.0; };
  // A count that grows with the unit: a draw for a unit of size 1, scaled.
  auto scaled = [&](int lo, int hi) { return std::round(tr.size * rng.Int(lo, hi)); };
  auto percent_of = [](double base, int percent) { return std::floor(base * percent / 100.0); };

  // --- Staff: 2023 from the baseline; later years grow towards ten officers a ward.
  const double prior_count = prior("staff.count");
  double c = std::round(tr.size * 8);
  if (!IsMissing(prior_count)) {
    c = prior_count;
    if (rng.Chance(0.45)) c += 1;
    if (c >= 8 && c < 10 && rng.Chance(0.35)) c = 10;
    if (c > 6 && rng.Chance(0.06)) c -= 1;
  }
  if (P && c < 10) c = 10 + bit(rng.Chance(0.3));
  c = v.Set("staff.count", std::min(c, std::max(25.0, std::round(25 * tr.size))));
  const double added = IsMissing(prior_count) ? 0 : std::max(0.0, c - prior_count);
  v.Set("staff.quota", t == 0 ? c + rng.Int(0, 2) : std::max(c, 10.0));

  double masters =
      v.Set("staff.masters", std::min(c, prior_or("staff.masters", 0) + bit(rng.Chance(0.1))));
  double university =
      prior_or("staff.university", std::round(c * 0.6)) + added + bit(rng.Chance(0.2));
  university = v.Set("staff.university", std::min(university, c - masters));
  const double degrees = masters + university;
  v.Set("staff.police_university",
        IsMissing(prior("staff.police_university"))
            ? percent_of(degrees, rng.Int(55, 80))
            : std::min(degrees, prior("staff.police_university") + added + bit(rng.Chance(0.2))));
  auto share = [&](std::string_view name, const double* shares) {
    double n = std::round(c * (shares[last] + rng.Int(-8, 8) / 100.0));
    n = std::max(n, std::min(prior_or(name, 0), c));
    v.Set(name, std::clamp(n, 0.0, c));
  };
  share("staff.political_intermediate", kPolitical);
  share("staff.foreign_language_cert", kLanguage);
  share("staff.it_cert", kIt);
  v.Set("staff.party_members", std::max(0.0, c - bit(rng.Chance(0.15))));
  v.Set("staff.below_standard",
        std::clamp(prior_or("staff.below_standard", 0) - bit(rng.Chance(0.4)), 0.0, c));
  v.Set("staff.rated_good", P ? c : std::max(0.0, c - (bad(2) ? rng.Int(1, 2) : 0)));
  v.Set("staff.disciplined", bit(bad(0.2)));

  // --- Organisation and command.
  double teams = c >= 10 ? (bad(1) ? 1 : rng.Int(2, 3)) : (t == 0 ? rng.Int(1, 2) : rng.Int(1, 3));
  if (P) teams = c >= 13 ? 3 : 2;
  v.Set("teams.count", teams);
  v.Set("leaders.chief", P ? 1 : bit(!rng.Chance(0.05)));
  v.Set("leaders.deputies", !P && rng.Chance(0.03) ? 4 : (c >= 10 ? rng.Int(2, 3) : rng.Int(1, 2)));
  v.Set("leaders.investigator_title",
        bit(P || adopted("leaders.investigator_title", tr.u_investigator, kInvestigator)));
  v.Set("leaders.chief_in_party_standing",
        bit(adopted("leaders.chief_in_party_standing", tr.u_standing, kStanding)));
  v.Set("party.cell_rating", P ? rng.Int(3, 4) : (bad(1) ? 2 : rng.Int(3, 4)));
  v.Set("unit.advanced_title", bit(P || rng.Chance(0.5 + 0.1 * t)));

  // --- Headquarters, land, equipment: 2023 from the baseline, then only ever better.
  const bool had_hq = prior_or("hq.independent", 0) == 1;
  const double hq = v.Set("hq.independent", bit(had_hq || P || rng.Chance(0.06)));
  v.Set("hq.shared_with", hq == 1 && !had_hq ? 0 : prior_or("hq.shared_with", 1));
  const bool had_land = prior_or("land.has_land", 0) == 1;
  const double has_land = v.Set("land.has_land", bit(had_land || P || rng.Chance(0.08)));
  double area = prior_or("land.area_m2", 0);
  if (has_land == 1 && (area == 0 || (P && area < 500))) area = 10.0 * rng.Int(52, 90);
  v.Set("land.area_m2", area);
  v.Set("land.certificate",
        bit(prior_or("land.certificate", 0) == 1 || P || (has_land == 1 && rng.Chance(0.12))));
  v.Set("equipment.basic_met",
        bit(P || adopted("equipment.basic_met", tr.u_equipment, kEquipment)));
  v.Set("models.security_camera",
        bit(P || adopted("models.security_camera", tr.u_camera, kCamera)));
  v.Set("models.zalo_group", bit(adopted("models.zalo_group", tr.u_zalo, kZalo)));

  // --- Crime and public order, against the year before.
  const double social = prior_or("crime.social_order", std::round(tr.size * 9));
  double crimes;
  if (P) {
    crimes = social == 0   ? 0
             : social < 20 ? std::max(0.0, social - rng.Int(1, 3))
                           : std::floor(social * rng.Int(85, 93) / 100.0);
  } else {
    // One draw a statement: the order of operands is unspecified, the order of draws must not be.
    // A few cases up or down; for a unit of 20 or more, a few percent.
    const int step = social >= 20 ? rng.Int(-12, 8) : rng.Int(-3, 2);
    const double drift = social >= 20 ? std::round(social * step / 100.0) : step;
    crimes = std::max(0.0, social + drift + (bad(1) ? rng.Int(1, 3) : 0));
  }
  crimes = v.Set("crime.social_order", crimes);
  const double by_residents = bit(bad(0.8));
  v.Set("crime.serious_by_residents", by_residents);
  double serious = std::max<double>(by_residents, rng.Int(0, 1));
  const double total = v.Set("crime.total", std::max(crimes + rng.Int(0, 3), serious));
  serious = v.Set("crime.serious", std::min(serious, total));
  v.Set("crime.serious_unhandled", bit(serious > 0 && bad(0.3)));
  v.Set("crime.organized_groups", bit(bad(0.1)));
  v.Set("crime.black_credit_cases", scaled(0, 2));
  const double hotspots = v.Set("hotspots.count", bad(0.8) ? rng.Int(1, 2) : 0);
  v.Set("hotspots.new", bit(hotspots > 0 && rng.Chance(0.5)));
  for (std::string_view name :
       {"security.mass_unrest_events", "security.leaflet_cases", "security.anti_state_cases",
        "security.sabotage_cases", "security.illegal_groups", "security.exploitation_cases",
        "security.separatism_cases", "religion.illegal_constructions",
        "religion.illegal_propagation_cases", "immigration.illegal_cases",
        "complaints.incitement_cases", "fire.major_force_majeure", "labor.fatal_force_majeure",
        "safety.serious_incidents", "safety.serious_incidents_force_majeure"}) {
    v.Set(name, 0);
  }
  v.Set("security.defamation_cases", bit(rng.Chance(0.03)));
  v.Set("social.domestic_violence", scaled(0, 3));
  v.Set("social.vice_cases", scaled(0, 6));
  v.Set("social.new_vice_persons", scaled(0, 3));
  v.Set("violations.other_cases", std::round(tr.size * rng.Int(5, 30)));

  const double received = v.Set("tips.received", std::round(tr.tips * rng.Int(85, 115) / 100.0));
  v.Set("tips.processed", bad(1) ? std::max(0.0, received - rng.Int(1, 2)) : received);

  // --- Managed subjects, reoffending, drugs, wanted persons.
  const double managed =
      v.Set("subjects.managed", std::round(tr.managed * rng.Int(90, 110) / 100.0));
  v.Set("subjects.with_files", bad(0.8) ? std::max(0.0, managed - rng.Int(1, 3)) : managed);
  v.Set("subjects.assignment_decision", bit(!bad(0.2)));
  v.Set("subjects.job_program", bit(!bad(0.2)));
  v.Set("subjects.reintegrated_percent", std::min(100, rng.Int(70, 92) + 3 * t));

  const double released = v.Set(
      "recidivism.released",
      std::max(0.0, prior_or("recidivism.released", std::round(tr.size * 12)) + rng.Int(-2, 3)));
  const double reoffended = prior_or("recidivism.reoffenders", 1);
  double reoffenders;
  if (P) {
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
  const double users = prior_or("drugs.users", std::round(tr.size * 3));
  v.Set("drugs.users", P ? (users == 0 ? 0 : std::max(0.0, users - rng.Int(1, 2)))
                         : std::max(0.0, users + rng.Int(-2, 0) + new_users));

  const double wanted = v.Set("wanted.on_territory", scaled(0, 3));
  const double surrendered = v.Set("wanted.surrendered", bit(rng.Chance(0.3)));
  double caught = scaled(0, 3);
  if (P && wanted > 0) caught = prior_or("wanted.caught_or_surrendered", 0) + rng.Int(1, 2);
  v.Set("wanted.caught_or_surrendered", std::max(caught, surrendered));

  // --- Fire, accidents, traffic, weapons, patrols.
  v.Set("fire.state_management_ok", bit(!bad(0.3)));
  v.Set("fire.trained_all", bit(!bad(0.3)));
  v.Set("fire.major", bit(bad(0.3)));
  v.Set("labor.serious_accidents", bit(!P && rng.Chance(0.03)));
  v.Set("labor.fatal_accidents", bit(!P && rng.Chance(0.03)));
  v.Set("traffic.serious_accidents", bit(bad(0.7)));
  v.Set("traffic.racing_cases", bit(bad(0.4)));
  v.Set("weapons.campaign_done", bit(!bad(0.1)));
  v.Set("weapons.violations", bit(rng.Chance(0.1)));
  v.Set("patrol.sessions_per_week", rng.Int(3, 7));

  // --- Households, the movement, safe areas.
  const double households = std::round(tr.households * (1 + 0.02 * t));
  v.Set("residence.households_total", households);
  v.Set("residence.households_committed", percent_of(households, rng.Int(88, 99)));
  v.Set("residence.undeclared_arrivals", scaled(0, std::max(0, 12 - 3 * t)));
  const double families = v.Set("culture.households_total", households);
  const double registered =
      v.Set("culture.households_registered", percent_of(families, rng.Int(92, 100)));
  v.Set("culture.households_recognized", percent_of(registered, rng.Int(85, 97)));
  v.Set("safe.households_registered", percent_of(families, rng.Int(80, 98)));
  const double places =
      v.Set("safe.total", std::max(8.0, tr.safe_total) + (t > 0 ? rng.Int(0, 1) : 0));
  const double places_registered =
      v.Set("safe.registered", P ? places : places - bit(rng.Chance(0.2)));
  const int safe_floor = static_cast<int>(std::ceil(places * (P ? 0.9 : 0.8)));
  v.Set("safe.recognized", rng.Int(std::min(safe_floor, static_cast<int>(places_registered)),
                                   static_cast<int>(places_registered)));
  v.Set("safe.self_registered", 1);
  v.Set("models.self_managed_active", bit(!bad(0.3)));
  v.Set("models.other_effective", scaled(1, 4));
  v.Set("mediation.teams_trained", bit(!bad(0.3)));
  v.Set("mediation.successes", scaled(3, 18));
  v.Set("mediation.dispute_violations", scaled(0, 3));
  v.Set("mediation.protracted_disputes", bit(rng.Chance(0.15)));
  v.Set("complaints.overdue", bit(rng.Chance(0.15)));
  const double mass_new = v.Set("complaints.mass_new", bit(bad(0.3)));
  v.Set("complaints.mass_cases", mass_new + bit(rng.Chance(0.08)));
  v.Set("conduct.substantiated_complaints", bit(bad(0.5)));
  v.Set("ancs.policy_ok", bit(rng.Chance(0.9)));
  v.Set("ancs.trained", bit(!bad(0.2)));
  const double disciplined = v.Set("ancs.discipline_cases", bit(bad(0.5)));
  v.Set("ancs.disciplined_any", disciplined + bit(rng.Chance(0.1)));
  v.Set("ancs.commended", scaled(0, 5));
  v.Set("ancs.force_rating", P ? rng.Int(3, 4) : (bad(0.5) ? 2 : rng.Int(3, 4)));

  // --- Administration, leadership, reporting.
  const double procedures = v.Set("admin.total", std::round(tr.admin * rng.Int(90, 115) / 100.0));
  v.Set("admin.late", bad(1) ? rng.Int(1, 3) : 0);
  v.Set("admin.early", percent_of(procedures, P ? rng.Int(12, 35) : rng.Int(5, 30)));
  v.Set("leadership.party_gov_rating", bad(0.3) ? 2 : rng.Int(3, 4));
  v.Set("leadership.internal_conflicts", bit(bad(0.2)));
  for (std::string_view name :
       {"leadership.annual_resolution", "leadership.annual_plan", "leadership.inspection_plan",
        "leadership.remediation_records", "leadership.documents_in_q1"}) {
    v.Set(name, bit(!bad(0.3)));
  }
  v.Set("reports.late_or_missing", std::max(0, rng.Int(0, 3) - t));
}

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

void KeepLe(const Catalogue& catalogue, Values& v) {
  for (bool changed = true; changed;) {
    changed = false;
    for (int slot = 0; slot < catalogue.size(); ++slot) {
      const int le = catalogue.at(slot).le_slot;
      if (le < 0 || !v.Has(slot) || !v.Has(le) || v.At(slot) <= v.At(le) || v.IsFixed(slot)) {
        continue;
      }
      v.At(slot) = v.At(le);
      changed = true;
    }
  }
}

}  // namespace kieumau::demo
