// An empty database for one test, removed with it: "sqlite" (a file in a temporary folder) or
// "postgresql" (a schema of its own, first on the search path, on the server of KIEUMAU_TEST_PG_URL
// that scripts/with-services.sh starts). Used by the storage suite and the API tests.
#pragma once

#include <string>

namespace kieumau::test {

class ScratchDatabase {
 public:
  // `prefix` names the SQLite folder and the PostgreSQL schema ("store", "api").
  ScratchDatabase(const std::string& backend, const std::string& prefix);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // PostgreSQL without KIEUMAU_TEST_PG_URL: the caller skips the test.
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
};

// The message a skipped PostgreSQL test gives.
inline constexpr const char* kPostgresSkipped =
    "KIEUMAU_TEST_PG_URL không được đặt: bỏ qua PostgreSQL (not set: PostgreSQL skipped; "
    "`make test` or scripts/with-services.sh sets it)";

}  // namespace kieumau::test
