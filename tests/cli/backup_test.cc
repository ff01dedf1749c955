// `kieumau backup` and `kieumau restore` on each backend: a copy of the demo database (the shared
// demo template, seeded once per run) backed up and restored into a fresh database, both opened
// with the store and compared, table by table and record by record, and their audit chains
// verified by `kieumau audit verify`; a backup taken while a writer holds its transaction open; a
// backup of an older schema restored and migrated; and the refusals: an existing file without
// --force, a target that is not empty, a file that is not a backup. A PostgreSQL password never
// appears in the output, nor on pg_dump's command line.
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "cli_helpers.h"
#include "service/demo_template.h"
#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/store.h"
#include "support/scratch_database.h"

namespace kieumau::cli_test {
namespace {

namespace fs = std::filesystem;

// Opens the store at `url` (as the program does: migrating it); fails the test when it cannot.
std::unique_ptr<Store> OpenForCheck(const std::string& url) {
  StoreResult<std::unique_ptr<Store>> store = OpenStore(url);
  EXPECT_TRUE(store.ok()) << store.error().Describe();
  return store.ok() ? std::move(*store) : nullptr;
}

std::vector<TableRows> RowsOfEveryTable(Store& store) {
  StoreResult<std::vector<TableRows>> rows = store.CountRows();
  EXPECT_TRUE(rows.ok()) << rows.error().Describe();
  return rows.ok() ? *rows : std::vector<TableRows>{};
}

int64_t RowsOf(const std::vector<TableRows>& tables, std::string_view table) {
  for (const TableRows& rows : tables) {
    if (rows.table == table) return rows.rows;
  }
  ADD_FAILURE() << "no table " << table;
  return -1;
}

// The names of the files in `dir`.
std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

test::RunResult BackUp(const std::string& url, const std::string& file,
                       std::vector<std::string> more = {}) {
  std::vector<std::string> args{"backup", "--db", url, file};
  args.insert(args.end(), more.begin(), more.end());
  return Kieumau(args);
}

// The sealed entries `kieumau audit verify` reports ("… (the audit chain is whole: N sealed
// entries)"); nothing when it reports none.
std::optional<int64_t> SealedEntries(const std::string& out) {
  const std::string before = "(the audit chain is whole: ";
  const size_t at = out.find(before);
  if (at == std::string::npos) return std::nullopt;
  return std::stoll(out.substr(at + before.size()));
}

test::RunResult RestoreInto(const std::string& url, const std::string& file) {
  return Kieumau({"restore", "--db", url, file});
}

// The tests' PostgreSQL server's URL (empty when PostgreSQL is skipped).
std::string ServerUrl() {
  bool skip = false;
  return test::TestPostgresUrl(skip);
}

// Parameter: the backend. Each test has a copy of the demo database (source()) and a folder for
// its files (dir()).
class BackupRestoreTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    bool skip = false;
    const std::string demo = service_test::DemoTemplateUrl(GetParam(), skip);
    if (skip) GTEST_SKIP() << test::kPostgresSkipped;
    ASSERT_FALSE(demo.empty());
    source_ = std::make_unique<test::ScratchDatabase>(GetParam(), "backupsrc", demo);
    ASSERT_FALSE(source_->url().empty());
  }

  // A new database with nothing in it: for SQLite a file not made yet, for PostgreSQL a database
  // of its own (a copy of template0, which is empty).
  std::unique_ptr<test::ScratchDatabase> EmptyDatabase() {
    if (GetParam() == "sqlite") return std::make_unique<test::ScratchDatabase>("sqlite", "restore");
    return std::make_unique<test::ScratchDatabase>(
        "postgresql", "restore", test::PostgresUrlWithDatabase(ServerUrl(), "template0"));
  }

  const std::string& source() const { return source_->url(); }
  const std::string& dir() const { return dir_.path(); }

 private:
  std::unique_ptr<test::ScratchDatabase> source_;
  ScratchDir dir_;
};

