// What the register's tests share: the built-in register parsed once.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>

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

}  // namespace kieumau::admin_register::test
