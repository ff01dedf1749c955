// The PostgreSQL change feed: a connection of its own LISTENing on the store's channel; every write
// transaction of the store sends a notification (delivered at commit) naming its schema, origin
// and what it changed, and the feed keeps those of its own schema.
#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <optional>
#include <string>

#include "store/backend.h"
#include "store/postgres_internal.h"

namespace kieumau::store_internal {

namespace {

constexpr const char* kListen = "LISTEN kieumau_changes";

// Reads one "<length>:<text>" field from the front of `payload`.
std::optional<std::string> TakeField(std::string_view& payload) {
  const size_t colon = payload.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<int64_t> length = ParseInt(payload.substr(0, colon));
  if (!length || *length < 0 || static_cast<size_t>(*length) > payload.size() - colon - 1) {
    return std::nullopt;
  }
  std::string field(payload.substr(colon + 1, static_cast<size_t>(*length)));
  payload.remove_prefix(colon + 1 + static_cast<size_t>(*length));
  return field;
}

// The feed: a connection of its own LISTENing on the channel; it keeps the notifications of its
// schema.
class PostgresChangeFeed final : public ChangeFeed {
 public:
  explicit PostgresChangeFeed(std::string url) : url_(std::move(url)) {}
  ~PostgresChangeFeed() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }
  PostgresChangeFeed(const PostgresChangeFeed&) = delete;
  PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

  // Connects, learns the schema, and listens: what commits after this is delivered. On failure
  // the feed has no connection (the next Wait tries again).
  std::optional<StoreError> Open() {
    constexpr std::string_view kContext = "Mở luồng thay đổi (open change feed)";
    if (conn_ != nullptr) {
      PQfinish(conn_);
      conn_ = nullptr;
    }
    auto conn = Connect(url_, password_);
    if (!conn.ok()) return conn.error();
    auto fail = [&](PGresult* result) {
      const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      StoreError error = DriverError(StoreErrorKind::kUnavailable, kContext,
                                     Scrub(primary ? primary : PQerrorMessage(*conn), password_));
      PQfinish(*conn);
      return error;
    };
    PgResult schema(PQexec(*conn, kSelectSchema));
    if (!schema || PQresultStatus(schema.get()) != PGRES_TUPLES_OK ||
        PQntuples(schema.get()) != 1) {
      return fail(schema.get());
    }
    schema_.assign(PQgetvalue(schema.get(), 0, 0),
                   static_cast<size_t>(PQgetlength(schema.get(), 0, 0)));
    PgResult listen(PQexec(*conn, kListen));
    if (!listen || PQresultStatus(listen.get()) != PGRES_COMMAND_OK) return fail(listen.get());
    conn_ = *conn;
    return std::nullopt;
  }

  StoreResult<std::vector<Change>> Wait(std::chrono::milliseconds timeout) override {
    constexpr std::string_view kContext = "Đọc luồng thay đổi (wait for changes)";
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<Change> changes;
    for (;;) {
      // A lost connection: opened again, and everything may have changed meanwhile.
      if (conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD) {
        if (auto error = Open()) return *error;
        changes.push_back(Change{"", std::string(kChangeAll)});
      }
      if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) == CONNECTION_BAD) {
        if (PQstatus(conn_) != CONNECTION_BAD) {
          return DriverError(StoreErrorKind::kUnavailable, kContext,
                             Scrub(PQerrorMessage(conn_), password_));
        }
        continue;  // opened again above
      }
      Drain(changes);
      if (!changes.empty()) return changes;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return changes;
      pollfd socket{PQsocket(conn_), POLLIN, 0};
      if (poll(&socket, 1, static_cast<int>(std::min<int64_t>(left.count(), 60000))) < 0 &&
          errno != EINTR) {
        return MakeError(StoreErrorKind::kUnavailable, kContext,
                         "không chờ được kết nối (poll failed)");
      }
    }
  }

 private:
  // The notifications received, those of this feed's schema as changes.
  void Drain(std::vector<Change>& changes) {
    while (PGnotify* notify = PQnotifies(conn_)) {
      std::string_view payload = notify->extra ? notify->extra : "";
      std::optional<std::string> schema = TakeField(payload);
      std::optional<std::string> origin = schema ? TakeField(payload) : std::nullopt;
      if (origin && *schema == schema_) {
        while (!payload.empty()) {
          const size_t space = payload.find(' ');
          std::string_view what = payload.substr(0, space);
          if (!what.empty()) changes.push_back(Change{*origin, std::string(what)});
          payload.remove_prefix(space == std::string_view::npos ? payload.size() : space + 1);
        }
      }
      PQfreemem(notify);
    }
  }

  std::string url_;
  std::string password_;
  PGconn* conn_ = nullptr;
  std::string schema_;
};

}  // namespace

StoreResult<std::unique_ptr<ChangeFeed>> OpenPostgresChangeFeed(const std::string& url,
                                                                const StoreOptions& /*options*/) {
  auto feed = std::make_unique<PostgresChangeFeed>(url);
  if (auto error = feed->Open()) return *error;
  return std::unique_ptr<ChangeFeed>(std::move(feed));
}

}  // namespace kieumau::store_internal
