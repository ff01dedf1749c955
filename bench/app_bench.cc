// The application layer on the Bắc Ninh demo, on each backend (SQLite in a temporary directory;
// PostgreSQL in a schema of its own when KIEUMAU_TEST_PG_URL is set, as scripts/with-services.sh
// does — run with KIEUMAU_TEST_PG_FSYNC=on for durable commits):
//   Coherence: the time from a write acknowledged by one instance to the same value read through
//     a second instance on the same database (its cache told by the change feed). Goal: ≤ 1 s.
//   ConcurrentPuts: eight writers, each entering a different ward's value, through one instance:
//     acknowledged writes per second.
//   Authenticate: what every request but the health check costs first — the session of a cookie
//     checked — remembered (the default: no query) and read from the database each time
//     (cache_for 0: the session, the user and the grants), from 4 threads.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/content_hash.h"
#include "app/services.h"
#include "load/catalogue_yaml.h"
#include "load/file.h"
#include "load/rubric_yaml.h"

namespace kieumau {
namespace {

[[noreturn]] void Die(std::string_view message) {
  fmt::print(stderr, "app_bench: {}\n", message);
  std::exit(1);
}

void AdminCommand(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) Die(message);
}

const Catalogue& TheCatalogue() {
  static const Catalogue* catalogue = [] {
    LoadedCatalogue loaded = ParseCatalogue(BuiltinCatalogueText());
    if (!loaded.catalogue) Die("catalogue");
    return new Catalogue(std::move(*loaded.catalogue));
  }();
  return *catalogue;
}

app::Rubrics TheRubrics() {
  static const std::pair<Rubric, std::string>* bn = [] {
    Result<std::string> text =
        ReadFile(std::string(KIEUMAU_SOURCE_DIR) + "/rubrics/bn-capkm-2024.yaml");
    if (!text) Die(text.error().message);
    LoadedRubric rubric = ParseRubric(*text, TheCatalogue());
    if (!rubric.rubric) Die("rubric");
    return new std::pair<Rubric, std::string>(std::move(*rubric.rubric), app::Sha256Hex(*text));
  }();
  return app::Rubrics({{&bn->first, bn->second}});
}

// One backend's database with the demo, and the instances open on it.
class Database {
 public:
  explicit Database(const std::string& backend) {
    if (backend == "sqlite") {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "kieumau-app-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) Die("mkdtemp");
      sqlite_dir_ = pattern;
      url_ = "sqlite:" + sqlite_dir_ + "/kieumau.db";
    } else {
      pg_base_url_ = std::getenv("KIEUMAU_TEST_PG_URL");
      pg_schema_ = "kieumau_app_bench_" + std::to_string(getpid());
      AdminCommand(pg_base_url_, "CREATE SCHEMA " + pg_schema_);
      url_ = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + pg_schema_;
    }
  }
  ~Database() {
    instances_.clear();
    if (!sqlite_dir_.empty()) std::filesystem::remove_all(sqlite_dir_);
    if (!pg_schema_.empty()) AdminCommand(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
  }

  // Instance 0 and 1 remember sessions for a second (the default); instance 2 reads them each time.
  app::Services& Instance(size_t index) {
    std::lock_guard<std::mutex> lock(instances_mutex_);
    while (instances_.size() <= index) {
      app::Options options;
      if (instances_.size() == 2) options.sessions.cache_for = std::chrono::milliseconds(0);
      options.db_url = url_;
      options.connections = 10;
      std::ostringstream log;
      auto opened = app::Services::Open(options, TheCatalogue(), TheRubrics(), log);
      if (!opened) Die(opened.error().message + " " + opened.error().detail);
      instances_.push_back(std::move(*opened));
    }
    return *instances_[index];
  }

  // The 2025 wards of Bắc Ninh.
  std::vector<std::string> Wards() {
    app::UnitsQuery query;
    query.as_of = Date::LastDayOfYear(2025);
    query.within = "24";  // the merged Bắc Ninh (from 2025-07-01)
    query.kind = UnitKind::kPhuong;
    auto list = Instance(0).units().List(query, app::Scope::Nation());
    if (!list) Die(list.error().message);
    std::vector<std::string> codes;
    for (const app::UnitSummary& unit : list->units)
      codes.push_back(unit.code);
    return codes;
  }

 private:
  std::string url_;
  std::string sqlite_dir_;
  std::string pg_base_url_;
  std::string pg_schema_;
  std::mutex instances_mutex_;
  std::vector<std::unique_ptr<app::Services>> instances_;
};

// Benchmarks of several threads ask at once: one database per backend all the same.
Database& DatabaseOf(const std::string& backend) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  static std::map<std::string, std::unique_ptr<Database>> databases;
  auto& database = databases[backend];
  if (!database) database = std::make_unique<Database>(backend);
  return *database;
}

std::optional<double> ValueIn(app::Services& services, const std::string& code) {
  auto facts = services.facts().UnitFacts(code, 2025, app::Scope::Nation());
  if (!facts) Die(facts.error().message);
  for (const auto& [name, value] : facts->values)
    if (name == "tips.received") return value;
  return std::nullopt;
}

const WriteActor kBench{ActorKind::kSystem, "", FactSource::kApi, ""};

void Coherence(benchmark::State& state, const std::string& backend) {
  Database& database = DatabaseOf(backend);
  app::Services& writer = database.Instance(0);
  app::Services& reader = database.Instance(1);
  const std::string ward = database.Wards().front();
  double value = 100000;
  std::vector<double> delays;
  for (auto _ : state) {
    ++value;
    (void)ValueIn(reader, ward);  // the reader has the year cached
    auto put = writer.facts().Put(ward, 2025, {{"tips.received", value, false}}, kBench,
                                  app::Scope::Nation());
    if (!put) Die(put.error().message);
    const auto written = std::chrono::steady_clock::now();
    while (ValueIn(reader, ward) != value) {
      if (std::chrono::steady_clock::now() - written > std::chrono::seconds(10))
        Die("the second instance never saw the write");
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - written).count();
    delays.push_back(seconds);
    state.SetIterationTime(seconds);
  }
  std::sort(delays.begin(), delays.end());
  state.counters["median_ms"] = delays[delays.size() / 2] * 1000;
  state.counters["max_ms"] = delays.back() * 1000;
}

void ConcurrentPuts(benchmark::State& state, const std::string& backend) {
  Database& database = DatabaseOf(backend);
  app::Services& services = database.Instance(0);
  static const std::vector<std::string> wards = database.Wards();  // the demo's, on any backend
  const std::string ward = wards[static_cast<size_t>(state.thread_index()) % wards.size()];
  double value = 200000 + 1000.0 * state.thread_index();
  for (auto _ : state) {
    auto put = services.facts().Put(ward, 2025, {{"tips.received", ++value, false}}, kBench,
                                    app::Scope::Nation());
    if (!put) Die(put.error().message);
  }
  state.SetItemsProcessed(state.iterations());
}

void Authenticate(benchmark::State& state, const std::string& backend, size_t instance) {
  Database& database = DatabaseOf(backend);
  app::Services& services = database.Instance(instance);
  static std::mutex mutex;
  static std::map<std::string, std::string> tokens;  // one session per backend
  std::string token;
  {
    std::lock_guard<std::mutex> lock(mutex);
    std::string& held = tokens[backend];
    if (held.empty()) {
      app::NewUser user{"bench.user",
                        "Bench",
                        "mật khẩu bench 2026",
                        false,
                        {GrantRecord{0, 0, Role::kViewer, std::nullopt}}};
      if (auto made = services.accounts().AddUser(user); !made) Die(made.error().message);
      auto session = services.accounts().SignIn("bench.user", "mật khẩu bench 2026", "127.0.0.1");
      if (!session) Die(session.error().message);
      held = session->token;
    }
    token = held;
  }
  for (auto _ : state) {
    auto who = services.accounts().Authenticate(token);
    if (!who) Die(who.error().message);
    benchmark::DoNotOptimize(who);
  }
  state.SetItemsProcessed(state.iterations());
}

void Register() {
  std::vector<std::string> backends = {"sqlite"};
  const char* pg = std::getenv("KIEUMAU_TEST_PG_URL");
  if (pg != nullptr && *pg != '\0') {
    backends.push_back("postgresql");
  } else {
    std::cerr << "KIEUMAU_TEST_PG_URL không được đặt: bỏ qua PostgreSQL (PostgreSQL skipped)\n";
  }
  for (const std::string& backend : backends) {
    benchmark::RegisterBenchmark(("Coherence/" + backend).c_str(), Coherence, backend)
        ->UseManualTime()
        ->Iterations(50)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("ConcurrentPuts/" + backend).c_str(), ConcurrentPuts, backend)
        ->Threads(8)
        ->MinTime(3)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("Authenticate/remembered/" + backend).c_str(), Authenticate,
                                 backend, 0)
        ->Threads(4)
        ->MinTime(2)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("Authenticate/read_each_time/" + backend).c_str(), Authenticate,
                                 backend, 2)
        ->Threads(4)
        ->MinTime(2)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace kieumau

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  kieumau::Register();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
