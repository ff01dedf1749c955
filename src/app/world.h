// What the system knows that changes only with a reorganisation or a new programme: the units
// with their dated history, the programmes with their recognitions, and whether the database holds
// the demo. Loaded from the store as one immutable snapshot, shared by every request, replaced
// whole by the cache (cache.h) when any process changes it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "app/access/scope.h"
#include "app/problem.h"
#include "app/rubrics.h"
#include "programme/programme.h"
#include "store/store.h"
#include "units/registry.h"

namespace kieumau::app {

struct ProgrammeEntry {
  Programme programme;
  // The province it names, as known last (0 when no unit has that name), and every province unit
  // that has had that name, in the order they came into being: a reorganisation may make the
  // province a new unit (Bắc Ninh, code 27 until 30 June 2025, the merged Bắc Ninh, code 24, from
  // 1 July).
  UnitId province = 0;
  std::vector<UnitId> provinces;
  // The province unit of that name existing on `date` (else the one known last).
  UnitId ProvinceOn(const UnitRegistry& registry, Date date) const;
  const RubricRef* rubric = nullptr;  // null when the server does not have its criteria set
  std::vector<RecognitionRecord> recognitions;
};

class World {
 public:
  // Reads the units' events, the programmes and their recognitions, and the demo setting.
  static ProblemOr<std::shared_ptr<const World>> Load(Store& store, const Catalogue& catalogue,
                                                      const Rubrics& rubrics);

  const UnitRegistry& registry() const { return registry_; }
  const std::vector<ProgrammeEntry>& programmes() const { return programmes_; }
  // The demo's note, when the database holds the demo.
  const std::optional<std::string>& demo() const { return demo_; }

  // The programme `id`, or "not found" (also when `scope` is given and does not see it).
  ProblemOr<const ProgrammeEntry*> FindProgramme(std::string_view id,
                                                 const Scope* scope = nullptr) const;
  // Whether `scope` sees the programme: it covers one of the units that have had its province's
  // name.
  bool Sees(const ProgrammeEntry& entry, const Scope& scope) const;

  // A unit's name on a date (its description when it did not exist then).
  std::string Name(UnitId id, Date date) const;
  // The same name folded for search (text::FoldForSearch), computed once when the world is loaded;
  // empty when the unit did not exist then.
  std::string_view FoldedName(UnitId id, Date date) const;
  // The unit's code folded likewise.
  std::string_view FoldedCode(UnitId id) const;

  // Finding a unit by code — the one place that does, each with its "not found". With a `scope`,
  // a unit it does not cover gets the same "not found" as an unknown code (its existence does not
  // leak):
  // the unit with `code` on `date` (of `level` when given);
  ProblemOr<UnitId> UnitOn(std::string_view code, Date date,
                           std::optional<Level> level = std::nullopt,
                           const Scope* scope = nullptr) const;
  // … at the end of `year`;
  ProblemOr<UnitId> UnitAtYearEnd(std::string_view code, int year,
                                  std::optional<Level> level = std::nullopt,
                                  const Scope* scope = nullptr) const;
  // … the unit `code` meant on `date`: the one holding it then; else the last holder that came
  // into being before `date` (an ended unit asked after its end); else the first holder (asked
  // before it existed). A code passes from unit to unit over time (00004: Phường Trúc Bạch until
  // 30 June 2025, Phường Ba Đình from 1 July).
  ProblemOr<const Unit*> UnitMeant(std::string_view code, Date date,
                                   const Scope* scope = nullptr) const;

  // The units of `kind` (or, without one, every commune-level unit) of a province on a date,
  // remembered: roadmaps ask for the same years again and again.
  Result<std::vector<UnitId>> UnitsOf(UnitId province, std::optional<UnitKind> kind,
                                      Date date) const;

  // The unit-years whose values the scorecard of `unit` in `year` reads: its own, and the year
  // before of itself and of every unit it was formed from.
  std::vector<UnitYear> ScorecardInputs(UnitId unit, int year) const;

  // Who confirmed the link from `from` into `to`, and when; null when nobody did.
  const LinkConfirmationRecord* Confirmation(UnitId from, UnitId to) const;
  // The username of a confirmation's actor when it is a user (usernames never change), read with
  // the confirmations; empty otherwise.
  std::string_view ConfirmerName(const WriteActor& actor) const;

 private:
  UnitRegistry registry_;
  // Each unit's names folded for search, one per period of Unit::name, in the same order.
  std::unordered_map<UnitId, std::vector<std::string>> folded_names_;
  std::unordered_map<UnitId, std::string> folded_codes_;
  std::vector<ProgrammeEntry> programmes_;
  std::map<std::pair<UnitId, UnitId>, LinkConfirmationRecord> confirmations_;
  std::map<std::string, std::string, std::less<>> confirmer_names_;  // user id → username
  std::optional<std::string> demo_;
  mutable std::mutex memo_mutex_;
  mutable std::map<std::tuple<UnitId, int, std::string>, std::vector<UnitId>> memo_;
};

}  // namespace kieumau::app
