// `kieumau backup [--db URL] [--force] FILE` and `kieumau restore [--db URL] FILE`
// (store/backup.h): the file written under a temporary name beside FILE and renamed when whole, so
// that nothing half-written is ever under FILE; a restore only into an empty database, which is
// then opened as `serve` opens it (migrated). Both end with what the backup holds; an interrupted
// command (Ctrl-C, SIGTERM) stops between steps and removes what it wrote.
#include "store/backup.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/database_url.h"
#include "store/store.h"

namespace kieumau::cli {

namespace {

namespace fs = std::filesystem;

// Progress is shown for databases from this size on.
constexpr int64_t kProgressFromBytes = int64_t{16} << 20;

// The main tables, in the order the summary lists them.
constexpr std::pair<std::string_view, std::string_view> kTableLabels[] = {
    {"units", "đơn vị (units)"},
    {"unit_events", "sự kiện đơn vị (unit events)"},
    {"facts_current", "số liệu hiện hành (current facts)"},
    {"fact_changes", "lịch sử số liệu (fact changes)"},
    {"scorecards", "bảng điểm (scorecards)"},
    {"programmes", "chương trình (programmes)"},
    {"recognitions", "công nhận kiểu mẫu (recognitions)"},
    {"link_confirmations", "xác nhận liên kết (link confirmations)"},
    {"users", "người dùng (users)"},
    {"grants", "phân quyền (grants)"},
};

volatile std::sig_atomic_t stop_requested = 0;

void RequestStop(int) {
  stop_requested = 1;
}

// While it lives, SIGINT, SIGTERM and SIGHUP ask the copy to stop (between steps) instead of
// ending the process with a temporary file left behind.
class StopOnSignals {
 public:
  StopOnSignals() {
    stop_requested = 0;
    struct sigaction action {};
    action.sa_handler = RequestStop;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < kSignals.size(); ++i)
      sigaction(kSignals[i], &action, &previous_[i]);
  }
  ~StopOnSignals() {
    for (size_t i = 0; i < kSignals.size(); ++i)
      sigaction(kSignals[i], &previous_[i], nullptr);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  static bool Asked() { return stop_requested != 0; }

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

std::string Mebibytes(int64_t bytes) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1 << 20);
  return text.str();
}

// One line on a terminal, rewritten as the copy goes: "Sao lưu (backing up): 120.0 / 260.0 MiB
// (46 %)".
class ProgressLine {
 public:
  ProgressLine(bool terminal, std::ostream& err, std::string label)
      : terminal_(terminal), err_(err), label_(std::move(label)) {}
  ~ProgressLine() { Done(); }

  void Show(const CopyProgress& progress) {
    if (!terminal_ || std::max(progress.done, progress.total) < kProgressFromBytes) return;
    std::string text = label_ + ": " + Mebibytes(progress.done);
    if (progress.total > 0) {
      text += " / " + Mebibytes(progress.total) + " MiB (" +
              std::to_string(progress.done * 100 / progress.total) + " %)";
    } else {
      text += " MiB";
    }
    if (text == last_) return;
    err_ << '\r' << text << "\x1b[K" << std::flush;
    last_ = std::move(text);
  }
  void Done() {
    if (!last_.empty()) err_ << '\n' << std::flush;
    last_.clear();
  }

 private:
  bool terminal_;
  std::ostream& err_;
  std::string label_;
  std::string last_;
};

CopyOptions CopyOptionsFor(ProgressLine& line) {
  return CopyOptions{[&line](const CopyProgress& progress) { line.Show(progress); },
                     [] { return StopOnSignals::Asked(); }};
}

// A temporary file beside the backup, removed unless kept.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (path_.empty()) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      fs::remove(path_ + suffix, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

// fsync of a file or folder: what was written is on the disk before it is named, and its name
// after.
bool Sync(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = fsync(fd) == 0;
  close(fd);
  return synced;
}

// Gives the whole backup its name: replacing `file` only when `replace`, else refusing a file that
// appeared meanwhile.
bool Publish(const std::string& temporary, const std::string& file, bool replace,
             std::ostream& err) {
  int failed = 0;
  if (replace) {
    failed = rename(temporary.c_str(), file.c_str()) == 0 ? 0 : errno;
  } else if (renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE) ==
             0) {
    failed = 0;
  } else if (errno == EINVAL || errno == ENOSYS) {
    // A file system without RENAME_NOREPLACE: a hard link is made only when the name is free.
    failed = link(temporary.c_str(), file.c_str()) == 0 ? 0 : errno;
    if (failed == 0) unlink(temporary.c_str());
  } else {
    failed = errno;
  }
  if (failed == EEXIST) {
    err << file
        << ": tệp vừa được tạo bởi một tiến trình khác; thêm --force để thay nó (the file "
           "appeared meanwhile; add --force to replace it)\n";
  } else if (failed != 0) {
    err << file << ": không đặt được tên cho bản sao lưu (cannot name the backup): "
        << std::strerror(failed) << '\n';
  }
  return failed == 0;
}

std::string Seconds(std::chrono::steady_clock::duration elapsed) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << std::chrono::duration<double>(elapsed).count()
       << " s";
  return text.str();
}

