// Helpers for the command-line tests: running the built kieumau, fixture paths, scratch folders.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace kieumau::cli_test {

// Runs the built binary, as a user would, with `args`.
inline test::RunResult Kieumau(const std::vector<std::string>& args) {
  return test::Run(KIEUMAU_BINARY, args);
}

// The absolute path of a fixture under tests/cli/data/.
inline std::string DataPath(const std::string& name) {
  return test::RepoPath("tests/cli/data/" + name);
}

// The lines of `text`, without their '\n'; a last line without '\n' counts too.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

inline testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << part << "\" is not in:\n" << text;
}

// Whether `line` is exactly `FILE:LINE: SEVERITY: message` for this file and severity
// (RUBRIC-FORMAT.md §8), with a line number from 1 and a non-empty message.
inline testing::AssertionResult IsDiagnostic(const std::string& line, const std::string& file,
                                             const std::string& severity) {
  const auto fail = [&] {
    return testing::AssertionFailure()
           << "\"" << line << "\" is not \"" << file << ":LINE: " << severity << ": message\"";
  };
  if (line.rfind(file + ":", 0) != 0) return fail();
  size_t at = file.size() + 1;
  const size_t digits = at;
  while (at < line.size() && line[at] >= '0' && line[at] <= '9')
    ++at;
  if (at == digits || line[digits] == '0') return fail();
  const std::string middle = ": " + severity + ": ";
  if (line.compare(at, middle.size(), middle) != 0) return fail();
  if (line.size() == at + middle.size()) return fail();
  return testing::AssertionSuccess();
}

// The line number of a diagnostic line `FILE:LINE: …`, or -1.
inline int DiagnosticLine(const std::string& line, const std::string& file) {
  if (line.rfind(file + ":", 0) != 0) return -1;
  return std::atoi(line.c_str() + file.size() + 1);
}

// A fresh folder under /tmp for files a test writes; removed with everything in it at the end.
class ScratchDir {
 public:
  ScratchDir() {
    char pattern[] = "/tmp/kieumau-cli-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    EXPECT_NE(made, nullptr) << "cannot create a scratch folder";
    if (made != nullptr) path_ = made;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `text` to the file `name` in the folder and returns its absolute path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary);
    out << text;
    EXPECT_TRUE(out.good()) << "cannot write " << file;
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kieumau::cli_test
