#include "register/register_files.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace kieumau::admin_register {

std::string RegisterProblem::ToString() const {
  std::string where(file);
  if (line > 0) where += fmt::format(", dòng {}", line);
  if (!column.empty()) where += fmt::format(", cột {}", column);
  return fmt::format("{}: {}", where, message);
}

std::string FormatProblems(const RegisterProblems& problems) {
  std::string text;
  for (const RegisterProblem& problem : problems) {
    text += problem.ToString();
    text += '\n';
  }
  return text;
}

Result<RegisterFiles, RegisterProblems> ReadRegisterFiles(const std::filesystem::path& dir) {
  auto texts = std::make_shared<std::array<std::string, kRegisterFileSpecs.size()>>();
  RegisterProblems problems;
  for (size_t i = 0; i < kRegisterFileSpecs.size(); ++i) {
    const std::filesystem::path path = dir / kRegisterFileSpecs[i].name;
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      problems.push_back(
          {kRegisterFileSpecs[i].name,
           0,
           {},
           fmt::format("{} là một thư mục, không phải tệp (is a directory)", path.string())});
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      problems.push_back({kRegisterFileSpecs[i].name,
                          0,
                          {},
                          fmt::format("không mở được tệp {}: {} (cannot open the file)",
                                      path.string(), std::strerror(errno))});
      continue;
    }
    (*texts)[i].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
      problems.push_back(
          {kRegisterFileSpecs[i].name,
           0,
           {},
           fmt::format("không đọc được tệp {} (cannot read the file)", path.string())});
    }
  }
  if (!problems.empty()) return problems;
  RegisterFiles files;
  for (size_t i = 0; i < kRegisterFileSpecs.size(); ++i)
    files.*kRegisterFileSpecs[i].text = (*texts)[i];
  files.owner = std::move(texts);
  return files;
}

}  // namespace kieumau::admin_register
