// The shipped criteria sets load, with exactly the warnings their documents' slips call for.
#include <gtest/gtest.h>

#include "load/rubric_yaml.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

std::vector<Diagnostic> Check(const std::string& file) {
  LoadedRubric loaded = LoadRubricFile(test::RepoPath(file), test::BuiltinCatalogue());
  EXPECT_TRUE(loaded.rubric) << file << " does not load";
  return loaded.diagnostics;
}

TEST(CanonicalRubrics, QuangNinhWarnsOfItsFiveDeclaredPointSlips) {
  const std::vector<Diagnostic> diagnostics = Check("rubrics/qn-ancs-2023.yaml");
  ASSERT_EQ(diagnostics.size(), 5u);
  for (const Diagnostic& d : diagnostics)
    EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_NE(diagnostics[0].message.find("100"), std::string::npos);  // the whole set: 100 vs 99
  EXPECT_NE(diagnostics[1].message.find("Nhóm tiêu chí I "), std::string::npos);   // 10 vs 8
  EXPECT_NE(diagnostics[2].message.find("Tiêu chí 2 "), std::string::npos);        // 2 vs 6
  EXPECT_NE(diagnostics[3].message.find("Nhóm tiêu chí II "), std::string::npos);  // 66 vs 68
  EXPECT_NE(diagnostics[4].message.find("Nhóm tiêu chí IV "), std::string::npos);  // 4 vs 3
}

TEST(CanonicalRubrics, OtherShippedSetsLoadWithoutWarnings) {
  for (const std::string& file : test::ListDir(test::RepoPath("rubrics"), ".yaml")) {
    if (file == "qn-ancs-2023.yaml" || file == "indicators.yaml") continue;
    const std::vector<Diagnostic> diagnostics = Check("rubrics/" + file);
    EXPECT_TRUE(diagnostics.empty())
        << file << ":" << diagnostics.front().line << ": " << diagnostics.front().message;
  }
}

}  // namespace
}  // namespace kieumau
