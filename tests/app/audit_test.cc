// The audit trail in process, on each backend: every write recorded with its values before and
// after in the same unit of work (a failing write leaves no entry), sign-ins, failed sign-ins,
// sign-outs, account changes and refusals recorded, read back by unit, user and day, sealed by the
// server's sealer and verified whole.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app/app_fixture.h"

namespace kieumau::app_test {
namespace {

using nlohmann::json;

const WriteActor kAuditVisitor{ActorKind::kAnonymous, "", FactSource::kApi, "198.51.100.4"};

app::FactEntry AuditSet(const std::string& indicator, double value) {
  return app::FactEntry{indicator, value, false};
}

class AuditTest : public AppTest {
 protected:
  // Every entry the query finds (all pages).
  std::vector<app::AuditRecord> All(app::AuditQuery query) {
    std::vector<app::AuditRecord> all;
    for (;;) {
      app::ProblemOr<app::AuditPage> page = services_->audit().List(query, app::Scope::Nation());
      EXPECT_TRUE(page) << (page ? "" : page.error().message);
      if (!page) return all;
      for (app::AuditRecord& record : page->entries)
        all.push_back(std::move(record));
      if (!page->next_after) return all;
      query.after = *page->next_after;
    }
  }

  std::vector<app::AuditRecord> OfUnit(const std::string& code, int year) {
    app::AuditQuery query;
    query.unit = code;
    query.as_of = Date::LastDayOfYear(year);
    return All(query);
  }

  std::vector<app::AuditRecord> Actions(const std::string& action, app::AuditQuery query = {}) {
    std::vector<app::AuditRecord> found;
    for (app::AuditRecord& record : All(query))
      if (record.entry.action == action) found.push_back(std::move(record));
    return found;
  }

