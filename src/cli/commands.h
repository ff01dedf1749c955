// The `kieumau` subcommands (RUBRIC-FORMAT.md §8). Each returns the process exit code: 0 done, 1
// refused input, 2 usage error. They write results to `out` and messages to `err`.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "store/store.h"

namespace kieumau::cli {

// The database of every command that touches one (`--db`), as `serve --db` (server/config.h).
inline constexpr const char* kDefaultDatabaseUrl = "sqlite:data/kieumau.db";

struct CatalogueChoice {
  std::optional<std::string> path;  // --indicators; none = the built-in catalogue
};

// Loads the chosen catalogue; on failure writes its errors to `err` and returns nothing.
std::optional<Catalogue> LoadChosenCatalogue(const CatalogueChoice& choice, std::ostream& err);

int RubricCheck(const std::vector<std::string>& files, const CatalogueChoice& catalogue,
                std::ostream& out, std::ostream& err);

enum class ScoreFormat { kJson, kTable };
int Score(const std::string& rubric_path, const std::string& facts_path, ScoreFormat format,
          const CatalogueChoice& catalogue, std::ostream& out, std::ostream& err);

struct RegisterApplyOptions {
  std::string dir;  // the register's files (like data/vn-admin/)
  std::string db_url = kDefaultDatabaseUrl;
  bool create = false;  // make the SQLite file when it does not exist
};

// `kieumau register apply`: applies the register in options.dir to the database (what it adds,
// nothing when it is the register already there, or a refusal naming every row at fault and
// nothing changed). What was done goes to `out`, problems to `err`. A missing SQLite file is
// refused unless options.create.
int RegisterApply(const RegisterApplyOptions& options, std::ostream& out, std::ostream& err);

struct UserAddOptions {
  std::string name;
  std::string display_name;
  bool admin = false;  // required: the command line makes national administrators only
  std::string db_url = kDefaultDatabaseUrl;
};

// `kieumau user add --admin NAME`: the password from the terminal (hidden, twice) when `terminal`,
// else the first line of `in`. Exit 0 made, 1 refused (a bad or taken name, a short password, no
// such database), 2 usage.
int UserAdd(const UserAddOptions& options, std::istream& in, bool terminal, std::ostream& out,
            std::ostream& err);

struct BackupOptions {
  std::string file;
  std::string db_url = kDefaultDatabaseUrl;
  bool force = false;  // replace an existing file
};

// `kieumau backup [--db URL] [--force] FILE`: a backup of the database written to FILE (under a
// temporary name beside it, renamed when whole), then what it holds: size, schema version, rows
// of the main tables. Progress goes to `err` when `terminal` and the database is large. Exit 0
// written, 1 refused or failed (FILE exists without --force, no such database, …).
int Backup(const BackupOptions& options, bool terminal, std::ostream& out, std::ostream& err);

struct RestoreOptions {
  std::string file;
  std::string db_url = kDefaultDatabaseUrl;
};

// `kieumau restore [--db URL] FILE`: the backup in FILE restored into the empty database, which is
// then opened as `serve` opens it (migrated to this program's schema), and what it holds. Exit 0
// restored, 1 refused or failed (not a backup, a target that is not empty, …).
int Restore(const RestoreOptions& options, bool terminal, std::ostream& out, std::ostream& err);
struct AuditVerifyOptions {
  std::string db_url = kDefaultDatabaseUrl;
  std::optional<std::string> anchor;  // "SEQ:HASH", a head printed by an earlier run
};

// `kieumau audit verify`: checks the whole audit chain, reading only. Exit 0 whole (a summary to
// `out`: entries sealed, the head to record as an anchor, entries not yet sealed), 1 broken (the
// first entry altered, removed or inserted, named to `err`) or the database unreadable, 2 usage.
int AuditVerify(const AuditVerifyOptions& options, std::ostream& out, std::ostream& err);

// Seals the audit trail after a command's writes (a server's sealer would, within a second); a
// failure is a warning to `err`, the write stands.
void SealAfterWrite(Store& store, Timestamp at, std::ostream& err);

}  // namespace kieumau::cli
