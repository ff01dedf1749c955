// A `kieumau serve` on a fresh database of one backend: "sqlite" (a temporary file) or
// "postgresql" (a schema of its own on the server of KIEUMAU_TEST_PG_URL, dropped afterwards).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "server/http_client.h"
#include "server/server_process.h"
#include "support/scratch_database.h"

namespace kieumau::service_test {

class BackendServer {
 public:
  // Skips the test (GTEST_SKIP in the caller: check skipped()) when PostgreSQL is not available.
  BackendServer(const std::string& backend, const std::vector<std::string>& extra_args = {});
  ~BackendServer();

  bool skipped() const { return database_.skipped(); }
  bool started() const { return server_ && server_->started(); }
  std::string Stderr() const { return server_ ? server_->Stderr() : ""; }
  server_test::ServerProcess& process() { return *server_; }

  server_test::HttpResponse Get(const std::string& target) const;
  server_test::HttpResponse Post(const std::string& target, const std::string& body,
                                 const std::string& content_type = "text/csv") const;

 private:
  test::ScratchDatabase database_;
  std::unique_ptr<server_test::ServerProcess> server_;
};

std::string BackendName(const testing::TestParamInfo<std::string>& info);

}  // namespace kieumau::service_test
