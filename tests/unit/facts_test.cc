// Facts files (§7, §8): what ParseFacts refuses, by unit and field, and what it accepts.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "load/facts_json.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

const Rubric& FactsRubric() {
  static const Rubric rubric = test::RubricFromText(R"x(format: 1
id: facts-test
title: "T"
unit_kinds: [phuong, xa]
groups:
  - id: "I"
    title: "G"
    criteria:
      - id: "1"
        title: "C"
        items:
          - { id: "1.1", points: 1, rule: { check: "tips.processed >= tips.received" } }
          - { id: "2.1", points: 1.5, rule: { manual: {} } }
)x");
  return rubric;
}

LoadedFacts Parse(std::string_view json) {
  return ParseFacts(json, FactsRubric(), test::BuiltinCatalogue());
}

// A facts file for facts-test, 2024, with one phuong unit QN-1 holding `fields` too.
std::string OneUnit(std::string_view fields, std::string_view kind = "phuong") {
  return R"x({"rubric": "facts-test", "year": 2024, "units": [{"unit": "QN-1", "kind": ")x" +
         std::string(kind) + R"x(", )x" + std::string(fields) + "}]}";
}

size_t Slot(std::string_view name) {
  auto slot = test::BuiltinCatalogue().Find(name);
  EXPECT_TRUE(slot) << name;
  return static_cast<size_t>(slot.value_or(0));
}

// Passes when the facts are refused and some error holds every one of `parts`.
::testing::AssertionResult RefusedWith(const LoadedFacts& loaded,
                                       std::initializer_list<std::string_view> parts) {
  if (loaded.batch) return ::testing::AssertionFailure() << "the facts were accepted";
  for (const std::string& error : loaded.errors) {
    bool all = true;
    for (std::string_view part : parts)
      all = all && error.find(part) != std::string::npos;
    if (all) return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "no error holds all of";
  for (std::string_view part : parts)
    failure << " \"" << part << "\"";
  failure << "; the errors:";
  for (const std::string& error : loaded.errors)
    failure << "\n  " << error;
  return failure;
}

TEST(FactsAccept, AWellFormedFile) {
  const LoadedFacts loaded = Parse(OneUnit(
      R"x("name": "Phường Cộng Hòa", "values": {"tips.received": 40, "tips.processed": 38}, )x"
      R"x("prior": {"crime.social_order": 12}, "manual": {"2.1": 1.25})x"));
  ASSERT_TRUE(loaded.batch);
  EXPECT_TRUE(loaded.errors.empty());
  const FactsBatch& batch = *loaded.batch;
  EXPECT_EQ(batch.rubric_id, "facts-test");
  EXPECT_EQ(batch.year, 2024);
  ASSERT_EQ(batch.units.size(), 1u);
  const UnitFacts& unit = batch.units[0];
  EXPECT_EQ(unit.code, "QN-1");
  EXPECT_EQ(unit.name, "Phường Cộng Hòa");
  EXPECT_EQ(unit.kind, UnitKind::kPhuong);
  ASSERT_EQ(unit.current.size(), static_cast<size_t>(test::BuiltinCatalogue().size()));
  ASSERT_EQ(unit.prior.size(), static_cast<size_t>(test::BuiltinCatalogue().size()));
  ASSERT_EQ(unit.manual.size(), 2u);
  EXPECT_EQ(unit.current[Slot("tips.received")], 40);
  EXPECT_EQ(unit.current[Slot("tips.processed")], 38);
  EXPECT_TRUE(IsMissing(unit.current[Slot("crime.social_order")]));
  EXPECT_EQ(unit.prior[Slot("crime.social_order")], 12);
  EXPECT_TRUE(IsMissing(unit.prior[Slot("tips.received")]));
  EXPECT_TRUE(IsMissing(unit.manual[0]));
  EXPECT_EQ(unit.manual[1], 1.25);
}

TEST(FactsAccept, NullIsTheSameAsAbsent) {
  const LoadedFacts loaded =
      Parse(OneUnit(R"x("values": {"tips.received": null, "tips.processed": 3})x"));
  ASSERT_TRUE(loaded.batch) << (loaded.errors.empty() ? "" : loaded.errors[0]);
  EXPECT_TRUE(IsMissing(loaded.batch->units[0].current[Slot("tips.received")]));
  EXPECT_EQ(loaded.batch->units[0].current[Slot("tips.processed")], 3);
}

TEST(FactsAccept, TrueAndFalseForBoolIndicators) {
  const LoadedFacts loaded = Parse(OneUnit(
      R"x("values": {"leadership.annual_plan": true, "leadership.annual_resolution": false})x"));
  ASSERT_TRUE(loaded.batch) << (loaded.errors.empty() ? "" : loaded.errors[0]);
  EXPECT_EQ(loaded.batch->units[0].current[Slot("leadership.annual_plan")], 1);
  EXPECT_EQ(loaded.batch->units[0].current[Slot("leadership.annual_resolution")], 0);
}

TEST(FactsAccept, ValuesOnTheirBounds) {
  const LoadedFacts loaded = Parse(OneUnit(
      R"x("values": {"subjects.reintegrated_percent": 100, "tips.received": 7, )x"
      R"x("tips.processed": 7, "leadership.party_gov_rating": 4, "leadership.annual_plan": 1, )x"
      R"x("recidivism.released": 0}, )x"
      R"x("manual": {"2.1": 1.5})x",
      "xa"));
  ASSERT_TRUE(loaded.batch) << (loaded.errors.empty() ? "" : loaded.errors[0]);
  EXPECT_EQ(loaded.batch->units[0].kind, UnitKind::kXa);
  EXPECT_EQ(loaded.batch->units[0].manual[1], 1.5);
}

TEST(FactsAccept, ManualZero) {
  const LoadedFacts loaded = Parse(OneUnit(R"x("manual": {"2.1": 0})x"));
  ASSERT_TRUE(loaded.batch) << (loaded.errors.empty() ? "" : loaded.errors[0]);
  EXPECT_EQ(loaded.batch->units[0].manual[1], 0);
}

TEST(FactsRefuse, MalformedJsonNamesLineAndColumn) {
  const LoadedFacts loaded = Parse(
      "{\n"
      "  \"rubric\": \"facts-test\",\n"
      "  \"year\": 2024,\n"
      "  \"units\": [ }\n"
      "}\n");
  EXPECT_TRUE(RefusedWith(loaded, {"dòng 4", "cột 14"}));
}

// Hostile input: a document nested a million levels deep is refused before the parser that names
// a syntax error's line walks it, and names from the file are quoted short.
TEST(FactsRefuse, DeepNestingIsRefusedWithoutParsing) {
  const std::string deep = R"x({"rubric": "facts-test", "year": 2024, "units": )x" +
                           std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}";
  EXPECT_TRUE(RefusedWith(Parse(deep), {"lồng nhau quá 64 mức"}));
}

