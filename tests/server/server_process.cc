#include "server/server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "server/http_client.h"
#include "support/test_support.h"

namespace kieumau::server_test {

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args) {
  char pattern[] = "/tmp/kieumau-serve-stderr-XXXXXX";
  const int err_fd = mkstemp(pattern);
  if (err_fd < 0) return;
  stderr_path_ = pattern;
  port_ = FreePort();
  std::vector<std::string> args = {KIEUMAU_BINARY,        "serve",     "--port",
                                   std::to_string(port_), "--rubrics", test::RepoPath("rubrics")};
  // On 127.0.0.1 unless the test names a host.
  if (std::find(extra_args.begin(), extra_args.end(), "--host") == extra_args.end()) {
    args.push_back("--host");
    args.push_back("127.0.0.1");
  }
  // Each server gets a database of its own, in a folder removed with it, unless the test names one.
  if (std::find(extra_args.begin(), extra_args.end(), "--db") == extra_args.end()) {
    char db_pattern[] = "/tmp/kieumau-serve-db-XXXXXX";
    if (mkdtemp(db_pattern) != nullptr) {
      db_dir_ = db_pattern;
      args.push_back("--db");
      args.push_back("sqlite:" + db_dir_ + "/kieumau.db");
    }
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--db") db_url_ = args[i + 1];
  pid_ = fork();
  if (pid_ == 0) {
    // A test that crashes does not leave its server running.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The demo's administrator, when the server seeds the demo, gets the tests' password.
    setenv("KIEUMAU_ADMIN_PASSWORD", kTestPassword, 1);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(err_fd, 2);
    if (chdir(KIEUMAU_SOURCE_DIR) != 0) _exit(126);
    std::vector<char*> argv;
    for (std::string& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(err_fd);
  if (pid_ < 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && !Exited()) {
    if (Fetch(port_, "GET", "/api/health").status == 200) {
      started_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::optional<Session> ServerProcess::AddAdminAndSignIn(const std::string& username) {
  const test::RunResult added =
      test::Run(KIEUMAU_BINARY, {"user", "add", "--admin", username, "--db", db_url_},
                std::string(kTestPassword) + "\n");
  if (added.exit_code != 0) {
    ADD_FAILURE() << "kieumau user add: " << added.err;
    return std::nullopt;
  }
  std::optional<Session> session = SignIn(port_, username);
  if (!session) ADD_FAILURE() << "could not sign in as " << username;
  return session;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !Exited()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (!stderr_path_.empty()) unlink(stderr_path_.c_str());
  if (!db_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(db_dir_, ignored);
  }
}

void ServerProcess::Signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

bool ServerProcess::Exited() {
  if (exit_code_) return true;
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return true;
}

std::optional<int> ServerProcess::Wait(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!Exited()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

std::optional<int> ServerProcess::Stop() {
  Signal(SIGTERM);
  return Wait(30);
}

std::string ServerProcess::Stderr() const {
  return test::ReadText(stderr_path_);
}

}  // namespace kieumau::server_test
