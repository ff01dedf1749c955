// The backend-neutral part of the store: names, URL dispatch, shared input checks, number
// formatting, messages.
#include "store/store.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <string>
#include <unordered_set>

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

std::string_view FactSourceKey(FactSource source) {
  switch (source) {
    case FactSource::kForm:
      return "form";
    case FactSource::kImport:
      return "import";
    case FactSource::kApi:
      return "api";
  }
  return "form";
}

std::optional<FactSource> ParseFactSource(std::string_view key) {
  if (key == "form") return FactSource::kForm;
  if (key == "import") return FactSource::kImport;
  if (key == "api") return FactSource::kApi;
  return std::nullopt;
}

int LatestSchemaVersion() {
  return store_internal::SqliteMigrations().back().version;
}

StoreResult<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  using store_internal::MakeError;
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
      return "Tham chiếu tới đơn vị không có hoặc còn được tham chiếu (foreign key)";
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
  return StoreError{kind, std::move(message)};
}

StoreError NewerSchemaError(int found, int known) {
  return MakeError(StoreErrorKind::kInvalid, "Mở cơ sở dữ liệu (open store)",
                   "lược đồ phiên bản " + std::to_string(found) +
                       " mới hơn chương trình này (biết tới phiên bản " + std::to_string(known) +
                       ") (the database schema is newer than this program knows)");
}

namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

std::string FactLabel(const FactWrite& write) {
  return "đơn vị (unit) " + std::to_string(write.unit_id) + ", chỉ tiêu (indicator) '" +
         write.indicator + "', năm (year) " + std::to_string(write.year);
}

}  // namespace

std::optional<StoreError> CheckFactBatch(std::span<const FactWrite> batch, std::string_view who) {
  constexpr std::string_view kContext = "Ghi số liệu (put facts)";
  if (who.empty()) {
    return MakeError(StoreErrorKind::kInvalid, kContext, "thiếu người ghi (who is empty)");
  }
  std::unordered_set<std::string> keys;
  keys.reserve(batch.size());
  for (const FactWrite& write : batch) {
    if (write.indicator.empty()) {
      return MakeError(StoreErrorKind::kInvalid, kContext,
                       FactLabel(write) + ": thiếu tên chỉ tiêu (no indicator name)");
    }
    if (write.year < kMinYear || write.year > kMaxYear) {
      return MakeError(StoreErrorKind::kInvalid, kContext,
                       FactLabel(write) + ": năm ngoài khoảng 1900–2200 (year out of range)");
    }
    if (write.value && !std::isfinite(*write.value)) {
      return MakeError(
          StoreErrorKind::kInvalid, kContext,
          FactLabel(write) + ": giá trị không phải là số hữu hạn (value is not finite)");
    }
    std::string key = std::to_string(write.unit_id);
    key += '\x1f';
    key += write.indicator;
    key += '\x1f';
    key += std::to_string(write.year);
    if (!keys.insert(std::move(key)).second) {
      return MakeError(
          StoreErrorKind::kInvalid, kContext,
          FactLabel(write) + ": ghi hai lần trong cùng một lô (written twice in one batch)");
    }
  }
  return std::nullopt;
}

std::optional<StoreError> CheckUnitEvent(const UnitEvent& event) {
  constexpr std::string_view kContext = "Thêm sự kiện đơn vị (add unit event)";
  const std::string& d = event.date;
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
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "ngày '" + d + "' không đúng dạng YYYY-MM-DD (not a YYYY-MM-DD date)");
  }
  if (event.kind.empty()) {
    return MakeError(StoreErrorKind::kInvalid, kContext, "thiếu loại sự kiện (no kind)");
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
