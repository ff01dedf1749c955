// `kieumau register apply`: a register's history set beside the stored one, and what is new in it
// written in one unit of work (src/register/README.md, "Applying a newer register").
#include "register/register_apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "register/apply_compare.h"
#include "register/history_builder.h"
#include "register/register_store.h"
#include "units/events_json.h"

namespace kieumau::admin_register {

using internal::DescribeUnit;

namespace {

RegisterProblem DatabaseProblem(std::string message) {
  return RegisterProblem{{}, 0, {}, std::move(message)};
}

// The stored history, read and replayed.
struct StoredHistory {
  std::vector<UnitEvent> rows;         // as stored
  std::vector<UnitEventValue> events;  // the rows read
  UnitRegistry registry;
};

// An event as a store keeps it: "date kind payload". The register's events are stored so; an
// event written otherwise (its sets in another order) is compared by EventIdentity.
std::string StoredForm(const UnitEvent& row) {
  return fmt::format("{} {} {}", row.date, row.kind, row.payload_json);
}
std::string StoredForm(const UnitEventValue& event) {
  return fmt::format("{} {} {}", EventDate(event).ToString(), EventKey(event),
                     UnitEventPayloadJson(event));
}

// Reads the stored events; a store error is returned, an unreadable history is a problem.
StoreResult<std::optional<StoredHistory>> ReadStoredHistory(Store& store,
                                                            RegisterProblems& problems) {
  StoreResult<std::vector<UnitEvent>> rows = store.ListUnitEvents();
  if (!rows) return rows.error();
  StoredHistory stored;
  stored.rows = std::move(*rows);
  stored.events.reserve(stored.rows.size());
  for (const UnitEvent& row : stored.rows) {
    Result<UnitEventValue> event = ParseUnitEvent(row.kind, row.date, row.payload_json);
    if (!event) {
      problems.push_back(DatabaseProblem(
          fmt::format("sự kiện đơn vị số {} trong cơ sở dữ liệu không đọc được (a stored event is "
                      "unreadable): {}",
                      row.id, event.error().message)));
      continue;
    }
    stored.events.push_back(std::move(*event));
  }
  if (!problems.empty()) return std::optional<StoredHistory>();
  if (Result<std::monostate> applied = stored.registry.ApplyAll(stored.events); !applied) {
    problems.push_back(DatabaseProblem(
        "lịch sử đơn vị trong cơ sở dữ liệu không hợp lệ (the stored history is inconsistent): " +
        applied.error().message));
    return std::optional<StoredHistory>();
  }
  return std::optional<StoredHistory>(std::move(stored));
}

// What the register adds to the stored history, in the store's ids; the register's new units have
// ids above `base` (base + the history's id) until the store gives them theirs.
struct Plan {
  UnitId base = 0;
  std::vector<UnitEventValue> events;
  std::vector<EventSource> sources;
  std::vector<std::string> descriptions;  // each event for people, its units named as stored
  UnitRegistry registry;                  // the stored history with the events added
};

class Planner {
 public:
  Planner(const RegisterData& data, const RegisterHistory& history, const UnitRegistry& fresh,
          const StoredHistory& stored, UnitId base)
      : data_(data), history_(history), fresh_(fresh), stored_(stored) {
    plan_.base = base;
    plan_.registry = stored.registry;
  }

  // The events to add, or every problem.
  Result<Plan, RegisterProblems> Make() {
    MatchUnits();
    const Date stored_until = EventDate(stored_.events.back());
    Date dated_until = kRegisterStart;  // the last date the register dates exactly
    for (const UnitEventValue& event : history_.events) {
      if (EventDate(event) < history_.state_date) dated_until = EventDate(event);
    }
    CompareDated(std::min(stored_until, dated_until), stored_until);
    if (!problems_.empty()) return problems_;
    CompareLatestState(stored_until);
    if (!problems_.empty()) return problems_;
    return std::move(plan_);
  }

 private:
  UnitId ToStore(UnitId id) const { return ids_.at(id); }

