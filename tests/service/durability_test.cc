// Durability across a crash, on each backend: a real `kieumau serve` is killed with SIGKILL in the
// middle of a burst of concurrent writes, a new server is started on the same database, and what
// the clients were told is compared with what is stored. Every write acknowledged (200) is there
// — as the cell's value unless a later write of the same cell may have replaced it, in the value's
// history and in the sealed audit trail; none refused (4xx) is, nor any part of it; a write that
// got no answer (its connection cut by the kill) may be there or not, but nothing else changed;
// and `kieumau audit verify` finds the chain whole once the new server has sealed what the killed
// one left unsealed. Several trials per backend, on one database that survives them all.
//
// Each writer thread owns its cells (one indicator of one ward of Bắc Ninh in 2025, indicators with
// no `le` relation to or from another, so that every valid value passes) and writes them in turn
// with rising values, unique across the test: the value stored identifies the write that stored it.
// About one write in three is refused on purpose, each with a valid value beside the fault: an
// unknown indicator (refused before any transaction) or a `le` pair broken in the same body
// (refused by the writer inside its transaction, after the unit's locks were taken).
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using nlohmann::json;
using server_test::HttpResponse;
using server_test::ServerProcess;
using server_test::Session;

constexpr int kTrials = 4;
constexpr int kWriters = 4;
constexpr int kCellsPerWriter = 3;
constexpr int kMaxWritesPerWriter = 2000;  // a bound, should the kill not come
// Indicators of the catalogue no `le` relation names, on either side.
const char* const kIndicators[] = {"crime.social_order", "drugs.new_users", "traffic.racing_cases"};

enum class Outcome { kAcknowledged, kRefused, kUnknown, kFailed };

// One PUT as its client saw it.
struct Sent {
  int64_t value = 0;
  bool valid = true;  // false: refused on purpose
  int status = 0;
  Outcome outcome = Outcome::kUnknown;
};

// A cell a writer owns: its writes in the order sent.
struct Cell {
  std::string unit;
  std::string indicator;
  std::vector<Sent> sent;
};

struct Counts {
  int64_t acknowledged = 0, refused = 0, unknown = 0, unknown_stored = 0, failed = 0;
};

// The facts target of a ward for 2025.
std::string FactsTarget(const std::string& unit) {
  return "/api/units/" + unit + "/facts?year=2025";
}

// The body of one write: the value alone, or beside a fault that refuses the whole body.
std::string Body(const std::string& indicator, int64_t value, int fault) {
  json body{{indicator, value}};
  if (fault == 1) body["no.such.indicator"] = 1;
  if (fault == 2) {
    body["tips.received"] = 1;
    body["tips.processed"] = 2;  // more processed than received: `le` broken
  }
  return body.dump();
}

// A writer: round the cells until the server is gone (no answer after the kill) or the bound.
void Write(uint16_t port, const Session& session, std::vector<Cell>& cells, uint32_t seed,
           std::atomic<int64_t>& next_value, std::atomic<int>& acknowledged,
           const std::atomic<bool>& killed) {
  std::mt19937 random(seed);
  for (int i = 0; i < kMaxWritesPerWriter; ++i) {
    Cell& cell = cells[static_cast<size_t>(i) % cells.size()];
    Sent sent;
    sent.value = next_value.fetch_add(1);
    const int fault = random() % 6 == 0 ? 1 : random() % 5 == 0 ? 2 : 0;
    sent.valid = fault == 0;
    sent.status =
        server_test::Fetch(port, "PUT", FactsTarget(cell.unit),
                           Body(cell.indicator, sent.value, fault), "application/json", &session)
            .status;
    if (sent.status == 200) {
      sent.outcome = Outcome::kAcknowledged;
      ++acknowledged;
    } else if (sent.status >= 400 && sent.status < 500) {
      sent.outcome = Outcome::kRefused;
    } else if (sent.status == 0) {
      sent.outcome = Outcome::kUnknown;
    } else {
      sent.outcome = Outcome::kFailed;  // the server said it failed: must not be stored either
    }
    cell.sent.push_back(sent);
    if (sent.status == 0 && killed.load()) return;
  }
}

