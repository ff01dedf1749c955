#include "service/backend_server.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

namespace kieumau::service_test {

namespace {

void AdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
  EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

}  // namespace

BackendServer::BackendServer(const std::string& backend, const std::vector<std::string>& extra) {
  std::vector<std::string> args = extra;
  std::string url;
  if (backend == "sqlite") {
    std::string pattern = (std::filesystem::temp_directory_path() / "kieumau-api-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    sqlite_dir_ = pattern;
    url = "sqlite:" + sqlite_dir_ + "/kieumau.db";
  } else {
    const char* base = std::getenv("KIEUMAU_TEST_PG_URL");
    if (base == nullptr || *base == '\0') {
      skipped_ = true;
      return;
    }
    static std::atomic<int> counter{0};
    pg_base_url_ = base;
    pg_schema_ = "api_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    AdminCommand(pg_base_url_, "CREATE SCHEMA " + pg_schema_);
    url = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
          "options=-csearch_path%3D" + pg_schema_;
  }
  args.push_back("--db");
  args.push_back(url);
  server_ = std::make_unique<server_test::ServerProcess>(args);
}

BackendServer::~BackendServer() {
  server_.reset();
  if (!sqlite_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sqlite_dir_, ignored);
  }
  if (!pg_schema_.empty()) AdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
}

server_test::HttpResponse BackendServer::Get(const std::string& target) const {
  return server_test::Fetch(server_->port(), "GET", target);
}

server_test::HttpResponse BackendServer::Post(const std::string& target, const std::string& body,
                                              const std::string& content_type) const {
  return server_test::Fetch(server_->port(), "POST", target, body, content_type);
}

std::string BackendName(const testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::service_test
