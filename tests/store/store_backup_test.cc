// Counting the rows of every table (Store::CountRows, on both backends), and SQLite backups at the
// level of the store (store/backup.h): progress, stopping, what counts as an empty target. The
// commands end to end, PostgreSQL's pg_dump and pg_restore included, are tested in
// tests/cli/backup_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/backup.h"
#include "store/store.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {

int64_t CountOf(const std::vector<TableRows>& tables, std::string_view table) {
  for (const TableRows& rows : tables) {
    if (rows.table == table) return rows.rows;
  }
  ADD_FAILURE() << "no table " << table;
  return -1;
}

TEST_P(StoreTest, CountsTheRowsOfEveryTable) {
  auto store = Open();
  auto empty = store->CountRows();
  ASSERT_OK(empty);
  EXPECT_TRUE(
      std::is_sorted(empty->begin(), empty->end(),
                     [](const TableRows& a, const TableRows& b) { return a.table < b.table; }));
  for (const char* table : {"units", "unit_events", "facts_current", "fact_changes", "scorecards",
                            "users", "grants", "link_confirmations", "programmes"}) {
    EXPECT_EQ(CountOf(*empty, table), 0) << table;
  }
  // One row per migration applied.
  EXPECT_EQ(CountOf(*empty, "schema_version"), LatestSchemaVersion());

  const int64_t a = MustCreate(*store, Ward("26734"));
  const int64_t b = MustCreate(*store, Ward("26737", "Phường Vũ Ninh"));
  const std::vector<FactWrite> batch{
      {a, "so_vu_an", 2025, 3}, {a, "so_cbcs", 2025, 41}, {b, "so_vu_an", 2025, 1}};
  ASSERT_OK(store->PutFacts(batch, User("u1"), At(1000)));
  const std::vector<FactWrite> change{{b, "so_vu_an", 2025, 2}};
  ASSERT_OK(store->PutFacts(change, User("u1"), At(2000)));
  auto counted = store->CountRows();
  ASSERT_OK(counted);
  EXPECT_EQ(CountOf(*counted, "units"), 2);
  EXPECT_EQ(CountOf(*counted, "indicators"), 2);
  EXPECT_EQ(CountOf(*counted, "facts_current"), 3);
  EXPECT_EQ(CountOf(*counted, "fact_changes"), 4);
  EXPECT_EQ(CountOf(*counted, "fact_batches"), 2);
  EXPECT_EQ(CountOf(*counted, "fact_unit_years"), 2);
}

// A SQLite database the store made, with a few units, in a folder of the test's.
class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/kieumau-backup-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto store = OpenStore("sqlite:" + Path("source.db"));
    ASSERT_OK(store);
    for (int i = 0; i < 20; ++i)
      MustCreate(**store, Ward("2670" + std::to_string(i)));
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string Source() const { return "sqlite:" + Path("source.db"); }

 private:
  std::string dir_;
};

TEST_F(SqliteBackupTest, TellsItsProgressUpToTheWholeFile) {
  std::vector<CopyProgress> told;
  CopyOptions options;
  options.progress = [&](const CopyProgress& progress) { told.push_back(progress); };
  auto written = WriteBackup(Source(), Path("copy.bak"), options);
  ASSERT_OK(written);
  EXPECT_EQ(CountOf(written->tables, "units"), 20);
  EXPECT_EQ(written->schema_version, LatestSchemaVersion());
  ASSERT_FALSE(told.empty());
  for (size_t i = 1; i < told.size(); ++i)
    EXPECT_LE(told[i - 1].done, told[i].done);
  EXPECT_GT(told.back().total, 0);
  EXPECT_EQ(told.back().done, told.back().total);

  auto inspected = InspectBackup(Path("copy.bak"));
  ASSERT_OK(inspected);
  EXPECT_EQ(inspected->format, BackupFormat::kSqlite);
  EXPECT_EQ(inspected->schema_version, LatestSchemaVersion());
}

TEST_F(SqliteBackupTest, StopsWhenAskedAndLeavesNoTarget) {
  CopyOptions stop;
  stop.stop = [] { return true; };
  auto stopped = WriteBackup(Source(), Path("copy.bak"), stop);
  EXPECT_STORE_ERROR(stopped, StoreErrorKind::kUnavailable);
  EXPECT_NE(stopped.error().message.find("(stopped)"), std::string::npos);

  ASSERT_OK(WriteBackup(Source(), Path("whole.bak")));
  EXPECT_STORE_ERROR(RestoreBackup("sqlite:" + Path("target.db"), Path("whole.bak"), stop),
                     StoreErrorKind::kUnavailable);
  // The target this restore created is removed; a later one starts afresh.
  EXPECT_FALSE(std::filesystem::exists(Path("target.db")));
  ASSERT_OK(RestoreBackup("sqlite:" + Path("target.db"), Path("whole.bak")));
  auto restored = OpenStore("sqlite:" + Path("target.db"));
  ASSERT_OK(restored);
  EXPECT_EQ((*restored)->ListUnits()->size(), 20u);
}

TEST_F(SqliteBackupTest, RestoresIntoAnEmptyFileButNotBesideALogThatHoldsData) {
  ASSERT_OK(WriteBackup(Source(), Path("whole.bak")));
  std::ofstream(Path("empty.db")).close();
  ASSERT_OK(RestoreBackup("sqlite:" + Path("empty.db"), Path("whole.bak")));

  std::ofstream(Path("logged.db-wal")) << "frames of a database that was never checkpointed";
  auto refused = RestoreBackup("sqlite:" + Path("logged.db"), Path("whole.bak"));
  EXPECT_STORE_ERROR(refused, StoreErrorKind::kInvalid);
  EXPECT_NE(refused.error().message.find("(the target database is not empty"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(Path("logged.db")));
}

}  // namespace
}  // namespace kieumau::test