// Waits (bounded) for `condition`; whether it held.
template <typename Condition>
bool Eventually(Condition condition, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// The number in "(the audit chain is whole: N sealed entries)"; nothing when absent.
std::optional<int64_t> SealedEntries(const std::string& out) {
  const std::string before = "(the audit chain is whole: ";
  const size_t at = out.find(before);
  if (at == std::string::npos) return std::nullopt;
  return std::stoll(out.substr(at + before.size()));
}

class DurabilityTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<BackendServer>(GetParam(), BackendServer::Mode::kProcess);
    if (server_->skipped()) GTEST_SKIP() << test::kPostgresSkipped;
    ASSERT_TRUE(server_->started()) << server_->Stderr();
  }

  // A GET through the server at `port`, in the administrator's session, as JSON.
  json GetJson(uint16_t port, const std::string& target) const {
    const HttpResponse response =
        server_test::Fetch(port, "GET", target, "", "", &server_->session());
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // The values of a ward's cell as its history names them ("new"), and as the sealed audit
  // entries of the ward name them ("after").
  std::set<int64_t> HistoryValues(uint16_t port, const Cell& cell) const {
    std::set<int64_t> values;
    const json history = GetJson(
        port, "/api/units/" + cell.unit + "/facts/" + cell.indicator + "/history?year=2025");
    for (const json& change : history.value("changes", json::array()))
      if (change.at("new").is_number()) values.insert(change.at("new").get<int64_t>());
    return values;
  }
  std::set<int64_t> SealedAuditValues(uint16_t port, const Cell& cell, int64_t* unsealed) const {
    std::set<int64_t> values;
    int64_t after = 0;
    for (;;) {
      const json page = GetJson(
          port, "/api/audit?unit=" + cell.unit + "&limit=1000&after=" + std::to_string(after));
      for (const json& entry : page.value("entries", json::array())) {
        if (entry.at("action") != "facts.put") continue;
        if (entry.at("seal").is_null()) ++*unsealed;
        for (const json& change : entry.at("detail").value("changes", json::array()))
          if (change.at("indicator") == cell.indicator && change.at("after").is_number())
            values.insert(change.at("after").get<int64_t>());
      }
      if (!page.contains("next_after") || page.at("next_after").is_null()) return values;
      after = page.at("next_after").get<int64_t>();
    }
  }

  // `kieumau audit verify` on the database, once nothing is left unsealed (a bounded wait: the
  // new server's sealer seals within about a second), or as soon as it reports a broken chain.
  test::RunResult VerifyWhenSealed(const std::string& db_url) const {
    test::RunResult verify;
    Eventually(
        [&] {
          verify = test::Run(KIEUMAU_BINARY, {"audit", "verify", "--db", db_url});
          return verify.exit_code != 0 || verify.out.find("not sealed yet") == std::string::npos;
        },
        std::chrono::seconds(60));
    return verify;
  }

  std::unique_ptr<BackendServer> server_;
};

