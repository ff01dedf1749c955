// The fixture of the storage suite: each test gets an empty database of the backend it is run on.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
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

inline Timestamp At(int64_t seconds) {
  return Timestamp(std::chrono::seconds(seconds));
}

inline UnitRecord Ward(const std::string& code, const std::string& name = "Phường Suối Hoa") {
  UnitRecord unit;
  unit.code = code;
  unit.level = "commune";
  unit.kind = "phuong";
  unit.name = name;
  unit.population = 21034;
  unit.area_m2 = 1.25e6;
  return unit;
}

// A user's write through `channel`.
inline WriteActor User(const std::string& user, FactSource channel = FactSource::kForm) {
  return WriteActor{ActorKind::kUser, user, channel, ""};
}

// Creates a unit and returns its id; fails the test when it cannot.
inline int64_t MustCreate(Store& store, const UnitRecord& unit) {
  auto id = store.CreateUnit(unit);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    auto&& result_ = (expr);                              \
    ASSERT_TRUE(result_.ok()) << result_.error().message; \
  } while (false)

#define EXPECT_STORE_ERROR(expr, expected_kind)                                         \
  do {                                                                                  \
    auto&& result_ = (expr);                                                            \
    ASSERT_FALSE(result_.ok());                                                         \
    EXPECT_EQ(result_.error().kind, expected_kind)                                      \
        << StoreErrorKindName(result_.error().kind) << ": " << result_.error().message; \
  } while (false)

inline ScorecardRecord Card(int64_t unit, int year, const std::string& rubric,
                            const std::string& result, int64_t at = 1735689600) {
  return ScorecardRecord{unit, year, rubric, "sha256:9f2c", result, At(at)};
}

// PutFacts then PutScorecards in one unit of work (as the service writes a batch).
inline StoreResult<PutFactsSummary> PutFactsAndScorecards(Store& store,
                                                          std::span<const FactWrite> batch,
                                                          const WriteActor& actor, Timestamp at,
                                                          std::span<const ScorecardRecord> cards) {
  PutFactsSummary summary;
  StoreStatus done = store.InTransaction([&](Store& in) -> StoreStatus {
    auto put = in.PutFacts(batch, actor, at);
    if (!put.ok()) return put.error();
    summary = *put;
    return in.PutScorecards(cards);
  });
  if (!done.ok()) return done.error();
  return summary;
}

}  // namespace kieumau::test
