// The register's history from 1 July 2025: the district level ended, the 63 provinces merged into
// 34 (provinces-2025.csv), the communes of each new province redrawn from the lineage
// (lineage-2025-07-01.csv, communes-2025-07-01.csv), and the changes from then to the register's
// latest state (communes-2025.csv, provinces-2025.csv: 30 April 2026 in the shipped register).
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
  Add(AbolishLevelEvent{date, Level::kDistrict, std::nullopt}, {});
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
    const SourceRow source{kProvincesFile, row.line};
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
        Rename(date, sources.front(), spelling, source);
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
    Add(MergeEvent{date, sources, std::move(province)}, {{source}});
  }

  // Communes, a rearrangement per new province.
  std::map<std::string_view, std::vector<const LineageRow*>> lineage;  // new code → rows
  for (const LineageRow& row : data_.lineage_2025_07_01)
    lineage[row.new_code].push_back(&row);
  std::map<std::string_view, SourcedRearrange> by_province;
  std::set<UnitId> ending_all;
  std::vector<NewUnit> created;
  for (const NewCommuneRow& row : data_.communes_2025_07_01) {
    const std::string at = fmt::format("communes-2025-07-01.csv dòng {} ({})", row.line, row.code);
    const SourceRow source{kJulyStateFile, row.line};
    auto province = new_province.find(row.province_code);
    if (province == new_province.end())
      return Fail(at + ": không có tỉnh " + std::string(row.province_code));
    auto rows = lineage.find(row.code);
    if (rows == lineage.end()) {
      // Formed from what had no communes (an island district): created from nothing.
      NewUnit unit = Make(Level::kCommune, row.code, row.full_name, row.kind, province->second);
      Note(unit);
      Add(CreateEvent{date, std::move(unit)}, {{source}});
      continue;
    }
    const std::vector<const LineageRow*>& from = rows->second;
    if (from.size() == 1 && from.front()->HasShareBasis("unchanged")) {
      const Standing* kept = Living(Level::kCommune, from.front()->old_code);
      if (!kept) return Fail(at + ": không có xã cũ " + std::string(from.front()->old_code));
      const UnitId id = kept->id;
      if (!SameNameRespelt(kept->name, row.full_name)) Rename(date, id, row.full_name, source);
      ChangeKind(date, id, row.kind, source);
      continue;
    }
    SourcedRearrange& sourced = by_province[row.province_code];
    RearrangeEvent& event = sourced.event;
    event.date = date;
    NewUnit unit = Make(Level::kCommune, row.code, row.full_name, row.kind, province->second);
    for (const LineageRow* link : from) {
      const Standing* old = Living(Level::kCommune, link->old_code);
      if (!old) {
        return Fail(fmt::format("lineage-2025-07-01.csv dòng {}: không có xã cũ {}", link->line,
                                link->old_code));
      }
      const SourceRow lineage{kLineageFile, link->line};
      if (ending_all.insert(old->id).second) {
        event.ending.push_back(old->id);
        sourced.source.ending.push_back(lineage);
      }
      event.transfers.push_back(
          Transfer{old->id, unit.id, link->share, !link->IsHeuristic(), BasisOf(*link)});
      sourced.source.transfers.push_back(lineage);
    }
    created.push_back(unit);
    event.created.push_back(std::move(unit));
    sourced.source.created.push_back(source);
  }
  for (auto& [province, sourced] : by_province) {
    for (UnitId id : sourced.event.ending)
      End(id);
  }
  for (const NewUnit& unit : created)
    Note(unit);
  for (auto& [province, sourced] : by_province)
    Add(std::move(sourced.event), std::move(sourced.source));
  if (communes_.size() != data_.communes_2025_07_01.size()) {
    return Fail(
        fmt::format("ngày {}: lịch sử có {} đơn vị cấp xã, communes-2025-07-01.csv có {} "
                    "(the history has another number of communes than the file)",
                    date.ToString(), communes_.size(), data_.communes_2025_07_01.size()));
  }
  return true;
}

bool HistoryBuilder::LatestState() {
  const ReleaseRow* head = LatestRelease(data_);
  if (!head || !head->effective_from) {
    return Fail(
        "releases.csv: không có dòng HEAD có effective_from, ngày của trạng thái mới nhất (no HEAD "
        "row with effective_from, the date of the latest state)");
  }
  if (*head->effective_from <= kReform2025) {
    return Fail(
        fmt::format("releases.csv dòng {}: effective_from của HEAD ({}) phải sau ngày {} (HEAD's "
                    "effective_from must come after the reform of 1 July 2025)",
                    head->line, head->effective_from->ToString(), kReform2025.ToString()));
  }
  history_.state_date = *head->effective_from;
  const RegisterProblems problems = LatestStateChanges(
      data_, history_.state_date,
      [this](Level level, std::string_view code) { return Living(level, code); },
      [this](UnitEventValue event, EventSource source) {
        Add(std::move(event), std::move(source));
      });
  return problems.empty() || Fail(problems.front().ToString());
}

RegisterProblems LatestStateChanges(const RegisterData& data, Date date,
                                    const StandingUnit& standing, const EventSink& add) {
  RegisterProblems problems;
  auto missing = [&](std::string_view file, int line, std::string_view column,
                     std::string_view code) {
    problems.push_back({file, line, column,
                        fmt::format("không có đơn vị {} vào ngày {} (no such unit on that date)",
                                    code, date.ToString())});
  };
  for (const NewCommuneRow& row : data.communes_2026_04_30) {
    const Standing* unit = standing(Level::kCommune, row.code);
    if (!unit) {
      missing(kLatestStateFile, row.line, "code", row.code);
      continue;
    }
    const EventSource source{{{kLatestStateFile, row.line}}};
    if (!SameNameRespelt(unit->name, row.full_name))
      add(RenameEvent{date, unit->id, std::string(row.full_name)}, source);
    if (unit->kind != row.kind) add(ChangeKindEvent{date, unit->id, row.kind}, source);
    const Standing* province = standing(Level::kProvince, row.province_code);
    if (!province) {
      missing(kLatestStateFile, row.line, "province_code", row.province_code);
    } else if (unit->parent != province->id) {
      add(ReparentEvent{date, unit->id, province->id}, source);
    }
  }
  for (const ProvinceRow& row : data.provinces_2026_04_30) {
    const Standing* province = standing(Level::kProvince, row.code);
    if (!province) {
      missing(kProvincesFile, row.line, "code", row.code);
    } else if (!SameNameRespelt(province->name, row.full_name)) {
      add(RenameEvent{date, province->id, std::string(row.full_name)},
          {{{kProvincesFile, row.line}}});
    }
  }
  return problems;
}

}  // namespace kieumau::admin_register::internal
