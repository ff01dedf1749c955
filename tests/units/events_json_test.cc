// The stored form of the reorganisation events: every field of every kind survives the trip through
// its JSON payload, the payload's shape is pinned, and a bad payload is refused naming the field.
#include "units/events_json.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "units/events_json_internal.h"
#include "units/scenario.h"

namespace kieumau {
namespace {

using test::D;

// --- Field-by-field equality, so that a field lost both ways cannot go unnoticed ---------------

void ExpectSameUnit(const NewUnit& a, const NewUnit& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.parent, b.parent);
  EXPECT_EQ(a.population, b.population);
  EXPECT_EQ(a.area_m2, b.area_m2);
}

void ExpectSameEvent(const UnitEventValue& want, const UnitEventValue& got) {
  ASSERT_EQ(want.index(), got.index()) << EventKey(want) << " came back as " << EventKey(got);
  EXPECT_EQ(EventDate(want), EventDate(got));
  std::visit(
      [&](const auto& w) {
        using T = std::decay_t<decltype(w)>;
        const T& g = std::get<T>(got);
        if constexpr (std::is_same_v<T, CreateEvent>) {
          ExpectSameUnit(w.unit, g.unit);
        } else if constexpr (std::is_same_v<T, RenameEvent>) {
          EXPECT_EQ(w.unit, g.unit);
          EXPECT_EQ(w.name, g.name);
        } else if constexpr (std::is_same_v<T, ReparentEvent>) {
          EXPECT_EQ(w.unit, g.unit);
          EXPECT_EQ(w.parent, g.parent);
        } else if constexpr (std::is_same_v<T, ChangeKindEvent>) {
          EXPECT_EQ(w.unit, g.unit);
          EXPECT_EQ(w.kind, g.kind);
        } else if constexpr (std::is_same_v<T, FiguresEvent>) {
          EXPECT_EQ(w.unit, g.unit);
          EXPECT_EQ(w.population, g.population);
          EXPECT_EQ(w.area_m2, g.area_m2);
        } else if constexpr (std::is_same_v<T, MergeEvent>) {
          EXPECT_EQ(w.sources, g.sources);
          ASSERT_EQ(w.into.index(), g.into.index());
          if (const UnitId* id = std::get_if<UnitId>(&w.into)) {
            EXPECT_EQ(*id, std::get<UnitId>(g.into));
          } else {
            ExpectSameUnit(std::get<NewUnit>(w.into), std::get<NewUnit>(g.into));
          }
        } else if constexpr (std::is_same_v<T, SplitEvent>) {
          EXPECT_EQ(w.source, g.source);
          ASSERT_EQ(w.parts.size(), g.parts.size());
          for (size_t i = 0; i < w.parts.size(); ++i)
            ExpectSameUnit(w.parts[i], g.parts[i]);
        } else if constexpr (std::is_same_v<T, AbolishEvent>) {
          EXPECT_EQ(w.unit, g.unit);
        } else if constexpr (std::is_same_v<T, AbolishLevelEvent>) {
          EXPECT_EQ(w.level, g.level);
          EXPECT_EQ(w.province, g.province);
        } else {
          static_assert(std::is_same_v<T, RearrangeEvent>);
          EXPECT_EQ(w.ending, g.ending);
          ASSERT_EQ(w.created.size(), g.created.size());
          for (size_t i = 0; i < w.created.size(); ++i)
            ExpectSameUnit(w.created[i], g.created[i]);
          ASSERT_EQ(w.transfers.size(), g.transfers.size());
          for (size_t i = 0; i < w.transfers.size(); ++i) {
            EXPECT_EQ(w.transfers[i].from, g.transfers[i].from);
            EXPECT_EQ(w.transfers[i].to, g.transfers[i].to);
            EXPECT_EQ(w.transfers[i].share, g.transfers[i].share);
            EXPECT_EQ(w.transfers[i].certain, g.transfers[i].certain);
            EXPECT_EQ(w.transfers[i].basis, g.transfers[i].basis);
          }
        }
      },
      want);
}

UnitEventValue RoundTrip(const UnitEventValue& event) {
  const std::string payload = UnitEventPayloadJson(event);
  Result<UnitEventValue> parsed =
      ParseUnitEvent(EventKey(event), EventDate(event).ToString(), payload);
  EXPECT_TRUE(parsed) << EventKey(event) << " " << payload << ": " << parsed.error().message;
  return parsed ? *parsed : UnitEventValue{};
}

NewUnit FullUnit() {
  return NewUnit{901, "BN-X-01", "Phường Thử Nghiệm", Level::kCommune, UnitKind::kThiTran,
                 27,  1'234'567, 2'500'000.75};
}

NewUnit BareProvince() {
  return NewUnit{902,          "P-02",       "Tỉnh Thử",   Level::kProvince,
                 std::nullopt, std::nullopt, std::nullopt, std::nullopt};
}

// One event of every kind, each of its variants, with every optional field set and unset.
std::vector<UnitEventValue> EveryKind() {
  const Date d = D("2025-07-01");
  NewUnit district{903,          "D-03", "Huyện Thử", Level::kDistrict,
                   std::nullopt, 27,     50'000,      std::nullopt};
  return {
      CreateEvent{d, FullUnit()},
      CreateEvent{d, BareProvince()},
      CreateEvent{d, district},
      RenameEvent{d, 5, "Thành phố Từ Sơn"},
      ReparentEvent{d, 5, 27},
      ChangeKindEvent{d, 6, UnitKind::kPhuong},
      ChangeKindEvent{d, 6, UnitKind::kDacKhu},
      FiguresEvent{d, 7, 15'000, 1.5e6},
      FiguresEvent{d, 7, std::nullopt, 0.0},
      FiguresEvent{d, 7, 0, std::nullopt},
      FiguresEvent{d, 7, std::nullopt, std::nullopt},
      MergeEvent{d, {11, 12, 13}, UnitId{14}},
      MergeEvent{d, {11, 12}, FullUnit()},
      SplitEvent{d,
                 20,
                 {FullUnit(), NewUnit{904, "S-2", "Xã Tách", Level::kCommune, UnitKind::kXa,
                                      std::nullopt, std::nullopt, 10.5}}},
      AbolishEvent{d, 21},
      AbolishLevelEvent{d, Level::kDistrict, std::nullopt},
      AbolishLevelEvent{d, Level::kDistrict, 27},
      RearrangeEvent{d,
                     {31, 32},
                     {FullUnit()},
                     {Transfer{31, 901, Share::kWhole, true, "listed"},
                      Transfer{32, 901, Share::kPart, false, "multi_parent"},
                      Transfer{32, 33, Share::kPart, true, ""}}},
  };
}

TEST(EventsJson, EveryKindRoundTrips) {
  const std::vector<UnitEventValue> events = EveryKind();
  // Every kind of the variant is covered.
  std::vector<bool> seen(std::variant_size_v<UnitEventValue>, false);
  for (const UnitEventValue& event : events) {
    seen[event.index()] = true;
    SCOPED_TRACE(UnitEventPayloadJson(event));
    ExpectSameEvent(event, RoundTrip(event));
  }
  for (size_t i = 0; i < seen.size(); ++i)
    EXPECT_TRUE(seen[i]) << "kind " << i << " not covered";
}

// The fast reader (simdjson), which every world load uses for the store's events, reads every kind
// to the same event as the payload was written from; what it does not take is left to the full
// reader, whose refusals the tests below check through ParseUnitEvent (the fast reader first).
TEST(EventsJson, TheFastReaderReadsEveryKindAndLeavesTheRestToTheFullOne) {
  std::set<size_t> kinds;
  for (const UnitEventValue& event : EveryKind()) {
    const std::string payload = UnitEventPayloadJson(event);
    std::optional<UnitEventValue> fast =
        events_json_internal::ParseFast(event.index(), EventDate(event), payload);
    ASSERT_TRUE(fast) << EventKey(event) << " " << payload;
    EXPECT_EQ(UnitEventPayloadJson(*fast), payload) << EventKey(event);
    EXPECT_EQ(EventDate(*fast), EventDate(event));
    kinds.insert(event.index());
  }
  EXPECT_EQ(kinds.size(), std::variant_size_v<UnitEventValue>);
  const Date date = *Date::Parse("2025-07-01");
  for (const char* payload : {R"({"unit":1,"unit":2,"name":"A"})", R"({"unit":1,"name":"A",)",
                              R"({"unit":1.0,"name":"A"})", R"({"unit":1,"name":null})", R"([1,2])",
                              R"({"unit":9223372036854775808,"name":"A"})"})
    EXPECT_FALSE(events_json_internal::ParseFast(1, date, payload)) << payload;
}

TEST(EventsJson, TheScenarioRoundTripsAndReplaysTheSame) {
  UnitRegistry direct;
  UnitRegistry parsed;
  for (const UnitEventValue& event : test::ScenarioEvents()) {
    const UnitEventValue back = RoundTrip(event);
    ExpectSameEvent(event, back);
    ASSERT_TRUE(direct.Apply(event));
    ASSERT_TRUE(parsed.Apply(back));
  }
  ASSERT_EQ(direct.units().size(), parsed.units().size());
  const Date end = D("2025-12-31");
  auto wards = parsed.UnitsOf(test::kBacNinh, UnitKind::kPhuong, end);
  ASSERT_TRUE(wards);
  EXPECT_EQ(*wards, *direct.UnitsOf(test::kBacNinh, UnitKind::kPhuong, end));
  EXPECT_EQ(parsed.Predecessors(test::kKinhBac), direct.Predecessors(test::kKinhBac));
  EXPECT_EQ(parsed.Predecessors(test::kKinhBac).size(), 3u);
}

TEST(EventsJson, PayloadShapeIsPinned) {
  // What the store keeps must not drift: these texts are read back by later versions.
  const Date d = D("2025-07-01");
  EXPECT_EQ(UnitEventPayloadJson(CreateEvent{d, FullUnit()}),
            R"({"unit":{"id":901,"code":"BN-X-01","name":"Phường Thử Nghiệm","level":"commune",)"
            R"("kind":"thi_tran","parent":27,"population":1234567,"area_m2":2500000.75}})");
  EXPECT_EQ(UnitEventPayloadJson(CreateEvent{d, BareProvince()}),
            R"({"unit":{"id":902,"code":"P-02","name":"Tỉnh Thử","level":"province"}})");
  EXPECT_EQ(UnitEventPayloadJson(RenameEvent{d, 5, "Tên \"mới\""}),
            R"({"unit":5,"name":"Tên \"mới\""})");
  EXPECT_EQ(UnitEventPayloadJson(ReparentEvent{d, 5, 27}), R"({"unit":5,"parent":27})");
  EXPECT_EQ(UnitEventPayloadJson(ChangeKindEvent{d, 6, UnitKind::kXa}),
            R"({"unit":6,"kind":"xa"})");
  EXPECT_EQ(UnitEventPayloadJson(FiguresEvent{d, 7, 15000, std::nullopt}),
            R"({"unit":7,"population":15000})");
  EXPECT_EQ(UnitEventPayloadJson(MergeEvent{d, {11, 12}, UnitId{14}}),
            R"({"sources":[11,12],"into":14})");
  EXPECT_EQ(
      UnitEventPayloadJson(MergeEvent{d, {11}, BareProvince()}),
      R"({"sources":[11],"into":{"id":902,"code":"P-02","name":"Tỉnh Thử","level":"province"}})");
  EXPECT_EQ(
      UnitEventPayloadJson(SplitEvent{d, 20, {BareProvince()}}),
      R"({"source":20,"parts":[{"id":902,"code":"P-02","name":"Tỉnh Thử","level":"province"}]})");
  EXPECT_EQ(UnitEventPayloadJson(AbolishEvent{d, 21}), R"({"unit":21})");
  EXPECT_EQ(UnitEventPayloadJson(AbolishLevelEvent{d, Level::kDistrict, std::nullopt}),
            R"({"level":"district"})");
  EXPECT_EQ(UnitEventPayloadJson(AbolishLevelEvent{d, Level::kDistrict, 27}),
            R"({"level":"district","province":27})");
}

TEST(EventsJson, ANameThatIsNotUtf8IsWrittenNotThrown) {
  // A stray byte (0xFF) becomes U+FFFD (EF BF BD in UTF-8).
  const std::string replaced =
      "Ph\xEF\xBF\xBD"
      "ường";
  const std::string payload = UnitEventPayloadJson(RenameEvent{D("2025-07-01"), 5,
                                                               "Ph\xFF"
                                                               "ường"});
  EXPECT_EQ(payload, "{\"unit\":5,\"name\":\"" + replaced + "\"}");
  Result<UnitEventValue> parsed = ParseUnitEvent("rename", "2025-07-01", payload);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(std::get<RenameEvent>(*parsed).name, replaced);
}

TEST(EventsJson, NullReadsAsAbsentAndKeyOrderDoesNotMatter) {
  Result<UnitEventValue> figures =
      ParseUnitEvent("update_figures", "2024-01-02", R"({"area_m2":null,"unit":3,"population":7})");
  ASSERT_TRUE(figures) << figures.error().message;
  const auto& f = std::get<FiguresEvent>(*figures);
  EXPECT_EQ(f.date, D("2024-01-02"));
  EXPECT_EQ(f.unit, 3);
  EXPECT_EQ(f.population, 7);
  EXPECT_FALSE(f.area_m2);

  Result<UnitEventValue> level =
      ParseUnitEvent("abolish_level", "2025-07-01", R"({"province":null,"level":"district"})");
  ASSERT_TRUE(level) << level.error().message;
  EXPECT_FALSE(std::get<AbolishLevelEvent>(*level).province);
}

// The error for `payload` of `kind` names `field` and says `what`.
void ExpectRefused(std::string_view kind, std::string_view payload, std::string_view field,
                   std::string_view what, std::string_view date = "2025-07-01") {
  Result<UnitEventValue> parsed = ParseUnitEvent(kind, date, payload);
  ASSERT_FALSE(parsed) << kind << " " << payload << " was accepted";
  const std::string& message = parsed.error().message;
  EXPECT_NE(message.find(field), std::string::npos) << message;
  EXPECT_NE(message.find(what), std::string::npos) << message;
}

TEST(EventsJson, KindDateAndJsonErrors) {
  ExpectRefused("sap_nhap", R"({})", "\"sap_nhap\"", "unknown event kind");
  ExpectRefused("rename", R"({"unit":1,"name":"A"})", "trường date", "2025-7-1", "2025-7-1");
  ExpectRefused("rename", R"({"unit":1,"name":"A"})", "trường date", "2025-02-30", "2025-02-30");
  ExpectRefused("rename", R"({"unit":1,"name":)", "rename ngày 2025-07-01", "invalid JSON");
  ExpectRefused("rename", R"([1, 2])", "rename ngày 2025-07-01", "must be an object");
  ExpectRefused("abolish", R"("unit")", "abolish", "must be an object");
}

TEST(EventsJson, MissingAndUnknownFields) {
  ExpectRefused("create", R"({})", "trường unit", "missing field");
  ExpectRefused("create", R"({"unit":{"id":1,"name":"A","level":"province"}})", "unit.code",
                "missing field");
  ExpectRefused("create", R"({"unit":{"id":1,"code":"A","level":"province"}})", "unit.name",
                "missing field");
  ExpectRefused("create", R"({"unit":{"code":"A","name":"A","level":"province"}})", "unit.id",
                "missing field");
  ExpectRefused("create", R"({"unit":{"id":1,"code":"A","name":"A"}})", "unit.level",
                "missing field");
  ExpectRefused("create", R"({"unit":{"id":1,"code":"A","name":"A","level":"province","pop":3}})",
                "unit.pop", "unknown field");
  ExpectRefused("rename", R"({"unit":1})", "trường name", "missing field");
  ExpectRefused("rename", R"({"name":"A"})", "trường unit", "missing field");
  ExpectRefused("rename", R"({"unit":1,"name":"A","date":"2025-07-01"})", "trường date",
                "unknown field");
  ExpectRefused("reparent", R"({"unit":1})", "trường parent", "missing field");
  ExpectRefused("change_kind", R"({"unit":1})", "trường kind", "missing field");
  ExpectRefused("update_figures", R"({"population":3})", "trường unit", "missing field");
  ExpectRefused("merge", R"({"into":3})", "trường sources", "missing field");
  ExpectRefused("merge", R"({"sources":[1]})", "trường into", "missing field");
  ExpectRefused("merge", R"({"sources":[1],"into":2,"new":true})", "trường new", "unknown field");
  ExpectRefused("split", R"({"parts":[]})", "trường source", "missing field");
  ExpectRefused("split", R"({"source":1})", "trường parts", "missing field");
  ExpectRefused("abolish", R"({})", "trường unit", "missing field");
  ExpectRefused("abolish_level", R"({"province":27})", "trường level", "missing field");
}

TEST(EventsJson, WrongTypesAndRanges) {
  ExpectRefused("rename", R"({"unit":"27","name":"A"})", "trường unit", "must be an integer");
  ExpectRefused("rename", R"({"unit":2.5,"name":"A"})", "trường unit", "must be an integer");
  ExpectRefused("rename", R"({"unit":0,"name":"A"})", "trường unit", "must be >= 1");
  ExpectRefused("rename", R"({"unit":-4,"name":"A"})", "trường unit", "must be >= 1");
  ExpectRefused("rename", R"({"unit":18446744073709551615,"name":"A"})", "trường unit",
                "must be an integer");
  ExpectRefused("rename", R"({"unit":1,"name":5})", "trường name", "must be a string");
  ExpectRefused("reparent", R"({"unit":1,"parent":true})", "trường parent", "must be an integer");
  ExpectRefused("change_kind", R"({"unit":1,"kind":"ward"})", "trường kind", "unknown unit kind");
  ExpectRefused("update_figures", R"({"unit":1,"population":1.5})", "trường population",
                "must be an integer");
  ExpectRefused("update_figures", R"({"unit":1,"population":-1})", "trường population",
                "must be >= 0");
  ExpectRefused("update_figures", R"({"unit":1,"area_m2":"10"})", "trường area_m2",
                "must be a number");
  ExpectRefused("update_figures", R"({"unit":1,"area_m2":-0.5})", "trường area_m2", "must be >= 0");
  ExpectRefused("merge", R"({"sources":[],"into":2})", "trường sources", "must not be empty");
  ExpectRefused("merge", R"({"sources":5,"into":2})", "trường sources", "must be an array");
  ExpectRefused("merge", R"({"sources":[1,"x"],"into":2})", "sources[1]", "must be an integer");
  ExpectRefused("merge", R"({"sources":[1],"into":"2"})", "trường into", "must be a unit id");
  ExpectRefused("merge", R"({"sources":[1],"into":{"id":2,"code":"A","name":"A","level":"x"}})",
                "into.level", "unknown level");
  ExpectRefused(
      "merge",
      R"({"sources":[1],"into":{"id":2,"code":"A","name":"A","level":"commune","kind":"p"}})",
      "into.kind", "unknown unit kind");
  ExpectRefused("split",
                R"({"source":1,"parts":[{"id":2,"code":"A","name":"A","level":"commune",)"
                R"("kind":"xa"},{"id":3,"code":"B","name":"B","level":"commune",)"
                R"("kind":"xa","parent":"27"}]})",
                "parts[1].parent", "must be an integer");
  ExpectRefused("split", R"({"source":1,"parts":[7]})", "parts[0]", "must be an object");
  ExpectRefused("abolish_level", R"({"level":"huyen"})", "trường level", "unknown level");
  ExpectRefused("abolish_level", R"({"level":"district","province":"27"})", "trường province",
                "must be an integer");
}

TEST(EventsJson, TheCodecLeavesMeaningToTheRegistry) {
  // A shape that is right is read even when the event cannot happen; the registry refuses it.
  Result<UnitEventValue> merge =
      ParseUnitEvent("merge", "2025-07-01", R"({"sources":[1],"into":1})");
  ASSERT_TRUE(merge) << merge.error().message;
  UnitRegistry registry;
  EXPECT_FALSE(registry.Apply(*merge));
}

}  // namespace
}  // namespace kieumau
