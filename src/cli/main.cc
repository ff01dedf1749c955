// kieumau: the command line (RUBRIC-FORMAT.md §8). The one place where the commands are wired to
// their options.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#ifdef KIEUMAU_WITH_SERVER
#include "cli/serve.h"
#include "server/api.h"
#endif

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int main(int argc, char** argv) {
  using kieumau::cli::CatalogueChoice;
  using kieumau::cli::ScoreFormat;

  CLI::App app{
      "KieuMau — chấm điểm mô hình Công an phường kiểu mẫu theo bộ tiêu chí (scores units against "
      "criteria sets)",
      "kieumau"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  CatalogueChoice catalogue;
  std::string indicators_path;
  auto add_indicators = [&](CLI::App* command) {
    command->add_option(
        "--indicators", indicators_path,
        "Danh mục chỉ tiêu (indicator catalogue); mặc định rubrics/indicators.yaml đi kèm");
  };

  CLI::App* rubric = app.add_subcommand("rubric", "Bộ tiêu chí (criteria sets)");
  rubric->require_subcommand(1);
  CLI::App* check =
      rubric->add_subcommand("check", "Kiểm tra tệp bộ tiêu chí (check rubric files)");
  std::vector<std::string> check_files;
  check->add_option("FILE", check_files, "Tệp bộ tiêu chí YAML")->required();
  add_indicators(check);

  CLI::App* score =
      app.add_subcommand("score", "Chấm điểm các đơn vị trong tệp số liệu (score a facts file)");
  std::string rubric_path;
  std::string facts_path;
  std::string format = "json";
  score->add_option("--rubric", rubric_path, "Tệp bộ tiêu chí YAML")->required();
  score->add_option("--facts", facts_path, "Tệp số liệu JSON")->required();
  score->add_option("--format", format, "json (mặc định) hoặc table")
      ->check(CLI::IsMember({"json", "table"}));
  add_indicators(score);

  CLI::App* register_command = app.add_subcommand(
      "register", "Sổ đăng ký đơn vị hành chính (the register of administrative units)");
  register_command->require_subcommand(1);
  CLI::App* apply = register_command->add_subcommand(
      "apply",
      "Áp dụng sổ đăng ký trong một thư mục vào cơ sở dữ liệu: thêm những gì mới, hoặc từ chối "
      "và không thay đổi gì (applies a register folder to a database)");
  kieumau::cli::RegisterApplyOptions apply_options;
  apply
      ->add_option("DIR", apply_options.dir,
                   "Thư mục các tệp sổ đăng ký, như data/vn-admin (the register's files)")
      ->required();
  apply->add_option("--db", apply_options.db_url, "Cơ sở dữ liệu (database URL)")
      ->capture_default_str();
  apply->add_flag("--create", apply_options.create,
                  "Tạo tệp SQLite khi chưa có (create the SQLite file when it does not exist)");

  CLI::App* user_command = app.add_subcommand("user", "Tài khoản (accounts)");
  user_command->require_subcommand(1);
  CLI::App* user_add = user_command->add_subcommand(
      "add",
      "Tạo quản trị viên toàn quốc; mật khẩu đọc từ bàn phím (ẩn, hai lần) hoặc dòng đầu của đầu "
      "vào chuẩn, không bao giờ từ dòng lệnh (makes a national administrator; the password is "
      "read from the terminal or standard input, never the command line)");
  kieumau::cli::UserAddOptions user_options;
  user_add->add_option("NAME", user_options.name, "Tên đăng nhập (the username)")->required();
  user_add->add_flag("--admin", user_options.admin,
                     "Quản trị viên toàn quốc (a national administrator)");
  user_add->add_option("--name", user_options.display_name, "Họ tên hiển thị (display name)");
  user_add->add_option("--db", user_options.db_url, "Cơ sở dữ liệu (database URL)")
      ->capture_default_str();

  CLI::App* backup = app.add_subcommand(
      "backup",
      "Sao lưu cơ sở dữ liệu vào một tệp, kể cả khi máy chủ đang chạy (backs the database up "
      "into a file, also while a server runs on it)");
  kieumau::cli::BackupOptions backup_options;
  backup->add_option("FILE", backup_options.file, "Tệp sao lưu (the backup file)")->required();
  backup->add_option("--db", backup_options.db_url, "Cơ sở dữ liệu (database URL)")
      ->capture_default_str();
  backup->add_flag("--force", backup_options.force,
                   "Thay tệp sao lưu đã có (replace an existing backup file)");

  CLI::App* restore = app.add_subcommand(
      "restore",
      "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống, rồi cập nhật lược đồ (restores a backup "
      "into an empty database, then migrates it)");
  kieumau::cli::RestoreOptions restore_options;
  restore->add_option("FILE", restore_options.file, "Tệp sao lưu (the backup file)")->required();
  restore
      ->add_option("--db", restore_options.db_url,
                   "Cơ sở dữ liệu trống để khôi phục vào (the empty database to restore into)")
      ->capture_default_str();
  CLI::App* audit_command = app.add_subcommand("audit", "Nhật ký kiểm toán (the audit trail)");
  audit_command->require_subcommand(1);
  CLI::App* audit_verify = audit_command->add_subcommand(
      "verify",
      "Kiểm tra toàn bộ chuỗi nhật ký kiểm toán, chỉ đọc: nêu mục đầu tiên bị sửa, bị xoá hoặc bị "
      "chèn (checks the whole audit chain, reading only: names the first entry altered, removed "
      "or inserted)");
  kieumau::cli::AuditVerifyOptions verify_options;
  std::string anchor;
  audit_verify->add_option("--db", verify_options.db_url, "Cơ sở dữ liệu (database URL)")
      ->capture_default_str();
  audit_verify->add_option("--anchor", anchor,
                           "Mốc đã ghi lại từ lần kiểm trước, SỐ:MÃBĂM (a head recorded by an "
                           "earlier run, SEQ:HASH): mục đó phải còn đúng mã băm đó");

#ifdef KIEUMAU_WITH_SERVER
  CLI::App* serve = app.add_subcommand(
      "serve", "Chạy máy chủ HTTP: API dưới /api/ và ứng dụng web (runs the HTTP server)");
  kieumau::server::ServerConfig server_config;
  server_config.static_dir.clear();  // the default is chosen by Serve
  serve->add_option("--db", server_config.db_url, "Cơ sở dữ liệu (database URL)")
      ->capture_default_str();
  serve
      ->add_option("--host", server_config.host,
                   "Địa chỉ IP hoặc tên máy để nghe (address or host name to listen on)")
      ->capture_default_str();
  serve->add_option("--port", server_config.port, "Cổng (port)")->capture_default_str();
  serve->add_option("--static", server_config.static_dir,
                    "Thư mục ứng dụng web đã biên dịch (built web app); mặc định web/dist");
  serve
      ->add_option("--rubrics", server_config.rubrics_dir,
                   "Thư mục các bộ tiêu chí YAML (folder of criteria sets)")
      ->capture_default_str();
  serve
      ->add_option("--threads", server_config.threads,
                   "Số luồng mạng và số luồng chấm điểm (threads); 0 = số lõi máy")
      ->capture_default_str();
  serve->add_flag("--no-demo", server_config.no_demo,
                  "Không nạp dữ liệu mẫu vào cơ sở dữ liệu trống (no demo data on an empty "
                  "database)");
  serve->add_flag("--no-register", server_config.no_register,
                  "Để trống cơ sở dữ liệu mới: không nạp danh mục đơn vị hành chính, không dữ liệu "
                  "mẫu (leave a new database empty: no national register, no demo)");
  add_indicators(serve);
  // The web app's API types are generated from this document at build time, without a server.
  CLI::App* openapi = app.add_subcommand(
      "openapi", "In tài liệu OpenAPI 3 của API (prints the API's OpenAPI 3 document)");
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e, std::cout, std::cerr);
    std::cerr << "Cách dùng sai; xem kieumau --help (usage error)\n";
    return 2;
  }
  if (!indicators_path.empty()) catalogue.path = indicators_path;

  std::ios::sync_with_stdio(false);
  if (check->parsed())
    return kieumau::cli::RubricCheck(check_files, catalogue, std::cout, std::cerr);
  if (score->parsed()) {
    return kieumau::cli::Score(rubric_path, facts_path,
                               format == "table" ? ScoreFormat::kTable : ScoreFormat::kJson,
                               catalogue, std::cout, std::cerr);
  }
  if (apply->parsed()) return kieumau::cli::RegisterApply(apply_options, std::cout, std::cerr);
  if (user_add->parsed()) {
    return kieumau::cli::UserAdd(user_options, std::cin, isatty(STDIN_FILENO) != 0, std::cout,
                                 std::cerr);
  }
  const bool terminal = isatty(STDERR_FILENO) != 0;
  if (backup->parsed()) return kieumau::cli::Backup(backup_options, terminal, std::cout, std::cerr);
  if (restore->parsed())
    return kieumau::cli::Restore(restore_options, terminal, std::cout, std::cerr);
  if (audit_verify->parsed()) {
    if (!anchor.empty()) verify_options.anchor = anchor;
    return kieumau::cli::AuditVerify(verify_options, std::cout, std::cerr);
  }
#ifdef KIEUMAU_WITH_SERVER
  if (serve->parsed()) return kieumau::cli::Serve(std::move(server_config), catalogue, std::cerr);
  if (openapi->parsed()) {
    std::cout << kieumau::server::OpenApiJson() << '\n';
    return std::cout.good() ? 0 : 1;
  }
#endif
  return 2;
}
