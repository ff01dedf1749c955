// Helpers shared by the demo tests: the national register applied once, the demo built once on it,
// its facts indexed by unit and year, units found by province, name and date, and a ward scored
// under bn-capkm-2024 with its prior year from the lineage.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "demo/demo.h"
#include "engine/scoring.h"
#include "register/register_store.h"
#include "support/test_support.h"
#include "units/registry.h"
#include "units/rollup.h"

namespace kieumau::test {

inline Date Day(std::string_view text) {
  Result<Date> date = Date::Parse(text);
  if (!date) ADD_FAILURE() << date.error().message;
  return date ? *date : Date();
}

// The national register's history applied, with the history's ids; fails the test when it does
// not build.
inline const UnitRegistry& Register() {
  static const UnitRegistry registry = [] {
    Result<admin_register::StoredRegister> stored = admin_register::BuiltinRegister();
    if (!stored) {
      ADD_FAILURE() << stored.error().message;
      return UnitRegistry();
    }
    return std::move(stored->registry);
  }();
  return registry;
}

// The demo with the built-in catalogue on the register; fails the test when it cannot be built.
inline const demo::DemoData& Demo() {
  static const demo::DemoData data = [] {
    Result<demo::DemoData> built = demo::BuildDemoData(BuiltinCatalogue(), Register());
    if (!built) {
      ADD_FAILURE() << built.error().message;
      return demo::DemoData();
    }
    return std::move(*built);
  }();
  return data;
}

using ValuesByName = std::map<std::string, double, std::less<>>;
// unit id, year → indicator → value.
using FactIndex = std::map<std::pair<UnitId, int>, ValuesByName>;

inline FactIndex IndexFacts(const std::vector<FactWrite>& facts) {
  FactIndex index;
  for (const FactWrite& f : facts) {
    EXPECT_TRUE(f.value.has_value()) << f.indicator;
    const bool fresh = index[{f.unit_id, f.year}].emplace(f.indicator, f.value.value_or(0)).second;
    EXPECT_TRUE(fresh) << "twice: unit " << f.unit_id << " " << f.indicator << " " << f.year;
  }
  return index;
}

inline const FactIndex& Facts() {
  static const FactIndex index = IndexFacts(Demo().facts);
  return index;
}

// The province holding `code` on `date`; fails the test when there is none.
inline UnitId ProvinceOf(std::string_view code, std::string_view date) {
  std::optional<UnitId> id = Register().FindByCode(code, Day(date));
  if (!id) ADD_FAILURE() << "no province " << code << " on " << date;
  return id.value_or(0);
}

// The communes (or those of `kind`) of the province holding `code` on `date`.
inline std::vector<UnitId> CommunesOf(std::string_view code, std::string_view date) {
  auto communes = Register().UnitsOf(ProvinceOf(code, date), Level::kCommune, Day(date));
  EXPECT_TRUE(communes);
  return communes ? *communes : std::vector<UnitId>{};
}
inline std::vector<UnitId> CommunesOf(std::string_view code, UnitKind kind, std::string_view date) {
  auto communes = Register().UnitsOf(ProvinceOf(code, date), kind, Day(date));
  EXPECT_TRUE(communes);
  return communes ? *communes : std::vector<UnitId>{};
}

inline std::string NameOn(UnitId id, std::string_view date) {
  Result<UnitState> state = Register().StateAt(id, Day(date));
  return state ? state->name : std::string();
}

// The commune named `name` of the province holding `province` on `date`; fails the test unless
// there is exactly one.
inline UnitId CommuneNamed(std::string_view province, std::string_view name,
                           std::string_view date) {
  std::vector<UnitId> found;
  for (UnitId id : CommunesOf(province, date)) {
    if (NameOn(id, date) == name) found.push_back(id);
  }
  if (found.size() != 1) {
    ADD_FAILURE() << found.size() << " communes named " << name << " in " << province << " on "
                  << date;
    return 0;
  }
  return found.front();
}

inline const Rubric& BacNinhRubric() {
  static const Rubric rubric = RubricFromText(ReadText(RepoPath("rubrics/bn-capkm-2024.yaml")));
  return rubric;
}

// `unit`'s facts for `year`, its prior year being the values for year - 1 of the territory it had
// at the end of `year` (units/rollup.h), as the engine reads them.
inline UnitFacts FactsFor(const FactIndex& facts, UnitId unit, int year) {
  const UnitRegistry& registry = Register();
  const Catalogue& catalogue = BuiltinCatalogue();
  UnitFacts out;
  const Unit* found = registry.Find(unit);
  out.code = found != nullptr ? found->code : "?";
  out.name = found != nullptr ? found->name.Last() : "?";
  out.kind = UnitKind::kPhuong;
  out.current.assign(static_cast<size_t>(catalogue.size()), kMissing);
  out.prior.assign(static_cast<size_t>(catalogue.size()), kMissing);
  out.manual.assign(BacNinhRubric().items.size(), kMissing);
  const auto recorded = [&](int slot) {
    return [&facts, &catalogue, slot](UnitId id, int y) -> std::optional<double> {
      const auto it = facts.find({id, y});
      if (it == facts.end()) return std::nullopt;
      const auto value = it->second.find(catalogue.at(slot).name);
      if (value == it->second.end()) return std::nullopt;
      return value->second;
    };
  };
  for (int slot = 0; slot < catalogue.size(); ++slot) {
    if (std::optional<double> v = recorded(slot)(unit, year)) {
      out.current[static_cast<size_t>(slot)] = *v;
    }
    if (std::optional<double> v =
            PriorYearValue(registry, unit, year, catalogue.at(slot).rollup, recorded(slot))) {
      out.prior[static_cast<size_t>(slot)] = *v;
    }
  }
  return out;
}

inline UnitResult ScoreWard(UnitId unit, int year) {
  return ScoreUnit(BacNinhRubric(), BuiltinCatalogue(), FactsFor(Facts(), unit, year));
}

// The ids of the items `result` did not give their full points.
inline std::vector<std::string> ItemsNotMet(const UnitResult& result) {
  std::vector<std::string> ids;
  const Rubric& rubric = BacNinhRubric();
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    if (result.items[i].points < rubric.items[i].points) ids.push_back(rubric.items[i].id);
  }
  return ids;
}

inline std::string Explain(const UnitResult& result) {
  std::string text;
  const Rubric& rubric = BacNinhRubric();
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    if (result.items[i].points < rubric.items[i].points) {
      text += rubric.items[i].id + ": " + result.items[i].reason + "\n";
    }
  }
  for (const std::string& m : result.missing)
    text += "missing " + m + "\n";
  return text;
}

}  // namespace kieumau::test
