// The register's history from 1 July 2025: the district level ended, the 63 provinces merged into
// 34 (provinces-2025.csv), the communes of each new province redrawn from the lineage
// (lineage-2025-07-01.csv, communes-2025-07-01.csv), and the changes of 30 April 2026
// (communes-2025.csv, provinces-2025.csv).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "register/history_builder.h"

namespace kieumau::admin_register::internal {

namespace {

// The one province whose name changed on 30 April 2026 (30/2026/QH16 made Đồng Nai a centrally
// governed city): provinces-2025.csv gives the later name, this the name of 1 July 2025.
struct EarlierProvinceName {
  std::string_view code;
  std::string_view name;
};
constexpr EarlierProvinceName kNamesOf2025[] = {{"75", "Tỉnh Đồng Nai"}};

std::string_view ProvinceNameOf2025(const ProvinceRow& row) {
  for (const EarlierProvinceName& earlier : kNamesOf2025) {
    if (earlier.code == row.code) return earlier.name;
  }
  return row.full_name;
}

// How a lineage row is known: "<share basis>/<match method>" ("listed/tone",
// "multi_parent/tone+scored").
std::string BasisOf(const LineageRow& row) {
  return fmt::format("{}/{}", row.share_basis, row.match_method);
}

}  // namespace

bool HistoryBuilder::Reform2025() {
  const Date date = kReform2025;
  Add(AbolishLevelEvent{date, Level::kDistrict, std::nullopt});
  for (auto& [id, unit] : units_) {
    if (unit.level != Level::kCommune) continue;
    unit.parent = units_.at(*unit.parent).parent;
  }
  for (auto it = units_.begin(); it != units_.end();) {
    if (it->second.level == Level::kDistrict) {
      districts_.erase(it->second.code);
      it = units_.erase(it);
    } else {
      ++it;
    }
  }

  // Provinces: unchanged ones live on; the others are new units, the merge of their old ones.
  std::map<std::string_view, UnitId> new_province;  // new code → id
  for (const ProvinceRow& row : data_.provinces_2026_04_30) {
    const std::string at = fmt::format("provinces-2025.csv dòng {}", row.line);
    std::vector<UnitId> sources;
    std::string spelling(ProvinceNameOf2025(row));
    for (std::string_view old_code : row.formed_from_codes) {
      const Standing* old = Living(Level::kProvince, old_code);
      if (!old) return Fail(fmt::format("{}: không có tỉnh cũ {}", at, old_code));
      sources.push_back(old->id);
      // The old spelling of the same name (Khánh Hòa, not the later Khánh Hoà).
      if (SameNameRespelt(old->name, spelling)) spelling = old->name;
    }
    if (sources.size() == 1 && row.formed_from_codes.front() == row.code) {
      if (!SameNameRespelt(Get(sources.front()).name, spelling))
        Rename(date, sources.front(), spelling);
      new_province[row.code] = sources.front();
      continue;
    }
    if (sources.size() < 2) {
      return Fail(
          fmt::format("{}: tỉnh {} mới hình thành từ một tỉnh cũ mang mã khác (a new "
                      "province formed from one old province of another code)",
                      at, row.code));
    }
    for (UnitId source : sources)
      End(source);
    NewUnit province = Make(Level::kProvince, row.code, spelling, std::nullopt, std::nullopt);
    new_province[row.code] = province.id;
    Note(province);
    for (auto& [id, unit] : units_) {
      if (unit.level == Level::kCommune &&
          std::find(sources.begin(), sources.end(), *unit.parent) != sources.end())
        unit.parent = province.id;
    }
    Add(MergeEvent{date, sources, std::move(province)});
  }

  // Communes, a rearrangement per new province.
  std::map<std::string_view, std::vector<const LineageRow*>> lineage;  // new code → rows
  for (const LineageRow& row : data_.lineage_2025_07_01)
    lineage[row.new_code].push_back(&row);
  std::map<std::string_view, RearrangeEvent> by_province;
  std::set<UnitId> ending_all;
  std::vector<std::pair<const NewCommuneRow*, NewUnit>> created;
  for (const NewCommuneRow& row : data_.communes_2025_07_01) {
    const std::string at = fmt::format("communes-2025-07-01.csv dòng {} ({})", row.line, row.code);
    auto province = new_province.find(row.province_code);
    if (province == new_province.end())
      return Fail(at + ": không có tỉnh " + std::string(row.province_code));
    auto rows = lineage.find(row.code);
    if (rows == lineage.end()) {
      // Formed from what had no communes (an island district): created from nothing.
      NewUnit unit = Make(Level::kCommune, row.code, row.full_name, row.kind, province->second);
      Note(unit);
      Add(CreateEvent{date, std::move(unit)});
      continue;
    }
    const std::vector<const LineageRow*>& from = rows->second;
    if (from.size() == 1 && from.front()->HasShareBasis("unchanged")) {
      const Standing* kept = Living(Level::kCommune, from.front()->old_code);
      if (!kept) return Fail(at + ": không có xã cũ " + std::string(from.front()->old_code));
      const UnitId id = kept->id;
      if (!SameNameRespelt(kept->name, row.full_name)) Rename(date, id, row.full_name);
      ChangeKind(date, id, row.kind);
      continue;
    }
    RearrangeEvent& event = by_province[row.province_code];
    event.date = date;
    NewUnit unit = Make(Level::kCommune, row.code, row.full_name, row.kind, province->second);
    for (const LineageRow* link : from) {
      const Standing* old = Living(Level::kCommune, link->old_code);
      if (!old) {
        return Fail(fmt::format("lineage-2025-07-01.csv dòng {}: không có xã cũ {}", link->line,
                                link->old_code));
      }
      if (ending_all.insert(old->id).second) event.ending.push_back(old->id);
      event.transfers.push_back(
          Transfer{old->id, unit.id, link->share, !link->IsHeuristic(), BasisOf(*link)});
    }
    created.emplace_back(&row, unit);
    event.created.push_back(std::move(unit));
  }
  for (auto& [province, event] : by_province) {
    for (UnitId id : event.ending)
      End(id);
  }
  for (auto& [row, unit] : created)
    Note(unit);
  for (auto& [province, event] : by_province)
    Add(std::move(event));
  if (communes_.size() != data_.communes_2025_07_01.size()) {
    return Fail(
        fmt::format("ngày {}: lịch sử có {} đơn vị cấp xã, communes-2025-07-01.csv có {} "
                    "(the history has another number of communes than the file)",
                    date.ToString(), communes_.size(), data_.communes_2025_07_01.size()));
  }
  return true;
}

bool HistoryBuilder::Changes2026() {
  const Date date = kChanges2026;
  for (const NewCommuneRow& row : data_.communes_2026_04_30) {
    const Standing* unit = Living(Level::kCommune, row.code);
    if (!unit) {
      return Fail(fmt::format("communes-2025.csv dòng {}: không có đơn vị {} (no such unit on {})",
                              row.line, row.code, date.ToString()));
    }
    const UnitId id = unit->id;
    if (!SameNameRespelt(unit->name, row.full_name)) Rename(date, id, row.full_name);
    ChangeKind(date, id, row.kind);
  }
  for (const ProvinceRow& row : data_.provinces_2026_04_30) {
    const Standing* province = Living(Level::kProvince, row.code);
    if (!province) {
      return Fail(fmt::format("provinces-2025.csv dòng {}: không có tỉnh {}", row.line, row.code));
    }
    if (!SameNameRespelt(province->name, row.full_name)) Rename(date, province->id, row.full_name);
  }
  return true;
}

}  // namespace kieumau::admin_register::internal
