// The demo's units and their history: Bắc Ninh's four towns and 52 wards from the baseline CSV, a
// few (illustrative) units of Bắc Giang, and the reorganisation of 2025-07-01.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "demo/demo_internal.h"

namespace kieumau::demo::internal {
namespace {

constexpr std::string_view kCreated = "2022-01-01";

// The towns of the baseline (its town column) and the codes the demo gives them.
struct Town {
  std::string_view name;
  std::string_view code;
};
constexpr Town kTowns[] = {{"Thành phố Bắc Ninh", "BN-TPBN"},
                           {"Thành phố Từ Sơn", "BN-TS"},
                           {"Thị xã Quế Võ", "BN-QV"},
                           {"Thị xã Thuận Thành", "BN-TT"}};

// Bắc Giang, illustrative: three rural districts with two communes each, none a ward.
struct Commune {
  std::string_view code;
  std::string_view name;
  UnitKind kind;
};
struct District {
  std::string_view code;
  std::string_view name;
  Commune communes[2];
};
constexpr District kBacGiang[] = {
    {"BG-LG",
     "Huyện Lạng Giang",
     {{"BG-LG-01", "Thị trấn Vôi", UnitKind::kThiTran},
      {"BG-LG-02", "Xã Tân Dĩnh", UnitKind::kXa}}},
    {"BG-LN",
     "Huyện Lục Nam",
     {{"BG-LN-01", "Thị trấn Đồi Ngô", UnitKind::kThiTran},
      {"BG-LN-02", "Xã Cẩm Lý", UnitKind::kXa}}},
    {"BG-TY",
     "Huyện Tân Yên",
     {{"BG-TY-01", "Thị trấn Cao Thượng", UnitKind::kThiTran},
      {"BG-TY-02", "Xã Ngọc Thiện", UnitKind::kXa}}},
};

// A ward of the baseline: its town's code and its name (Ninh Xá is in two towns).
struct WardRef {
  std::string_view town;
  std::string_view name;
};

// The two illustrative ward merges of 2025-07-01: two neighbouring wards of one town each, into a
// new ward directly under the province.
struct WardMerge {
  WardRef sources[2];
  std::string_view code;
  std::string_view name;
};
constexpr WardMerge kMerges[] = {
    {{{"BN-TPBN", "Vệ An"}, {"BN-TPBN", "Tiền An"}}, "BN-TPBN-20", "Tiền Vệ"},
    {{{"BN-TT", "Hồ"}, {"BN-TT", "Song Hồ"}}, "BN-TT-11", "Thuận Hồ"},
};

// The recognitions (illustrative). 2023: the pilot the decision names. 2024: eight wards, the
// target (above 15% of 52); 2025: twelve, short of the sixteen required (above 30% of 50).
struct YearRecognitions {
  int year;
  std::string_view decision;
  std::string_view date;
  std::vector<WardRef> wards;
};
const std::vector<YearRecognitions>& Recognitions() {
  static const std::vector<YearRecognitions> kRecognitions = [] {
    const std::vector<WardRef> first_eight = {{"BN-TPBN", "Suối Hoa"}, {"BN-TPBN", "Thị Cầu"},
                                              {"BN-TPBN", "Kinh Bắc"}, {"BN-TS", "Châu Khê"},
                                              {"BN-TS", "Trang Hạ"},   {"BN-TS", "Phù Chẩn"},
                                              {"BN-QV", "Nhân Hòa"},   {"BN-TT", "Trạm Lộ"}};
    std::vector<WardRef> twelve = first_eight;
    twelve.insert(twelve.end(), {{"BN-TS", "Đình Bảng"},
                                 {"BN-TT", "Hà Mãn"},
                                 {"BN-TPBN", "Vũ Ninh"},
                                 {"BN-TS", "Tam Sơn"}});
    return std::vector<YearRecognitions>{
        {2023, "Quyết định số 1925/QĐ-UBND (minh họa)", "2023-12-27", {{"BN-TPBN", "Suối Hoa"}}},
        {2024, "Quyết định số 1874/QĐ-UBND (minh họa)", "2024-12-24", first_eight},
        {2025, "Quyết định số 2103/QĐ-UBND (minh họa)", "2025-12-23", twelve},
    };
  }();
  return kRecognitions;
}

// Wards whose facts meet every condition in a year without a recognition that year: passing, not
// (yet) recognised. A 2025 ward is named by its new name under its former town.
struct Passing {
  int year;
  WardRef ward;
};
constexpr Passing kPassing[] = {
    {2023, {"BN-TPBN", "Thị Cầu"}},
    {2024, {"BN-TS", "Đình Bảng"}},
    {2025, {"BN-TT", "Thuận Hồ"}},
    {2025, {"BN-TS", "Đồng Kỵ"}},
};

Date ParseFixed(std::string_view text) {
  return *Date::Parse(text);  // a constant of this file, always valid
}

// Hands out the ids of the units in creation order.
class Ids {
 public:
  explicit Ids(std::span<const UnitId> ids) : ids_(ids) {}
  UnitId Next() {
    const size_t i = next_++;
    return ids_.empty() ? static_cast<UnitId>(i + 1) : ids_[i];
  }
  size_t used() const { return next_; }

