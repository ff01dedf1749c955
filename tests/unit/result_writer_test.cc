// The JSON result writer (load/result_writer.h): strings escaped byte for byte as JSON needs them,
// whatever their length and wherever the bytes to escape fall (it copies by words and blocks of
// 16), every unit within the room UnitJsonBound promises, and the batch written in chunks the same
// as at once.
#include "load/result_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/scoring.h"
#include "support/test_support.h"

namespace kieumau {
namespace {

const Rubric& WriterRubric() {
  static const Rubric rubric = test::RubricFromText(R"x(format: 1
id: writer
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
          - { id: "1.2", points: 1.5, rule: { manual: {} } }
)x");
  return rubric;
}

UnitFacts Unit(std::string code, std::string name) {
  UnitFacts unit;
  unit.code = std::move(code);
  unit.name = std::move(name);
  const auto slots = static_cast<size_t>(test::BuiltinCatalogue().size());
  unit.current.assign(slots, kMissing);
  unit.prior.assign(slots, kMissing);
  unit.manual.assign(WriterRubric().items.size(), kMissing);
  return unit;
}

// JSON's escapes, one byte at a time: the reference the writer must match.
std::string Escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The unit's JSON through the pointer writer, checked against its bound, and through the string
// writer: both the same.
std::string WriteBoth(const UnitFacts& unit, const UnitResult& result) {
  const size_t bound = UnitJsonBound(WriterRubric(), unit, result);
  std::string room(bound + 64, '#');
  const char* end = WriteUnitJson(WriterRubric(), unit, result, true, room.data());
  const auto written = static_cast<size_t>(end - room.data());
  EXPECT_LE(written, bound);
  EXPECT_EQ(room.substr(bound), std::string(64, '#')) << "written past the bound";
  std::string appended = "x";
  WriteUnitJson(WriterRubric(), unit, result, true, appended);
  EXPECT_EQ(appended, "x" + room.substr(0, written));
  return room.substr(0, written);
}

TEST(ResultWriter, StringsAreEscapedAtEveryLengthAndPlace) {
  // Every byte value, alone and inside clean text of every length around the word and block sizes.
  std::vector<std::string> texts;
  for (int byte = 0; byte < 256; ++byte)
    texts.emplace_back(1, static_cast<char>(byte));
  for (size_t length = 0; length <= 48; ++length) {
    const std::string clean(length, 'a');
    texts.push_back(clean);
    for (const char bad : {'"', '\\', '\n', '\x01', '\x1f'}) {
      for (size_t at = 0; at < length; ++at) {
        std::string text = clean;
        text[at] = bad;
        texts.push_back(text);
      }
    }
  }
  texts.push_back("Phường Cộng Hòa «1» → 1,5/2 \x7f\xff");
  texts.push_back(std::string(40, '"'));
  texts.push_back(std::string(40, '\x02'));
  UnitResult result = ScoreUnit(WriterRubric(), test::BuiltinCatalogue(), Unit("U", "N"));
  for (const std::string& text : texts) {
    SCOPED_TRACE(Escaped(text));
    // As a unit's code and name, and as an item's reason (the long strings a result holds).
    result.items[0].reason = text;
    const std::string json = WriteBoth(Unit(text, text.empty() ? "" : text), result);
    const std::string expected_code = "{\"unit\":" + Escaped(text);
    EXPECT_EQ(json.substr(1, expected_code.size()), expected_code);
    if (!text.empty()) {
      EXPECT_NE(json.find(",\"name\":" + Escaped(text) + ","), std::string::npos);
    }
    EXPECT_NE(json.find(",\"reason\":" + Escaped(text) + "}"), std::string::npos);
  }
}

TEST(ResultWriter, PointsAreJsonNumbers) {
  UnitResult result = ScoreUnit(WriterRubric(), test::BuiltinCatalogue(), Unit("U", ""));
  for (const auto& [quarters, text] :
       std::vector<std::pair<int64_t, std::string>>{{0, "0"},
                                                    {1, "0.25"},
                                                    {2, "0.5"},
                                                    {3, "0.75"},
                                                    {4, "1"},
                                                    {39, "9.75"},
                                                    {40, "10"},
                                                    {334, "83.5"},
                                                    {-6, "-1.5"},
                                                    {400000000001, "100000000000.25"}}) {
    result.total = Points::FromQuarters(quarters);
    EXPECT_NE(WriteBoth(Unit("U", ""), result).find(",\"total\":" + text + ","), std::string::npos)
        << quarters;
  }
}

TEST(ResultWriter, ChunksMakeTheSameDocumentAsOneString) {
  FactsBatch batch;
  batch.rubric_id = "writer";
  batch.year = 2025;
  for (int u = 0; u < 40; ++u) {
    UnitFacts unit = Unit("U" + std::to_string(u), u % 3 ? "Xã \"" + std::to_string(u) + "\"" : "");
    unit.current[static_cast<size_t>(*test::BuiltinCatalogue().Find("tips.received"))] = u;
    unit.current[static_cast<size_t>(*test::BuiltinCatalogue().Find("tips.processed"))] = u / 2;
    if (u % 4) unit.manual[1] = 0.25 * (u % 7);
    batch.units.push_back(std::move(unit));
  }
  std::vector<UnitResult> results;
  for (const UnitFacts& unit : batch.units)
    results.push_back(ScoreUnit(WriterRubric(), test::BuiltinCatalogue(), unit));
  std::string whole;
  WriteResultsJson(WriterRubric(), batch, results, whole);
  for (const size_t chunk : {size_t{1}, size_t{100}, size_t{4096}, size_t{1} << 20}) {
    std::string joined;
    size_t pieces = 0;
    ScoreBatchToJson(
        WriterRubric(), test::BuiltinCatalogue(), batch,
        [&](std::string_view piece) {
          joined += piece;
          ++pieces;
        },
        chunk);
    EXPECT_EQ(joined, whole) << chunk;
    if (chunk == 1) {
      EXPECT_GT(pieces, 40u);
    }
  }
}

}  // namespace
}  // namespace kieumau