TEST(FactsRefuse, LongNamesAreQuotedShort) {
  const std::string name(500'000, 'x');
  const LoadedFacts loaded = Parse(
      R"x({"rubric": "facts-test", "year": 2024, "units": [{"unit": ")x" + name +
      R"x(", "kind": "phuong", "values": {")x" + name + R"x(": 1}}], ")x" + name + R"x(": 1})x");
  ASSERT_FALSE(loaded.batch);
  ASSERT_FALSE(loaded.errors.empty());
  for (const std::string& error : loaded.errors)
    EXPECT_LT(error.size(), 400u) << error.substr(0, 200);
}

TEST(FactsRefuse, UnknownIndicator) {
  EXPECT_TRUE(
      RefusedWith(Parse(OneUnit(R"x("values": {"no.such": 1})x")), {"QN-1", "values.no.such"}));
}

TEST(FactsRefuse, UnknownIndicatorInPrior) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("prior": {"tips.recieved": 1})x")),
                          {"QN-1", "prior.tips.recieved"}));
}

TEST(FactsRefuse, UnknownFieldInAUnit) {
  EXPECT_TRUE(
      RefusedWith(Parse(OneUnit(R"x("valeus": {"tips.received": 1})x")), {"QN-1", "valeus"}));
}

TEST(FactsRefuse, KindTheRubricDoesNotApplyTo) {
  EXPECT_TRUE(
      RefusedWith(Parse(OneUnit(R"x("values": {})x", "thi_tran")), {"QN-1", "kind", "thi_tran"}));
}

TEST(FactsRefuse, UnknownKind) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {})x", "huyen")), {"QN-1", "kind", "huyen"}));
}

TEST(FactsRefuse, NegativeCount) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"tips.received": -1})x")),
                          {"QN-1", "values.tips.received"}));
}

