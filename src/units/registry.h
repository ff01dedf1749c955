// The units of the hierarchy and their history, built by applying dated events, and every question
// about them asked "as of" a date. Pure: no files, no clock; the store loads events into it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "engine/result.h"
#include "units/events.h"
#include "units/unit.h"

namespace kieumau {

class UnitRegistry {
 public:
  // Checks `event` against the units as they are on its date and applies it, or changes nothing and
  // returns why not: a message in Vietnamese, then English, that names the event, its date and the
  // unit at fault (unknown unit, unit not existing on that date, event before the unit's creation,
  // id or code already used, parent of the wrong level, merge or split of fewer than two parts,
  // children left under a unit that ends, …).
  //
  // The registry is always its accepted events replayed in date order; events of one date keep the
  // order in which they were given. An event dated before events already accepted is placed after
  // those of its date and everything is replayed; if that makes it, or an event after it, fail,
  // nothing changes and the error names the event that failed.
  Result<std::monostate> Apply(const UnitEventValue& event);
  // Applies `events` (ordered by date, keeping their order within a date): all of them, or none and
  // the first error.
  Result<std::monostate> ApplyAll(std::vector<UnitEventValue> events);

  // The accepted events in the order they were applied (date order).
  const std::vector<UnitEventValue>& events() const { return events_; }
  // Every unit ever recorded, by id; null for an unknown id.
  const Unit* Find(UnitId id) const;
  const std::map<UnitId, Unit>& units() const { return units_; }

  // Whether the unit exists on `date` (false for an unknown id).
  bool Exists(UnitId id, Date date) const;
  // The unit's attributes on `date`; an error when it is unknown or does not exist then.
  Result<UnitState> StateAt(UnitId id, Date date) const;
  // The units directly under `id` on `date`, ordered by code.
  Result<std::vector<UnitId>> Children(UnitId id, Date date) const;
  // Every unit under `root` on `date`, however deep, in no particular order (empty for a unit that
  // does not exist then).
  std::vector<UnitId> Descendants(UnitId root, Date date) const;
  // The unit, its parent, … up to its province (last) on `date`.
  Result<std::vector<UnitId>> Path(UnitId id, Date date) const;
  // The units of `level` (or the communes of `kind`) in `province` on `date`, however deep
  // (communes under districts before 2025-07-01 count), ordered by code. An error unless `province`
  // is a province on `date`.
  Result<std::vector<UnitId>> UnitsOf(UnitId province, Level level, Date date) const;
  Result<std::vector<UnitId>> UnitsOf(UnitId province, UnitKind kind, Date date) const;
  // The unit holding `code` on `date`, if any. A code may pass to a new unit once its holder has
  // ended.
  std::optional<UnitId> FindByCode(std::string_view code, Date date) const;
  // Every unit that has held `code`, in the order they came into being.
  std::vector<UnitId> HoldersOf(std::string_view code) const;

  // Lineage, over all dates. Direct: the units that ended into this one by a merge or a split (the
  // sources merged into it, or the unit it was split from), and the units this one ended into. An
  // existing unit that absorbed others is their successor but not its own predecessor.
  std::vector<UnitId> Predecessors(UnitId id) const;
  std::vector<UnitId> Successors(UnitId id) const;
  // Transitive: every unit reached by following the links back (or forward), nearest first, each
  // once.
  std::vector<UnitId> AllPredecessors(UnitId id) const;
  std::vector<UnitId> AllSuccessors(UnitId id) const;

  // Marks the link from `from` into `to` confirmed by a person: certain from now on, whatever the
  // data inferred. An error when there is no such link. Not an event: the registry replayed
  // forgets it (a caller applies confirmations after the events, as World does).
  Result<std::monostate> ConfirmLink(UnitId from, UnitId to);

  // How a unit is named in messages: đơn vị <code> "<latest name>", or đơn vị #<id> when unknown.
  std::string Describe(UnitId id) const;

 private:
  // Checks `event` fully, then applies it; `event` must not be dated before the last accepted
  // event.
  Result<std::monostate> ApplyInOrder(const UnitEventValue& event);
  // The registry built from `events` (date-ordered) from nothing, or the first failure.
  static Result<UnitRegistry> Replay(std::vector<UnitEventValue> events);
  // Fills created_later_ from the units that `events` create.
  void NoteCreations(const std::vector<UnitEventValue>& events);

  // Each returns why the event cannot be applied, or nothing.
  std::optional<std::string> CheckLiving(UnitId id, Date date) const;
  std::optional<std::string> CheckNewUnit(const NewUnit& unit, Date date,
                                          const std::vector<UnitId>& ending,
                                          std::set<std::string>* codes_in_event,
                                          std::set<UnitId>* ids_in_event) const;
  std::optional<std::string> CheckRearrange(const RearrangeEvent& event) const;
  std::optional<std::string> CheckParent(const std::string& child, Level child_level,
                                         std::optional<UnitId> parent, Date date,
                                         const std::vector<UnitId>& ending) const;
  std::optional<std::string> CheckNoChildren(UnitId id, Date date) const;
  std::optional<std::string> Check(const UnitEventValue& event) const;

  Unit& Add(const NewUnit& unit, Date date);
  void End(UnitId id, Date date);
  void MoveChildren(UnitId from, UnitId to, Date date);
  // Sets the unit's parent from `date` on, keeping the index of children.
  void SetParent(Unit& unit, Date date, std::optional<UnitId> parent);
  // The units directly under `id` on `date`, unsorted.
  std::vector<UnitId> ChildrenOn(UnitId id, Date date) const;
  void Link(LineageLink link);
  void Mutate(const UnitEventValue& event);

  std::map<UnitId, Unit> units_;
  std::multimap<std::string, UnitId, std::less<>> by_code_;
  // Every unit that has ever had each unit as its parent, in the order it first did.
  std::unordered_map<UnitId, std::vector<UnitId>> ever_children_;
  std::vector<UnitEventValue> events_;
  // While replaying: the units that later events create, with their creation date and description,
  // so that an event about them that comes too early says so.
  std::map<UnitId, std::pair<Date, std::string>> created_later_;
};

}  // namespace kieumau
