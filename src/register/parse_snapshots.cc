// The states of the register (communes on one date, the provinces) and the releases.
#include <fmt/format.h>

#include "register/parse_internal.h"

namespace kieumau::admin_register::internal {

const std::array<std::string_view, 8> kOldCommunesHeader = {
    "code",          "name",          "full_name",     "kind",
    "district_code", "district_name", "province_code", "province_name"};
const std::array<std::string_view, 5> kNewCommunesHeader = {"code", "name", "full_name", "kind",
                                                            "province_code"};
const std::array<std::string_view, 6> kProvincesHeader = {
    "code", "name", "full_name", "kind", "formed_from", "formed_from_codes"};
const std::array<std::string_view, 6> kReleasesHeader = {
    "release", "commit", "decree", "issued_on", "effective_from", "used_here"};

namespace {

constexpr std::array<UnitKind, 3> kNewCommuneKinds = {UnitKind::kXa, UnitKind::kPhuong,
                                                      UnitKind::kDacKhu};

void ReportDuplicate(FileReader& reader, size_t column, std::string_view code, int first_line) {
  reader.Report(column, fmt::format("mã {} đã có ở dòng {} (the code is used twice in the file)",
                                    Quote(code), first_line));
}

// A district's or a province's `value` in `column` is the one it has on `line`, its first row.
void ExpectAlike(FileReader& reader, size_t column, Referent unit, std::string_view code, int line,
                 std::string_view first, std::string_view value) {
  if (first == value) return;
  reader.Report(column, fmt::format("{} {} có {} là {} ở dòng {}, ở đây là {} ({}: {} differs "
                                    "from its first row)",
                                    unit.vi, code, reader.ColumnName(column), Quote(first), line,
                                    Quote(value), unit.en, reader.ColumnName(column)));
}

bool IsHexCommit(std::string_view text) {
  if (text.size() != 40) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

namespace release_columns {
enum ReleaseColumn : size_t { kRelease, kCommit, kDecree, kIssuedOn, kEffectiveFrom, kUsedHere };
}  // namespace release_columns
// Both kinds of commune file: code, name, full_name, kind, then the district and the province
// (communes-2024*.csv) or the province alone (communes-2025*.csv).
namespace commune_columns {
enum CommuneColumn : size_t {
  kCode,
  kName,
  kFullName,
  kKind,
  kDistrictCode,
  kDistrictName,
  kProvinceCode,
  kProvinceName,
};
constexpr size_t kNewProvinceCode = kDistrictCode;
}  // namespace commune_columns

// The columns every commune file begins with, into `row`; its code recorded in `communes`, where
// it must not be yet.
template <typename Row>
void ReadCommuneStart(FileReader& reader, Row& row, std::span<const UnitKind> kinds,
                      CodeIndex& communes, const std::vector<Row>& rows) {
  using namespace commune_columns;
  row.line = reader.line();
  row.code = reader.Code(kCode, kCommuneCodeWidth);
  row.name = reader.Required(kName);
  row.full_name = reader.Required(kFullName);
  row.kind = reader.CommuneKind(kKind, kinds);
  if (const int32_t first = communes.Add(row.code, static_cast<int32_t>(rows.size()));
      first != CodeIndex::kAbsent)
    ReportDuplicate(reader, kCode, row.code, rows[first].line);
}

namespace province_columns {
enum ProvinceColumn : size_t {
  kProvinceCode,
  kProvinceName,
  kProvinceFullName,
  kProvinceKind,
  kFormedFrom,
  kFormedFromCodes,
};
}  // namespace province_columns

}  // namespace

void ParseReleases(FileReader& reader, std::vector<ReleaseRow>& rows) {
  using namespace release_columns;
  while (reader.Next()) {
    ReleaseRow row;
    row.line = reader.line();
    row.release = reader.Required(kRelease);
    row.commit = reader.Text(kCommit);
    if (!IsHexCommit(row.commit)) {
      reader.Report(kCommit, fmt::format("{} không phải mã commit git: cần 40 chữ số thập lục "
                                         "phân viết thường (a commit is 40 lowercase hex digits)",
                                         Quote(row.commit)));
    }
    row.decree = reader.Text(kDecree);
    row.issued_on = reader.OptionalDate(kIssuedOn);
    row.effective_from = reader.OptionalDate(kEffectiveFrom);
    row.used_here = reader.Text(kUsedHere);
    for (const ReleaseRow& other : rows) {
      if (other.release == row.release) {
        reader.Report(kRelease, fmt::format("phiên bản {} đã có ở dòng {} (the release is listed "
                                            "twice)",
                                            Quote(row.release), other.line));
        break;
      }
    }
    rows.push_back(row);
  }
}

void ParseOldCommunes(FileReader& reader, std::vector<CommuneRow>& rows, OldStateIndex& index) {
  using namespace commune_columns;
  while (reader.Next()) {
    CommuneRow row;
    ReadCommuneStart(reader, row, kOldCommuneKinds, index.communes, rows);
    row.district_code = reader.Code(kDistrictCode, kDistrictCodeWidth);
    row.district_name = reader.Required(kDistrictName);
    row.province_code = reader.Code(kProvinceCode, kProvinceCodeWidth);
    row.province_name = reader.Required(kProvinceName);

    // A district, and a province, is named alike on every row, and a district is in one province.
    const auto at = static_cast<int32_t>(rows.size());
    if (const int32_t first = index.districts.Add(row.district_code, at);
        first != CodeIndex::kAbsent) {
      const CommuneRow& other = rows[first];
      ExpectAlike(reader, kDistrictName, referent::kDistrict, row.district_code, other.line,
                  other.district_name, row.district_name);
      ExpectAlike(reader, kProvinceCode, referent::kDistrict, row.district_code, other.line,
                  other.province_code, row.province_code);
    }
    if (const int32_t first = index.provinces.Add(row.province_code, at);
        first != CodeIndex::kAbsent) {
      ExpectAlike(reader, kProvinceName, referent::kProvince, row.province_code, rows[first].line,
                  rows[first].province_name, row.province_name);
    }
    rows.push_back(row);
  }
}

void ParseProvinces(FileReader& reader, std::vector<ProvinceRow>& rows, RegisterIndex& index) {
  using namespace province_columns;
  const CodeIndex& old_state = index.state_2025_03_01.provinces;
  CodeIndex old_provinces(kProvinceCodeWidth, {});  // the row each old province is in
  while (reader.Next()) {
    ProvinceRow row;
    row.line = reader.line();
    row.code = reader.Code(kProvinceCode, kProvinceCodeWidth);
    row.name = reader.Required(kProvinceName);
    row.full_name = reader.Required(kProvinceFullName);
    row.kind = reader.Key(kProvinceKind, kProvinceKindKeys, ProvinceKind::kTinh);
    row.formed_from = reader.Required(kFormedFrom);
    const auto at = static_cast<int32_t>(rows.size());
    if (const int32_t first = index.provinces_2026.Add(row.code, at); first != CodeIndex::kAbsent)
      ReportDuplicate(reader, kProvinceCode, row.code, rows[first].line);

    std::string_view codes = reader.Required(kFormedFromCodes);
    while (!codes.empty()) {
      const size_t end = codes.find(';');
      const std::string_view code = codes.substr(0, end);
      codes = end == std::string_view::npos ? std::string_view() : codes.substr(end + 1);
      row.formed_from_codes.push_back(code);
      if (!reader.CheckCode(kFormedFromCodes, code, kProvinceCodeWidth)) continue;
      reader.Refer(kFormedFromCodes, code, old_state, referent::kOldProvince);
      if (const int32_t first = old_provinces.Add(code, at); first != CodeIndex::kAbsent) {
        reader.Report(kFormedFromCodes,
                      fmt::format("tỉnh cũ {} đã thuộc tỉnh mới {} ở dòng {} (an old province is "
                                  "in two new ones)",
                                  code, rows[first].code, rows[first].line));
      }
    }
    rows.push_back(row);
  }
  if (!old_state.read) return;
  // Every old province is in a new one.
  for (int number = 0; number < 100; ++number) {
    const std::string code = fmt::format("{:02}", number);
    if (old_state.Contains(code) && !old_provinces.Contains(code)) {
      reader.ReportAt(0, kFormedFromCodes,
                      fmt::format("tỉnh cũ {} không thuộc tỉnh mới nào (an old province is in no "
                                  "new one)",
                                  code));
    }
  }
}

void ParseNewCommunes(FileReader& reader, std::vector<NewCommuneRow>& rows, CodeIndex& communes,
                      const RegisterIndex& index) {
  using namespace commune_columns;
  while (reader.Next()) {
    NewCommuneRow row;
    ReadCommuneStart(reader, row, kNewCommuneKinds, communes, rows);
    row.province_code = reader.Code(kNewProvinceCode, kProvinceCodeWidth);
    reader.Refer(kNewProvinceCode, row.province_code, index.provinces_2026, referent::kProvince);
    rows.push_back(row);
  }
}

}  // namespace kieumau::admin_register::internal
