// The storage suite's second half, run on both backends: units of work (InTransaction), the actor
// of a write, unit-year versions, locks on unit-years, the change feed, failures injected at every
// statement of a unit of work, and migration 4 of existing rows.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {

const WriteActor kApiClient{ActorKind::kAnonymous, "", FactSource::kApi, ""};

// An error the work of a unit returns on its own.
StoreError WorkFailed() {
  return StoreError{StoreErrorKind::kInvalid, "công việc thất bại (the work failed)", ""};
}

// A connection to the test's PostgreSQL database outside the store (its search path included).
class PgConnection {
 public:
  explicit PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // The first column of the first row of a query with text parameters ("" when there is none).
  std::string Value(const char* sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const std::string& param : params)
      values.push_back(param.c_str());
    PGresult* result = PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQresultErrorMessage(result);
    std::string value = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    PQclear(result);
    return value;
  }
  // Statements without rows.
  void Run(const char* sql) {
    PGresult* result = PQexec(conn_, sql);
    EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQresultErrorMessage(result);
    PQclear(result);
  }

 private:
  PGconn* conn_;
};

// Statements run on the test's database outside the store.
void RunSql(const std::string& backend, const std::string& url, const char* sql) {
  if (backend == "postgresql") {
    PgConnection(url).Run(sql);
    return;
  }
  ASSERT_TRUE(url.starts_with("sqlite:"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// A name no other test process uses (for application_name).
std::string UniqueName(const std::string& what) {
  static std::atomic<int> counter{0};
  return "kieumau_" + what + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

// Everything a failed unit of work must leave as it was.
struct Snapshot {
  std::vector<FactValue> facts_2024, facts_2025;
  std::vector<std::vector<FactChange>> histories;
  std::vector<ScorecardRecord> scorecards;
  std::vector<int64_t> versions;
  std::optional<std::string> setting;

  bool operator==(const Snapshot&) const = default;
};

// The value, or (a failure reported) an empty one.
template <typename T>
T Must(StoreResult<T> result) {
  EXPECT_TRUE(result.ok()) << result.error().Describe();
  return result.ok() ? std::move(result).value() : T{};
}

Snapshot Take(Store& store, std::span<const FactWrite> keys, std::span<const UnitYear> unit_years) {
  Snapshot snapshot;
  auto must = [](auto result) { return Must(std::move(result)); };
  snapshot.facts_2024 = must(store.GetAllFacts(2024));
  snapshot.facts_2025 = must(store.GetAllFacts(2025));
  for (const FactWrite& key : keys)
    snapshot.histories.push_back(must(store.FactHistory(key.unit_id, key.indicator, key.year)));
  snapshot.scorecards = must(store.ListScorecards(2025, "r"));
  snapshot.versions = must(store.UnitYearVersions(unit_years));
  snapshot.setting = must(store.GetSetting("k"));
  return snapshot;
}

// --- Units of work ---

TEST_P(StoreTest, AUnitOfWorkCommitsItsWritesTogether) {
  auto store = Open();
  auto other = Open();
  ASSERT_TRUE(store && other);
  int64_t a = MustCreate(*store, Ward("A"));
  const std::vector<FactWrite> batch = {{a, "so_can_bo", 2025, 8.0}};
  const std::vector<ScorecardRecord> cards = {Card(a, 2025, "r", R"({"points":2})")};
  bool seen_outside = true;
  StoreStatus done = store->InTransaction([&](Store& in) -> StoreStatus {
    if (auto put = in.PutFacts(batch, kApiClient, At(10)); !put) return put.error();
    if (auto put = in.PutScorecards(cards); !put) return put;
    if (auto put = in.PutSetting("k", "v"); !put) return put;
    // Inside, the unit sees its writes; another connection sees none of them before the commit.
    auto inside = in.GetAllFacts(2025);
    EXPECT_TRUE(inside.ok() && inside->size() == 1u);
    auto facts = other->GetAllFacts(2025);
    auto listed = other->ListScorecards(2025, "r");
    auto setting = other->GetSetting("k");
    seen_outside = !facts.ok() || !facts->empty() || !listed.ok() || !listed->empty() ||
                   !setting.ok() || setting->has_value();
    return Success{};
  });
  ASSERT_OK(done);
  EXPECT_FALSE(seen_outside);
  auto facts = other->GetAllFacts(2025);
  ASSERT_OK(facts);
  EXPECT_EQ(*facts, (std::vector<FactValue>{{a, "so_can_bo", 2025, 8.0}}));
  auto listed = other->ListScorecards(2025, "r");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, cards);
  auto setting = other->GetSetting("k");
  ASSERT_OK(setting);
  EXPECT_EQ(*setting, std::optional<std::string>("v"));
}

TEST_P(StoreTest, AUnitOfWorkThatFailsOrThrowsLeavesNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  ASSERT_OK(
      store->PutFacts(std::vector<FactWrite>{{a, "so_can_bo", 2025, 1.0}}, kApiClient, At(1)));
  const std::vector<FactWrite> keys = {{a, "so_can_bo", 2025, {}}, {a, "so_doi", 2025, {}}};
  const std::vector<UnitYear> unit_years = {{a, 2025}};
  const Snapshot before = Take(*store, keys, unit_years);
  auto writes = [&](Store& in) -> StoreStatus {
    auto put =
        in.PutFacts(std::vector<FactWrite>{{a, "so_can_bo", 2025, 2.0}, {a, "so_doi", 2025, 3.0}},
                    kApiClient, At(2));
    if (!put) return put.error();
    if (auto cards = in.PutScorecards(std::vector<ScorecardRecord>{Card(a, 2025, "r", "{}")});
        !cards) {
      return cards;
    }
    return in.PutSetting("k", "v");
  };

  StoreStatus failed = store->InTransaction([&](Store& in) -> StoreStatus {
    if (auto done = writes(in); !done) return done;
    return WorkFailed();
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, WorkFailed().message);  // the work's own error
  EXPECT_EQ(Take(*store, keys, unit_years), before);

  EXPECT_THROW(store->InTransaction([&](Store& in) -> StoreStatus {
    if (auto done = writes(in); !done) return done;
    throw std::runtime_error("work threw");
  }),
               std::runtime_error);
  EXPECT_EQ(Take(*store, keys, unit_years), before);

  // The store goes on working, inside a unit and outside.
  ASSERT_OK(store->InTransaction(writes));
  auto facts = store->GetAllFacts(2025);
  ASSERT_OK(facts);
  EXPECT_EQ(facts->size(), 2u);
  ASSERT_OK(store->PutSetting("k", "w"));
}

TEST_P(StoreTest, ANestedUnitOfWorkJoinsTheOuterOne) {
  auto store = Open();
  auto other = Open();
  ASSERT_TRUE(store && other);
  auto setting = [&](Store& s, const char* key) {
    auto got = s.GetSetting(key);
    EXPECT_TRUE(got.ok());
    return got.ok() ? got.value() : std::nullopt;
  };
  // The inner unit's writes commit with the outer one, not before; and roll back with it.
  std::optional<std::string> outside_after_inner = "?";
  StoreStatus rolled_back = store->InTransaction([&](Store& outer) -> StoreStatus {
    if (auto put = outer.PutSetting("a", "1"); !put) return put;
    StoreStatus inner = outer.InTransaction([](Store& in) { return in.PutSetting("b", "2"); });
    if (!inner) return inner;
    outside_after_inner = setting(*other, "b");
    return WorkFailed();
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_EQ(outside_after_inner, std::nullopt);
  EXPECT_EQ(setting(*other, "a"), std::nullopt);
  EXPECT_EQ(setting(*other, "b"), std::nullopt);

  ASSERT_OK(store->InTransaction([&](Store& outer) -> StoreStatus {
    if (auto put = outer.PutSetting("a", "1"); !put) return put;
    return outer.InTransaction([](Store& in) { return in.PutSetting("b", "2"); });
  }));
  EXPECT_EQ(setting(*other, "a"), std::optional<std::string>("1"));
  EXPECT_EQ(setting(*other, "b"), std::optional<std::string>("2"));

  // A failing inner unit (or write) is undone alone: the outer one may go on and commit.
  int64_t a = MustCreate(*store, Ward("A"));
  ASSERT_OK(store->InTransaction([&](Store& outer) -> StoreStatus {
    StoreStatus inner = outer.InTransaction([](Store& in) -> StoreStatus {
      if (auto put = in.PutSetting("c", "3"); !put) return put;
      return WorkFailed();
    });
    EXPECT_FALSE(inner.ok());
    auto refused = outer.PutFacts(std::vector<FactWrite>{{a + 1000, "x", 2025, 1.0}}, kApiClient,
                                  At(1));  // no such unit
    EXPECT_FALSE(refused.ok());
    auto put = outer.PutFacts(std::vector<FactWrite>{{a, "x", 2025, 1.0}}, kApiClient, At(1));
    if (!put) return put.error();
    return outer.PutSetting("d", "4");
  }));
  EXPECT_EQ(setting(*other, "c"), std::nullopt);
  EXPECT_EQ(setting(*other, "d"), std::optional<std::string>("4"));
  auto facts = other->GetAllFacts(2025);
  ASSERT_OK(facts);
  EXPECT_EQ(*facts, (std::vector<FactValue>{{a, "x", 2025, 1.0}}));
}

// Every statement of a unit of work (PutFacts of new and changed values in several units and
// years, then PutScorecards) is made to fail in turn: each failure is kUnavailable and leaves the
// store as it was, until the unit gets through.
TEST_P(StoreTest, AUnitOfWorkFailingAtAnyStatementLeavesTheStoreAsItWas) {
  int fail_at = 0;  // the statement to fail, counted from 1; 0: none
  int statements = 0;
  std::vector<std::string> failed_sql;
  StoreOptions options;
  options.origin = "fault-injection";
  options.fail_before = [&](std::string_view sql) {
    if (fail_at == 0 || ++statements != fail_at) return false;
    failed_sql.emplace_back(sql.substr(0, 60));
    return true;
  };
  auto store = Open(options);
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  int64_t c = MustCreate(*store, Ward("C"));
  ASSERT_OK(PutFactsAndScorecards(
      *store, std::vector<FactWrite>{{a, "x", 2025, 1.0}, {a, "y", 2025, 2.0}, {b, "x", 2025, 5.0}},
      kApiClient, At(1), std::vector<ScorecardRecord>{Card(a, 2025, "r", R"({"points":1})")}));
  const std::vector<FactWrite> batch = {
      {a, "x", 2025, 1.0},           // the same value
      {a, "y", 2025, 3.0},           // changed
      {a, "z", 2025, 4.0},           // new indicator
      {b, "x", 2025, std::nullopt},  // erased
      {c, "x", 2025, 7.0},           // a new unit-year
      {c, "x", 2024, 6.0},           // another year
  };
  const std::vector<ScorecardRecord> cards = {Card(a, 2025, "r", R"({"points":2})"),
                                              Card(c, 2025, "r", R"({"points":3})")};
  const std::vector<UnitYear> unit_years = {{a, 2025}, {b, 2025}, {c, 2025}, {c, 2024}};
  const Snapshot before = Take(*store, batch, unit_years);

  int k = 1;
  for (;; ++k) {
    ASSERT_LT(k, 1000) << "the unit of work never got through";
    statements = 0;
    fail_at = k;
    auto result = PutFactsAndScorecards(*store, batch, kApiClient, At(2), cards);
    fail_at = 0;
    if (result.ok()) break;
    ASSERT_EQ(failed_sql.size(), static_cast<size_t>(k)) << result.error().Describe();
    EXPECT_EQ(result.error().kind, StoreErrorKind::kUnavailable)
        << "statement " << k << " (" << failed_sql.back() << "): " << result.error().Describe();
    EXPECT_TRUE(Take(*store, batch, unit_years) == before)
        << "statement " << k << " (" << failed_sql.back() << ")";
  }
  EXPECT_GT(k, 4);  // it ran through several statements
  EXPECT_EQ(statements, k - 1);
  auto facts = store->GetAllFacts(2025);
  ASSERT_OK(facts);
  EXPECT_EQ(
      *facts,
      (std::vector<FactValue>{
          {a, "x", 2025, 1.0}, {a, "y", 2025, 3.0}, {a, "z", 2025, 4.0}, {c, "x", 2025, 7.0}}));
  auto versions = store->UnitYearVersions(unit_years);
  ASSERT_OK(versions);
  EXPECT_EQ(*versions, (std::vector<int64_t>{2, 2, 1, 1}));
  auto listed = store->ListScorecards(2025, "r");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, cards);
}

// --- Actors ---

TEST_P(StoreTest, StoresTheActorOfEveryChange) {
  EXPECT_EQ(ActorKindKey(ActorKind::kCommandLine), "cli");
  EXPECT_EQ(FactSourceKey(FactSource::kSeed), "seed");
  for (ActorKind kind : {ActorKind::kUser, ActorKind::kAnonymous, ActorKind::kSystem,
                         ActorKind::kCommandLine, ActorKind::kSeed}) {
    EXPECT_EQ(ParseActorKind(ActorKindKey(kind)), kind);
  }
  EXPECT_EQ(ParseActorKind("api"), std::nullopt);
  EXPECT_EQ(ParseFactSource("cli"), FactSource::kCommandLine);

  auto store = Open();
  ASSERT_TRUE(store);
  int64_t unit = MustCreate(*store, Ward("A"));
  const std::vector<WriteActor> actors = {
      {ActorKind::kUser, "can_bo_17", FactSource::kForm, "203.0.113.9"},
      {ActorKind::kUser, "Nguyễn Văn A", FactSource::kImport, "2001:db8::1"},
      {ActorKind::kAnonymous, "", FactSource::kApi, "198.51.100.4"},
      {ActorKind::kAnonymous, "", FactSource::kImport, ""},
      {ActorKind::kSystem, "", FactSource::kApi, ""},
      {ActorKind::kCommandLine, "", FactSource::kCommandLine, ""},
      {ActorKind::kSeed, "", FactSource::kSeed, ""},
  };
  for (size_t i = 0; i < actors.size(); ++i) {
    ASSERT_OK(store->PutFacts(std::vector<FactWrite>{{unit, "x", 2025, static_cast<double>(i)}},
                              actors[i], At(100 + static_cast<int64_t>(i))));
  }
  auto history = store->FactHistory(unit, "x", 2025);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), actors.size());
  for (size_t i = 0; i < actors.size(); ++i) {
    EXPECT_EQ((*history)[i].actor, actors[i]) << i;
    EXPECT_EQ((*history)[i].at, At(100 + static_cast<int64_t>(i)));
  }

  const std::vector<WriteActor> bad = {
      {ActorKind::kUser, "", FactSource::kForm, ""},           // a user without an id
      {ActorKind::kAnonymous, "x", FactSource::kApi, ""},      // an id without a user
      {ActorKind::kSeed, "seed", FactSource::kSeed, ""},       // the same
      {static_cast<ActorKind>(42), "", FactSource::kApi, ""},  // no such kind
      {ActorKind::kSystem, "", static_cast<FactSource>(42), ""},
      {ActorKind::kUser, std::string("a\0b", 3), FactSource::kForm, ""},
      {ActorKind::kAnonymous, "", FactSource::kApi, std::string("::1\0", 4)},
  };
  for (const WriteActor& actor : bad) {
    EXPECT_STORE_ERROR(
        store->PutFacts(std::vector<FactWrite>{{unit, "x", 2025, 99.0}}, actor, At(1)),
        StoreErrorKind::kInvalid);
    // Refused even when the batch is empty.
    EXPECT_STORE_ERROR(store->PutFacts(std::vector<FactWrite>{}, actor, At(1)),
                       StoreErrorKind::kInvalid);
  }
  history = store->FactHistory(unit, "x", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(history->size(), actors.size());
}

// --- Versions of unit-years ---

TEST_P(StoreTest, RaisesTheVersionOnlyOfUnitYearsWhoseValuesChange) {
  auto store = Open();
  auto other = Open();
  ASSERT_TRUE(store && other);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  const std::vector<UnitYear> asked = {{a, 2025}, {b, 2025}, {a, 2024}, {b + 1000, 2025}};
  auto versions = [&](Store& s) {
    auto got = s.UnitYearVersions(asked);
    EXPECT_TRUE(got.ok()) << got.error().message;
    return got.ok() ? *got : std::vector<int64_t>{};
  };
  auto put = [&](Store& s, std::vector<FactWrite> batch) {
    auto done = s.PutFacts(batch, kApiClient, At(1));
    EXPECT_TRUE(done.ok()) << done.error().message;
  };
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{0, 0, 0, 0}));
  auto none = store->UnitYearVersions(std::vector<UnitYear>{});
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());

  put(*store, {{a, "x", 2025, 1.0}, {a, "y", 2025, 2.0}, {b, "x", 2025, 1.0}});
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{1, 1, 0, 0}));
  put(*store, {{a, "x", 2025, 1.0}, {a, "y", 2025, 2.0}, {b, "x", 2025, 2.0}});  // a unchanged
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{1, 2, 0, 0}));
  put(*store, {{a, "y", 2025, std::nullopt}, {a, "q", 2024, std::nullopt}});  // one erasure
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{2, 2, 0, 0}));
  put(*store, {{a, "y", 2025, std::nullopt}, {a, "x", 2024, 3.0}});  // nothing to erase in 2025
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{2, 2, 1, 0}));
  auto reversed = store->UnitYearVersions(std::vector<UnitYear>{{a, 2024}, {b, 2025}, {a, 2025}});
  ASSERT_OK(reversed);
  EXPECT_EQ(*reversed, (std::vector<int64_t>{1, 2, 2}));  // in the order asked

  // Inside a unit of work: raised in its transaction, not seen by another connection before the
  // commit, rolled back with it.
  std::vector<int64_t> inside, outside;
  EXPECT_FALSE(store->InTransaction([&](Store& in) -> StoreStatus {
    put(in, {{b, "x", 2025, 3.0}});
    put(in, {{b, "x", 2025, 4.0}});
    inside = versions(in);
    outside = versions(*other);
    return WorkFailed();
  }));
  EXPECT_EQ(inside, (std::vector<int64_t>{2, 4, 1, 0}));
  EXPECT_EQ(outside, (std::vector<int64_t>{2, 2, 1, 0}));
  EXPECT_EQ(versions(*store), (std::vector<int64_t>{2, 2, 1, 0}));
  ASSERT_OK(store->InTransaction([&](Store& in) -> StoreStatus {
    put(in, {{b, "x", 2025, 3.0}});
    put(in, {{b, "x", 2025, 4.0}});
    return Success{};
  }));
  EXPECT_EQ(versions(*other), (std::vector<int64_t>{2, 4, 1, 0}));
}

