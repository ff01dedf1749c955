// What the parsers of the register's files share: a reader of one file that checks its header and
// its cells and reports problems with file, line and column, and indexes of codes. Not part of the
// public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/excerpt.h"
#include "register/csv_records.h"
#include "register/register_data.h"

namespace kieumau::admin_register::internal {

inline constexpr size_t kProvinceCodeWidth = 2;
inline constexpr size_t kDistrictCodeWidth = 3;
inline constexpr size_t kCommuneCodeWidth = 5;

// The kinds of commune before 1 July 2025 (no đặc khu yet).
inline constexpr std::array<UnitKind, 3> kOldCommuneKinds = {UnitKind::kXa, UnitKind::kPhuong,
                                                             UnitKind::kThiTran};

// `text` is `width` ASCII digits.
bool IsCode(std::string_view text, size_t width);

// The text quoted for a message: "…" around a short excerpt.
std::string Quote(std::string_view text);

// What a code refers to, named for messages.
struct Referent {
  std::string_view vi;
  std::string_view en;
};
namespace referent {
inline constexpr Referent kProvince{"tỉnh", "a province"};
inline constexpr Referent kOldProvince{"tỉnh cũ", "an old province"};
inline constexpr Referent kDistrict{"huyện", "a district"};
inline constexpr Referent kCommune{"xã", "a commune"};
inline constexpr Referent kOldCommune{"xã cũ", "an old commune"};
inline constexpr Referent kNewUnit{"đơn vị mới", "a new unit"};
inline constexpr Referent kRelease{"phiên bản", "a release"};
}  // namespace referent

// A reference to a code a file does not hold: "<vi> "<code>" không có trong <file> (<en> not in
// <file>)".
std::string NotIn(Referent what, std::string_view code, std::string_view file);

class CodeIndex;

// The rows of one file, read and checked a cell at a time. Each check reports what is wrong with
// the current row's cell and returns the cell's value as far as it can be read.
class FileReader {
 public:
  // Checks the text as a whole (UTF-8, not empty) and its header, which must be `header` exactly.
  FileReader(std::string_view file, std::string_view text, std::span<const std::string_view> header,
             RegisterProblems& problems, std::deque<std::string>& unescaped);

  // False when the file cannot be read (not UTF-8, empty, another header): already reported.
  bool readable() const { return readable_; }
  // Moves to the next record that has as many fields as the header; reports the others.
  bool Next();
  int line() const { return records_.line(); }

  std::string_view Text(size_t column) const { return fields_[column]; }
  std::string_view Required(size_t column);  // not empty
  std::string_view Code(size_t column, size_t width);
  // `text`, a part of the cell in `column`, is a code of `width` digits; reported when not.
  bool CheckCode(size_t column, std::string_view text, size_t width);
  std::optional<std::string_view> OptionalCode(size_t column, size_t width);  // empty: none
  std::optional<Date> DateCell(size_t column);      // nothing after a report
  std::optional<Date> OptionalDate(size_t column);  // empty: none
  // A commune kind among `allowed`.
  UnitKind CommuneKind(size_t column, std::span<const UnitKind> allowed);
  // A key of `keys`; `fallback` (after a report) when the cell holds none of them.
  template <typename E, size_t N>
  E Key(size_t column, const std::array<KeyOf<E>, N>& keys, E fallback) {
    if (std::optional<E> value = ParseKey(keys, fields_[column])) return *value;
    std::string known;
    for (const KeyOf<E>& entry : keys) {
      if (entry.key.empty()) continue;
      if (!known.empty()) known += ", ";
      known += entry.key;
    }
    ReportUnknown(column, known);
    return fallback;
  }

  // The row `code` (in `column`) is on in `index`, a well-formed code the index lacks reported;
  // CodeIndex::kAbsent then, and when the index's file could not be read.
  int32_t Refer(size_t column, std::string_view code, const CodeIndex& index, Referent what);

  // A problem with the current row: in `column`, or the row as a whole (kWholeRow).
  static constexpr size_t kWholeRow = static_cast<size_t>(-1);
  void Report(size_t column, std::string message);
  void ReportAt(int line, size_t column, std::string message);  // a problem of another line
  // Adds the note on problems left out (kMaxProblemsPerFile); call when the file is read.
  void Finish();

