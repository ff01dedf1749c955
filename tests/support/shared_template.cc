#include "support/shared_template.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "support/scratch_database.h"

namespace kieumau::test {
namespace {

// Holds an exclusive flock on `path` (created when missing) while it lives.
class FileLock {
 public:
  explicit FileLock(const std::string& path) {
    // Close-on-exec: a program started while the lock is held (a server filling the template)
    // must not inherit it.
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      ADD_FAILURE() << "open " << path << ": " << std::strerror(errno);
      return;
    }
    while (flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      ADD_FAILURE() << "flock " << path << ": " << std::strerror(errno);
      close(fd_);
      fd_ = -1;
      return;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Whether the PostgreSQL server of `url` has a database named `name`; nothing when it cannot be
// asked (a failure has been reported).
std::optional<bool> PostgresDatabaseExists(const std::string& url, const std::string& name) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::optional<bool> exists;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << PQerrorMessage(conn);
  } else {
    const char* values[] = {name.c_str()};
    PGresult* result = PQexecParams(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1,
                                    nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(result) == PGRES_TUPLES_OK)
      exists = PQntuples(result) > 0;
    else
      ADD_FAILURE() << PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  return exists;
}

// The templates this process made for itself (no KIEUMAU_TEST_RUN_DIR), removed when its tests end.
class OwnTemplates : public testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    for (const std::string& dir : sqlite_dirs)
      std::filesystem::remove_all(dir, ignored);
    for (const std::string& database : pg_databases)
      PostgresAdminCommand(pg_base_url, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    sqlite_dirs.clear();
    pg_databases.clear();
  }

  std::vector<std::string> sqlite_dirs;
  std::string pg_base_url;
  std::vector<std::string> pg_databases;
};

OwnTemplates* const own_templates =
    static_cast<OwnTemplates*>(testing::AddGlobalTestEnvironment(new OwnTemplates));

// The run's folder shared by the test processes (scripts/with-services.sh); empty when there is
// none.
std::string RunDir() {
  const char* dir = std::getenv("KIEUMAU_TEST_RUN_DIR");
  return dir != nullptr ? dir : "";
}

std::string SqliteTemplate(const TemplateSpec& spec) {
  const std::string run_dir = RunDir();
  if (run_dir.empty()) {
    std::string dir =
        (std::filesystem::temp_directory_path() / ("kieumau-" + spec.name + "-template-XXXXXX"))
            .string();
    if (mkdtemp(dir.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << dir;
      return "";
    }
    own_templates->sqlite_dirs.push_back(dir);
    const std::string url = "sqlite:" + dir + "/kieumau.db";
    return spec.fill(url) ? url : "";
  }
  // Filled under a folder of its own, renamed when complete: a template that exists is whole.
  const std::string dir = run_dir + "/" + spec.name + "-sqlite-" + spec.key;
  const std::string url = "sqlite:" + dir + "/kieumau.db";
  FileLock lock(run_dir + "/" + spec.name + "-sqlite.lock");
  if (!lock.held()) return "";
  if (std::filesystem::exists(dir)) return url;
  const std::string filling = dir + ".filling";
  std::error_code error;
  std::filesystem::remove_all(filling, error);  // left by a process that died while filling it
  std::filesystem::create_directories(filling, error);
  if (error) {
    ADD_FAILURE() << "mkdir " << filling << ": " << error.message();
    return "";
  }
  if (!spec.fill("sqlite:" + filling + "/kieumau.db")) return "";
  std::filesystem::rename(filling, dir, error);
  if (error) {
    ADD_FAILURE() << "rename " << filling << ": " << error.message();
    return "";
  }
  return url;
}

std::string PostgresTemplate(const TemplateSpec& spec, bool& skip) {
  const std::string base = TestPostgresUrl(skip);
  if (base.empty()) return "";
  const std::string run_dir = RunDir();
  if (run_dir.empty()) {
    const std::string name = spec.name + "_template_" + UniqueSuffix();
    if (!PostgresAdminCommand(base, "CREATE DATABASE " + name)) return "";
    own_templates->pg_base_url = base;
    own_templates->pg_databases.push_back(name);
    const std::string url = PostgresUrlWithDatabase(base, name);
    return spec.fill(url) ? url : "";
  }
  // Filled under a name of its own, renamed when complete (no connection to it may remain, which
  // the rename checks): a template that exists is whole.
  const std::string name = "kieumau_" + spec.name + "_" + spec.key;
  const std::string url = PostgresUrlWithDatabase(base, name);
  FileLock lock(run_dir + "/" + spec.name + "-postgresql.lock");
  if (!lock.held()) return "";
  const std::optional<bool> exists = PostgresDatabaseExists(base, name);
  if (!exists) return "";
  if (*exists) return url;
  const std::string filling = name + "_filling";
  // One left by a process that died while filling it goes first.
  if (!PostgresAdminCommand(base, "DROP DATABASE IF EXISTS " + filling + " WITH (FORCE)") ||
      !PostgresAdminCommand(base, "CREATE DATABASE " + filling))
    return "";
  if (!spec.fill(PostgresUrlWithDatabase(base, filling))) return "";
  if (!PostgresAdminCommand(base, "ALTER DATABASE " + filling + " RENAME TO " + name)) return "";
  return url;
}

}  // namespace

std::string SharedTemplateUrl(const std::string& backend, const TemplateSpec& spec, bool& skip) {
  skip = false;
  // Tried once per process (and, under a run folder, made once per run).
  static std::map<std::string, std::string> made;
  const std::string id = spec.name + " " + backend;
  if (auto found = made.find(id); found != made.end()) {
    if (found->second.empty())
      ADD_FAILURE() << "the " << backend << " " << spec.name
                    << " template could not be made (see the first test that needed it)";
    return found->second;
  }
  const std::string url = backend == "sqlite" ? SqliteTemplate(spec) : PostgresTemplate(spec, skip);
  if (!skip) made[id] = url;
  return url;
}

std::string FileKey(const std::string& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return "0000000000000000";
  const std::string identity =
      std::to_string(status.st_size) + "/" + std::to_string(status.st_mtim.tv_sec) + "." +
      std::to_string(status.st_mtim.tv_nsec) + "/" + std::to_string(status.st_ino);
  std::ostringstream key;
  key << std::hex;
  key.width(16);
  key.fill('0');
  key << std::hash<std::string>{}(identity);
  return key.str();
}

std::string ThisProgramKey() {
  return FileKey("/proc/self/exe");
}

}  // namespace kieumau::test
