// The binary runs and tells how it is used.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace kieumau {
namespace {

TEST(Cli, NoArgumentsIsAUsageError) {
  const test::RunResult run = test::Run(KIEUMAU_BINARY, {});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
}

}  // namespace
}  // namespace kieumau
