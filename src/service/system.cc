#include "service/system.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/excerpt.h"
#include "engine/format.h"
#include "engine/scoring.h"
#include "engine/unit_kind.h"
#include "load/result_writer.h"
#include "programme/programme_yaml.h"
#include "service/demo_setup.h"
#include "service/programme_record.h"
#include "service/system_internal.h"
#include "units/events_json.h"
#include "units/rollup.h"

namespace kieumau::service {

using namespace internal;

namespace {

// A province's name without "Tỉnh " or "Thành phố " before it.
std::string_view ProvinceShortName(std::string_view name) {
  for (std::string_view prefix : {"Tỉnh ", "Thành phố "}) {
    if (name.starts_with(prefix)) return name.substr(prefix.size());
  }
  return name;
}

// Whether a province unit's name ("Tỉnh Bắc Ninh") is the one a programme gives ("Bắc Ninh").
bool SameProvinceName(std::string_view unit_name, std::string_view programme_name) {
  return ProvinceShortName(unit_name) == ProvinceShortName(programme_name);
}

}  // namespace

System::System(const Catalogue& catalogue, std::vector<RubricRef> rubrics)
    : catalogue_(catalogue), rubrics_(std::move(rubrics)) {}

System::~System() = default;

Answer<std::unique_ptr<System>> System::Open(const SystemOptions& options,
                                             const Catalogue& catalogue,
                                             std::vector<RubricRef> rubrics, std::ostream& log) {
  std::unique_ptr<System> system(new System(catalogue, std::move(rubrics)));
  system->now_ = options.now ? options.now : [] {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  StoreResult<std::unique_ptr<StorePool>> pool =
      StorePool::Open(options.db_url, options.connections);
  if (!pool) return FromStore(pool.error());
  system->pool_ = std::move(*pool);
  StorePool::Lease store = system->pool_->Acquire();
  if (options.seed_demo) {
    Answer<bool> seeded = SeedDemo(*store, catalogue, system->now_(), log);
    if (!seeded) return seeded.error();
  } else {
    Answer<bool> interrupted = CheckDemoComplete(*store);
    if (!interrupted) return interrupted.error();
  }
  Answer<std::shared_ptr<const State>> state = system->LoadState(*store);
  if (!state) return state.error();
  system->state_ = std::move(*state);
  return system;
}

std::shared_ptr<const System::State> System::CurrentState() const {
  std::lock_guard lock(mutex_);
  return state_;
}

const RubricRef* System::FindRubric(std::string_view id) const {
  for (const RubricRef& ref : rubrics_)
    if (ref.rubric->id == id) return &ref;
  return nullptr;
}

Answer<std::shared_ptr<const System::State>> System::LoadState(Store& store) const {
  auto state = std::make_shared<State>();
  StoreResult<std::vector<UnitEvent>> events = store.ListUnitEvents();
  if (!events) return FromStore(events.error());
  std::vector<UnitEventValue> values;
  values.reserve(events->size());
  for (const UnitEvent& event : *events) {
    Result<UnitEventValue> value = ParseUnitEvent(event.kind, event.date, event.payload_json);
    if (!value) {
      return Problem{
          ErrorCode::kCorruptData,
          "Sự kiện đơn vị số " + std::to_string(event.id) +
              " trong cơ sở dữ liệu không đọc được (a stored unit event is unreadable): " +
              value.error().message,
          {}};
    }
    values.push_back(std::move(*value));
  }
  Result<std::monostate> applied = state->registry.ApplyAll(std::move(values));
  if (!applied) {
    return Problem{ErrorCode::kCorruptData,
                   "Lịch sử đơn vị trong cơ sở dữ liệu không hợp lệ (the stored unit history is "
                   "inconsistent): " +
                       applied.error().message,
                   {}};
  }
  StoreResult<std::vector<ProgrammeRecord>> programmes = store.ListProgrammes();
  if (!programmes) return FromStore(programmes.error());
  for (const ProgrammeRecord& record : *programmes) {
    Result<Programme> programme = ProgrammeFromRecord(record, catalogue_);
    if (!programme) {
      return Problem{ErrorCode::kCorruptData,
                     "Đề án " + record.id +
                         " trong cơ sở dữ liệu không đọc được (a stored "
                         "programme is unreadable): " +
                         programme.error().message,
                     {}};
    }
    ProgrammeEntry entry;
    entry.programme = std::move(*programme);
    entry.rubric = FindRubric(entry.programme.rubric_id);
    // The province the programme names, as it is named at the programme's decision (or now).
    for (const auto& [id, unit] : state->registry.units()) {
      if (unit.level != Level::kProvince) continue;
      for (const auto& period : unit.name.periods()) {
        if (SameProvinceName(period.value, entry.programme.province)) entry.province = id;
      }
      if (entry.province != 0) break;
    }
    StoreResult<std::vector<RecognitionRecord>> recognitions =
        store.ListRecognitions(entry.programme.id);
    if (!recognitions) return FromStore(recognitions.error());
    entry.recognitions = std::move(*recognitions);
    state->programmes.push_back(std::move(entry));
  }
  StoreResult<std::optional<std::string>> demo = store.GetSetting(kDemoSettingKey);
  if (!demo) return FromStore(demo.error());
  if (*demo && **demo != kDemoSeeding) state->demo = **demo;
  return std::shared_ptr<const State>(std::move(state));
}

Answer<std::shared_ptr<const System::YearFacts>> System::Facts(int year) {
  {
    std::lock_guard lock(mutex_);
    auto it = facts_.find(year);
    if (it != facts_.end()) return it->second;
  }
  uint64_t version;
  {
    std::lock_guard lock(mutex_);
    version = version_;
  }
  StoreResult<std::vector<FactValue>> values = [&] {
    StorePool::Lease store = pool_->Acquire();
    return store->GetAllFacts(year);
  }();
  if (!values) return FromStore(values.error());
  auto facts = std::make_shared<YearFacts>();
  const size_t slots = static_cast<size_t>(catalogue_.size());
  std::vector<double>* row = nullptr;
  UnitId row_unit = 0;
  for (const FactValue& value : *values) {
    const std::optional<int> slot = catalogue_.Find(value.indicator);
    if (!slot) continue;  // an indicator no longer in the catalogue
    if (row == nullptr || row_unit != value.unit_id) {
      row = &facts->by_unit.try_emplace(value.unit_id, slots, kMissing).first->second;
      row_unit = value.unit_id;
    }
    (*row)[static_cast<size_t>(*slot)] = value.value;
  }
  std::shared_ptr<const YearFacts> shared = std::move(facts);
  std::lock_guard lock(mutex_);
  if (version_ == version) facts_.emplace(year, shared);
  return shared;
}

std::shared_ptr<System::YearFacts> System::WithWrites(const YearFacts& facts,
                                                      const std::vector<FactWrite>& writes) const {
  auto copy = std::make_shared<YearFacts>(facts);
  const size_t slots = static_cast<size_t>(catalogue_.size());
  bool erased = false;
  for (const FactWrite& write : writes) {
    const std::optional<int> slot = catalogue_.Find(write.indicator);
    if (!slot) continue;
    std::vector<double>& row =
        copy->by_unit.try_emplace(write.unit_id, slots, kMissing).first->second;
    row[static_cast<size_t>(*slot)] = write.value ? *write.value : kMissing;
    erased = erased || !write.value;
  }
  // A unit whose every value was erased has no facts that year (not assessed), as when read anew.
  if (erased) {
    for (const FactWrite& write : writes) {
      auto row = copy->by_unit.find(write.unit_id);
      if (row != copy->by_unit.end() && std::all_of(row->second.begin(), row->second.end(),
                                                    [](double v) { return IsMissing(v); }))
        copy->by_unit.erase(row);
    }
  }
  return copy;
}

uint64_t System::FactsVersion() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void System::InstallFacts(int year, std::shared_ptr<const YearFacts> facts) {
  std::lock_guard lock(mutex_);
  ++version_;
  roadmap_cache_.clear();
  facts_.insert_or_assign(year, std::move(facts));
}

// --- About and programmes -----------------------------------------------------------------------

std::string System::AboutJson() const {
  std::shared_ptr<const State> state = CurrentState();
  Json json = {{"backend", pool_->Backend()}, {"schema_version", pool_->SchemaVersion()}};
  if (state->demo) {
    // The province the demo's programme is about, from the data (the demo seeds one).
    json["demo"] = {{"province", state->programmes.empty()
                                     ? Json(nullptr)
                                     : Json(state->programmes.front().programme.province)},
                    {"note", *state->demo}};
  } else {
    json["demo"] = nullptr;
  }
  return Dump(json);
}

Answer<std::string> System::ProgrammesJson() {
  std::shared_ptr<const State> state = CurrentState();
  Json list = Json::array();
  for (const ProgrammeEntry& entry : state->programmes) {
    const Programme& p = entry.programme;
    Json years = Json::array();
    for (const RoadmapEntry& row : p.roadmap)
      years.push_back(row.year);
    Json item = {{"id", p.id},
                 {"title", p.title},
                 {"province", p.province},
                 {"province_code", entry.province != 0 && state->registry.Find(entry.province)
                                       ? Json(state->registry.Find(entry.province)->code)
                                       : Json(nullptr)},
                 {"decision",
                  {{"number", p.decision.number},
                   {"date", p.decision.date},
                   {"signed_by", p.decision.signed_by}}},
                 {"unit_kind", UnitKindKey(p.unit_kind)},
                 {"rubric", p.rubric_id},
                 {"years", std::move(years)},
                 {"demo", state->demo.has_value()}};
    list.push_back(std::move(item));
  }
  return Dump(list);
}

Answer<std::vector<RoadmapYear>> System::ComputeRoadmapRows(const State& state, size_t index) {
  const ProgrammeEntry& entry = state.programmes[index];
  const Programme& programme = entry.programme;
  if (entry.province == 0) {
    return Problem{ErrorCode::kInvalid,
                   "Đề án " + programme.id + " nêu tỉnh \"" + programme.province +
                       "\" không có trong danh mục đơn vị (the programme's province is not a "
                       "known unit)",
                   {}};
  }
  if (entry.rubric == nullptr) {
    return Problem{ErrorCode::kInvalid,
                   "Đề án " + programme.id + " dùng bộ tiêu chí \"" + programme.rubric_id +
                       "\" mà máy chủ không có (the programme's rubric is not loaded)",
                   {}};
  }
  RoadmapInput input;
  for (const RoadmapEntry& row : programme.roadmap) {
    const Date end = Date::LastDayOfYear(row.year);
    Result<std::vector<UnitId>> units = state.UnitsOf(entry.province, programme.unit_kind, end);
    if (!units) {
      input.units_by_year[row.year] = 0;
      continue;
    }
    input.units_by_year[row.year] = static_cast<int64_t>(units->size());
    // Recognised: a recognition of the unit in this year or before (it holds until the unit ends).
    std::set<UnitId> recognised;
    for (const RecognitionRecord& r : entry.recognitions) {
      if (r.year <= row.year) recognised.insert(r.unit_id);
    }
    std::vector<UnitId> to_score;
    for (UnitId unit : *units) {
      const Unit* u = state.registry.Find(unit);
      if (recognised.count(unit) != 0) {
        input.statuses.push_back({u->code, row.year, UnitYearStatus::kRecognised});
      } else {
        to_score.push_back(unit);
      }
    }
    Answer<std::vector<ScoredUnit>> scored =
        Score(state, *entry.rubric, to_score, row.year, /*reasons=*/false);
    if (!scored) return scored.error();
    for (const ScoredUnit& s : *scored) {
      if (!s.has_facts) continue;  // not assessed
      if (s.result.outcome == Outcome::kPass) {
        input.statuses.push_back({s.facts.code, row.year, UnitYearStatus::kPassing});
      } else if (s.result.outcome == Outcome::kFail || s.result.outcome == Outcome::kIneligible) {
        input.statuses.push_back({s.facts.code, row.year, UnitYearStatus::kFailing});
      }
    }
  }
  Result<std::vector<RoadmapYear>> rows = ComputeRoadmap(programme, input);
  if (!rows) return FromError(rows.error());
  return std::move(*rows);
}

namespace {

Json RoadmapRowJson(const RoadmapYear& row) {
  Json json = {{"year", row.year},
               {"units", row.units},
               {"target", row.target},
               {"recognised", row.recognised},
               {"passing", row.passing},
               {"failing", row.failing},
               {"not_assessed", row.not_assessed},
               {"gap", row.gap}};
  return json;
}

}  // namespace

Answer<std::string> System::ComputeRoadmapJson(const State& state, size_t index) {
  Answer<std::vector<RoadmapYear>> rows = ComputeRoadmapRows(state, index);
  if (!rows) return rows.error();
  const ProgrammeEntry& entry = state.programmes[index];
  Json years = Json::array();
  for (const RoadmapYear& row : *rows) {
    Json json = RoadmapRowJson(row);
    json["rule"] = {
        {"comparison", row.share.comparison == ShareComparison::kAbove ? "above" : "at_least"},
        {"percent", NumberJson(row.share.percent.ToDouble())}};
    if (!row.review.empty()) json["review"] = row.review;
    years.push_back(std::move(json));
  }
  Json json = {{"programme", entry.programme.id},
               {"province", entry.programme.province},
               {"unit_kind", UnitKindKey(entry.programme.unit_kind)},
               {"rubric", entry.programme.rubric_id},
               {"demo", state.demo.has_value()},
               {"years", std::move(years)}};
  return Dump(json);
}

Answer<std::string> System::RoadmapJson(std::string_view programme_id) {
  uint64_t version;
  std::shared_ptr<const State> state;
  {
    std::lock_guard lock(mutex_);
    if (!programme_id.empty()) {
      auto it = roadmap_cache_.find(programme_id);
      if (it != roadmap_cache_.end()) return it->second;
    }
    version = version_;
    state = state_;
  }
  size_t index = state->programmes.size();
  for (size_t i = 0; i < state->programmes.size(); ++i) {
    if (state->programmes[i].programme.id == programme_id) index = i;
  }
  if (index == state->programmes.size())
    return NotFound("Không có đề án \"" + Excerpt(programme_id) + "\" (no such programme)");
  Answer<std::string> json = ComputeRoadmapJson(*state, index);
  if (!json) return json;
  std::lock_guard lock(mutex_);
  if (version_ == version) roadmap_cache_.emplace(std::string(programme_id), *json);
  return json;
}

Answer<std::string> System::NationalRoadmapJson() {
  uint64_t version;
  std::shared_ptr<const State> state;
  {
    std::lock_guard lock(mutex_);
    auto it = roadmap_cache_.find(std::string_view{});
    if (it != roadmap_cache_.end()) return it->second;
    version = version_;
    state = state_;
  }
  std::map<int, RoadmapYear> by_year;
  std::map<int, int64_t> programmes_by_year;
  Json programmes = Json::array();
  for (size_t i = 0; i < state->programmes.size(); ++i) {
    Answer<std::vector<RoadmapYear>> rows = ComputeRoadmapRows(*state, i);
    if (!rows) return rows.error();
    programmes.push_back(state->programmes[i].programme.id);
    for (const RoadmapYear& row : *rows) {
      RoadmapYear& sum = by_year[row.year];
      sum.year = row.year;
      sum.units += row.units;
      sum.target += row.target;
      sum.recognised += row.recognised;
      sum.passing += row.passing;
      sum.failing += row.failing;
      sum.not_assessed += row.not_assessed;
      sum.gap += row.gap;
      ++programmes_by_year[row.year];
    }
  }
  Json years = Json::array();
  for (const auto& [year, row] : by_year) {
    Json json = RoadmapRowJson(row);
    json["programmes"] = programmes_by_year[year];
    years.push_back(std::move(json));
  }
  std::string text = Dump(Json{{"programmes", std::move(programmes)}, {"years", std::move(years)}});
  std::lock_guard lock(mutex_);
  if (version_ == version) roadmap_cache_.emplace(std::string(), text);
  return text;
}

Answer<std::string> System::ForceJson(std::string_view programme_id, int year) {
  if (auto bad = CheckYear(year)) return *bad;
  std::shared_ptr<const State> state = CurrentState();
  const ProgrammeEntry* entry = state->FindProgramme(programme_id);
  if (entry == nullptr)
    return NotFound("Không có đề án \"" + Excerpt(programme_id) + "\" (no such programme)");
  if (entry->province == 0)
    return Problem{ErrorCode::kInvalid,
                   "Tỉnh của đề án không có trong danh mục đơn vị (the programme's province is "
                   "not a known unit)",
                   {}};
  const Date end = Date::LastDayOfYear(year);
  Result<std::vector<UnitId>> units =
      state->UnitsOf(entry->province, entry->programme.unit_kind, end);
  if (!units) return FromError(units.error());
  Answer<std::shared_ptr<const YearFacts>> facts = Facts(year);
  if (!facts) return facts.error();
  std::vector<UnitValues> values;
  values.reserve(units->size());
  for (UnitId unit : *units) {
    UnitValues v;
    v.unit = state->Name(unit, end);
    v.kind = entry->programme.unit_kind;
    if (const std::vector<double>* row = (*facts)->Find(unit)) {
      for (int slot = 0; slot < catalogue_.size(); ++slot) {
        const double value = (*row)[static_cast<size_t>(slot)];
        if (!IsMissing(value)) v.values.emplace(catalogue_.at(slot).name, value);
      }
    }
    values.push_back(std::move(v));
  }
  Result<ForceReport> report = ComputeForce(entry->programme, values, catalogue_);
  if (!report) return FromError(report.error());
  const ForceSummary& s = report->summary;
  auto optional_json = [](const auto& value) -> Json {
    if (!value) return nullptr;
    return NumberJson(static_cast<double>(*value));
  };
  auto missing_json = [](const std::vector<MissingValues>& missing) {
    Json list = Json::array();
    for (const MissingValues& m : missing)
      list.push_back({{"unit", m.unit}, {"indicators", m.indicators}});
    return list;
  };
  Json json = {
      {"programme", entry->programme.id},
      {"year", year},
      {"units", s.units},
      {"officers", optional_json(s.officers)},
      {"officers_per_unit", s.officers_per_unit() ? Json(*s.officers_per_unit()) : Json(nullptr)},
      // The programme's minimum of officers per unit, and the figures measured against it.
      {"min_officers", s.min_officers},
      {"units_with_at_least_min", optional_json(s.units_with_at_least_min)},
      {"officers_needed_for_min", optional_json(s.officers_needed_for_min)},
      {"missing", missing_json(s.missing)},
      {"demo", state->demo.has_value()}};
  Json targets = Json::array();
  for (const ForceTargetResult& t : report->targets) {
    Json target = {{"by", t.target->by},
                   {"share_of", ShareOfKey(t.target->share_of)},
                   {"at_least_percent", NumberJson(t.target->at_least_percent.ToDouble())}};
    if (t.target->condition) target["condition"] = t.target->condition->text();
    if (t.target->measure) target["measure"] = t.target->measure->text();
    target["met"] = NumberJson(t.met);
    if (t.target->share_of == ShareOf::kWards) target["not_met"] = t.not_met;
    target["base"] = optional_json(t.base);
    target["share_percent"] = t.share_percent ? NumberJson(*t.share_percent) : Json(nullptr);
    target["required"] = optional_json(t.required);
    target["shortfall"] = t.shortfall ? NumberJson(*t.shortfall) : Json(nullptr);
    target["zero_base"] = t.zero_base;
    target["missing"] = missing_json(t.missing);
    targets.push_back(std::move(target));
  }
  json["targets"] = std::move(targets);
  return Dump(json);
}

// --- Units
// ----------------------------------------------------------------------------------------

namespace {

Answer<Date> ParseAsOf(std::string_view text,
                       const std::function<std::chrono::sys_seconds()>& now) {
  if (text.empty()) {
    const auto days = std::chrono::floor<std::chrono::days>(now());
    const std::chrono::year_month_day ymd(days);
    Result<Date> date = Date::Make(static_cast<int>(ymd.year()),
                                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                                   static_cast<int>(static_cast<unsigned>(ymd.day())));
    if (date) return *date;
  }
  Result<Date> date = Date::Parse(text);
  if (!date)
    return BadRequest(
        "Ngày as_of \"" + Excerpt(text) +
        "\" không hợp lệ, cần dạng YYYY-MM-DD (bad as_of date): " + date.error().message);
  return *date;
}

Json UnitStateJson(const UnitState& s, const UnitRegistry& registry) {
  Json json = {{"code", s.code},
               {"name", s.name},
               {"level", LevelKey(s.level)},
               {"kind", s.kind ? Json(UnitKindKey(*s.kind)) : Json(nullptr)}};
  if (s.parent) {
    const Unit* parent = registry.Find(*s.parent);
    json["parent"] = parent ? Json(parent->code) : Json(nullptr);
  } else {
    json["parent"] = nullptr;
  }
  json["population"] = s.population ? Json(*s.population) : Json(nullptr);
  json["area_m2"] = s.area_m2 ? NumberJson(*s.area_m2) : Json(nullptr);
  return json;
}

}  // namespace

Answer<std::string> System::UnitsJson(std::string_view as_of_text, std::string_view within,
                                      std::string_view level_text, std::string_view kind_text) {
  Answer<Date> as_of = ParseAsOf(as_of_text, now_);
  if (!as_of) return as_of.error();
  std::optional<Level> level;
  if (!level_text.empty()) {
    level = ParseLevel(level_text);
    if (!level)
      return BadRequest("Cấp \"" + Excerpt(level_text) +
                        "\" không hợp lệ: province, district hoặc commune (bad level)");
  }
  std::optional<UnitKind> kind;
  if (!kind_text.empty()) {
    kind = ParseUnitKind(kind_text);
    if (!kind)
      return BadRequest("Loại đơn vị \"" + Excerpt(kind_text) +
                        "\" không hợp lệ: phuong, xa, thi_tran hoặc dac_khu (bad kind)");
  }
  std::shared_ptr<const State> state = CurrentState();
  const UnitRegistry& registry = state->registry;
  std::optional<UnitId> root;
  if (!within.empty()) {
    root = registry.FindByCode(within, *as_of);
    if (!root)
      return NotFound("Không có đơn vị mã \"" + Excerpt(within) + "\" vào ngày " +
                      as_of->ToString() + " (no such unit on that date)");
  }
  Json list = Json::array();
  std::vector<std::pair<std::string, Json>> rows;
  for (const auto& [id, unit] : registry.units()) {
    if (!unit.ExistsOn(*as_of)) continue;
    if (level && unit.level != *level) continue;
    Result<UnitState> s = registry.StateAt(id, *as_of);
    if (!s) continue;
    if (kind && s->kind != kind) continue;
    if (root) {
      Result<std::vector<UnitId>> path = registry.Path(id, *as_of);
      if (!path || std::find(path->begin(), path->end(), *root) == path->end()) continue;
    }
    rows.emplace_back(s->code, UnitStateJson(*s, registry));
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& row : rows)
    list.push_back(std::move(row.second));
  return Dump(Json{{"as_of", as_of->ToString()}, {"units", std::move(list)}});
}

Answer<std::string> System::UnitJson(std::string_view code, std::string_view as_of_text) {
  Answer<Date> as_of = ParseAsOf(as_of_text, now_);
  if (!as_of) return as_of.error();
  std::shared_ptr<const State> state = CurrentState();
  const UnitRegistry& registry = state->registry;
  // The unit with this code, whether or not it exists on the date (codes never change).
  const Unit* unit = nullptr;
  for (const auto& [id, u] : registry.units())
    if (u.code == code) unit = &u;
  if (unit == nullptr)
    return NotFound("Không có đơn vị mã \"" + Excerpt(code) + "\" (no such unit)");
  Json json = {{"code", unit->code},
               {"level", LevelKey(unit->level)},
               {"from", unit->from.ToString()},
               {"to", unit->to ? Json(unit->to->ToString()) : Json(nullptr)},
               {"as_of", as_of->ToString()},
               {"exists", unit->ExistsOn(*as_of)}};
  if (unit->ExistsOn(*as_of)) {
    Result<UnitState> s = registry.StateAt(unit->id, *as_of);
    if (s) json["state"] = UnitStateJson(*s, registry);
    Json path = Json::array();
    if (Result<std::vector<UnitId>> ids = registry.Path(unit->id, *as_of); ids) {
      for (UnitId id : *ids)
        path.push_back({{"code", registry.Find(id)->code}, {"name", state->Name(id, *as_of)}});
    }
    json["path"] = std::move(path);
    Json children = Json::array();
    if (Result<std::vector<UnitId>> ids = registry.Children(unit->id, *as_of); ids) {
      for (UnitId id : *ids)
        children.push_back({{"code", registry.Find(id)->code}, {"name", state->Name(id, *as_of)}});
    }
    json["children"] = std::move(children);
  }
  auto links = [&](const std::vector<LineageLink>& list, bool from) {
    Json out = Json::array();
    for (const LineageLink& link : list) {
      const UnitId other = from ? link.from : link.to;
      const Unit* o = registry.Find(other);
      // The other unit's name on the last day it had before the link (or the first after).
      const Date named = from ? link.date.PreviousDay() : link.date;
      out.push_back({{"code", o ? o->code : ""},
                     {"name", state->Name(other, named)},
                     {"date", link.date.ToString()},
                     {"kind", link.kind == LinkKind::kMerge ? "merge" : "split"}});
    }
    return out;
  };
  json["predecessors"] = links(unit->predecessors, true);
  json["successors"] = links(unit->successors, false);
  Json names = Json::array();
  for (const auto& period : unit->name.periods())
    names.push_back({{"from", period.from.ToString()},
                     {"to", period.to ? Json(period.to->ToString()) : Json(nullptr)},
                     {"name", period.value}});
  json["names"] = std::move(names);
  return Dump(json);
}

// --- Scoring
// ---------------------------------------------------------------------------------------

std::vector<double> System::PriorValues(const State& state, UnitId unit, int year,
                                        const YearFacts& prior) const {
  // The unit's own record when it existed through the prior year and took no other unit in since;
  // otherwise the lineage rule of units/rollup.h, indicator by indicator.
  const size_t slots = static_cast<size_t>(catalogue_.size());
  const Unit* u = state.registry.Find(unit);
  const std::vector<double>* own = prior.Find(unit);
  if (u->predecessors.empty() && u->ExistsOn(Date::LastDayOfYear(year - 1))) {
    if (own != nullptr) return *own;
    return std::vector<double>(slots, kMissing);
  }
  std::vector<double> values(slots, kMissing);
  for (size_t slot = 0; slot < slots; ++slot) {
    const RecordedValue recorded = [&](UnitId other, int y) -> std::optional<double> {
      if (y != year - 1) return std::nullopt;
      const std::vector<double>* r = prior.Find(other);
      if (r == nullptr || IsMissing((*r)[slot])) return std::nullopt;
      return (*r)[slot];
    };
    std::optional<double> value = PriorYearValue(
        state.registry, unit, year, catalogue_.at(static_cast<int>(slot)).rollup, recorded);
    if (value) values[slot] = *value;
  }
  return values;
}

Answer<std::vector<System::ScoredUnit>> System::Score(const State& state, const RubricRef& ref,
                                                      const std::vector<UnitId>& units, int year,
                                                      bool reasons, const YearFacts* current_given,
                                                      const YearFacts* prior_given) {
  const Rubric& rubric = *ref.rubric;
  std::shared_ptr<const YearFacts> current_held, prior_held;
  if (current_given == nullptr) {
    Answer<std::shared_ptr<const YearFacts>> loaded = Facts(year);
    if (!loaded) return loaded.error();
    current_held = std::move(*loaded);
    current_given = current_held.get();
  }
  if (prior_given == nullptr) {
    Answer<std::shared_ptr<const YearFacts>> loaded = Facts(year - 1);
    if (!loaded) return loaded.error();
    prior_held = std::move(*loaded);
    prior_given = prior_held.get();
  }
  const YearFacts& current = *current_given;
  const YearFacts& prior = *prior_given;
  const UnitRegistry& registry = state.registry;
  const Date end = Date::LastDayOfYear(year);
  const size_t slots = static_cast<size_t>(catalogue_.size());
  std::vector<ScoredUnit> scored(units.size());
  ScoreOptions options;
  options.reasons = reasons;
  for (size_t i = 0; i < units.size(); ++i) {
    const UnitId unit = units[i];
    ScoredUnit& s = scored[i];
    s.unit = unit;
    Result<UnitState> st = registry.StateAt(unit, end);
    if (!st) return FromError(st.error());
    if (!st->kind || std::find(rubric.unit_kinds.begin(), rubric.unit_kinds.end(), *st->kind) ==
                         rubric.unit_kinds.end()) {
      return Problem{ErrorCode::kWrongKind,
                     "Bộ tiêu chí " + rubric.id + " không áp dụng cho " + st->name + " (" +
                         (st->kind ? std::string(UnitKindLabel(*st->kind)) : "không phải cấp xã") +
                         ") (the rubric does not apply to this unit's kind)",
                     {}};
    }
    s.facts.code = st->code;
    s.facts.name = st->name;
    s.facts.kind = *st->kind;
    const std::vector<double>* row = current.Find(unit);
    s.has_facts = row != nullptr;
    if (row != nullptr) {
      s.facts.current = *row;
    } else {
      s.facts.current.assign(slots, kMissing);
    }
    s.facts.prior = PriorValues(state, unit, year, prior);
    s.facts.manual.assign(rubric.items.size(), kMissing);
    ScoreUnitInto(rubric, catalogue_, s.facts, s.result, options);
  }
  return scored;
}

}  // namespace kieumau::service
