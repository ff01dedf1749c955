#include "service/demo_template.h"

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
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "server/server_process.h"
#include "support/scratch_database.h"

namespace kieumau::service_test {
namespace {

// Holds an exclusive flock on `path` (created when missing) while it lives.
class FileLock {
 public:
  explicit FileLock(const std::string& path) {
    // Close-on-exec: a server started while the lock is held must not inherit it.
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

// Names the built kieumau binary: its size and modification time, hashed to 16 hex digits.
std::string BinaryKey() {
  struct stat status {};
  if (stat(KIEUMAU_BINARY, &status) != 0) return "0000000000000000";
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

// Starts `kieumau serve` on the empty database at `url`, which seeds the demo into it, then stops
// it (SIGTERM) and waits for it to end. Whether it started and ended with exit code 0.
bool SeedWithServer(const std::string& url) {
  server_test::ServerProcess server({"--db", url});
  if (!server.started()) {
    ADD_FAILURE() << "the server seeding the demo template did not start:\n" << server.Stderr();
    return false;
  }
  const std::optional<int> code = server.Stop();
  if (code != 0) {
    ADD_FAILURE() << "the server seeding the demo template did not stop cleanly (exit "
                  << (code ? std::to_string(*code) : "none after 30 s") << "):\n"
                  << server.Stderr();
    return false;
  }
  return true;
}

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
    if (!sqlite_dir.empty()) std::filesystem::remove_all(sqlite_dir, ignored);
    if (!pg_database.empty())
      test::PostgresAdminCommand(pg_base_url,
                                 "DROP DATABASE IF EXISTS " + pg_database + " WITH (FORCE)");
    sqlite_dir.clear();
    pg_database.clear();
  }

  std::string sqlite_dir;
  std::string pg_base_url;
  std::string pg_database;
};

OwnTemplates* const own_templates =
    static_cast<OwnTemplates*>(testing::AddGlobalTestEnvironment(new OwnTemplates));

// The run's folder shared by the test processes (scripts/with-services.sh); empty when there is
// none.
std::string RunDir() {
  const char* dir = std::getenv("KIEUMAU_TEST_RUN_DIR");
  return dir != nullptr ? dir : "";
}

std::string SqliteTemplate() {
  const std::string run_dir = RunDir();
  if (run_dir.empty()) {
    std::string dir =
        (std::filesystem::temp_directory_path() / "kieumau-demo-template-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << dir;
      return "";
    }
    own_templates->sqlite_dir = dir;
    const std::string url = "sqlite:" + dir + "/kieumau.db";
    return SeedWithServer(url) ? url : "";
  }
  // Made under a folder of its own, renamed when complete: a template that exists is whole.
  const std::string dir = run_dir + "/demo-sqlite-" + BinaryKey();
  const std::string url = "sqlite:" + dir + "/kieumau.db";
  FileLock lock(run_dir + "/demo-sqlite.lock");
  if (!lock.held()) return "";
  if (std::filesystem::exists(dir)) return url;
  const std::string seeding = dir + ".seeding";
  std::error_code error;
  std::filesystem::remove_all(seeding, error);  // left by a process that died while seeding
  std::filesystem::create_directories(seeding, error);
  if (error) {
    ADD_FAILURE() << "mkdir " << seeding << ": " << error.message();
    return "";
  }
  if (!SeedWithServer("sqlite:" + seeding + "/kieumau.db")) return "";
  std::filesystem::rename(seeding, dir, error);
  if (error) {
    ADD_FAILURE() << "rename " << seeding << ": " << error.message();
    return "";
  }
  return url;
}

std::string PostgresTemplate(bool& skip) {
  const std::string base = test::TestPostgresUrl(skip);
  if (base.empty()) return "";
  const std::string run_dir = RunDir();
  if (run_dir.empty()) {
    const std::string name = "demo_template_" + test::UniqueSuffix();
    if (!test::PostgresAdminCommand(base, "CREATE DATABASE " + name)) return "";
    own_templates->pg_base_url = base;
    own_templates->pg_database = name;
    const std::string url = test::PostgresUrlWithDatabase(base, name);
    return SeedWithServer(url) ? url : "";
  }
  // Made under a name of its own, renamed when complete (no connection to it may remain, which the
  // rename checks): a template that exists is whole.
  const std::string name = "kieumau_demo_" + BinaryKey();
  const std::string url = test::PostgresUrlWithDatabase(base, name);
  FileLock lock(run_dir + "/demo-postgresql.lock");
  if (!lock.held()) return "";
  const std::optional<bool> exists = PostgresDatabaseExists(base, name);
  if (!exists) return "";
  if (*exists) return url;
  const std::string seeding = name + "_seeding";
  // One left by a process that died while seeding goes first.
  if (!test::PostgresAdminCommand(base, "DROP DATABASE IF EXISTS " + seeding + " WITH (FORCE)") ||
      !test::PostgresAdminCommand(base, "CREATE DATABASE " + seeding))
    return "";
  if (!SeedWithServer(test::PostgresUrlWithDatabase(base, seeding))) return "";
  if (!test::PostgresAdminCommand(base, "ALTER DATABASE " + seeding + " RENAME TO " + name))
    return "";
  return url;
}

}  // namespace

std::string DemoTemplateUrl(const std::string& backend, bool& skip) {
  skip = false;
  // Tried once per process (and, under a run folder, made once per run).
  static std::map<std::string, std::string> made;
  if (auto found = made.find(backend); found != made.end()) {
    if (found->second.empty())
      ADD_FAILURE() << "the " << backend << " demo template could not be made (see the first test "
                    << "that needed it)";
    return found->second;
  }
  const std::string url = backend == "sqlite" ? SqliteTemplate() : PostgresTemplate(skip);
  if (!skip) made[backend] = url;
  return url;
}

}  // namespace kieumau::service_test
