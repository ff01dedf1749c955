// Counting the rows of every table (Store::CountRows, on both backends).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace kieumau::test
