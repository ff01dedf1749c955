// `kieumau rubric check FILE...` as users run it: its lines, its exit codes, --indicators.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "cli/cli_helpers.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

using cli_test::Contains;
using cli_test::DataPath;
using cli_test::DiagnosticLine;
using cli_test::IsDiagnostic;
using cli_test::Kieumau;
using cli_test::Lines;

// The criteria sets shipped in rubrics/, as found there when the tests run (not the catalogue).
std::vector<std::string> ShippedRubrics() {
  std::vector<std::string> files = test::ListDir(test::RepoPath("rubrics"), ".yaml");
  files.erase(std::remove(files.begin(), files.end(), "indicators.yaml"), files.end());
  return files;
}

class ShippedRubricTest : public testing::TestWithParam<std::string> {};

TEST_P(ShippedRubricTest, ChecksWithExitZero) {
  const std::string file = test::RepoPath("rubrics/" + GetParam());
  const test::RunResult run = Kieumau({"rubric", "check", file});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  if (GetParam() == "qn-ancs-2023.yaml") {
    // The Quảng Ninh document's five declared-point slips, and nothing else.
    EXPECT_EQ(lines.size(), 5u) << run.out;
    for (const std::string& line : lines)
      EXPECT_TRUE(IsDiagnostic(line, file, "warning"));
  } else {
    EXPECT_EQ(run.out, "");
  }
  EXPECT_FALSE(Contains(run.out + run.err, ": error: "));
}

INSTANTIATE_TEST_SUITE_P(Rubrics, ShippedRubricTest, testing::ValuesIn(ShippedRubrics()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(RubricCheck, ShippedSetsIncludeTheQuangNinhSet) {
  const std::vector<std::string> files = ShippedRubrics();
  EXPECT_NE(std::find(files.begin(), files.end(), "qn-ancs-2023.yaml"), files.end());
  EXPECT_NE(std::find(files.begin(), files.end(), "bn-capkm-2024.yaml"), files.end());
}

TEST(RubricCheck, TestFixtureLoadsWithoutAnyLine) {
  const test::RunResult run = Kieumau({"rubric", "check", DataPath("mini.yaml")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(RubricCheck, BrokenRubricExitsOneWithFileLineErrorLines) {
  const std::string file = DataPath("broken.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", file});
  EXPECT_EQ(run.exit_code, 1);
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2u) << run.out << run.err;
  for (const std::string& line : lines)
    EXPECT_TRUE(IsDiagnostic(line, file, "error"));
  // Line 16: an indicator the catalogue does not know; line 20: an expression that does not parse.
  EXPECT_EQ(DiagnosticLine(lines[0], file), 16) << lines[0];
  EXPECT_TRUE(Contains(lines[0], "tips.recieved"));
  EXPECT_EQ(DiagnosticLine(lines[1], file), 20) << lines[1];
}

TEST(RubricCheck, FileNamesArePrintedAsGiven) {
  // Each line starts with exactly what the user typed, not a name the program made up.
  const std::string typed = test::RepoPath("tests/cli/data/../data/broken.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", typed});
  EXPECT_EQ(run.exit_code, 1);
  const std::vector<std::string> lines = Lines(run.out);
  EXPECT_EQ(lines.size(), 2u) << run.out;
  for (const std::string& line : lines)
    EXPECT_TRUE(IsDiagnostic(line, typed, "error"));
}

TEST(RubricCheck, SeveralGoodFilesExitZero) {
  const test::RunResult run = Kieumau(
      {"rubric", "check", DataPath("mini.yaml"), test::RepoPath("rubrics/bn-capkm-2024.yaml")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(RubricCheck, SeveralFilesExitOneWhenAnyFailsAndPrefixEachLineWithItsOwnFile) {
  const std::string good = DataPath("mini.yaml");
  const std::string broken = DataPath("broken.yaml");
  const std::string warned = test::RepoPath("rubrics/qn-ancs-2023.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", good, broken, warned});
  EXPECT_EQ(run.exit_code, 1);
  int broken_errors = 0;
  int warned_warnings = 0;
  for (const std::string& line : Lines(run.out)) {
    if (IsDiagnostic(line, broken, "error")) {
      ++broken_errors;
    } else if (IsDiagnostic(line, warned, "warning")) {
      ++warned_warnings;
    } else {
      ADD_FAILURE() << "a line that belongs to no file as it should: " << line;
    }
  }
  EXPECT_EQ(broken_errors, 2) << run.out;
  EXPECT_EQ(warned_warnings, 5) << run.out;
  EXPECT_FALSE(Contains(run.out, good + ":"));
}

TEST(RubricCheck, TheFailingFileNeedNotBeTheLast) {
  const test::RunResult run =
      Kieumau({"rubric", "check", DataPath("broken.yaml"), DataPath("mini.yaml")});
  EXPECT_EQ(run.exit_code, 1);
}

TEST(RubricCheck, MissingFileExitsOneAndNamesTheFile) {
  const std::string missing = DataPath("no-such-rubric.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", missing});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out + run.err, missing));
  EXPECT_TRUE(Contains(run.out + run.err, "error"));
}

TEST(RubricCheck, MissingFileAmongGoodOnesStillExitsOne) {
  const std::string missing = DataPath("no-such-rubric.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", DataPath("mini.yaml"), missing});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out + run.err, missing));
}

TEST(RubricCheck, UnknownIndicatorWithoutItsCatalogueIsAnError) {
  const std::string file = DataPath("custom-indicator.yaml");
  const test::RunResult run = Kieumau({"rubric", "check", file});
  EXPECT_EQ(run.exit_code, 1);
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 1u) << run.out << run.err;
  EXPECT_TRUE(IsDiagnostic(lines[0], file, "error"));
  EXPECT_TRUE(Contains(lines[0], "drills.count"));
}

TEST(RubricCheck, AnotherCatalogueMakesItsIndicatorKnown) {
  const test::RunResult run =
      Kieumau({"rubric", "check", "--indicators", DataPath("custom-catalogue.yaml"),
               DataPath("custom-indicator.yaml")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "");
}

TEST(RubricCheck, AnotherCatalogueReplacesTheShippedOne) {
  // bn-capkm-2024 names indicators that only the shipped catalogue holds.
  const test::RunResult run =
      Kieumau({"rubric", "check", "--indicators", DataPath("custom-catalogue.yaml"),
               test::RepoPath("rubrics/bn-capkm-2024.yaml")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out, ": error: "));
}

TEST(RubricCheck, BrokenCatalogueExitsOneAndNamesIt) {
  const std::string catalogue = DataPath("broken-catalogue.yaml");
  const test::RunResult run =
      Kieumau({"rubric", "check", "--indicators", catalogue, DataPath("custom-indicator.yaml")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out + run.err, catalogue));
}

TEST(RubricCheck, MissingCatalogueExitsOneAndNamesIt) {
  const std::string catalogue = DataPath("no-such-catalogue.yaml");
  const test::RunResult run =
      Kieumau({"rubric", "check", "--indicators", catalogue, DataPath("mini.yaml")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.out + run.err, catalogue));
}

}  // namespace
}  // namespace kieumau
