// What the steps of BuildRegisterHistory share: the units as they stand while the register's files
// are turned into events, step by step (history_2024.cc: the first state and the early-2025
// changes; history_2025.cc: 1 July 2025 and the latest state). Not part of the public API; the
// latest state's changes (LatestStateChanges) are also register_apply.cc's.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "register/register_history.h"

namespace kieumau::admin_register::internal {

// A unit as the builder knows it now: enough to tell what an event changes (population and area
// stay empty: the register has none).
using Standing = UnitState;

// The files, as events' sources name them.
inline constexpr std::string_view kFirstStateFile = "communes-2024-11-01.csv";
inline constexpr std::string_view kChangesFile = "changes-early-2025.csv";
inline constexpr std::string_view kMarchStateFile = "communes-2024.csv";
inline constexpr std::string_view kJulyStateFile = "communes-2025-07-01.csv";
inline constexpr std::string_view kLatestStateFile = "communes-2025.csv";
inline constexpr std::string_view kProvincesFile = "provinces-2025.csv";
inline constexpr std::string_view kLineageFile = "lineage-2025-07-01.csv";
inline constexpr std::string_view kReleasesFile = "releases.csv";

// A rearrangement being gathered, with the rows of its parts.
struct SourcedRearrange {
  RearrangeEvent event;
  EventSource source;
};

// The unit holding `code` at `level` as things stand, or null.
using StandingUnit = std::function<const Standing*(Level level, std::string_view code)>;
// Takes an event and the rows it came from.
using EventSink = std::function<void(UnitEventValue event, EventSource source)>;

// The register's latest state (communes-2025.csv, provinces-2025.csv) as changes on `date` to the
// units `standing` gives: a rename where a name really changes (a re-spelling is none), a new
// kind, a commune under another province. Each row whose code no unit holds is a problem.
RegisterProblems LatestStateChanges(const RegisterData& data, Date date,
                                    const StandingUnit& standing, const EventSink& add);

class HistoryBuilder {
 public:
  explicit HistoryBuilder(const RegisterData& data) : data_(data) {}

  // The steps, in date order; each returns false after recording an error.
  bool FirstState();
  bool Early2025(Date date);
  bool Reform2025();
  bool LatestState();

  RegisterHistory Take();
  const std::string& error() const { return error_; }

 private:
  // Units by code, living now, one map per level (codes of different levels may be alike).
  std::unordered_map<std::string, UnitId>& CodesOf(Level level);
  const Standing* Living(Level level, std::string_view code);
  Standing& Get(UnitId id) { return units_.at(id); }

  // A new unit with the next id, known from `date` on (its event is the caller's to add).
  NewUnit Make(Level level, std::string_view code, std::string_view name,
               std::optional<UnitKind> kind, std::optional<UnitId> parent);
  void Note(NewUnit unit);
  void End(UnitId id);

  // Events that keep the builder's view in step, each with the row that states it.
  void Add(UnitEventValue event, EventSource source);
  void Rename(Date date, UnitId id, std::string_view name, SourceRow row);
  void ChangeKind(Date date, UnitId id, UnitKind kind, SourceRow row);
  void Reparent(Date date, UnitId id, UnitId parent, SourceRow row);

  bool Fail(std::string message);
  // The state built so far against a 63-province snapshot: every commune there, named, typed and
  // placed alike, and none more.
  bool MatchesSnapshot(const std::vector<CommuneRow>& snapshot, std::string_view file, Date date);

  const RegisterData& data_;
  RegisterHistory history_;
  std::map<UnitId, Standing> units_;
  std::unordered_map<std::string, UnitId> provinces_, districts_, communes_;
  std::string error_;
};

// The name a unit is given on a date when the register spells it `name`: its current name when
// the two differ only in where the tone mark sits (Hoà/Hòa, Thuỷ/Thủy), which is a re-spelling and
// not a rename.
bool SameNameRespelt(std::string_view current, std::string_view name);

}  // namespace kieumau::admin_register::internal
