#include "units/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "units/registry_internal.h"

namespace kieumau {

using registry_internal::Contains;
using registry_internal::DescribeNew;
using registry_internal::Overloaded;

namespace {

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
  if (const auto* rearrange = std::get_if<RearrangeEvent>(&event)) {
    for (const NewUnit& unit : rearrange->created)
      created.push_back(&unit);
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

Result<std::monostate> UnitRegistry::ConfirmLink(UnitId from, UnitId to) {
  auto mark = [from, to](std::vector<LineageLink>& links) {
    bool found = false;
    for (LineageLink& link : links) {
      if (link.from == from && link.to == to) {
        link.certain = true;
        link.confirmed = true;
        found = true;
      }
    }
    return found;
  };
  auto source = units_.find(from);
  auto target = units_.find(to);
  if (source == units_.end() || target == units_.end() || !mark(target->second.predecessors)) {
    return Error{"Không có liên kết từ " + Describe(from) + " sang " + Describe(to) +
                 " (no such link)"};
  }
  mark(source->second.successors);
  return std::monostate{};
}

std::string UnitRegistry::Describe(UnitId id) const {
  const Unit* unit = Find(id);
  if (unit == nullptr) return fmt::format("đơn vị #{}", id);
  return fmt::format("đơn vị {} \"{}\"", unit->code, unit->name.Last());
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
  SetParent(unit, date, spec.parent);
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

void UnitRegistry::SetParent(Unit& unit, Date date, std::optional<UnitId> parent) {
  unit.parent.Set(date, parent);
  if (!parent) return;
  std::vector<UnitId>& children = ever_children_[*parent];
  if (children.empty() || children.back() != unit.id) children.push_back(unit.id);
}

void UnitRegistry::MoveChildren(UnitId from, UnitId to, Date date) {
  // A copy: SetParent adds to the index.
  const std::vector<UnitId> children = ChildrenOn(from, date);
  for (UnitId id : children)
    SetParent(units_.at(id), date, to);
}

std::vector<UnitId> UnitRegistry::ChildrenOn(UnitId id, Date date) const {
  std::vector<UnitId> children;
  auto it = ever_children_.find(id);
  if (it == ever_children_.end()) return children;
  for (UnitId child : it->second) {
    const Unit& unit = units_.at(child);
    if (!unit.ExistsOn(date)) continue;
    const std::optional<UnitId>* parent = unit.parent.At(date);
    if (parent != nullptr && *parent == id &&
        std::find(children.begin(), children.end(), child) == children.end())
      children.push_back(child);
  }
  return children;
}

void UnitRegistry::Link(LineageLink link) {
  units_.at(link.from).successors.push_back(link);
  units_.at(link.to).predecessors.push_back(std::move(link));
}

void UnitRegistry::Mutate(const UnitEventValue& event) {
  const Date date = EventDate(event);
  std::visit(Overloaded{
                 [&](const CreateEvent& e) { Add(e.unit, date); },
                 [&](const RenameEvent& e) { units_.at(e.unit).name.Set(date, e.name); },
                 [&](const ReparentEvent& e) { SetParent(units_.at(e.unit), date, e.parent); },
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
                     Link({source, target, date, LinkKind::kMerge, Share::kWhole, true, ""});
                   }
                 },
                 [&](const SplitEvent& e) {
                   End(e.source, date);
                   for (const NewUnit& part : e.parts) {
                     Add(part, date);
                     Link({e.source, part.id, date, LinkKind::kSplit, Share::kPart, true, ""});
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
                   for (UnitId from : ending) {
                     const std::optional<UnitId> above = *units_.at(from).parent.At(date);
                     for (UnitId child : ChildrenOn(from, date))
                       SetParent(units_.at(child), date, above);
                   }
                   for (UnitId id : ending)
                     End(id, date);
                 },
                 [&](const RearrangeEvent& e) {
                   for (UnitId id : e.ending)
                     End(id, date);
                   for (const NewUnit& unit : e.created)
                     Add(unit, date);
                   std::set<UnitId> created;
                   for (const NewUnit& unit : e.created)
                     created.insert(unit.id);
                   for (const Transfer& t : e.transfers) {
                     if (!created.contains(t.to)) {
                       // A living unit that receives a transfer: its figures are no longer known.
                       Unit& unit = units_.at(t.to);
                       unit.population.Set(date, std::nullopt);
                       unit.area_m2.Set(date, std::nullopt);
                     }
                     Link({t.from, t.to, date, LinkKind::kTransfer, t.share, t.certain, t.basis});
                   }
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
  std::vector<UnitId> children = ChildrenOn(id, date);
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
  std::vector<UnitId> found = Descendants(province, date);
  std::erase_if(found, [&](UnitId id) { return units_.at(id).level != level; });
  SortByCode(units_, &found);
  return found;
}

std::vector<UnitId> UnitRegistry::Descendants(UnitId root, Date date) const {
  std::vector<UnitId> found;
  std::vector<UnitId> stack = ChildrenOn(root, date);
  while (!stack.empty()) {
    const UnitId id = stack.back();
    stack.pop_back();
    found.push_back(id);
    std::vector<UnitId> below = ChildrenOn(id, date);
    stack.insert(stack.end(), below.begin(), below.end());
  }
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

std::vector<UnitId> UnitRegistry::HoldersOf(std::string_view code) const {
  std::vector<UnitId> holders;
  auto [begin, end] = by_code_.equal_range(code);
  for (auto it = begin; it != end; ++it)
    holders.push_back(it->second);
  std::sort(holders.begin(), holders.end(), [&](UnitId a, UnitId b) {
    return std::tie(units_.at(a).from, a) < std::tie(units_.at(b).from, b);
  });
  return holders;
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
