// The audit trail (Store::audit()), run on both backends: entries appended in a unit of work and
// listed by unit, user and time; refused entries; sealing into the hash chain (one sealer at a
// time, entries of transactions still in flight sealed after them); and the verifier naming the
// first entry altered, removed or inserted when the database is edited directly.
#include "store/audit_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {

AuditEntry Entry(const std::string& action, std::optional<int64_t> unit, int64_t at,
                 const WriteActor& actor = User("7"), const std::string& detail = "{}") {
  AuditEntry entry;
  entry.at = At(at);
  entry.actor = actor;
  entry.action = action;
  entry.unit_id = unit;
  entry.subject = "2025";
  entry.detail_json = detail;
  return entry;
}

// A statement run on the test's database outside the store, as someone with access to the
// database would.
void EditDirectly(const std::string& backend, const std::string& url, const std::string& sql) {
  if (backend == "postgresql") {
    ASSERT_TRUE(PostgresAdminCommand(url, sql)) << sql;
    return;
  }
  ASSERT_TRUE(url.starts_with("sqlite:"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

std::vector<int64_t> Ids(const std::vector<AuditEntry>& entries) {
  std::vector<int64_t> ids;
  for (const AuditEntry& entry : entries)
    ids.push_back(entry.id);
  return ids;
}

// Appends `count` entries and seals them; answers their ids.
std::vector<int64_t> AppendSealed(Store& store, int count) {
  std::vector<int64_t> ids;
  for (int i = 0; i < count; ++i) {
    auto id =
        store.audit().Append(Entry("facts.put", 100 + i, 1000 + i, User("7"),
                                   R"({"changes":[{"indicator":"x","before":)" + std::to_string(i) +
                                       R"(,"after":)" + std::to_string(i + 1) + "}]}"));
    EXPECT_TRUE(id.ok()) << id.error().Describe();
    ids.push_back(id.ok() ? *id : 0);
  }
  auto sealed = SealAll(store.audit(), At(5000));
  EXPECT_TRUE(sealed.ok()) << sealed.error().Describe();
  return ids;
}

AuditVerification MustVerify(Store& store, const std::optional<AuditAnchor>& anchor = {}) {
  auto verified = VerifyAuditChain(store.audit(), anchor);
  EXPECT_TRUE(verified.ok()) << verified.error().Describe();
  return verified.ok() ? *verified : AuditVerification{};
}

TEST_P(StoreTest, AuditEntriesAreAppendedInTheUnitOfWorkAndListedByUnitUserAndTime) {
  auto store = Open();
  ASSERT_TRUE(store);
  AuditStore& audit = store->audit();
  auto first = audit.Append(Entry("facts.put", 1, 1000));
  ASSERT_OK(first);
  ASSERT_OK(audit.AppendAll(std::vector<AuditEntry>{
      Entry("facts.import", 2, 2000, User("8", FactSource::kImport)),
      Entry("session.sign_in_failed", std::nullopt, 3000,
            WriteActor{ActorKind::kAnonymous, "", FactSource::kApi, "203.0.113.9"}),
      Entry("facts.put", 1, 4000, User("8"))}));
  // Rolled back with the unit of work that appended it.
  StoreStatus failed = store->InTransaction([](Store& in) -> StoreStatus {
    if (auto id = in.audit().Append(Entry("facts.put", 1, 5000)); !id) return id.error();
    return StoreError{StoreErrorKind::kInvalid, "rolled back", ""};
  });
  EXPECT_FALSE(failed.ok());

  auto all = audit.List({});
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->front().id, *first);
  EXPECT_EQ(Ids(*all), (std::vector<int64_t>{*first, *first + 1, *first + 2, *first + 3}));
  const AuditEntry& anonymous = (*all)[2];
  EXPECT_EQ(anonymous.action, "session.sign_in_failed");
  EXPECT_EQ(anonymous.actor.address, "203.0.113.9");
  EXPECT_EQ(anonymous.unit_id, std::nullopt);
  EXPECT_EQ(anonymous.at, At(3000));
  EXPECT_EQ(anonymous.seal_seq, std::nullopt);
  EXPECT_TRUE(anonymous.hash.empty());
  EXPECT_TRUE(anonymous.readable);

  auto of_unit = audit.List({.unit_id = 1});
  ASSERT_OK(of_unit);
  EXPECT_EQ(Ids(*of_unit), (std::vector<int64_t>{*first, *first + 3}));
  auto of_user = audit.List({.user = "8"});
  ASSERT_OK(of_user);
  EXPECT_EQ(Ids(*of_user), (std::vector<int64_t>{*first + 1, *first + 3}));
  auto unit_and_user = audit.List({.unit_id = 1, .user = "8"});
  ASSERT_OK(unit_and_user);
  EXPECT_EQ(Ids(*unit_and_user), (std::vector<int64_t>{*first + 3}));
  auto between = audit.List({.from = At(2000), .to = At(4000)});
  ASSERT_OK(between);
  EXPECT_EQ(Ids(*between), (std::vector<int64_t>{*first + 1, *first + 2}));
  auto page = audit.List({.after_id = *first, .limit = 2});
  ASSERT_OK(page);
  EXPECT_EQ(Ids(*page), (std::vector<int64_t>{*first + 1, *first + 2}));
  EXPECT_STORE_ERROR(audit.List({.limit = 0}), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(audit.List({.limit = 1001}), StoreErrorKind::kInvalid);
}

TEST_P(StoreTest, AuditEntriesThatBreakARuleAreRefusedAlike) {
  auto store = Open();
  ASSERT_TRUE(store);
  AuditStore& audit = store->audit();
  EXPECT_STORE_ERROR(audit.Append(Entry("", 1, 1)), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(audit.Append(Entry("x", 1, 1, WriteActor{ActorKind::kUser, "", {}, ""})),
                     StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(audit.Append(Entry("x", 1, 1, User("7"), "[1, 2]")), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(audit.Append(Entry("x", 1, 1, User("7"), "{not json")),
                     StoreErrorKind::kInvalid);
  AuditEntry nul = Entry("x", 1, 1);
  nul.subject = std::string("a\0b", 3);
  EXPECT_STORE_ERROR(audit.Append(nul), StoreErrorKind::kInvalid);
  AuditEntry latin1 = Entry("x", 1, 1);
  latin1.subject = "Ph\xF0\x9Fng";
  EXPECT_STORE_ERROR(audit.Append(latin1), StoreErrorKind::kInvalid);
  // One bad entry refuses the whole batch.
  EXPECT_STORE_ERROR(audit.AppendAll(std::vector<AuditEntry>{Entry("x", 1, 1), Entry("", 1, 1)}),
                     StoreErrorKind::kInvalid);
  auto all = audit.List({});
  ASSERT_OK(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(StoreTest, TheSealerLinksEntriesInIdOrderAfterTheHead) {
  auto store = Open();
  ASSERT_TRUE(store);
  AuditStore& audit = store->audit();
  auto empty = audit.Head();
  ASSERT_OK(empty);
  EXPECT_EQ(empty->seal_seq, 0);
  EXPECT_EQ(empty->hash, kAuditGenesisHash);
  EXPECT_TRUE(MustVerify(*store).ok());

  for (int i = 0; i < 5; ++i)
    ASSERT_OK(audit.Append(Entry("facts.put", i, 1000 + i)));
  auto two = audit.Seal(2, At(9000));
  ASSERT_OK(two);
  EXPECT_EQ(*two, 2);
  auto backlog = audit.Backlog();
  ASSERT_OK(backlog);
  EXPECT_EQ(backlog->count, 3);
  EXPECT_EQ(backlog->oldest_at, At(1002));
  auto rest = SealAll(audit, At(9001));
  ASSERT_OK(rest);
  EXPECT_EQ(*rest, 3);
  auto none = audit.Seal(10, At(9002));
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0);

  auto chain = audit.Sealed(0, 100);
  ASSERT_OK(chain);
  ASSERT_EQ(chain->size(), 5u);
  std::string prev(kAuditGenesisHash);
  for (size_t i = 0; i < chain->size(); ++i) {
    const AuditEntry& entry = (*chain)[i];
    EXPECT_EQ(entry.seal_seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(entry.prev_hash, prev);
    EXPECT_EQ(entry.hash, AuditEntryHash(entry, prev));
    EXPECT_EQ(entry.hash.size(), 64u);
    prev = entry.hash;
  }
  auto head = audit.Head();
  ASSERT_OK(head);
  EXPECT_EQ(*head, (AuditHead{5, prev, At(9001)}));
  AuditVerification verified = MustVerify(*store, AuditAnchor{3, (*chain)[2].hash});
  EXPECT_TRUE(verified.ok()) << verified.problem->message;
  EXPECT_EQ(verified.checked, 5);
  EXPECT_EQ(verified.unsealed.count, 0);

  // Sealing is a transaction of its own.
  StoreStatus inside = store->InTransaction([](Store& in) -> StoreStatus {
    auto sealed = in.audit().Seal(10, At(1));
    if (!sealed) return sealed.error();
    return Success{};
  });
  EXPECT_STORE_ERROR(inside, StoreErrorKind::kInvalid);
}

TEST_P(StoreTest, AnEntryOfATransactionStillOpenIsSealedAfterTheEntriesCommittedBeforeIt) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite has one writer at a time";
  auto writer = Open();
  auto other = Open();
  ASSERT_TRUE(writer && other);
  std::promise<void> appended, others_done;
  std::future<StoreStatus> open_unit = std::async(std::launch::async, [&] {
    return writer->InTransaction([&](Store& in) -> StoreStatus {
      auto id = in.audit().Append(Entry("facts.put", 1, 1000));
      appended.set_value();
      others_done.get_future().wait();
      if (!id) return id.error();
      return Success{};
    });
  });
  appended.get_future().wait();
  // Neither another writer's entry nor the sealer waits for the open unit of work.
  auto later = other->audit().Append(Entry("facts.put", 2, 1001));
  ASSERT_OK(later);
  auto sealed = SealAll(other->audit(), At(2000));
  ASSERT_OK(sealed);
  EXPECT_EQ(*sealed, 1);
  others_done.set_value();
  ASSERT_OK(open_unit.get());
  auto rest = SealAll(other->audit(), At(2001));
  ASSERT_OK(rest);
  EXPECT_EQ(*rest, 1);
  auto chain = other->audit().Sealed(0, 10);
  ASSERT_OK(chain);
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].id, *later);  // the higher id first: it committed first
  EXPECT_LT((*chain)[1].id, *later);
  EXPECT_TRUE(MustVerify(*other).ok());
}

TEST_P(StoreTest, SealersOnSeveralConnectionsMakeOneChain) {
  auto store = Open();
  ASSERT_TRUE(store);
  for (int i = 0; i < 40; ++i)
    ASSERT_OK(store->audit().Append(Entry("facts.put", i, 1000 + i)));
  std::vector<std::future<int64_t>> sealers;
  for (int s = 0; s < 3; ++s) {
    sealers.push_back(std::async(std::launch::async, [this] {
      auto own = Open();
      int64_t total = 0;
      for (int round = 0; own && round < 20; ++round) {
        auto sealed = own->audit().Seal(3, At(2000));
        EXPECT_TRUE(sealed.ok()) << sealed.error().Describe();
        if (sealed.ok()) total += *sealed;
      }
      return total;
    }));
  }
  int64_t total = 0;
  for (auto& sealer : sealers)
    total += sealer.get();
  EXPECT_EQ(total, 40);
  AuditVerification verified = MustVerify(*store);
  EXPECT_TRUE(verified.ok()) << verified.problem->message;
  EXPECT_EQ(verified.checked, 40);
}

TEST_P(StoreTest, VerifyNamesAnEntryAlteredInTheDatabase) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<int64_t> ids = AppendSealed(*store, 6);
  EditDirectly(
      GetParam(), url(),
      "UPDATE audit_log SET detail = '{\"changes\":[]}' WHERE id = " + std::to_string(ids[3]));
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kAltered);
  EXPECT_EQ(verified.problem->seal_seq, 4);
  EXPECT_EQ(verified.problem->id, ids[3]);
  EXPECT_EQ(verified.checked, 3);
  EXPECT_NE(verified.problem->message.find("#4 (id " + std::to_string(ids[3]) + ")"),
            std::string::npos)
      << verified.problem->message;
}

TEST_P(StoreTest, VerifyNamesAnActorOrLinkAlteredInTheDatabase) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<int64_t> ids = AppendSealed(*store, 4);
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET prev_hash = hash WHERE id = " + std::to_string(ids[1]));
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kAltered);
  EXPECT_EQ(verified.problem->id, ids[1]);
}

TEST_P(StoreTest, VerifyNamesAnEntryRemovedFromTheDatabase) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<int64_t> ids = AppendSealed(*store, 6);
  EditDirectly(GetParam(), url(), "DELETE FROM audit_log WHERE id = " + std::to_string(ids[2]));
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kRemoved);
  EXPECT_EQ(verified.problem->seal_seq, 3);
  EXPECT_EQ(verified.checked, 2);
}