// --- Locks on unit-years ---

TEST_P(StoreTest, LocksUnitYearsOnlyInsideAUnitOfWork) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  EXPECT_STORE_ERROR(store->LockUnitYears(std::vector<UnitYear>{{a, 2025}}),
                     StoreErrorKind::kInvalid);
  // An unknown unit, a year out of range: refused, and the unit of work goes on.
  ASSERT_OK(store->InTransaction([&](Store& in) -> StoreStatus {
    auto unknown = in.LockUnitYears(std::vector<UnitYear>{{a, 2025}, {b + 1000, 2025}});
    EXPECT_FALSE(unknown.ok());
    if (!unknown.ok()) {
      EXPECT_EQ(unknown.error().kind, StoreErrorKind::kForeignKey);
    }
    auto out_of_range = in.LockUnitYears(std::vector<UnitYear>{{a, 20250}});
    EXPECT_FALSE(out_of_range.ok());
    if (!out_of_range.ok()) {
      EXPECT_EQ(out_of_range.error().kind, StoreErrorKind::kInvalid);
    }
    // Unsorted, twice: fine.
    return in.LockUnitYears(std::vector<UnitYear>{{b, 2026}, {a, 2025}, {b, 2026}});
  }));
  // The rows are made, never having had a value: version 0; and their units now have facts rows.
  auto versions = store->UnitYearVersions(std::vector<UnitYear>{{a, 2025}, {b, 2026}});
  ASSERT_OK(versions);
  EXPECT_EQ(*versions, (std::vector<int64_t>{0, 0}));
  EXPECT_STORE_ERROR(store->DeleteUnit(a), StoreErrorKind::kForeignKey);
}

