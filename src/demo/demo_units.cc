// The real units the demo gives facts to, found in the register's history: the 52 wards of the
// baseline CSV (by province, town and name), every commune of old Bắc Ninh and old Bắc Giang at the
// end of 2024, and the communes of the merged Bắc Ninh from 2025 with the old communes whose
// territory each took.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "demo/demo_internal.h"

namespace kieumau::demo::internal {
namespace {

constexpr Date kEnd2024 = Date::Known(kOldCommunesYear, 12, 31);

Error Fail(std::string what) {
  return Error{"dữ liệu mẫu: " + std::move(what)};
}

// The province holding `code` on `date`, which must be named `name`.
Result<UnitId> Province(const UnitRegistry& registry, std::string_view code, Date date,
                        std::string_view name) {
  const std::optional<UnitId> id = registry.FindByCode(code, date);
  if (!id) {
    return Fail(
        fmt::format("danh mục không có tỉnh mã {} ngày {} (the register has no province {} on {})",
                    code, date.ToString(), code, date.ToString()));
  }
  Result<UnitState> state = registry.StateAt(*id, date);
  if (!state || state->level != Level::kProvince || state->name != name) {
    return Fail(fmt::format("mã {} ngày {} là {}, không phải {} (code {} on {} is not {})", code,
                            date.ToString(), registry.Describe(*id), name, code, date.ToString(),
                            name));
  }
  return *id;
}

// The units under `parent` on `date` named `name` (and of `kind`, when given).
std::vector<UnitId> ChildrenNamed(const UnitRegistry& registry, UnitId parent, Date date,
                                  std::string_view name, std::optional<UnitKind> kind) {
  std::vector<UnitId> found;
  Result<std::vector<UnitId>> children = registry.Children(parent, date);
  if (!children) return found;
  for (UnitId id : *children) {
    Result<UnitState> state = registry.StateAt(id, date);
    if (state && state->name == name && (!kind || state->kind == kind)) found.push_back(id);
  }
  return found;
}

// The unit of the baseline's `row`: the phường "Phường <ward>" of the district named <town> of
// old Bắc Ninh at the end of 2024.
Result<UnitId> FindWard(const UnitRegistry& registry, UnitId province, const BaselineRow& row) {
  const std::string where =
      fmt::format("bảng số liệu gốc dòng {} ({}, {})", row.line, row.ward, row.town);
  if (row.province != "Bắc Ninh" || row.kind != UnitKind::kPhuong) {
    return Fail(
        fmt::format("{}: không phải phường của tỉnh Bắc Ninh (not a ward of Bắc Ninh)", where));
  }
  const std::vector<UnitId> towns =
      ChildrenNamed(registry, province, kEnd2024, row.town, std::nullopt);
  if (towns.size() != 1) {
    return Fail(fmt::format(
        "{}: danh mục có {} huyện tên \"{}\" thuộc tỉnh Bắc Ninh ngày {} (the register has {} "
        "districts of that name, not one)",
        where, towns.size(), row.town, kEnd2024.ToString(), towns.size()));
  }
  const std::string name = "Phường " + row.ward;
  const std::vector<UnitId> wards =
      ChildrenNamed(registry, towns.front(), kEnd2024, name, UnitKind::kPhuong);
  if (wards.size() != 1) {
    return Fail(fmt::format(
        "{}: danh mục có {} phường tên \"{}\" thuộc {} ngày {} (the register has {} wards of "
        "that name there, not one)",
        where, wards.size(), name, row.town, kEnd2024.ToString(), wards.size()));
  }
  return wards.front();
}

// The place of `id` with the name and kind it has at the end of its last year.
Place MakePlace(const UnitRegistry& registry, UnitId id, int first_year, int last_year) {
  Place place;
  place.id = id;
  place.code = registry.Find(id)->code;
  place.first_year = first_year;
  place.last_year = last_year;
  if (Result<UnitState> state = registry.StateAt(id, Date::LastDayOfYear(last_year))) {
    place.name = state->name;
    place.kind = state->kind.value_or(UnitKind::kXa);
  }
  return place;
}

// The 2024 places whose territory passed wholly into `id` after 2024, directly or through units
// that ended into it: a predecessor counts when `id` is its only successor (a commune whose link
// names several candidates, as some of 1 January 2025 do, is counted in none of them).
void CollectTerritory(const UnitRegistry& registry, UnitId id,
                      const std::map<UnitId, size_t>& places_2024, std::set<size_t>& out) {
  const Unit* unit = registry.Find(id);
  for (const LineageLink& link : unit->predecessors) {
    if (link.kind == LinkKind::kSplit || link.share != Share::kWhole || link.date <= kEnd2024) {
      continue;
    }
    const Unit* from = registry.Find(link.from);
    if (from == nullptr || from->successors.size() != 1) continue;
    if (const auto place = places_2024.find(link.from); place != places_2024.end()) {
      out.insert(place->second);
    }
    CollectTerritory(registry, link.from, places_2024, out);
  }
}

}  // namespace

Result<Layout> FindPlaces(const BaselineTable& baseline, const UnitRegistry& registry) {
  Result<UnitId> bac_ninh = Province(registry, kOldBacNinhCode, kEnd2024, "Tỉnh Bắc Ninh");
  if (!bac_ninh) return bac_ninh.error();
  Result<UnitId> bac_giang = Province(registry, kOldBacGiangCode, kEnd2024, "Tỉnh Bắc Giang");
  if (!bac_giang) return bac_giang.error();

  Layout layout;
  std::map<UnitId, size_t> index;  // unit → place
  auto last_year_of = [&](UnitId id, int first_year) {
    int last = first_year;
    while (last < kLastYear && registry.Exists(id, Date::LastDayOfYear(last + 1)))
      ++last;
    return last;
  };

  // The baseline's wards, in its order.
  for (size_t row = 0; row < baseline.rows.size(); ++row) {
    const BaselineRow& r = baseline.rows[row];
    Result<UnitId> ward = FindWard(registry, *bac_ninh, r);
    if (!ward) return ward.error();
    if (index.contains(*ward)) {
      return Fail(fmt::format(
          "bảng số liệu gốc dòng {}: {} đã có ở dòng khác (the baseline names a ward twice)",
          r.line, registry.Describe(*ward)));
    }
    if (!registry.Exists(*ward, Date::LastDayOfYear(kPriorOnlyYear))) {
      return Fail(fmt::format("{} chưa có cuối năm {} (does not exist then)",
                              registry.Describe(*ward), kPriorOnlyYear));
    }
    Place place = MakePlace(registry, *ward, kPriorOnlyYear, last_year_of(*ward, kPriorOnlyYear));
    place.baseline_row = row;
    place.baseline_name = r.ward;
    place.baseline_town = r.town;
    index[*ward] = layout.places.size();
    layout.places.push_back(std::move(place));
  }

  // Every other commune of the two provinces at the end of 2024, by code.
  std::vector<UnitId> communes_2024;
  for (UnitId province : {*bac_ninh, *bac_giang}) {
    Result<std::vector<UnitId>> communes = registry.UnitsOf(province, Level::kCommune, kEnd2024);
    if (!communes) return communes.error();
    communes_2024.insert(communes_2024.end(), communes->begin(), communes->end());
  }
  auto by_code = [&](UnitId a, UnitId b) {
    return registry.Find(a)->code < registry.Find(b)->code;
  };
  std::sort(communes_2024.begin(), communes_2024.end(), by_code);
  for (UnitId id : communes_2024) {
    if (index.contains(id)) continue;
    index[id] = layout.places.size();
    layout.places.push_back(
        MakePlace(registry, id, kOldCommunesYear, last_year_of(id, kOldCommunesYear)));
  }
  const std::map<UnitId, size_t> places_2024 = index;

  // The communes of the merged province at the end of each later year; a new one takes the
  // territory of the 2024 places it was formed from.
  for (int year = kOldCommunesYear + 1; year <= kLastYear; ++year) {
    const Date end = Date::LastDayOfYear(year);
    Result<UnitId> merged = Province(registry, kMergedBacNinhCode, end, "Tỉnh Bắc Ninh");
    if (!merged) return merged.error();
    Result<std::vector<UnitId>> communes = registry.UnitsOf(*merged, Level::kCommune, end);
    if (!communes) return communes.error();
    std::vector<UnitId> fresh;
    for (UnitId id : *communes) {
      if (!index.contains(id)) fresh.push_back(id);
    }
    std::sort(fresh.begin(), fresh.end(), by_code);
    for (UnitId id : fresh) {
      Place place = MakePlace(registry, id, year, last_year_of(id, year));
      std::set<size_t> territory;
      CollectTerritory(registry, id, places_2024, territory);
      place.territory.assign(territory.begin(), territory.end());
      index[id] = layout.places.size();
      layout.places.push_back(std::move(place));
    }
  }
  return layout;
}

}  // namespace kieumau::demo::internal
