// changes-early-2025.csv: one row per changed unit and kind of change, and the predecessor links.
#include <fmt/format.h>

#include "register/parse_internal.h"

namespace kieumau::admin_register::internal {

const std::array<std::string_view, 17> kChangesHeader = {"effective_date",
                                                         "release_from",
                                                         "release_to",
                                                         "change",
                                                         "code",
                                                         "province_code",
                                                         "full_name_before",
                                                         "full_name_after",
                                                         "kind_before",
                                                         "kind_after",
                                                         "district_code_before",
                                                         "district_name_before",
                                                         "district_code_after",
                                                         "district_name_after",
                                                         "predecessor_code",
                                                         "method",
                                                         "note"};

// The columns and the checks of this file; a named namespace, as unity builds join the anonymous
// ones of several files.
namespace changes_csv {

enum ChangeColumn : size_t {
  kEffectiveDate,
  kReleaseFrom,
  kReleaseTo,
  kChange,
  kCode,
  kProvinceCode,
  kFullNameBefore,
  kFullNameAfter,
  kKindBefore,
  kKindAfter,
  kDistrictCodeBefore,
  kDistrictNameBefore,
  kDistrictCodeAfter,
  kDistrictNameAfter,
  kPredecessorCode,
  kMethod,
  kNote,
};

// The releases whose states are shipped (releases.csv, used_here): the side before 2025-01-01 is
// communes-2024-11-01.csv, the side after 2025-03-01 is communes-2024.csv. The state between
// (v2.3.0) is not shipped, so the other sides are not checked against a state.
constexpr std::string_view kRelease20241101 = "v2.2.0";
constexpr std::string_view kRelease20250301 = "v2.4.1";

size_t CodeWidth(Level level) {
  switch (level) {
    case Level::kProvince:
      return kProvinceCodeWidth;
    case Level::kDistrict:
      return kDistrictCodeWidth;
    case Level::kCommune:
      return kCommuneCodeWidth;
  }
  return kCommuneCodeWidth;
}

std::optional<AnyKind> KindCell(FileReader& reader, size_t column, Level level) {
  if (reader.Text(column).empty()) return std::nullopt;
  switch (level) {
    case Level::kProvince:
      return reader.Key(column, kProvinceKindKeys, ProvinceKind::kTinh);
    case Level::kDistrict:
      return reader.Key(column, kDistrictKindKeys, DistrictKind::kHuyen);
    case Level::kCommune:
      return reader.CommuneKind(column, kOldCommuneKinds);
  }
  return std::nullopt;
}

// The cell in `column` is filled exactly when the row's change needs it.
void ExpectFilled(FileReader& reader, const ChangeRow& row, size_t column, bool needed) {
  const bool filled = !reader.Text(column).empty();
  if (filled == needed) return;
  reader.Report(column, needed ? fmt::format("thay đổi {} cần ô này (the change needs this cell)",
                                             ChangeTypeKey(row.change))
                               : fmt::format("thay đổi {} không có ô này: cần để trống (the "
                                             "change leaves this cell empty)",
                                             ChangeTypeKey(row.change)));
}

// Which cells the row's change fills: the unit before and after it (an added unit has no before,
// a removed one no after; a predecessor row's before is the predecessor, its after the successor),
// the district columns in commune rows only, the method in predecessor rows only.
void CheckShape(FileReader& reader, const ChangeRow& row) {
  bool before = true;
  bool after = true;
  switch (row.change) {
    case ChangeType::kDistrictAdded:
    case ChangeType::kCommuneAdded:
      before = false;
      break;
    case ChangeType::kDistrictRemoved:
    case ChangeType::kCommuneRemoved:
      after = false;
      break;
    case ChangeType::kPredecessor:
      // A no_candidate row may lack either side, the other ones have both.
      if (row.method == PredecessorMethod::kNoCandidate) {
        before = row.predecessor_code.has_value();
        after = row.code.has_value();
        if (!before && !after) ExpectFilled(reader, row, kPredecessorCode, true);
      }
      break;
    default:
      break;
  }
  const bool predecessor = row.change == ChangeType::kPredecessor;
  const bool commune = row.level() == Level::kCommune;
  ExpectFilled(reader, row, kCode, !predecessor || after);
  ExpectFilled(reader, row, kFullNameBefore, before);
  ExpectFilled(reader, row, kKindBefore, before);
  ExpectFilled(reader, row, kDistrictCodeBefore, commune && before);
  ExpectFilled(reader, row, kDistrictNameBefore, commune && before);
  ExpectFilled(reader, row, kFullNameAfter, after);
  ExpectFilled(reader, row, kKindAfter, after);
  ExpectFilled(reader, row, kDistrictCodeAfter, commune && after);
  ExpectFilled(reader, row, kDistrictNameAfter, commune && after);
  ExpectFilled(reader, row, kPredecessorCode, predecessor && before);
  ExpectFilled(reader, row, kMethod, predecessor);
}

const ReleaseRow* FindRelease(const std::vector<ReleaseRow>& releases, std::string_view name) {
  for (const ReleaseRow& release : releases) {
    if (release.release == name) return &release;
  }
  return nullptr;
}

// `date_read`: the effective date could be read, and is compared with the release's.
void CheckReleases(FileReader& reader, const ChangeRow& row,
                   const std::vector<ReleaseRow>& releases, bool date_read) {
  if (!FindRelease(releases, row.release_from)) {
    reader.Report(kReleaseFrom, NotIn(referent::kRelease, row.release_from, "releases.csv"));
  }
  const ReleaseRow* to = FindRelease(releases, row.release_to);
  if (!to) {
    reader.Report(kReleaseTo, NotIn(referent::kRelease, row.release_to, "releases.csv"));
  } else if (date_read && to->effective_from != row.effective_date) {
    reader.Report(kEffectiveDate,
                  fmt::format("ngày {} khác ngày hiệu lực {} của phiên bản {} trong releases.csv "
                              "(not the date of release_to)",
                              row.effective_date.ToString(),
                              to->effective_from ? to->effective_from->ToString() : "(trống)",
                              row.release_to));
  }
}

// The row's units on one side (before or after the change) are in the state of that side.
void CheckSide(FileReader& reader, const ChangeRow& row, const OldStateIndex& state, bool before) {
  reader.Refer(kProvinceCode, row.province_code, state.provinces, referent::kProvince);
  if (!(before ? row.kind_before : row.kind_after)) return;  // the unit is not there on that side
  // A predecessor row's before side is the predecessor.
  const bool predecessor = before && row.change == ChangeType::kPredecessor;
  const std::optional<std::string_view> code = predecessor ? row.predecessor_code : row.code;
  const size_t code_column = predecessor ? kPredecessorCode : kCode;
  if (!code) return;
  switch (row.level()) {
    case Level::kProvince:
      reader.Refer(code_column, *code, state.provinces, referent::kProvince);
      break;
    case Level::kDistrict:
      reader.Refer(code_column, *code, state.districts, referent::kDistrict);
      break;
    case Level::kCommune: {
      reader.Refer(code_column, *code, state.communes, referent::kCommune);
      const std::optional<std::string_view> district =
          before ? row.district_code_before : row.district_code_after;
      if (district) {
        reader.Refer(before ? kDistrictCodeBefore : kDistrictCodeAfter, *district, state.districts,
                     referent::kDistrict);
      }
      break;
    }
  }
}

}  // namespace changes_csv

void ParseChanges(FileReader& reader, std::vector<ChangeRow>& rows,
                  const std::vector<ReleaseRow>& releases, const RegisterIndex& index) {
  using namespace changes_csv;
  while (reader.Next()) {
    ChangeRow row;
    row.line = reader.line();
    const std::optional<Date> date = reader.DateCell(kEffectiveDate);
    row.effective_date = date.value_or(Date());
    row.release_from = reader.Required(kReleaseFrom);
    row.release_to = reader.Required(kReleaseTo);
    if (index.releases_read) CheckReleases(reader, row, releases, date.has_value());
    row.change = reader.Key(kChange, kChangeTypeKeys, ChangeType::kCommuneRenamed);
    if (!ParseKey(kChangeTypeKeys, reader.Text(kChange))) {
      // Which cells the row needs, and the width of its code, follow from the change.
      rows.push_back(row);
      continue;
    }
    const Level level = row.level();
    row.code = reader.OptionalCode(kCode, CodeWidth(level));
    row.province_code = reader.Code(kProvinceCode, kProvinceCodeWidth);
    row.full_name_before = reader.Text(kFullNameBefore);
    row.full_name_after = reader.Text(kFullNameAfter);
    row.kind_before = KindCell(reader, kKindBefore, level);
    row.kind_after = KindCell(reader, kKindAfter, level);
    row.district_code_before = reader.OptionalCode(kDistrictCodeBefore, kDistrictCodeWidth);
    row.district_name_before = reader.Text(kDistrictNameBefore);
    row.district_code_after = reader.OptionalCode(kDistrictCodeAfter, kDistrictCodeWidth);
    row.district_name_after = reader.Text(kDistrictNameAfter);
    row.predecessor_code = reader.OptionalCode(kPredecessorCode, kCommuneCodeWidth);
    row.method = reader.Key(kMethod, kPredecessorMethodKeys, PredecessorMethod::kNone);
    row.note = reader.Text(kNote);

    CheckShape(reader, row);
    if (row.release_from == kRelease20241101) CheckSide(reader, row, index.state_2024_11_01, true);
    if (row.release_to == kRelease20250301) CheckSide(reader, row, index.state_2025_03_01, false);
    rows.push_back(row);
  }
}

}  // namespace kieumau::admin_register::internal