  void ExpectWholeChain() {
    app::ProblemOr<int64_t> sealed = services_->audit().Seal();
    ASSERT_TRUE(sealed) << sealed.error().message;
    app::ProblemOr<AuditVerification> verified = services_->audit().Verify();
    ASSERT_TRUE(verified) << verified.error().message;
    EXPECT_TRUE(verified->ok()) << verified->problem->message;
    EXPECT_EQ(verified->unsealed.count, 0);
    EXPECT_GT(verified->checked, 0);
  }
};

TEST_P(AuditTest, ANewDatabaseRecordsItsSeedSealed) {
  std::vector<app::AuditRecord> seeded = Actions(std::string(app::audit_action::kSeed));
  ASSERT_EQ(seeded.size(), 1u);
  EXPECT_EQ(seeded[0].entry.actor.kind, ActorKind::kSeed);
  EXPECT_TRUE(seeded[0].entry.seal_seq);
  const json detail = json::parse(seeded[0].entry.detail_json);
  EXPECT_GT(detail.at("units").get<int>(), 10000);
  EXPECT_EQ(detail.at("demo").at("administrator"), "demo");
  std::vector<app::AuditRecord> admin = Actions(std::string(app::audit_action::kUserCreate));
  ASSERT_EQ(admin.size(), 1u);
  EXPECT_EQ(admin[0].entry.subject, "demo");
  EXPECT_EQ(admin[0].entry.detail_json.find("argon2"), std::string::npos);
  ExpectWholeChain();
}

TEST_P(AuditTest, AValueEnteredIsRecordedWithItsValueBeforeAndAfter) {
  const std::string ward = UnrecognisedWard2025();
  const double received = Value(*services_, ward, 2025, "tips.received");
  const size_t before = OfUnit(ward, 2025).size();
  now_ = kNow + std::chrono::hours(41);
  const double processed = Value(*services_, ward, 2025, "tips.processed");
  ASSERT_TRUE(services_->facts().Put(
      ward, 2025,
      {AuditSet("tips.received", received + 5), AuditSet("tips.processed", processed + 1)},
      kAuditVisitor, app::Scope::Nation()));
  // The same values again change nothing: no entry.
  ASSERT_TRUE(services_->facts().Put(ward, 2025, {AuditSet("tips.received", received + 5)},
                                     kAuditVisitor, app::Scope::Nation()));

  std::vector<app::AuditRecord> history = OfUnit(ward, 2025);
  ASSERT_EQ(history.size(), before + 1);
  const app::AuditRecord& put = history.back();
  EXPECT_EQ(put.entry.action, app::audit_action::kFactsPut);
  EXPECT_EQ(put.entry.actor, kAuditVisitor);
  EXPECT_EQ(put.entry.at, kNow + std::chrono::hours(41));
  EXPECT_EQ(put.entry.subject, ward + "/2025");
  ASSERT_TRUE(put.unit);
  EXPECT_EQ(put.unit->code, ward);
  EXPECT_FALSE(put.unit->name.value_or("").empty());
  EXPECT_FALSE(put.entry.seal_seq);  // not sealed yet: no sealer in these tests
  const json detail = json::parse(put.entry.detail_json);
  EXPECT_EQ(detail.at("year"), 2025);
  json received_change;
  for (const json& change : detail.at("changes"))
    if (change.at("indicator") == "tips.received") received_change = change;
  ASSERT_FALSE(received_change.is_null()) << detail.dump();
  EXPECT_EQ(received_change.at("before").get<double>(), received);
  EXPECT_EQ(received_change.at("after").get<double>(), received + 5);
  EXPECT_EQ(detail.at("changes").size(), 2u);

  // By day, in Vietnam's time: kNow + 41 h is 2026-12-01 17:53 UTC, 2 December 00:53 in Vietnam.
  const Date day = Date::Known(2026, 12, 2);
  EXPECT_EQ(app::VietnamDay(kNow + std::chrono::hours(41)), day);
  app::AuditQuery that_day;
  that_day.from = day;
  that_day.to = day;
  std::vector<app::AuditRecord> on_the_day = All(that_day);
  ASSERT_EQ(on_the_day.size(), 1u);
  EXPECT_EQ(on_the_day[0].entry.id, put.entry.id);
  app::AuditQuery day_before;
  day_before.from = day.PreviousDay();
  day_before.to = day.PreviousDay();
  for (const app::AuditRecord& record : All(day_before))
    EXPECT_NE(record.entry.id, put.entry.id);
  ExpectWholeChain();
}

TEST_P(AuditTest, AnImportIsRecordedOncePerUnitItChanges) {
  app::ProblemOr<app::FactsTable> table =
      services_->facts().Table(2025, kBacNinh2025, app::Scope::Nation());
  ASSERT_TRUE(table);
  ASSERT_GE(table->rows.size(), 2u);
  const std::string first = table->rows[0].unit_code;
  const std::string second = table->rows[1].unit_code;
  const std::string csv =
      "unit_code,unit_name,tips.received\n" + first + ",x,4321\n" + second + ",y,4322\n";
  const WriteActor importer{ActorKind::kUser, "42", FactSource::kImport, "198.51.100.5"};
  ASSERT_TRUE(services_->facts().Import(2025, csv, importer));
  app::AuditQuery by_user;
  by_user.user = "42";
  ASSERT_EQ(All(by_user).size(), 2u);
  // Again, with the first row changed only.
  const std::string again =
      "unit_code,unit_name,tips.received\n" + first + ",x,4320\n" + second + ",y,4322\n";
  ASSERT_TRUE(services_->facts().Import(2025, again, importer));
  std::vector<app::AuditRecord> mine = All(by_user);
  ASSERT_EQ(mine.size(), 3u);
  mine.erase(mine.begin(), mine.begin() + 2);
  EXPECT_EQ(mine[0].entry.action, app::audit_action::kFactsImport);
  EXPECT_EQ(mine[0].unit->code, first);
  const json change = json::parse(mine[0].entry.detail_json).at("changes").at(0);
  EXPECT_EQ(change.at("before"), 4321);
  EXPECT_EQ(change.at("after"), 4320);
}

TEST_P(AuditTest, AWriteFailingAtAnyStatementLeavesNoEntry) {
  const std::string code = UnrecognisedWard2025();
  std::atomic<bool> armed{false};
  std::atomic<int> statements{0};
  std::atomic<int> fail_at{0};
  app::Options options;
  options.seed_demo = false;
  options.fail_before = [&](std::string_view) { return armed && ++statements == fail_at.load(); };
  std::unique_ptr<app::Services> failing = Open(options);
  ASSERT_TRUE(failing);
  const double received = Value(*failing, code, 2025, "tips.received");
  const size_t entries = OfUnit(code, 2025).size();
  int failures = 0;
  for (int k = 1; k < 200; ++k) {
    statements = 0;
    fail_at = k;
    armed = true;
    app::ProblemOr<app::PutSummary> put =
        failing->facts().Put(code, 2025, {AuditSet("tips.received", received + 77)}, kAuditVisitor,
                             app::Scope::Nation());
    armed = false;
    if (put) break;
    ++failures;
    EXPECT_EQ(OfUnit(code, 2025).size(), entries) << "failed at statement " << k;
  }
  EXPECT_GT(failures, 3);
  EXPECT_EQ(OfUnit(code, 2025).size(), entries + 1);
}

TEST_P(AuditTest, SignInsFailuresSignOutsAndAccountChangesAreRecorded) {
  const WriteActor admin{ActorKind::kUser, "1", FactSource::kApi, "198.51.100.6"};
  app::ProblemOr<UserRecord> user =
      services_->accounts().AddUser({"Can.Bo", "Cán bộ", "mật khẩu đủ dài 2026", true, {}}, admin);
  ASSERT_TRUE(user) << user.error().message;
  const std::string id = std::to_string(user->id);
  ASSERT_FALSE(services_->accounts().SignIn("can.bo", "sai", "203.0.113.1"));
  ASSERT_FALSE(services_->accounts().SignIn("khong.co", "sai", "203.0.113.1"));
  app::ProblemOr<app::NewSession> session =
      services_->accounts().SignIn("can.bo", "mật khẩu đủ dài 2026", "203.0.113.2");
  ASSERT_TRUE(session) << session.error().message;
  ASSERT_TRUE(services_->accounts().ChangePassword(session->who, "mật khẩu đủ dài 2026",
                                                   "mật khẩu mới dài 2027", "203.0.113.2"));
  ASSERT_TRUE(services_->accounts().SignOut(session->token, "203.0.113.2"));
  ASSERT_TRUE(services_->accounts().SignOut(session->token, "203.0.113.2"));  // gone: no entry

  std::vector<app::AuditRecord> created = Actions(std::string(app::audit_action::kUserCreate));
  ASSERT_EQ(created.back().entry.subject, "can.bo");
  EXPECT_EQ(created.back().entry.actor, admin);
  const json made = json::parse(created.back().entry.detail_json);
  EXPECT_TRUE(made.at("before").is_null());
  EXPECT_EQ(made.at("after").at("id"), user->id);
  EXPECT_EQ(made.at("after").at("must_change_password"), true);
  EXPECT_EQ(created.back().entry.detail_json.find("argon2"), std::string::npos);

  std::vector<app::AuditRecord> failed = Actions(std::string(app::audit_action::kSignInFailed));
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].entry.subject, "can.bo");
  EXPECT_EQ(failed[0].entry.actor.kind, ActorKind::kAnonymous);
  EXPECT_EQ(failed[0].entry.actor.address, "203.0.113.1");
  EXPECT_EQ(json::parse(failed[0].entry.detail_json).at("user_id"), user->id);
  EXPECT_EQ(json::parse(failed[1].entry.detail_json).at("reason"), "wrong_credentials");
  EXPECT_TRUE(json::parse(failed[1].entry.detail_json).at("user_id").is_null());

