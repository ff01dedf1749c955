// Storage benchmarks: PutFacts of the whole country's facts in one batch (3,321 units × 100
// indicators = 332,100 values), as new values (a year not stored yet) and with every value changed;
// one unit's 100 values changed (a form saved); GetAllFacts of a year. On SQLite (a file in a
// temporary directory) and, when KIEUMAU_TEST_PG_URL is set (scripts/with-services.sh sets it for a
// throw-away server), on PostgreSQL in a schema of its own, dropped at the end. Rates are values
// per second of wall time (items_per_second): on PostgreSQL most of the work is the server's.
//   scripts/with-services.sh build-bench/bench/store_bench [--benchmark_filter=sqlite]
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace kieumau {
namespace {

constexpr int kUnits = 3321;
constexpr int kIndicators = 100;
constexpr int kChangedYear = 1999;  // the year the "changed" and read benchmarks use
constexpr Timestamp kAt{std::chrono::seconds(1735689600)};

[[noreturn]] void Die(std::string_view message) {
  fmt::print(stderr, "store_bench: {}\n", message);
  std::fflush(stderr);
  std::exit(1);
}

// Runs one statement on the PostgreSQL server outside the store (creating and dropping the
// benchmark's schema).
void AdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    Die("lỗi PostgreSQL (PostgreSQL error): " + message);
  }
  PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) Die("lỗi PostgreSQL (PostgreSQL error): " + message);
}

// One backend's database: opened, its units created, on first use; removed at the end.
class Database {
 public:
  explicit Database(std::string backend) : backend_(std::move(backend)) {}
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() {
    store_.reset();
    if (!sqlite_dir_.empty()) std::filesystem::remove_all(sqlite_dir_);
    if (!pg_schema_.empty()) AdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
  }

  Store& store() {
    if (!store_) Open();
    return *store_;
  }
  const std::vector<int64_t>& units() {
    store();
    return units_;
  }
  // A year no benchmark has written yet.
  int NewYear() { return next_new_year_++; }
  // A different value for every fact on each call.
  double NextChange() { return ++changes_; }

 private:
  void Open() {
    std::string url;
    if (backend_ == "sqlite") {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "kieumau-store-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr)
        Die("không tạo được thư mục tạm (cannot create a temporary directory)");
      sqlite_dir_ = pattern;
      url = "sqlite:" + sqlite_dir_ + "/kieumau.db";
    } else {
      pg_base_url_ = std::getenv("KIEUMAU_TEST_PG_URL");
      pg_schema_ = "kieumau_bench_" + std::to_string(getpid());
      AdminCommand(pg_base_url_, "CREATE SCHEMA " + pg_schema_);
      url = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
            "options=-csearch_path%3D" + pg_schema_;
    }
    auto opened = OpenStore(url);
    if (!opened.ok()) Die(opened.error().message);
    store_ = std::move(opened).value();
    for (int u = 0; u < kUnits; ++u) {
      UnitRecord unit{
          0, "U" + std::to_string(u), "commune", "xa", "Xã " + std::to_string(u), 10000, 2.5e7};
      auto id = store_->CreateUnit(unit);
      if (!id.ok()) Die(id.error().message);
      units_.push_back(*id);
    }
  }

  std::string backend_;
  std::unique_ptr<Store> store_;
  std::vector<int64_t> units_;
  int next_new_year_ = 2000;
  double changes_ = 0;
  std::string sqlite_dir_;
  std::string pg_base_url_;
  std::string pg_schema_;
};

Database& GetDatabase(const std::string& backend) {
  static Database sqlite("sqlite");
  static Database postgresql("postgresql");
  return backend == "sqlite" ? sqlite : postgresql;
}

// The whole country's facts for one year: every unit, every indicator, a value from `base` on.
std::vector<FactWrite> CountryBatch(const std::vector<int64_t>& units, int year, double base) {
  std::vector<FactWrite> batch;
  batch.reserve(units.size() * kIndicators);
  for (int64_t unit : units) {
    for (int i = 0; i < kIndicators; ++i) {
      batch.push_back(
          {unit, "chi_tieu_" + std::to_string(i), year, base + static_cast<double>(unit % 97 + i)});
    }
  }
  return batch;
}

