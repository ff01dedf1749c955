// The data API on a database of its own of one backend: "sqlite" (a temporary file) or
// "postgresql" (on the server of KIEUMAU_TEST_PG_URL, dropped afterwards). By default the database
// is a copy of the Bắc Ninh demo template (service/demo_template.h), so nothing seeds it.
//
// Two ways to answer, the same calls: in process (the default) — the application layer and the
// HTTP application (server::App, the very function the network adapter calls) opened in this test
// process, each request handed to App::Handle — or through a real `kieumau serve` over loopback
// HTTP, for the few end-to-end cases (several servers on one database, the network adapter).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/services.h"
#include "server/app.h"
#include "server/http_client.h"
#include "server/server_process.h"
#include "support/scratch_database.h"

namespace kieumau::service_test {

class BackendServer {
 public:
  enum class Data {
    kDemo,   // a copy of the demo template
    kEmpty,  // an empty database (the demo is seeded unless `extra_args` has --no-demo)
  };
  enum class Mode {
    kInProcess,  // server::App::Handle in this process
    kProcess,    // a `kieumau serve` over HTTP
  };

  // Skips the test (GTEST_SKIP in the caller: check skipped()) when PostgreSQL is not available;
  // under CI=true the test fails instead.
  explicit BackendServer(const std::string& backend, Mode mode = Mode::kInProcess,
                         Data data = Data::kDemo, const std::vector<std::string>& extra_args = {});
  ~BackendServer();

  // Another `kieumau serve` on this server's database (a second server behind a load balancer);
  // it must be destroyed before this one.
  std::unique_ptr<server_test::ServerProcess> StartAnother() const;

  bool skipped() const { return skipped_; }
  // The database's URL (for `kieumau` commands run on it).
  const std::string& database_url() const { return database_->url(); }
  bool started() const { return server_ ? server_->started() : app_ != nullptr; }
  // The server's standard error, or the in-process services' log.
  std::string Stderr() const { return server_ ? server_->Stderr() : log_.str(); }
  // The `kieumau serve` (Mode::kProcess only).
  server_test::ServerProcess& process() { return *server_; }

  // The calls, as the demo's administrator (signed in when the server started: session()).
  server_test::HttpResponse Get(const std::string& target) const;
  server_test::HttpResponse Post(const std::string& target, const std::string& body,
                                 const std::string& content_type = "text/csv") const;
  server_test::HttpResponse Put(const std::string& target, const std::string& body,
                                const std::string& content_type = "application/json") const;
  // Any call, in the session given (none: a visitor who has not signed in).
  server_test::HttpResponse Call(const std::string& method, const std::string& target,
                                 const std::string& body, const std::string& content_type,
                                 const server_test::Session* session) const;
  // Signs in; nothing when refused.
  std::optional<server_test::Session> SignIn(
      const std::string& username, const std::string& password = server_test::kTestPassword) const;
  // The administrator's session.
  const server_test::Session& session() const { return session_; }
  // The application layer and the HTTP application (Mode::kInProcess only): to make accounts for a
  // test, to list the routes.
  app::Services& services() { return *services_; }
  const server::App& app() const { return *app_; }

 private:
  void OpenInProcess();

  bool skipped_ = false;
  std::unique_ptr<test::ScratchDatabase> database_;
  std::unique_ptr<server_test::ServerProcess> server_;
  std::ostringstream log_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<server::App> app_;
  server_test::Session session_;
};

std::string BackendName(const testing::TestParamInfo<std::string>& info);

}  // namespace kieumau::service_test
