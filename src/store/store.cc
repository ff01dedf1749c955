// The backend-neutral part of the store: names, URL dispatch, shared input checks, number
// formatting, messages.
#include "store/store.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "store/account_store.h"
#include "store/backend.h"

namespace kieumau {

std::string_view StoreErrorKindName(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kNotFound:
      return "not_found";
    case StoreErrorKind::kUniqueViolation:
      return "unique_violation";
    case StoreErrorKind::kForeignKey:
      return "foreign_key";
    case StoreErrorKind::kInvalid:
      return "invalid";
    case StoreErrorKind::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

std::string_view ActorKindKey(ActorKind kind) {
  switch (kind) {
    case ActorKind::kUser:
      return "user";
    case ActorKind::kAnonymous:
      return "anonymous";
    case ActorKind::kSystem:
      return "system";
    case ActorKind::kCommandLine:
      return "cli";
    case ActorKind::kSeed:
      return "seed";
  }
  return "";
}

std::optional<ActorKind> ParseActorKind(std::string_view key) {
  for (ActorKind kind : {ActorKind::kUser, ActorKind::kAnonymous, ActorKind::kSystem,
                         ActorKind::kCommandLine, ActorKind::kSeed}) {
    if (key == ActorKindKey(kind)) return kind;
  }
  return std::nullopt;
}

std::string_view RoleKey(Role role) {
  switch (role) {
    case Role::kOfficer:
      return "officer";
    case Role::kAppraiser:
      return "appraiser";
    case Role::kProvinceAdmin:
      return "province_admin";
    case Role::kNationalAdmin:
      return "national_admin";
    case Role::kViewer:
      return "viewer";
    case Role::kAuditor:
      return "auditor";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view key) {
  for (Role role : {Role::kOfficer, Role::kAppraiser, Role::kProvinceAdmin, Role::kNationalAdmin,
                    Role::kViewer, Role::kAuditor}) {
    if (key == RoleKey(role)) return role;
  }
  return std::nullopt;
}

std::string_view FactSourceKey(FactSource source) {
  switch (source) {
    case FactSource::kForm:
      return "form";
    case FactSource::kImport:
      return "import";
    case FactSource::kApi:
      return "api";
    case FactSource::kCommandLine:
      return "cli";
    case FactSource::kSeed:
      return "seed";
  }
  return "";
}

std::optional<FactSource> ParseFactSource(std::string_view key) {
  for (FactSource source : {FactSource::kForm, FactSource::kImport, FactSource::kApi,
                            FactSource::kCommandLine, FactSource::kSeed}) {
    if (key == FactSourceKey(source)) return source;
  }
  return std::nullopt;
}

int LatestSchemaVersion() {
  return store_internal::SqliteMigrations().back().version;
}

StoreResult<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  using store_internal::MakeError;
  if (auto error = store_internal::CheckOrigin(options)) return *error;
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.empty()) {
      return MakeError(StoreErrorKind::kInvalid, "Địa chỉ cơ sở dữ liệu (store URL)",
                       "thiếu đường dẫn tệp sau 'sqlite:' (no file path after 'sqlite:')");
    }
    return store_internal::OpenSqliteStore(path, options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return store_internal::OpenPostgresStore(std::string(url), options);
  }
  // The URL is not echoed: it may hold a password.
  return MakeError(StoreErrorKind::kInvalid, "Địa chỉ cơ sở dữ liệu (store URL)",
                   "phải bắt đầu bằng 'sqlite:' hoặc 'postgresql://' (must start with 'sqlite:' or "
                   "'postgresql://')");
}

StoreResult<std::unique_ptr<ChangeFeed>> OpenChangeFeed(std::string_view url,
                                                        const StoreOptions& options) {
  using store_internal::MakeError;
  if (auto error = store_internal::CheckOrigin(options)) return *error;
  if (url.starts_with("sqlite:") && url.size() > 7) {
    return store_internal::OpenSqliteChangeFeed(std::string(url.substr(7)), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return store_internal::OpenPostgresChangeFeed(std::string(url), options);
  }
  // The URL is not echoed: it may hold a password.
  return MakeError(StoreErrorKind::kInvalid, "Địa chỉ cơ sở dữ liệu (store URL)",
                   "phải là 'sqlite:ĐƯỜNG_DẪN' hoặc bắt đầu bằng 'postgresql://' (must be "
                   "'sqlite:PATH' or start with 'postgresql://')");
}

namespace store_internal {

int TargetVersion(std::span<const Migration> migrations, const StoreOptions& options) {
  int newest = migrations.empty() ? 0 : migrations.back().version;
  if (options.known_schema_version && *options.known_schema_version < newest) {
    return *options.known_schema_version;
  }
  return newest;
}

namespace {

std::string_view KindText(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kNotFound:
      return "Không tìm thấy (not found)";
    case StoreErrorKind::kUniqueViolation:
      return "Đã tồn tại (already exists)";
    case StoreErrorKind::kForeignKey:
      return "Tham chiếu tới đơn vị hoặc người dùng không có, hoặc còn được tham chiếu (foreign "
             "key)";
    case StoreErrorKind::kInvalid:
      return "Dữ liệu không hợp lệ (invalid)";
    case StoreErrorKind::kUnavailable:
      return "Không dùng được cơ sở dữ liệu (store unavailable)";
  }
  return "";
}

}  // namespace

StoreError MakeError(StoreErrorKind kind, std::string_view context, std::string_view detail) {
  std::string message(KindText(kind));
  message += ": ";
  message += context;
  if (!detail.empty()) {
    message += " — ";
    message += detail;
  }
  return StoreError{kind, std::move(message), {}};
}

StoreError DriverError(StoreErrorKind kind, std::string_view context,
                       std::string_view driver_text) {
  StoreError error = MakeError(kind, context);
  error.detail = std::string(driver_text);
  return error;
}

StoreError NewerSchemaError(int found, int known) {
  return MakeError(StoreErrorKind::kInvalid, "Mở cơ sở dữ liệu (open store)",
                   "lược đồ phiên bản " + std::to_string(found) +
                       " mới hơn chương trình này (biết tới phiên bản " + std::to_string(known) +
                       ") (the database schema is newer than this program knows)");
}

StoreError OutsideUnitOfWorkError(std::string_view context) {
  return MakeError(StoreErrorKind::kInvalid, context,
                   "chỉ dùng được trong một đơn vị công việc (only inside InTransaction)");
}

std::string GetScorecardContext(int64_t unit_id, int year, std::string_view rubric_id) {
  return "Đọc phiếu điểm (get scorecard) của đơn vị (unit) " + std::to_string(unit_id) +
         ", năm (year) " + std::to_string(year) + ", bộ tiêu chí (rubric) '" +
         std::string(rubric_id) + "'";
}

namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

std::string FactLabel(const FactWrite& write) {
  return "đơn vị (unit) " + std::to_string(write.unit_id) + ", chỉ tiêu (indicator) '" +
         write.indicator + "', năm (year) " + std::to_string(write.year);
}

std::optional<StoreError> CheckDate(std::string_view context, const std::string& d) {
  bool shape = d.size() == 10 && d[4] == '-' && d[7] == '-';
  for (size_t i = 0; shape && i < d.size(); ++i) {
    if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) shape = false;
  }
  if (shape) {
    auto y = ParseInt(std::string_view(d).substr(0, 4));
    auto m = ParseInt(std::string_view(d).substr(5, 2));
    auto dd = ParseInt(std::string_view(d).substr(8, 2));
    std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*y)),
                                     std::chrono::month(static_cast<unsigned>(*m)),
                                     std::chrono::day(static_cast<unsigned>(*dd))};
    shape = date.ok();
  }
  if (!shape) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "ngày '" + d + "' không đúng dạng YYYY-MM-DD (not a YYYY-MM-DD date)");
  }
  return std::nullopt;
}

}  // namespace

