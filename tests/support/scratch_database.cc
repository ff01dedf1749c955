#include "support/scratch_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace kieumau::test {

namespace {

// Runs one statement on the test server, outside the store (creating and dropping a schema).
bool AdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  EXPECT_TRUE(ok) << PQerrorMessage(conn);
  if (ok) {
    // Quiet: no NOTICE lines about what a DROP … CASCADE removes.
    PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    EXPECT_TRUE(ok) << sql << ": " << PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  return ok;
}

// Unique among processes and within one.
std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

}  // namespace

ScratchDatabase::ScratchDatabase(const std::string& backend, const std::string& prefix) {
  if (backend == "sqlite") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("kieumau-" + prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << pattern;
      return;
    }
    sqlite_dir_ = pattern;
    url_ = "sqlite:" + sqlite_dir_ + "/kieumau.db";
    return;
  }
  const char* base = std::getenv("KIEUMAU_TEST_PG_URL");
  if (base == nullptr || *base == '\0') {
    skipped_ = true;
    return;
  }
  pg_base_url_ = base;
  const std::string schema = prefix + "_" + UniqueSuffix();
  if (!AdminCommand(pg_base_url_, "CREATE SCHEMA " + schema)) return;
  pg_schema_ = schema;
  // Every table of the test goes into its own schema: the first of the search path.
  url_ = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + pg_schema_;
}

ScratchDatabase::~ScratchDatabase() {
  if (!sqlite_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sqlite_dir_, ignored);
  }
  if (!pg_schema_.empty()) AdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
}

}  // namespace kieumau::test
