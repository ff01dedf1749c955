// What the two backends share and nothing else sees: the migration lists, the backend constructors,
// checks of input that must fail the same way on both, number formatting, and the error messages.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "store/store.h"

namespace kieumau::store_internal {

// One numbered schema step; versions start at 1 and increase by one. The SQL is the backend's own.
struct Migration {
  int version;
  const char* sql;
};
std::span<const Migration> SqliteMigrations();    // sqlite_schema.cc
std::span<const Migration> PostgresMigrations();  // postgres_schema.cc

// The highest version to apply: the options' limit, or the newest of `migrations`.
int TargetVersion(std::span<const Migration> migrations, const StoreOptions& options);

StoreResult<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                    const StoreOptions& options);
StoreResult<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                      const StoreOptions& options);

// "<what went wrong> (<English>): <context> — <detail>".
StoreError MakeError(StoreErrorKind kind, std::string_view context, std::string_view detail = {});
// A newer database than the program knows.
StoreError NewerSchemaError(int found, int known);

// Checks made before any SQL, so that both backends refuse the same input the same way (kInvalid).
std::optional<StoreError> CheckFactBatch(std::span<const FactWrite> batch, std::string_view who);
std::optional<StoreError> CheckUnitEvent(const UnitEvent& event);

// Doubles as the shortest text that reads back to the same value, and back.
std::string FormatDouble(double value);
std::optional<double> ParseDouble(std::string_view text);
std::optional<int64_t> ParseInt(std::string_view text);

}  // namespace kieumau::store_internal
