// What the steps of BuildRegisterHistory share: the units as they stand while the register's files
// are turned into events, step by step (history_2024.cc: the first state and the early-2025
// changes; history_2025.cc: 1 July 2025 and 30 April 2026). Not part of the public API.
#pragma once

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

class HistoryBuilder {
 public:
  explicit HistoryBuilder(const RegisterData& data) : data_(data) {}

  // The steps, in date order; each returns false after recording an error.
  bool FirstState();
  bool Early2025(Date date);
  bool Reform2025();
  bool Changes2026();

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

  // Events that keep the builder's view in step.
  void Add(UnitEventValue event);
  void Rename(Date date, UnitId id, std::string_view name);
  void ChangeKind(Date date, UnitId id, UnitKind kind);
  void Reparent(Date date, UnitId id, UnitId parent);

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
