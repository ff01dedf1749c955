// The built `kieumau serve` as a child process, on a free port of 127.0.0.1, its standard error
// kept in a file the test can read.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/http_client.h"

namespace kieumau::server_test {

class ServerProcess {
 public:
  // Starts `kieumau serve --host 127.0.0.1 --port P --rubrics <repo>/rubrics` with `extra_args`, in
  // the repository's root, and waits (up to 60 s) until /api/health answers 200. started() says
  // whether it did.
  explicit ServerProcess(const std::vector<std::string>& extra_args = {});
  // Kills the process (SIGKILL) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return started_; }
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `signal` to the process.
  void Signal(int signal) const;
  // Whether the process has ended (reaps it when it has).
  bool Exited();
  // Waits up to `seconds` for the process to end; its exit code, -1 for a signal, nothing when it
  // still runs.
  std::optional<int> Wait(double seconds);
  // SIGTERM, then Wait(30).
  std::optional<int> Stop();
  // Everything it wrote to standard error so far.
  std::string Stderr() const;
  // Makes an administrator `username` with the tests' password in the server's database (`kieumau
  // user add --admin`, as a person setting up a server does) and signs in; nothing when either
  // fails (the reason in the test's log).
  std::optional<Session> AddAdminAndSignIn(const std::string& username = "admin");

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  bool started_ = false;
  std::optional<int> exit_code_;
  std::string stderr_path_;
  std::string db_dir_;  // the database's folder, when the process made its own
  std::string db_url_;
};

}  // namespace kieumau::server_test
