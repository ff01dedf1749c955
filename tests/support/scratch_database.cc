#include "support/scratch_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace kieumau::test {

namespace {

// A folder of its own under the temporary folder, "kieumau-<prefix>-XXXXXX"; empty (a failure
// reported) when it cannot be made.
std::string MakeTempDir(const std::string& prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("kieumau-" + prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern;
    return "";
  }
  return pattern;
}

// The path of a "sqlite:PATH" URL.
std::string SqlitePath(const std::string& url) {
  constexpr std::string_view kScheme = "sqlite:";
  return url.starts_with(kScheme) ? url.substr(kScheme.size()) : url;
}

}  // namespace

std::string TestPostgresUrl(bool& skip) {
  skip = false;
  const char* url = std::getenv("KIEUMAU_TEST_PG_URL");
  if (url != nullptr && *url != '\0') return url;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true") {
    ADD_FAILURE()
        << "CI=true: kiểm thử PostgreSQL không được bỏ qua nhưng KIEUMAU_TEST_PG_URL không "
           "được đặt (under CI=true a PostgreSQL test may not be skipped, and "
           "KIEUMAU_TEST_PG_URL is not set: run the tests with scripts/run-tests.sh or "
           "scripts/with-services.sh, which start a PostgreSQL server and set it)";
    return "";
  }
  skip = true;
  return "";
}

bool PostgresAdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  EXPECT_TRUE(ok) << PQerrorMessage(conn);
  if (ok) {
    // Quiet: no NOTICE lines about what a DROP … CASCADE removes. A statement of its own, so that
    // the command (CREATE DATABASE, …) runs outside any transaction block.
    PQclear(PQexec(conn, "SET client_min_messages = warning"));
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    EXPECT_TRUE(ok) << sql << ": " << PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  return ok;
}

// Where the database name of a postgresql://user@host:port/db?… URL begins and ends (the '?' or the
// end; begin == end when it names none); false when it is not such a URL.
bool FindPostgresDatabase(const std::string& url, size_t& begin, size_t& end) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    ADD_FAILURE() << "not a postgresql:// URL: " << url;
    return false;
  }
  const size_t path = url.find_first_of("/?", scheme + 3);
  if (path == std::string::npos || url[path] == '?') {
    begin = end = path == std::string::npos ? url.size() : path;
    return true;
  }
  begin = path + 1;
  end = std::min(url.find('?', begin), url.size());
  return true;
}

std::string PostgresUrlWithDatabase(const std::string& url, const std::string& database) {
  size_t begin = 0, end = 0;
  if (!FindPostgresDatabase(url, begin, end)) return "";
  // Without a path, the name needs its slash.
  const bool slash = begin > 0 && url[begin - 1] == '/';
  return url.substr(0, begin) + (slash ? "" : "/") + database + url.substr(end);
}

std::string PostgresDatabaseOf(const std::string& url) {
  size_t begin = 0, end = 0;
  if (!FindPostgresDatabase(url, begin, end)) return "";
  return url.substr(begin, end - begin);
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

ScratchDatabase::ScratchDatabase(const std::string& backend, const std::string& prefix) {
  if (backend == "sqlite") {
    sqlite_dir_ = MakeTempDir(prefix);
    if (!sqlite_dir_.empty()) url_ = "sqlite:" + sqlite_dir_ + "/kieumau.db";
    return;
  }
  const std::string base = TestPostgresUrl(skipped_);
  if (base.empty()) return;
  pg_base_url_ = base;
  const std::string schema = prefix + "_" + UniqueSuffix();
  if (!PostgresAdminCommand(pg_base_url_, "CREATE SCHEMA " + schema)) return;
  pg_schema_ = schema;
  // Every table of the test goes into its own schema: the first of the search path.
  url_ = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + pg_schema_;
}

ScratchDatabase::ScratchDatabase(const std::string& backend, const std::string& prefix,
                                 const std::string& template_url) {
  if (backend == "sqlite") {
    sqlite_dir_ = MakeTempDir(prefix);
    if (sqlite_dir_.empty()) return;
    const std::string from = SqlitePath(template_url);
    const std::string to = sqlite_dir_ + "/kieumau.db";
    // The database file and, when the template's last writer left them, its write-ahead log and
    // index.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code error;
      if (*suffix != '\0' && !std::filesystem::exists(from + suffix)) continue;
      std::filesystem::copy_file(from + suffix, to + suffix, error);
      if (error) {
        ADD_FAILURE() << "copy " << from << suffix << " to " << to << suffix << ": "
                      << error.message();
        return;
      }
    }
    url_ = "sqlite:" + to;
    return;
  }
  const std::string base = TestPostgresUrl(skipped_);
  if (base.empty()) return;
  pg_base_url_ = base;
  const std::string template_name = PostgresDatabaseOf(template_url);
  if (template_name.empty()) {
    ADD_FAILURE() << "no database named in " << template_url;
    return;
  }
  const std::string database = prefix + "_" + UniqueSuffix();
  if (!PostgresAdminCommand(pg_base_url_,
                            "CREATE DATABASE " + database + " TEMPLATE " + template_name))
    return;
  pg_database_ = database;
  url_ = PostgresUrlWithDatabase(pg_base_url_, pg_database_);
}

ScratchDatabase::~ScratchDatabase() {
  if (!sqlite_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sqlite_dir_, ignored);
  }
  if (!pg_schema_.empty())
    PostgresAdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
  // FORCE: a connection the test's server left behind (killed, its backend not yet gone) ends too.
  if (!pg_database_.empty())
    PostgresAdminCommand(pg_base_url_, "DROP DATABASE " + pg_database_ + " WITH (FORCE)");
}

}  // namespace kieumau::test
