#include "support/test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "load/catalogue_yaml.h"
#include "load/rubric_yaml.h"

namespace kieumau::test {

std::string RepoPath(const std::string& relative) {
  return std::string(KIEUMAU_SOURCE_DIR) + "/" + relative;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> ListDir(const std::string& dir, const std::string& extension) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (extension.empty()
            ? entry.is_directory()
            : (entry.is_regular_file() && name.size() > extension.size() &&
               name.compare(name.size() - extension.size(), extension.size(), extension) == 0)) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

const Catalogue& BuiltinCatalogue() {
  static const Catalogue catalogue = [] {
    LoadedCatalogue loaded = ParseCatalogue(BuiltinCatalogueText());
    if (!loaded.catalogue) {
      ADD_FAILURE() << "the built-in catalogue does not load";
      return Catalogue();
    }
    return std::move(*loaded.catalogue);
  }();
  return catalogue;
}

Rubric RubricFromText(const std::string& yaml) {
  LoadedRubric loaded = ParseRubric(yaml, BuiltinCatalogue());
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.severity == Severity::kError) ADD_FAILURE() << "line " << d.line << ": " << d.message;
  }
  if (!loaded.rubric) return Rubric();
  return std::move(*loaded.rubric);
}

namespace {

std::string Drain(int fd) {
  std::string text;
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<size_t>(n));
  return text;
}

}  // namespace

RunResult Run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input) {
  RunResult result;
  char out_path[] = "/tmp/kieumau-test-out-XXXXXX";
  char err_path[] = "/tmp/kieumau-test-err-XXXXXX";
  char in_path[] = "/tmp/kieumau-test-in-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  const int in_fd = mkstemp(in_path);
  if (in_fd >= 0) {
    if (write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size()))
      result.err = "could not write the standard input";
    lseek(in_fd, 0, SEEK_SET);
    unlink(in_path);
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  lseek(out_fd, 0, SEEK_SET);
  lseek(err_fd, 0, SEEK_SET);
  result.out = Drain(out_fd);
  result.err = Drain(err_fd);
  close(out_fd);
  close(err_fd);
  close(in_fd);
  unlink(out_path);
  unlink(err_path);
  return result;
}

}  // namespace kieumau::test
