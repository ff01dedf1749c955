// The dated reorganisations of units, as value types: what happened, on which date, to which units.
// The registry (registry.h) checks and applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "units/unit.h"

namespace kieumau {

// A unit that an event brings into being, with its first attributes.
struct NewUnit {
  UnitId id = 0;  // not used by any unit before
  std::string code;
  std::string name;
  Level level = Level::kCommune;
  std::optional<UnitKind> kind;  // required for a commune, empty above
  std::optional<UnitId>
      parent;  // a province for a district; a district or a province for a commune
  std::optional<std::int64_t> population;
  std::optional<double> area_m2;
};

// A unit comes into being on `date`.
struct CreateEvent {
  Date date;
  NewUnit unit;
};

struct RenameEvent {
  Date date;
  UnitId unit = 0;
  std::string name;
};

// The unit moves under `parent` on `date`.
struct ReparentEvent {
  Date date;
  UnitId unit = 0;
  UnitId parent = 0;
};

// A commune changes kind (e.g. xã → phường) and keeps its identity and its values.
struct ChangeKindEvent {
  Date date;
  UnitId unit = 0;
  UnitKind kind = UnitKind::kPhuong;
};

// New population and area from `date` on; an empty field keeps the value it had.
struct FiguresEvent {
  Date date;
  UnitId unit = 0;
  std::optional<std::int64_t> population;
  std::optional<double> area_m2;
};

// `sources` end on `date` and become part of `into`: an existing unit, which continues, or a new
// one created that day. At least two parts in all (the sources, and the target when it exists
// already), all of one level. The sources' children move under the target. The target's population
// and area become the parts' sums (unknown when a part's is unknown), unless a new target states
// its own.
struct MergeEvent {
  Date date;
  std::vector<UnitId> sources;
  std::variant<UnitId, NewUnit> into;
};

// `source` ends on `date` and is divided into at least two new units of its level. It must have no
// children left that day (move them first).
struct SplitEvent {
  Date date;
  UnitId source = 0;
  std::vector<NewUnit> parts;
};

// The unit ends on `date` without a successor. It must have no children left that day.
struct AbolishEvent {
  Date date;
  UnitId unit = 0;
};

// Every unit of `level` ends on `date` (only the district level can be abolished) and its children
// move under its parent, the level above. With `province`, only that province's units of the level
// end.
struct AbolishLevelEvent {
  Date date;
  Level level = Level::kDistrict;
  std::optional<UnitId> province;
};

using UnitEventValue =
    std::variant<CreateEvent, RenameEvent, ReparentEvent, ChangeKindEvent, FiguresEvent, MergeEvent,
                 SplitEvent, AbolishEvent, AbolishLevelEvent>;

Date EventDate(const UnitEventValue& event);
// The key used in stored events: create, rename, reparent, change_kind, update_figures, merge,
// split, abolish, abolish_level.
std::string_view EventKey(const UnitEventValue& event);
// The Vietnamese name for people: thành lập, đổi tên, …
std::string_view EventLabel(const UnitEventValue& event);

}  // namespace kieumau
