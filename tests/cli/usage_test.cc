// Usage errors exit 2 with nothing on standard output; --help exits 0 (RUBRIC-FORMAT.md §8).
#include <gtest/gtest.h>

#include "cli/cli_helpers.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

using cli_test::Contains;
using cli_test::DataPath;
using cli_test::Kieumau;

void ExpectUsageError(const std::vector<std::string>& args) {
  const test::RunResult run = Kieumau(args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_FALSE(run.err.empty()) << "a usage error tells why on standard error";
}

TEST(Usage, NoSubcommand) {
  ExpectUsageError({});
}

TEST(Usage, UnknownSubcommand) {
  ExpectUsageError({"frobnicate"});
}

TEST(Usage, ScoreWithoutRubric) {
  ExpectUsageError({"score", "--facts", DataPath("mini.facts.json")});
}

TEST(Usage, ScoreWithoutFacts) {
  ExpectUsageError({"score", "--rubric", DataPath("mini.yaml")});
}

TEST(Usage, ScoreWithNeitherRubricNorFacts) {
  ExpectUsageError({"score"});
}

TEST(Usage, ScoreWithUnknownFormat) {
  ExpectUsageError({"score", "--rubric", DataPath("mini.yaml"), "--facts",
                    DataPath("mini.facts.json"), "--format", "xml"});
}

TEST(Usage, ScoreWithFormatButNoValue) {
  ExpectUsageError({"score", "--rubric", DataPath("mini.yaml"), "--facts",
                    DataPath("mini.facts.json"), "--format"});
}

TEST(Usage, RubricWithoutCheck) {
  ExpectUsageError({"rubric"});
}

TEST(Usage, RubricWithUnknownAction) {
  ExpectUsageError({"rubric", "lint", DataPath("mini.yaml")});
}

TEST(Usage, RubricCheckWithoutFile) {
  ExpectUsageError({"rubric", "check"});
}

TEST(Usage, UnknownOptionOfScore) {
  ExpectUsageError({"score", "--rubric", DataPath("mini.yaml"), "--facts",
                    DataPath("mini.facts.json"), "--bogus"});
}

TEST(Usage, UnknownOptionOfRubricCheck) {
  ExpectUsageError({"rubric", "check", "--bogus", DataPath("mini.yaml")});
}

TEST(Usage, UnknownTopLevelOption) {
  ExpectUsageError({"--bogus"});
}

TEST(Usage, BackupWithoutFile) {
  ExpectUsageError({"backup"});
  ExpectUsageError({"backup", "--db", "sqlite:x.db"});
}

TEST(Usage, BackupWithDbButNoValue) {
  ExpectUsageError({"backup", "x.bak", "--db"});
}

TEST(Usage, RestoreWithoutFile) {
  ExpectUsageError({"restore"});
  ExpectUsageError({"restore", "--db", "sqlite:x.db"});
}

TEST(Usage, RestoreDoesNotTakeForce) {
  ExpectUsageError({"restore", "--force", "x.bak"});
}

// Every command that touches a database takes --db with the default of `serve`.
TEST(Usage, EveryDatabaseCommandHasTheDefaultOfServe) {
  const std::string default_db = "--db TEXT=sqlite:data/kieumau.db";
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"serve"}, {"register", "apply"}, {"user", "add"}, {"backup"}, {"restore"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    const test::RunResult run = Kieumau(args);
    EXPECT_EQ(run.exit_code, 0) << command.front();
    EXPECT_TRUE(Contains(run.out, default_db)) << command.front();
  }
}

TEST(Usage, HelpExitsZeroAndNamesTheCommands) {
  const test::RunResult run = Kieumau({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.out + run.err, "score"));
  EXPECT_TRUE(Contains(run.out + run.err, "rubric"));
  EXPECT_TRUE(Contains(run.out + run.err, "backup"));
  EXPECT_TRUE(Contains(run.out + run.err, "restore"));
}

TEST(Usage, ScoreHelpExitsZeroAndNamesItsOptions) {
  const test::RunResult run = Kieumau({"score", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* option : {"--rubric", "--facts", "--format", "--indicators"}) {
    EXPECT_TRUE(Contains(run.out + run.err, option));
  }
}

TEST(Usage, RubricCheckHelpExitsZero) {
  const test::RunResult run = Kieumau({"rubric", "check", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.out + run.err, "--indicators"));
}

}  // namespace
}  // namespace kieumau
