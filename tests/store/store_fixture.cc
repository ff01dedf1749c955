#include "store_fixture.h"

namespace kieumau::test {

void StoreTest::SetUp() {
  database_ = std::make_unique<ScratchDatabase>(GetParam(), "store");
  if (database_->skipped()) GTEST_SKIP() << kPostgresSkipped;
  ASSERT_FALSE(database_->url().empty());
}

void StoreTest::TearDown() {
  database_.reset();
}

std::unique_ptr<Store> StoreTest::Open(const StoreOptions& options) {
  auto store = OpenStore(url(), options);
  EXPECT_TRUE(store.ok()) << store.error().message;
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::test
