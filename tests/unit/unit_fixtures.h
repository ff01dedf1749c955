// Helpers for the rule and scoring tests: a one-item rubric, a unit's facts set by name.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "engine/facts.h"
#include "engine/rubric.h"
#include "engine/scoring.h"
#include "support/test_support.h"

namespace kieumau::test {

// A rubric "t" for every unit kind: group "I", criterion "1", one item "1.1" worth `points` and
// judged by `rule` (a YAML flow mapping on one line); `item_extra` holds more keys of the item, one
// per line (e.g. "na_when: \"...\"\nif_no_base: full").
inline std::string OneItemRubric(std::string_view points, std::string_view rule,
                                 std::string_view item_extra = "") {
  std::string yaml =
      "format: 1\n"
      "id: t\n"
      "title: \"T\"\n"
      "unit_kinds: [phuong, xa, thi_tran, dac_khu]\n"
      "groups:\n"
      "  - id: \"I\"\n"
      "    title: \"G\"\n"
      "    criteria:\n"
      "      - id: \"1\"\n"
      "        title: \"C\"\n"
      "        items:\n"
      "          - id: \"1.1\"\n"
      "            text: \"X\"\n";
  yaml += "            points: " + std::string(points) + "\n";
  yaml += "            rule: " + std::string(rule) + "\n";
  std::string_view extra = item_extra;
  while (!extra.empty()) {
    const size_t end = extra.find('\n');
    yaml += "            " + std::string(extra.substr(0, end)) + "\n";
    extra = end == std::string_view::npos ? std::string_view() : extra.substr(end + 1);
  }
  return yaml;
}

// A unit's facts for `rubric`, every value missing until set by name.
class UnitBuilder {
 public:
  explicit UnitBuilder(const Rubric& rubric, UnitKind kind = UnitKind::kPhuong) : rubric_(rubric) {
    unit_.code = "T-1";
    unit_.kind = kind;
    const auto slots = static_cast<size_t>(BuiltinCatalogue().size());
    unit_.current.assign(slots, kMissing);
    unit_.prior.assign(slots, kMissing);
    unit_.manual.assign(rubric.items.size(), kMissing);
  }

  UnitBuilder& Set(std::string_view name, double value) {
    if (auto slot = Slot(name)) unit_.current[*slot] = value;
    return *this;
  }
  UnitBuilder& Prior(std::string_view name, double value) {
    if (auto slot = Slot(name)) unit_.prior[*slot] = value;
    return *this;
  }
  UnitBuilder& Manual(std::string_view item_id, double points) {
    const int index = rubric_.FindItem(item_id);
    if (index < 0) {
      ADD_FAILURE() << "no item " << item_id << " in the rubric";
    } else {
      unit_.manual[static_cast<size_t>(index)] = points;
    }
    return *this;
  }
  UnitBuilder& Kind(UnitKind kind) {
    unit_.kind = kind;
    return *this;
  }

  const UnitFacts& unit() const { return unit_; }
  UnitResult Score() const { return ScoreUnit(rubric_, BuiltinCatalogue(), unit_); }

 private:
  static std::optional<size_t> Slot(std::string_view name) {
    auto slot = BuiltinCatalogue().Find(name);
    if (!slot) {
      ADD_FAILURE() << "no indicator " << name << " in the built-in catalogue";
      return std::nullopt;
    }
    return static_cast<size_t>(*slot);
  }

  const Rubric& rubric_;
  UnitFacts unit_;
};

// Whether `text` holds `part`, saying what it holds when not.
inline ::testing::AssertionResult HasText(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not hold \"" << part << "\"";
}

}  // namespace kieumau::test
