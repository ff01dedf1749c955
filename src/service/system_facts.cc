// Facts: the yearly table (template and export), its import, a unit's values and their history.
#include <set>

#include "engine/excerpt.h"
#include "facts_io/fact_import.h"
#include "facts_io/fact_table.h"
#include "service/system.h"
#include "service/system_internal.h"

namespace kieumau::service {

using namespace internal;

namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace

Answer<System::WriteSummary> System::WriteFacts(const State& state, int year,
                                                const std::vector<FactWrite>& writes,
                                                const WriteActor& actor) {
  // The caller holds write_mutex_.
  // The years scoring needs, as they are before the batch.
  std::shared_ptr<const YearFacts> years[3];
  for (int i = 0; i < 3; ++i) {
    Answer<std::shared_ptr<const YearFacts>> loaded = Facts(year - 1 + i);
    if (!loaded) return loaded.error();
    years[i] = std::move(*loaded);
  }
  std::shared_ptr<const YearFacts> after = WithWrites(*years[1], writes);
  std::set<UnitId> units;
  for (const FactWrite& w : writes)
    units.insert(w.unit_id);
  StorePool::Lease store = pool_->Acquire();
  Answer<std::vector<ScorecardRecord>> scorecards = ScorecardsAfter(
      *store, state, year, {units.begin(), units.end()}, *years[0], *after, *years[2]);
  if (!scorecards) return scorecards.error();
  PutFactsSummary summary;
  StoreStatus written = store->InTransaction([&](Store& in) -> StoreStatus {
    StoreResult<PutFactsSummary> put = in.PutFacts(writes, actor, now_());
    if (!put) return put.error();
    summary = *put;
    return in.PutScorecards(*scorecards);
  });
  if (!written) return FromStore(written.error());
  InstallFacts(year, std::move(after));
  return WriteSummary{summary, static_cast<int>(scorecards->size())};
}

Answer<FileAnswer> System::FactsTable(int year, TableFileFormat format, std::string_view within) {
  if (auto bad = CheckYear(year)) return *bad;
  std::shared_ptr<const State> state = CurrentState();
  const UnitRegistry& registry = state->registry;
  const Date end = Date::LastDayOfYear(year);
  std::optional<UnitId> root;
  if (!within.empty()) {
    Answer<UnitId> found = state->UnitAtYearEnd(within, year);
    if (!found) return found.error();
    root = *found;
  }
  Answer<std::shared_ptr<const YearFacts>> facts = Facts(year);
  if (!facts) return facts.error();
  std::vector<FactTableRow> rows;
  for (const auto& [id, unit] : registry.units()) {
    if (unit.level != Level::kCommune || !unit.ExistsOn(end)) continue;
    if (root) {
      Result<std::vector<UnitId>> path = registry.Path(id, end);
      if (!path || std::find(path->begin(), path->end(), *root) == path->end()) continue;
    }
    FactTableRow row;
    row.unit_code = unit.code;
    row.unit_name = state->Name(id, end);
    if (const std::vector<double>* values = (*facts)->Find(id)) {
      for (double value : *values)
        row.cells.push_back(IsMissing(value) ? Cell() : Cell::Number(value));
      while (!row.cells.empty() && row.cells.back().empty())
        row.cells.pop_back();
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const FactTableRow& a, const FactTableRow& b) { return a.unit_code < b.unit_code; });
  FileAnswer answer;
  const std::string base = "kieumau-so-lieu-" + std::to_string(year);
  if (format == TableFileFormat::kCsv) {
    answer.content_type = "text/csv; charset=utf-8";
    answer.file_name = base + ".csv";
    answer.body = WriteFactTableCsv(catalogue_, rows);
    // The API's CSV starts with its header, as the contract says; xlsx is there for Excel.
    if (answer.body.rfind("\xEF\xBB\xBF", 0) == 0) answer.body.erase(0, 3);
  } else {
    Result<std::string> xlsx =
        WriteFactTableXlsx(catalogue_, rows, "Số liệu " + std::to_string(year));
    if (!xlsx) return FromError(xlsx.error(), ErrorCode::kInternal);
    answer.content_type = std::string(kXlsxType);
    answer.file_name = base + ".xlsx";
    answer.body = std::move(*xlsx);
  }
  return answer;
}

Answer<std::string> System::ImportFacts(int year, std::string_view file, const WriteActor& actor) {
  if (auto bad = CheckYear(year)) return *bad;
  std::shared_ptr<const State> state = CurrentState();
  const UnitRegistry& registry = state->registry;
  const Date end = Date::LastDayOfYear(year);

  Result<FactTable> table = ReadFactTable(file, GuessTableFormat(file));
  if (!table) {
    return Problem{ErrorCode::kInvalidFile,
                   table.error().message + " — không lưu gì (nothing was stored)",
                   {}};
  }
  // Checked against the values stored now without the write lock, so that a large file does not
  // hold up other writers; under the lock, checked again only when a write came in between (the
  // stored values the checks read, `le` partners, must not change before the batch is stored).
  auto check = [&](const YearFacts& facts) {
    UnitLookup lookup;
    lookup.find_unit = [&](std::string_view code, int) -> std::optional<UnitRef> {
      std::optional<UnitId> id = registry.FindByCode(code, end);
      if (!id || registry.Find(*id)->level != Level::kCommune) return std::nullopt;
      return UnitRef{*id, state->Name(*id, end)};
    };
    lookup.stored_value = [&](int64_t unit, std::string_view indicator,
                              int) -> std::optional<double> {
      const std::optional<int> slot = catalogue_.Find(indicator);
      const std::vector<double>* row = facts.Find(unit);
      if (!slot || row == nullptr || IsMissing((*row)[static_cast<size_t>(*slot)]))
        return std::nullopt;
      return (*row)[static_cast<size_t>(*slot)];
    };
    return ValidateFactTable(*table, catalogue_, year, lookup);
  };
  const uint64_t checked_version = FactsVersion();
  Answer<std::shared_ptr<const YearFacts>> facts = Facts(year);
  if (!facts) return facts.error();
  FactImport checked = check(**facts);
  std::unique_lock write(write_mutex_, std::defer_lock);
  if (checked.errors.empty()) {
    write.lock();
    if (FactsVersion() != checked_version) {
      facts = Facts(year);
      if (!facts) return facts.error();
      checked = check(**facts);
    }
  }
  if (!checked.errors.empty()) {
    Problem problem{ErrorCode::kInvalidRows,
                    "Tệp có " + std::to_string(checked.errors.size()) +
                        " lỗi, không lưu giá trị nào (the file has errors; nothing was stored)",
                    {}};
    for (TableError& e : checked.errors)
      problem.rows.push_back({e.row, std::move(e.column), std::move(e.message)});
    return problem;
  }

  Answer<WriteSummary> written = WriteFacts(*state, year, checked.writes, actor);
  if (!written) return written.error();
  return Dump(Json{{"year", year},
                   {"rows", table->rows.size()},
                   {"values", checked.writes.size()},
                   {"changed", written->facts.changed},
                   {"unchanged", written->facts.unchanged},
                   {"scorecards_recomputed", written->scorecards_recomputed}});
}

Answer<std::string> System::PutUnitFacts(std::string_view code, int year,
                                         const std::vector<FactEntry>& entries,
                                         const WriteActor& actor) {
  if (auto bad = CheckYear(year)) return *bad;
  std::shared_ptr<const State> state = CurrentState();
  Answer<UnitId> unit = state->UnitAtYearEnd(code, year, Level::kCommune);
  if (!unit) return unit.error();
  std::lock_guard write(write_mutex_);  // as in ImportFacts
  Answer<std::shared_ptr<const YearFacts>> facts = Facts(year);
  if (!facts) return facts.error();
  // The unit's values after the change, for the `le` relations.
  std::map<std::string, double, std::less<>> after;
  if (const std::vector<double>* row = (*facts)->Find(*unit)) {
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      if (!IsMissing((*row)[static_cast<size_t>(slot)]))
        after.emplace(catalogue_.at(slot).name, (*row)[static_cast<size_t>(slot)]);
    }
  }
  std::vector<FactWrite> writes;
  Problem problem{ErrorCode::kInvalidFacts,
                  "Số liệu không hợp lệ, không lưu gì (the values are invalid; nothing was stored)",
                  {}};
  for (const FactEntry& entry : entries) {
    const std::string& name = entry.indicator;
    const std::optional<int> slot = catalogue_.Find(name);
    if (!slot) {
      problem.rows.push_back(
          {0, Excerpt(name),
           "Không có chỉ tiêu \"" + Excerpt(name) + "\" trong danh mục (no such indicator)"});
      continue;
    }
    if (entry.not_a_number) {
      problem.rows.push_back({0, name,
                              name + ": giá trị phải là một số hoặc null (must be a "
                                     "number or null)"});
      continue;
    }
    if (!entry.value) {
      writes.push_back({*unit, name, year, std::nullopt});
      after.erase(name);
      continue;
    }
    const double number = *entry.value;
    if (std::optional<std::string> why = CheckValue(catalogue_.at(*slot), number)) {
      problem.rows.push_back({0, name, name + ": " + *why});
      continue;
    }
    writes.push_back({*unit, name, year, number});
    after[name] = number;
  }
  if (problem.rows.empty()) {
    for (RelationProblem& broken : CheckRelations(catalogue_, after))
      problem.rows.push_back({0, std::move(broken.indicator), std::move(broken.message)});
  }
  if (!problem.rows.empty()) return problem;