// The schema version and the rows of the main tables, then of all tables.
void PrintContents(int schema_version, const std::vector<TableRows>& tables, std::ostream& out) {
  out << "  phiên bản lược đồ (schema version): " << schema_version << '\n';
  for (const auto& [table, label] : kTableLabels) {
    const auto found = std::find_if(tables.begin(), tables.end(),
                                    [&](const TableRows& rows) { return rows.table == table; });
    if (found != tables.end()) out << "  " << label << ": " << found->rows << '\n';
  }
  int64_t rows = 0;
  for (const TableRows& table : tables)
    rows += table.rows;
  out << "  tất cả (in all): " << tables.size() << " bảng (tables), " << rows << " hàng (rows)\n";
}

}  // namespace

int Backup(const BackupOptions& options, bool terminal, std::ostream& out, std::ostream& err) {
  const std::string shown = RedactUrl(options.db_url);
  std::error_code error;
  if (fs::is_directory(options.file, error)) {
    err << options.file << ": là một thư mục, không phải tệp (is a folder, not a file)\n";
    return 1;
  }
  if (fs::exists(options.file, error) && !options.force) {
    err << options.file
        << ": tệp đã có; thêm --force để thay nó (the file exists; add --force to replace it)\n";
    return 1;
  }
  if (const std::optional<std::string> database = SqlitePath(options.db_url)) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (fs::equivalent(options.file, *database + suffix, error)) {
        err << options.file
            << ": là chính cơ sở dữ liệu, không sao lưu đè lên nó (is the database itself)\n";
        return 1;
      }
    }
  }
  std::string temporary = options.file + ".tmp-XXXXXX";
  const int fd = mkstemp(temporary.data());
  if (fd < 0) {
    err << options.file
        << ": không tạo được tệp tạm bên cạnh (cannot create a temporary file beside it): "
        << std::strerror(errno) << '\n';
    return 1;
  }
  close(fd);
  TemporaryFile written(temporary);
  const auto start = std::chrono::steady_clock::now();
  StoreResult<BackupContents> contents = [&] {
    StopOnSignals signals;
    ProgressLine line(terminal, err, "Sao lưu (backing up)");
    return WriteBackup(options.db_url, temporary, CopyOptionsFor(line));
  }();
  if (!contents) {
    err << shown << ": " << RedactUrl(contents.error().Describe())
        << "\nkhông sao lưu được, không ghi gì vào " << options.file
        << " (no backup was written)\n";
    return 1;
  }
  if (!Sync(temporary, O_RDONLY)) {
    err << temporary
        << ": không ghi được xuống đĩa (cannot sync it to the disk): " << std::strerror(errno)
        << '\n';
    return 1;
  }
  if (!Publish(temporary, options.file, options.force, err)) return 1;
  written.Keep();
  const fs::path folder = fs::absolute(options.file, error).parent_path();
  Sync(folder.string(), O_RDONLY | O_DIRECTORY);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const uintmax_t bytes = fs::file_size(options.file, error);
  out << "Đã sao lưu (backup written): " << options.file << '\n'
      << "  cơ sở dữ liệu (database): " << shown << '\n'
      << "  kích thước (size): " << Mebibytes(static_cast<int64_t>(bytes)) << " MiB (" << bytes
      << " byte)\n"
      << "  thời gian (time): " << Seconds(elapsed) << '\n';
  PrintContents(contents->schema_version, contents->tables, out);
  return 0;
}

int Restore(const RestoreOptions& options, bool terminal, std::ostream& out, std::ostream& err) {
  const std::string shown = RedactUrl(options.db_url);
  std::error_code error;
  if (!fs::is_regular_file(options.file, error)) {
    err << options.file << ": không có tệp này (no such file)\n";
    return 1;
  }
  MakeParentFolders(options.db_url, err);
  const auto start = std::chrono::steady_clock::now();
  StoreStatus restored = [&] {
    StopOnSignals signals;
    ProgressLine line(terminal, err, "Khôi phục (restoring)");
    return RestoreBackup(options.db_url, options.file, CopyOptionsFor(line));
  }();
  if (!restored) {
    err << options.file << " → " << shown << ": " << RedactUrl(restored.error().Describe())
        << "\nkhông khôi phục gì (nothing was restored)\n";
    return 1;
  }
  // Opened as the server opens it: a backup of an older program is migrated now.
  StoreResult<std::unique_ptr<Store>> store = OpenStore(options.db_url);
  if (!store) {
    err << shown << ": " << RedactUrl(store.error().Describe())
        << "\nđã chép bản sao lưu nhưng không mở được cơ sở dữ liệu (the backup was copied, but "
           "the database does not open)\n";
    return 1;
  }
  StoreResult<std::vector<TableRows>> tables = (*store)->CountRows();
  if (!tables) {
    err << shown << ": " << RedactUrl(tables.error().Describe()) << '\n';
    return 1;
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  out << "Đã khôi phục (restored): " << options.file << '\n'
      << "  vào cơ sở dữ liệu (into the database): " << shown << '\n'
      << "  thời gian (time): " << Seconds(elapsed) << '\n';
  const std::vector<int>& applied = (*store)->MigrationsApplied();
  if (!applied.empty()) {
    out << "  đã cập nhật lược đồ (migrations applied):";
    for (int version : applied)
      out << ' ' << version;
    out << '\n';
  }
  PrintContents((*store)->SchemaVersion(), *tables, out);
  return 0;
}

}  // namespace kieumau::cli
