// Builds the national benchmark dataset into an empty store and times the import of its facts:
// the national register built into the program (data/vn-admin/), written as a new database gets it
// on its first start (register/register_store.h: BuiltinRegister, then WriteRegister and the
// "register" setting in one unit of work) — 63 provinces, their districts and 10,472 communes at
// the end of 2024, the changes of early 2025, the rearrangement of 1 July 2025 into 34 provinces
// and 3,321 communes with its lineage, and the changes of 30 April 2026; then, on the 3,321 real
// commune-level units of 1 July 2025 (RealUnits2025 in facts_generator.h, each found in the stored
// register by its code as of 2025-07-01 and checked there: name, kind and province — 687 phường,
// 2,621 xã, 13 đặc khu), facts for every catalogue indicator of every unit for each of `--years`
// years, one PutFacts batch per year (the import rate per backend); then one programme per province
// of 1 July 2025 (the Bắc Ninh programme with the province's id, name and a pilot ward of its own;
// its name is checked to resolve to that province on 2025-07-01 as the server resolves it, by any
// name a province has had) and illustrative recognitions of model wards. The facts of years before
// 2025 are put on the units of 1 July 2025 too (the same units every year, as before the register):
// a roadmap row or scorecard of a year before the rearrangement meets the old units, which have
// none.
//
//   national_db --db sqlite:/tmp/national.db [--years 10] [--first-year 2016]
//   scripts/with-services.sh sh -c 'build-bench/bench/national_db --db "$KIEUMAU_TEST_PG_URL"'
//
// Deterministic: the same options give the same data on every run and platform (the demo's value
// generator, demo/ward_values.h, seeded by the unit's code). Values pass CheckValue and every `le`;
// a ward recognised in a year (and every year after) meets every condition of bn-capkm-2024,
// others meet them or not by chance, more often as the years go by.
//
// Besides the tables, lines for scripts/bench-http.sh: `bench-province CODE PROGRAMME wards N` (the
// province with the most wards), `bench-units-province CODE N` (the province with the most
// commune-level units on 2025-07-01), `bench-lineage CODE N` (the commune of 1 July 2025 with the
// most predecessors, N of them), `bench-last-year YEAR`, and `import BACKEND: …` (the rate).
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

#include "app/programme_record.h"
#include "demo/demo.h"
#include "demo/ward_values.h"
#include "engine/facts.h"
#include "engine/unit_kind.h"
#include "facts_generator.h"
#include "load/catalogue_yaml.h"
#include "register/register_apply.h"
#include "register/register_history.h"
#include "register/register_store.h"
#include "store/fact_checks.h"
#include "store/store.h"
#include "text/fold.h"
#include "units/date.h"
#include "units/events.h"
#include "units/registry.h"
#include "units/unit.h"

namespace kieumau {
namespace {

using Clock = std::chrono::steady_clock;

const WriteActor kActor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""};
constexpr std::string_view kRoadmapRubric = "bn-capkm-2024";
// Every write is stamped 2026-01-01T00:00:00Z: the same history on every run.
constexpr Timestamp kAt{std::chrono::seconds(1767225600)};
// The day of the rearrangement: the units the facts are put on are those of this day.
constexpr Date kRearranged = Date::Known(2025, 7, 1);
// The years the recognitions are for (those within the dataset's years), as the Bắc Ninh
// programme's roadmap starts: a pilot, then about 15% and 30% of the wards.
constexpr int kPilotYear = 2023;

[[noreturn]] void Die(std::string_view message) {
  fmt::print(stderr, "national_db: {}\n", message);
  std::fflush(stderr);
  std::exit(1);
}

// The 34 provinces and centrally run cities since 2025-07-01, with their administrative codes,
// their names on that day and the number of commune-level units of each (3,321 in all) as the
// register has them: checked against it when the dataset is built.
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

// The name a programme gives its province: "Bắc Ninh" for "Tỉnh Bắc Ninh" (as app/world.cc reads a
// programme's province).
std::string_view ShortName(std::string_view name) {
  for (std::string_view prefix : {"Tỉnh ", "Thành phố "}) {
    if (name.substr(0, prefix.size()) == prefix) return name.substr(prefix.size());
  }
  return name;
}

// The province a programme naming `short_name` means on `date`, as the server resolves it
// (app::World::Load and ProgrammeEntry::ProvinceOn): of every province that has had that name, in
// the order they came into being, the one existing on `date`, else the last; 0 for none.
UnitId ProgrammeProvinceOn(const UnitRegistry& registry, std::string_view short_name, Date date) {
  std::vector<UnitId> named;
  for (const auto& [id, unit] : registry.units()) {
    if (unit.level != Level::kProvince) continue;
    for (const auto& period : unit.name.periods()) {
      if (ShortName(period.value) == short_name) {
        named.push_back(id);
        break;
      }
    }
  }
  std::stable_sort(named.begin(), named.end(), [&](UnitId a, UnitId b) {
    return registry.Find(a)->from < registry.Find(b)->from;
  });
  for (UnitId id : named) {
    if (registry.Exists(id, date)) return id;
  }
  return named.empty() ? 0 : named.back();
}

// A commune-level unit of the dataset.
struct Commune {
  std::string code;
  std::string name;  // the register's on 2025-07-01
  UnitKind kind = UnitKind::kXa;
  size_t province = 0;  // index into kProvinces
  UnitId local = 0;     // the register history's id (StoredRegister::registry)
  int64_t id = 0;       // the store's
  demo::Traits traits;  // what stays with the unit from year to year
  std::set<int> meets;  // years its values are made to meet every condition of bn-capkm-2024
};

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