  std::string Describe(UnitId id) const {
    return id > plan_.base ? fresh_.Describe(id - plan_.base) : stored_.registry.Describe(id);
  }
  DescribeUnit Describer() const {
    return [this](UnitId id) { return Describe(id); };
  }

  // The register's units are the stored ones of the same level, code and first day; the others
  // are new.
  void MatchUnits() {
    std::map<std::tuple<Level, std::string_view, Date>, UnitId> stored;
    for (const auto& [id, unit] : stored_.registry.units())
      stored.emplace(std::tuple(unit.level, std::string_view(unit.code), unit.from), id);
    for (const auto& [id, unit] : fresh_.units()) {
      auto it = stored.find(std::tuple(unit.level, std::string_view(unit.code), unit.from));
      ids_[id] = it != stored.end() ? it->second : plan_.base + id;
    }
  }

  // Up to `until`, the register's events and the stored ones must be the same; the register's
  // dated events after it (and so after the stored history) are added. Events are matched as
  // stored first (the register's own are stored so), then by identity.
  void CompareDated(Date until, Date stored_until) {
    std::map<std::string, std::vector<size_t>> stored;  // form → indexes of unmatched events
    for (size_t i = 0; i < stored_.events.size(); ++i) {
      if (EventDate(stored_.events[i]) <= until) stored[StoredForm(stored_.rows[i])].push_back(i);
    }
    std::vector<std::pair<UnitEventValue, size_t>> unmatched;  // translated, index in history
    auto take = [](std::map<std::string, std::vector<size_t>>& from, const std::string& form) {
      auto it = from.find(form);
      if (it == from.end() || it->second.empty()) return false;
      it->second.pop_back();
      return true;
    };
    for (size_t i = 0; i < history_.events.size(); ++i) {
      const Date date = EventDate(history_.events[i]);
      if (date >= history_.state_date) break;
      UnitEventValue event =
          WithUnitIds(history_.events[i], [this](UnitId id) { return ToStore(id); });
      if (date > until) {
        Add(std::move(event), history_.sources[i]);
      } else if (!take(stored, StoredForm(event))) {
        unmatched.emplace_back(std::move(event), i);
      }
    }
    std::map<std::string, std::vector<size_t>> identities;
    for (const auto& [form, indexes] : stored) {
      for (size_t i : indexes)
        identities[internal::EventIdentity(stored_.events[i])].push_back(i);
    }
    std::erase_if(unmatched, [&](const auto& event) {
      return take(identities, internal::EventIdentity(event.first));
    });
    std::vector<size_t> unstored;  // the stored events the register does not have
    for (const auto& [identity, indexes] : identities)
      unstored.insert(unstored.end(), indexes.begin(), indexes.end());
    std::sort(unstored.begin(), unstored.end());
    ReportUnmatched(unmatched, unstored, stored_until);
  }

  // Each event only the register has, beside the stored event of its date and kind about the same
  // units when there is one; each stored event left alone.
  void ReportUnmatched(const std::vector<std::pair<UnitEventValue, size_t>>& unmatched,
                       std::vector<size_t> unstored, Date stored_until) {
    const DescribeUnit describe = Describer();
    const auto level_of = [this](UnitId id) { return stored_.registry.Find(id)->level; };
    for (const auto& [event, index] : unmatched) {
      const std::vector<UnitId> subjects = internal::EventSubjects(event);
      auto pair = std::find_if(unstored.begin(), unstored.end(), [&](size_t s) {
        const UnitEventValue& other = stored_.events[s];
        if (EventDate(other) != EventDate(event) || other.index() != event.index()) return false;
        const std::vector<UnitId> theirs = internal::EventSubjects(other);
        return std::find_first_of(subjects.begin(), subjects.end(), theirs.begin(), theirs.end()) !=
                   subjects.end() ||
               (subjects.empty() && theirs.empty());
      });
      if (pair == unstored.end()) {
        internal::ReportUnstored(event, history_.sources[index], describe, stored_until, problems_);
        continue;
      }
      internal::ReportDifference(event, history_.sources[index], stored_.events[*pair], describe,
                                 level_of, problems_);
      unstored.erase(pair);
    }
    for (size_t s : unstored) {
      problems_.push_back(DatabaseProblem(fmt::format(
          "lịch sử đã lưu có {} mà sổ đăng ký này không có (the stored history has an event this "
          "register does not)",
          internal::DescribeEvent(stored_.events[s], describe))));
    }
  }

