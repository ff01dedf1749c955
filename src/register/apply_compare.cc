// Comparing the register's history with the stored one and naming the rows at fault: which column
// of which file states each part of an event, and the messages.
#include "register/apply_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "register/history_builder.h"
#include "units/events_json.h"

namespace kieumau::admin_register::internal {

namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// An event about one existing unit: rename, reparent, change_kind, update_figures, abolish.
template <typename E>
concept OfOneUnit = std::is_same_v<decltype(E::unit), UnitId>;

// What a column states.
enum class Field { kCode, kName, kKind, kParent, kFrom, kShare, kCertainty, kShareBasis, kMethod };

// Which column of a file states what: `level` set when it depends on the unit's level.
struct ColumnRule {
  std::string_view file;
  Field field;
  std::optional<Level> level;
  std::string_view column;
};

// The two 63-province states have the same columns, and so have the two 34-province ones.
constexpr ColumnRule kColumns[] = {
    {kFirstStateFile, Field::kCode, Level::kProvince, "province_code"},
    {kFirstStateFile, Field::kCode, Level::kDistrict, "district_code"},
    {kFirstStateFile, Field::kCode, Level::kCommune, "code"},
    {kFirstStateFile, Field::kName, Level::kProvince, "province_name"},
    {kFirstStateFile, Field::kName, Level::kDistrict, "district_name"},
    {kFirstStateFile, Field::kName, Level::kCommune, "full_name"},
    {kFirstStateFile, Field::kKind, std::nullopt, "kind"},
    {kFirstStateFile, Field::kParent, Level::kDistrict, "province_code"},
    {kFirstStateFile, Field::kParent, Level::kCommune, "district_code"},
    {kChangesFile, Field::kCode, std::nullopt, "code"},
    {kChangesFile, Field::kName, std::nullopt, "full_name_after"},
    {kChangesFile, Field::kKind, std::nullopt, "kind_after"},
    {kChangesFile, Field::kParent, Level::kDistrict, "province_code"},
    {kChangesFile, Field::kParent, Level::kCommune, "district_code_after"},
    {kChangesFile, Field::kFrom, std::nullopt, "predecessor_code"},
    {kChangesFile, Field::kCertainty, std::nullopt, "method"},
    {kChangesFile, Field::kShareBasis, std::nullopt, "method"},
    {kChangesFile, Field::kMethod, std::nullopt, "method"},
    {kJulyStateFile, Field::kCode, std::nullopt, "code"},
    {kJulyStateFile, Field::kName, std::nullopt, "full_name"},
    {kJulyStateFile, Field::kKind, std::nullopt, "kind"},
    {kJulyStateFile, Field::kParent, std::nullopt, "province_code"},
    {kProvincesFile, Field::kCode, std::nullopt, "code"},
    {kProvincesFile, Field::kName, std::nullopt, "full_name"},
    {kProvincesFile, Field::kFrom, std::nullopt, "formed_from_codes"},
    {kLineageFile, Field::kCode, std::nullopt, "new_code"},
    {kLineageFile, Field::kFrom, std::nullopt, "old_code"},
    {kLineageFile, Field::kShare, std::nullopt, "share"},
    {kLineageFile, Field::kShareBasis, std::nullopt, "share_basis"},
    {kLineageFile, Field::kCertainty, std::nullopt, "match_method"},
    {kLineageFile, Field::kMethod, std::nullopt, "match_method"},
};

// The column of `file` that states `field` of a unit of `level`; empty when none does.
std::string_view ColumnOf(std::string_view file, Level level, Field field) {
  if (file == kMarchStateFile) file = kFirstStateFile;
  if (file == kLatestStateFile) file = kJulyStateFile;
  for (const ColumnRule& rule : kColumns) {
    if (rule.file == file && rule.field == field && (!rule.level || rule.level == level))
      return rule.column;
  }
  return {};
}

RegisterProblem At(const SourceRow& row, Level level, Field field, std::string message) {
  return RegisterProblem{row.file, row.line, ColumnOf(row.file, level, field), std::move(message)};
}

std::string KindText(const std::optional<UnitKind>& kind) {
  return kind ? std::string(UnitKindKey(*kind)) : std::string("(không có)");
}

std::string NewUnitText(const NewUnit& unit) {
  return fmt::format("đơn vị {} \"{}\"", unit.code, unit.name);
}

// The fields of a unit an event brings into being that differ from the stored one's.
void CompareNewUnits(const NewUnit& fresh, const NewUnit& stored, const SourceRow& row,
                     const DescribeUnit& describe, RegisterProblems& problems) {
  const std::string unit = NewUnitText(stored);
  if (fresh.name != stored.name) {
    problems.push_back(At(row, fresh.level, Field::kName,
                          fmt::format("tên \"{}\" khác tên đã lưu \"{}\" của {} (the name differs "
                                      "from the stored history)",
                                      fresh.name, stored.name, unit)));
  }
  if (fresh.kind != stored.kind) {
    problems.push_back(At(row, fresh.level, Field::kKind,
                          fmt::format("loại {} khác loại đã lưu {} của {} (the kind differs from "
                                      "the stored history)",
                                      KindText(fresh.kind), KindText(stored.kind), unit)));
  }
  if (fresh.parent != stored.parent) {
    problems.push_back(
        At(row, fresh.level, Field::kParent,
           fmt::format("cấp trên {} khác cấp trên đã lưu {} của {} (the parent differs from the "
                       "stored history)",
                       fresh.parent ? describe(*fresh.parent) : "(không có)",
                       stored.parent ? describe(*stored.parent) : "(không có)", unit)));
  }
}

std::string TransferText(const Transfer& t, const DescribeUnit& describe) {
  return fmt::format("{} → {} ({}, {}, {})", describe(t.from), describe(t.to), ShareKey(t.share),
                     t.certain ? "chắc chắn" : "không chắc chắn", t.basis);
}

// A rearrangement's parts that differ, each at its row.
void CompareRearrangements(const RearrangeEvent& fresh, const EventSource& source,
                           const RearrangeEvent& stored, const DescribeUnit& describe,
                           RegisterProblems& problems) {
  const std::string date = fresh.date.ToString();
  const std::set<UnitId> stored_ending(stored.ending.begin(), stored.ending.end());
  const std::set<UnitId> fresh_ending(fresh.ending.begin(), fresh.ending.end());
  for (size_t i = 0; i < fresh.ending.size(); ++i) {
    if (stored_ending.contains(fresh.ending[i])) continue;
    const SourceRow& row = source.ending[i];
    problems.push_back(At(row, Level::kCommune,
                          row.file == kLineageFile ? Field::kFrom : Field::kCode,
                          fmt::format("{} chấm dứt ngày {} theo sổ đăng ký nhưng không theo lịch "
                                      "sử đã lưu (the unit ends here, not in the stored history)",
                                      describe(fresh.ending[i]), date)));
  }
  std::map<UnitId, const NewUnit*> stored_created;
  for (const NewUnit& unit : stored.created)
    stored_created[unit.id] = &unit;
  std::map<UnitId, size_t> fresh_created;  // id → index
  for (size_t i = 0; i < fresh.created.size(); ++i) {
    const NewUnit& unit = fresh.created[i];
    fresh_created[unit.id] = i;
    auto it = stored_created.find(unit.id);
    if (it != stored_created.end()) {
      CompareNewUnits(unit, *it->second, source.created[i], describe, problems);
    } else {
      problems.push_back(At(source.created[i], unit.level, Field::kCode,
                            fmt::format("{} được thành lập ngày {} theo sổ đăng ký nhưng không "
                                        "theo lịch sử đã lưu (the unit is formed here, not in the "
                                        "stored history)",
                                        NewUnitText(unit), date)));
    }
  }
  std::map<std::pair<UnitId, UnitId>, const Transfer*> stored_transfers;
  for (const Transfer& t : stored.transfers)
    stored_transfers[{t.from, t.to}] = &t;
  std::set<std::pair<UnitId, UnitId>> fresh_pairs;
  for (size_t i = 0; i < fresh.transfers.size(); ++i) {
    const Transfer& t = fresh.transfers[i];
    const SourceRow& row = source.transfers[i];
    fresh_pairs.insert({t.from, t.to});
    auto it = stored_transfers.find({t.from, t.to});
    if (it == stored_transfers.end()) {
      problems.push_back(At(row, Level::kCommune, Field::kFrom,
                            fmt::format("lịch sử đã lưu không có chuyển {} ngày {} (the stored "
                                        "history has no such transfer)",
                                        TransferText(t, describe), date)));
      continue;
    }
    const Transfer& s = *it->second;
    const std::string was = fmt::format("lịch sử đã lưu: {}", TransferText(s, describe));
    if (t.share != s.share) {
      problems.push_back(At(row, Level::kCommune, Field::kShare,
                            fmt::format("phần chuyển khác ({}; the share differs)", was)));
    }
    if (t.certain != s.certain) {
      problems.push_back(At(row, Level::kCommune, Field::kCertainty,
                            fmt::format("độ chắc chắn khác ({}; the certainty differs)", was)));
    } else if (t.basis != s.basis) {
      const bool share_basis =
          t.basis.substr(0, t.basis.find('/')) != s.basis.substr(0, s.basis.find('/'));
      problems.push_back(At(row, Level::kCommune, share_basis ? Field::kShareBasis : Field::kMethod,
                            fmt::format("căn cứ khác ({}; the basis differs)", was)));
    }
  }
  // What only the stored history has, at the rows of the register's part about the same unit.
  auto rows_about = [&](UnitId to) {
    std::vector<SourceRow> rows;
    if (auto it = fresh_created.find(to); it != fresh_created.end())
      rows.push_back(source.created[it->second]);
    for (size_t i = 0; i < fresh.transfers.size() && rows.empty(); ++i) {
      if (fresh.transfers[i].to == to) rows.push_back(source.transfers[i]);
    }
    return rows;
  };
  for (const Transfer& s : stored.transfers) {
    if (fresh_pairs.contains({s.from, s.to})) continue;
    const std::string message = fmt::format(
        "sổ đăng ký không có chuyển {} ngày {} mà lịch sử đã lưu có (the register lacks a stored "
        "transfer)",
        TransferText(s, describe), date);
    const std::vector<SourceRow> rows = rows_about(s.to);
    if (rows.empty()) problems.push_back({{}, 0, {}, message});
    for (const SourceRow& row : rows)
      problems.push_back(At(row, Level::kCommune,
                            row.file == kLineageFile ? Field::kFrom : Field::kCode, message));
  }
  for (const NewUnit& unit : stored.created) {
    if (fresh_created.contains(unit.id)) continue;
    problems.push_back({{},
                        0,
                        {},
                        fmt::format("sổ đăng ký không thành lập {} ngày {} như lịch sử đã lưu "
                                    "(the register does not form a unit the stored history does)",
                                    NewUnitText(unit), date)});
  }
  for (UnitId id : stored.ending) {
    if (fresh_ending.contains(id)) continue;
    problems.push_back({{},
                        0,
                        {},
                        fmt::format("theo sổ đăng ký {} không chấm dứt ngày {} như lịch sử đã lưu "
                                    "(the unit does not end here as in the stored history)",
                                    describe(id), date)});
  }
}

// The field an event of one unit changes.
Field FieldOf(const UnitEventValue& event) {
  if (std::holds_alternative<RenameEvent>(event)) return Field::kName;
  if (std::holds_alternative<ChangeKindEvent>(event)) return Field::kKind;
  if (std::holds_alternative<ReparentEvent>(event)) return Field::kParent;
  if (std::holds_alternative<MergeEvent>(event)) return Field::kFrom;
  return Field::kCode;
}

// What an event of one unit says: its new name, kind or parent.
std::string ChangeText(const UnitEventValue& event, const DescribeUnit& describe) {
  return std::visit(
      Overloaded{
          [](const RenameEvent& e) { return fmt::format("tên \"{}\"", e.name); },
          [](const ChangeKindEvent& e) { return fmt::format("loại {}", UnitKindKey(e.kind)); },
          [&](const ReparentEvent& e) { return fmt::format("cấp trên {}", describe(e.parent)); },
          [](const auto&) { return std::string(); },
      },
      event);
}

}  // namespace