  // The country's 3,321 real commune-level units of 2025-07-01, each under its province.
  std::vector<Commune> communes;
  {
    std::map<std::string_view, size_t> province_index;
    for (size_t p = 0; p < std::size(kProvinces); ++p)
      province_index.emplace(kProvinces[p].code, p);
    std::vector<int> counts(std::size(kProvinces), 0);
    for (const GeneratorUnit& unit : RealUnits2025()) {
      const auto found = province_index.find(unit.province_code);
      if (found == province_index.end()) {
        Die(fmt::format("unit {} is in province {}, which is not among the 34", unit.code,
                        unit.province_code));
      }
      Commune c;
      c.code = unit.code;
      c.name = unit.name;
      c.kind = unit.kind;
      c.province = found->second;
      c.traits = demo::MakeTraits(c.code);
      ++counts[c.province];
      communes.push_back(std::move(c));
    }
    for (size_t p = 0; p < std::size(kProvinces); ++p) {
      if (counts[p] != kProvinces[p].communes) {
        Die(fmt::format("province {} has {} units in the register, {} here", kProvinces[p].code,
                        counts[p], kProvinces[p].communes));
      }
    }
  }
  const int last_year = options.first_year + options.years - 1;

  // The national register, parsed, made into its history and applied (checked), as on a first
  // start; written into the store below.
  const Clock::time_point register_started = Clock::now();
  admin_register::RegisterHistory history;
  Result<admin_register::StoredRegister> applied = admin_register::BuiltinRegister(&history);
  if (!applied) Die(applied.error().message);
  const UnitRegistry& registry = applied->registry;
  const double register_seconds = Seconds(register_started);

