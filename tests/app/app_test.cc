// The application layer's services in process, on each backend: typed answers, writes with their
// actor, all-or-nothing units of work, caches that follow writes — this instance's and another's on
// the same database — and writers forced into the interleaving that could break a rule.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "app/app_fixture.h"
#include "facts_io/fact_table.h"
#include "support/test_support.h"

namespace kieumau::app_test {
namespace {

constexpr const char* kProgramme = "bn-capkm-2024-2030";

app::FactEntry Set(const std::string& indicator, double value) {
  return app::FactEntry{indicator, value, false};
}

WriteActor Visitor() {
  return WriteActor{ActorKind::kAnonymous, "", FactSource::kApi, "192.0.2.7"};
}

// Polls `condition` for up to ten seconds (another instance hears of a write through the change
// feed); true once it holds.
template <typename F>
bool Eventually(F condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

// Named events between threads: one raises a flag, another waits for it (for at most `limit`).
class Flags {
 public:
  void Raise(bool& flag) {
    std::lock_guard lock(mutex_);
    flag = true;
    changed_.notify_all();
  }
  bool WaitFor(bool& flag, std::chrono::seconds limit = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return flag; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
};

const RoadmapYear* YearOf(const app::RoadmapView& roadmap, int year) {
  for (const RoadmapYear& row : roadmap.years)
    if (row.year == year) return &row;
  return nullptr;
}

TEST_P(AppTest, UnitsAsOfADateWithTheirLineage) {
  app::UnitsQuery query;
  query.as_of = Date::LastDayOfYear(2025);
  query.within = kBacNinh2025;
  query.kind = UnitKind::kPhuong;
  app::ProblemOr<app::UnitList> wards = services_->units().List(query, app::Scope::Nation());
  ASSERT_TRUE(wards) << wards.error().message;
  EXPECT_EQ(wards->units.size(), 33u);  // the merged Bắc Ninh's phường
  for (const app::UnitSummary& ward : wards->units)
    EXPECT_EQ(ward.kind, UnitKind::kPhuong) << ward.code;
  // Each was formed on 2025-07-01 from old communes, wholly or in part.
  app::ProblemOr<app::UnitDetail> detail = services_->units().Get(
      wards->units.front().code, Date::LastDayOfYear(2025), app::Scope::Nation());
  ASSERT_TRUE(detail);
  EXPECT_TRUE(detail->exists);
  EXPECT_EQ(detail->id, wards->units.front().id);
  ASSERT_FALSE(detail->predecessors.empty());
  EXPECT_EQ(detail->predecessors[0].kind, LinkKind::kTransfer);
  EXPECT_EQ(detail->predecessors[0].date.ToString(), "2025-07-01");
  // Searching by name without diacritics.
  app::UnitsQuery search;
  search.as_of = Date::Known(2025, 3, 1);
  search.q = "tien ninh ve";
  app::ProblemOr<app::UnitList> found = services_->units().List(search, app::Scope::Nation());
  ASSERT_TRUE(found);
  ASSERT_EQ(found->units.size(), 1u);
  EXPECT_EQ(found->units[0].name, "Phường Tiền Ninh Vệ");
  EXPECT_EQ(services_->units().Get("NO-SUCH", std::nullopt, app::Scope::Nation()).error().code,
            app::ErrorCode::kNotFound);
}

TEST_P(AppTest, AWriteKeepsItsActorAndRefusesABrokenRuleWhole) {
  const std::string code = UnrecognisedWard2025();
  app::ProblemOr<app::PutSummary> put =
      services_->facts().Put(code, 2025, {Set("tips.received", 500), Set("tips.processed", 480)},
                             Visitor(), app::Scope::Nation());
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->written.changed, 2);
  EXPECT_EQ(Value(*services_, code, 2025, "tips.received"), 500);
  app::ProblemOr<app::FactHistoryView> history =
      services_->facts().History(code, "tips.received", 2025, app::Scope::Nation());
  ASSERT_TRUE(history);
  ASSERT_FALSE(history->changes.empty());
  EXPECT_EQ(history->changes.back().actor, Visitor());
  EXPECT_EQ(history->changes.back().new_value, 500);
  EXPECT_EQ(history->changes.back().at, kNow);
  // tips.processed may not exceed tips.received: refused whole, nothing changes.
  app::ProblemOr<app::PutSummary> broken =
      services_->facts().Put(code, 2025, {Set("tips.received", 400), Set("tips.processed", 600)},
                             Visitor(), app::Scope::Nation());
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, app::ErrorCode::kInvalidFacts);
  ASSERT_FALSE(broken.error().rows.empty());
  EXPECT_EQ(broken.error().rows[0].column, "tips.processed");
  EXPECT_EQ(Value(*services_, code, 2025, "tips.received"), 500);
  EXPECT_EQ(Value(*services_, code, 2025, "tips.processed"), 480);
}

TEST_P(AppTest, StoredScorecardsAndRoadmapsFollowWrites) {
  const std::string code = UnrecognisedWard2025();
  app::ProblemOr<app::Scorecard> before =
      services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(before) << before.error().message;
  app::ProblemOr<std::shared_ptr<const app::RoadmapView>> roadmap =
      services_->roadmap().Roadmap(kProgramme, app::Scope::Nation());
  ASSERT_TRUE(roadmap);
  const RoadmapYear year_before = *YearOf(**roadmap, 2025);
  // Every value of the ward erased: its stored scorecard is recomputed in the same unit of work,
  // and the roadmap counts it as not assessed.
  app::ProblemOr<app::UnitFactsView> values =
      services_->facts().UnitFacts(code, 2025, app::Scope::Nation());
  ASSERT_TRUE(values);
  std::vector<app::FactEntry> erase;
  for (const auto& [name, value] : values->values)
    erase.push_back({name, std::nullopt, false});
  app::ProblemOr<app::PutSummary> put =
      services_->facts().Put(code, 2025, erase, Visitor(), app::Scope::Nation());
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_GE(put->written.scorecards_recomputed, 1);
  app::ProblemOr<app::Scorecard> after =
      services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(after);
  EXPECT_NE(after->result_json, before->result_json);
  app::ProblemOr<std::shared_ptr<const app::RoadmapView>> roadmap_after =
      services_->roadmap().Roadmap(kProgramme, app::Scope::Nation());
  ASSERT_TRUE(roadmap_after);
  EXPECT_EQ(YearOf(**roadmap_after, 2025)->not_assessed, year_before.not_assessed + 1);
}

TEST_P(AppTest, AnotherInstanceOnTheSameDatabaseSeesAWriteWithinAWait) {
  app::Options other_options;
  other_options.seed_demo = false;
  std::unique_ptr<app::Services> other = Open(other_options);
  ASSERT_TRUE(other);
  const std::string code = UnrecognisedWard2025();
  // The other instance has the year and the roadmap cached before the write.
  const double received = Value(*other, code, 2025, "tips.received");
  app::ProblemOr<std::shared_ptr<const app::RoadmapView>> roadmap =
      other->roadmap().Roadmap(kProgramme, app::Scope::Nation());
  ASSERT_TRUE(roadmap);
  const int64_t not_assessed = YearOf(**roadmap, 2025)->not_assessed;
  ASSERT_TRUE(
      services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation()));

