// Every fuzz target run over its committed corpus (fuzz/corpus/<target>/) and every input that ever
// crashed or stalled it (fuzz/crashes/<target>/): under the test build's sanitizers, a regression
// is a crash, a leak or an out-of-bounds read here.
#include <gtest/gtest.h>

#include <filesystem>

#include "fuzz/targets.h"
#include "support/test_support.h"

namespace kieumau::fuzz {
namespace {

class ReplayTest : public testing::TestWithParam<Target> {};

std::vector<std::filesystem::path> Inputs(const std::string& folder) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST_P(ReplayTest, CorpusAndCrashesRunCleanly) {
  const Target& target = GetParam();
  const std::string name(target.name);
  const std::vector<std::filesystem::path> corpus = Inputs(test::RepoPath("fuzz/corpus/" + name));
  const std::vector<std::filesystem::path> crashes = Inputs(test::RepoPath("fuzz/crashes/" + name));
  ASSERT_FALSE(corpus.empty()) << "fuzz/corpus/" << name << " has no seed input";
  for (const auto& files : {corpus, crashes}) {
    for (const std::filesystem::path& file : files) {
      SCOPED_TRACE(file.string());
      const std::string bytes = test::ReadText(file.string());
      target.run(bytes);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, ReplayTest, testing::ValuesIn(Targets()),
                         [](const testing::TestParamInfo<Target>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace kieumau::fuzz