std::string EventIdentity(UnitEventValue event) {
  std::visit(Overloaded{
                 [](MergeEvent& e) { std::sort(e.sources.begin(), e.sources.end()); },
                 [](SplitEvent& e) {
                   std::sort(e.parts.begin(), e.parts.end(),
                             [](const NewUnit& a, const NewUnit& b) { return a.id < b.id; });
                 },
                 [](RearrangeEvent& e) {
                   std::sort(e.ending.begin(), e.ending.end());
                   std::sort(e.created.begin(), e.created.end(),
                             [](const NewUnit& a, const NewUnit& b) { return a.id < b.id; });
                   std::sort(e.transfers.begin(), e.transfers.end(),
                             [](const Transfer& a, const Transfer& b) {
                               return std::pair(a.from, a.to) < std::pair(b.from, b.to);
                             });
                 },
                 [](auto&) {},
             },
             event);
  return fmt::format("{} {} {}", EventDate(event).ToString(), EventKey(event),
                     UnitEventPayloadJson(event));
}

std::vector<UnitId> EventSubjects(const UnitEventValue& event) {
  std::vector<UnitId> ids;
  std::visit(Overloaded{
                 [&](const CreateEvent& e) { ids.push_back(e.unit.id); },
                 [&](const MergeEvent& e) {
                   ids = e.sources;
                   if (const auto* id = std::get_if<UnitId>(&e.into)) ids.push_back(*id);
                   if (const auto* unit = std::get_if<NewUnit>(&e.into)) ids.push_back(unit->id);
                 },
                 [&](const SplitEvent& e) {
                   ids.push_back(e.source);
                   for (const NewUnit& part : e.parts)
                     ids.push_back(part.id);
                 },
                 [&](const AbolishLevelEvent& e) {
                   if (e.province) ids.push_back(*e.province);
                 },
                 [&](const RearrangeEvent& e) {
                   ids = e.ending;
                   for (const NewUnit& unit : e.created)
                     ids.push_back(unit.id);
                   for (const Transfer& t : e.transfers) {
                     ids.push_back(t.from);
                     ids.push_back(t.to);
                   }
                 },
                 [&](const auto& e) { ids.push_back(e.unit); },
             },
             event);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string DescribeEvent(const UnitEventValue& event, const DescribeUnit& describe) {
  const std::string head = fmt::format("{} ({}) ngày {}", EventLabel(event), EventKey(event),
                                       EventDate(event).ToString());
  return std::visit(
      Overloaded{
          [&](const CreateEvent& e) { return fmt::format("{}, {}", head, NewUnitText(e.unit)); },
          [&](const MergeEvent& e) {
            const auto* unit = std::get_if<NewUnit>(&e.into);
            return fmt::format("{}, {} đơn vị vào {}", head, e.sources.size(),
                               unit ? NewUnitText(*unit) : describe(std::get<UnitId>(e.into)));
          },
          [&](const SplitEvent& e) { return fmt::format("{}, {}", head, describe(e.source)); },
          [&](const AbolishLevelEvent& e) {
            return fmt::format("{}, {}{}", head, LevelLabel(e.level),
                               e.province ? " của " + describe(*e.province) : "");
          },
          [&](const RearrangeEvent& e) {
            return fmt::format("{}, {} đơn vị chấm dứt, {} thành lập, {} phần chuyển", head,
                               e.ending.size(), e.created.size(), e.transfers.size());
          },
          [&](const auto& e) {
            const std::string change = ChangeText(event, describe);
            return fmt::format("{}, {}{}", head, describe(e.unit),
                               change.empty() ? "" : ": " + change);
          },
      },
      event);
}

bool ApplyEach(UnitRegistry& registry, std::span<const UnitEventValue> events,
               std::span<const EventSource> sources, RegisterProblems& problems) {
  for (size_t i = 0; i < events.size(); ++i) {
    const UnitEventValue& event = events[i];
    // Named before applying: a failed event changes nothing, and an applied one may end units.
    std::vector<std::pair<SourceRow, std::string>> named;
    if (const auto* e = std::get_if<RearrangeEvent>(&event)) {
      for (size_t k = 0; k < e->ending.size(); ++k)
        named.emplace_back(sources[i].ending[k], registry.Describe(e->ending[k]));
      for (size_t k = 0; k < e->created.size(); ++k)
        named.emplace_back(sources[i].created[k], NewUnitText(e->created[k]));
      for (size_t k = 0; k < e->transfers.size(); ++k)
        named.emplace_back(sources[i].transfers[k], registry.Describe(e->transfers[k].from));
    }
    Result<std::monostate> applied = registry.Apply(event);
    if (applied) continue;
    const std::string message = "không áp dụng được (does not apply): " + applied.error().message;
    std::vector<SourceRow> rows;
    for (const auto& [row, unit] : named) {
      if (message.find(unit) != std::string::npos &&
          std::find(rows.begin(), rows.end(), row) == rows.end())
        rows.push_back(row);
    }
    if (rows.empty()) rows = sources[i].All();
    if (rows.empty()) problems.push_back({{}, 0, {}, message});
    for (const SourceRow& row : rows)
      problems.push_back({row.file, row.line, {}, message});
    return false;
  }
  return true;
}

void ReportDifference(const UnitEventValue& fresh, const EventSource& source,
                      const UnitEventValue& stored, const DescribeUnit& describe,
                      const std::function<Level(UnitId)>& level_of, RegisterProblems& problems) {
  const size_t before = problems.size();
  const std::vector<SourceRow> rows = source.All();
  const std::string date = EventDate(fresh).ToString();
  std::visit(
      Overloaded{
          [&](const CreateEvent& e) {
            CompareNewUnits(e.unit, std::get<CreateEvent>(stored).unit, rows.front(), describe,
                            problems);
          },
          [&](const MergeEvent& e) {
            const MergeEvent& s = std::get<MergeEvent>(stored);
            const auto* unit = std::get_if<NewUnit>(&e.into);
            const auto* stored_unit = std::get_if<NewUnit>(&s.into);
            if (unit && stored_unit)
              CompareNewUnits(*unit, *stored_unit, rows.front(), describe, problems);
            std::vector<UnitId> a = e.sources, b = s.sources;
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (a != b) {
              std::string was;
              for (UnitId id : s.sources)
                was += (was.empty() ? "" : ", ") + describe(id);
              problems.push_back(At(rows.front(), Level::kProvince, Field::kFrom,
                                    fmt::format("đơn vị hợp nhất ngày {} khác lịch sử đã lưu ({}; "
                                                "the merged units differ from the stored history)",
                                                date, was)));
            }
          },
          [&](const RearrangeEvent& e) {
            CompareRearrangements(e, source, std::get<RearrangeEvent>(stored), describe, problems);
          },
          [&](const auto& e) {
            if constexpr (OfOneUnit<std::decay_t<decltype(e)>>) {
              if (rows.empty()) return;
              problems.push_back(At(
                  rows.front(), level_of(e.unit), FieldOf(fresh),
                  fmt::format("{} ngày {}: sổ đăng ký ghi {}, lịch sử đã lưu ghi {} (differs from "
                              "the stored history)",
                              describe(e.unit), date, ChangeText(fresh, describe),
                              ChangeText(stored, describe))));
            }
          },
      },
      fresh);
  if (problems.size() > before) return;
  const std::string message =
      fmt::format("{} khác sự kiện đã lưu {} (differs from the stored event)",
                  DescribeEvent(fresh, describe), DescribeEvent(stored, describe));
  if (rows.empty()) problems.push_back({{}, 0, {}, message});
  for (const SourceRow& row : rows)
    problems.push_back({row.file, row.line, {}, message});
}

void ReportUnstored(const UnitEventValue& fresh, const EventSource& source,
                    const DescribeUnit& describe, Date stored_until, RegisterProblems& problems) {
  const std::vector<SourceRow> rows = source.All();
  const std::string message = fmt::format(
      "lịch sử đã lưu (đến ngày {}) không có {}{} (the stored history, which covers that date, "
      "does not have this event)",
      stored_until.ToString(), DescribeEvent(fresh, describe),
      rows.size() > 1 ? fmt::format(", từ {} dòng", rows.size()) : "");
  if (rows.empty()) {
    problems.push_back({{}, 0, {}, message});
    return;
  }
  const Level level = std::holds_alternative<CreateEvent>(fresh)
                          ? std::get<CreateEvent>(fresh).unit.level
                          : Level::kCommune;
  problems.push_back(At(rows.front(), level, FieldOf(fresh), message));
}

void ReportStateDifference(const UnitEventValue& fresh, const EventSource& source,
                           const UnitRegistry& stored, const DescribeUnit& describe,
                           RegisterProblems& problems) {
  const Date date = EventDate(fresh);
  std::visit(
      [&](const auto& e) {
        if constexpr (OfOneUnit<std::decay_t<decltype(e)>>) {
          const Result<UnitState> state = stored.StateAt(e.unit, date);
          std::string was;
          if (state) {
            if (std::holds_alternative<RenameEvent>(fresh)) was = "tên \"" + state->name + "\"";
            if (std::holds_alternative<ChangeKindEvent>(fresh))
              was = "loại " + KindText(state->kind);
            if (std::holds_alternative<ReparentEvent>(fresh) && state->parent)
              was = "cấp trên " + describe(*state->parent);
          }
          problems.push_back(
              At(source.rows.front(), stored.Find(e.unit)->level, FieldOf(fresh),
                 fmt::format("ngày {} lịch sử đã lưu ghi {} có {}, sổ đăng ký ghi {} (the "
                             "register's latest state differs from the stored state on its date)",
                             date.ToString(), describe(e.unit), was, ChangeText(fresh, describe))));
        }
      },
      fresh);
}

}  // namespace kieumau::admin_register::internal
