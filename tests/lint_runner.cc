// Runs every lint case under tests/lint/: a small rubric with one problem, and in its comments the
// exact diagnostics loading it must give, one line each:
//   # expect: error 12 unknown key
//   # expect: warning 20 overlap
// (severity, line, and a piece of the message). No other diagnostic may appear; a case with only
// warnings must load, a case with an error must not.
#include <gtest/gtest.h>

#include <sstream>

#include "load/rubric_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

struct Expectation {
  Severity severity;
  int line;
  std::string fragment;
};

std::vector<Expectation> ReadExpectations(const std::string& text) {
  std::vector<Expectation> expectations;
  std::istringstream lines(text);
  std::string line;
  const std::string marker = "# expect: ";
  while (std::getline(lines, line)) {
    const size_t at = line.find(marker);
    if (at == std::string::npos) continue;
    std::istringstream fields(line.substr(at + marker.size()));
    std::string severity;
    Expectation expectation{Severity::kError, 0, ""};
    fields >> severity >> expectation.line;
    std::getline(fields >> std::ws, expectation.fragment);
    expectation.severity = severity == "warning" ? Severity::kWarning : Severity::kError;
    expectations.push_back(expectation);
  }
  return expectations;
}

class LintTest : public testing::TestWithParam<std::string> {};

TEST_P(LintTest, GivesExactlyTheExpectedDiagnostics) {
  const std::string text = test::ReadText(test::RepoPath("tests/lint/" + GetParam()));
  const std::vector<Expectation> expectations = ReadExpectations(text);
  ASSERT_FALSE(expectations.empty()) << "the case states no '# expect:' line";
  LoadedRubric loaded = ParseRubric(text, test::BuiltinCatalogue());

  std::vector<bool> used(loaded.diagnostics.size(), false);
  bool any_error = false;
  for (const Expectation& want : expectations) {
    any_error = any_error || want.severity == Severity::kError;
    bool found = false;
    for (size_t i = 0; i < loaded.diagnostics.size() && !found; ++i) {
      const Diagnostic& d = loaded.diagnostics[i];
      if (!used[i] && d.severity == want.severity && d.line == want.line &&
          d.message.find(want.fragment) != std::string::npos) {
        used[i] = found = true;
      }
    }
    EXPECT_TRUE(found) << (want.severity == Severity::kError ? "error" : "warning") << " on line "
                       << want.line << " containing \"" << want.fragment << "\" was not given";
  }
  for (size_t i = 0; i < loaded.diagnostics.size(); ++i) {
    EXPECT_TRUE(used[i]) << "unexpected "
                         << (loaded.diagnostics[i].severity == Severity::kError ? "error"
                                                                                : "warning")
                         << " on line " << loaded.diagnostics[i].line << ": "
                         << loaded.diagnostics[i].message;
  }
  EXPECT_EQ(loaded.rubric.has_value(), !any_error);
}

INSTANTIATE_TEST_SUITE_P(Cases, LintTest,
                         testing::ValuesIn(test::ListDir(test::RepoPath("tests/lint"), ".yaml")),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace kieumau
