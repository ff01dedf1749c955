// `kieumau register apply DIR --db URL`: the shipped register loaded into a new SQLite database and
// applied again (nothing new); a copy with a newer change adds it; broken copies are refused with
// every row named, exit 1, and the database file left byte for byte as it was; a missing database
// is not created without --create; a password in the URL is never printed.
#include <filesystem>

#include "cli_helpers.h"
#include "support/shared_template.h"

namespace kieumau::cli_test {
namespace {

namespace fs = std::filesystem;

// A copy of data/vn-admin/ made at `path`, whose lines a test may change.
class RegisterFolder {
 public:
  explicit RegisterFolder(const std::string& path) : path_(path) {
    std::error_code error;
    fs::create_directories(path_, error);
    fs::copy(test::RepoPath("data/vn-admin"), path_, fs::copy_options::recursive, error);
    EXPECT_FALSE(error) << error.message();
  }

  // Replaces the first `from` on line `line` (1-based) of `file` with `to`.
  void Edit(const std::string& file, int line, const std::string& from, const std::string& to) {
    const std::string path = path_ + "/" + file;
    std::string text = test::ReadText(path);
    size_t start = 0;
    for (int i = 1; i < line; ++i)
      start = text.find('\n', start) + 1;
    const size_t at = text.find(from, start);
    ASSERT_TRUE(at != std::string::npos && at < text.find('\n', start))
        << from << " is not on line " << line << " of " << file;
    text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::binary) << text;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A SQLite database the shipped register was loaded into by the command, made once (once per run
// under scripts/with-services.sh: support/shared_template.h), named after the built binary.
std::string LoadedTemplate() {
  static const test::TemplateSpec loaded{
      "cliregister", test::FileKey(KIEUMAU_BINARY), [](const std::string& url) {
        const test::RunResult run = Kieumau(
            {"register", "apply", test::RepoPath("data/vn-admin"), "--db", url, "--create"});
        EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
        return run.exit_code == 0;
      }};
  bool skip = false;
  const std::string url = test::SharedTemplateUrl("sqlite", loaded, skip);
  EXPECT_FALSE(url.empty());
  return url.substr(std::string_view("sqlite:").size());
}

// A copy of LoadedTemplate() in `dir`; its URL.
std::string LoadedDatabase(const ScratchDir& dir) {
  const std::string file = dir.path() + "/kieumau.db";
  std::error_code error;
  fs::copy_file(LoadedTemplate(), file, error);
  EXPECT_FALSE(error) << error.message();
  return "sqlite:" + file;
}

test::RunResult Apply(const std::string& register_dir, const std::string& url) {
  return Kieumau({"register", "apply", register_dir, "--db", url});
}

TEST(RegisterApply, LoadsANewDatabaseThenAddsNothing) {
  ScratchDir dir;
  const std::string url = "sqlite:" + dir.path() + "/new/kieumau.db";
  const std::string shipped = test::RepoPath("data/vn-admin");
  test::RunResult run = Kieumau({"register", "apply", shipped, "--db", url, "--create"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out,
                       "Cơ sở dữ liệu chưa có đơn vị: đã nạp cả sổ đăng ký, 14463 đơn vị "
                       "và 12033 sự kiện (the database had no units"));
  EXPECT_TRUE(Contains(run.out, "  2025-07-01 sắp xếp lại (rearrange): 34\n"));
  EXPECT_TRUE(Contains(run.out, "  2026-04-30 chuyển loại (change_kind): 10\n"));
  EXPECT_TRUE(Contains(run.out, "vn-admin: danh mục đến 2026-04-30"));

  run = Apply(shipped, url);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out,
                       "Không có gì mới: cơ sở dữ liệu đã có mọi sự kiện của sổ đăng ký "
                       "này, không thêm đơn vị hay sự kiện nào (nothing new"));
  EXPECT_TRUE(run.err.empty()) << run.err;
  // The load is in the audit trail, sealed; applying nothing new adds no entry.
  run = Kieumau({"audit", "verify", "--db", url});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "Chuỗi nhật ký kiểm toán nguyên vẹn: 1 mục đã niêm phong"));
}

TEST(RegisterApply, DoesNotCreateAMissingDatabaseUnlessAsked) {
  ScratchDir dir;
  const std::string file = dir.path() + "/missing.db";
  const test::RunResult run = Apply(test::RepoPath("data/vn-admin"), "sqlite:" + file);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "không có tệp cơ sở dữ liệu này; thêm --create"));
  EXPECT_FALSE(fs::exists(file));
}

