#include "units/events.h"

#include <iterator>
#include <variant>

namespace kieumau {

Date EventDate(const UnitEventValue& event) {
  return std::visit([](const auto& e) { return e.date; }, event);
}

namespace {

void MapNewUnit(NewUnit& unit, const std::function<UnitId(UnitId)>& map) {
  unit.id = map(unit.id);
  if (unit.parent) unit.parent = map(*unit.parent);
}

// Replaces the ids of one event of each kind.
struct IdMapper {
  const std::function<UnitId(UnitId)>& map;

  void operator()(CreateEvent& e) const { MapNewUnit(e.unit, map); }
  void operator()(RenameEvent& e) const { e.unit = map(e.unit); }
  void operator()(ReparentEvent& e) const {
    e.unit = map(e.unit);
    e.parent = map(e.parent);
  }
  void operator()(ChangeKindEvent& e) const { e.unit = map(e.unit); }
  void operator()(FiguresEvent& e) const { e.unit = map(e.unit); }
  void operator()(MergeEvent& e) const {
    for (UnitId& source : e.sources)
      source = map(source);
    if (UnitId* existing = std::get_if<UnitId>(&e.into)) {
      *existing = map(*existing);
    } else {
      MapNewUnit(std::get<NewUnit>(e.into), map);
    }
  }
  void operator()(SplitEvent& e) const {
    e.source = map(e.source);
    for (NewUnit& part : e.parts)
      MapNewUnit(part, map);
  }
  void operator()(AbolishEvent& e) const { e.unit = map(e.unit); }
  void operator()(AbolishLevelEvent& e) const {
    if (e.province) e.province = map(*e.province);
  }
  void operator()(RearrangeEvent& e) const {
    for (UnitId& id : e.ending)
      id = map(id);
    for (NewUnit& unit : e.created)
      MapNewUnit(unit, map);
    for (Transfer& t : e.transfers) {
      t.from = map(t.from);
      t.to = map(t.to);
    }
  }
};

}  // namespace

UnitEventValue WithUnitIds(UnitEventValue event, const std::function<UnitId(UnitId)>& map) {
  std::visit(IdMapper{map}, event);
  return event;
}

std::string_view EventKey(const UnitEventValue& event) {
  static constexpr std::string_view kKeys[] = {
      "create", "rename", "reparent", "change_kind",   "update_figures",
      "merge",  "split",  "abolish",  "abolish_level", "rearrange"};
  static_assert(std::size(kKeys) == std::variant_size_v<UnitEventValue>);
  return kKeys[event.index()];
}

std::string_view EventLabel(const UnitEventValue& event) {
  static constexpr std::string_view kLabels[] = {"thành lập",
                                                 "đổi tên",
                                                 "điều chỉnh trực thuộc",
                                                 "chuyển loại",
                                                 "cập nhật dân số, diện tích",
                                                 "sáp nhập",
                                                 "chia tách",
                                                 "giải thể",
                                                 "bãi bỏ cấp",
                                                 "sắp xếp lại"};
  static_assert(std::size(kLabels) == std::variant_size_v<UnitEventValue>);
  return kLabels[event.index()];
}

}  // namespace kieumau
