// What the backup files share (store/backup.h): backup.cc checks and dispatches by URL,
// sqlite_backup.cc and postgres_backup.cc copy.
#pragma once

#include <string>
#include <string_view>

#include "store/backend.h"
#include "store/backup.h"

namespace kieumau::store_internal {

// The failure of a copy that CopyOptions::stop stopped.
StoreError StoppedError(std::string_view context);
// Whether CopyOptions::stop asks to stop.
inline bool StopAsked(const CopyOptions& options) {
  return options.stop && options.stop();
}
// The refusal of a target that is not empty.
StoreError NotEmptyError(std::string_view context, std::string_view what);

// SQLite: the database file `db_path`, the backup `path`.
StoreResult<BackupContents> WriteSqliteBackup(const std::string& db_path, const std::string& path,
                                              const CopyOptions& options);
StoreResult<BackupFile> InspectSqliteBackup(const std::string& path);
StoreStatus RestoreSqliteBackup(const std::string& db_path, const std::string& path,
                                const CopyOptions& options);

// PostgreSQL: the database at `url`, the archive `path`.
StoreResult<BackupContents> WritePostgresBackup(const std::string& url, const std::string& path,
                                                const CopyOptions& options);
StoreResult<BackupFile> InspectPostgresBackup(const std::string& path);
StoreStatus RestorePostgresBackup(const std::string& url, const std::string& path,
                                  const BackupFile& backup, const CopyOptions& options);

}  // namespace kieumau::store_internal