  Answer<WriteSummary> written = WriteFacts(*state, year, writes, actor);
  if (!written) return written.error();
  return Dump(Json{{"unit", code},
                   {"year", year},
                   {"values", writes.size()},
                   {"changed", written->facts.changed},
                   {"unchanged", written->facts.unchanged},
                   {"scorecards_recomputed", written->scorecards_recomputed}});
}

Answer<std::string> System::UnitFactsJson(std::string_view code, int year) {
  if (auto bad = CheckYear(year)) return *bad;
  std::shared_ptr<const State> state = CurrentState();
  const Date end = Date::LastDayOfYear(year);
  Answer<UnitId> unit = state->UnitAtYearEnd(code, year);
  if (!unit) return unit.error();
  Answer<std::shared_ptr<const YearFacts>> facts = Facts(year);
  if (!facts) return facts.error();
  Answer<std::shared_ptr<const YearFacts>> prior_facts = Facts(year - 1);
  if (!prior_facts) return prior_facts.error();
  auto object = [&](const std::vector<double>* row) {
    Json values = Json::object();
    if (row == nullptr) return values;
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      const double value = (*row)[static_cast<size_t>(slot)];
      if (!IsMissing(value)) values[catalogue_.at(slot).name] = NumberJson(value);
    }
    return values;
  };
  // The prior year as scoring reads it: for a unit formed by a merge, its predecessors' values
  // combined by each indicator's rollup.
  const std::vector<double> prior = PriorValues(*state, *unit, year, **prior_facts);
  return Dump(Json{{"unit", code},
                   {"name", state->Name(*unit, end)},
                   {"year", year},
                   {"values", object((*facts)->Find(*unit))},
                   {"prior", object(&prior)}});
}

