#include "units/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace kieumau {
namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool Contains(const std::vector<UnitId>& ids, UnitId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The level a parent of a unit of `level` may have.
bool ParentLevelFits(Level child, Level parent) {
  switch (child) {
    case Level::kProvince:
      return false;
    case Level::kDistrict:
      return parent == Level::kProvince;
    case Level::kCommune:
      return parent == Level::kProvince || parent == Level::kDistrict;
  }
  return false;
}

std::string_view ParentLevelsLabel(Level child) {
  return child == Level::kDistrict ? "cấp tỉnh" : "cấp tỉnh hoặc cấp huyện";
}

std::string DescribeNew(const NewUnit& unit) {
  return fmt::format("đơn vị {} \"{}\"", unit.code, unit.name);
}

// The ids of the new units an event creates.
std::vector<const NewUnit*> NewUnitsOf(const UnitEventValue& event) {
  std::vector<const NewUnit*> created;
  if (const auto* create = std::get_if<CreateEvent>(&event)) created.push_back(&create->unit);
  if (const auto* merge = std::get_if<MergeEvent>(&event)) {
    if (const auto* unit = std::get_if<NewUnit>(&merge->into)) created.push_back(unit);
  }
  if (const auto* split = std::get_if<SplitEvent>(&event)) {
    for (const NewUnit& part : split->parts)
      created.push_back(&part);
  }
  return created;
}

template <typename T>
std::optional<T> Sum(const std::vector<std::optional<T>>& values) {
  T total{};
  for (const std::optional<T>& value : values) {
    if (!value) return std::nullopt;
    total += *value;
  }
  return total;
}

}  // namespace

Result<std::monostate> UnitRegistry::Apply(const UnitEventValue& event) {
  if (events_.empty() || !(EventDate(event) < EventDate(events_.back())))
    return ApplyInOrder(event);
  return ApplyAll({event});
}

Result<std::monostate> UnitRegistry::ApplyAll(std::vector<UnitEventValue> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return EventDate(a) < EventDate(b); });
  if (events.empty()) return std::monostate{};
  if (events_.empty() || !(EventDate(events.front()) < EventDate(events_.back()))) {
    UnitRegistry copy = *this;
    copy.NoteCreations(events);
    for (const UnitEventValue& event : events) {
      Result<std::monostate> applied = copy.ApplyInOrder(event);
      if (!applied) return applied;
    }
    copy.created_later_.clear();
    *this = std::move(copy);
    return std::monostate{};
  }
  std::vector<UnitEventValue> all = events_;
  all.insert(all.end(), std::make_move_iterator(events.begin()),
             std::make_move_iterator(events.end()));
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return EventDate(a) < EventDate(b); });
  Result<UnitRegistry> replayed = Replay(std::move(all));
  if (!replayed) return replayed.error();
  *this = std::move(replayed).value();
  return std::monostate{};
}

Result<UnitRegistry> UnitRegistry::Replay(std::vector<UnitEventValue> events) {
  UnitRegistry registry;
  registry.NoteCreations(events);
  for (const UnitEventValue& event : events) {
    Result<std::monostate> applied = registry.ApplyInOrder(event);
    if (!applied) return applied.error();
  }
  registry.created_later_.clear();
  return registry;
}

void UnitRegistry::NoteCreations(const std::vector<UnitEventValue>& events) {
  for (const UnitEventValue& event : events) {
    for (const NewUnit* unit : NewUnitsOf(event)) {
      created_later_.try_emplace(unit->id, EventDate(event), DescribeNew(*unit));
    }
  }
}

Result<std::monostate> UnitRegistry::ApplyInOrder(const UnitEventValue& event) {
  const Date date = EventDate(event);
  std::optional<std::string> problem;
  if (!events_.empty() && date < EventDate(events_.back())) {
    problem = fmt::format(
        "sự kiện đứng trước sự kiện đã áp dụng ngày {} (events must be applied in date order)",
        EventDate(events_.back()).ToString());
  } else {
    problem = Check(event);
  }
  if (problem) {
    return Error{fmt::format("{} ngày {}: {}", EventLabel(event), date.ToString(), *problem)};
  }
  Mutate(event);
  events_.push_back(event);
  return std::monostate{};
}

