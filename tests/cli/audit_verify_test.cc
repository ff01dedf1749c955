// `kieumau audit verify --db URL`, on each backend: a whole chain is reported with its head (exit
// 0); a chain edited directly in the database — an entry altered, one removed, one inserted — is
// reported naming the first entry at fault (exit 1); an anchor recorded earlier catches a chain
// rewritten with its head; entries not yet sealed are reported as such.
#include <sqlite3.h>

#include <filesystem>

#include "cli_helpers.h"
#include "store/audit_store.h"
#include "store/store.h"
#include "support/scratch_database.h"

namespace kieumau::cli_test {
namespace {

class AuditVerifyTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<test::ScratchDatabase>(GetParam(), "cliaudit");
    if (database_->skipped()) GTEST_SKIP() << test::kPostgresSkipped;
    ASSERT_FALSE(database_->url().empty());
    url_ = database_->url();
    StoreResult<std::unique_ptr<Store>> store = OpenStore(url_);
    ASSERT_TRUE(store) << store.error().Describe();
    for (int i = 1; i <= 5; ++i) {
      AuditEntry entry;
      entry.at = Timestamp(std::chrono::seconds(1'796'000'000 + i));
      entry.actor = WriteActor{ActorKind::kUser, "7", FactSource::kForm, "192.0.2.1"};
      entry.action = "facts.put";
      entry.unit_id = 100 + i;
      entry.subject = "0918" + std::to_string(i) + "/2025";
      entry.detail_json = R"({"changes":[{"indicator":"tips.received","before":)" +
                          std::to_string(i) + R"(,"after":)" + std::to_string(i + 1) + "}]}";
      StoreResult<int64_t> id = (*store)->audit().Append(entry);
      ASSERT_TRUE(id) << id.error().Describe();
      ids_.push_back(*id);
    }
    StoreResult<int64_t> sealed = SealAll((*store)->audit(), Timestamp(std::chrono::seconds(1)));
    ASSERT_TRUE(sealed) << sealed.error().Describe();
  }

  // A statement run directly on the database, as someone with access to it would.
  void Edit(const std::string& sql) {
    if (GetParam() == "postgresql") {
      ASSERT_TRUE(test::PostgresAdminCommand(url_, sql)) << sql;
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url_.substr(7).c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  test::RunResult Verify(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"audit", "verify", "--db", url_};
    args.insert(args.end(), more.begin(), more.end());
    return Kieumau(args);
  }

  std::string Id(size_t index) const { return std::to_string(ids_[index]); }

  std::unique_ptr<test::ScratchDatabase> database_;
  std::string url_;
  std::vector<int64_t> ids_;
};

TEST_P(AuditVerifyTest, AWholeChainIsReportedWithItsHead) {
  const test::RunResult run = Verify();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "Chuỗi nhật ký kiểm toán nguyên vẹn: 5 mục đã niêm phong"));
  EXPECT_TRUE(Contains(run.out, "--anchor 5:"));
  EXPECT_TRUE(run.err.empty()) << run.err;
}

TEST_P(AuditVerifyTest, AnEntryAlteredInTheDatabaseIsNamed) {
  Edit("UPDATE audit_log SET detail = '{\"changes\":[]}' WHERE id = " + Id(2));
  const test::RunResult run = Verify();
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "[altered]: Mục #3 (id " + Id(2) + ") đã bị sửa"));
  EXPECT_TRUE(Contains(run.err, "2 mục đầu tiên nguyên vẹn"));
}

TEST_P(AuditVerifyTest, AnEntryRemovedFromTheDatabaseIsNamed) {
  Edit("DELETE FROM audit_log WHERE id = " + Id(1));
  const test::RunResult run = Verify();
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(
      run.err, "[removed]: Mục #2 đã bị xoá; mục tiếp theo còn lại là #3 (id " + Id(2) + ")"));
}

TEST_P(AuditVerifyTest, AnEntryInsertedIntoTheDatabaseIsNamed) {
  Edit(
      "INSERT INTO audit_log (id, at, actor_kind, actor_user, channel, address, action, unit_id,"
      " subject, detail, seal_seq, prev_hash, hash) VALUES (900, 1796000009, 'user', '7', 'form',"
      " '', 'facts.put', 42, 'forged', '{}', 6, 'aa', 'bb')");
  const test::RunResult run = Verify();
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "[inserted]: Mục #6 (id 900) nằm sau đầu chuỗi #5"));
}

TEST_P(AuditVerifyTest, AnAnchorCatchesAChainRewrittenWithItsHead) {
  const test::RunResult first = Verify();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const size_t at = first.out.find("--anchor ");
  ASSERT_NE(at, std::string::npos);
  const std::string anchor = first.out.substr(at + 9, first.out.find('\n', at) - at - 9);
  // The last entry removed and the head moved back to the one before: the chain reads whole.
  Edit("DELETE FROM audit_log WHERE id = " + Id(4));
  Edit(
      "UPDATE audit_head SET seal_seq = 4, hash = (SELECT hash FROM audit_log WHERE seal_seq = "
      "4)");
  EXPECT_EQ(Verify().exit_code, 0);
  const test::RunResult anchored = Verify({"--anchor", anchor});
  EXPECT_EQ(anchored.exit_code, 1);
  EXPECT_TRUE(Contains(anchored.err, "[removed]"));
  EXPECT_EQ(Verify({"--anchor", "5:nothex"}).exit_code, 2);
}

TEST_P(AuditVerifyTest, EntriesNotYetSealedAreReportedAsSuch) {
  StoreResult<std::unique_ptr<Store>> store = OpenStore(url_);
  ASSERT_TRUE(store);
  AuditEntry entry;
  entry.at = Timestamp(std::chrono::seconds(1'796'000'100));
  entry.actor = WriteActor{ActorKind::kAnonymous, "", FactSource::kApi, "192.0.2.9"};
  entry.action = "access.refused";
  ASSERT_TRUE((*store)->audit().Append(entry));
  const test::RunResult run = Verify();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "1 mục chưa niêm phong"));
  EXPECT_TRUE(Contains(run.out, "(1 entries not sealed yet"));
}

TEST(AuditVerify, AMissingDatabaseIsNotCreated) {
  ScratchDir dir;
  const std::string file = dir.path() + "/missing.db";
  const test::RunResult run = Kieumau({"audit", "verify", "--db", "sqlite:" + file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "không có tệp cơ sở dữ liệu này"));
  EXPECT_FALSE(std::filesystem::exists(file));
}

std::string AuditBackendName(const testing::TestParamInfo<std::string>& info) {
  return info.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditVerifyTest, testing::Values("sqlite", "postgresql"),
                         AuditBackendName);

}  // namespace
}  // namespace kieumau::cli_test