// Writes the batch and checks that every write changed a value.
void Put(benchmark::State& state, Store& store, const std::vector<FactWrite>& batch) {
  auto summary =
      store.PutFacts(batch, WriteActor{ActorKind::kSystem, "", FactSource::kImport, ""}, kAt);
  if (!summary.ok()) {
    state.SkipWithError(summary.error().message.c_str());
  } else if (summary->changed != static_cast<int64_t>(batch.size())) {
    state.SkipWithError("có lần ghi không đổi giá trị (a write did not change its value)");
  }
}

// The year read and changed by the other benchmarks, written once.
void EnsureChangedYear(benchmark::State& state, Database& db) {
  static bool written[2] = {false, false};
  bool& done = written[&db == &GetDatabase("sqlite") ? 0 : 1];
  if (done) return;
  Put(state, db.store(), CountryBatch(db.units(), kChangedYear, 0));
  done = true;
}

// The whole country, one batch, a year not stored yet: every value new.
void BM_PutFactsNew(benchmark::State& state, const std::string& backend) {
  Database& db = GetDatabase(backend);
  const std::vector<FactWrite> base = CountryBatch(db.units(), 0, 0);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<FactWrite> batch = base;
    const int year = db.NewYear();
    for (FactWrite& write : batch)
      write.year = year;
    state.ResumeTiming();
    Put(state, db.store(), batch);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(base.size()));
}

// The whole country, one batch, every value of a stored year changed.
void BM_PutFactsAllChanged(benchmark::State& state, const std::string& backend) {
  Database& db = GetDatabase(backend);
  EnsureChangedYear(state, db);
  const std::vector<FactWrite> base = CountryBatch(db.units(), kChangedYear, 0);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<FactWrite> batch = base;
    const double change = db.NextChange();
    for (FactWrite& write : batch)
      write.value = *write.value + change;
    state.ResumeTiming();
    Put(state, db.store(), batch);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(base.size()));
}

// One unit's 100 values changed, as a form saves them, into a database holding whole years.
void BM_PutFactsOneUnit(benchmark::State& state, const std::string& backend) {
  Database& db = GetDatabase(backend);
  EnsureChangedYear(state, db);
  const std::vector<int64_t> one = {db.units()[db.units().size() / 2]};
  const std::vector<FactWrite> base = CountryBatch(one, kChangedYear, 0);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<FactWrite> batch = base;
    const double change = db.NextChange();
    for (FactWrite& write : batch)
      write.value = *write.value + change;
    state.ResumeTiming();
    Put(state, db.store(), batch);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(base.size()));
}

// Every value of a year, ordered by unit and indicator name.
void BM_GetAllFacts(benchmark::State& state, const std::string& backend) {
  Database& db = GetDatabase(backend);
  EnsureChangedYear(state, db);
  size_t values = 0;
  for (auto _ : state) {
    auto all = db.store().GetAllFacts(kChangedYear);
    if (!all.ok()) {
      state.SkipWithError(all.error().message.c_str());
      break;
    }
    values = all->size();
    benchmark::DoNotOptimize(all->data());
  }
  if (values != static_cast<size_t>(kUnits) * kIndicators) {
    state.SkipWithError(
        "GetAllFacts không đọc đủ cả năm (GetAllFacts did not read the whole year)");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values));
}

void Register(const std::string& backend) {
  // Each whole-country batch takes seconds: a fixed number of them, timed on the wall clock.
  benchmark::RegisterBenchmark(("BM_PutFactsNew/" + backend).c_str(), BM_PutFactsNew, backend)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(3);
  benchmark::RegisterBenchmark(("BM_PutFactsAllChanged/" + backend).c_str(), BM_PutFactsAllChanged,
                               backend)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(3);
  benchmark::RegisterBenchmark(("BM_PutFactsOneUnit/" + backend).c_str(), BM_PutFactsOneUnit,
                               backend)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(1.0);
  benchmark::RegisterBenchmark(("BM_GetAllFacts/" + backend).c_str(), BM_GetAllFacts, backend)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->MinTime(1.0);
}

}  // namespace
}  // namespace kieumau

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  kieumau::Register("sqlite");
  const char* pg_url = std::getenv("KIEUMAU_TEST_PG_URL");
  if (pg_url != nullptr && *pg_url != '\0') {
    kieumau::Register("postgresql");
  } else {
    fmt::print(stderr,
               "KIEUMAU_TEST_PG_URL không được đặt: bỏ qua PostgreSQL (not set: PostgreSQL "
               "skipped; run under scripts/with-services.sh)\n");
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