std::optional<StoreError> CheckActor(const WriteActor& actor, std::string_view context) {
  if (ActorKindKey(actor.kind).empty()) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "loại người ghi không có (unknown actor kind)");
  }
  if (FactSourceKey(actor.channel).empty()) {
    return MakeError(StoreErrorKind::kInvalid, context, "kênh ghi không có (unknown channel)");
  }
  if (actor.kind == ActorKind::kUser && actor.user.empty()) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "người dùng ghi mà thiếu mã người dùng (a user actor without a user id)");
  }
  if (actor.kind != ActorKind::kUser && !actor.user.empty()) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "mã người dùng chỉ dành cho người ghi loại 'user' (a user id is only for a "
                     "'user' actor)");
  }
  if (actor.user.find('\0') != std::string::npos || actor.address.find('\0') != std::string::npos) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "mã người dùng hoặc địa chỉ chứa ký tự NUL (a NUL character in the user id or "
                     "address)");
  }
  return std::nullopt;
}

std::optional<StoreError> CheckOrigin(const StoreOptions& options) {
  if (options.origin.size() > kMaxOriginBytes || options.origin.find('\0') != std::string::npos) {
    return MakeError(StoreErrorKind::kInvalid, "Mở cơ sở dữ liệu (open store)",
                     "nguồn ghi (origin) dài quá " + std::to_string(kMaxOriginBytes) +
                         " byte hoặc chứa ký tự NUL (origin too long or with a NUL character)");
  }
  return std::nullopt;
}

