// A new database on its first start, on each backend: the national register's units and events
// (with the demo when asked), stored with the ids the store gave, read back into the same history;
// the demo's facts by the seed; nothing seeded twice; a store with units left alone; and a first
// start that fails part-way leaves the database empty.
#include <gtest/gtest.h>

#include <atomic>

#include "app/app_fixture.h"
#include "app/demo_setup.h"
#include "register/register_store.h"
#include "store/store.h"
#include "support/test_support.h"

namespace kieumau::app_test {
namespace {

class FirstStart : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<test::ScratchDatabase>(GetParam(), "first");
    if (database_->skipped()) GTEST_SKIP() << test::kPostgresSkipped;
  }

  std::unique_ptr<app::Services> Open(bool demo, std::function<bool(std::string_view)> fail = {}) {
    app::Options options;
    options.db_url = database_->url();
    options.connections = 2;
    options.seed_demo = demo;
    options.watch_changes = false;
    options.fail_before = std::move(fail);
    options.now = [] { return kNow; };
    app::ProblemOr<std::unique_ptr<app::Services>> opened =
        app::Services::Open(options, test::BuiltinCatalogue(), ShippedRubricRefs(), log_);
    if (!opened) {
      problem_ = opened.error();
      return nullptr;
    }
    return std::move(*opened);
  }

  size_t StoredUnits() {
    StoreResult<std::unique_ptr<Store>> store = OpenStore(database_->url());
    EXPECT_TRUE(store);
    StoreResult<std::vector<UnitRecord>> units = (*store)->ListUnits();
    EXPECT_TRUE(units);
    return units ? units->size() : 0;
  }

  std::unique_ptr<test::ScratchDatabase> database_;
  std::ostringstream log_;
  app::Problem problem_;
};

TEST_P(FirstStart, TheRegisterIsStoredAndReadBackAsTheSameHistory) {
  std::unique_ptr<app::Services> services = Open(/*demo=*/false);
  ASSERT_TRUE(services) << problem_.message << " " << problem_.detail;
  Result<admin_register::StoredRegister> built = admin_register::BuiltinRegister();
  ASSERT_TRUE(built);
  app::ProblemOr<std::shared_ptr<const app::World>> world = services->context().GetWorld();
  ASSERT_TRUE(world);
  const UnitRegistry& stored = (*world)->registry();
  ASSERT_EQ(stored.units().size(), built->registry.units().size());
  EXPECT_EQ(stored.events().size(), built->registry.events().size());
  // Unit by unit, in creation order: the same code, dates, names and lineage.
  auto a = stored.units().begin();
  for (const auto& [id, unit] : built->registry.units()) {
    const Unit& other = (a++)->second;
    ASSERT_EQ(other.code, unit.code);
    EXPECT_EQ(other.from, unit.from) << unit.code;
    EXPECT_EQ(other.to, unit.to) << unit.code;
    EXPECT_EQ(other.name.periods().size(), unit.name.periods().size()) << unit.code;
    EXPECT_EQ(other.predecessors.size(), unit.predecessors.size()) << unit.code;
  }
  // Without the demo: no programme, no facts.
  EXPECT_TRUE((*world)->programmes().empty());
  EXPECT_FALSE((*world)->demo());
  // A second start seeds nothing.
  services.reset();
  log_.str("");
  ASSERT_TRUE(Open(/*demo=*/true));
  EXPECT_EQ(log_.str().find("nạp danh mục"), std::string::npos) << log_.str();
  EXPECT_EQ(StoredUnits(), built->registry.units().size());
}

TEST_P(FirstStart, TheDemoIsSeededOnTheRealUnitsBySeed) {
  std::unique_ptr<app::Services> services = Open(/*demo=*/true);
  ASSERT_TRUE(services) << problem_.message << " " << problem_.detail;
  app::ProblemOr<std::shared_ptr<const app::World>> world = services->context().GetWorld();
  ASSERT_TRUE(world);
  ASSERT_EQ((*world)->programmes().size(), 1u);
  EXPECT_TRUE((*world)->demo());
  EXPECT_FALSE((*world)->programmes()[0].recognitions.empty());
  // A 2024 fact of Suối Hoa (old Bắc Ninh), written by the seed.
  app::UnitsQuery query;
  query.as_of = Date::Known(2024, 12, 31);
  query.within = kBacNinh2024;
  query.q = "suoi hoa";
  app::ProblemOr<app::UnitList> found = services->units().List(query, app::Scope::Nation());
  ASSERT_TRUE(found);
  ASSERT_EQ(found->units.size(), 1u);
  app::ProblemOr<app::FactHistoryView> history =
      services->facts().History(found->units[0].code, "staff.count", 2024, app::Scope::Nation());
  ASSERT_TRUE(history);
  ASSERT_EQ(history->changes.size(), 1u);
  EXPECT_EQ(history->changes[0].actor.kind, ActorKind::kSeed);
}

TEST_P(FirstStart, AStoreWithUnitsIsLeftAlone) {
  {
    StoreResult<std::unique_ptr<Store>> store = OpenStore(database_->url());
    ASSERT_TRUE(store);
    ASSERT_TRUE(
        (*store)->CreateUnit({0, "99", "province", "", "Tỉnh Thử", std::nullopt, std::nullopt}));
  }
  ASSERT_TRUE(Open(/*demo=*/true)) << problem_.message;
  EXPECT_EQ(StoredUnits(), 1u);
}

// A failure at any of a few points of the first start leaves no unit behind, and the next start
// seeds everything.
TEST_P(FirstStart, AFirstStartFailingPartWayLeavesTheDatabaseEmpty) {
  // The schema first, so that the statements counted are the first start's writes.
  ASSERT_TRUE(OpenStore(database_->url()));
  for (int fail_at : {2, 5}) {
    SCOPED_TRACE(fail_at);
    std::atomic<int> statements{0};
    // The statements that write (on SQLite each unit's INSERT, on PostgreSQL one INSERT for all
    // units, then the events, the settings, the facts…); reads are not counted.
    auto fail = [&](std::string_view sql) {
      const bool write = sql.find("INSERT") != std::string_view::npos ||
                         sql.find("COPY") != std::string_view::npos;
      return write && ++statements == fail_at;
    };
    EXPECT_FALSE(Open(/*demo=*/true, fail));
    EXPECT_EQ(StoredUnits(), 0u);
  }
  ASSERT_TRUE(Open(/*demo=*/true)) << problem_.message;
  EXPECT_GT(StoredUnits(), 14000u);
}

INSTANTIATE_TEST_SUITE_P(Backends, FirstStart, testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace kieumau::app_test
