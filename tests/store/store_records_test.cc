// The store's records besides facts, on each backend: scorecards in batches, facts with their
// scorecards in one unit of work, settings, link confirmations and recognitions (the suite is
// instantiated in store_test.cc).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/backend.h"
#include "store/store.h"
#include "store_fixture.h"

namespace kieumau::test {
namespace {
TEST_P(StoreTest, PutsScorecardsInBatchesAndListsThem) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  int64_t c = MustCreate(*store, Ward("C"));
  auto none = store->ListScorecards(2025, "qn-ancs-2023");
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  ASSERT_OK(store->PutScorecards(std::vector<ScorecardRecord>{}));

  ASSERT_OK(store->PutScorecard(Card(b, 2025, "qn-ancs-2023", R"({"points":1})")));
  // Quotes, backslashes, commas, braces and non-ASCII text are kept byte for byte.
  const std::string tricky = R"({"note":"a \"b\", {c} \\ d\n","đạt":true,"empty":[]})";
  std::vector<ScorecardRecord> batch = {
      Card(c, 2025, "qn-ancs-2023", R"({"points":3})"),
      Card(a, 2025, "qn-ancs-2023", tricky, 1735689700),
      Card(b, 2025, "qn-ancs-2023", R"({"points":2, "again":true})"),  // replaces
      Card(a, 2024, "qn-ancs-2023", R"({"points":0})"),
      Card(a, 2025, "bn-capkm-2024", R"({"points":9})"),
  };
  ASSERT_OK(store->PutScorecards(batch));
  auto listed = store->ListScorecards(2025, "qn-ancs-2023");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<ScorecardRecord>{batch[1], batch[2], batch[0]}));
  auto other_year = store->ListScorecards(2024, "qn-ancs-2023");
  ASSERT_OK(other_year);
  EXPECT_EQ(*other_year, (std::vector<ScorecardRecord>{batch[3]}));
  auto other_rubric = store->ListScorecards(2025, "bn-capkm-2024");
  ASSERT_OK(other_rubric);
  EXPECT_EQ(*other_rubric, (std::vector<ScorecardRecord>{batch[4]}));
  auto one = store->GetScorecard(a, 2025, "qn-ancs-2023");
  ASSERT_OK(one);
  EXPECT_EQ(*one, batch[1]);
}

TEST_P(StoreTest, AFailingScorecardBatchStoresNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  ScorecardRecord kept = Card(a, 2025, "r", R"({"points":1})");
  ASSERT_OK(store->PutScorecard(kept));
  auto attempt = [&](const ScorecardRecord& bad) {
    return store->PutScorecards(std::vector<ScorecardRecord>{
        Card(a, 2025, "r", R"({"points":2})"), Card(b, 2025, "r", R"({"points":3})"), bad});
  };
  EXPECT_STORE_ERROR(attempt(Card(b + 1000, 2025, "r", "{}")), StoreErrorKind::kForeignKey);
  EXPECT_STORE_ERROR(attempt(Card(b, 2024, "r", "{not json")), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(attempt(Card(b, 2024, "", "{}")), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(attempt(Card(b, 2025, "r", "{}")), StoreErrorKind::kInvalid);  // twice
  auto listed = store->ListScorecards(2025, "r");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<ScorecardRecord>{kept}));
  auto other_year = store->ListScorecards(2024, "r");
  ASSERT_OK(other_year);
  EXPECT_TRUE(other_year->empty());
}

// Facts and the scorecards computed from them, in one unit of work: both or neither.
TEST_P(StoreTest, PutsFactsAndTheirScorecardsTogether) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  const ScorecardRecord old_card = Card(a, 2025, "r", R"({"points":1})");
  ASSERT_OK(store->PutScorecard(old_card));
  const std::vector<FactWrite> batch = {{a, "so_can_bo", 2025, 8.0}, {b, "so_can_bo", 2025, 9.0}};

  // A scorecard the store refuses (no such unit, a bad result) undoes the facts too.
  for (const ScorecardRecord& bad :
       {Card(b + 1000, 2025, "r", "{}"), Card(b, 2025, "r", "{not json")}) {
    const std::vector<ScorecardRecord> cards = {Card(a, 2025, "r", R"({"points":2})"), bad};
    EXPECT_FALSE(PutFactsAndScorecards(*store, batch, User("a"), At(100), cards));
    auto facts = store->GetAllFacts(2025);
    ASSERT_OK(facts);
    EXPECT_TRUE(facts->empty());
    auto history = store->FactHistory(a, "so_can_bo", 2025);
    ASSERT_OK(history);
    EXPECT_TRUE(history->empty());
    auto cards_now = store->ListScorecards(2025, "r");
    ASSERT_OK(cards_now);
    EXPECT_EQ(*cards_now, (std::vector<ScorecardRecord>{old_card}));
  }

  const std::vector<ScorecardRecord> cards = {Card(a, 2025, "r", R"({"points":2})"),
                                              Card(b, 2025, "r", R"({"points":3})")};
  auto put = PutFactsAndScorecards(*store, batch, User("a"), At(200), cards);
  ASSERT_OK(put);
  EXPECT_EQ(put->changed, 2);
  auto listed = store->ListScorecards(2025, "r");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, cards);
  // A batch that changes no value still stores its scorecards.
  const std::vector<ScorecardRecord> again = {Card(b, 2025, "r", R"({"points":4})")};
  auto unchanged = PutFactsAndScorecards(*store, batch, User("a"), At(300), again);
  ASSERT_OK(unchanged);
  EXPECT_EQ(unchanged->changed, 0);
  auto card = store->GetScorecard(b, 2025, "r");
  ASSERT_OK(card);
  EXPECT_EQ(*card, again[0]);
}

