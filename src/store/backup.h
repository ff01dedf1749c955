// Backups of a store's database, and restoring one into an empty database (`kieumau backup`,
// `kieumau restore`): SQLite through its online backup API, PostgreSQL through pg_dump and
// pg_restore. What a backup holds is counted in the very snapshot it copies (Store::CountRows
// counts the same tables), so that a restored copy can be compared with it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace kieumau {

// How far a copy has gone: bytes written, of `total` (0 when not known beforehand: pg_dump).
struct CopyProgress {
  int64_t done = 0;
  int64_t total = 0;
};

struct CopyOptions {
  // Called now and then while copying, on the calling thread.
  std::function<void(const CopyProgress&)> progress;
  // Asked now and then: true stops the copy (the command was interrupted), which then fails
  // (kUnavailable, "đã dừng (stopped)").
  std::function<bool()> stop;
};

// What a backup holds, read in the snapshot it copied.
struct BackupContents {
  int schema_version = 0;
  std::vector<TableRows> tables;  // as Store::CountRows: by table name
};

// Writes a backup of the database at `url` to the file `path`, replacing what `path` holds (the
// caller writes it under a temporary name and renames it when this succeeds):
//   sqlite:PATH — SQLite's online backup API, a few megabytes per step, all of them inside one
//     read transaction of the source: the copy is one consistent snapshot, and the writers of a
//     database in WAL mode (every KieuMau database) go on meanwhile. The copy is made a single
//     self-contained file (rollback journal, not WAL) and passes SQLite's quick check.
//   postgresql://… — `pg_dump --format=custom` of the whole database the URL names (every schema:
//     a dump of the public schema alone would not restore, see store/README.md), in the
//     snapshot of a read-only transaction that counts the rows first (pg_export_snapshot). The
//     connection is handed to pg_dump through libpq's environment variables (PGHOST, PGUSER,
//     PGPASSWORD, …: only processes of the same user can read them), never on its command line.
// A SQLite file that does not exist is kNotFound; a database without KieuMau's schema_version
// table is kInvalid; pg_dump missing or failing is kUnavailable (its words, without the password,
// in StoreError::detail).
StoreResult<BackupContents> WriteBackup(std::string_view url, const std::string& path,
                                        const CopyOptions& options = {});

enum class BackupFormat { kSqlite, kPostgres };
std::string_view BackupFormatName(BackupFormat format);  // "SQLite", "PostgreSQL"

// What a backup file is.
struct BackupFile {
  BackupFormat format = BackupFormat::kSqlite;
  int schema_version = 0;  // the newest migration it records
  std::string schema;      // PostgreSQL: the schema its tables are in ("public")
};

// Checks that `path` is a KieuMau backup: a SQLite file that passes SQLite's quick check and has a
// schema_version table, or a PostgreSQL custom-format archive (pg_restore --list reads it) holding
// a schema_version table. A missing file is kNotFound, anything else kInvalid.
StoreResult<BackupFile> InspectBackup(const std::string& path);

// Restores the backup at `path` into the database at `url`, which must be empty (else kInvalid,
// nothing written):
//   sqlite:PATH — no file, an empty one, or one without tables (and no write-ahead log holding
//     anything); the backup is copied into it with the online backup API, in one write
//     transaction of the target (a copy that fails or is stopped leaves it as it was; a file this
//     call created is removed).
//   postgresql://… — no table, view or sequence in any schema of the database; `pg_restore
//     --no-owner --exit-on-error --single-transaction` (all or nothing), the connection handed over
//     as for WriteBackup. The URL's schema (the first of its search path) must be the backup's.
// A backup of the other backend, or of a newer program (a schema version above
// LatestSchemaVersion()), is kInvalid. The database is left at the backup's schema version:
// OpenStore then migrates it.
StoreStatus RestoreBackup(std::string_view url, const std::string& path,
                          const CopyOptions& options = {});

}  // namespace kieumau
