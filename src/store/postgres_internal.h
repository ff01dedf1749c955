// What the PostgreSQL backend's files share (postgres_store.cc, postgres_change_feed.cc).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "store/store.h"

namespace kieumau::store_internal {

// A result, cleared when it goes.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// The schema the tables are in: the first of the connection's search path.
inline constexpr const char* kSelectSchema = "SELECT coalesce(current_schema(), '')";

// The text a libpq message holds, without the password (libpq may quote connection strings back).
std::string Scrub(std::string message, const std::string& password);

// A connection: the URL parsed first, so that a malformed URL is told apart from a server that
// cannot be reached; `password` receives the URL's password (to scrub it from libpq's messages).
StoreResult<PGconn*> Connect(const std::string& url, std::string& password);

}  // namespace kieumau::store_internal