  app::ProblemOr<app::UnitFactsView> values =
      services_->facts().UnitFacts(code, 2025, app::Scope::Nation());
  ASSERT_TRUE(values);
  std::vector<app::FactEntry> erase;
  for (const auto& [name, value] : values->values)
    erase.push_back({name, std::nullopt, false});
  ASSERT_TRUE(services_->facts().Put(code, 2025, erase, Visitor(), app::Scope::Nation()));

  EXPECT_NE(received, -1);
  EXPECT_TRUE(Eventually([&] { return Value(*other, code, 2025, "tips.received") == -1; }));
  EXPECT_TRUE(Eventually([&] {
    app::ProblemOr<std::shared_ptr<const app::RoadmapView>> now =
        other->roadmap().Roadmap(kProgramme, app::Scope::Nation());
    return now && YearOf(**now, 2025)->not_assessed == not_assessed + 1;
  }));
  app::ProblemOr<app::Scorecard> seen =
      other->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  app::ProblemOr<app::Scorecard> written =
      services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(seen && written);
  EXPECT_EQ(seen->result_json, written->result_json);
}

// Two writers on two instances, forced into the interleaving that breaks `le` unless the database
// makes them take turns: B checks its value while A holds the unit-year with a change B's check
// must see.
TEST_P(AppTest, WritersOnTwoInstancesTakeTurnsOnAUnitYear) {
  const std::string code = UnrecognisedWard2025();
  ASSERT_TRUE(services_->facts().Put(code, 2025,
                                     {Set("tips.received", 20), Set("tips.processed", 10)},
                                     Visitor(), app::Scope::Nation()));

  Flags flags;
  bool a_locked = false, b_at_lock = false;
  app::Options a_options;
  a_options.seed_demo = false;
  a_options.hook = [&](std::string_view point) {
    if (point != "facts.locked") return;
    flags.Raise(a_locked);
    flags.WaitFor(b_at_lock);  // B is about to take the lock A holds
  };
  app::Options b_options;
  b_options.seed_demo = false;
  b_options.hook = [&](std::string_view point) {
    if (point == "facts.lock") flags.Raise(b_at_lock);
  };
  std::unique_ptr<app::Services> a = Open(a_options);
  std::unique_ptr<app::Services> b = Open(b_options);
  ASSERT_TRUE(a && b);

  // A lowers tips.received to 11 (10 processed: fine); B raises tips.processed to 15 (fine against
  // 20, broken against 11).
  auto a_write = std::async(std::launch::async, [&] {
    return a->facts().Put(code, 2025, {Set("tips.received", 11)}, Visitor(), app::Scope::Nation());
  });
  ASSERT_TRUE(flags.WaitFor(a_locked));
  app::ProblemOr<app::PutSummary> b_write =
      b->facts().Put(code, 2025, {Set("tips.processed", 15)}, Visitor(), app::Scope::Nation());
  app::ProblemOr<app::PutSummary> a_result = a_write.get();
  ASSERT_TRUE(a_result) << a_result.error().message;
  ASSERT_FALSE(b_write) << "B was checked against the values from before A's write";
  EXPECT_EQ(b_write.error().code, app::ErrorCode::kInvalidFacts);
  EXPECT_EQ(Value(*services_, code, 2025, "tips.received"), 11);
  EXPECT_EQ(Value(*services_, code, 2025, "tips.processed"), 10);
}

// A read that stores a missing scorecard, forced to hold its inputs while a writer changes them:
// the scorecard stored in the end is the writer's, never the reader's older one. The reader, once
// it has read the facts, waits for the writer to finish (two seconds at most): unless the reader's
// scoring holds the unit-year locks, the writer does finish and the reader then stores a scorecard
// of facts that are no longer there; with the locks the writer waits for the reader instead.
TEST_P(AppTest, AScorecardStoredByAReadNeverReplacesANewerOne) {
  const std::string code = UnrecognisedWard2025();
  Flags flags;
  bool reader_locked = false, writer_done = false;
  app::Options reader_options;
  reader_options.seed_demo = false;
  reader_options.hook = [&](std::string_view point) {
    if (point != "scoring.locked") return;
    flags.Raise(reader_locked);
    flags.WaitFor(writer_done, std::chrono::seconds(2));
  };
  std::unique_ptr<app::Services> reader = Open(reader_options);
  ASSERT_TRUE(reader);
  // The writer: the test's own instance (opened without a hook).
  app::Services* const writer = services_.get();
  app::ProblemOr<app::UnitFactsView> values =
      writer->facts().UnitFacts(code, 2025, app::Scope::Nation());
  ASSERT_TRUE(values);
  std::vector<app::FactEntry> erase;
  for (const auto& [name, value] : values->values)
    erase.push_back({name, std::nullopt, false});

  // The demo stores no scorecard: the read computes the ward's and stores it.
  auto read = std::async(std::launch::async, [&] {
    return reader->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  });
  ASSERT_TRUE(flags.WaitFor(reader_locked));
  app::ProblemOr<app::PutSummary> put =
      writer->facts().Put(code, 2025, erase, Visitor(), app::Scope::Nation());
  flags.Raise(writer_done);
  ASSERT_TRUE(put) << put.error().message;
  app::ProblemOr<app::Scorecard> old = read.get();
  ASSERT_TRUE(old) << old.error().message;
  // A third instance, with nothing cached, reads what is stored.
  app::Options plain;
  plain.seed_demo = false;
  std::unique_ptr<app::Services> third = Open(plain);
  ASSERT_TRUE(third);
  app::ProblemOr<app::Scorecard> stored =
      third->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(stored);
  EXPECT_NE(stored->result_json, old->result_json)
      << "the reader's older scorecard was stored last";
}

// A write that fails at any statement of its unit of work leaves the facts, their history and the
// stored scorecards as they were, and the cache with them.
TEST_P(AppTest, AWriteFailingAtAnyStatementLeavesNothingChanged) {
  const std::string code = UnrecognisedWard2025();
  std::atomic<bool> armed{false};
  std::atomic<int> statements{0};
  std::atomic<int> fail_at{0};
  app::Options options;
  options.seed_demo = false;
  options.fail_before = [&](std::string_view) { return armed && ++statements == fail_at.load(); };
  std::unique_ptr<app::Services> failing = Open(options);
  ASSERT_TRUE(failing);
  app::ProblemOr<app::Scorecard> scorecard =
      failing->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(scorecard);
  const double received = Value(*failing, code, 2025, "tips.received");
  app::ProblemOr<app::FactHistoryView> history =
      failing->facts().History(code, "tips.received", 2025, app::Scope::Nation());
  ASSERT_TRUE(history);

  int failures = 0;
  for (int k = 1; k < 200; ++k) {
    statements = 0;
    fail_at = k;
    armed = true;
    app::ProblemOr<app::PutSummary> put = failing->facts().Put(
        code, 2025, {Set("tips.received", received + 1000)}, Visitor(), app::Scope::Nation());
    armed = false;
    if (put) break;
    ++failures;
    SCOPED_TRACE("failed at statement " + std::to_string(k));
    EXPECT_EQ(put.error().code, app::ErrorCode::kUnavailable);
    EXPECT_EQ(Value(*failing, code, 2025, "tips.received"), received);
    EXPECT_EQ(Value(*services_, code, 2025, "tips.received"), received);
    app::ProblemOr<app::FactHistoryView> now =
        failing->facts().History(code, "tips.received", 2025, app::Scope::Nation());
    ASSERT_TRUE(now);
    EXPECT_EQ(now->changes.size(), history->changes.size());
    app::ProblemOr<app::Scorecard> stored =
        services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->result_json, scorecard->result_json);
  }
  EXPECT_GT(failures, 3) << "the unit of work ran fewer statements than expected";
  EXPECT_EQ(Value(*failing, code, 2025, "tips.received"), received + 1000);
  app::ProblemOr<app::Scorecard> after =
      services_->scoring().UnitScorecard(code, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(after);
  EXPECT_NE(after->result_json, scorecard->result_json);
}

INSTANTIATE_TEST_SUITE_P(Backends, AppTest, testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace kieumau::app_test
