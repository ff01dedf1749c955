// A database for one test, removed with it, on "sqlite" (a file in a temporary folder) or
// "postgresql" (on the server of KIEUMAU_TEST_PG_URL that scripts/with-services.sh starts): either
// empty (for PostgreSQL a schema of its own, first on the search path) or a copy of a template
// database (for SQLite its file copied, for PostgreSQL a database of its own made with CREATE
// DATABASE … TEMPLATE). Used by the storage suite and the API tests.
#pragma once

#include <string>

namespace kieumau::test {

class ScratchDatabase {
 public:
  // An empty database. `prefix` names the SQLite folder and the PostgreSQL schema ("store", "api").
  ScratchDatabase(const std::string& backend, const std::string& prefix);
  // A copy of the database at `template_url` (of the same backend; no program may have it open):
  // for SQLite its file, with its -wal and -shm files when they exist, copied into a folder of the
  // test's; for PostgreSQL a database named `prefix`_… made from it with CREATE DATABASE …
  // TEMPLATE, dropped with the test.
  ScratchDatabase(const std::string& backend, const std::string& prefix,
                  const std::string& template_url);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // PostgreSQL without KIEUMAU_TEST_PG_URL: the caller skips the test (never under CI=true, where
  // the test has failed instead).
  bool skipped() const { return skipped_; }
  // The database's URL for OpenStore or `kieumau serve --db`; empty when it could not be made (a
  // test failure has been reported).
  const std::string& url() const { return url_; }

 private:
  bool skipped_ = false;
  std::string url_;
  std::string sqlite_dir_;
  std::string pg_base_url_;
  std::string pg_schema_;
  std::string pg_database_;
};

// The message a skipped PostgreSQL test gives.
inline constexpr const char* kPostgresSkipped =
    "KIEUMAU_TEST_PG_URL không được đặt: bỏ qua PostgreSQL (not set: PostgreSQL skipped; "
    "`make test` or scripts/with-services.sh sets it)";

// The URL of the tests' PostgreSQL server, KIEUMAU_TEST_PG_URL. When it is not set, a PostgreSQL
// test is skipped: `skip` is set and the answer is empty. Under CI=true a PostgreSQL test may not
// skip: the test fails here with a message saying so, `skip` stays false and the answer is empty.
std::string TestPostgresUrl(bool& skip);

// Runs one statement on a PostgreSQL server outside any store (CREATE/DROP SCHEMA or DATABASE, …),
// on its own connection and outside a transaction; a failure fails the test. Whether it succeeded.
bool PostgresAdminCommand(const std::string& url, const std::string& sql);

// `url` (postgresql://…/db?…) naming the database `database` instead of its own.
std::string PostgresUrlWithDatabase(const std::string& url, const std::string& database);
// The database a postgresql:// URL names; empty when it names none.
std::string PostgresDatabaseOf(const std::string& url);

// Unique among the processes of the machine and within one: "<pid>_<counter>_<random>".
std::string UniqueSuffix();

}  // namespace kieumau::test