TEST_P(DurabilityTest, AcknowledgedWritesSurviveASigkillMidBurstAndTheChainVerifies) {
  const std::string db_url = server_->database_url();
  uint16_t port = server_->process().port();
  // The wards of Bắc Ninh in 2025, a cell on each.
  std::vector<std::string> wards;
  {
    const HttpResponse csv = server_test::Fetch(
        port, "GET", "/api/facts/template?year=2025&within=24", "", "", &server_->session());
    ASSERT_EQ(csv.status, 200) << csv.body;
    std::istringstream lines(csv.body);
    std::string line;
    std::getline(lines, line);  // the header
    while (std::getline(lines, line) && wards.size() < kWriters * kCellsPerWriter)
      wards.push_back(line.substr(0, line.find(',')));
  }
  ASSERT_EQ(wards.size(), static_cast<size_t>(kWriters * kCellsPerWriter));
  std::vector<std::vector<Cell>> cells(kWriters);
  for (size_t i = 0; i < wards.size(); ++i)
    cells[i / kCellsPerWriter].push_back({wards[i], kIndicators[i % 3], {}});
  // What each ward holds, before the first trial and after each.
  std::map<std::string, json> stored;
  for (const std::string& ward : wards)
    stored[ward] = GetJson(port, FactsTarget(ward)).at("values");
  const test::RunResult first_verify = VerifyWhenSealed(db_url);
  ASSERT_EQ(first_verify.exit_code, 0) << first_verify.out << first_verify.err;
  std::optional<int64_t> sealed = SealedEntries(first_verify.out);
  ASSERT_TRUE(sealed.has_value()) << first_verify.out;

  const uint32_t seed = std::random_device()();
  std::mt19937 random(seed);
  std::atomic<int64_t> next_value = 1'000'000;  // above any value of the demo
  Counts total;
  ServerProcess* running = &server_->process();
  std::unique_ptr<ServerProcess> restarted;
  for (int trial = 0; trial < kTrials; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial) + ", seed " + std::to_string(seed));
    for (std::vector<Cell>& owned : cells)
      for (Cell& cell : owned)
        cell.sent.clear();
    std::atomic<int> acknowledged = 0;
    std::atomic<bool> killed = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
      writers.emplace_back(Write, port, std::cref(server_->session()), std::ref(cells[w]),
                           seed + 1000 * trial + w, std::ref(next_value), std::ref(acknowledged),
                           std::cref(killed));
    // Once the burst is under way, after a random moment, the kill.
    EXPECT_TRUE(
        Eventually([&] { return acknowledged.load() >= kWriters; }, std::chrono::seconds(60)));
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
    running->Signal(SIGKILL);
    killed = true;
    for (std::thread& writer : writers)
      writer.join();
    ASSERT_TRUE(running->Wait(30).has_value()) << "the server did not end after SIGKILL";

    // A new server on the same database; the session, kept in the database, still holds.
    std::unique_ptr<ServerProcess> next = server_->StartAnother();
    ASSERT_TRUE(next->started()) << next->Stderr();
    restarted = std::move(next);
    running = restarted.get();
    port = running->port();
    const test::RunResult verify = VerifyWhenSealed(db_url);
    ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_EQ(verify.out.find("not sealed yet"), std::string::npos) << verify.out;
    const std::optional<int64_t> sealed_now = SealedEntries(verify.out);
    ASSERT_TRUE(sealed_now.has_value()) << verify.out;

    Counts counts;
    int64_t changes_stored = 0;  // writes the history holds: one audit entry each
    for (const std::vector<Cell>& owned : cells) {
      for (const Cell& cell : owned) {
        SCOPED_TRACE(cell.unit + " " + cell.indicator);
        const json values = GetJson(port, FactsTarget(cell.unit)).at("values");
        // The cell's possible values: the last acknowledged one (what was there before the trial
        // if none was), or a write after it that got no answer.
        std::set<int64_t> allowed;
        bool before_allowed = true;
        std::set<int64_t> acknowledged_values, refused_values, unknown_values;
        for (const Sent& sent : cell.sent) {
          if (sent.valid && sent.outcome == Outcome::kRefused)
            ADD_FAILURE() << "a valid write of " << sent.value << " was refused: " << sent.status;
          if (!sent.valid && sent.outcome == Outcome::kAcknowledged)
            ADD_FAILURE() << "an invalid write of " << sent.value << " was acknowledged";
          switch (sent.outcome) {
            case Outcome::kAcknowledged:
              ++counts.acknowledged;
              acknowledged_values.insert(sent.value);
              allowed = {sent.value};
              before_allowed = false;
              break;
            case Outcome::kUnknown:
              ++counts.unknown;
              if (sent.valid) {
                unknown_values.insert(sent.value);
                allowed.insert(sent.value);
              }
              break;
            case Outcome::kRefused:
              ++counts.refused;
              break;
            case Outcome::kFailed:
              ++counts.failed;
              break;
          }
          // An invalid write is refused whether or not its answer came; one the server said it
          // failed is not stored either.
          if (!sent.valid || sent.outcome == Outcome::kRefused || sent.outcome == Outcome::kFailed)
            refused_values.insert(sent.value);
        }
        const json& before = stored.at(cell.unit);
        if (values.contains(cell.indicator)) {
          const int64_t value = values.at(cell.indicator).get<int64_t>();
          const bool unchanged =
              before.contains(cell.indicator) && before.at(cell.indicator) == value;
          EXPECT_TRUE(allowed.count(value) || (before_allowed && unchanged))
              << "stored " << value << ", last acknowledged "
              << (before_allowed ? std::string("none") : std::to_string(*allowed.begin()));
          EXPECT_FALSE(refused_values.count(value)) << "a refused value is stored: " << value;
        } else {
          EXPECT_TRUE(before_allowed && !before.contains(cell.indicator))
              << "the cell is empty after an acknowledged write";
        }
        // Nothing else of the ward changed: no part of a refused body is stored.
        json others = values, others_before = before;
        others.erase(cell.indicator);
        others_before.erase(cell.indicator);
        EXPECT_EQ(others, others_before);
        // Every acknowledged write is in the value's history and in the sealed audit trail; no
        // refused one is in either.
        const std::set<int64_t> history = HistoryValues(port, cell);
        int64_t unsealed = 0;
        const std::set<int64_t> audited = SealedAuditValues(port, cell, &unsealed);
        EXPECT_EQ(unsealed, 0);
        for (int64_t value : acknowledged_values) {
          EXPECT_TRUE(history.count(value)) << value << " acknowledged, not in the history";
          EXPECT_TRUE(audited.count(value)) << value << " acknowledged, not in the audit trail";
        }
        for (int64_t value : refused_values) {
          EXPECT_FALSE(history.count(value)) << value << " refused, in the history";
          EXPECT_FALSE(audited.count(value)) << value << " refused, in the audit trail";
        }
        for (int64_t value : unknown_values) {
          EXPECT_EQ(history.count(value), audited.count(value)) << value;
          counts.unknown_stored += static_cast<int64_t>(history.count(value));
        }
        for (const Sent& sent : cell.sent)
          changes_stored += static_cast<int64_t>(history.count(sent.value));
        stored[cell.unit] = values;
      }
    }
    EXPECT_EQ(counts.failed, 0);
    EXPECT_EQ(changes_stored, counts.acknowledged + counts.unknown_stored);
    // One audit entry per write stored, nothing else written during the trial.
    EXPECT_EQ(*sealed_now - *sealed, changes_stored);
    sealed = sealed_now;
    std::cout << "[ durability ] " << GetParam() << " trial " << trial << ": acknowledged "
              << counts.acknowledged << ", unknown " << counts.unknown << " (stored "
              << counts.unknown_stored << "), refused " << counts.refused << ", failed "
              << counts.failed << '\n';
    total.acknowledged += counts.acknowledged;
    total.unknown += counts.unknown;
    total.unknown_stored += counts.unknown_stored;
    total.refused += counts.refused;
    total.failed += counts.failed;
  }
  std::cout << "[ durability ] " << GetParam() << ": " << kTrials << " trials, seed " << seed
            << ", acknowledged " << total.acknowledged << ", unknown " << total.unknown
            << " (stored " << total.unknown_stored << "), refused " << total.refused << ", failed "
            << total.failed << ", sealed entries " << *sealed << '\n';
  RecordProperty("trials", kTrials);
  RecordProperty("acknowledged", static_cast<int>(total.acknowledged));
  RecordProperty("unknown", static_cast<int>(total.unknown));
  RecordProperty("unknown_stored", static_cast<int>(total.unknown_stored));
  RecordProperty("refused", static_cast<int>(total.refused));
  // The restarted server must stop before the database is removed.
  restarted.reset();
}

INSTANTIATE_TEST_SUITE_P(Backends, DurabilityTest, testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace kieumau::service_test