StoreResult<std::vector<UnitYear>> SortedUnitYears(std::span<const UnitYear> unit_years) {
  for (const UnitYear& unit_year : unit_years) {
    if (unit_year.year < kMinYear || unit_year.year > kMaxYear) {
      return MakeError(StoreErrorKind::kInvalid, "Khoá đơn vị–năm (lock unit-years)",
                       "đơn vị (unit) " + std::to_string(unit_year.unit_id) + ", năm (year) " +
                           std::to_string(unit_year.year) +
                           ": năm ngoài khoảng 1900–2200 (year out of range)");
    }
  }
  std::vector<UnitYear> sorted(unit_years.begin(), unit_years.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return sorted;
}

std::string FactsChange(int year) {
  return "facts:" + std::to_string(year);
}

void PendingChanges::Add(std::string_view what) {
  if (what.empty()) return;  // kNoChange
  if (std::find(whats_.begin(), whats_.end(), what) == whats_.end()) whats_.emplace_back(what);
}

std::vector<std::string> PendingChanges::Take() {
  std::vector<std::string> taken = std::move(whats_);
  whats_.clear();
  return taken;
}

StoreResult<FactBatch> FactBatch::Check(std::span<const FactWrite> batch, const WriteActor& actor) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  if (auto error = CheckActor(actor)) return *error;
  // What is wrong with a write on its own, if anything.
  auto problem = [](const FactWrite& write) -> std::optional<std::string_view> {
    if (write.indicator.empty()) return "thiếu tên chỉ tiêu (no indicator name)";
    if (write.year < kMinYear || write.year > kMaxYear) {
      return "năm ngoài khoảng 1900–2200 (year out of range)";
    }
    if (write.value && !std::isfinite(*write.value)) {
      return "giá trị không phải là số hữu hạn (value is not finite)";
    }
    return std::nullopt;
  };
  // The writes before the first that is wrong on its own, each with its name's index in order of
  // first appearance.
  FactBatch checked;
  size_t first_wrong = batch.size();
  std::unordered_map<std::string_view, uint32_t> seen;
  checked.writes_.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const FactWrite& write = batch[i];
    if (problem(write)) {
      first_wrong = i;
      break;
    }
    auto [it, inserted] = seen.try_emplace(write.indicator, static_cast<uint32_t>(seen.size()));
    if (inserted) checked.names_.push_back(Name{write.indicator, false, 0});
    if (write.value) checked.names_[it->second].has_value = true;
    checked.writes_.push_back(KeyedFactWrite{write.year, write.unit_id, it->second, &write});
  }
  // Names in byte order, and the writes in key order, where a key written twice is two neighbours.
  std::vector<uint32_t> rank(checked.names_.size());
  {
    std::vector<uint32_t> order(checked.names_.size());
    for (uint32_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return checked.names_[a].name < checked.names_[b].name;
    });
    std::vector<Name> sorted(order.size());
    for (uint32_t r = 0; r < order.size(); ++r) {
      sorted[r] = checked.names_[order[r]];
      rank[order[r]] = r;
    }
    checked.names_ = std::move(sorted);
  }
  for (KeyedFactWrite& write : checked.writes_)
    write.indicator_id = rank[static_cast<size_t>(write.indicator_id)];
  auto before = [](const KeyedFactWrite& a, const KeyedFactWrite& b) {
    return std::tie(a.year, a.unit_id, a.indicator_id, a.write) <
           std::tie(b.year, b.unit_id, b.indicator_id, b.write);
  };
  if (!std::is_sorted(checked.writes_.begin(), checked.writes_.end(), before)) {
    std::sort(checked.writes_.begin(), checked.writes_.end(), before);
  }
  // The first write (in the batch's order) whose key an earlier write has.
  const FactWrite* first_twice = nullptr;
  for (size_t k = 1; k < checked.writes_.size(); ++k) {
    const KeyedFactWrite& a = checked.writes_[k - 1];
    const KeyedFactWrite& b = checked.writes_[k];
    if (a.year == b.year && a.unit_id == b.unit_id && a.indicator_id == b.indicator_id &&
        (first_twice == nullptr || b.write < first_twice)) {
      first_twice = b.write;
    }
  }
  if (first_twice != nullptr) {
    return MakeError(
        StoreErrorKind::kInvalid, kContext,
        FactLabel(*first_twice) + ": ghi hai lần trong cùng một lô (written twice in one batch)");
  }
  if (first_wrong < batch.size()) {
    return MakeError(
        StoreErrorKind::kInvalid, kContext,
        FactLabel(batch[first_wrong]) + ": " + std::string(*problem(batch[first_wrong])));
  }
  return checked;
}

