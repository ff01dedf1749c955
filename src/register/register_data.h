// The national register of administrative units as typed rows, one struct per kind of file, and
// ParseRegister, which reads and checks all the files (data/vn-admin/README.md describes every
// file, column and value).
//
// Text is kept as views: into the files' text (the built-in text lives as long as the program; text
// read from disk is kept alive by RegisterData::storage) or into RegisterData::storage. Codes are
// zero-padded digit strings kept as text: provinces 2 digits, districts 3, communes 5. An empty
// text column is an empty view; a code or kind that may be absent is an optional.
//
// Usage:
//   Result<RegisterData, RegisterProblems> data = ParseRegister(BuiltinRegisterFiles());
//   if (!data) { std::cerr << FormatProblems(data.error()); return 1; }
//   for (const LineageRow& row : data->lineage_2025_07_01) ...
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/result.h"
#include "engine/unit_kind.h"
#include "register/register_files.h"
#include "register/register_kinds.h"
#include "units/date.h"
#include "units/unit.h"

namespace kieumau::admin_register {

// Every row keeps `line`, the line of its file it was read from (the header is line 1).

// A commune of a 63-province state (communes-2024-11-01.csv, communes-2024.csv).
struct CommuneRow {
  int line = 0;
  std::string_view code;           // 5 digits
  std::string_view name;           // "Phúc Xá"
  std::string_view full_name;      // "Phường Phúc Xá"
  UnitKind kind = UnitKind::kXa;   // xa, phuong or thi_tran
  std::string_view district_code;  // 3 digits
  std::string_view district_name;  // full name: "Quận Ba Đình"
  std::string_view province_code;  // 2 digits
  std::string_view province_name;  // full name: "Thành phố Hà Nội"
};

// A unit of a 34-province state (communes-2025-07-01.csv, communes-2025.csv): no districts.
struct NewCommuneRow {
  int line = 0;
  std::string_view code;
  std::string_view name;
  std::string_view full_name;
  UnitKind kind = UnitKind::kXa;  // xa, phuong or dac_khu
  std::string_view province_code;
};

// A province as of 2026-04-30 (provinces-2025.csv).
struct ProvinceRow {
  int line = 0;
  std::string_view code;
  std::string_view name;
  std::string_view full_name;
  ProvinceKind kind = ProvinceKind::kTinh;
  std::string_view formed_from;  // the merger text ("tỉnh Bắc Giang và tỉnh Bắc Ninh", "unchanged")
  std::vector<std::string_view> formed_from_codes;  // old (63-province) codes, as written
};

// One row of changes-early-2025.csv. The `code` column and the kinds are those of the row's level
// (ChangeLevel(change)). In commune rows the district columns give the district before and after;
// in a predecessor row the `*_before` columns describe the predecessor and the `*_after` ones the
// successor. A side that does not exist (an added unit's before) has empty names and no kind.
struct ChangeRow {
  int line = 0;
  Date effective_date;            // 2025-01-01 or 2025-03-01: the release's date, not the decree's
  std::string_view release_from;  // "v2.2.0" (a release of releases.csv)
  std::string_view release_to;    // "v2.3.0"
  ChangeType change = ChangeType::kCommuneRenamed;
  // The unit's code; in a predecessor row the successor's, absent in a no_candidate row that has
  // no successor.
  std::optional<std::string_view> code;
  std::string_view province_code;
  std::string_view full_name_before;
  std::string_view full_name_after;
  std::optional<AnyKind> kind_before;
  std::optional<AnyKind> kind_after;
  std::optional<std::string_view> district_code_before;
  std::string_view district_name_before;
  std::optional<std::string_view> district_code_after;
  std::string_view district_name_after;
  // Predecessor rows: the predecessor's code (absent in a no_candidate row about a successor
  // nothing could be linked to).
  std::optional<std::string_view> predecessor_code;
  PredecessorMethod method = PredecessorMethod::kNone;  // kNone except in predecessor rows
  std::string_view note;

