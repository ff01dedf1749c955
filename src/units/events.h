// The dated reorganisations of units, as value types: what happened, on which date, to which units.
// The registry (registry.h) checks and applies them.
#pragma once

#include <cstdint>
#include <functional>
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

// One piece of a rearrangement: `from` passes into `to`, wholly or in part. `certain` is false for
// a link the data only infers; `basis` says how the link is known ("listed", "same_code",
// "name_parts", "ambiguous", "multi_parent", …, as the register gives it).
struct Transfer {
  UnitId from = 0;
  UnitId to = 0;
  Share share = Share::kWhole;
  bool certain = true;
  std::string basis;
};

// Units are redrawn on `date`, as the reorganisations of 2025 did: the `ending` units end, the
// `created` units come into being, and each transfer says which unit (ending, or living on) passed
// wholly or in part into which (created, or living on). Merges and splits are its simple cases; a
// rearrangement also says what they cannot: an old commune divided among several new ones (a part
// into each), and links that are only inferred (uncertain, several candidates for one whole).
// Rules (registry.h checks them): the ending units exist, are listed once and have no units under
// them left that day; each created unit receives at least one transfer; a transfer joins two
// different units of one level, goes from an ending or living unit to a created or living one
// (never to an ending one), each pair once; a living unit gives only parts (giving its whole would
// end it); an ending unit with a certain whole transfer gives nothing else. An ending unit may give
// nothing: it ended and the data does not say into what. A living unit that receives transfers
// keeps its identity; its population and area become unknown.
struct RearrangeEvent {
  Date date;
  std::vector<UnitId> ending;
  std::vector<NewUnit> created;
  std::vector<Transfer> transfers;
};

using UnitEventValue =
    std::variant<CreateEvent, RenameEvent, ReparentEvent, ChangeKindEvent, FiguresEvent, MergeEvent,
                 SplitEvent, AbolishEvent, AbolishLevelEvent, RearrangeEvent>;

Date EventDate(const UnitEventValue& event);
// `event` with every unit id it holds (units it names, units it creates, parents) replaced by
// `map(id)`: events built with ids of their own, made to refer to the ids a store gave.
UnitEventValue WithUnitIds(UnitEventValue event, const std::function<UnitId(UnitId)>& map);
// The key used in stored events: create, rename, reparent, change_kind, update_figures, merge,
// split, abolish, abolish_level, rearrange.
std::string_view EventKey(const UnitEventValue& event);
// The Vietnamese name for people: thành lập, đổi tên, …
std::string_view EventLabel(const UnitEventValue& event);

}  // namespace kieumau