const Unit* UnitRegistry::Find(UnitId id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

std::string UnitRegistry::Describe(UnitId id) const {
  const Unit* unit = Find(id);
  if (unit == nullptr) return fmt::format("đơn vị #{}", id);
  return fmt::format("đơn vị {} \"{}\"", unit->code, unit->name.Last());
}

// --- Checks
// ---------------------------------------------------------------------------------------

std::optional<std::string> UnitRegistry::CheckLiving(UnitId id, Date date) const {
  const Unit* unit = Find(id);
  if (unit == nullptr) {
    auto later = created_later_.find(id);
    if (later != created_later_.end()) {
      return fmt::format(
          "{} chưa được thành lập vào ngày {}, nó được thành lập ngày {} (event before the unit's "
          "creation on {})",
          later->second.second, date.ToString(), later->second.first.ToString(),
          later->second.first.ToString());
    }
    return fmt::format("không có {} (unknown unit)", Describe(id));
  }
  if (date < unit->from) {
    return fmt::format(
        "{} chưa được thành lập vào ngày {}, nó được thành lập ngày {} (event before the unit's "
        "creation on {})",
        Describe(id), date.ToString(), unit->from.ToString(), unit->from.ToString());
  }
  if (unit->to && !(date < *unit->to)) {
    return fmt::format(
        "{} không tồn tại vào ngày {}, nó đã chấm dứt từ ngày {} (unit does not exist on that "
        "date; "
        "it ended on {})",
        Describe(id), date.ToString(), unit->to->ToString(), unit->to->ToString());
  }
  return std::nullopt;
}

std::optional<std::string> UnitRegistry::CheckParent(const std::string& child, Level child_level,
                                                     std::optional<UnitId> parent, Date date,
                                                     const std::vector<UnitId>& ending) const {
  if (child_level == Level::kProvince) {
    if (parent) {
      return fmt::format("{} là đơn vị cấp tỉnh nên không có cấp trên (a province has no parent)",
                         child);
    }
    return std::nullopt;
  }
  if (!parent) {
    return fmt::format("{} cần đơn vị cấp trên {} (the unit needs a parent)", child,
                       ParentLevelsLabel(child_level));
  }
  if (std::optional<std::string> problem = CheckLiving(*parent, date)) {
    return fmt::format("cấp trên của {}: {}", child, *problem);
  }
  const Unit& unit = units_.at(*parent);
  if (!ParentLevelFits(child_level, unit.level)) {
    return fmt::format(
        "cấp trên của {} là {} thuộc {}, cần {} (parent of the wrong level: {} under {})", child,
        Describe(*parent), LevelLabel(unit.level), ParentLevelsLabel(child_level),
        LevelKey(child_level), LevelKey(unit.level));
  }
  if (Contains(ending, *parent)) {
    return fmt::format(
        "cấp trên của {} là {}, đơn vị chấm dứt trong chính sự kiện này (the parent ends in this "
        "event)",
        child, Describe(*parent));
  }
  return std::nullopt;
}

std::optional<std::string> UnitRegistry::CheckNewUnit(const NewUnit& unit, Date date,
                                                      const std::vector<UnitId>& ending,
                                                      std::vector<std::string>* codes_in_event,
                                                      std::vector<UnitId>* ids_in_event) const {
  const std::string described = DescribeNew(unit);
  if (Find(unit.id) != nullptr || Contains(*ids_in_event, unit.id)) {
    return fmt::format("mã định danh #{} của {} đã được dùng cho {} (unit id already used)",
                       unit.id, described,
                       Find(unit.id) != nullptr ? Describe(unit.id) : "đơn vị khác trong sự kiện");
  }
  if (unit.code.empty()) {
    return fmt::format("đơn vị #{} \"{}\" thiếu mã (the unit's code is empty)", unit.id, unit.name);
  }
  if (unit.name.empty()) {
    return fmt::format("đơn vị #{} mã {} thiếu tên (the unit's name is empty)", unit.id, unit.code);
  }
  if (std::optional<UnitId> holder = FindByCode(unit.code, date);
      holder && !Contains(ending, *holder)) {
    return fmt::format(
        "mã {} của đơn vị mới \"{}\" đang được dùng bởi {} vào ngày {} (code already used by a "
        "living unit)",
        unit.code, unit.name, Describe(*holder), date.ToString());
  }
  if (std::find(codes_in_event->begin(), codes_in_event->end(), unit.code) !=
      codes_in_event->end()) {
    return fmt::format(
        "mã {} của {} trùng với một đơn vị khác trong cùng sự kiện (code used twice in the event)",
        unit.code, described);
  }
  if (unit.level == Level::kCommune && !unit.kind) {
    return fmt::format(
        "{} là đơn vị cấp xã nhưng thiếu loại: phường, xã, thị trấn hay đặc khu (a commune-level "
        "unit needs a kind)",
        described);
  }
  if (unit.level != Level::kCommune && unit.kind) {
    return fmt::format("{} thuộc {} nên không có loại {} (only commune-level units have a kind)",
                       described, LevelLabel(unit.level), UnitKindLabel(*unit.kind));
  }
  if (unit.population && *unit.population < 0) {
    return fmt::format("dân số của {} là số âm (population is negative)", described);
  }
  if (unit.area_m2 && !(*unit.area_m2 >= 0)) {
    return fmt::format("diện tích của {} không hợp lệ (area must be zero or more)", described);
  }
  if (std::optional<std::string> problem =
          CheckParent(described, unit.level, unit.parent, date, ending)) {
    return problem;
  }
  codes_in_event->push_back(unit.code);
  ids_in_event->push_back(unit.id);
  return std::nullopt;
}

std::optional<std::string> UnitRegistry::CheckNoChildren(UnitId id, Date date) const {
  Result<std::vector<UnitId>> children = Children(id, date);
  if (children && !children->empty()) {
    return fmt::format(
        "{} còn {} đơn vị trực thuộc vào ngày {} (đầu tiên là {}), cần chuyển đi trước (the unit "
        "still has units under it)",
        Describe(id), children->size(), date.ToString(), Describe(children->front()));
  }
  return std::nullopt;
}

std::optional<std::string> UnitRegistry::Check(const UnitEventValue& event) const {
  const Date date = EventDate(event);
  std::vector<std::string> codes;
  std::vector<UnitId> ids;
  return std::visit(
      Overloaded{
          [&](const CreateEvent& e) -> std::optional<std::string> {
            return CheckNewUnit(e.unit, date, {}, &codes, &ids);
          },
          [&](const RenameEvent& e) -> std::optional<std::string> {
            if (auto problem = CheckLiving(e.unit, date)) return problem;
            if (e.name.empty()) {
              return fmt::format("tên mới của {} để trống (the new name is empty)",
                                 Describe(e.unit));
            }
            return std::nullopt;
          },
          [&](const ReparentEvent& e) -> std::optional<std::string> {
            if (auto problem = CheckLiving(e.unit, date)) return problem;
            const Unit& unit = units_.at(e.unit);
            if (const std::optional<UnitId>* current = unit.parent.At(date);
                current != nullptr && *current == e.parent) {
              return fmt::format("{} đã trực thuộc {} vào ngày {} (already under that parent)",
                                 Describe(e.unit), Describe(e.parent), date.ToString());
            }
            return CheckParent(Describe(e.unit), unit.level, e.parent, date, {});
          },
          [&](const ChangeKindEvent& e) -> std::optional<std::string> {
            if (auto problem = CheckLiving(e.unit, date)) return problem;
            const Unit& unit = units_.at(e.unit);
            if (unit.level != Level::kCommune) {
              return fmt::format(
                  "{} thuộc {} nên không có loại (only commune-level units have a kind)",
                  Describe(e.unit), LevelLabel(unit.level));
            }
            if (const std::optional<UnitKind>* current = unit.kind.At(date);
                current != nullptr && *current == e.kind) {
              return fmt::format("{} đã là {} vào ngày {} (the unit already has that kind)",
                                 Describe(e.unit), UnitKindLabel(e.kind), date.ToString());
            }
            return std::nullopt;
          },
          [&](const FiguresEvent& e) -> std::optional<std::string> {
            if (auto problem = CheckLiving(e.unit, date)) return problem;
            if (!e.population && !e.area_m2) {
              return fmt::format("không có số liệu mới cho {} (no figure given)", Describe(e.unit));
            }
            if (e.population && *e.population < 0) {
              return fmt::format("dân số của {} là số âm (population is negative)",
                                 Describe(e.unit));
            }
            if (e.area_m2 && !(*e.area_m2 >= 0)) {
              return fmt::format("diện tích của {} không hợp lệ (area must be zero or more)",
                                 Describe(e.unit));
            }
            return std::nullopt;
          },
          [&](const MergeEvent& e) -> std::optional<std::string> {
            const auto* existing = std::get_if<UnitId>(&e.into);
            const std::string target =
                existing ? Describe(*existing) : DescribeNew(std::get<NewUnit>(e.into));
            const size_t parts = e.sources.size() + (existing ? 1 : 0);
            if (parts < 2) {
              return fmt::format(
                  "sáp nhập vào {} cần ít nhất 2 đơn vị, chỉ có {} (a merge needs at least 2 "
                  "parts)",
                  target, parts);
            }
            if (existing) {
              if (auto problem = CheckLiving(*existing, date)) return problem;
            }
            for (size_t i = 0; i < e.sources.size(); ++i) {
              const UnitId source = e.sources[i];
              if (auto problem = CheckLiving(source, date)) return problem;
              if (existing && source == *existing) {
                return fmt::format(
                    "{} vừa là đơn vị bị sáp nhập vừa là đơn vị nhận (the target is also a source)",
                    Describe(source));
              }
              if (std::find(e.sources.begin(), e.sources.begin() + static_cast<long>(i), source) !=
                  e.sources.begin() + static_cast<long>(i)) {
                return fmt::format("{} có mặt hai lần trong sáp nhập (unit listed twice)",
                                   Describe(source));
              }
            }
            const Level level =
                existing ? units_.at(*existing).level : std::get<NewUnit>(e.into).level;
            for (UnitId source : e.sources) {
              const Level source_level = units_.at(source).level;
              if (source_level != level) {
                return fmt::format(
                    "{} thuộc {}, khác cấp với {} thuộc {} (all parts of a merge must be of one "
                    "level)",
                    Describe(source), LevelLabel(source_level), target, LevelLabel(level));
              }
            }
            if (const auto* unit = std::get_if<NewUnit>(&e.into)) {
              return CheckNewUnit(*unit, date, e.sources, &codes, &ids);
            }
            return std::nullopt;
          },
          [&](const SplitEvent& e) -> std::optional<std::string> {
            if (e.parts.size() < 2) {
              return fmt::format(
                  "chia tách {} cần ít nhất 2 đơn vị mới, chỉ có {} (a split needs at least 2 "
                  "parts)",
                  Describe(e.source), e.parts.size());
            }
            if (auto problem = CheckLiving(e.source, date)) return problem;
            if (auto problem = CheckNoChildren(e.source, date)) return problem;
            const Level level = units_.at(e.source).level;
            for (const NewUnit& part : e.parts) {
              if (part.level != level) {
                return fmt::format(
                    "{} thuộc {}, khác cấp với {} thuộc {} (the parts of a split keep the source's "
                    "level)",
                    DescribeNew(part), LevelLabel(part.level), Describe(e.source),
                    LevelLabel(level));
              }
              if (auto problem = CheckNewUnit(part, date, {e.source}, &codes, &ids)) return problem;
            }
            return std::nullopt;
          },
          [&](const AbolishEvent& e) -> std::optional<std::string> {
            if (auto problem = CheckLiving(e.unit, date)) return problem;
            return CheckNoChildren(e.unit, date);
          },
          [&](const AbolishLevelEvent& e) -> std::optional<std::string> {
            if (e.level != Level::kDistrict) {
              return fmt::format(
                  "chỉ bãi bỏ được cấp huyện, không bãi bỏ được {} (only the district level can be "
                  "abolished)",
                  LevelLabel(e.level));
            }
            if (e.province) {
              if (auto problem = CheckLiving(*e.province, date)) return problem;
              if (units_.at(*e.province).level != Level::kProvince) {
                return fmt::format("{} không phải đơn vị cấp tỉnh (the scope must be a province)",
                                   Describe(*e.province));
              }
              Result<std::vector<UnitId>> districts = UnitsOf(*e.province, e.level, date);
              if (districts && districts->empty()) {
                return fmt::format("{} không còn đơn vị {} nào vào ngày {} (no unit of that level)",
                                   Describe(*e.province), LevelLabel(e.level), date.ToString());
              }
              return std::nullopt;
            }
            for (const auto& [id, unit] : units_) {
              if (unit.level == e.level && unit.ExistsOn(date)) return std::nullopt;
            }
            return fmt::format("không còn đơn vị {} nào vào ngày {} (no unit of that level)",
                               LevelLabel(e.level), date.ToString());
          },
      },
      event);
}

// --- Changes
// --------------------------------------------------------------------------------------

Unit& UnitRegistry::Add(const NewUnit& spec, Date date) {
  Unit& unit = units_[spec.id];
  unit.id = spec.id;
  unit.code = spec.code;
  unit.level = spec.level;
  unit.from = date;
  unit.name.Set(date, spec.name);
  unit.kind.Set(date, spec.kind);
  unit.parent.Set(date, spec.parent);
  unit.population.Set(date, spec.population);
  unit.area_m2.Set(date, spec.area_m2);
  by_code_.emplace(spec.code, spec.id);
  return unit;
}

void UnitRegistry::End(UnitId id, Date date) {
  Unit& unit = units_.at(id);
  unit.to = date;
  unit.name.Close(date);
  unit.kind.Close(date);
  unit.parent.Close(date);
  unit.population.Close(date);
  unit.area_m2.Close(date);
}

void UnitRegistry::MoveChildren(UnitId from, UnitId to, Date date) {
  for (auto& [id, unit] : units_) {
    if (!unit.ExistsOn(date)) continue;
    const std::optional<UnitId>* parent = unit.parent.At(date);
    if (parent != nullptr && *parent == from) unit.parent.Set(date, to);
  }
}

void UnitRegistry::Link(UnitId from, UnitId to, Date date, LinkKind kind) {
  const LineageLink link{from, to, date, kind};
  units_.at(from).successors.push_back(link);
  units_.at(to).predecessors.push_back(link);
}

void UnitRegistry::Mutate(const UnitEventValue& event) {
  const Date date = EventDate(event);
  std::visit(Overloaded{
                 [&](const CreateEvent& e) { Add(e.unit, date); },
                 [&](const RenameEvent& e) { units_.at(e.unit).name.Set(date, e.name); },
                 [&](const ReparentEvent& e) { units_.at(e.unit).parent.Set(date, e.parent); },
                 [&](const ChangeKindEvent& e) { units_.at(e.unit).kind.Set(date, e.kind); },
                 [&](const FiguresEvent& e) {
                   Unit& unit = units_.at(e.unit);
                   if (e.population) unit.population.Set(date, e.population);
                   if (e.area_m2) unit.area_m2.Set(date, e.area_m2);
                 },
                 [&](const MergeEvent& e) {
                   std::vector<std::optional<std::int64_t>> populations;
                   std::vector<std::optional<double>> areas;
                   auto count = [&](UnitId id) {
                     const Unit& unit = units_.at(id);
                     populations.push_back(*unit.population.At(date));
                     areas.push_back(*unit.area_m2.At(date));
                   };
                   for (UnitId source : e.sources)
                     count(source);
                   UnitId target = 0;
                   if (const auto* existing = std::get_if<UnitId>(&e.into)) {
                     target = *existing;
                     count(target);
                     Unit& unit = units_.at(target);
                     unit.population.Set(date, Sum(populations));
                     unit.area_m2.Set(date, Sum(areas));
                   } else {
                     NewUnit spec = std::get<NewUnit>(e.into);
                     if (!spec.population) spec.population = Sum(populations);
                     if (!spec.area_m2) spec.area_m2 = Sum(areas);
                     target = Add(spec, date).id;
                   }
                   for (UnitId source : e.sources) {
                     MoveChildren(source, target, date);
                     End(source, date);
                     Link(source, target, date, LinkKind::kMerge);
                   }
                 },
                 [&](const SplitEvent& e) {
                   End(e.source, date);
                   for (const NewUnit& part : e.parts) {
                     Add(part, date);
                     Link(e.source, part.id, date, LinkKind::kSplit);
                   }
                 },
                 [&](const AbolishEvent& e) { End(e.unit, date); },
                 [&](const AbolishLevelEvent& e) {
                   std::set<UnitId> ending;
                   for (const auto& [id, unit] : units_) {
                     if (unit.level != e.level || !unit.ExistsOn(date)) continue;
                     if (e.province) {
                       Result<std::vector<UnitId>> path = Path(id, date);
                       if (!path || path->back() != *e.province) continue;
                     }
                     ending.insert(id);
                   }
                   for (auto& [id, unit] : units_) {
                     if (!unit.ExistsOn(date)) continue;
                     const std::optional<UnitId>* parent = unit.parent.At(date);
                     if (parent == nullptr || !*parent || !ending.contains(**parent)) continue;
                     const std::optional<UnitId> above = *units_.at(**parent).parent.At(date);
                     unit.parent.Set(date, above);
                   }
                   for (UnitId id : ending)
                     End(id, date);
                 },
             },
             event);
}

// --- Questions
// ------------------------------------------------------------------------------------

bool UnitRegistry::Exists(UnitId id, Date date) const {
  const Unit* unit = Find(id);
  return unit != nullptr && unit->ExistsOn(date);
}

Result<UnitState> UnitRegistry::StateAt(UnitId id, Date date) const {
  if (std::optional<std::string> problem = CheckLiving(id, date)) return Error{*problem};
  const Unit& unit = units_.at(id);
  UnitState state;
  state.id = id;
  state.code = unit.code;
  state.level = unit.level;
  state.name = *unit.name.At(date);
  state.kind = *unit.kind.At(date);
  state.parent = *unit.parent.At(date);
  state.population = *unit.population.At(date);
  state.area_m2 = *unit.area_m2.At(date);
  return state;
}

namespace {

void SortByCode(const std::map<UnitId, Unit>& units, std::vector<UnitId>* ids) {
  std::sort(ids->begin(), ids->end(), [&](UnitId a, UnitId b) {
    const Unit& ua = units.at(a);
    const Unit& ub = units.at(b);
    return std::tie(ua.code, a) < std::tie(ub.code, b);
  });
}

}  // namespace

Result<std::vector<UnitId>> UnitRegistry::Children(UnitId id, Date date) const {
  if (std::optional<std::string> problem = CheckLiving(id, date)) return Error{*problem};
  std::vector<UnitId> children;
  for (const auto& [child_id, unit] : units_) {
    if (!unit.ExistsOn(date)) continue;
    const std::optional<UnitId>* parent = unit.parent.At(date);
    if (parent != nullptr && *parent == id) children.push_back(child_id);
  }
  SortByCode(units_, &children);
  return children;
}

Result<std::vector<UnitId>> UnitRegistry::Path(UnitId id, Date date) const {
  if (std::optional<std::string> problem = CheckLiving(id, date)) return Error{*problem};
  std::vector<UnitId> path{id};
  // Parents are always of a higher level, so the walk ends within three steps.
  for (std::optional<UnitId> parent = *units_.at(id).parent.At(date); parent;
       parent = *units_.at(*parent).parent.At(date)) {
    path.push_back(*parent);
  }
  return path;
}

Result<std::vector<UnitId>> UnitRegistry::UnitsOf(UnitId province, Level level, Date date) const {
  if (std::optional<std::string> problem = CheckLiving(province, date)) return Error{*problem};
  if (units_.at(province).level != Level::kProvince) {
    return Error{fmt::format("{} không phải đơn vị cấp tỉnh (not a province)", Describe(province))};
  }
  std::vector<UnitId> found;
  for (const auto& [id, unit] : units_) {
    if (unit.level != level || !unit.ExistsOn(date)) continue;
    Result<std::vector<UnitId>> path = Path(id, date);
    if (path && path->back() == province) found.push_back(id);
  }
  SortByCode(units_, &found);
  return found;
}

Result<std::vector<UnitId>> UnitRegistry::UnitsOf(UnitId province, UnitKind kind, Date date) const {
  Result<std::vector<UnitId>> communes = UnitsOf(province, Level::kCommune, date);
  if (!communes) return communes;
  std::erase_if(*communes, [&](UnitId id) { return *units_.at(id).kind.At(date) != kind; });
  return communes;
}

std::optional<UnitId> UnitRegistry::FindByCode(std::string_view code, Date date) const {
  auto [begin, end] = by_code_.equal_range(code);
  for (auto it = begin; it != end; ++it) {
    if (Exists(it->second, date)) return it->second;
  }
  return std::nullopt;
}

std::vector<UnitId> UnitRegistry::Predecessors(UnitId id) const {
  std::vector<UnitId> ids;
  if (const Unit* unit = Find(id)) {
    for (const LineageLink& link : unit->predecessors)
      ids.push_back(link.from);
  }
  return ids;
}

std::vector<UnitId> UnitRegistry::Successors(UnitId id) const {
  std::vector<UnitId> ids;
  if (const Unit* unit = Find(id)) {
    for (const LineageLink& link : unit->successors)
      ids.push_back(link.to);
  }
  return ids;
}

std::vector<UnitId> UnitRegistry::AllPredecessors(UnitId id) const {
  std::vector<UnitId> found;
  std::deque<UnitId> queue{id};
  while (!queue.empty()) {
    for (UnitId next : Predecessors(queue.front())) {
      if (next != id && !Contains(found, next)) {
        found.push_back(next);
        queue.push_back(next);
      }
    }
    queue.pop_front();
  }
  return found;
}

std::vector<UnitId> UnitRegistry::AllSuccessors(UnitId id) const {
  std::vector<UnitId> found;
  std::deque<UnitId> queue{id};
  while (!queue.empty()) {
    for (UnitId next : Successors(queue.front())) {
      if (next != id && !Contains(found, next)) {
        found.push_back(next);
        queue.push_back(next);
      }
    }
    queue.pop_front();
  }
  return found;
}

}  // namespace kieumau