  // The register's latest state against the stored units as they stand on its date: differences
  // are new events when that date is after the stored history, contradictions otherwise.
  void CompareLatestState(Date stored_until) {
    if (!internal::ApplyEach(plan_.registry, plan_.events, plan_.sources, problems_)) return;
    const Date date = history_.state_date;
    std::map<std::pair<Level, std::string_view>, UnitState> standing;
    for (const auto& [id, unit] : plan_.registry.units()) {
      if (unit.level == Level::kDistrict || !unit.ExistsOn(date)) continue;
      standing.emplace(std::pair(unit.level, std::string_view(unit.code)),
                       *plan_.registry.StateAt(id, date));
    }
    std::vector<UnitEventValue> events;
    std::vector<EventSource> sources;
    RegisterProblems problems = internal::LatestStateChanges(
        data_, date,
        [&](Level level, std::string_view code) -> const UnitState* {
          auto it = standing.find(std::pair(level, code));
          return it == standing.end() ? nullptr : &it->second;
        },
        [&](UnitEventValue event, EventSource source) {
          events.push_back(std::move(event));
          sources.push_back(std::move(source));
        });
    problems_.insert(problems_.end(), problems.begin(), problems.end());
    if (!problems_.empty()) return;
    if (date <= stored_until) {
      for (size_t i = 0; i < events.size(); ++i) {
        internal::ReportStateDifference(events[i], sources[i], plan_.registry, Describer(),
                                        problems_);
      }
      return;
    }
    if (!internal::ApplyEach(plan_.registry, events, sources, problems_)) return;
    for (size_t i = 0; i < events.size(); ++i)
      Add(std::move(events[i]), std::move(sources[i]));
  }

  void Add(UnitEventValue event, EventSource source) {
    plan_.descriptions.push_back(internal::DescribeEvent(event, Describer()));
    plan_.events.push_back(std::move(event));
    plan_.sources.push_back(std::move(source));
  }