  Level level() const { return ChangeLevel(change); }
};

// One (new unit, old commune) pair of the 1 July 2025 reorganisation (lineage-2025-07-01.csv).
// Old side: communes-2024.csv (2025-03-01); new side: communes-2025.csv (names of 2026-04-30).
struct LineageRow {
  int line = 0;
  std::string_view new_code;
  std::string_view new_name;
  std::string_view province_code;  // the new unit's province
  std::string_view old_code;
  std::string_view old_name;
  Share share = Share::kWhole;  // part: the old commune went to several units, or in part
  // Why the share is what it is: '+'-joined parts (listed, unchanged, kind_inherited,
  // district_expanded, remainder_text, partial_text, refined_text_partial, multi_parent,
  // refined_text_used, refined_text_only).
  std::string_view share_basis;
  // How the old commune was found: '+'-joined parts (tone, folded, variant, each perhaps with
  // _kind_differs; scored; unchanged_same_code, district_expanded, fuzzy, orphan_pairing,
  // refined_text_only).
  std::string_view match_method;
  std::string_view old_district_code;
  std::string_view old_province_code;

  bool HasShareBasis(std::string_view part) const;   // HasShareBasis("multi_parent")
  bool HasMatchMethod(std::string_view part) const;  // HasMatchMethod("scored")
  // A heuristic decision the README says to review before relying on the row alone: chosen
  // among candidates by score, a spelling variant, an orphan pairing, or from the refined text.
  bool IsHeuristic() const;
};

// A name of the merger text without a unique direct match (lineage-unmatched.csv).
struct UnmatchedRow {
  int line = 0;
  std::string_view new_code;
  std::string_view new_name;
  std::string_view province_code;
  std::string_view item;  // the name as the text has it
  std::string_view
      reason;  // "ambiguous_resolved_by_seat_or_sibling_district", "fuzzy_resolved(ratio=0.86)", …
  std::string_view
      candidates;  // "00067(Phường Chương Dương, Quận Hoàn Kiếm, score 3);…" or "district:318"
  std::optional<std::string_view> resolved_code;  // an old commune; then also a lineage row
};

// An upstream release (releases.csv).
struct ReleaseRow {
  int line = 0;
  std::string_view release;  // "v2.2.0", "HEAD"
  std::string_view commit;   // 40 hexadecimal digits
  std::string_view decree;
  std::optional<Date> issued_on;
  std::optional<Date> effective_from;
  std::string_view used_here;  // the files built from it, as written
};

struct RegisterData {
  // Named by the date of the state they hold, not by the file.
  std::vector<CommuneRow> communes_2024_11_01;     // communes-2024-11-01.csv
  std::vector<CommuneRow> communes_2025_03_01;     // communes-2024.csv
  std::vector<NewCommuneRow> communes_2025_07_01;  // communes-2025-07-01.csv
  std::vector<NewCommuneRow> communes_2026_04_30;  // communes-2025.csv
  std::vector<ProvinceRow> provinces_2026_04_30;   // provinces-2025.csv
  std::vector<ChangeRow> changes_early_2025;
  std::vector<LineageRow> lineage_2025_07_01;
  std::vector<UnmatchedRow> lineage_unmatched;
  std::vector<ReleaseRow> releases;
  // What the views point into besides the built-in text: the files read from disk and the
  // unescaped text of quoted fields holding "". Copies of the data share it.
  std::shared_ptr<const void> storage;
};

// At most this many problems are listed per file; one more then says how many were left out.
inline constexpr size_t kMaxProblemsPerFile = 100;

// Reads and checks every file: the header exactly as expected; quoted fields (RFC 4180); codes
// of the right width; kinds, changes, methods and shares known; dates ISO (YYYY-MM-DD); names
// present; no code twice within a state; a district or province named alike on every row; every
// code a row refers to known in the state it refers to (a lineage row's new_code in communes-2025,
// its old_code in communes-2024 with the same district and province; a change's units in the
// state before 2025-01-01 or after 2025-03-01, whichever file holds it; releases known). All the
// problems of all the files are returned (see kMaxProblemsPerFile), or the data when there are
// none.
Result<RegisterData, RegisterProblems> ParseRegister(const RegisterFiles& files);

}  // namespace kieumau::admin_register
