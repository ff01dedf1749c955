// PostgreSQL backups (store/backup.h): pg_dump --format=custom in the snapshot of a transaction
// that counts the rows first, pg_restore into an empty database in one transaction. The tools run
// as child processes; the connection this process made is handed to them through libpq's
// environment variables (PGHOST, PGUSER, PGPASSWORD, …), which only processes of the same user can
// read, and a connection string without secrets (`--dbname`): never a password on a command line,
// which every user of the machine can read.
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "store/backup_internal.h"
#include "store/postgres_internal.h"

extern char** environ;

namespace kieumau::store_internal {

namespace {

constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
constexpr const char* kExportSnapshot = "SELECT pg_export_snapshot()";
constexpr const char* kCountVersionTables =
    "SELECT count(*) FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_name = 'schema_version'";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_version";
// Tables, views, sequences, … in any schema but the system's (pg_catalog, pg_toast, pg_temp_*,
// information_schema).
constexpr const char* kCountRelations =
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
    " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

// How often a running tool's output is read, its progress told and a stop asked for.
constexpr int kPollMs = 200;

struct ConnectionCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// A statement without parameters (none of these takes any).
StoreResult<PgResult> Run(PGconn* conn, const char* sql, const std::string& password,
                          std::string_view context) {
  PgResult result(PQexec(conn, sql));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return result;
  return DriverError(StoreErrorKind::kUnavailable, context,
                     Scrub(PQresultErrorMessage(result.get()), password));
}

StoreResult<int64_t> RunInt(PGconn* conn, const char* sql, const std::string& password,
                            std::string_view context) {
  auto result = Run(conn, sql, password, context);
  if (!result) return result.error();
  return Int(result->get(), 0, 0);
}

// A value of a connection string, quoted: '…' with its backslashes and quotes escaped.
std::string Quoted(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// How a child tool reaches the database of a connection.
struct ToolConnection {
  std::vector<std::string> environment;  // NAME=value: this process's, libpq's replaced
  std::string conninfo;                  // for --dbname: no secret in it
};

// The parameters `conn` was made with (the URL's, libpq's defaults and environment, resolved):
// each one libpq reads from a variable in that variable, the others (keepalives, …) in the
// connection string. libpq's variables this process has are dropped first, so that the tool makes
// exactly this connection (a service, say, is already resolved). A secret without a variable
// (sslpassword) cannot be handed over safely: refused.
StoreResult<ToolConnection> ToolConnectionOf(PGconn* conn, std::string_view context) {
  PQconninfoOption* options = PQconninfo(conn);
  if (options == nullptr) return MakeError(StoreErrorKind::kUnavailable, context, "out of memory");
  ToolConnection tool;
  std::set<std::string, std::less<>> libpq_variables;
  std::optional<StoreError> refused;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->envvar != nullptr) libpq_variables.insert(option->envvar);
    const std::string_view keyword = option->keyword;
    if (option->val == nullptr || *option->val == '\0') continue;
    // Resolved already, or this process's own choices (the tools choose theirs).
    if (keyword == "service" || keyword == "client_encoding" ||
        keyword == "fallback_application_name" || keyword == "replication") {
      continue;
    }
    if (keyword == "dbname") tool.conninfo += "dbname=" + Quoted(option->val) + " ";
    if (option->envvar != nullptr) {
      tool.environment.push_back(std::string(option->envvar) + "=" + option->val);
    } else if (option->dispchar != nullptr && option->dispchar[0] == '*') {
      refused = MakeError(StoreErrorKind::kInvalid, context,
                          "tham số " + std::string(keyword) +
                              " là bí mật không chuyển được an toàn cho pg_dump/pg_restore (the "
                              "parameter is a secret that cannot be handed to pg_dump/pg_restore "
                              "safely)");
    } else {
      tool.conninfo += std::string(keyword) + "=" + Quoted(option->val) + " ";
    }
  }
  PQconninfoFree(options);
  if (refused) return *refused;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    const std::string_view entry = *variable;
    if (!libpq_variables.contains(entry.substr(0, entry.find('='))))
      tool.environment.emplace_back(entry);
  }
  if (!tool.conninfo.empty()) tool.conninfo.pop_back();
  return tool;
}

// What a tool did: its exit code (-1 when a signal ended it) and what it wrote.
struct ToolRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Reads what is there on `fd` (non-blocking) into `text`; false at its end (or a failure).
bool Drain(int fd, std::string& text) {
  char buffer[8192];
  for (;;) {
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got > 0) {
      text.append(buffer, static_cast<size_t>(got));
    } else if (got < 0 && errno == EINTR) {
      continue;
    } else {
      return got < 0 && errno == EAGAIN;
    }
  }
}