  const RegisterData& data_;
  const RegisterHistory& history_;
  const UnitRegistry& fresh_;
  const StoredHistory& stored_;
  std::map<UnitId, UnitId> ids_;  // the history's id → the store's (or base + it)
  Plan plan_;
  RegisterProblems problems_;
};

// Writes the plan: the new units, the events with the ids the store gave, the units they change
// updated to their latest name and kind.
StoreStatus WritePlan(Store& store, Plan& plan, const std::vector<UnitRecord>& records,
                      AppliedRegister& report) {
  std::set<UnitId> touched;
  for (const UnitEventValue& event : plan.events) {
    for (UnitId id : internal::EventSubjects(event))
      touched.insert(id);
  }
  std::vector<UnitRecord> created;
  std::vector<UnitId> placeholders;
  for (auto it = touched.upper_bound(plan.base); it != touched.end(); ++it) {
    created.push_back(LatestRecord(*plan.registry.Find(*it)));
    placeholders.push_back(*it);
  }
  StoreResult<std::vector<int64_t>> ids = store.CreateUnits(created);
  if (!ids) return ids.error();
  std::map<UnitId, UnitId> given;
  for (size_t i = 0; i < placeholders.size(); ++i)
    given[placeholders[i]] = (*ids)[i];
  const auto to_store = [&](UnitId id) { return id > plan.base ? given.at(id) : id; };
  std::vector<UnitEvent> rows;
  for (size_t i = 0; i < plan.events.size(); ++i) {
    UnitEventValue stored = WithUnitIds(plan.events[i], to_store);
    rows.push_back(UnitEvent{0, EventDate(stored).ToString(), std::string(EventKey(stored)),
                             UnitEventPayloadJson(stored)});
    report.events_added.push_back({std::move(stored), std::move(plan.descriptions[i])});
  }
  if (StoreStatus added = store.AddUnitEvents(rows); !added) return added;
  for (const UnitRecord& record : records) {
    if (!touched.contains(record.id)) continue;
    const UnitRecord latest = LatestRecord(*plan.registry.Find(record.id));
    if (latest.name == record.name && latest.kind == record.kind) continue;
    UnitRecord updated = record;
    updated.name = latest.name;
    updated.kind = latest.kind;
    if (StoreStatus done = store.UpdateUnit(updated); !done) return done;
  }
  report.units_added = created.size();
  return store.PutSetting(kRegisterSetting, report.release);
}

}  // namespace

std::string RegisterReleaseText(const RegisterData& data) {
  const ReleaseRow* head = LatestRelease(data);
  if (!head) return "vn-admin";
  return fmt::format("vn-admin: danh mục đến {} (thanglequoc/vietnamese-provinces-database {})",
                     head->effective_from ? head->effective_from->ToString() : "?", head->commit);
}

Result<AppliedRegister, ApplyRefusal> ApplyRegister(Store& store, const RegisterFiles& files) {
  Result<RegisterData, RegisterProblems> data = ParseRegister(files);
  if (!data) return ApplyRefusal{data.error(), std::nullopt};
  Result<RegisterHistory> history = BuildRegisterHistory(*data);
  if (!history) return ApplyRefusal{{DatabaseProblem(history.error().message)}, std::nullopt};
  // The register on its own first: a history that does not apply contradicts itself.
  StoredRegister fresh;
  RegisterProblems problems;
  if (!internal::ApplyEach(fresh.registry, history->events, history->sources, problems))
    return ApplyRefusal{std::move(problems), std::nullopt};

  AppliedRegister report;
  report.release = RegisterReleaseText(*data);
  // Thrown by the unit of work to roll back when the register is refused.
  const StoreError refused{StoreErrorKind::kInvalid, "refused", {}};
  StoreStatus done = store.InTransaction([&](Store& s) -> StoreStatus {
    StoreResult<std::optional<std::string>> setting = s.GetSetting(kRegisterSetting);
    if (!setting) return setting.error();
    report.previous_release = setting->value_or("");
    StoreResult<std::vector<UnitRecord>> records = s.ListUnits();
    if (!records) return records.error();
    if (records->empty()) {
      if (StoreStatus w = WriteRegister(s, *history, fresh); !w) return w;
      report.loaded = true;
      report.units_added = fresh.registry.units().size();
      for (const UnitEventValue& event : history->events) {
        report.events_added.push_back(
            {WithUnitIds(event, [&](UnitId id) { return fresh.store_ids.at(id); }), {}});
      }
      return s.PutSetting(kRegisterSetting, report.release);
    }
    StoreResult<std::optional<StoredHistory>> stored = ReadStoredHistory(s, problems);
    if (!stored) return stored.error();
    if (!*stored) return refused;
    if ((*stored)->events.empty()) {
      problems.push_back(DatabaseProblem(
          "cơ sở dữ liệu có đơn vị nhưng không có lịch sử đơn vị (the database has units but no "
          "unit history): không phải từ sổ đăng ký (not from a register)"));
      return refused;
    }
    UnitId base = 0;
    for (const UnitRecord& record : *records)
      base = std::max(base, record.id);
    Result<Plan, RegisterProblems> plan =
        Planner(*data, *history, fresh.registry, **stored, base).Make();
    if (!plan) {
      problems = std::move(plan.error());
      return refused;
    }
    if (plan->events.empty()) return Success{};
    return WritePlan(s, *plan, *records, report);
  });
  if (!problems.empty()) return ApplyRefusal{std::move(problems), std::nullopt};
  if (!done) return ApplyRefusal{{}, done.error()};
  return report;
}

}  // namespace kieumau::admin_register
