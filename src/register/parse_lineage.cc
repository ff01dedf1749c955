// lineage-2025-07-01.csv (old communes into the units of 1 July 2025) and lineage-unmatched.csv
// (the names of the merger text without a unique direct match).
#include <fmt/format.h>

#include <algorithm>

#include "register/parse_internal.h"

namespace kieumau::admin_register {
namespace {

// `list` ('+'-joined parts) has `part`.
bool HasPart(std::string_view list, std::string_view part) {
  while (!list.empty()) {
    const size_t end = list.find('+');
    if (list.substr(0, end) == part) return true;
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return false;
}

// The parts of share_basis (README "How the lineage was built", step 9); the first four make the
// share `part`.
constexpr std::array<std::string_view, 4> kPartBases = {"remainder_text", "partial_text",
                                                        "refined_text_partial", "multi_parent"};
constexpr std::array<std::string_view, 6> kWholeBases = {
    "listed",           "unchanged", "kind_inherited", "district_expanded", "refined_text_used",
    "refined_text_only"};
// The parts of match_method.
constexpr std::array<std::string_view, 12> kMatchMethods = {"tone",
                                                            "folded",
                                                            "variant",
                                                            "tone_kind_differs",
                                                            "folded_kind_differs",
                                                            "variant_kind_differs",
                                                            "scored",
                                                            "unchanged_same_code",
                                                            "district_expanded",
                                                            "fuzzy",
                                                            "orphan_pairing",
                                                            "refined_text_only"};

}  // namespace

bool LineageRow::HasShareBasis(std::string_view part) const {
  return HasPart(share_basis, part);
}

bool LineageRow::HasMatchMethod(std::string_view part) const {
  return HasPart(match_method, part);
}

bool LineageRow::IsHeuristic() const {
  return HasMatchMethod("scored") || HasMatchMethod("fuzzy") || HasMatchMethod("orphan_pairing") ||
         HasMatchMethod("refined_text_only") || HasShareBasis("refined_text_used");
}

namespace internal {

const std::array<std::string_view, 10> kLineageHeader = {
    "new_code", "new_name",    "province_code", "old_code",          "old_name",
    "share",    "share_basis", "match_method",  "old_district_code", "old_province_code"};
const std::array<std::string_view, 7> kUnmatchedHeader = {
    "new_code", "new_name", "province_code", "item", "reason", "candidates", "resolved_code"};

namespace {

namespace lineage_columns {
enum LineageColumn : size_t {
  kNewCode,
  kNewName,
  kProvinceCode,
  kOldCode,
  kOldName,
  kShare,
  kShareBasis,
  kMatchMethod,
  kOldDistrictCode,
  kOldProvinceCode,
};
}  // namespace lineage_columns
namespace unmatched_columns {
enum UnmatchedColumn : size_t {
  kUnmatchedNewCode,
  kUnmatchedNewName,
  kUnmatchedProvinceCode,
  kItem,
  kReason,
  kCandidates,
  kResolvedCode,
};
}  // namespace unmatched_columns

template <size_t N>
bool Known(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Each part of a '+'-joined list is known; returns whether one of them is in `marks`.
template <size_t N>
bool CheckParts(FileReader& reader, size_t column, std::string_view list,
                bool (*known)(std::string_view), const std::array<std::string_view, N>& marks) {
  bool marked = false;
  for (std::string_view rest = list; !rest.empty();) {
    const size_t end = rest.find('+');
    const std::string_view part = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (Known(marks, part)) marked = true;
    if (!known(part)) {
      reader.Report(column,
                    fmt::format("{} không phải giá trị đã biết (unknown value)", Quote(part)));
    }
  }
  return marked;
}

bool KnownBasis(std::string_view part) {
  return Known(kPartBases, part) || Known(kWholeBases, part);
}
bool KnownMethod(std::string_view part) {
  return Known(kMatchMethods, part);
}

int64_t Pair(std::string_view new_code, std::string_view old_code) {
  int64_t pair = 0;
  for (char c : new_code)
    pair = pair * 10 + (c - '0');
  for (char c : old_code)
    pair = pair * 10 + (c - '0');
  return pair;
}

// `text` of this row equals `expected` of the row on `line` of the file `in` indexes.
void ExpectSame(FileReader& reader, size_t column, std::string_view text, std::string_view expected,
                int line, const CodeIndex& in) {
  const std::string_view file = in.file();
  if (text == expected) return;
  reader.Report(column, fmt::format("{} khác {} ở dòng {} của {} (differs from {})", Quote(text),
                                    Quote(expected), line, file, file));
}

}  // namespace

void ParseLineage(FileReader& reader, std::vector<LineageRow>& rows,
                  const std::vector<CommuneRow>& old_communes,
                  const std::vector<NewCommuneRow>& new_communes, RegisterIndex& index) {
  using namespace lineage_columns;
  std::vector<std::pair<int64_t, size_t>> pairs;  // (new_code, old_code) and the row
  while (reader.Next()) {
    LineageRow row;
    row.line = reader.line();
    row.new_code = reader.Code(kNewCode, kCommuneCodeWidth);
    row.new_name = reader.Required(kNewName);
    row.province_code = reader.Code(kProvinceCode, kProvinceCodeWidth);
    row.old_code = reader.Code(kOldCode, kCommuneCodeWidth);
    row.old_name = reader.Required(kOldName);
    row.share = reader.Key(kShare, kShareKeys, Share::kWhole);
    row.share_basis = reader.Required(kShareBasis);
    row.match_method = reader.Required(kMatchMethod);
    row.old_district_code = reader.Code(kOldDistrictCode, kDistrictCodeWidth);
    row.old_province_code = reader.Code(kOldProvinceCode, kProvinceCodeWidth);

    const bool partial = CheckParts(reader, kShareBasis, row.share_basis, KnownBasis, kPartBases);
    if (partial != (row.share == Share::kPart)) {
      reader.Report(kShare, fmt::format("share là {} nhưng share_basis là {} (share_basis gives "
                                        "the other share)",
                                        Quote(reader.Text(kShare)), Quote(row.share_basis)));
    }
    CheckParts(reader, kMatchMethod, row.match_method, KnownMethod, kMatchMethods);

    if (const int32_t at =
            reader.Refer(kNewCode, row.new_code, index.communes_2026_04_30, referent::kNewUnit);
        at >= 0) {
      const NewCommuneRow& unit = new_communes[at];
      ExpectSame(reader, kNewName, row.new_name, unit.full_name, unit.line,
                 index.communes_2026_04_30);
      ExpectSame(reader, kProvinceCode, row.province_code, unit.province_code, unit.line,
                 index.communes_2026_04_30);
    }
    reader.Refer(kProvinceCode, row.province_code, index.provinces_2026, referent::kProvince);
    const CodeIndex& old_state = index.state_2025_03_01.communes;
    if (const int32_t at = reader.Refer(kOldCode, row.old_code, old_state, referent::kOldCommune);
        at >= 0) {
      const CommuneRow& commune = old_communes[at];
      ExpectSame(reader, kOldName, row.old_name, commune.full_name, commune.line, old_state);
      ExpectSame(reader, kOldDistrictCode, row.old_district_code, commune.district_code,
                 commune.line, old_state);
      ExpectSame(reader, kOldProvinceCode, row.old_province_code, commune.province_code,
                 commune.line, old_state);
    }
    if (IsCode(row.new_code, kCommuneCodeWidth) && IsCode(row.old_code, kCommuneCodeWidth))
      pairs.emplace_back(Pair(row.new_code, row.old_code), rows.size());
    rows.push_back(row);
  }
  // A pair twice: reported on its later row.
  std::sort(pairs.begin(), pairs.end());
  for (size_t i = 1; i < pairs.size(); ++i) {
    if (pairs[i].first != pairs[i - 1].first) continue;
    const LineageRow& row = rows[pairs[i].second];
    reader.ReportAt(row.line, kOldCode,
                    fmt::format("cặp {} ← {} đã có ở dòng {} (the pair is listed twice)",
                                row.new_code, row.old_code, rows[pairs[i - 1].second].line));
  }
  index.lineage_pairs.reserve(pairs.size());
  for (const auto& [pair, row] : pairs)
    index.lineage_pairs.push_back(pair);
}

void ParseUnmatched(FileReader& reader, std::vector<UnmatchedRow>& rows,
                    const RegisterIndex& index) {
  using namespace unmatched_columns;
  while (reader.Next()) {
    UnmatchedRow row;
    row.line = reader.line();
    row.new_code = reader.Code(kUnmatchedNewCode, kCommuneCodeWidth);
    row.new_name = reader.Required(kUnmatchedNewName);
    row.province_code = reader.Code(kUnmatchedProvinceCode, kProvinceCodeWidth);
    row.item = reader.Required(kItem);
    row.reason = reader.Required(kReason);
    row.candidates = reader.Text(kCandidates);
    row.resolved_code = reader.OptionalCode(kResolvedCode, kCommuneCodeWidth);

    reader.Refer(kUnmatchedNewCode, row.new_code, index.communes_2026_04_30, referent::kNewUnit);
    reader.Refer(kUnmatchedProvinceCode, row.province_code, index.provinces_2026,
                 referent::kProvince);
    // A resolved name is also a lineage row.
    if (row.resolved_code &&
        reader.Refer(kResolvedCode, *row.resolved_code, index.state_2025_03_01.communes,
                     referent::kOldCommune) >= 0 &&
        index.lineage_read && IsCode(row.new_code, kCommuneCodeWidth) &&
        !std::binary_search(index.lineage_pairs.begin(), index.lineage_pairs.end(),
                            Pair(row.new_code, *row.resolved_code))) {
      reader.Report(kResolvedCode,
                    fmt::format("cặp {} ← {} không có trong lineage-2025-07-01.csv (a resolved "
                                "name must also be a lineage row)",
                                row.new_code, *row.resolved_code));
    }
    rows.push_back(row);
  }
}

}  // namespace internal
}  // namespace kieumau::admin_register