  std::string_view file() const { return file_; }
  std::string_view ColumnName(size_t column) const { return header_[column]; }

 private:
  void ReportUnknown(size_t column, std::string_view known);

  std::string_view file_;
  std::span<const std::string_view> header_;
  RegisterProblems& problems_;
  CsvRecords records_;
  std::vector<std::string_view> fields_;
  bool readable_ = false;
  size_t reported_ = 0;
};

// The rows of one file by code: a slot per possible code (10^width), for codes of `width` digits
// only. `read` is false when its file could not be read: no reference to it is checked then, so a
// broken file is not reported again through every file that names it.
class CodeIndex {
 public:
  static constexpr int32_t kAbsent = -1;

  CodeIndex(size_t width, std::string_view file);

  // Records that `code` is on row `row`; the row it was already on, or kAbsent.
  int32_t Add(std::string_view code, int32_t row);
  // The row of `code`, or kAbsent (also for text that is not a code of the width).
  int32_t Find(std::string_view code) const;
  bool Contains(std::string_view code) const { return Find(code) != kAbsent; }
  // `code` is well formed but not held: a reference to report (a malformed code is reported as
  // such where it is read).
  bool Lacks(std::string_view code) const { return IsCode(code, width_) && !Contains(code); }
  std::string_view file() const { return file_; }

  bool read = false;

 private:
  size_t width_;
  std::string_view file_;
  std::vector<int32_t> rows_;
};

// A 63-province state's codes: its communes, and the first commune row of each district and
// province.
struct OldStateIndex {
  explicit OldStateIndex(std::string_view file)
      : communes(kCommuneCodeWidth, file),
        districts(kDistrictCodeWidth, file),
        provinces(kProvinceCodeWidth, file) {}
  void MarkRead(bool read) { communes.read = districts.read = provinces.read = read; }

  CodeIndex communes;
  CodeIndex districts;
  CodeIndex provinces;
};

// Every index ParseRegister builds, filled in the order the files are read.
struct RegisterIndex {
  bool releases_read = false;
  OldStateIndex state_2024_11_01{"communes-2024-11-01.csv"};
  OldStateIndex state_2025_03_01{"communes-2024.csv"};
  CodeIndex provinces_2026{kProvinceCodeWidth, "provinces-2025.csv"};
  CodeIndex communes_2025_07_01{kCommuneCodeWidth, "communes-2025-07-01.csv"};
  CodeIndex communes_2026_04_30{kCommuneCodeWidth, "communes-2025.csv"};
  // (new_code, old_code) pairs of the lineage, as new * 100000 + old.
  bool lineage_read = false;
  std::vector<int64_t> lineage_pairs;  // sorted
};

// Each file's parser: reads every row of `reader` into `rows`, checks it against what `index`
// already holds and adds what later files refer to.
void ParseReleases(FileReader& reader, std::vector<ReleaseRow>& rows);
void ParseOldCommunes(FileReader& reader, std::vector<CommuneRow>& rows, OldStateIndex& index);
void ParseProvinces(FileReader& reader, std::vector<ProvinceRow>& rows, RegisterIndex& index);
void ParseNewCommunes(FileReader& reader, std::vector<NewCommuneRow>& rows, CodeIndex& communes,
                      const RegisterIndex& index);
void ParseChanges(FileReader& reader, std::vector<ChangeRow>& rows,
                  const std::vector<ReleaseRow>& releases, const RegisterIndex& index);
void ParseLineage(FileReader& reader, std::vector<LineageRow>& rows,
                  const std::vector<CommuneRow>& old_communes,
                  const std::vector<NewCommuneRow>& new_communes, RegisterIndex& index);
void ParseUnmatched(FileReader& reader, std::vector<UnmatchedRow>& rows,
                    const RegisterIndex& index);

// The header of each file, as README.md gives it.
extern const std::array<std::string_view, 8> kOldCommunesHeader;
extern const std::array<std::string_view, 5> kNewCommunesHeader;
extern const std::array<std::string_view, 6> kProvincesHeader;
extern const std::array<std::string_view, 6> kReleasesHeader;
extern const std::array<std::string_view, 17> kChangesHeader;
extern const std::array<std::string_view, 10> kLineageHeader;
extern const std::array<std::string_view, 7> kUnmatchedHeader;

}  // namespace kieumau::admin_register::internal