  // The user's own actions: signed in, changed the password, signed out.
  app::AuditQuery theirs;
  theirs.user = id;
  std::vector<std::string> actions;
  for (const app::AuditRecord& record : All(theirs)) {
    actions.push_back(record.entry.action);
    EXPECT_EQ(record.entry.actor.address, "203.0.113.2");
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"session.sign_in", "user.password", "session.sign_out"}));
  const json changed =
      json::parse(Actions(std::string(app::audit_action::kUserPassword)).at(0).entry.detail_json);
  EXPECT_EQ(changed.at("before").at("must_change_password"), true);
  EXPECT_EQ(changed.at("after").at("must_change_password"), false);

  // Locked: every further attempt is recorded too.
  for (int i = 0; i < 6; ++i)
    (void)services_->accounts().SignIn("can.bo", "sai", "203.0.113.3");
  bool locked = false;
  for (const app::AuditRecord& record : Actions(std::string(app::audit_action::kSignInFailed)))
    locked = locked || json::parse(record.entry.detail_json).at("reason") == "locked";
  EXPECT_TRUE(locked);
  ExpectWholeChain();
}

TEST_P(AuditTest, ARefusalIsRecordedByTheHttpLayersEntryPoint) {
  const WriteActor viewer{ActorKind::kUser, "9", FactSource::kApi, "198.51.100.8"};
  const std::string ward = UnrecognisedWard2025();
  app::ProblemOr<std::shared_ptr<const app::World>> world = services_->context().GetWorld();
  ASSERT_TRUE(world);
  app::ProblemOr<UnitId> unit = (*world)->UnitAtYearEnd(ward, 2025);
  ASSERT_TRUE(unit);
  app::ProblemOr<int64_t> id =
      services_->audit().Record(viewer, app::audit_action::kAccessRefused, *unit,
                                "PUT /api/units/" + ward + "/facts", R"({"role":"viewer"})");
  ASSERT_TRUE(id) << id.error().message;
  std::vector<app::AuditRecord> history = OfUnit(ward, 2025);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().entry.id, *id);
  EXPECT_EQ(history.back().entry.action, "access.refused");
  EXPECT_EQ(history.back().entry.actor, viewer);
  // Not a JSON object: refused, saying so.
  app::ProblemOr<int64_t> bad =
      services_->audit().Record(viewer, app::audit_action::kAccessRefused, std::nullopt, "x", "[]");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, app::ErrorCode::kInvalid);
  // Text a client typed that is not UTF-8 is repaired, not refused.
  app::ProblemOr<int64_t> typed = services_->audit().Record(
      viewer, app::audit_action::kAccessRefused, std::nullopt, "GET /api/\xff", "{}");
  ASSERT_TRUE(typed) << typed.error().message;
  ExpectWholeChain();
}