// PostgreSQL: a transaction holding a unit-year's lock makes another locking (or writing) the same
// unit-year wait until it commits, and not one locking another unit-year. Told without timing: a
// store whose session gives up on a lock at once (lock_timeout) cannot get it while the first holds
// it and gets it after; a patient store is seen waiting on the lock (pg_stat_activity), and after
// the first commits it sees the first's write.
TEST_P(StoreTest, ALockedUnitYearMakesOnlyItsOtherLockersWait) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite: one writer at a time already";
  auto setup = Open();
  auto first = Open();
  ASSERT_TRUE(setup && first);
  int64_t a = MustCreate(*setup, Ward("A"));
  int64_t b = MustCreate(*setup, Ward("B"));
  ASSERT_OK(setup->PutFacts(std::vector<FactWrite>{{a, "x", 2025, 1.0}, {b, "x", 2025, 1.0}},
                            kApiClient, At(1)));
  // The scratch URL ends with its `options` parameter: more server settings are appended to it.
  auto impatient_store = OpenStore(url() + "%20-clock_timeout%3D100");
  ASSERT_OK(impatient_store);
  Store& impatient = **impatient_store;
  const std::string waiter_name = UniqueName("waiter");
  auto patient_store = OpenStore(url() + "&application_name=" + waiter_name);
  ASSERT_OK(patient_store);
  Store& patient = **patient_store;
  const std::vector<UnitYear> a2025 = {{a, 2025}};
  const std::vector<UnitYear> b2025 = {{b, 2025}};

  std::promise<void> locked, release;
  std::shared_future<void> release_future = release.get_future().share();
  StoreStatus first_done = Success{};
  std::thread holder([&] {
    bool signalled = false;
    first_done = first->InTransaction([&](Store& in) -> StoreStatus {
      if (auto lock = in.LockUnitYears(a2025); !lock) return lock;
      locked.set_value();
      signalled = true;
      release_future.wait();
      auto put = in.PutFacts(std::vector<FactWrite>{{a, "x", 2025, 2.0}}, kApiClient, At(2));
      if (!put) return put.error();
      return Success{};
    });
    if (!signalled) locked.set_value();
  });
  locked.get_future().wait();

  // While the first holds (a, 2025): another unit-year is locked and written at once.
  StoreStatus other_lock = impatient.InTransaction([&](Store& in) -> StoreStatus {
    if (auto lock = in.LockUnitYears(b2025); !lock) return lock;
    auto put = in.PutFacts(std::vector<FactWrite>{{b, "x", 2025, 3.0}}, kApiClient, At(3));
    if (!put) return put.error();
    return Success{};
  });
  // The same unit-year: neither locked nor written.
  StoreStatus same_lock =
      impatient.InTransaction([&](Store& in) { return in.LockUnitYears(a2025); });
  auto same_write =
      impatient.PutFacts(std::vector<FactWrite>{{a, "y", 2025, 3.0}}, kApiClient, At(3));
  // A patient locker of the same unit-year waits (it is seen waiting on a lock) until the first
  // commits, then sees the first's write.
  std::atomic<bool> waiter_finished = false;
  StoreStatus waiter_done = Success{};
  std::vector<int64_t> waiter_saw;
  std::thread waiter([&] {
    waiter_done = patient.InTransaction([&](Store& in) -> StoreStatus {
      if (auto lock = in.LockUnitYears(a2025); !lock) return lock;
      auto versions = in.UnitYearVersions(a2025);
      if (!versions) return versions.error();
      waiter_saw = *versions;
      return Success{};
    });
    waiter_finished = true;
  });
  bool seen_waiting = false;
  {
    PgConnection admin(url());
    while (!seen_waiting && !waiter_finished) {
      seen_waiting = admin.Value(
                         "SELECT count(*) FROM pg_stat_activity"
                         " WHERE application_name = $1 AND wait_event_type = 'Lock'",
                         {waiter_name}) == "1";
      if (!seen_waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  release.set_value();
  holder.join();
  waiter.join();

  ASSERT_OK(first_done);
  EXPECT_TRUE(other_lock.ok()) << other_lock.error().Describe();
  ASSERT_FALSE(same_lock.ok());
  EXPECT_EQ(same_lock.error().kind, StoreErrorKind::kUnavailable) << same_lock.error().Describe();
  ASSERT_FALSE(same_write.ok());
  EXPECT_EQ(same_write.error().kind, StoreErrorKind::kUnavailable);
  EXPECT_TRUE(seen_waiting) << "the patient locker did not wait for the lock";
  ASSERT_OK(waiter_done);
  EXPECT_EQ(waiter_saw, (std::vector<int64_t>{2}));  // after the first's write
  // Now free: the impatient store gets it.
  ASSERT_OK(impatient.InTransaction([&](Store& in) { return in.LockUnitYears(a2025); }));
  auto facts = setup->GetAllFacts(2025);
  ASSERT_OK(facts);
  EXPECT_EQ(*facts, (std::vector<FactValue>{{a, "x", 2025, 2.0}, {b, "x", 2025, 3.0}}));
}

// --- The change feed ---

// Waits on `feed` until `enough` holds for what it has reported (at most a minute of waits).
std::vector<Change> CollectUntil(ChangeFeed& feed,
                                 const std::function<bool(const std::vector<Change>&)>& enough) {
  std::vector<Change> changes;
  for (int round = 0; round < 600 && !enough(changes); ++round) {
    auto got = feed.Wait(std::chrono::milliseconds(100));
    EXPECT_TRUE(got.ok()) << got.error().Describe();
    if (got.ok()) changes.insert(changes.end(), got->begin(), got->end());
  }
  return changes;
}

bool Has(const std::vector<Change>& changes, const Change& change) {
  return std::find(changes.begin(), changes.end(), change) != changes.end();
}

TEST_P(StoreTest, TheChangeFeedReportsCommittedWritesOfAnyConnection) {
  auto writer = Open(StoreOptions{.origin = "server-a"});
  auto second = Open(StoreOptions{.origin = "server-b"});
  ASSERT_TRUE(writer && second);
  int64_t a = MustCreate(*writer, Ward("A"));  // before the feed opens: not reported
  auto feed = OpenChangeFeed(url());
  ASSERT_OK(feed);
  auto nothing = (*feed)->Wait(std::chrono::milliseconds(0));
  ASSERT_OK(nothing);
  EXPECT_TRUE(nothing->empty());

  ASSERT_OK(writer->PutFacts(std::vector<FactWrite>{{a, "x", 2025, 1.0}, {a, "x", 2024, 1.0}},
                             kApiClient, At(1)));
  ASSERT_OK(writer->PutFacts(std::vector<FactWrite>{{a, "x", 2025, 1.0}}, kApiClient,
                             At(2)));  // changes nothing: not reported
  ASSERT_OK(writer->PutScorecard(Card(a, 2025, "r", "{}")));
  ASSERT_OK(writer->PutProgramme(ProgrammeRecord{"p", "{}"}));
  ASSERT_OK(second->PutRecognition(RecognitionRecord{"p", a, 2025, "QĐ 1", "2025-12-01"}));
  ASSERT_OK(second->AddUnitEvent(UnitEvent{0, "2025-07-01", "merge", "{}"}));
  // One unit of work: each word once, in the order first written.
  ASSERT_OK(writer->InTransaction([&](Store& in) -> StoreStatus {
    if (auto put = in.PutFacts(std::vector<FactWrite>{{a, "y", 2026, 1.0}}, kApiClient, At(3));
        !put) {
      return put.error();
    }
    if (auto put = in.PutSetting("k", "v"); !put) return put;
    auto put = in.PutFacts(std::vector<FactWrite>{{a, "z", 2026, 1.0}}, kApiClient, At(3));
    if (!put) return put.error();
    return in.PutSetting("k", "w");
  }));
  const Change last{"server-b", "settings"};
  ASSERT_OK(second->PutSetting("done", "1"));

  const std::vector<Change> changes =
      CollectUntil(**feed, [&](const std::vector<Change>& c) { return Has(c, last); });
  EXPECT_EQ(changes, (std::vector<Change>{{"server-a", "facts:2024"},
                                          {"server-a", "facts:2025"},
                                          {"server-a", "scorecards"},
                                          {"server-a", "programmes"},
                                          {"server-b", "programmes"},
                                          {"server-b", "units"},
                                          {"server-a", "facts:2026"},
                                          {"server-a", "settings"},
                                          last}));
}

TEST_P(StoreTest, TheChangeFeedNeverReportsARolledBackUnitOfWork) {
  auto writer = Open(StoreOptions{.origin = "server-a"});
  ASSERT_TRUE(writer);
  int64_t a = MustCreate(*writer, Ward("A"));
  auto feed = OpenChangeFeed(url());
  ASSERT_OK(feed);
  auto writes = [&](Store& in) -> StoreStatus {
    auto put = in.PutFacts(std::vector<FactWrite>{{a, "x", 2025, 1.0}}, kApiClient, At(1));
    if (!put) return put.error();
    if (auto done = in.PutScorecard(Card(a, 2025, "r", "{}")); !done) return done;
    return in.CreateUnit(Ward("B")).ok() ? StoreStatus(Success{}) : StoreStatus(WorkFailed());
  };
  EXPECT_FALSE(writer->InTransaction([&](Store& in) -> StoreStatus {
    if (auto done = writes(in); !done) return done;
    return WorkFailed();
  }));
  EXPECT_THROW(writer->InTransaction([&](Store& in) -> StoreStatus {
    if (auto done = writes(in); !done) return done;
    throw std::runtime_error("work threw");
  }),
               std::runtime_error);
  // A failing write alone, and a failing inner unit whose outer unit commits other writes.
  EXPECT_FALSE(
      writer->PutFacts(std::vector<FactWrite>{{a + 1000, "x", 2025, 1.0}}, kApiClient, At(1)));
  ASSERT_OK(writer->InTransaction([&](Store& outer) -> StoreStatus {
    EXPECT_FALSE(outer.InTransaction([&](Store& in) -> StoreStatus {
      if (auto done = writes(in); !done) return done;
      return WorkFailed();
    }));
    return outer.PutSetting("after", "1");
  }));
  const std::vector<Change> changes = CollectUntil(**feed, [&](const std::vector<Change>& c) {
    return Has(c, {"server-a", "settings"});
  });
  EXPECT_EQ(changes, (std::vector<Change>{{"server-a", "settings"}}));
}

// PostgreSQL: after losing its connection the feed connects again and says that anything may have
// changed, once; then it reports changes again.
TEST_P(StoreTest, TheChangeFeedReportsAllAfterReconnecting) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite: no connection to lose";
  auto writer = Open(StoreOptions{.origin = "server-a"});
  ASSERT_TRUE(writer);
  const std::string feed_name = UniqueName("feed");
  auto feed = OpenChangeFeed(url() + "&application_name=" + feed_name);
  ASSERT_OK(feed);
  PgConnection admin(url());
  EXPECT_EQ(admin.Value("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE application_name = $1",
                        {feed_name}),
            "1");
  const std::vector<Change> changes =
      CollectUntil(**feed, [](const std::vector<Change>& c) { return !c.empty(); });
  EXPECT_EQ(changes, (std::vector<Change>{{"", "all"}}));
  ASSERT_OK(writer->PutSetting("k", "v"));
  const std::vector<Change> after =
      CollectUntil(**feed, [](const std::vector<Change>& c) { return !c.empty(); });
  EXPECT_EQ(after, (std::vector<Change>{{"server-a", "settings"}}));
}

// --- Migration 4 ---

// Rows written before migration 4: the demo seed's batch, an API import, a named writer.
constexpr const char* kVersion3RowsSqlite = R"sql(
INSERT INTO indicators (name) VALUES ('so_can_bo');
INSERT INTO fact_unit_years (unit_id, year) VALUES (1, 2025);
INSERT INTO facts_current (year, unit_id, indicator_id, value) VALUES (2025, 1, 1, 3);
INSERT INTO fact_batches (who, at, source) VALUES ('Dữ liệu mẫu (demo)', 100, 'import');
INSERT INTO fact_batches (who, at, source) VALUES ('api', 200, 'import');
INSERT INTO fact_batches (who, at, source) VALUES ('nguyen', 300, 'form');
INSERT INTO fact_changes (year, unit_id, indicator_id, batch_id, old_value, new_value)
  VALUES (2025, 1, 1, 1, NULL, 1), (2025, 1, 1, 2, 1, 2), (2025, 1, 1, 3, 2, 3);
)sql";
constexpr const char* kVersion3RowsPostgres = R"sql(
INSERT INTO indicators (name) VALUES ('so_can_bo');
INSERT INTO fact_unit_years (unit_id, year) VALUES (1, 2025);
INSERT INTO facts_current (year, unit_id, indicator_id, value) VALUES (2025, 1, 1, 3);
INSERT INTO fact_batches (who, at, source) VALUES ('Dữ liệu mẫu (demo)', to_timestamp(100), 'import');
INSERT INTO fact_batches (who, at, source) VALUES ('api', to_timestamp(200), 'import');
INSERT INTO fact_batches (who, at, source) VALUES ('nguyen', to_timestamp(300), 'form');
INSERT INTO fact_changes (year, unit_id, indicator_id, batch_id, old_value, new_value)
  VALUES (2025, 1, 1, 1, NULL, 1), (2025, 1, 1, 2, 1, 2), (2025, 1, 1, 3, 2, 3);
)sql";