TEST_P(StoreTest, VerifyNamesEntriesRemovedWhenTheRestAreRenumbered) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<int64_t> ids = AppendSealed(*store, 6);
  EditDirectly(GetParam(), url(), "DELETE FROM audit_log WHERE id = " + std::to_string(ids[2]));
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET seal_seq = seal_seq + 1000 WHERE seal_seq > 3");
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET seal_seq = seal_seq - 1001 WHERE seal_seq > 1000");
  EditDirectly(GetParam(), url(), "UPDATE audit_head SET seal_seq = 5");
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kRemoved);
  EXPECT_EQ(verified.problem->seal_seq, 3);
  EXPECT_EQ(verified.problem->id, ids[3]);
}

TEST_P(StoreTest, VerifyNamesTheTailRemovedFromTheDatabase) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<int64_t> ids = AppendSealed(*store, 5);
  EditDirectly(GetParam(), url(), "DELETE FROM audit_log WHERE id >= " + std::to_string(ids[3]));
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kRemoved);
  EXPECT_EQ(verified.problem->seal_seq, 4);
  EXPECT_EQ(verified.checked, 3);
}

TEST_P(StoreTest, VerifyNamesAnEntryInsertedPastTheHead) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendSealed(*store, 3);
  auto chain = store->audit().Sealed(0, 10);
  ASSERT_OK(chain);
  AuditEntry forged = Entry("facts.put", 42, 1500);
  forged.id = 900;
  const std::string hash = AuditEntryHash(forged, chain->back().hash);
  EditDirectly(GetParam(), url(),
               "INSERT INTO audit_log (id, at, actor_kind, actor_user, channel, address, action,"
               " unit_id, subject, detail, seal_seq, prev_hash, hash) VALUES (900, 1500, 'user',"
               " '7', 'form', '', 'facts.put', 42, '2025', '{}', 4, '" +
                   chain->back().hash + "', '" + hash + "')");
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kInserted);
  EXPECT_EQ(verified.problem->seal_seq, 4);
  EXPECT_EQ(verified.problem->id, 900);
  // Recording the head elsewhere pins the chain even when the head is rewritten too.
  const AuditAnchor anchor{3, chain->back().hash};
  EditDirectly(GetParam(), url(), "UPDATE audit_head SET seal_seq = 4, hash = '" + hash + "'");
  EXPECT_TRUE(MustVerify(*store).ok());
  EXPECT_TRUE(MustVerify(*store, anchor).ok());
  EXPECT_FALSE(MustVerify(*store, AuditAnchor{3, hash}).ok());
}

