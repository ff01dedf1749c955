// The interface every rule kind implements (RUBRIC-FORMAT.md §3). One kind, one file under rules/,
// and its YAML reader one file under load/rules/ (load/rule_yaml.h): nothing else to touch.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/diagnostic.h"
#include "engine/expr.h"
#include "engine/facts.h"
#include "engine/points.h"

namespace kieumau {

// What judging one item for one unit sees.
struct JudgeContext {
  const Catalogue& catalogue;
  const UnitFacts& unit;
  ValueView values;
  int item_index = 0;
  Points item_max;
  bool zero_base = false;  // set when any expression met percent(a, 0) or a division by zero
  // Where the rule appends its reason: plain Vietnamese with the numbers used; the caller adds "→
  // points/max".
  std::string* reason = nullptr;
};

class Rule {
 public:
  virtual ~Rule() = default;

  // Adds to `refs` every value the rule reads for a unit of `kind` (RUBRIC-FORMAT.md §4), and sets
  // *manual when it needs the assessor's points.
  virtual void CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const = 0;

  // Judges the rule and appends its reason to *ctx.reason; the caller guarantees that every need of
  // CollectNeeds is present. Returns the points, at most ctx.item_max.
  virtual Points Judge(JudgeContext& ctx) const = 0;

  // Adds warnings about the rule's own shape (overlapping or gapped bands, …).
  virtual void Lint(std::vector<Diagnostic>& /*out*/) const {}
};

}  // namespace kieumau
