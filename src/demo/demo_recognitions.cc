// The demo's recognitions (illustrative) and the units whose facts are made to meet every condition
// of bn-capkm-2024: in 2023 and 2024 wards of the baseline, from 2025 wards of the merged province.
#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "demo/demo_internal.h"

namespace kieumau::demo::internal {
namespace {

// A ward named as the baseline names it: its town (district) and name. From 2025, a ward of the
// merged province by its full name at the end of the year (no town: the district level ended).
struct WardRef {
  std::string_view town;
  std::string_view name;
};

struct YearRecognitions {
  int year;
  std::string_view decision;
  std::string_view date;
  std::vector<WardRef> wards;
};

constexpr std::string_view kBacNinhCity = "Thành phố Bắc Ninh";
constexpr std::string_view kTuSon = "Thành phố Từ Sơn";
constexpr std::string_view kQueVo = "Thị xã Quế Võ";
constexpr std::string_view kThuanThanh = "Thị xã Thuận Thành";

// 2023: the pilot the decision names. 2024: eight wards, the target (above 15% of 52). 2025: nine
// of the 33 wards of the merged province, one short of the ten required (above 30% of 33); three
// more meet every condition without a recognition (below), so the target is within reach. None of
// 2025's is a ward of 2024: every ward of 2024 ended on 1 July 2025, and a recognition is not
// inherited by a successor.
const std::vector<YearRecognitions>& Recognitions() {
  static const std::vector<YearRecognitions> kRecognitions = {
      {2023, "Quyết định số 1925/QĐ-UBND (minh họa)", "2023-12-27", {{kBacNinhCity, "Suối Hoa"}}},
      {2024,
       "Quyết định số 1874/QĐ-UBND (minh họa)",
       "2024-12-24",
       {{kBacNinhCity, "Suối Hoa"},
        {kBacNinhCity, "Thị Cầu"},
        {kBacNinhCity, "Kinh Bắc"},
        {kTuSon, "Châu Khê"},
        {kTuSon, "Trang Hạ"},
        {kTuSon, "Phù Chẩn"},
        {kQueVo, "Nhân Hòa"},
        {kThuanThanh, "Trạm Lộ"}}},
      {2025,
       "Quyết định số 2103/QĐ-UBND (minh họa)",
       "2025-12-23",
       {{"", "Phường Vũ Ninh"},
        {"", "Phường Từ Sơn"},
        {"", "Phường Phù Khê"},
        {"", "Phường Đồng Nguyên"},
        {"", "Phường Tam Sơn"},
        {"", "Phường Nhân Hòa"},
        {"", "Phường Trạm Lộ"},
        {"", "Phường Việt Yên"},
        {"", "Phường Nếnh"}}},
  };
  return kRecognitions;
}

// Units whose facts meet every condition in a year without a recognition that year: passing, not
// (yet) recognised.
struct Passing {
  int year;
  WardRef ward;
};
constexpr Passing kPassing[] = {
    {2023, {kBacNinhCity, "Thị Cầu"}},
    {2024, {kTuSon, "Đình Bảng"}},
    {2025, {"", "Phường Võ Cường"}},
    {2025, {"", "Phường Quế Võ"}},
    {2025, {"", "Phường Chũ"}},
    // 2026 (no decision yet): the twelve above keep meeting every condition, and Kinh Bắc, whose
    // 2025 has no prior year (a link of 1 January 2025 only inferred), meets them on its own 2025.
    {2026, {"", "Phường Vũ Ninh"}},
    {2026, {"", "Phường Từ Sơn"}},
    {2026, {"", "Phường Phù Khê"}},
    {2026, {"", "Phường Đồng Nguyên"}},
    {2026, {"", "Phường Tam Sơn"}},
    {2026, {"", "Phường Nhân Hòa"}},
    {2026, {"", "Phường Trạm Lộ"}},
    {2026, {"", "Phường Việt Yên"}},
    {2026, {"", "Phường Nếnh"}},
    {2026, {"", "Phường Võ Cường"}},
    {2026, {"", "Phường Quế Võ"}},
    {2026, {"", "Phường Chũ"}},
    {2026, {"", "Phường Kinh Bắc"}},
};

// The place of `ref` in `year`: a ward of the baseline (by town and name) for a year before 2025,
// else a ward of the merged province by its name at the end of `year`.
Result<size_t> Find(const UnitRegistry& registry, const Layout& layout, int year,
                    const WardRef& ref) {
  std::vector<size_t> found;
  for (size_t i = 0; i < layout.places.size(); ++i) {
    const Place& place = layout.places[i];
    if (place.first_year > year || place.last_year < year) continue;
    if (year <= kOldCommunesYear) {
      if (place.baseline_row && place.baseline_name == ref.name &&
          place.baseline_town == ref.town) {
        found.push_back(i);
      }
      continue;
    }
    Result<UnitState> state = registry.StateAt(place.id, Date::LastDayOfYear(year));
    if (state && state->name == ref.name && state->kind == UnitKind::kPhuong) found.push_back(i);
  }
  if (found.size() != 1) {
    return Error{fmt::format(
        "dữ liệu mẫu: có {} phường \"{}\"{} cuối năm {} (the demo names a ward the register has "
        "{} of, not one)",
        found.size(), ref.name, ref.town.empty() ? "" : fmt::format(" ({})", ref.town), year,
        found.size())};
  }
  return found.front();
}

}  // namespace

Result<std::monostate> AddRecognitions(const UnitRegistry& registry, Layout& layout) {
  for (const YearRecognitions& year : Recognitions()) {
    for (const WardRef& ref : year.wards) {
      Result<size_t> index = Find(registry, layout, year.year, ref);
      if (!index) return index.error();
      Place& place = layout.places[*index];
      place.meets_criteria.push_back(year.year);
      layout.recognitions.push_back(DemoRecognition{
          place.id, place.code, year.year, std::string(year.decision), std::string(year.date)});
    }
  }
  for (const Passing& passing : kPassing) {
    Result<size_t> index = Find(registry, layout, passing.year, passing.ward);
    if (!index) return index.error();
    layout.places[*index].meets_criteria.push_back(passing.year);
  }
  return std::monostate{};
}

}  // namespace kieumau::demo::internal
