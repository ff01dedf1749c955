// `kieumau user add --admin NAME [--db URL]`: the first administrator of a database. The password
// is read from the terminal (not shown, asked twice) or, when standard input is not a terminal,
// from its first line — never from the command line, where other users of the machine could see
// it.
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <istream>
#include <ostream>

#include "app/accounts/accounts_service.h"
#include "cli/commands.h"
#include "cli/database_url.h"
#include "store/audit_store.h"
#include "store/store.h"

namespace kieumau::cli {

namespace {

// One line of `in` without its line end.
std::string ReadLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// A line typed at the terminal without showing it.
std::string ReadHidden(std::istream& in, std::ostream& err, const char* prompt) {
  err << prompt << std::flush;
  termios old{};
  const bool terminal = tcgetattr(STDIN_FILENO, &old) == 0;
  if (terminal) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line = ReadLine(in);
  if (terminal) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  err << '\n';
  return line;
}

}  // namespace

int UserAdd(const UserAddOptions& options, std::istream& in, bool terminal, std::ostream& out,
            std::ostream& err) {
  const std::string shown = RedactUrl(options.db_url);
  if (!options.admin) {
    err << "Từ dòng lệnh chỉ tạo được quản trị viên: thêm --admin; các tài khoản khác do quản trị "
           "viên tạo (only an administrator is made from the command line: add --admin)\n";
    return 2;
  }
  const std::optional<std::string> path = SqlitePath(options.db_url);
  std::error_code error;
  if (path && !std::filesystem::exists(*path, error)) {
    err << shown
        << ": không có tệp cơ sở dữ liệu này; hãy chạy kieumau serve một lần để tạo (no such "
           "database file: start kieumau serve once to make it)\n";
    return 1;
  }
  std::string password;
  if (terminal) {
    password = ReadHidden(in, err, "Mật khẩu (password): ");
    if (ReadHidden(in, err, "Nhập lại mật khẩu (password again): ") != password) {
      err << "Hai lần nhập mật khẩu khác nhau, không tạo gì (the two passwords differ; nothing "
             "was made)\n";
      return 1;
    }
  } else {
    password = ReadLine(in);
  }
  StoreResult<std::unique_ptr<Store>> store = OpenStore(options.db_url);
  if (!store) {
    err << shown << ": " << RedactUrl(store.error().Describe())
        << "\nkhông mở được cơ sở dữ liệu (cannot open the database)\n";
    return 1;
  }
  app::NewUser user{options.name,
                    options.display_name,
                    password,
                    false,
                    {GrantRecord{0, 0, Role::kNationalAdmin, std::nullopt}}};
  const Timestamp now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const WriteActor actor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""};
  app::ProblemOr<UserRecord> made = app::CreateUser(**store, user, now, actor);
  if (!made) {
    err << options.name << ": " << made.error().message
        << "\nkhông tạo tài khoản (no account was made)\n";
    return 1;
  }
  SealAfterWrite(**store, now, err);
  out << "Đã tạo quản trị viên toàn quốc \"" << made->username << "\" trong " << shown
      << " (national administrator made)\n";
  return 0;
}

}  // namespace kieumau::cli