TEST_P(StoreTest, PutsAndGetsSettings) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto missing = store->GetSetting("province");
  ASSERT_OK(missing);
  EXPECT_EQ(*missing, std::nullopt);
  ASSERT_OK(store->PutSetting("province", "27"));
  ASSERT_OK(store->PutSetting("tên_tỉnh", "Tỉnh Bắc Ninh\n\"quoted\" \\ tab\t"));
  ASSERT_OK(store->PutSetting("empty", ""));
  ASSERT_OK(store->PutSetting("province", "22"));  // replaces
  auto province = store->GetSetting("province");
  ASSERT_OK(province);
  EXPECT_EQ(*province, std::optional<std::string>("22"));
  auto name = store->GetSetting("tên_tỉnh");
  ASSERT_OK(name);
  EXPECT_EQ(*name, std::optional<std::string>("Tỉnh Bắc Ninh\n\"quoted\" \\ tab\t"));
  auto empty = store->GetSetting("empty");
  ASSERT_OK(empty);
  EXPECT_EQ(*empty, std::optional<std::string>(""));
  EXPECT_STORE_ERROR(store->PutSetting("", "x"), StoreErrorKind::kInvalid);
  EXPECT_STORE_ERROR(store->PutSetting("k", std::string_view("a\0b", 3)), StoreErrorKind::kInvalid);
  auto still = store->GetSetting("k");
  ASSERT_OK(still);
  EXPECT_EQ(*still, std::nullopt);
}

TEST_P(StoreTest, PutsAndListsLinkConfirmations) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  int64_t c = MustCreate(*store, Ward("C"));
  auto none = store->ListLinkConfirmations();
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  const WriteActor admin{ActorKind::kUser, "admin.tinh", FactSource::kApi, "192.0.2.9"};
  const Timestamp t1{std::chrono::seconds(1'796'000'000)};
  const Timestamp t2 = t1 + std::chrono::seconds(60);
  LinkConfirmationRecord later{c, b, admin, t2};
  LinkConfirmationRecord first{
      a, b, WriteActor{ActorKind::kCommandLine, "", FactSource::kCommandLine, ""}, t1};
  ASSERT_OK(store->PutLinkConfirmation(later));
  ASSERT_OK(store->PutLinkConfirmation(first));
  auto listed = store->ListLinkConfirmations();
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<LinkConfirmationRecord>{first, later}));  // in time order

  // One per link; unknown units and bad actors refused, nothing added.
  LinkConfirmationRecord bad = later;
  bad.at = t2 + std::chrono::seconds(1);
  EXPECT_STORE_ERROR(store->PutLinkConfirmation(bad), StoreErrorKind::kUniqueViolation);
  bad = later;
  bad.from_unit = c + 1000;
  EXPECT_STORE_ERROR(store->PutLinkConfirmation(bad), StoreErrorKind::kForeignKey);
  bad = later;
  bad.to_unit = a;
  bad.actor.user = "";
  EXPECT_STORE_ERROR(store->PutLinkConfirmation(bad), StoreErrorKind::kInvalid);
  listed = store->ListLinkConfirmations();
  ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(StoreTest, PutsAndListsRecognitions) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t a = MustCreate(*store, Ward("A"));
  int64_t b = MustCreate(*store, Ward("B"));
  auto none = store->ListRecognitions("bn-2024-2030");
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  RecognitionRecord b25{"bn-2024-2030", b, 2025, "Quyết định 15/QĐ-UBND", "2025-12-20"};
  RecognitionRecord a25{"bn-2024-2030", a, 2025, "Quyết định 15/QĐ-UBND", "2025-12-20"};
  RecognitionRecord b24{"bn-2024-2030", b, 2024, "Quyết định 7/QĐ-UBND", "2024-11-30"};
  RecognitionRecord other{"qn-2023", a, 2023, "Quyết định 3/QĐ-UBND", "2023-10-01"};
  for (const RecognitionRecord& r : {b25, a25, b24, other})
    ASSERT_OK(store->PutRecognition(r));
  auto listed = store->ListRecognitions("bn-2024-2030");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<RecognitionRecord>{b24, a25, b25}));

  b25.decision = "Quyết định 16/QĐ-UBND";
  b25.date = "2025-12-31";
  ASSERT_OK(store->PutRecognition(b25));  // replaces
  listed = store->ListRecognitions("bn-2024-2030");
  ASSERT_OK(listed);
  EXPECT_EQ(*listed, (std::vector<RecognitionRecord>{b24, a25, b25}));
  auto qn = store->ListRecognitions("qn-2023");
  ASSERT_OK(qn);
  EXPECT_EQ(*qn, (std::vector<RecognitionRecord>{other}));

  RecognitionRecord bad = a25;
  bad.unit_id = b + 1000;
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kForeignKey);
  bad = a25;
  bad.date = "2025-02-30";
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kInvalid);
  bad.date = "20/12/2025";
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kInvalid);
  bad = a25;
  bad.decision = "";
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kInvalid);
  bad = a25;
  bad.programme_id = "";
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kInvalid);
  bad = a25;
  bad.year = 20250;
  EXPECT_STORE_ERROR(store->PutRecognition(bad), StoreErrorKind::kInvalid);
  listed = store->ListRecognitions("bn-2024-2030");
  ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 3u);

  EXPECT_STORE_ERROR(store->DeleteUnit(a), StoreErrorKind::kForeignKey);
}

}  // namespace
}  // namespace kieumau::test