std::vector<FactBatch::BatchUnitYear> FactBatch::UnitYears() const {
  std::vector<BatchUnitYear> unit_years;
  for (const KeyedFactWrite& write : writes_) {
    if (unit_years.empty() || unit_years.back().unit_year.year != write.year ||
        unit_years.back().unit_year.unit_id != write.unit_id) {
      unit_years.push_back(BatchUnitYear{{write.unit_id, write.year}, false});
    }
    if (write.write->value) unit_years.back().has_value = true;
  }
  std::sort(
      unit_years.begin(), unit_years.end(),
      [](const BatchUnitYear& a, const BatchUnitYear& b) { return a.unit_year < b.unit_year; });
  return unit_years;
}

std::vector<KeyedFactWrite> FactBatch::TakeKeyed() {
  // Ids follow the names' order when the names were inserted together; otherwise sort again.
  bool in_order = true;
  int64_t last_id = 0;
  for (const Name& name : names_) {
    if (name.id == 0) continue;
    in_order = in_order && name.id > last_id;
    last_id = name.id;
  }
  std::vector<KeyedFactWrite> keyed = std::move(writes_);
  writes_.clear();
  size_t kept = 0;
  for (KeyedFactWrite& write : keyed) {
    int64_t id = names_[static_cast<size_t>(write.indicator_id)].id;
    if (id == 0) continue;
    write.indicator_id = id;
    keyed[kept++] = write;
  }
  keyed.resize(kept);
  if (!in_order) {
    std::sort(keyed.begin(), keyed.end(), [](const KeyedFactWrite& a, const KeyedFactWrite& b) {
      return std::tie(a.year, a.unit_id, a.indicator_id) <
             std::tie(b.year, b.unit_id, b.indicator_id);
    });
  }
  return keyed;
}

std::optional<StoreError> CheckUnitEvent(const UnitEvent& event) {
  constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
  if (auto error = CheckDate(kContext, event.date)) return error;
  if (event.kind.empty()) {
    return MakeError(StoreErrorKind::kInvalid, kContext, "thiếu loại sự kiện (no kind)");
  }
  return std::nullopt;
}

