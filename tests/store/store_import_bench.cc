// A measurement run by hand, not a timed assertion: imports the facts of the whole country (3,321
// units × 100 indicators) in one batch on each backend, then again with every value changed, and
// prints values per second.
//   scripts/with-services.sh build-store/tests/store/store_tests --gtest_also_run_disabled_tests
//   --gtest_filter='*ImportRate*'   (KIEUMAU_TEST_PG_FSYNC=on for a server that syncs to disk)
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "store_fixture.h"

namespace kieumau::test {
namespace {

// User and system time of this process (for PostgreSQL, the server's work is not in it).
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

TEST_P(StoreTest, DISABLED_ImportRate) {
  constexpr int kUnits = 3321;
  constexpr int kIndicators = 100;
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<int64_t> units;
  auto start = std::chrono::steady_clock::now();
  for (int u = 0; u < kUnits; ++u) {
    UnitRecord unit{
        0, "U" + std::to_string(u), "commune", "xa", "Xã " + std::to_string(u), 10000, 2.5e7};
    auto id = store->CreateUnit(unit);
    ASSERT_TRUE(id.ok()) << id.error().message;
    units.push_back(*id);
  }
  double unit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<FactWrite> batch;
  batch.reserve(static_cast<size_t>(kUnits) * kIndicators);
  for (int64_t unit : units) {
    for (int i = 0; i < kIndicators; ++i) {
      batch.push_back(
          {unit, "chi_tieu_" + std::to_string(i), 2025, static_cast<double>(unit % 97 + i)});
    }
  }
  auto timed = [&](const char* what) {
    auto begin = std::chrono::steady_clock::now();
    double cpu_begin = CpuSeconds();
    auto summary =
        store->PutFacts(batch, WriteActor{ActorKind::kAnonymous, "", FactSource::kImport, ""},
                        Timestamp(std::chrono::seconds(1735689600)));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    double cpu = CpuSeconds() - cpu_begin;
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->changed, static_cast<int64_t>(batch.size()));
    std::printf("%-10s %-28s %zu values in %.2f s: %.0f values/s (this process: %.2f s CPU)\n",
                GetParam().c_str(), what, batch.size(), seconds,
                static_cast<double>(batch.size()) / seconds, cpu);
  };
  std::printf("%-10s %-28s %d units in %.2f s (one CreateUnit each)\n", GetParam().c_str(), "units",
              kUnits, unit_seconds);
  timed("import (all new)");
  for (FactWrite& write : batch)
    write.value = *write.value + 1;
  timed("import (all changed)");
  auto begin = std::chrono::steady_clock::now();
  auto all = store->GetAllFacts(2025);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), batch.size());
  std::printf("%-10s %-28s %zu values in %.2f s: %.0f values/s\n", GetParam().c_str(),
              "read (GetAllFacts)", all->size(), seconds,
              static_cast<double>(all->size()) / seconds);
}

}  // namespace
}  // namespace kieumau::test
