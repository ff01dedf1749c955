#include "app/world.h"

#include <algorithm>
#include <charconv>

#include "app/demo_setup.h"
#include "app/programme_record.h"
#include "engine/excerpt.h"
#include "text/fold.h"
#include "units/events_json.h"

namespace kieumau::app {

namespace {

// A province's name without "Tỉnh " or "Thành phố " before it.
std::string_view ProvinceShortName(std::string_view name) {
  for (std::string_view prefix : {"Tỉnh ", "Thành phố "}) {
    if (name.starts_with(prefix)) return name.substr(prefix.size());
  }
  return name;
}

Problem Corrupt(std::string message) {
  return Problem{ErrorCode::kCorruptData, std::move(message)};
}

}  // namespace

UnitId ProgrammeEntry::ProvinceOn(const UnitRegistry& registry, Date date) const {
  for (UnitId id : provinces) {
    if (registry.Exists(id, date)) return id;
  }
  return province;
}

ProblemOr<std::shared_ptr<const World>> World::Load(Store& store, const Catalogue& catalogue,
                                                    const Rubrics& rubrics) {
  auto world = std::make_shared<World>();
  StoreResult<std::vector<UnitEvent>> events = store.ListUnitEvents();
  if (!events) return FromStore(events.error());
  std::vector<UnitEventValue> values;
  values.reserve(events->size());
  for (const UnitEvent& event : *events) {
    Result<UnitEventValue> value = ParseUnitEvent(event.kind, event.date, event.payload_json);
    if (!value) {
      return Corrupt("Sự kiện đơn vị số " + std::to_string(event.id) +
                     " trong cơ sở dữ liệu không đọc được (a stored unit event is unreadable): " +
                     value.error().message);
    }
    values.push_back(std::move(*value));
  }
  if (Result<std::monostate> applied = world->registry_.ApplyAll(std::move(values)); !applied) {
    return Corrupt(
        "Lịch sử đơn vị trong cơ sở dữ liệu không hợp lệ (the stored unit history is "
        "inconsistent): " +
        applied.error().message);
  }
  StoreResult<std::vector<LinkConfirmationRecord>> confirmations = store.ListLinkConfirmations();
  if (!confirmations) return FromStore(confirmations.error());
  for (LinkConfirmationRecord& confirmation : *confirmations) {
    if (Result<std::monostate> confirmed =
            world->registry_.ConfirmLink(confirmation.from_unit, confirmation.to_unit);
        !confirmed) {
      return Corrupt(
          "Xác nhận liên kết trong cơ sở dữ liệu không khớp lịch sử đơn vị (a stored "
          "link confirmation names no link): " +
          confirmed.error().message);
    }
    const WriteActor& actor = confirmation.actor;
    if (actor.kind == ActorKind::kUser && world->confirmer_names_.count(actor.user) == 0) {
      int64_t id = 0;
      const auto [end, error] =
          std::from_chars(actor.user.data(), actor.user.data() + actor.user.size(), id);
      if (error == std::errc() && end == actor.user.data() + actor.user.size()) {
        if (StoreResult<UserRecord> user = store.accounts().GetUser(id); user)
          world->confirmer_names_.emplace(actor.user, user->username);
      }
    }
    world->confirmations_.emplace(std::pair(confirmation.from_unit, confirmation.to_unit),
                                  std::move(confirmation));
  }
  for (const auto& [id, unit] : world->registry_.units()) {
    std::vector<std::string>& folded = world->folded_names_[id];
    for (const Dated<std::string>& period : unit.name.periods())
      folded.push_back(text::FoldForSearch(period.value));
    world->folded_codes_[id] = text::FoldForSearch(unit.code);
  }
  StoreResult<std::vector<ProgrammeRecord>> programmes = store.ListProgrammes();
  if (!programmes) return FromStore(programmes.error());
  for (const ProgrammeRecord& record : *programmes) {
    Result<kieumau::Programme> programme = ProgrammeFromRecord(record, catalogue);
    if (!programme) {
      return Corrupt("Đề án " + record.id +
                     " trong cơ sở dữ liệu không đọc được (a stored programme is unreadable): " +
                     programme.error().message);
    }
    ProgrammeEntry entry;
    entry.programme = std::move(*programme);
    entry.rubric = rubrics.Find(entry.programme.rubric_id);
    // The provinces the programme names, by any name they have had.
    const std::string_view named = ProvinceShortName(entry.programme.province);
    for (const auto& [id, unit] : world->registry_.units()) {
      if (unit.level != Level::kProvince) continue;
      for (const auto& period : unit.name.periods()) {
        if (ProvinceShortName(period.value) == named) {
          entry.provinces.push_back(id);
          break;
        }
      }
    }
    std::stable_sort(entry.provinces.begin(), entry.provinces.end(), [&](UnitId a, UnitId b) {
      return world->registry_.Find(a)->from < world->registry_.Find(b)->from;
    });
    if (!entry.provinces.empty()) entry.province = entry.provinces.back();
    StoreResult<std::vector<RecognitionRecord>> recognitions =
        store.ListRecognitions(entry.programme.id);
    if (!recognitions) return FromStore(recognitions.error());
    entry.recognitions = std::move(*recognitions);
    world->programmes_.push_back(std::move(entry));
  }
  StoreResult<std::optional<std::string>> demo = store.GetSetting(kDemoSettingKey);
  if (!demo) return FromStore(demo.error());
  if (*demo && **demo != kDemoSeeding) world->demo_ = **demo;
  return std::shared_ptr<const World>(std::move(world));
}

ProblemOr<const ProgrammeEntry*> World::FindProgramme(std::string_view id,
                                                      const Scope* scope) const {
  for (const ProgrammeEntry& entry : programmes_)
    if (entry.programme.id == id && (scope == nullptr || Sees(entry, *scope))) return &entry;
  return Problem{ErrorCode::kNotFound,
                 "Không có đề án \"" + Excerpt(id) + "\" (no such programme)"};
}

bool World::Sees(const ProgrammeEntry& entry, const Scope& scope) const {
  return scope.nation() ||
         std::any_of(entry.provinces.begin(), entry.provinces.end(),
                     [&](UnitId province) { return scope.Covers(registry_, province); });
}

std::string World::Name(UnitId id, Date date) const {
  Result<UnitState> state = registry_.StateAt(id, date);
  if (state) return state->name;
  return registry_.Describe(id);
}

std::string_view World::FoldedName(UnitId id, Date date) const {
  const Unit* unit = registry_.Find(id);
  auto folded = folded_names_.find(id);
  if (unit == nullptr || folded == folded_names_.end()) return {};
  const auto& periods = unit->name.periods();
  for (size_t i = 0; i < periods.size() && i < folded->second.size(); ++i) {
    if (periods[i].Covers(date)) return folded->second[i];
  }
  return {};
}

std::string_view World::FoldedCode(UnitId id) const {
  auto it = folded_codes_.find(id);
  return it == folded_codes_.end() ? std::string_view() : std::string_view(it->second);
}

ProblemOr<UnitId> World::UnitOn(std::string_view code, Date date, std::optional<Level> level,
                                const Scope* scope) const {
  std::optional<UnitId> unit = registry_.FindByCode(code, date);
  if (unit && (!level || registry_.Find(*unit)->level == *level) &&
      (scope == nullptr || scope->Covers(registry_, *unit)))
    return *unit;
  std::string what = "đơn vị", english = "unit";
  if (level == Level::kCommune) {
    what = "đơn vị cấp xã";
    english = "commune-level unit";
  } else if (level == Level::kProvince) {
    what = "tỉnh";
    english = "province";
  }
  return Problem{ErrorCode::kNotFound, "Không có " + what + " mã \"" + Excerpt(code) +
                                           "\" vào ngày " + date.ToString() + " (no such " +
                                           english + " on that date)"};
}

ProblemOr<UnitId> World::UnitAtYearEnd(std::string_view code, int year, std::optional<Level> level,
                                       const Scope* scope) const {
  return UnitOn(code, Date::LastDayOfYear(year), level, scope);
}

ProblemOr<const Unit*> World::UnitMeant(std::string_view code, Date date,
                                        const Scope* scope) const {
  std::vector<UnitId> holders = registry_.HoldersOf(code);
  if (scope != nullptr)
    std::erase_if(holders, [&](UnitId id) { return !scope->Covers(registry_, id); });
  if (holders.empty()) {
    return Problem{ErrorCode::kNotFound,
                   "Không có đơn vị mã \"" + Excerpt(code) + "\" (no such unit)"};
  }
  const Unit* meant = registry_.Find(holders.front());
  for (UnitId id : holders) {
    const Unit* unit = registry_.Find(id);
    if (unit->ExistsOn(date)) return unit;
    if (unit->from <= date) meant = unit;
  }
  return meant;
}

Result<std::vector<UnitId>> World::UnitsOf(UnitId province, std::optional<UnitKind> kind,
                                           Date date) const {
  const auto key = std::make_tuple(province, kind ? static_cast<int>(*kind) : -1, date.ToString());
  {
    std::lock_guard lock(memo_mutex_);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
  }
  Result<std::vector<UnitId>> units = kind ? registry_.UnitsOf(province, *kind, date)
                                           : registry_.UnitsOf(province, Level::kCommune, date);
  if (!units) return units;
  std::lock_guard lock(memo_mutex_);
  memo_.emplace(key, *units);
  return units;
}

std::string_view World::ConfirmerName(const WriteActor& actor) const {
  if (actor.kind != ActorKind::kUser) return {};
  auto found = confirmer_names_.find(actor.user);
  return found == confirmer_names_.end() ? std::string_view() : std::string_view(found->second);
}

const LinkConfirmationRecord* World::Confirmation(UnitId from, UnitId to) const {
  auto it = confirmations_.find({from, to});
  return it == confirmations_.end() ? nullptr : &it->second;
}

std::vector<UnitYear> World::ScorecardInputs(UnitId unit, int year) const {
  std::vector<UnitYear> inputs = {{unit, year}, {unit, year - 1}};
  for (UnitId predecessor : registry_.AllPredecessors(unit))
    inputs.push_back({predecessor, year - 1});
  return inputs;
}

}  // namespace kieumau::app