 private:
  std::span<const UnitId> ids_;
  size_t next_ = 0;
};

NewUnit Unit(UnitId id, std::string code, std::string name, Level level,
             std::optional<UnitKind> kind, std::optional<UnitId> parent) {
  return NewUnit{id,   std::move(code), std::move(name), level,
                 kind, parent,          std::nullopt,    std::nullopt};
}

}  // namespace

Result<Layout> MakeLayout(const BaselineTable& baseline, std::span<const UnitId> ids_given) {
  constexpr size_t kUnits = 2 + std::size(kTowns) + std::size(kBacGiang) * 3 + std::size(kMerges);
  const size_t expected = kUnits + baseline.rows.size();
  if (!ids_given.empty() && ids_given.size() != expected) {
    return Error{fmt::format(
        "dữ liệu mẫu cần {} mã định danh đơn vị, được {} (the demo needs {} unit ids, got {})",
        expected, ids_given.size(), expected, ids_given.size())};
  }
  {
    std::vector<UnitId> sorted(ids_given.begin(), ids_given.end());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      return Error{"dữ liệu mẫu: mã định danh đơn vị bị lặp (the unit ids repeat)"};
    }
  }

  Ids ids(ids_given);
  Layout layout;
  const Date created = ParseFixed(kCreated);
  const Date reorganised = ParseFixed(kReorganisationDate);

  const UnitId bac_ninh = ids.Next();
  const UnitId bac_giang = ids.Next();
  layout.events.push_back(CreateEvent{created, Unit(bac_ninh, "BN", "Tỉnh Bắc Ninh",
                                                    Level::kProvince, std::nullopt, std::nullopt)});
  layout.events.push_back(CreateEvent{created, Unit(bac_giang, "BG", "Tỉnh Bắc Giang",
                                                    Level::kProvince, std::nullopt, std::nullopt)});

  std::map<std::string_view, UnitId> town_ids;
  for (const Town& town : kTowns) {
    const UnitId id = ids.Next();
    town_ids[town.code] = id;
    layout.events.push_back(
        CreateEvent{created, Unit(id, std::string(town.code), std::string(town.name),
                                  Level::kDistrict, std::nullopt, bac_ninh)});
  }
  std::vector<UnitId> district_ids;
  for (const District& district : kBacGiang) {
    district_ids.push_back(ids.Next());
    layout.events.push_back(CreateEvent{
        created, Unit(district_ids.back(), std::string(district.code), std::string(district.name),
                      Level::kDistrict, std::nullopt, bac_giang)});
  }