TEST(FactsRefuse, NonIntegerCount) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"tips.received": 2.5})x")),
                          {"QN-1", "values.tips.received"}));
}

TEST(FactsRefuse, BoolTwo) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"leadership.annual_plan": 2})x")),
                          {"QN-1", "values.leadership.annual_plan"}));
}

TEST(FactsRefuse, BoolOneHalf) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"leadership.annual_plan": 0.5})x")),
                          {"QN-1", "values.leadership.annual_plan"}));
}

TEST(FactsRefuse, RatingNotOnItsScale) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"leadership.party_gov_rating": 5})x")),
                          {"QN-1", "values.leadership.party_gov_rating"}));
}

TEST(FactsRefuse, RatingZeroNotOnItsScale) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("prior": {"leadership.party_gov_rating": 0})x")),
                          {"QN-1", "prior.leadership.party_gov_rating"}));
}

TEST(FactsRefuse, PercentAbove100) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("values": {"subjects.reintegrated_percent": 100.5})x")),
                          {"QN-1", "values.subjects.reintegrated_percent"}));
}

TEST(FactsRefuse, ValueAboveItsLeBound) {
  EXPECT_TRUE(
      RefusedWith(Parse(OneUnit(R"x("values": {"tips.received": 4, "tips.processed": 5})x")),
                  {"QN-1", "values.tips.processed"}));
}

TEST(FactsRefuse, PriorValueAboveItsLeBound) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("prior": {"tips.received": 4, "tips.processed": 5})x")),
                          {"QN-1", "prior.tips.processed"}));
}

TEST(FactsRefuse, ManualAboveTheItemsPoints) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("manual": {"2.1": 1.75})x")), {"QN-1", "manual.2.1"}));
}

TEST(FactsRefuse, ManualBelowZero) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("manual": {"2.1": -0.25})x")), {"QN-1", "manual.2.1"}));
}

TEST(FactsRefuse, ManualNotAMultipleOfAQuarter) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("manual": {"2.1": 0.3})x")), {"QN-1", "manual.2.1"}));
}

TEST(FactsRefuse, ManualForANonManualItem) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("manual": {"1.1": 1})x")), {"QN-1", "manual.1.1"}));
}

TEST(FactsRefuse, ManualForAnUnknownItem) {
  EXPECT_TRUE(RefusedWith(Parse(OneUnit(R"x("manual": {"9.9": 1})x")), {"QN-1", "manual.9.9"}));
}

TEST(FactsRefuse, DuplicateUnitCode) {
  const LoadedFacts loaded =
      Parse(R"x({"rubric": "facts-test", "year": 2024, "units": [)x"
            R"x({"unit": "QN-1", "kind": "phuong"}, {"unit": "QN-2", "kind": "xa"}, )x"
            R"x({"unit": "QN-1", "kind": "xa"}]})x");
  EXPECT_TRUE(RefusedWith(loaded, {"QN-1", "unit"}));
}

TEST(FactsRefuse, ErrorsNameTheUnitTheyAreIn) {
  const LoadedFacts loaded =
      Parse(R"x({"rubric": "facts-test", "year": 2024, "units": [)x"
            R"x({"unit": "QN-1", "kind": "phuong", "values": {"tips.received": 3}}, )x"
            R"x({"unit": "QN-2", "kind": "xa", "values": {"tips.received": -3}}]})x");
  EXPECT_TRUE(RefusedWith(loaded, {"QN-2", "values.tips.received"}));
  for (const std::string& error : loaded.errors) {
    EXPECT_EQ(error.find("QN-1"), std::string::npos) << error;
  }
}

TEST(FactsRefuse, WrongRubricId) {
  const LoadedFacts loaded = Parse(R"x({"rubric": "qn-ancs-2023", "year": 2024, )x"
                                   R"x("units": [{"unit": "QN-1", "kind": "phuong"}]})x");
  EXPECT_TRUE(RefusedWith(loaded, {"rubric", "qn-ancs-2023"}));
}

TEST(FactsRefuse, MissingYear) {
  const LoadedFacts loaded =
      Parse(R"x({"rubric": "facts-test", "units": [{"unit": "QN-1", "kind": "phuong"}]})x");
  EXPECT_TRUE(RefusedWith(loaded, {"year"}));
}

}  // namespace
}  // namespace kieumau
