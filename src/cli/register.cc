// `kieumau register apply DIR [--db URL] [--create]`: a register's files applied to a database
// (src/register/register_apply.h), what was done said in Vietnamese, then in English.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "app/audit/audit_service.h"
#include "cli/commands.h"
#include "cli/database_url.h"
#include "register/register_apply.h"
#include "store/audit_store.h"
#include "store/store.h"

namespace kieumau::cli {

namespace {

// At most this many added events are listed one by one (all are counted by date and kind).
constexpr size_t kEventsListed = 50;

void PrintProblems(const admin_register::RegisterProblems& problems, std::ostream& err) {
  for (const admin_register::RegisterProblem& problem : problems)
    err << (problem.file.empty() ? problem.message : problem.ToString()) << '\n';
}

// The events by date, then kind: "  2026-04-30 đổi loại (change_kind): 10".
void PrintCounts(const std::vector<admin_register::AddedEvent>& events, std::ostream& out) {
  std::map<std::pair<std::string, std::string_view>, size_t> counts;
  std::map<std::string_view, std::string_view> labels;
  for (const admin_register::AddedEvent& added : events) {
    ++counts[{EventDate(added.event).ToString(), EventKey(added.event)}];
    labels[EventKey(added.event)] = EventLabel(added.event);
  }
  out << "Sự kiện theo ngày và loại (events by date and kind):\n";
  for (const auto& [key, count] : counts)
    out << "  " << key.first << ' ' << labels[key.second] << " (" << key.second << "): " << count
        << '\n';
}

void PrintReport(const admin_register::AppliedRegister& report, std::ostream& out) {
  const size_t events = report.events_added.size();
  if (report.loaded) {
    out << "Cơ sở dữ liệu chưa có đơn vị: đã nạp cả sổ đăng ký, " << report.units_added
        << " đơn vị và " << events << " sự kiện (the database had no units: the whole register "
        << "was loaded, " << report.units_added << " units and " << events << " events)\n";
    PrintCounts(report.events_added, out);
    out << "Sổ đăng ký của cơ sở dữ liệu (the database's register): " << report.release << '\n';
    return;
  }
  if (events == 0) {
    out << "Không có gì mới: cơ sở dữ liệu đã có mọi sự kiện của sổ đăng ký này, không thêm đơn "
           "vị hay sự kiện nào (nothing new: the database already has every event of this "
           "register; 0 units and 0 events added)\n";
    return;
  }
  out << "Đã áp dụng: thêm " << report.units_added << " đơn vị và " << events
      << " sự kiện (applied: " << report.units_added << " units and " << events
      << " events added)\n";
  PrintCounts(report.events_added, out);
  out << "Các sự kiện đã thêm (the events added):\n";
  for (size_t i = 0; i < events && i < kEventsListed; ++i)
    out << "  " << report.events_added[i].description << '\n';
  if (events > kEventsListed)
    out << "  … và " << events - kEventsListed << " sự kiện nữa (and more)\n";
  out << "Sổ đăng ký của cơ sở dữ liệu (the database's register): "
      << (report.previous_release.empty() ? "(chưa ghi, none recorded)" : report.previous_release)
      << " → " << report.release << '\n';
}

// Removes a SQLite database this command created, with its side files.
void RemoveCreated(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix, ignored);
}

// The register's entry in the audit trail, when it wrote anything: the release before and after,
// what it added.
StoreStatus AuditRegister(Store& store, const admin_register::AppliedRegister& applied,
                          Timestamp at) {
  if (!applied.loaded && applied.events_added.empty()) return Success{};
  using Json = nlohmann::ordered_json;
  Json events = Json::array();
  if (!applied.loaded)
    for (const admin_register::AddedEvent& added : applied.events_added)
      events.push_back(added.description);
  const Json detail{{"before", {{"release", applied.previous_release}}},
                    {"after", {{"release", applied.release}}},
                    {"loaded", applied.loaded},
                    {"units_added", applied.units_added},
                    {"events_added", applied.events_added.size()},
                    {"events", std::move(events)}};
  StoreResult<int64_t> logged = store.audit().Append(
      app::MakeAuditEntry(WriteActor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""},
                          app::audit_action::kRegisterApply, std::nullopt, applied.release,
                          detail.dump(-1, ' ', false, Json::error_handler_t::replace), at));
  if (!logged) return logged.error();
  return Success{};
}

}  // namespace

int RegisterApply(const RegisterApplyOptions& options, std::ostream& out, std::ostream& err) {
  const std::string shown = RedactUrl(options.db_url);
  // A SQLite file that does not exist is refused without --create: a mistyped path would otherwise
  // become a new database, silently.
  const std::optional<std::string> path = SqlitePath(options.db_url);
  std::error_code error;
  const bool creating = path && !std::filesystem::exists(*path, error);
  if (creating && !options.create) {
    err << shown
        << ": không có tệp cơ sở dữ liệu này; thêm --create để tạo mới (no such database file; "
           "add --create to make a new one)\n";
    return 1;
  }
  Result<admin_register::RegisterFiles, admin_register::RegisterProblems> files =
      admin_register::ReadRegisterFiles(options.dir);
  if (!files) {
    PrintProblems(files.error(), err);
    err << options.dir << ": không đọc được sổ đăng ký (cannot read the register)\n";
    return 1;
  }
  if (creating) MakeParentFolders(options.db_url, err);
  StoreResult<std::unique_ptr<Store>> store = OpenStore(options.db_url);
  if (!store) {
    err << shown << ": " << RedactUrl(store.error().Describe())
        << "\nkhông mở được cơ sở dữ liệu (cannot open the database)\n";
    if (creating) RemoveCreated(*path);
    return 1;
  }
  out << "Sổ đăng ký (register): " << options.dir << "\nCơ sở dữ liệu (database): " << shown
      << '\n';
  // The register and its entry in the audit trail in one unit of work.
  const Timestamp now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::optional<Result<admin_register::AppliedRegister, admin_register::ApplyRefusal>> result;
  StoreStatus done = (*store)->InTransaction([&](Store& s) -> StoreStatus {
    result.emplace(admin_register::ApplyRegister(s, *files));
    if (!*result) return StoreError{StoreErrorKind::kInvalid, "refused", {}};
    return AuditRegister(s, **result, now);
  });
  if (*result && !done) result.emplace(admin_register::ApplyRefusal{{}, done.error()});
  auto& applied = *result;
  if (!applied) {
    const admin_register::ApplyRefusal& refusal = applied.error();
    if (refusal.store) {
      err << shown << ": " << RedactUrl(refusal.store->Describe())
          << "\nlỗi cơ sở dữ liệu, không thay đổi gì (database error; nothing changed)\n";
    } else {
      PrintProblems(refusal.problems, err);
      err << "Từ chối: " << refusal.problems.size()
          << " vấn đề, cơ sở dữ liệu không thay đổi (refused: " << refusal.problems.size()
          << " problems; the database is unchanged)\n";
    }
    store->reset();
    if (creating) RemoveCreated(*path);
    return 1;
  }
  SealAfterWrite(**store, now, err);
  PrintReport(*applied, out);
  return 0;
}

}  // namespace kieumau::cli