TEST_P(StoreTest, MigratesBatchesToActorsAndUnitYearsToVersions) {
  {
    auto old = Open(StoreOptions{.known_schema_version = 3});
    ASSERT_TRUE(old);
    ASSERT_EQ(MustCreate(*old, Ward("A")), 1);
  }
  RunSql(GetParam(), url(),
         GetParam() == "postgresql" ? kVersion3RowsPostgres : kVersion3RowsSqlite);
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->MigrationsApplied(), (std::vector<int>{4, 5, 6, 7, 8}));
  const WriteActor seed{ActorKind::kSeed, "", FactSource::kSeed, ""};
  const WriteActor api_import{ActorKind::kAnonymous, "", FactSource::kImport, ""};
  auto history = store->FactHistory(1, "so_can_bo", 2025);
  ASSERT_OK(history);
  EXPECT_EQ(*history,
            (std::vector<FactChange>{{1, "so_can_bo", 2025, std::nullopt, 1.0, seed, At(100)},
                                     {1, "so_can_bo", 2025, 1.0, 2.0, api_import, At(200)},
                                     {1, "so_can_bo", 2025, 2.0, 3.0, User("nguyen"), At(300)}}));
  auto versions = store->UnitYearVersions(std::vector<UnitYear>{{1, 2025}, {1, 2024}});
  ASSERT_OK(versions);
  EXPECT_EQ(*versions, (std::vector<int64_t>{1, 0}));
  // Writing goes on from there.
  ASSERT_OK(
      store->PutFacts(std::vector<FactWrite>{{1, "so_can_bo", 2025, 4.0}}, kApiClient, At(400)));
  versions = store->UnitYearVersions(std::vector<UnitYear>{{1, 2025}});
  ASSERT_OK(versions);
  EXPECT_EQ(*versions, std::vector<int64_t>{2});
  history = store->FactHistory(1, "so_can_bo", 2025);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ(history->back().actor, kApiClient);
}

}  // namespace
}  // namespace kieumau::test
