// A `kieumau serve` on a database of its own of one backend: "sqlite" (a temporary file) or
// "postgresql" (on the server of KIEUMAU_TEST_PG_URL, dropped afterwards). By default the database
// is a copy of the Bắc Ninh demo template (service/demo_template.h), so the server starts without
// seeding.
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
  enum class Data {
    kDemo,   // a copy of the demo template
    kEmpty,  // an empty database (the server seeds the demo unless `extra_args` has --no-demo)
  };

  // Skips the test (GTEST_SKIP in the caller: check skipped()) when PostgreSQL is not available;
  // under CI=true the test fails instead.
  explicit BackendServer(const std::string& backend, Data data = Data::kDemo,
                         const std::vector<std::string>& extra_args = {});
  ~BackendServer();

  // Another `kieumau serve` on this server's database (a second server behind a load balancer);
  // it must be destroyed before this one.
  std::unique_ptr<server_test::ServerProcess> StartAnother() const;

  bool skipped() const { return skipped_; }
  bool started() const { return server_ && server_->started(); }
  std::string Stderr() const { return server_ ? server_->Stderr() : ""; }
  server_test::ServerProcess& process() { return *server_; }

  server_test::HttpResponse Get(const std::string& target) const;
  server_test::HttpResponse Post(const std::string& target, const std::string& body,
                                 const std::string& content_type = "text/csv") const;

 private:
  bool skipped_ = false;
  std::unique_ptr<test::ScratchDatabase> database_;
  std::unique_ptr<server_test::ServerProcess> server_;
};

std::string BackendName(const testing::TestParamInfo<std::string>& info);

}  // namespace kieumau::service_test
