#include "engine/expr.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "engine/excerpt.h"
#include "engine/format.h"

namespace kieumau {

using namespace std::string_view_literals;
namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

}  // namespace

// Recursive descent, lowest precedence first: or, and, not, comparison, + -, * /, unary -, primary.
// Every way down the recursion (a parenthesis, a call's argument, `not`, unary `-`) passes through
// Nest, which refuses more than kMaxExprDepth levels: a hostile text cannot exhaust the stack.
class Expr::Parser {
 public:
  Parser(Expr& expr, const Catalogue& catalogue) : expr_(expr), catalogue_(catalogue) {}

  bool Run() {
    SkipSpace();
    if (AtEnd()) return Fail("biểu thức rỗng (empty expression)");
    int root = ParseOr();
    if (root < 0) return false;
    SkipSpace();
    if (!AtEnd()) return Fail(Unexpected("hết biểu thức", "end of expression"));
    expr_.root_ = root;
    return true;
  }

  std::string error() const { return error_; }

 private:
  const std::string& text() const { return expr_.text_; }
  bool AtEnd() const { return pos_ >= text().size(); }
  char Peek() const { return AtEnd() ? '\0' : text()[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text()[pos_])))
      ++pos_;
  }

  bool Fail(const std::string& message) {
    if (error_.empty()) error_ = fmt::format("cột {}: {}", pos_ + 1, message);
    return false;
  }
  std::string Unexpected(std::string_view expected_vi, std::string_view expected_en) const {
    std::string found = AtEnd() ? std::string("hết biểu thức") : "'" + std::string(1, Peek()) + "'";
    return fmt::format("cần {}, gặp {} (expected {})", expected_vi, found, expected_en);
  }

  // Reads a word made of name characters at the cursor, without consuming it.
  std::string_view PeekWord() const {
    size_t end = pos_;
    while (end < text().size() && IsNameChar(text()[end]))
      ++end;
    return std::string_view(text()).substr(pos_, end - pos_);
  }
  bool TakeKeyword(std::string_view word) {
    SkipSpace();
    if (!IsNameStart(Peek()) || PeekWord() != word) return false;
    pos_ += word.size();
    return true;
  }
  bool TakeSymbol(std::string_view symbol) {
    SkipSpace();
    if (text().compare(pos_, symbol.size(), symbol) != 0) return false;
    pos_ += symbol.size();
    return true;
  }

  int Add(Op op, int lhs, int rhs, size_t begin) {
    int height = 1;
    for (int child : {lhs, rhs})
      if (child >= 0)
        height = std::max(height, expr_.nodes_[static_cast<size_t>(child)].height + 1);
    if (height > kMaxExprDepth) {
      Fail(
          fmt::format("biểu thức có quá {} tầng phép tính (the expression is more than {} "
                      "operations deep)",
                      kMaxExprDepth, kMaxExprDepth));
      return -1;
    }
    Node node;
    node.height = height;
    node.op = op;
    node.lhs = lhs;
    node.rhs = rhs;
    node.begin = static_cast<uint32_t>(begin);
    node.end = static_cast<uint32_t>(pos_);
    expr_.nodes_.push_back(node);
    return static_cast<int>(expr_.nodes_.size()) - 1;
  }
  size_t BeginOf(int node) const { return expr_.nodes_[static_cast<size_t>(node)].begin; }

  // Counts one level of nesting for as long as it lives; `ok` is false past the limit.
  class Nest {
   public:
    explicit Nest(Parser& parser) : parser_(parser) {
      ok = ++parser_.depth_ <= kMaxExprDepth;
      if (!ok)
        parser_.Fail(fmt::format(
            "biểu thức lồng nhau quá {} mức (the expression is nested more than {} levels deep)",
            kMaxExprDepth, kMaxExprDepth));
    }
    ~Nest() { --parser_.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    bool ok = false;

   private:
    Parser& parser_;
  };

  int ParseOr() {
    Nest nest(*this);
    if (!nest.ok) return -1;
    int lhs = ParseAnd();
    while (lhs >= 0 && TakeKeyword("or")) {
      int rhs = ParseAnd();
      if (rhs < 0) return -1;
      lhs = Add(Op::kOr, lhs, rhs, BeginOf(lhs));
    }
    return lhs;
  }

  int ParseAnd() {
    int lhs = ParseNot();
    while (lhs >= 0 && TakeKeyword("and")) {
      int rhs = ParseNot();
      if (rhs < 0) return -1;
      lhs = Add(Op::kAnd, lhs, rhs, BeginOf(lhs));
    }
    return lhs;
  }

  int ParseNot() {
    SkipSpace();
    const size_t begin = pos_;
    if (TakeKeyword("not")) {
      Nest nest(*this);
      if (!nest.ok) return -1;
      int operand = ParseNot();
      if (operand < 0) return -1;
      return Add(Op::kNot, operand, -1, begin);
    }
    return ParseComparison();
  }

  std::optional<Op> TakeComparison() {
    static constexpr std::pair<std::string_view, Op> kOps[] = {
        {"==", Op::kEq}, {"!=", Op::kNe}, {"<=", Op::kLe},
        {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt},
    };
    for (const auto& [symbol, op] : kOps) {
      if (TakeSymbol(symbol)) return op;
    }
    return std::nullopt;
  }

  int ParseComparison() {
    int lhs = ParseSum();
    if (lhs < 0) return -1;
    SkipSpace();
    if (Peek() == '=' && (pos_ + 1 >= text().size() || text()[pos_ + 1] != '=')) {
      Fail("dùng '==' để so sánh bằng, không dùng '=' (use '==' for equality)");
      return -1;
    }
    auto op = TakeComparison();
    if (!op) return lhs;
    int rhs = ParseSum();
    if (rhs < 0) return -1;
    int node = Add(*op, lhs, rhs, BeginOf(lhs));
    if (node < 0) return -1;
    if (TakeComparison()) {
      Fail(
          "không được nối hai phép so sánh liền nhau; dùng 'and' (comparisons do not chain; use "
          "'and')");
      return -1;
    }
    return node;
  }

  int ParseSum() {
    int lhs = ParseProduct();
    while (lhs >= 0) {
      Op op;
      if (TakeSymbol("+")) {
        op = Op::kAdd;
      } else if (TakeSymbol("-")) {
        op = Op::kSub;
      } else {
        break;
      }
      int rhs = ParseProduct();
      if (rhs < 0) return -1;
      lhs = Add(op, lhs, rhs, BeginOf(lhs));
    }
    return lhs;
  }

  int ParseProduct() {
    int lhs = ParseUnary();
    while (lhs >= 0) {
      Op op;
      if (TakeSymbol("*")) {
        op = Op::kMul;
      } else if (TakeSymbol("/")) {
        op = Op::kDiv;
      } else {
        break;
      }
      int rhs = ParseUnary();
      if (rhs < 0) return -1;
      lhs = Add(op, lhs, rhs, BeginOf(lhs));
    }
    return lhs;
  }

  int ParseUnary() {
    SkipSpace();
    const size_t begin = pos_;
    if (TakeSymbol("-")) {
      Nest nest(*this);
      if (!nest.ok) return -1;
      int operand = ParseUnary();
      if (operand < 0) return -1;
      return Add(Op::kNeg, operand, -1, begin);
    }
    return ParsePrimary();
  }

  int ParseNumber() {
    const size_t begin = pos_;
    const char* start = text().c_str() + pos_;
    char* end = nullptr;
    double value = std::strtod(start, &end);
    if (end == start) {
      Fail(Unexpected("một số", "a number"));
      return -1;
    }
    pos_ += static_cast<size_t>(end - start);
    int node = Add(Op::kNumber, -1, -1, begin);
    expr_.nodes_[static_cast<size_t>(node)].number = value;
    return node;
  }

  int ResolveName(std::string_view name, size_t begin, Op op) {
    auto slot = catalogue_.Find(name);
    if (!slot) {
      pos_ = begin;
      Fail(fmt::format("chỉ tiêu '{}' không có trong danh mục chỉ tiêu (unknown indicator)",
                       Excerpt(name, kExcerptChars)));
      return -1;
    }
    int node = Add(op, -1, -1, begin);
    expr_.nodes_[static_cast<size_t>(node)].slot = *slot;
    expr_.refs_.push_back(Ref{*slot, op == Op::kPrior});
    return node;
  }

  bool Expect(char symbol, std::string_view what_vi, std::string_view what_en) {
    SkipSpace();
    if (Peek() != symbol) return Fail(Unexpected(what_vi, what_en));
    ++pos_;
    return true;
  }

  int ParseCall(std::string_view name, size_t begin) {
    // The cursor is just past '('.
    if (name == "prior") {
      SkipSpace();
      const size_t arg_begin = pos_;
      std::string_view arg = IsNameStart(Peek()) ? PeekWord() : std::string_view();
      if (arg.empty() || arg == "prior" || arg == "percent" || arg == "min" || arg == "max") {
        Fail("prior() nhận đúng một tên chỉ tiêu (prior() takes one indicator name)");
        return -1;
      }
      pos_ += arg.size();
      SkipSpace();
      if (Peek() == '(') {
        Fail("prior() nhận đúng một tên chỉ tiêu (prior() takes one indicator name)");
        return -1;
      }
      if (!Expect(')', "')'", "')'")) return -1;
      int node = ResolveName(arg, arg_begin, Op::kPrior);
      if (node < 0) return -1;
      expr_.nodes_[static_cast<size_t>(node)].begin = static_cast<uint32_t>(begin);
      return node;
    }
    Op op;
    if (name == "percent") {
      op = Op::kPercent;
    } else if (name == "min") {
      op = Op::kMin;
    } else if (name == "max") {
      op = Op::kMax;
    } else {
      pos_ = begin;
      Fail(fmt::format("không có hàm '{}'; chỉ có prior, percent, min, max (unknown function)",
                       Excerpt(name, kExcerptChars)));
      return -1;
    }
    int lhs = ParseOr();
    if (lhs < 0) return -1;
    if (!Expect(',', "',' và đối số thứ hai", "',' and a second argument")) return -1;
    int rhs = ParseOr();
    if (rhs < 0) return -1;
    if (!Expect(')', "')'", "')'")) return -1;
    int node = Add(op, lhs, rhs, begin);
    if (node < 0) return -1;
    if (op == Op::kPercent) expr_.percent_nodes_.push_back(node);
    return node;
  }

  int ParsePrimary() {
    SkipSpace();
    const size_t begin = pos_;
    const char c = Peek();
    if (c == '(') {
      ++pos_;
      int inner = ParseOr();
      if (inner < 0) return -1;
      if (!Expect(')', "')'", "')'")) return -1;
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return ParseNumber();
    if (IsNameStart(c)) {
      std::string_view word = PeekWord();
      if (word == "and" || word == "or" || word == "not") {
        Fail(Unexpected("một giá trị", "a value"));
        return -1;
      }
      pos_ += word.size();
      SkipSpace();
      if (Peek() == '(') {
        ++pos_;
        return ParseCall(word, begin);
      }
      return ResolveName(word, begin, Op::kCurrent);
    }
    Fail(Unexpected("một giá trị", "a value"));
    return -1;
  }

  Expr& expr_;
  const Catalogue& catalogue_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

Result<Expr> Expr::Parse(std::string_view text, const Catalogue& catalogue) {
  Expr expr;
  expr.text_ = std::string(text);
  Parser parser(expr, catalogue);
  if (!parser.Run()) {
    return Error{fmt::format("biểu thức \"{}\" không hợp lệ, {} (expression does not parse)",
                             Excerpt(text, kExcerptChars), parser.error())};
  }
  std::sort(expr.refs_.begin(), expr.refs_.end());
  expr.refs_.erase(std::unique(expr.refs_.begin(), expr.refs_.end()), expr.refs_.end());
  std::sort(expr.percent_nodes_.begin(), expr.percent_nodes_.end());
  for (const Ref& ref : expr.refs_) {
    expr.ref_labels_.push_back("; " + RefName(ref, catalogue) + " = ");
  }
  return expr;
}

double Expr::Evaluate(const ValueView& values, bool* zero_base) const {
  return Eval(root_, values, zero_base);
}

double Expr::Eval(int index, const ValueView& values, bool* zero_base) const {
  const Node& node = nodes_[static_cast<size_t>(index)];
  switch (node.op) {
    case Op::kNumber:
      return node.number;
    case Op::kCurrent:
      return values.current[node.slot];
    case Op::kPrior:
      return values.prior[node.slot];
    case Op::kNeg:
      return -Eval(node.lhs, values, zero_base);
    case Op::kNot:
      return Eval(node.lhs, values, zero_base) == 0 ? 1 : 0;
    default:
      break;
  }
  // Both operands are always evaluated: no short-circuit (RUBRIC-FORMAT.md §2).
  const double a = Eval(node.lhs, values, zero_base);
  const double b = Eval(node.rhs, values, zero_base);
  switch (node.op) {
    case Op::kAdd:
      return a + b;
    case Op::kSub:
      return a - b;
    case Op::kMul:
      return a * b;
    case Op::kDiv:
      if (b == 0) {
        *zero_base = true;
        return 0;
      }
      return a / b;
    case Op::kPercent:
      if (b == 0) {
        *zero_base = true;
        return 0;
      }
      return (100 * a) / b;  // in this order, so that 17 of 20 is exactly 85
    case Op::kEq:
      return a == b ? 1 : 0;
    case Op::kNe:
      return a != b ? 1 : 0;
    case Op::kLt:
      return a < b ? 1 : 0;
    case Op::kLe:
      return a <= b ? 1 : 0;
    case Op::kGt:
      return a > b ? 1 : 0;
    case Op::kGe:
      return a >= b ? 1 : 0;
    case Op::kAnd:
      return (a != 0 && b != 0) ? 1 : 0;
    case Op::kOr:
      return (a != 0 || b != 0) ? 1 : 0;
    case Op::kMin:
      return std::min(a, b);
    case Op::kMax:
      return std::max(a, b);
    default:
      return 0;
  }
}

bool Expr::IsSingleValue() const {
  const Op op = nodes_[static_cast<size_t>(root_)].op;
  return op == Op::kCurrent || op == Op::kPrior || op == Op::kPercent;
}

void Expr::DescribeValues(const ValueView& values, const Catalogue& /*catalogue*/,
                          std::string& out) const {
  bool first = true;
  for (size_t r = 0; r < refs_.size(); ++r) {
    // "; name = " or "; prior(name) = ", without "; " the first time.
    const std::string_view label = ref_labels_[r];
    out += first ? label.substr(2) : label;
    first = false;
    const double value = values.Get(refs_[r]);
    if (std::isnan(value)) {
      out += "(thiếu)"sv;
    } else {
      AppendNumberVi(out, value);
    }
  }
  for (int index : percent_nodes_) {
    const Node& node = nodes_[static_cast<size_t>(index)];
    bool zero_base = false;
    const double value = Eval(index, values, &zero_base);
    if (!first) out += "; "sv;
    first = false;
    out += std::string_view(text_).substr(node.begin, node.end - node.begin);
    if (zero_base) {
      out += " = không tính được (mẫu số 0)"sv;
    } else {
      out += " = "sv;
      AppendNumberVi(out, value);
      out += '%';
    }
  }
}

std::string RefName(Ref ref, const Catalogue& catalogue) {
  const std::string& name = catalogue.at(ref.slot).name;
  return ref.prior ? "prior(" + name + ")" : name;
}

}  // namespace kieumau
