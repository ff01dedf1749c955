// What the SQLite backend's files share (sqlite_store.cc, sqlite_change_feed.cc).
#pragma once

#include "store/store.h"

namespace kieumau::store_internal {

// How long a connection waits for another's write lock.
inline constexpr int kSqliteBusyTimeoutMs = 5000;

// SQLite's result codes in the vocabulary PostgreSQL uses (extended codes are on).
StoreErrorKind SqliteErrorKind(int code);

}  // namespace kieumau::store_internal