std::optional<StoreError> CheckScorecardBatch(std::span<const ScorecardRecord> scorecards) {
  constexpr std::string_view kContext = "Lưu phiếu điểm (put scorecards)";
  std::set<std::tuple<int64_t, int, std::string_view>> keys;
  for (const ScorecardRecord& card : scorecards) {
    if (!keys.emplace(card.unit_id, card.year, card.rubric_id).second) {
      return MakeError(StoreErrorKind::kInvalid, kContext,
                       "đơn vị (unit) " + std::to_string(card.unit_id) + ", năm (year) " +
                           std::to_string(card.year) + ", bộ tiêu chí (rubric) '" + card.rubric_id +
                           "': ghi hai lần trong cùng một lô (written twice in one batch)");
    }
  }
  return std::nullopt;
}

std::optional<StoreError> CheckRecognition(const RecognitionRecord& recognition) {
  const std::string context = "Lưu công nhận (put recognition) của đơn vị (unit) " +
                              std::to_string(recognition.unit_id) + ", năm (year) " +
                              std::to_string(recognition.year) + ", chương trình (programme) '" +
                              recognition.programme_id + "'";
  if (recognition.programme_id.empty()) {
    return MakeError(StoreErrorKind::kInvalid, context, "thiếu mã chương trình (no programme id)");
  }
  if (recognition.year < kMinYear || recognition.year > kMaxYear) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "năm ngoài khoảng 1900–2200 (year out of range)");
  }
  if (recognition.decision.empty()) {
    return MakeError(StoreErrorKind::kInvalid, context, "thiếu số quyết định (no decision)");
  }
  return CheckDate(context, recognition.date);
}

std::optional<StoreError> CheckSetting(std::string_view key, std::string_view value) {
  constexpr std::string_view kContext = "Lưu thiết lập (put setting)";
  if (key.empty()) {
    return MakeError(StoreErrorKind::kInvalid, kContext, "thiếu khoá (no key)");
  }
  if (key.find('\0') != std::string_view::npos || value.find('\0') != std::string_view::npos) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "khoá hoặc giá trị chứa ký tự NUL (a NUL character in the key or value)");
  }
  return std::nullopt;
}

namespace {

bool HasNul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

std::optional<StoreError> NulIn(std::string_view what, std::string_view context) {
  return MakeError(StoreErrorKind::kInvalid, context,
                   std::string(what) + " chứa ký tự NUL (a NUL character)");
}

}  // namespace

std::optional<StoreError> CheckAccountKey(std::string_view key, std::string_view what,
                                          std::string_view context) {
  if (key.empty())
    return MakeError(StoreErrorKind::kInvalid, context, "thiếu " + std::string(what));
  if (HasNul(key)) return NulIn(what, context);
  return std::nullopt;
}

std::optional<StoreError> CheckUser(const UserRecord& user, std::string_view context) {
  if (auto error = CheckAccountKey(user.username, "tên đăng nhập (username)", context)) {
    return error;
  }
  if (auto error =
          CheckAccountKey(user.password_hash, "mã băm mật khẩu (password hash)", context)) {
    return error;
  }
  if (HasNul(user.display_name)) return NulIn("tên hiển thị (display name)", context);
  return std::nullopt;
}

std::optional<StoreError> CheckGrant(const GrantRecord& grant, std::string_view context) {
  if (RoleKey(grant.role).empty()) {
    return MakeError(StoreErrorKind::kInvalid, context, "vai trò không có (unknown role)");
  }
  return std::nullopt;
}

std::optional<StoreError> CheckSession(const SessionRecord& session, std::string_view context) {
  if (auto error = CheckAccountKey(session.token_hash, "mã băm phiên (token hash)", context)) {
    return error;
  }
  if (HasNul(session.csrf_hash)) return NulIn("mã băm CSRF (CSRF hash)", context);
  if (HasNul(session.address)) return NulIn("địa chỉ (address)", context);
  return std::nullopt;
}

std::optional<StoreError> CheckFailures(const SignInFailures& failures, std::string_view context) {
  if (auto error = CheckAccountKey(failures.key, "khoá (key)", context)) return error;
  if (failures.count < 0) {
    return MakeError(StoreErrorKind::kInvalid, context,
                     "số lần sai âm (a negative count of failures)");
  }
  return std::nullopt;
}

std::string FormatDouble(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::optional<double> ParseDouble(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace store_internal
}  // namespace kieumau