TEST_P(BackupRestoreTest, RestoresTheDemoWithEveryRowOfEveryTable) {
  {
    // Rows in every table the comparison names: the demo has units, facts and a user; a changed
    // value, a scorecard and a link confirmation are added.
    std::unique_ptr<Store> store = OpenForCheck(source());
    ASSERT_NE(store, nullptr);
    auto units = store->ListUnits();
    ASSERT_TRUE(units.ok() && units->size() > 2);
    auto years = store->FactYears();
    ASSERT_TRUE(years.ok() && !years->empty());
    auto facts = store->GetAllFacts(years->front());
    ASSERT_TRUE(facts.ok() && !facts->empty());
    const FactValue& fact = facts->front();
    const WriteActor actor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""};
    const Timestamp at{std::chrono::seconds(1767225600)};
    const std::vector<FactWrite> change{{fact.unit_id, fact.indicator, fact.year, fact.value + 1}};
    ASSERT_TRUE(store->PutFacts(change, actor, at).ok());
    ASSERT_TRUE(
        store->PutScorecard({fact.unit_id, fact.year, "bn-capkm-2024", "sha256:00", "{}", at})
            .ok());
    ASSERT_TRUE(store->PutLinkConfirmation({(*units)[0].id, (*units)[1].id, actor, at}).ok());
    // An audit trail with sealed entries (the demo's, one more) and one not sealed yet.
    AuditEntry entry;
    entry.at = at;
    entry.actor = actor;
    entry.action = "facts.put";
    entry.unit_id = fact.unit_id;
    entry.subject = std::to_string(fact.year);
    ASSERT_TRUE(store->audit().Append(entry).ok());
    ASSERT_TRUE(SealAll(store->audit(), at).ok());
    entry.subject = "not sealed";
    ASSERT_TRUE(store->audit().Append(entry).ok());
  }
  const std::string file = dir() + "/demo.kieumau-backup";
  const test::RunResult backup = BackUp(source(), file);
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_TRUE(Contains(backup.out, "Đã sao lưu (backup written): " + file));
  // Nothing but the backup in its folder: the temporary file was renamed.
  EXPECT_EQ(FilesIn(dir()), std::vector<std::string>{"demo.kieumau-backup"});

  const std::unique_ptr<test::ScratchDatabase> target = EmptyDatabase();
  ASSERT_FALSE(target->url().empty());
  const test::RunResult restore = RestoreInto(target->url(), file);
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_TRUE(Contains(restore.out, "Đã khôi phục (restored): " + file));

  std::unique_ptr<Store> original = OpenForCheck(source());
  std::unique_ptr<Store> restored = OpenForCheck(target->url());
  ASSERT_TRUE(original && restored);
  EXPECT_TRUE(restored->MigrationsApplied().empty());
  EXPECT_EQ(restored->SchemaVersion(), LatestSchemaVersion());
  const std::vector<TableRows> before = RowsOfEveryTable(*original);
  const std::vector<TableRows> after = RowsOfEveryTable(*restored);
  EXPECT_EQ(before, after);
  for (const char* table : {"units", "unit_events", "facts_current", "fact_changes", "scorecards",
                            "users", "grants", "link_confirmations", "programmes"}) {
    EXPECT_GT(RowsOf(after, table), 0) << table;
  }
  // The summaries of both commands say so.
  EXPECT_TRUE(Contains(backup.out, "(units): " + std::to_string(RowsOf(before, "units")) + "\n"));
  EXPECT_TRUE(Contains(restore.out, "(units): " + std::to_string(RowsOf(after, "units")) + "\n"));
  EXPECT_TRUE(Contains(restore.out,
                       "(fact changes): " + std::to_string(RowsOf(after, "fact_changes")) + "\n"));

  // Record by record.
  EXPECT_EQ(original->ListUnits().value(), restored->ListUnits().value());
  EXPECT_EQ(original->ListUnitEvents().value(), restored->ListUnitEvents().value());
  EXPECT_EQ(original->ListProgrammes().value(), restored->ListProgrammes().value());
  EXPECT_EQ(original->ListLinkConfirmations().value(), restored->ListLinkConfirmations().value());
  EXPECT_EQ(original->accounts().ListUsers().value(), restored->accounts().ListUsers().value());
  EXPECT_EQ(original->accounts().ListAllGrants().value(),
            restored->accounts().ListAllGrants().value());
  const std::vector<int> years = original->FactYears().value();
  EXPECT_EQ(years, restored->FactYears().value());
  for (int year : years)
    EXPECT_EQ(original->GetAllFacts(year).value(), restored->GetAllFacts(year).value()) << year;

  // The audit chain: the restored database verifies as its original does, with as many sealed
  // entries, the same head and the same entries not sealed yet.
  const test::RunResult verify_source = Kieumau({"audit", "verify", "--db", source()});
  ASSERT_EQ(verify_source.exit_code, 0) << verify_source.out << verify_source.err;
  const test::RunResult verify_restored = Kieumau({"audit", "verify", "--db", target->url()});
  ASSERT_EQ(verify_restored.exit_code, 0) << verify_restored.out << verify_restored.err;
  const std::optional<int64_t> sealed = SealedEntries(verify_source.out);
  ASSERT_TRUE(sealed.has_value()) << verify_source.out;
  EXPECT_GT(*sealed, 0);
  EXPECT_EQ(SealedEntries(verify_restored.out), sealed) << verify_restored.out;
  EXPECT_TRUE(Contains(verify_restored.out, "(head): #" + std::to_string(*sealed) + " "));
  EXPECT_TRUE(Contains(verify_restored.out, "1 entries not sealed yet"));
  EXPECT_EQ(verify_restored.out, verify_source.out);
}

