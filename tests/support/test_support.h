// Helpers shared by the tests: paths in the repository, files, running the kieumau binary.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rubric.h"

namespace kieumau::test {

// An absolute path for a path relative to the repository's root.
std::string RepoPath(const std::string& relative);
std::string ReadText(const std::string& path);
// The sorted names of the sub-folders (or, with `extension`, the files ending so) of `dir`.
std::vector<std::string> ListDir(const std::string& dir, const std::string& extension = "");

// The built-in catalogue; fails the test when it does not load.
const Catalogue& BuiltinCatalogue();
// Loads a rubric from text against the built-in catalogue; fails the test on any error.
Rubric RubricFromText(const std::string& yaml);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `program` with `args`, `input` as its standard input, and waits for it.
RunResult Run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input = "");

}  // namespace kieumau::test
