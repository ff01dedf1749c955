#include "app/facts/facts_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "app/scoring/scorer.h"
#include "engine/excerpt.h"
#include "facts_io/fact_import.h"

namespace kieumau::app {

ProblemOr<FactsTable> FactsService::Table(int year, std::string_view within, const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  const Date end = Date::LastDayOfYear(year);
  std::optional<UnitId> root;
  if (!within.empty()) {
    ProblemOr<UnitId> found = (*world)->UnitAtYearEnd(within, year, std::nullopt, &scope);
    if (!found) return found.error();
    root = *found;
  }
  ProblemOr<std::shared_ptr<const YearFacts>> facts = context_.Facts(year);
  if (!facts) return facts.error();
  FactsTable table{year, {}};
  // Under a unit: only its descendants are looked at (as UnitsService::List does); else every unit.
  const UnitRegistry& registry = (*world)->registry();
  std::vector<UnitId> candidates;
  if (root) {
    candidates = registry.Descendants(*root, end);
    candidates.push_back(*root);
  } else {
    for (const auto& [id, unit] : registry.units())
      candidates.push_back(id);
  }
  for (UnitId id : candidates) {
    const Unit& unit = *registry.Find(id);
    if (unit.level != Level::kCommune || !unit.ExistsOn(end)) continue;
    if (!scope.nation() && !scope.Covers(registry, id)) continue;
    FactTableRow row;
    row.unit_code = unit.code;
    row.unit_name = (*world)->Name(id, end);
    if (const std::vector<double>* values = (*facts)->Find(id)) {
      for (double value : *values)
        row.cells.push_back(IsMissing(value) ? Cell() : Cell::Number(value));
      while (!row.cells.empty() && row.cells.back().empty())
        row.cells.pop_back();
    }
    table.rows.push_back(std::move(row));
  }
  std::sort(table.rows.begin(), table.rows.end(),
            [](const FactTableRow& a, const FactTableRow& b) { return a.unit_code < b.unit_code; });
  return table;
}

ProblemOr<ImportSummary> FactsService::Import(int year, std::string_view file,
                                              const WriteActor& actor, const ImportScope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  const Date end = scope.as_of.value_or(Date::LastDayOfYear(year));
  std::set<UnitId> allowed;
  if (scope.within) {
    for (UnitId id : (*world)->registry().Descendants(*scope.within, end))
      allowed.insert(id);
  }
  Result<FactTable> table = ReadFactTable(file, GuessTableFormat(file));
  if (!table) {
    return Problem{ErrorCode::kInvalidFile,
                   table.error().message + " — không lưu gì (nothing was stored)"};
  }
  const Catalogue& catalogue = context_.catalogue();
  auto check = [&](const YearFacts& stored) {
    UnitLookup lookup;
    lookup.find_unit = [&](std::string_view code, int) -> std::optional<UnitRef> {
      ProblemOr<UnitId> id = (*world)->UnitOn(code, end, Level::kCommune, scope.access);
      if (!id || (scope.within && allowed.count(*id) == 0)) return std::nullopt;
      return UnitRef{*id, (*world)->Name(*id, end)};
    };
    if (scope.access && !scope.access->nation() && !scope.within) {
      lookup.unknown_unit = [&](std::string_view code) {
        return fmt::format(
            "không có đơn vị cấp xã nào mã \"{}\" ngày {} trong phạm vi quyền của bạn (no "
            "commune-level unit has this code on that date within your scope)",
            Excerpt(code, 40), end.ToString());
      };
    } else if (scope.as_of || scope.within) {
      lookup.unknown_unit = [&](std::string_view code) {
        return fmt::format(
            "không có đơn vị cấp xã nào mã \"{}\" ngày {}{} (no commune-level unit has this code "
            "on that date{})",
            Excerpt(code, 40), end.ToString(),
            scope.within ? " thuộc " + (*world)->Name(*scope.within, end) : "",
            scope.within ? " under " + (*world)->Name(*scope.within, end) : "");
      };
    }
    lookup.stored_value = [&](int64_t unit, std::string_view indicator,
                              int) -> std::optional<double> {
      const std::optional<int> slot = catalogue.Find(indicator);
      const std::vector<double>* row = stored.Find(unit);
      if (!slot || row == nullptr || IsMissing((*row)[static_cast<size_t>(*slot)]))
        return std::nullopt;
      return (*row)[static_cast<size_t>(*slot)];
    };
    return ValidateFactTable(*table, catalogue, year, lookup);
  };
  auto refusal = [](FactImport& checked) {
    Problem problem{ErrorCode::kInvalidRows,
                    "Tệp có " + std::to_string(checked.errors.size()) +
                        " lỗi, không lưu giá trị nào (the file has errors; nothing was stored)"};
    for (TableError& error : checked.errors)
      problem.rows.push_back({error.row, std::move(error.column), std::move(error.message)});
    return problem;
  };
  // Checked first against the values as cached, without holding anything, so that a file with
  // mistakes is refused at once; then again inside the write against the values stored once the
  // batch's unit-years are locked (another server may have written meanwhile).
  ProblemOr<std::shared_ptr<const YearFacts>> cached = context_.Facts(year);
  if (!cached) return cached.error();
  FactImport checked = check(**cached);
  if (!checked.ok()) return refusal(checked);
  ProblemOr<WriteSummary> written = writer_.Write(
      year, checked.writes, actor, [&](const YearFacts& stored) -> std::optional<Problem> {
        FactImport again = check(stored);
        if (!again.ok()) return refusal(again);
        return std::nullopt;
      });
  if (!written) return written.error();
  return ImportSummary{year, table->rows.size(), *written};
}

ProblemOr<PutSummary> FactsService::Put(std::string_view code, int year,
                                        const std::vector<FactEntry>& entries,
                                        const WriteActor& actor, const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<UnitId> unit = (*world)->UnitAtYearEnd(code, year, Level::kCommune, &scope);
  if (!unit) return unit.error();
  const Catalogue& catalogue = context_.catalogue();
  std::vector<FactWrite> writes;
  Problem problem{
      ErrorCode::kInvalidFacts,
      "Số liệu không hợp lệ, không lưu gì (the values are invalid; nothing was stored)"};
  for (const FactEntry& entry : entries) {
    const std::string& name = entry.indicator;
    const std::optional<int> slot = catalogue.Find(name);
    if (!slot) {
      problem.rows.push_back(
          {0, Excerpt(name),
           "Không có chỉ tiêu \"" + Excerpt(name) + "\" trong danh mục (no such indicator)"});
      continue;
    }
    if (entry.not_a_number) {
      problem.rows.push_back(
          {0, name, name + ": giá trị phải là một số hoặc null (must be a number or null)"});
      continue;
    }
    if (entry.value) {
      if (std::optional<std::string> why = CheckValue(catalogue.at(*slot), *entry.value)) {
        problem.rows.push_back({0, name, name + ": " + *why});
        continue;
      }
    }
    writes.push_back({*unit, name, year, entry.value});
  }
  if (!problem.rows.empty()) return problem;
  // The `le` relations hold between the unit's values after the change: checked against the values
  // stored once the unit-year is locked.
  auto check = [&](const YearFacts& stored) -> std::optional<Problem> {
    std::map<std::string, double, std::less<>> after;
    for (auto& [name, value] : stored.Named(*unit, catalogue))
      after.emplace(name, value);
    for (const FactWrite& write : writes) {
      if (write.value) {
        after[write.indicator] = *write.value;
      } else {
        after.erase(write.indicator);
      }
    }
    Problem broken = problem;
    for (RelationProblem& relation : CheckRelations(catalogue, after))
      broken.rows.push_back({0, std::move(relation.indicator), std::move(relation.message)});
    if (broken.rows.empty()) return std::nullopt;
    return broken;
  };
  ProblemOr<WriteSummary> written = writer_.Write(year, writes, actor, check);
  if (!written) return written.error();
  return PutSummary{std::string(code), year, *written};
}

ProblemOr<UnitFactsView> FactsService::UnitFacts(std::string_view code, int year,
                                                 const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  ProblemOr<UnitId> unit = (*world)->UnitAtYearEnd(code, year, std::nullopt, &scope);
  if (!unit) return unit.error();
  ProblemOr<std::shared_ptr<const YearFacts>> facts = context_.Facts(year);
  if (!facts) return facts.error();
  ProblemOr<std::shared_ptr<const YearFacts>> prior_facts = context_.Facts(year - 1);
  if (!prior_facts) return prior_facts.error();
  const Catalogue& catalogue = context_.catalogue();
  YearFacts prior;
  prior.by_unit.emplace(*unit, PriorValues(**world, catalogue, *unit, year, **prior_facts));
  return UnitFactsView{std::string(code), (*world)->Name(*unit, Date::LastDayOfYear(year)), year,
                       (*facts)->Named(*unit, catalogue), prior.Named(*unit, catalogue)};
}

ProblemOr<FactHistoryView> FactsService::History(std::string_view code, std::string_view indicator,
                                                 int year, const Scope& scope) {
  if (auto bad = CheckYear(year)) return *bad;
  if (!context_.catalogue().Find(indicator))
    return NotFound("Không có chỉ tiêu \"" + Excerpt(indicator) +
                    "\" trong danh mục (no such indicator)");
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  // The unit the code meant at the end of the year (a fact describes the unit then).
  ProblemOr<const Unit*> unit = (*world)->UnitMeant(code, Date::LastDayOfYear(year), &scope);
  if (!unit) return unit.error();
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<std::vector<FactChange>> history = store->FactHistory((*unit)->id, indicator, year);
  if (!history) return FromStore(history.error());
  FactHistoryView view{std::string(code), std::string(indicator), year, std::move(*history), {}};
  for (const FactChange& change : view.changes) {
    const WriteActor& actor = change.actor;
    if (actor.kind != ActorKind::kUser || view.usernames.count(actor.user) > 0) continue;
    int64_t id = 0;
    const auto [end, error] =
        std::from_chars(actor.user.data(), actor.user.data() + actor.user.size(), id);
    if (error != std::errc() || end != actor.user.data() + actor.user.size()) continue;
    if (StoreResult<UserRecord> user = store->accounts().GetUser(id); user)
      view.usernames.emplace(actor.user, user->username);
  }
  return view;
}

}  // namespace kieumau::app
