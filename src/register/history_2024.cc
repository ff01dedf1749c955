// The register's history up to 1 March 2025: the builder's bookkeeping, the first state (the units
// of 1 November 2024, recorded from kRegisterStart) and the changes of 1 January and 1 March 2025
// (changes-early-2025.csv), checked against the register's snapshot of 1 March 2025.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "register/history_builder.h"
#include "text/fold.h"

namespace kieumau::admin_register {

namespace internal {

bool SameNameRespelt(std::string_view current, std::string_view name) {
  return current == name || text::ToneInsensitiveKey(current) == text::ToneInsensitiveKey(name);
}

std::unordered_map<std::string, UnitId>& HistoryBuilder::CodesOf(Level level) {
  switch (level) {
    case Level::kProvince:
      return provinces_;
    case Level::kDistrict:
      return districts_;
    case Level::kCommune:
      break;
  }
  return communes_;
}

const Standing* HistoryBuilder::Living(Level level, std::string_view code) {
  auto& codes = CodesOf(level);
  auto it = codes.find(std::string(code));
  return it == codes.end() ? nullptr : &units_.at(it->second);
}

NewUnit HistoryBuilder::Make(Level level, std::string_view code, std::string_view name,
                             std::optional<UnitKind> kind, std::optional<UnitId> parent) {
  NewUnit unit;
  unit.id = ++history_.unit_count;
  unit.code = std::string(code);
  unit.name = std::string(name);
  unit.level = level;
  unit.kind = kind;
  unit.parent = parent;
  return unit;
}

void HistoryBuilder::Note(NewUnit unit) {
  units_[unit.id] = Standing{unit.id,   unit.code,   unit.level,   unit.name,
                             unit.kind, unit.parent, std::nullopt, std::nullopt};
  CodesOf(unit.level)[unit.code] = unit.id;
}

void HistoryBuilder::End(UnitId id) {
  const Standing& unit = units_.at(id);
  auto& codes = CodesOf(unit.level);
  if (auto it = codes.find(unit.code); it != codes.end() && it->second == id) codes.erase(it);
  units_.erase(id);
}

void HistoryBuilder::Add(UnitEventValue event, EventSource source) {
  history_.events.push_back(std::move(event));
  history_.sources.push_back(std::move(source));
}

void HistoryBuilder::Rename(Date date, UnitId id, std::string_view name, SourceRow row) {
  Standing& unit = Get(id);
  if (unit.name == name) return;
  unit.name = std::string(name);
  Add(RenameEvent{date, id, std::string(name)}, {{row}});
}

void HistoryBuilder::ChangeKind(Date date, UnitId id, UnitKind kind, SourceRow row) {
  Standing& unit = Get(id);
  if (unit.kind == kind) return;
  unit.kind = kind;
  Add(ChangeKindEvent{date, id, kind}, {{row}});
}

void HistoryBuilder::Reparent(Date date, UnitId id, UnitId parent, SourceRow row) {
  Standing& unit = Get(id);
  if (unit.parent == parent) return;
  unit.parent = parent;
  Add(ReparentEvent{date, id, parent}, {{row}});
}

bool HistoryBuilder::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

RegisterHistory HistoryBuilder::Take() {
  for (const UnmatchedRow& row : data_.lineage_unmatched) {
    if (!row.resolved_code) history_.unresolved.push_back(row);
  }
  return std::move(history_);
}

// --- 1 November 2024 -----------------------------------------------------------------------------

bool HistoryBuilder::FirstState() {
  const Date date = kRegisterStart;
  for (const CommuneRow& row : data_.communes_2024_11_01) {
    const EventSource source{{{kFirstStateFile, row.line}}};
    if (!Living(Level::kProvince, row.province_code)) {
      NewUnit province =
          Make(Level::kProvince, row.province_code, row.province_name, std::nullopt, std::nullopt);
      Note(province);
      Add(CreateEvent{date, std::move(province)}, source);
    }
    if (!Living(Level::kDistrict, row.district_code)) {
      NewUnit district = Make(Level::kDistrict, row.district_code, row.district_name, std::nullopt,
                              Living(Level::kProvince, row.province_code)->id);
      Note(district);
      Add(CreateEvent{date, std::move(district)}, source);
    }
    NewUnit commune = Make(Level::kCommune, row.code, row.full_name, row.kind,
                           Living(Level::kDistrict, row.district_code)->id);
    Note(commune);
    Add(CreateEvent{date, std::move(commune)}, source);
  }
  return true;
}

// --- 1 January and 1 March 2025 ------------------------------------------------------------------

namespace {

std::set<std::string_view> CodesIn(const std::vector<CommuneRow>& rows) {
  std::set<std::string_view> codes;
  for (const CommuneRow& row : rows)
    codes.insert(row.code);
  return codes;
}

}  // namespace

bool HistoryBuilder::Early2025(Date date) {
  std::vector<const ChangeRow*> rows;
  for (const ChangeRow& row : data_.changes_early_2025) {
    if (row.effective_date == date) rows.push_back(&row);
  }
  // Codes that exist only in the release between the two (v2.3.0): upstream artefacts, left out
  // (data/vn-admin/README.md, "Upstream irregularities").
  const std::set<std::string_view> before = CodesIn(data_.communes_2024_11_01);
  const std::set<std::string_view> after = CodesIn(data_.communes_2025_03_01);
  auto artefact = [&](std::optional<std::string_view> code) {
    return code && !before.contains(*code) && !after.contains(*code);
  };
  int artefacts = 0;
  auto where = [](const ChangeRow& row) {
    return fmt::format("{} dòng {}", kChangesFile, row.line);
  };
  auto at = [](const ChangeRow& row) { return SourceRow{kChangesFile, row.line}; };

  // Provinces and new districts first: communes move into them.
  for (const ChangeRow* row : rows) {
    if (row->change == ChangeType::kProvinceRenamed) {
      const Standing* province = Living(Level::kProvince, *row->code);
      if (!province) return Fail(where(*row) + ": không có tỉnh " + std::string(*row->code));
      Rename(date, province->id, row->full_name_after, at(*row));
    } else if (row->change == ChangeType::kDistrictAdded) {
      const Standing* province = Living(Level::kProvince, row->province_code);
      if (!province)
        return Fail(where(*row) + ": không có tỉnh " + std::string(row->province_code));
      NewUnit district =
          Make(Level::kDistrict, *row->code, row->full_name_after, std::nullopt, province->id);
      Note(district);
      Add(CreateEvent{date, std::move(district)}, {{at(*row)}});
    }
  }
  // Communes that keep their code: names, kinds, districts.
  std::set<std::string_view> added, removed;
  for (const ChangeRow* row : rows) {
    if (artefact(row->code) || artefact(row->predecessor_code)) {
      ++artefacts;
      continue;
    }
    switch (row->change) {
      case ChangeType::kCommuneAdded:
        added.insert(*row->code);
        continue;
      case ChangeType::kCommuneRemoved:
        removed.insert(*row->code);
        continue;
      case ChangeType::kCommuneRenamed:
      case ChangeType::kCommuneRespelt:
      case ChangeType::kCommuneKindChanged:
      case ChangeType::kCommuneMoved:
        break;
      default:
        continue;
    }
    const Standing* commune = Living(Level::kCommune, *row->code);
    if (!commune) return Fail(where(*row) + ": không có xã " + std::string(*row->code));
    if (row->change == ChangeType::kCommuneMoved) {
      const Standing* district = Living(Level::kDistrict, *row->district_code_after);
      if (!district) {
        return Fail(where(*row) + ": không có huyện " + std::string(*row->district_code_after));
      }
      Reparent(date, commune->id, district->id, at(*row));
    } else if (row->change == ChangeType::kCommuneKindChanged) {
      ChangeKind(date, commune->id, std::get<UnitKind>(*row->kind_after), at(*row));
    }
    // Every row gives the name after (a new kind comes with one: Xã → Thị trấn Mường Giàng).
    if (!row->full_name_after.empty()) Rename(date, commune->id, row->full_name_after, at(*row));
  }
  // New communes, and the links from the communes that ended: a rearrangement per province. The
  // links the data infers (every method but same_code) are uncertain.
  std::map<std::string_view, SourcedRearrange> by_province;
  std::map<std::string_view, UnitId> new_ids;
  for (const ChangeRow* row : rows) {
    if (row->change != ChangeType::kCommuneAdded || !added.contains(*row->code)) continue;
    const Standing* district = Living(Level::kDistrict, *row->district_code_after);
    if (!district) {
      return Fail(where(*row) + ": không có huyện " + std::string(*row->district_code_after));
    }
    NewUnit commune = Make(Level::kCommune, *row->code, row->full_name_after,
                           std::get<UnitKind>(*row->kind_after), district->id);
    new_ids[*row->code] = commune.id;
    SourcedRearrange& event = by_province[row->province_code];
    event.event.date = date;
    event.event.created.push_back(std::move(commune));
    event.source.created.push_back(at(*row));
  }
  for (const ChangeRow* row : rows) {
    if (row->change != ChangeType::kCommuneRemoved || !removed.contains(*row->code)) continue;
    const Standing* commune = Living(Level::kCommune, *row->code);
    if (!commune) return Fail(where(*row) + ": không có xã " + std::string(*row->code));
    SourcedRearrange& event = by_province[row->province_code];
    event.event.date = date;
    event.event.ending.push_back(commune->id);
    event.source.ending.push_back(at(*row));
  }
  int unlinked = 0;
  for (const ChangeRow* row : rows) {
    if (row->change != ChangeType::kPredecessor || artefact(row->code) ||
        artefact(row->predecessor_code))
      continue;
    if (row->method == PredecessorMethod::kSameCode ||
        row->method == PredecessorMethod::kNoCandidate)
      continue;
    if (!row->predecessor_code || !removed.contains(*row->predecessor_code)) {
      ++unlinked;
      continue;
    }
    const Standing* from = Living(Level::kCommune, *row->predecessor_code);
    UnitId to = 0;
    if (auto it = new_ids.find(*row->code); it != new_ids.end()) {
      to = it->second;
    } else if (const Standing* kept = Living(Level::kCommune, *row->code)) {
      to = kept->id;
    } else {
      return Fail(where(*row) + ": không có xã kế thừa " + std::string(*row->code));
    }
    SourcedRearrange& event = by_province[row->province_code];
    event.event.transfers.push_back(Transfer{from->id, to, Share::kWhole, false,
                                             std::string(PredecessorMethodKey(row->method))});
    event.source.transfers.push_back(at(*row));
  }
  for (auto& [province, sourced] : by_province) {
    RearrangeEvent& event = sourced.event;
    EventSource& source = sourced.source;
    // A new commune nothing is linked to comes into being on its own.
    std::set<UnitId> received;
    for (const Transfer& t : event.transfers)
      received.insert(t.to);
    for (UnitId id : event.ending)
      End(id);
    std::vector<NewUnit> created;
    std::vector<SourceRow> created_rows;
    for (size_t i = 0; i < event.created.size(); ++i) {
      const NewUnit& unit = event.created[i];
      Note(unit);
      if (received.contains(unit.id)) {
        created.push_back(unit);
        created_rows.push_back(source.created[i]);
      } else {
        Add(CreateEvent{date, unit}, {{source.created[i]}});
      }
    }
    event.created = std::move(created);
    source.created = std::move(created_rows);
    if (event.transfers.empty()) {
      // Communes that ended with no link to any other: abolished, as far as the data says.
      for (size_t i = 0; i < event.ending.size(); ++i)
        Add(AbolishEvent{date, event.ending[i]}, {{source.ending[i]}});
    } else {
      Add(std::move(event), std::move(source));
    }
  }
  // Districts last: renamed (a kind change comes with a new name), or ended once their communes
  // have moved away.
  for (const ChangeRow* row : rows) {
    if (row->change == ChangeType::kDistrictRenamed ||
        row->change == ChangeType::kDistrictKindChanged) {
      const Standing* district = Living(Level::kDistrict, *row->code);
      if (!district) return Fail(where(*row) + ": không có huyện " + std::string(*row->code));
      Rename(date, district->id, row->full_name_after, at(*row));
    }
  }
  for (const ChangeRow* row : rows) {
    if (row->change != ChangeType::kDistrictRemoved) continue;
    const Standing* district = Living(Level::kDistrict, *row->code);
    if (!district) return Fail(where(*row) + ": không có huyện " + std::string(*row->code));
    const UnitId id = district->id;
    Add(AbolishEvent{date, id}, {{at(*row)}});
    End(id);
  }
  if (artefacts > 0) {
    history_.notes.push_back(fmt::format(
        "{}: bỏ qua {} dòng về mã chỉ có trong bản phát hành giữa hai mốc (left out {} rows about "
        "codes found only in the release in between: upstream artefacts)",
        date.ToString(), artefacts, artefacts));
  }
  if (unlinked > 0) {
    history_.notes.push_back(fmt::format(
        "{}: bỏ qua {} liên kết tiền thân không trỏ tới xã chấm dứt ngày đó (left out {} "
        "predecessor links naming no commune that ended that day)",
        date.ToString(), unlinked, unlinked));
  }
  return date != kEarly2025Second ||
         MatchesSnapshot(data_.communes_2025_03_01, kMarchStateFile, date);
}

bool HistoryBuilder::MatchesSnapshot(const std::vector<CommuneRow>& snapshot, std::string_view file,
                                     Date date) {
  size_t matched = 0;
  for (const CommuneRow& row : snapshot) {
    const Standing* commune = Living(Level::kCommune, row.code);
    const std::string at = fmt::format("{} dòng {} ({})", file, row.line, row.code);
    if (!commune) {
      return Fail(
          fmt::format("{}: xã không có trong lịch sử dựng được đến ngày {} (the commune is "
                      "missing from the history built up to that date)",
                      at, date.ToString()));
    }
    if (commune->kind != row.kind) {
      return Fail(fmt::format("{}: loại khác với lịch sử (kind differs from the history)", at));
    }
    if (!SameNameRespelt(commune->name, row.full_name)) {
      return Fail(fmt::format("{}: tên \"{}\" khác với lịch sử \"{}\" (name differs)", at,
                              row.full_name, commune->name));
    }
    const Standing* district = Living(Level::kDistrict, row.district_code);
    if (!district || commune->parent != district->id) {
      return Fail(fmt::format("{}: thuộc huyện khác với lịch sử (district differs)", at));
    }
    ++matched;
  }
  if (matched != communes_.size()) {
    return Fail(
        fmt::format("{}: lịch sử dựng được có {} xã, tệp có {} (the history has {} "
                    "communes on {}, the file {})",
                    file, communes_.size(), matched, communes_.size(), date.ToString(), matched));
  }
  return true;
}

}  // namespace internal

Result<RegisterHistory> BuildRegisterHistory(const RegisterData& data) {
  internal::HistoryBuilder builder(data);
  const bool built = builder.FirstState() && builder.Early2025(kEarly2025First) &&
                     builder.Early2025(kEarly2025Second) && builder.Reform2025() &&
                     builder.LatestState();
  if (!built) {
    return Error{
        "sổ đăng ký đơn vị hành chính không dựng được thành lịch sử (the register cannot "
        "be made into a history): " +
        builder.error()};
  }
  return builder.Take();
}

std::vector<SourceRow> EventSource::All() const {
  std::vector<SourceRow> all;
  for (const std::vector<SourceRow>* part : {&rows, &ending, &created, &transfers}) {
    for (const SourceRow& row : *part) {
      if (std::find(all.begin(), all.end(), row) == all.end()) all.push_back(row);
    }
  }
  return all;
}

const ReleaseRow* LatestRelease(const RegisterData& data) {
  for (const ReleaseRow& release : data.releases) {
    if (release.release == "HEAD") return &release;
  }
  return nullptr;
}

}  // namespace kieumau::admin_register