TEST_P(BackupRestoreTest, BacksUpWhileAWriterHoldsItsTransactionOpen) {
  std::unique_ptr<Store> store = OpenForCheck(source());
  ASSERT_NE(store, nullptr);
  auto years = store->FactYears();
  ASSERT_TRUE(years.ok() && !years->empty());
  auto facts = store->GetAllFacts(years->back());
  ASSERT_TRUE(facts.ok() && !facts->empty());
  const FactValue before = facts->front();
  const std::string file = dir() + "/during-a-write.bak";
  const WriteActor actor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""};
  test::RunResult backup;
  // The unit of work holds the database's write lock (SQLite) or its rows' locks (PostgreSQL)
  // while the backup runs, and commits after it.
  StoreStatus written = store->InTransaction([&](Store& in) -> StoreStatus {
    const std::vector<FactWrite> change{
        {before.unit_id, before.indicator, before.year, before.value + 7}};
    auto put = in.PutFacts(change, actor, Timestamp{std::chrono::seconds(1767225600)});
    if (!put.ok()) return put.error();
    backup = BackUp(source(), file);
    return Success{};
  });
  ASSERT_TRUE(written.ok()) << written.error().Describe();
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;

  const std::unique_ptr<test::ScratchDatabase> target = EmptyDatabase();
  const test::RunResult restore = RestoreInto(target->url(), file);
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  std::unique_ptr<Store> restored = OpenForCheck(target->url());
  ASSERT_NE(restored, nullptr);
  // The backup holds the value from before the uncommitted write; the source has the new one.
  const std::vector<int64_t> unit{before.unit_id};
  EXPECT_EQ(restored->GetFacts(unit, before.year).value().front(), before);
  EXPECT_EQ(store->GetFacts(unit, before.year).value().front().value, before.value + 7);
}

TEST_P(BackupRestoreTest, RestoresABackupOfAnOlderSchemaAndMigratesIt) {
  const std::unique_ptr<test::ScratchDatabase> old = EmptyDatabase();
  const int older = LatestSchemaVersion() - 1;
  {
    StoreResult<std::unique_ptr<Store>> store =
        OpenStore(old->url(), {.known_schema_version = older});
    ASSERT_TRUE(store.ok()) << store.error().Describe();
    ASSERT_TRUE((*store)->CreateUnit({0, "25", "province", "", "Tỉnh Phú Thọ", {}, {}}).ok());
  }
  const std::string file = dir() + "/older.bak";
  const test::RunResult backup = BackUp(old->url(), file);
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_TRUE(Contains(backup.out, "(schema version): " + std::to_string(older) + "\n"));

  const std::unique_ptr<test::ScratchDatabase> target = EmptyDatabase();
  const test::RunResult restore = RestoreInto(target->url(), file);
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_TRUE(Contains(restore.out,
                       "(migrations applied): " + std::to_string(LatestSchemaVersion()) + "\n"));
  EXPECT_TRUE(
      Contains(restore.out, "(schema version): " + std::to_string(LatestSchemaVersion()) + "\n"));
  std::unique_ptr<Store> restored = OpenForCheck(target->url());
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->FindUnitByCode("25").value().name, "Tỉnh Phú Thọ");
}

