// A unit of the hierarchy (province, district, commune/ward) with its identity and its attributes
// as they changed over time: each attribute is a list of values over dated intervals [from, to).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/unit_kind.h"
#include "units/date.h"

namespace kieumau {

// The levels of the hierarchy. Districts existed until 2025-07-01.
enum class Level { kProvince, kDistrict, kCommune };

std::string_view LevelKey(Level level);    // province, district, commune
std::string_view LevelLabel(Level level);  // cấp tỉnh, cấp huyện, cấp xã
std::optional<Level> ParseLevel(std::string_view key);

// The stable identity of a unit, chosen by whoever records it (the store assigns it); never reused.
using UnitId = std::int64_t;

// One value of an attribute over [from, to); `to` empty means "still so".
template <typename T>
struct Dated {
  Date from;
  std::optional<Date> to;
  T value;

  bool Covers(Date date) const { return from <= date && (!to || date < *to); }
};

// The values an attribute took, in date order, without gaps while the unit exists.
template <typename T>
class History {
 public:
  // Makes `value` the attribute's value from `from` on, ending the current one there. Setting the
  // value it already has changes nothing; a second value set on the same date replaces the first.
  // `from` must not be before the current value's start (the registry applies events in date
  // order).
  void Set(Date from, T value) {
    if (!periods_.empty()) {
      Dated<T>& last = periods_.back();
      if (last.value == value && !last.to) return;
      if (last.from == from) {
        periods_.pop_back();
        if (!periods_.empty() && periods_.back().value == value && periods_.back().to == from) {
          periods_.back().to.reset();
          return;
        }
      } else if (!last.to) {
        last.to = from;
      }
    }
    periods_.push_back(Dated<T>{from, std::nullopt, std::move(value)});
  }

  // Ends the current value on `to` (the unit ends).
  void Close(Date to) {
    if (!periods_.empty() && !periods_.back().to) periods_.back().to = to;
  }

  // The value on `date`, or null when the attribute had none then.
  const T* At(Date date) const {
    for (auto it = periods_.rbegin(); it != periods_.rend(); ++it) {
      if (it->Covers(date)) return &it->value;
      if (it->from <= date) return nullptr;
    }
    return nullptr;
  }

  // The latest value; the history must not be empty.
  const T& Last() const { return periods_.back().value; }
  const std::vector<Dated<T>>& periods() const { return periods_; }

 private:
  std::vector<Dated<T>> periods_;
};

// How one unit became (part of) another: absorbed by a merge, one of the parts of a split, or a
// transfer of a rearrangement (registry.h, RearrangeEvent).
enum class LinkKind { kMerge, kSplit, kTransfer };

// How much of `from` passed into `to`: all of it, or a part (its territory divided among several).
enum class Share { kWhole, kPart };
std::string_view ShareKey(Share share);  // whole, part
std::optional<Share> ParseShare(std::string_view key);

// A step of lineage: `from` ended into `to` on `date` (merge: `to` absorbed `from`; split: `to` is
// one of the parts `from` was divided into; transfer: `from`, wholly or in part, passed into `to`).
// A link is certain when it is recorded as fact (a merge, a split, a transfer the source states);
// an uncertain one was inferred from the data (`basis` says how: "name_parts", "ambiguous", …) and
// must not be used as fact until someone confirms it.
struct LineageLink {
  UnitId from = 0;
  UnitId to = 0;
  Date date;
  LinkKind kind = LinkKind::kMerge;
  Share share = Share::kWhole;
  bool certain = true;
  std::string basis;       // how the link is known; empty for a merge or split recorded as such
  bool confirmed = false;  // a person confirmed a link the data only inferred (now certain)
};

// A unit and its whole history. Level and code never change; a unit exists over [from, to). A code
// belongs to its unit for that span only: once the unit ends, a new unit may take the code (most
// communes of 1 July 2025 took the code of one of the communes they were formed from).
struct Unit {
  UnitId id = 0;
  std::string code;
  Level level = Level::kCommune;
  Date from;
  std::optional<Date> to;

  History<std::string> name;
  History<std::optional<UnitKind>> kind;  // empty above the commune level
  History<std::optional<UnitId>> parent;  // empty for a province
  History<std::optional<std::int64_t>> population;
  History<std::optional<double>> area_m2;

  std::vector<LineageLink> predecessors;  // links whose `to` is this unit, in date order
  std::vector<LineageLink> successors;    // links whose `from` is this unit

  bool ExistsOn(Date date) const { return from <= date && (!to || date < *to); }
};

// A unit as it was on one date.
struct UnitState {
  UnitId id = 0;
  std::string code;
  Level level = Level::kCommune;
  std::string name;
  std::optional<UnitKind> kind;
  std::optional<UnitId> parent;
  std::optional<std::int64_t> population;
  std::optional<double> area_m2;
};

}  // namespace kieumau
