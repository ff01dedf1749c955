#include "store_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace kieumau::test {

namespace {

// Runs one statement on the test server, outside the store (creating and dropping the test's
// schema).
void AdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  // Quiet: no NOTICE lines about what a DROP … CASCADE removes.
  PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
  EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 1000000);
}

}  // namespace

void StoreTest::SetUp() {
  if (GetParam() == "sqlite") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kieumau-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    sqlite_dir_ = pattern;
    url_ = "sqlite:" + sqlite_dir_ + "/kieumau.db";
    return;
  }
  const char* base = std::getenv("KIEUMAU_TEST_PG_URL");
  if (base == nullptr || *base == '\0') {
    GTEST_SKIP()
        << "KIEUMAU_TEST_PG_URL không được đặt: bỏ qua PostgreSQL (not set: PostgreSQL skipped; "
           "`make test` or scripts/with-services.sh sets it)";
  }
  pg_base_url_ = base;
  pg_schema_ = "t_" + UniqueSuffix();
  ASSERT_NO_FATAL_FAILURE(AdminCommand(pg_base_url_, "CREATE SCHEMA " + pg_schema_));
  // Every table of the test goes into its own schema: the first of the search path.
  url_ = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + pg_schema_;
}

void StoreTest::TearDown() {
  if (!sqlite_dir_.empty()) std::filesystem::remove_all(sqlite_dir_);
  if (!pg_schema_.empty()) AdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
}

std::unique_ptr<Store> StoreTest::Open(const StoreOptions& options) {
  auto store = OpenStore(url_, options);
  EXPECT_TRUE(store.ok()) << store.error().message;
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::test