// Runs `program` (found on PATH) with `args` and `environment`, no standard input, its output
// kept. While it runs: the size of the file `written` (when not empty) told as progress, and a
// stop asked for (the tool then gets SIGTERM, and the run fails as stopped).
StoreResult<ToolRun> RunTool(const std::string& program, const std::vector<std::string>& args,
                             const std::vector<std::string>& environment,
                             const CopyOptions& options, const std::string& written,
                             std::string_view context) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return MakeError(StoreErrorKind::kUnavailable, context, std::strerror(errno));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int failure = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    return MakeError(StoreErrorKind::kUnavailable, context, std::strerror(failure));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& variable : environment)
    envp.push_back(const_cast<char*>(variable.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int spawned =
      posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return MakeError(StoreErrorKind::kUnavailable, context,
                     "không chạy được " + program + " (cannot run " + program +
                         "): " + std::strerror(spawned) +
                         "; cần gói Debian postgresql-client (it comes with the Debian package "
                         "postgresql-client)");
  }
  ToolRun run;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* texts[2] = {&run.out, &run.err};
  for (const pollfd& fd : fds)
    fcntl(fd.fd, F_SETFL, fcntl(fd.fd, F_GETFL) | O_NONBLOCK);
  bool stopped = false;
  bool ended = false;
  int status = 0;
  // Until the tool has ended and its output is read: a process it left behind (holding the pipes)
  // is not waited for.
  while (!ended) {
    if (fds[0].fd >= 0 || fds[1].fd >= 0) {
      if (poll(fds, 2, kPollMs) < 0 && errno != EINTR) break;
    }
    ended = waitpid(pid, &status, fds[0].fd < 0 && fds[1].fd < 0 ? 0 : WNOHANG) == pid;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && !Drain(fds[i].fd, *texts[i])) {
        close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
    struct stat info {};
    if (options.progress && !written.empty() && stat(written.c_str(), &info) == 0)
      options.progress({static_cast<int64_t>(info.st_size), 0});
    if (!ended && !stopped && StopAsked(options)) {
      kill(pid, SIGTERM);
      stopped = true;
    }
  }
  for (int fd : {fds[0].fd, fds[1].fd}) {
    if (fd >= 0) close(fd);
  }
  while (!ended && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (stopped) return StoppedError(context);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The failure of a tool that ran: its exit code, and its words without the password.
StoreError ToolFailed(const std::string& program, const ToolRun& run, const std::string& password,
                      std::string_view context, std::string_view what) {
  return DriverError(StoreErrorKind::kUnavailable,
                     std::string(context) + ": " + program +
                         " thất bại (failed), mã thoát (exit "
                         "code) " +
                         std::to_string(run.exit_code) + ", " + std::string(what),
                     Scrub(run.err, password));
}

// The whitespace-separated words of `line`.
std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

}  // namespace

StoreResult<BackupContents> WritePostgresBackup(const std::string& url, const std::string& path,
                                                const CopyOptions& options) {
  constexpr std::string_view kContext = "Sao lưu PostgreSQL (PostgreSQL backup)";
  std::string password;
  auto made = Connect(url, password);
  if (!made) return made.error();
  Connection conn(*made);
  // A read-only snapshot: what is counted here is what pg_dump dumps (it imports the snapshot).
  if (auto begun = Run(conn.get(), kBegin, password, kContext); !begun) return begun.error();
  auto version_tables = RunInt(conn.get(), kCountVersionTables, password, kContext);
  if (!version_tables) return version_tables.error();
  if (*version_tables == 0) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "không phải cơ sở dữ liệu KieuMau, không có bảng schema_version (not a "
                     "KieuMau database: it has no schema_version table)");
  }
  BackupContents contents;
  auto version = RunInt(conn.get(), kSelectVersion, password, kContext);
  if (!version) return version.error();
  contents.schema_version = static_cast<int>(*version);
  auto snapshot = Run(conn.get(), kExportSnapshot, password, kContext);
  if (!snapshot) return snapshot.error();
  const std::string snapshot_id = Str(snapshot->get(), 0, 0);
  auto counted = Run(conn.get(), kCountTables, password, kContext);
  if (!counted) return counted.error();
  contents.tables = ReadTableRows(counted->get());

  auto tool = ToolConnectionOf(conn.get(), kContext);
  if (!tool) return tool.error();
  auto run = RunTool("pg_dump",
                     {"--format=custom", "--file=" + path, "--snapshot=" + snapshot_id,
                      "--no-password", "--dbname=" + tool->conninfo},
                     tool->environment, options, path, kContext);
  if (!run) return run.error();
  if (run->exit_code != 0)
    return ToolFailed("pg_dump", *run, password, kContext, "không sao lưu (no backup)");
  if (auto ended = Run(conn.get(), "COMMIT", password, kContext); !ended) return ended.error();
  return contents;
}

