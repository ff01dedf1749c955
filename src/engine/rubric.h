// A criteria set in memory (RUBRIC-FORMAT.md §1): groups, criteria and items held in flat arrays in
// rubric order, each parent naming the range of its children. Built by the loader, then Finalize()d
// once.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr.h"
#include "engine/points.h"
#include "engine/rule.h"
#include "engine/unit_kind.h"

namespace kieumau {

// What an item scores when percent(a, 0) or a division by zero occurs in it (RUBRIC-FORMAT.md §4).
enum class NoBase { kZero, kFull, kNa };

struct Item {
  std::string id;
  std::string text;
  Points points;
  bool mandatory = false;
  std::unique_ptr<Rule> rule;
  std::optional<Expr> na_when;
  NoBase if_no_base = NoBase::kZero;
  int line = 0;

  // Derived by Finalize(), per UnitKind: what the rule reads and whether it needs the assessor's
  // points.
  std::array<std::vector<Ref>, 4> needs;
  std::array<bool, 4> needs_manual{};
  bool has_manual = false;  // for some kind
};

struct Criterion {
  std::string id;
  std::string title;
  std::optional<Points> declared_points;
  int declared_line = 0;
  int line = 0;
  size_t first_item = 0;
  size_t item_count = 0;
  Points max;  // derived
};

struct Group {
  std::string id;
  std::string title;
  std::optional<Points> declared_points;
  int declared_line = 0;
  int line = 0;
  size_t first_criterion = 0;
  size_t criterion_count = 0;
  Points max;  // derived
};

struct Veto {
  std::string id;
  std::string text;
  Expr when;
  int line = 0;
};

struct PassRule {
  std::optional<Points> min_points;
  int min_points_line = 0;
  bool all_mandatory = false;
};

struct Rubric {
  int format = 1;
  std::string id;
  std::string title;
  std::string source;
  std::vector<UnitKind> unit_kinds;
  std::optional<Points> declared_points;
  int declared_line = 0;
  std::optional<PassRule> pass;
  std::vector<Veto> vetoes;
  std::vector<Group> groups;
  std::vector<Criterion> criteria;
  std::vector<Item> items;
  Points max;  // derived: what the items add up to

  // Computes the derived fields. Call once, after the loader has filled the rest.
  void Finalize();

  bool AppliesTo(UnitKind kind) const;
  // The index of the item with `id`, or -1.
  int FindItem(std::string_view id) const;
  // The catalogue slots whose prior-year value (`prior(x)`) the set reads for a unit of `kind`:
  // its items' rules and `na_when`, and its vetoes. Sorted, each once.
  std::vector<int> PriorSlots(UnitKind kind) const;
};

}  // namespace kieumau
