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

// The OpenAPI document without a server or a session: the web app's types are generated from it.
TEST(Cli, OpenApiPrintsTheDocument) {
  const test::RunResult run = test::Run(KIEUMAU_BINARY, {"openapi"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("{", 0), 0u);
  EXPECT_NE(run.out.find("\"openapi\""), std::string::npos);
  EXPECT_NE(run.out.find("\"/api/session\""), std::string::npos);
}

}  // namespace
}  // namespace kieumau