  // The baseline's wards, in its order, numbered within their town.
  std::map<std::string_view, int> in_town;
  std::map<std::pair<std::string_view, std::string>, size_t> ward_index;
  for (size_t row = 0; row < baseline.rows.size(); ++row) {
    const BaselineRow& r = baseline.rows[row];
    const Town* town = nullptr;
    for (const Town& t : kTowns) {
      if (t.name == r.town) town = &t;
    }
    if (town == nullptr || r.province != "Bắc Ninh" || r.kind != UnitKind::kPhuong) {
      return Error{fmt::format(
          "dữ liệu mẫu: dòng {} của bảng số liệu gốc ({}, {}, {}) không phải phường của một thị "
          "xã, thành phố tỉnh Bắc Ninh mà dữ liệu mẫu biết (not a ward of a known Bắc Ninh town)",
          r.line, r.province, r.town, r.ward)};
    }
    Ward ward;
    ward.id = ids.Next();
    ward.code = fmt::format("{}-{:02}", town->code, ++in_town[town->code]);
    ward.name = r.ward;
    ward.baseline_row = row;
    ward_index[{town->code, ward.name}] = layout.wards.size();
    layout.events.push_back(
        CreateEvent{created, Unit(ward.id, ward.code, "Phường " + ward.name, Level::kCommune,
                                  UnitKind::kPhuong, town_ids.at(town->code))});
    layout.wards.push_back(std::move(ward));
  }
  for (size_t d = 0; d < std::size(kBacGiang); ++d) {
    for (const Commune& commune : kBacGiang[d].communes) {
      layout.events.push_back(CreateEvent{
          created, Unit(ids.Next(), std::string(commune.code), std::string(commune.name),
                        Level::kCommune, commune.kind, district_ids[d])});
    }
  }

  auto find = [&](const WardRef& ref) -> Result<size_t> {
    const auto it = ward_index.find({ref.town, std::string(ref.name)});
    if (it == ward_index.end()) {
      return Error{fmt::format(
          "dữ liệu mẫu: bảng số liệu gốc không có phường {} thuộc {} (the baseline lacks a ward "
          "the demo names)",
          ref.name, ref.town)};
    }
    return it->second;
  };

  // 2025-07-01: the ward merges (while the towns still exist), the end of the district level,
  // and Bắc Giang into Bắc Ninh, which continues under its name.
  for (const WardMerge& merge : kMerges) {
    Ward ward;
    ward.id = ids.Next();
    ward.code = std::string(merge.code);
    ward.name = std::string(merge.name);
    ward.first_year = reorganised.year();
    MergeEvent event{reorganised, {}, UnitId{0}};
    for (const WardRef& source : merge.sources) {
      Result<size_t> index = find(source);
      if (!index) return index.error();
      Ward& old = layout.wards[*index];
      old.last_year = reorganised.year() - 1;
      ward.predecessors.push_back(*index);
      event.sources.push_back(old.id);
    }
    event.into = Unit(ward.id, ward.code, "Phường " + ward.name, Level::kCommune, UnitKind::kPhuong,
                      bac_ninh);
    layout.events.push_back(std::move(event));
    ward_index[{merge.sources[0].town, ward.name}] = layout.wards.size();
    layout.wards.push_back(std::move(ward));
  }
  layout.events.push_back(AbolishLevelEvent{reorganised, Level::kDistrict, std::nullopt});
  layout.events.push_back(MergeEvent{reorganised, {bac_giang}, bac_ninh});

  for (const YearRecognitions& year : Recognitions()) {
    for (const WardRef& ref : year.wards) {
      Result<size_t> index = find(ref);
      if (!index) return index.error();
      Ward& ward = layout.wards[*index];
      ward.meets_criteria.push_back(year.year);
      layout.recognitions.push_back(DemoRecognition{
          ward.code, year.year, std::string(year.decision), std::string(year.date)});
    }
  }
  for (const Passing& passing : kPassing) {
    Result<size_t> index = find(passing.ward);
    if (!index) return index.error();
    layout.wards[*index].meets_criteria.push_back(passing.year);
  }
  if (ids.used() != expected) {
    return Error{fmt::format("dữ liệu mẫu: {} đơn vị thay vì {} (internal: unit count)", ids.used(),
                             expected)};
  }
  return layout;
}

}  // namespace kieumau::demo::internal