TEST_P(StoreTest, VerifyNamesAnEntryInsertedInsideTheChain) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendSealed(*store, 5);
  auto chain = store->audit().Sealed(0, 10);
  ASSERT_OK(chain);
  // A forged entry made to look right: placed after #2 with a correct link and hash, the entries
  // after it moved up by one.
  AuditEntry forged = Entry("facts.put", 42, 1500);
  forged.id = 900;
  const std::string hash = AuditEntryHash(forged, (*chain)[1].hash);
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET seal_seq = seal_seq + 1000 WHERE seal_seq > 2");
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET seal_seq = seal_seq - 999 WHERE seal_seq > 1000");
  EditDirectly(GetParam(), url(),
               "INSERT INTO audit_log (id, at, actor_kind, actor_user, channel, address, action,"
               " unit_id, subject, detail, seal_seq, prev_hash, hash) VALUES (900, 1500, 'user',"
               " '7', 'form', '', 'facts.put', 42, '2025', '{}', 3, '" +
                   (*chain)[1].hash + "', '" + hash + "')");
  EditDirectly(GetParam(), url(), "UPDATE audit_head SET seal_seq = 6");
  AuditVerification verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kInserted);
  EXPECT_EQ(verified.problem->seal_seq, 3);
  EXPECT_EQ(verified.problem->id, 900);

  // Not made to look right: a forged link too.
  EditDirectly(GetParam(), url(), "UPDATE audit_log SET prev_hash = 'ab' WHERE id = 900");
  verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kInserted);
  EXPECT_EQ(verified.problem->id, 900);
}

TEST_P(StoreTest, EntriesNotYetSealedAreReportedAndSealedAfterTheHead) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendSealed(*store, 2);
  ASSERT_OK(store->audit().Append(Entry("access.refused", std::nullopt, 3000)));
  AuditVerification verified = MustVerify(*store);
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.checked, 2);
  EXPECT_EQ(verified.unsealed.count, 1);
  EXPECT_EQ(verified.unsealed.oldest_at, At(3000));
  // An entry's seal removed (to have it sealed again, elsewhere in the chain) leaves a gap.
  EditDirectly(GetParam(), url(),
               "UPDATE audit_log SET seal_seq = NULL, prev_hash = NULL, hash = NULL"
               " WHERE seal_seq = 1");
  ASSERT_OK(SealAll(store->audit(), At(4000)));
  verified = MustVerify(*store);
  ASSERT_TRUE(verified.problem);
  EXPECT_EQ(verified.problem->kind, AuditProblem::Kind::kRemoved);
  EXPECT_EQ(verified.problem->seal_seq, 1);
}

}  // namespace
}  // namespace kieumau::test