StoreResult<BackupFile> InspectPostgresBackup(const std::string& path) {
  constexpr std::string_view kContext = "Đọc bản sao lưu PostgreSQL (read the PostgreSQL backup)";
  std::vector<std::string> environment;
  for (char** variable = environ; *variable != nullptr; ++variable)
    environment.emplace_back(*variable);
  auto listed = RunTool("pg_restore", {"--list", path}, environment, {}, "", kContext);
  if (!listed) return listed.error();
  if (listed->exit_code != 0) {
    StoreError error = MakeError(StoreErrorKind::kInvalid, kContext,
                                 path +
                                     ": pg_restore không đọc được tệp này (pg_restore cannot "
                                     "read it: not a whole pg_dump archive)");
    error.detail = Scrub(listed->err, "");
    return error;
  }
  // "215; 1259 16386 TABLE public schema_version kieumau": id; catalogue, object, kind, schema,
  // name, owner.
  BackupFile backup{BackupFormat::kPostgres, 0, ""};
  std::istringstream lines(listed->out);
  for (std::string line; std::getline(lines, line);) {
    const std::vector<std::string> words = Words(line);
    if (words.size() >= 6 && words[3] == "TABLE" && words[5] == "schema_version") {
      backup.schema = words[4];
      break;
    }
  }
  if (backup.schema.empty()) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     path +
                         ": không phải bản sao lưu KieuMau, không có bảng schema_version (not a "
                         "KieuMau backup: it has no schema_version table)");
  }
  // The versions: the rows of schema_version's COPY, each line's first field.
  auto rows = RunTool("pg_restore", {"--data-only", "--table=schema_version", "--file=-", path},
                      environment, {}, "", kContext);
  if (!rows) return rows.error();
  std::istringstream data(rows->out);
  bool copying = false;
  for (std::string line; std::getline(data, line);) {
    if (line.starts_with("COPY ")) {
      copying = true;
    } else if (line == "\\.") {
      copying = false;
    } else if (copying) {
      const int version = static_cast<int>(ParseInt(line.substr(0, line.find('\t'))).value_or(0));
      backup.schema_version = std::max(backup.schema_version, version);
    }
  }
  return backup;
}

StoreStatus RestorePostgresBackup(const std::string& url, const std::string& path,
                                  const BackupFile& backup, const CopyOptions& options) {
  constexpr std::string_view kContext = "Khôi phục PostgreSQL (PostgreSQL restore)";
  std::string password;
  auto made = Connect(url, password);
  if (!made) return made.error();
  Connection conn(*made);
  auto relations = RunInt(conn.get(), kCountRelations, password, kContext);
  if (!relations) return relations.error();
  if (*relations > 0) {
    return NotEmptyError(kContext, std::to_string(*relations) +
                                       " bảng, khung nhìn hay dãy số (tables, views or sequences)");
  }
  auto schema = Run(conn.get(), kSelectSchema, password, kContext);
  if (!schema) return schema.error();
  const std::string target_schema = Str(schema->get(), 0, 0);
  const std::string hint =
      "thêm ?options=-csearch_path%3D" + backup.schema + " vào địa chỉ (add it to the URL)";
  if (!target_schema.empty() && target_schema != backup.schema) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "các bảng của bản sao lưu ở lược đồ \"" + backup.schema +
                         "\", còn địa chỉ dùng lược đồ \"" + target_schema +
                         "\" (the backup's tables are in another schema than the URL's): " + hint);
  }
  auto tool = ToolConnectionOf(conn.get(), kContext);
  if (!tool) return tool.error();
  auto run = RunTool("pg_restore",
                     {"--no-owner", "--exit-on-error", "--single-transaction", "--no-password",
                      "--dbname=" + tool->conninfo, path},
                     tool->environment, options, "", kContext);
  if (!run) return run.error();
  if (run->exit_code != 0) {
    return ToolFailed("pg_restore", *run, password, kContext,
                      "không khôi phục gì (nothing was restored)");
  }
  auto restored = RunInt(conn.get(), kCountVersionTables, password, kContext);
  if (!restored) return restored.error();
  if (*restored == 0) {
    return MakeError(StoreErrorKind::kInvalid, kContext,
                     "đã khôi phục vào lược đồ \"" + backup.schema +
                         "\", nhưng địa chỉ không dẫn tới đó (restored into that schema, which "
                         "the URL's search path does not reach): " +
                         hint);
  }
  return Success{};
}

}  // namespace kieumau::store_internal
