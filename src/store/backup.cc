// Backups: what both backends share — the URL's backend, what kind of file a backup is (by its
// first bytes), the checks before a restore — and the dispatch to sqlite_backup.cc and
// postgres_backup.cc.
#include "store/backup.h"

#include <fstream>
#include <string>

#include "store/backup_internal.h"

namespace kieumau {

namespace {

using store_internal::MakeError;

constexpr std::string_view kSqliteScheme = "sqlite:";

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// The refusal of a URL of neither backend (not echoed: it may hold a password).
StoreError BadUrlError(std::string_view context) {
  return MakeError(StoreErrorKind::kInvalid, context,
                   "địa chỉ phải là 'sqlite:ĐƯỜNG_DẪN' hoặc bắt đầu bằng 'postgresql://' (the URL "
                   "must be 'sqlite:PATH' or start with 'postgresql://')");
}

// The first bytes of a SQLite database file and of a pg_dump custom-format archive.
constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::string_view kPostgresMagic = "PGDMP";

}  // namespace

std::string_view BackupFormatName(BackupFormat format) {
  return format == BackupFormat::kSqlite ? "SQLite" : "PostgreSQL";
}

StoreResult<BackupContents> WriteBackup(std::string_view url, const std::string& path,
                                        const CopyOptions& options) {
  if (url.starts_with(kSqliteScheme) && url.size() > kSqliteScheme.size())
    return store_internal::WriteSqliteBackup(std::string(url.substr(7)), path, options);
  if (IsPostgresUrl(url))
    return store_internal::WritePostgresBackup(std::string(url), path, options);
  return BadUrlError("Sao lưu (backup)");
}

StoreResult<BackupFile> InspectBackup(const std::string& path) {
  constexpr std::string_view kContext = "Đọc bản sao lưu (read the backup)";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(StoreErrorKind::kNotFound, kContext,
                     "không mở được tệp (cannot open the file): " + path);
  }
  std::string head(kSqliteMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  in.close();
  if (head == kSqliteMagic) return store_internal::InspectSqliteBackup(path);
  if (head.starts_with(kPostgresMagic)) return store_internal::InspectPostgresBackup(path);
  return MakeError(StoreErrorKind::kInvalid, kContext,
                   path +
                       ": không phải bản sao lưu KieuMau — không phải tệp SQLite, cũng không phải "
                       "tệp pg_dump dạng custom (not a KieuMau backup: neither a SQLite file nor a "
                       "pg_dump custom-format archive)");
}

StoreStatus RestoreBackup(std::string_view url, const std::string& path,
                          const CopyOptions& options) {
  constexpr std::string_view kContext = "Khôi phục (restore)";
  const bool sqlite = url.starts_with(kSqliteScheme) && url.size() > kSqliteScheme.size();
  if (!sqlite && !IsPostgresUrl(url)) return BadUrlError(kContext);
  StoreResult<BackupFile> backup = InspectBackup(path);
  if (!backup) return backup.error();
  const BackupFormat wanted = sqlite ? BackupFormat::kSqlite : BackupFormat::kPostgres;
  if (backup->format != wanted) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "bản sao lưu " + std::string(BackupFormatName(backup->format)) +
                         " không khôi phục được vào cơ sở dữ liệu " +
                         std::string(BackupFormatName(wanted)) + " (a " +
                         std::string(BackupFormatName(backup->format)) +
                         " backup cannot be restored into a " +
                         std::string(BackupFormatName(wanted)) + " database)");
  }
  if (backup->schema_version > LatestSchemaVersion()) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "bản sao lưu có lược đồ phiên bản " + std::to_string(backup->schema_version) +
                         ", mới hơn chương trình này (" + std::to_string(LatestSchemaVersion()) +
                         "): hãy dùng bản KieuMau mới hơn (the backup's schema version is newer "
                         "than this program's: use a newer KieuMau)");
  }
  if (sqlite) return store_internal::RestoreSqliteBackup(std::string(url.substr(7)), path, options);
  return store_internal::RestorePostgresBackup(std::string(url), path, *backup, options);
}

namespace store_internal {

StoreError StoppedError(std::string_view context) {
  return MakeError(StoreErrorKind::kUnavailable, context, "đã dừng theo yêu cầu (stopped)");
}

StoreError NotEmptyError(std::string_view context, std::string_view what) {
  return MakeError(StoreErrorKind::kInvalid, context,
                   "cơ sở dữ liệu đích không trống (" + std::string(what) +
                       "): chỉ khôi phục vào cơ sở dữ liệu trống, không ghi đè gì (the target "
                       "database is not empty: a backup is restored into an empty database only, "
                       "nothing is overwritten)");
}

}  // namespace store_internal

}  // namespace kieumau