TEST_P(AuditTest, AConfirmedLinkIsRecordedOnTheReceivingUnit) {
  app::ProblemOr<app::RestatedList> list =
      services_->prior_year().Restated(kBacNinh2025, 2025, "bn-capkm-2024", app::Scope::Nation());
  ASSERT_TRUE(list);
  ASSERT_FALSE(list->units.empty());
  ASSERT_FALSE(list->units[0].links.empty());
  const app::InferredLink link = list->units[0].links[0];
  const WriteActor admin{ActorKind::kUser, "1", FactSource::kApi, "198.51.100.6"};
  ASSERT_TRUE(services_->prior_year().ConfirmLink(link.from, link.to, admin, app::Scope::Nation()));
  app::AuditQuery query;
  query.unit = link.to_code;
  query.as_of = link.date;
  std::vector<app::AuditRecord> history = All(query);
  ASSERT_FALSE(history.empty());
  const app::AuditRecord& confirmed = history.back();
  EXPECT_EQ(confirmed.entry.action, app::audit_action::kLinkConfirm);
  EXPECT_EQ(confirmed.entry.unit_id, link.to);
  const json detail = json::parse(confirmed.entry.detail_json);
  EXPECT_EQ(detail.at("from").at("id"), link.from);
  EXPECT_EQ(detail.at("before").at("certain"), false);
  EXPECT_EQ(detail.at("after").at("certain"), true);
}

TEST_P(AuditTest, TheServersSealerSealsWhatWasCommitted) {
  seal_in_background_ = true;
  std::unique_ptr<app::Services> server = Open();
  ASSERT_TRUE(server);
  ASSERT_TRUE(server->audit().Record(kAuditVisitor, app::audit_action::kAccessRefused, std::nullopt,
                                     "GET /api/audit", "{}"));
  // Within a bounded wait (the sealer runs every half second).
  bool sealed = false;
  for (int i = 0; i < 600 && !sealed; ++i) {
    app::ProblemOr<AuditVerification> verified = server->audit().Verify();
    ASSERT_TRUE(verified);
    ASSERT_TRUE(verified->ok());
    sealed = verified->unsealed.count == 0;
    if (!sealed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(sealed);
}

TEST_P(AuditTest, BadQueriesAreRefusedSayingWhich) {
  app::AuditQuery query;
  query.limit = 0;
  app::ProblemOr<app::AuditPage> page = services_->audit().List(query, app::Scope::Nation());
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, app::ErrorCode::kBadRequest);
  query.limit = 10;
  query.from = Date::Known(2026, 2, 1);
  query.to = Date::Known(2026, 1, 1);
  EXPECT_EQ(services_->audit().List(query, app::Scope::Nation()).error().code,
            app::ErrorCode::kBadRequest);
  app::AuditQuery unknown;
  unknown.unit = "99999999";
  EXPECT_EQ(services_->audit().List(unknown, app::Scope::Nation()).error().code,
            app::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace kieumau::app_test
