// The closed vocabularies of the national register (data/vn-admin/README.md): the kinds of province
// and district (communes use UnitKind, engine/unit_kind.h), the kinds of early-2025 change and the
// methods that link a commune to its predecessors. Each has the key used in the files and a parser.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <variant>

#include "engine/unit_kind.h"
#include "units/unit.h"

namespace kieumau::admin_register {

// tinh (province), thanh_pho (centrally governed city).
enum class ProvinceKind { kTinh, kThanhPho };
// huyen (rural district), quan (urban district), thi_xa (town), thanh_pho (provincial city).
enum class DistrictKind { kHuyen, kQuan, kThiXa, kThanhPho };

// The `change` column of changes-early-2025.csv.
enum class ChangeType {
  kProvinceRenamed,
  kProvinceKindChanged,
  kDistrictAdded,
  kDistrictRemoved,
  kDistrictRenamed,
  kDistrictKindChanged,
  kCommuneAdded,
  kCommuneRemoved,
  kCommuneRenamed,
  kCommuneRespelt,      // same code, only diacritics, case or a leading zero differ
  kCommuneKindChanged,  // same code, other kind
  kCommuneMoved,        // same code, other district
  kPredecessor,         // links a new, renamed or re-typed commune to a likely predecessor
};

// The `method` column of a `predecessor` row (how sure the link is: README "How reliable");
// kNone in every other row, where the column is empty.
enum class PredecessorMethod {
  kNone,
  kSameCode,                 // the successor kept the predecessor's code: certain
  kNameParts,                // shared names: evidence, not proof
  kOnlyCandidateInDistrict,  // the only candidate in its district group: weak
  kAmbiguous,                // one row per tied candidate: unresolved
  kNoCandidate,              // no successor could be named: unresolved
};

// A kind at any level; which alternative a row holds follows from its level.
using AnyKind = std::variant<ProvinceKind, DistrictKind, UnitKind>;

// The level of the unit a change row is about (a predecessor row links communes).
Level ChangeLevel(ChangeType change);

template <typename E>
struct KeyOf {
  E value;
  std::string_view key;
};

inline constexpr std::array<KeyOf<ProvinceKind>, 2> kProvinceKindKeys = {{
    {ProvinceKind::kTinh, "tinh"},
    {ProvinceKind::kThanhPho, "thanh_pho"},
}};
inline constexpr std::array<KeyOf<DistrictKind>, 4> kDistrictKindKeys = {{
    {DistrictKind::kHuyen, "huyen"},
    {DistrictKind::kQuan, "quan"},
    {DistrictKind::kThiXa, "thi_xa"},
    {DistrictKind::kThanhPho, "thanh_pho"},
}};
inline constexpr std::array<KeyOf<ChangeType>, 13> kChangeTypeKeys = {{
    {ChangeType::kProvinceRenamed, "province_renamed"},
    {ChangeType::kProvinceKindChanged, "province_kind_changed"},
    {ChangeType::kDistrictAdded, "district_added"},
    {ChangeType::kDistrictRemoved, "district_removed"},
    {ChangeType::kDistrictRenamed, "district_renamed"},
    {ChangeType::kDistrictKindChanged, "district_kind_changed"},
    {ChangeType::kCommuneAdded, "commune_added"},
    {ChangeType::kCommuneRemoved, "commune_removed"},
    {ChangeType::kCommuneRenamed, "commune_renamed"},
    {ChangeType::kCommuneRespelt, "commune_respelt"},
    {ChangeType::kCommuneKindChanged, "commune_kind_changed"},
    {ChangeType::kCommuneMoved, "commune_moved"},
    {ChangeType::kPredecessor, "predecessor"},
}};
// kNone is the empty cell.
inline constexpr std::array<KeyOf<PredecessorMethod>, 6> kPredecessorMethodKeys = {{
    {PredecessorMethod::kNone, ""},
    {PredecessorMethod::kSameCode, "same_code"},
    {PredecessorMethod::kNameParts, "name_parts"},
    {PredecessorMethod::kOnlyCandidateInDistrict, "only_candidate_in_district"},
    {PredecessorMethod::kAmbiguous, "ambiguous"},
    {PredecessorMethod::kNoCandidate, "no_candidate"},
}};
inline constexpr std::array<KeyOf<Share>, 2> kShareKeys = {{
    {Share::kWhole, "whole"},
    {Share::kPart, "part"},
}};

// The value whose key is `key`, or nothing.
template <typename E, size_t N>
std::optional<E> ParseKey(const std::array<KeyOf<E>, N>& keys, std::string_view key) {
  for (const KeyOf<E>& entry : keys) {
    if (entry.key == key) return entry.value;
  }
  return std::nullopt;
}

// The key of `value` ("?" for a value not in `keys`).
template <typename E, size_t N>
std::string_view KeyFor(const std::array<KeyOf<E>, N>& keys, E value) {
  for (const KeyOf<E>& entry : keys) {
    if (entry.value == value) return entry.key;
  }
  return "?";
}

inline std::string_view ProvinceKindKey(ProvinceKind kind) {
  return KeyFor(kProvinceKindKeys, kind);
}
inline std::string_view DistrictKindKey(DistrictKind kind) {
  return KeyFor(kDistrictKindKeys, kind);
}
inline std::string_view ChangeTypeKey(ChangeType change) {
  return KeyFor(kChangeTypeKeys, change);
}
inline std::string_view PredecessorMethodKey(PredecessorMethod method) {
  return KeyFor(kPredecessorMethodKeys, method);
}
// The key of whichever kind `kind` holds.
std::string_view AnyKindKey(const AnyKind& kind);

// The Vietnamese names for people: tỉnh, thành phố; huyện, quận, thị xã, thành phố.
std::string_view ProvinceKindLabel(ProvinceKind kind);
std::string_view DistrictKindLabel(DistrictKind kind);

}  // namespace kieumau::admin_register