TEST_P(BackupRestoreTest, RefusesABackupOfANewerProgram) {
  const std::unique_ptr<test::ScratchDatabase> newer = EmptyDatabase();
  ASSERT_NE(OpenForCheck(newer->url()), nullptr);
  const std::string record = "INSERT INTO schema_version (version) VALUES (99)";
  if (GetParam() == "sqlite") {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(newer->url().substr(7).c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, record.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  } else {
    ASSERT_TRUE(test::PostgresAdminCommand(newer->url(), record));
  }
  // Backed up as it is; refused when restored, with nothing written.
  const std::string file = dir() + "/newer.bak";
  const test::RunResult backup = BackUp(newer->url(), file);
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_TRUE(Contains(backup.out, "(schema version): 99\n"));
  const std::unique_ptr<test::ScratchDatabase> target = EmptyDatabase();
  const test::RunResult restore = RestoreInto(target->url(), file);
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_TRUE(Contains(restore.err, "(the backup's schema version is newer than this program's"));
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(fs::exists(target->url().substr(7)));
  }
}

TEST_P(BackupRestoreTest, RefusesATargetThatIsNotEmpty) {
  const std::string file = dir() + "/demo.bak";
  ASSERT_EQ(BackUp(source(), file).exit_code, 0);
  std::unique_ptr<Store> store = OpenForCheck(source());
  ASSERT_NE(store, nullptr);
  const std::vector<TableRows> before = RowsOfEveryTable(*store);
  // Into the very database it came from, which has everything already.
  const test::RunResult restore = RestoreInto(source(), file);
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_EQ(restore.out, "");
  EXPECT_TRUE(Contains(restore.err, "cơ sở dữ liệu đích không trống"));
  EXPECT_TRUE(Contains(restore.err, "(the target database is not empty"));
  EXPECT_TRUE(Contains(restore.err, "không khôi phục gì (nothing was restored)"));
  EXPECT_EQ(RowsOfEveryTable(*store), before);
}

TEST_P(BackupRestoreTest, RefusesABackupOfTheOtherBackend) {
  const std::string file = dir() + "/demo.bak";
  ASSERT_EQ(BackUp(source(), file).exit_code, 0);
  const std::string other = GetParam() == "sqlite" ? "postgresql://kieumau@127.0.0.1:1/none"
                                                   : "sqlite:" + dir() + "/new.db";
  const test::RunResult restore = RestoreInto(other, file);
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_TRUE(Contains(restore.err, "không khôi phục được vào cơ sở dữ liệu"));
  EXPECT_FALSE(fs::exists(dir() + "/new.db"));
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupRestoreTest, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// A SQLite database the store made, with one unit: a small source for the refusals.
std::string SmallDatabase(const ScratchDir& dir) {
  const std::string url = "sqlite:" + dir.path() + "/small.db";
  StoreResult<std::unique_ptr<Store>> store = OpenStore(url);
  EXPECT_TRUE(store.ok()) << store.error().Describe();
  if (store.ok()) {
    EXPECT_TRUE((*store)->CreateUnit({0, "01", "province", "", "Thành phố Hà Nội", {}, {}}).ok());
  }
  return url;
}

TEST(Backup, RefusesToReplaceAFileWithoutForce) {
  ScratchDir dir;
  const std::string url = SmallDatabase(dir);
  const std::string file = dir.Write("kept.bak", "an earlier file");
  const test::RunResult refused = BackUp(url, file);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.out, "");
  EXPECT_TRUE(Contains(refused.err,
                       "tệp đã có; thêm --force để thay nó (the file exists; add "
                       "--force to replace it)"));
  EXPECT_EQ(test::ReadText(file), "an earlier file");
  EXPECT_EQ(FilesIn(dir.path()), (std::vector<std::string>{"kept.bak", "small.db"}));

  const test::RunResult replaced = BackUp(url, file, {"--force"});
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(test::ReadText(file).substr(0, 15), "SQLite format 3");
  EXPECT_TRUE(Contains(replaced.out, "(units): 1\n"));
}

TEST(Backup, RefusesToWriteOverTheDatabaseItself) {
  ScratchDir dir;
  const std::string url = SmallDatabase(dir);
  const test::RunResult refused = BackUp(url, dir.path() + "/small.db", {"--force"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "(is the database itself)"));
  std::unique_ptr<Store> store = OpenForCheck(url);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(RowsOf(RowsOfEveryTable(*store), "units"), 1);
}

TEST(Backup, RefusesADatabaseThatDoesNotExistAndWritesNothing) {
  ScratchDir dir;
  const test::RunResult refused =
      BackUp("sqlite:" + dir.path() + "/missing.db", dir.path() + "/x.bak");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "(no such database file)"));
  EXPECT_TRUE(Contains(refused.err, "(no backup was written)"));
  EXPECT_TRUE(FilesIn(dir.path()).empty());
}

