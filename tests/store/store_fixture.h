// The fixture of the storage suite: each test gets an empty database of the backend it is run on.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store.h"
#include "support/scratch_database.h"

namespace kieumau::test {

// Parameter: "sqlite" or "postgresql".
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Opens the test's database (migrating it); fails the test when it cannot.
  std::unique_ptr<Store> Open(const StoreOptions& options = {});
  // The URL of the test's database.
  const std::string& url() const { return database_->url(); }

 private:
  std::unique_ptr<ScratchDatabase> database_;
};

std::string BackendName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace kieumau::test