TEST(RegisterApply, AddsANewerChange) {
  ScratchDir dir;
  const std::string url = LoadedDatabase(dir);
  // Xã Sóc Sơn (Hà Nội) becomes Phường Sóc Sơn in a latest state of 1 September 2026.
  RegisterFolder newer(dir.path() + "/newer");
  newer.Edit("communes-2025.csv", 35, ",Xã Sóc Sơn,xa,", ",Phường Sóc Sơn,phuong,");
  for (int line = 242; line <= 250; ++line)
    newer.Edit("lineage-2025-07-01.csv", line, "00376,Xã Sóc Sơn,", "00376,Phường Sóc Sơn,");
  newer.Edit("releases.csv", 2, ",2026-04-30,", ",2026-09-01,");
  test::RunResult run = Apply(newer.path(), url);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out,
                       "Đã áp dụng: thêm 0 đơn vị và 2 sự kiện (applied: 0 units and 2 "
                       "events added)"));
  EXPECT_TRUE(Contains(run.out, "  2026-09-01 chuyển loại (change_kind): 1\n"));
  EXPECT_TRUE(Contains(run.out, "  2026-09-01 đổi tên (rename): 1\n"));
  EXPECT_TRUE(Contains(run.out,
                       "chuyển loại (change_kind) ngày 2026-09-01, đơn vị 00376 \"Xã Sóc "
                       "Sơn\": loại phuong"));
  EXPECT_TRUE(Contains(run.out, "→ vn-admin: danh mục đến 2026-09-01"));

  run = Apply(newer.path(), url);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "Không có gì mới"));
}

TEST(RegisterApply, RefusesBrokenCopiesAndChangesNothing) {
  ScratchDir dir;
  const std::string url = LoadedDatabase(dir);
  const std::string before = test::ReadText(url.substr(7));

  // A row that contradicts the stored history: Phường Ba Đình formed in part from Phường Cống Vị
  // instead of Phường Ngọc Hà.
  RegisterFolder lineage(dir.path() + "/lineage");
  lineage.Edit("lineage-2025-07-01.csv", 4, ",00016,Phường Ngọc Hà,", ",00007,Phường Cống Vị,");
  test::RunResult run = Apply(lineage.path(), url);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err,
                       "lineage-2025-07-01.csv, dòng 4, cột old_code: lịch sử đã lưu "
                       "không có chuyển đơn vị 00007 \"Phường Cống Vị\""));
  EXPECT_TRUE(Contains(run.err,
                       "communes-2025-07-01.csv, dòng 2, cột code: sổ đăng ký không có "
                       "chuyển đơn vị 00016 \"Phường Ngọc Hà\""));
  EXPECT_TRUE(Contains(run.err, "Từ chối: 2 vấn đề, cơ sở dữ liệu không thay đổi (refused"));

  // Rows that contradict themselves: a bad code, an unknown kind.
  RegisterFolder rows(dir.path() + "/rows");
  rows.Edit("communes-2024-11-01.csv", 2, "00001,", "0A001,");
  rows.Edit("communes-2025.csv", 3, ",phuong,", ",phường,");
  run = Apply(rows.path(), url);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "communes-2024-11-01.csv, dòng 2, cột code: mã \"0A001\""));
  EXPECT_TRUE(Contains(run.err, "communes-2025.csv, dòng 3, cột kind: \"phường\""));
  EXPECT_TRUE(Contains(run.err, "Từ chối: 2 vấn đề"));

  EXPECT_TRUE(test::ReadText(url.substr(7)) == before) << "a refusal changed the database file";
}

TEST(RegisterApply, NeverPrintsAPassword) {
  const test::RunResult run =
      Apply(test::RepoPath("data/vn-admin"), "postgresql://kieumau:s3cret@127.0.0.1:1/none");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, "postgresql://kieumau:***@127.0.0.1:1/none"));
  EXPECT_EQ((run.out + run.err).find("s3cret"), std::string::npos) << run.out << run.err;
  const test::RunResult query = Apply(test::RepoPath("data/vn-admin"),
                                      "postgresql://127.0.0.1:1/none?password=s3cret&user=kieumau");
  EXPECT_EQ(query.exit_code, 1);
  EXPECT_EQ((query.out + query.err).find("s3cret"), std::string::npos) << query.out << query.err;
}

}  // namespace
}  // namespace kieumau::cli_test