TEST(Restore, RefusesFilesThatAreNotBackups) {
  ScratchDir dir;
  const std::string target = "sqlite:" + dir.path() + "/target/kieumau.db";
  // Text.
  const test::RunResult text = RestoreInto(target, dir.Write("notes.txt", "not a backup\n"));
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_TRUE(Contains(text.err,
                       "(not a KieuMau backup: neither a SQLite file nor a pg_dump "
                       "custom-format archive)"));
  // A SQLite database that is not KieuMau's.
  const std::string other = dir.path() + "/other.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const test::RunResult foreign = RestoreInto(target, other);
  EXPECT_EQ(foreign.exit_code, 1);
  EXPECT_TRUE(Contains(foreign.err, "(not a KieuMau database: it has no schema_version table)"));
  // The first half of a real backup.
  const std::string whole = dir.path() + "/whole.bak";
  ASSERT_EQ(BackUp(SmallDatabase(dir), whole).exit_code, 0);
  const std::string bytes = test::ReadText(whole);
  const std::string half = dir.Write("half.bak", bytes.substr(0, bytes.size() / 2));
  const test::RunResult cut = RestoreInto(target, half);
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_TRUE(Contains(cut.err, "không khôi phục gì (nothing was restored)"));
  // A file that does not exist.
  const test::RunResult missing = RestoreInto(target, dir.path() + "/missing.bak");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.err, "(no such file)"));
  // Nothing was made where the database would have been.
  EXPECT_FALSE(fs::exists(dir.path() + "/target/kieumau.db"));
}

// Sets PATH for the processes the test starts, then puts it back.
class PathPrefix {
 public:
  explicit PathPrefix(const std::string& dir) : saved_(getenv("PATH") ? getenv("PATH") : "") {
    setenv("PATH", (dir + ":" + saved_).c_str(), 1);
  }
  ~PathPrefix() { setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

TEST(BackupPostgres, NeverShowsThePasswordNorPutsItOnACommandLine) {
  const std::string server = ServerUrl();
  if (server.empty()) GTEST_SKIP() << test::kPostgresSkipped;
  // A database of its own, with KieuMau's schema.
  test::ScratchDatabase database("postgresql", "backuppw",
                                 test::PostgresUrlWithDatabase(server, "template0"));
  ASSERT_FALSE(database.url().empty());
  ASSERT_NE(OpenForCheck(database.url()), nullptr);
  // The test server trusts every local connection: the password is carried, never checked.
  const std::string password = "pw-never-shown-7d1f";
  std::string url = database.url();
  const size_t at = url.find('@');
  ASSERT_NE(at, std::string::npos);
  url.insert(at, ":" + password);

  ScratchDir dir;
  const test::RunResult real = BackUp(url, dir.path() + "/real.bak");
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_TRUE(Contains(real.out, ":***@"));
  EXPECT_EQ((real.out + real.err).find(password), std::string::npos) << real.out << real.err;

  // A pg_dump that writes down its arguments and environment, then fails.
  const std::string tools = dir.path() + "/tools";
  fs::create_directories(tools);
  const std::string fake = tools + "/pg_dump";
  {
    std::ofstream script(fake);
    script << "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" << dir.path() << "/args'\nenv > '"
           << dir.path() << "/env'\necho 'pg_dump: error: refused by the test' >&2\nexit 1\n";
  }
  fs::permissions(fake, fs::perms::owner_all);
  PathPrefix path(tools);
  const test::RunResult failed = BackUp(url, dir.path() + "/failed.bak");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(Contains(failed.err, "refused by the test"));
  EXPECT_TRUE(Contains(failed.err, "(no backup was written)"));
  EXPECT_EQ(failed.err.find(password), std::string::npos) << failed.err;
  EXPECT_FALSE(fs::exists(dir.path() + "/failed.bak"));
  const std::string args = test::ReadText(dir.path() + "/args");
  EXPECT_TRUE(Contains(args, "--format=custom"));
  EXPECT_EQ(args.find(password), std::string::npos) << args;
  EXPECT_TRUE(Contains(test::ReadText(dir.path() + "/env"), "PGPASSWORD=" + password + "\n"));
  // Only the backup of the first run, no temporary file.
  EXPECT_EQ(FilesIn(dir.path()), (std::vector<std::string>{"args", "env", "real.bak", "tools"}));
}

}  // namespace
}  // namespace kieumau::cli_test