  // The provinces and communes of 2025-07-01 in it, by their codes on that day, checked against
  // what the dataset says of them.
  std::vector<UnitId> province_local(std::size(kProvinces), 0);
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    const Province& province = kProvinces[p];
    const std::optional<UnitId> id = registry.FindByCode(province.code, kRearranged);
    if (!id)
      Die(fmt::format("the register has no province {} on {}", province.code,
                      kRearranged.ToString()));
    const Result<UnitState> state = registry.StateAt(*id, kRearranged);
    if (!state || state->level != Level::kProvince || state->name != province.name) {
      Die(fmt::format("the register's unit {} on {} is {} {}, not the province {}", province.code,
                      kRearranged.ToString(), state ? LevelKey(state->level) : "?",
                      state ? state->name : std::string("?"), province.name));
    }
    // A programme names its province: it must mean this one on 2025-07-01 and at the end of the
    // last year, as the server resolves the name.
    for (const Date date : {kRearranged, Date::LastDayOfYear(std::max(last_year, 2025))}) {
      if (ProgrammeProvinceOn(registry, ShortName(province.name), date) != *id) {
        Die(fmt::format("a programme naming \"{}\" would not mean province {} on {}",
                        ShortName(province.name), province.code, date.ToString()));
      }
    }
    province_local[p] = *id;
  }
  for (Commune& c : communes) {
    const std::optional<UnitId> id = registry.FindByCode(c.code, kRearranged);
    if (!id) Die(fmt::format("the register has no unit {} on {}", c.code, kRearranged.ToString()));
    const Result<UnitState> state = registry.StateAt(*id, kRearranged);
    // The same name up to where the tone mark sits: the register keeps a commune's earlier
    // spelling (Xã Thuận Hoà for the Xã Thuận Hòa of communes-2025-07-01.csv).
    if (!state || state->level != Level::kCommune ||
        text::ToneInsensitiveKey(state->name) != text::ToneInsensitiveKey(c.name) ||
        state->kind != c.kind || state->parent != province_local[c.province]) {
      Die(fmt::format("the register's unit {} on {} is not {} ({}) of province {}", c.code,
                      kRearranged.ToString(), c.name, UnitKindKey(c.kind),
                      kProvinces[c.province].code));
    }
    c.local = *id;
    c.name = state->name;  // as the server names it
  }
  // A few units meet every condition without being recognised (passing), more in later years.
  for (Commune& c : communes) {
    demo::Rng rng(c.code, -2);
    for (int t = 0; t < options.years; ++t) {
      if (rng.Chance(std::max(0, t - 4) * 0.02 * (0.5 + c.traits.quality)))
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
    demo::Rng rng(kProvinces[p].code, 0);
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

  // --- The register: its units (their latest state) and every event, with the setting that names
  // it, in one unit of work, as a new database gets it on its first start.
  const Clock::time_point units_started = Clock::now();
  StoreStatus written = store.InTransaction([&](Store& s) -> StoreStatus {
    if (StoreStatus w = admin_register::WriteRegister(s, history, *applied); !w) return w;
    return s.PutSetting(admin_register::kRegisterSetting, applied->release);
  });
  if (!written) Die(fmt::format("writing the register: {}", written.error().message));
  for (Commune& c : communes)
    c.id = applied->store_ids.at(c.local);
  const double units_seconds = Seconds(units_started);
  fmt::print(
      "register: {} units and {} events (built and checked in {:.2f} s) written in {:.2f} s; "
      "{}\n",
      registry.units().size(), history.events.size(), register_seconds, units_seconds,
      applied->release);

  // --- Facts: every indicator of every unit, one batch per year.
  std::vector<demo::Values> prior;  // last year's values, by commune
  double import_seconds = 0;
  size_t import_values = 0;
  double generate_seconds = 0;
  for (int t = 0; t < options.years; ++t) {
    const int year = options.first_year + t;
    const Clock::time_point generating = Clock::now();
    std::vector<demo::Values> current;
    current.reserve(communes.size());
    std::vector<FactWrite> batch;
    batch.reserve(communes.size() * static_cast<size_t>(catalogue.size()));
    for (size_t i = 0; i < communes.size(); ++i) {
      demo::Rng rng(communes[i].code, year);
      demo::Values v(catalogue);
      demo::YearInput in;
      in.t = t;
      in.meets = communes[i].meets.count(year) != 0;
      in.prior = prior.empty() ? nullptr : &prior[i];
      in.traits = &communes[i].traits;
      demo::Generate(in, rng, v);
      for (int slot = 0; slot < catalogue.size(); ++slot) {
        if (!v.Has(slot)) v.At(slot) = demo::PlainValue(catalogue.at(slot), rng);
      }
      demo::KeepLe(catalogue, v);
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
    StoreResult<PutFactsSummary> put = store.PutFacts(batch, kActor, kAt);
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
        app::ProgrammeRecordFromYaml(ProgrammeYaml(kProvinces[p], id, pilot), catalogue);
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
             "phường", "xã", "đk", "programme", "recognitions");
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
               by_kind[static_cast<size_t>(UnitKind::kDacKhu)], programme_ids[p], recognised[p]);
  }
  fmt::print("\nprogrammes: {} stored, {} recognitions, in {:.2f} s (rubric {})\n",
             programme_ids.size(), recognitions.size(), programmes_seconds, kRoadmapRubric);
  fmt::print("generating the values (not timed in the rate): {:.2f} s\n", generate_seconds);
  // Lines for scripts: the province with the most wards (the largest roadmap and scoring), the
  // last year, and the import rate.
  fmt::print("bench-province {} {} wards {}\n", kProvinces[busiest].code, programme_ids[busiest],
             wards[busiest]);
  // The province with the most commune-level units, and the commune of 2025-07-01 with the most
  // predecessors (the first by code of those), which holds its code to the end of 2025.
  size_t largest = 0;
  for (size_t p = 0; p < std::size(kProvinces); ++p) {
    if (kProvinces[p].communes > kProvinces[largest].communes) largest = p;
  }
  fmt::print("bench-units-province {} {}\n", kProvinces[largest].code,
             kProvinces[largest].communes);
  const Commune* lineage = nullptr;
  size_t lineage_links = 0;
  for (const Commune& c : communes) {
    const size_t links = registry.Predecessors(c.local).size();
    if (links > lineage_links &&
        registry.FindByCode(c.code, Date::LastDayOfYear(2025)) == std::optional<UnitId>(c.local)) {
      lineage = &c;
      lineage_links = links;
    }
  }
  if (lineage == nullptr) Die("no commune of 2025-07-01 has predecessors in the register");
  fmt::print("bench-lineage {} {}\n", lineage->code, lineage_links);
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
