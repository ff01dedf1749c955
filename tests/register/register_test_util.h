// What the register's tests share: the built-in register parsed once, and copies of its files that
// a test may change.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <string>

#include "register/register_data.h"

namespace kieumau::admin_register::test {

// The built-in files parsed once; a parse that fails fails the test and aborts.
inline const RegisterData& Builtin() {
  static const RegisterData data = [] {
    Result<RegisterData, RegisterProblems> parsed = ParseRegister(BuiltinRegisterFiles());
    if (!parsed) {
      ADD_FAILURE() << FormatProblems(parsed.error());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return data;
}

// A copy of the built-in files that a test may change.
class RegisterCopy {
 public:
  RegisterCopy() {
    const RegisterFiles builtin = BuiltinRegisterFiles();
    for (size_t i = 0; i < kRegisterFileSpecs.size(); ++i)
      texts_[i] = std::string(builtin.*kRegisterFileSpecs[i].text);
  }

  std::string& Text(std::string_view file) {
    for (size_t i = 0; i < kRegisterFileSpecs.size(); ++i) {
      if (kRegisterFileSpecs[i].name == file) return texts_[i];
    }
    ADD_FAILURE() << "no file " << file;
    return texts_[0];
  }

  // Line `line` (1-based, without its line end) of `file`.
  std::string Line(std::string_view file, int line) {
    const std::string& text = Text(file);
    const size_t start = LineStart(text, line);
    return text.substr(start, text.find('\n', start) - start);
  }
  void SetLine(std::string_view file, int line, std::string_view with) {
    std::string& text = Text(file);
    const size_t start = LineStart(text, line);
    text.replace(start, text.find('\n', start) - start, with);
  }
  // Replaces the first `from` of line `line` of `file`.
  void Edit(std::string_view file, int line, std::string_view from, std::string_view to) {
    std::string text = Line(file, line);
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not on line " << line << " of " << file;
    text.replace(at, from.size(), to);
    SetLine(file, line, text);
  }

  // The files as they are now: views of this copy's text.
  RegisterFiles Files() const {
    RegisterFiles files;
    for (size_t i = 0; i < kRegisterFileSpecs.size(); ++i)
      files.*kRegisterFileSpecs[i].text = texts_[i];
    return files;
  }

  // The problems ParseRegister finds (none when it accepts the files: a failure).
  RegisterProblems Problems() const {
    Result<RegisterData, RegisterProblems> data = ParseRegister(Files());
    if (data) {
      ADD_FAILURE() << "the broken copy was accepted";
      return {};
    }
    return data.error();
  }
  RegisterData Parsed() const {
    Result<RegisterData, RegisterProblems> data = ParseRegister(Files());
    if (!data) {
      ADD_FAILURE() << FormatProblems(data.error());
      return {};
    }
    return std::move(data).value();
  }

 private:
  static size_t LineStart(const std::string& text, int line) {
    size_t start = 0;
    for (int i = 1; i < line; ++i)
      start = text.find('\n', start) + 1;
    return start;
  }

  std::array<std::string, kRegisterFileSpecs.size()> texts_;
};

// Whether a problem on `line` of `file`, in `column`, has `words` in its message.
inline ::testing::AssertionResult HasProblem(const RegisterProblems& problems,
                                             std::string_view file, int line,
                                             std::string_view column, std::string_view words) {
  for (const RegisterProblem& problem : problems) {
    if (problem.file == file && problem.line == line && problem.column == column &&
        problem.message.find(words) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no problem in " << file << ", line " << line << ", column " << column << " saying "
         << words << "; found:\n"
         << FormatProblems(problems);
}

}  // namespace kieumau::admin_register::test