Answer<std::string> System::FactHistoryJson(std::string_view code, std::string_view indicator,
                                            int year) {
  if (auto bad = CheckYear(year)) return *bad;
  if (!catalogue_.Find(indicator))
    return NotFound("Không có chỉ tiêu \"" + Excerpt(indicator) +
                    "\" trong danh mục (no such indicator)");
  std::shared_ptr<const State> state = CurrentState();
  // Codes never change, so the unit is found whatever the year.
  std::optional<UnitId> unit;
  for (const auto& [id, u] : state->registry.units())
    if (u.code == code) unit = id;
  if (!unit) return NotFound("Không có đơn vị mã \"" + Excerpt(code) + "\" (no such unit)");
  StoreResult<std::vector<FactChange>> history = [&] {
    StorePool::Lease store = pool_->Acquire();
    return store->FactHistory(*unit, indicator, year);
  }();
  if (!history) return FromStore(history.error());
  Json changes = Json::array();
  for (const FactChange& c : *history) {
    changes.push_back(
        {{"old", c.old_value ? NumberJson(*c.old_value) : Json(nullptr)},
         {"new", c.new_value ? NumberJson(*c.new_value) : Json(nullptr)},
         {"who", c.actor.user.empty() ? std::string(ActorKindKey(c.actor.kind)) : c.actor.user},
         {"at", TimestampText(c.at)},
         {"source", FactSourceKey(c.actor.channel)}});
  }
  return Dump(Json{
      {"unit", code}, {"indicator", indicator}, {"year", year}, {"changes", std::move(changes)}});
}

}  // namespace kieumau::service
