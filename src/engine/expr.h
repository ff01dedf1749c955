// Expressions over facts (RUBRIC-FORMAT.md §2): indicator names, prior(name), numbers, + - * /,
// comparisons, and/or/not, percent(a, b), min(a, b), max(a, b). Parsed once when a rubric loads,
// with names resolved to catalogue slots; evaluated per unit without short-circuits, so a zero base
// anywhere is always seen.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/result.h"

namespace kieumau {

// One value an expression reads: an indicator's value for the judged year, or for the year before.
struct Ref {
  int slot = 0;
  bool prior = false;
  friend auto operator<=>(const Ref&, const Ref&) = default;
};

// A unit's values, indexed by catalogue slot; NaN marks a value the facts do not hold.
struct ValueView {
  const double* current = nullptr;
  const double* prior = nullptr;
  double Get(Ref ref) const { return ref.prior ? prior[ref.slot] : current[ref.slot]; }
};

// How deep an expression may nest (parentheses, calls, `not`, unary minus) and how tall its tree
// may grow (a chain of 100 additions is 100 levels): far beyond any criterion, and small enough
// that parsing and evaluating, both recursive, never exhaust the stack on hostile input.
inline constexpr int kMaxExprDepth = 100;

class Expr {
 public:
  // Parses `text`, resolving names through `catalogue`. The error names the column and what was
  // expected.
  static Result<Expr> Parse(std::string_view text, const Catalogue& catalogue);

  // Evaluates with every referenced value present. Sets *zero_base when a percent() or a division
  // had a zero divisor anywhere in the expression (that part then counts as 0).
  double Evaluate(const ValueView& values, bool* zero_base) const;

  const std::string& text() const { return text_; }
  // Whether the whole expression is one value read or one percent(), whose value DescribeValues
  // already shows.
  bool IsSingleValue() const;
  // The distinct values the expression reads, sorted.
  const std::vector<Ref>& refs() const { return refs_; }

  // For reasons, appends "name = 3; prior(name) = 4; percent(a, b) = 95,24%" — each value read,
  // then each percent(). Names are those of the catalogue the expression was parsed with (the
  // one its slots belong to), written when it was parsed.
  void DescribeValues(const ValueView& values, const Catalogue& catalogue, std::string& out) const;

 private:
  enum class Op : uint8_t {
    kNumber,
    kCurrent,
    kPrior,
    kNeg,
    kNot,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kAnd,
    kOr,
    kPercent,
    kMin,
    kMax,
  };
  struct Node {
    Op op = Op::kNumber;
    double number = 0;
    int slot = -1;
    int lhs = -1;
    int rhs = -1;
    uint32_t begin = 0;  // the node's span in text_, for reasons
    uint32_t end = 0;
    int height = 1;  // the longest path from this node down to a leaf, counting both ends
  };
  class Parser;

  double Eval(int node, const ValueView& values, bool* zero_base) const;

  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
  std::vector<Ref> refs_;
  std::vector<std::string> ref_labels_;  // per ref: "; name = " or "; prior(name) = "
  std::vector<int> percent_nodes_;
};

// Names of refs as the result's `missing` list writes them: "name" or "prior(name)".
std::string RefName(Ref ref, const Catalogue& catalogue);

}  // namespace kieumau
