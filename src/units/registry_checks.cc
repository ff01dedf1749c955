// The registry's checks: why an event cannot be applied to the units as they are on its date.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "units/registry.h"
#include "units/registry_internal.h"

namespace kieumau {

using registry_internal::Contains;
using registry_internal::DescribeNew;
using registry_internal::Overloaded;

namespace {

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

}  // namespace

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
                                                      std::set<std::string>* codes_in_event,
                                                      std::set<UnitId>* ids_in_event) const {
  const std::string described = DescribeNew(unit);
  if (Find(unit.id) != nullptr || ids_in_event->contains(unit.id)) {
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
  if (codes_in_event->contains(unit.code)) {
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
  codes_in_event->insert(unit.code);
  ids_in_event->insert(unit.id);
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
  std::set<std::string> codes;
  std::set<UnitId> ids;
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
          [&](const RearrangeEvent& e) { return CheckRearrange(e); },
      },
      event);
}

std::optional<std::string> UnitRegistry::CheckRearrange(const RearrangeEvent& e) const {
  const Date date = e.date;
  std::set<UnitId> ending;
  for (UnitId id : e.ending) {
    if (auto problem = CheckLiving(id, date)) return problem;
    if (!ending.insert(id).second) {
      return fmt::format("{} có mặt hai lần trong danh sách chấm dứt (unit listed twice)",
                         Describe(id));
    }
  }
  // Units under an ending unit must have moved before, unless they end too (communes have none).
  for (UnitId id : e.ending) {
    if (units_.at(id).level == Level::kCommune) continue;
    Result<std::vector<UnitId>> children = Children(id, date);
    if (!children) continue;
    for (UnitId child : *children) {
      if (!ending.contains(child)) return CheckNoChildren(id, date);
    }
  }
  std::set<std::string> codes;
  std::set<UnitId> created;
  std::map<UnitId, Level> created_levels;
  for (const NewUnit& unit : e.created) {
    if (auto problem = CheckNewUnit(unit, date, e.ending, &codes, &created)) return problem;
    created_levels[unit.id] = unit.level;
  }
  auto describe = [&](UnitId id) {
    for (const NewUnit& unit : e.created) {
      if (unit.id == id) return DescribeNew(unit);
    }
    return Describe(id);
  };
  auto level_of = [&](UnitId id) {
    auto it = created_levels.find(id);
    return it != created_levels.end() ? it->second : units_.at(id).level;
  };
  std::set<std::pair<UnitId, UnitId>> pairs;
  std::set<UnitId> received;
  std::map<UnitId, int> given;           // transfers out of each unit
  std::set<UnitId> given_whole_certain;  // units that gave their whole for certain
  for (const Transfer& t : e.transfers) {
    if (created.contains(t.from)) {
      return fmt::format(
          "{} vừa được thành lập nên không chuyển sang đơn vị khác được (a unit "
          "created by the event cannot give)",
          describe(t.from));
    }
    if (!ending.contains(t.from)) {
      if (auto problem = CheckLiving(t.from, date)) return problem;
      if (t.share == Share::kWhole) {
        return fmt::format(
            "{} vẫn tiếp tục tồn tại nên chỉ chuyển được một phần, không chuyển toàn bộ (a unit "
            "that lives on can give only a part)",
            Describe(t.from));
      }
    }
    if (ending.contains(t.to)) {
      return fmt::format(
          "{} chấm dứt trong sự kiện này nên không nhận được (an ending unit cannot "
          "receive)",
          Describe(t.to));
    }
    if (!created.contains(t.to)) {
      if (auto problem = CheckLiving(t.to, date)) return problem;
    }
    if (t.from == t.to) {
      return fmt::format("{} không chuyển sang chính nó được (a transfer joins two units)",
                         describe(t.from));
    }
    if (level_of(t.from) != level_of(t.to)) {
      return fmt::format("{} và {} khác cấp (a transfer joins units of one level)",
                         describe(t.from), describe(t.to));
    }
    if (!pairs.emplace(t.from, t.to).second) {
      return fmt::format("chuyển từ {} sang {} có mặt hai lần (transfer listed twice)",
                         describe(t.from), describe(t.to));
    }
    received.insert(t.to);
    ++given[t.from];
    if (t.share == Share::kWhole && t.certain) given_whole_certain.insert(t.from);
  }
  for (UnitId id : given_whole_certain) {
    if (given[id] > 1) {
      return fmt::format(
          "{} đã chuyển toàn bộ sang một đơn vị nên không chuyển thêm sang đơn vị khác được (a "
          "unit given whole for certain gives nothing else)",
          Describe(id));
    }
  }
  for (const NewUnit& unit : e.created) {
    if (!received.contains(unit.id)) {
      return fmt::format(
          "{} không nhận phần nào từ đơn vị khác; hãy dùng sự kiện thành lập (a created unit must "
          "receive at least one transfer; use a create event)",
          DescribeNew(unit));
    }
  }
  return std::nullopt;
}

}  // namespace kieumau
