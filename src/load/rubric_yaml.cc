#include "load/rubric_yaml.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/lint.h"
#include "engine/rules/all.h"
#include "engine/rules/bands.h"
#include "engine/rules/by_kind.h"
#include "engine/rules/check.h"
#include "engine/rules/manual.h"
#include "engine/rules/reduce_increase.h"
#include "load/file.h"
#include "load/yaml_util.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;
using yaml::GetNumber;
using yaml::GetPoints;
using yaml::GetString;
using yaml::Line;
using yaml::Sink;

bool IsRubricId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

struct Loader {
  const Catalogue& catalogue;
  Sink& sink;
  std::vector<UnitKind> unit_kinds;

  std::optional<Expr> ParseExpr(const YAML::Node& node, const std::string& what) {
    if (!node.IsDefined() || node.IsNull() || !node.IsScalar()) {
      sink.Error(
          node,
          fmt::format("{} phải là một biểu thức dạng chuỗi (must be an expression string)", what));
      return std::nullopt;
    }
    Result<Expr> expr = Expr::Parse(node.Scalar(), catalogue);
    if (!expr) {
      sink.Error(node, fmt::format("{}: {}", what, expr.error().message));
      return std::nullopt;
    }
    return std::move(expr).value();
  }

  std::optional<Interval> ParseInterval(const YAML::Node& map, const char* key,
                                        const std::string& what) {
    auto text = GetString(map, key, true, what, sink);
    if (!text) return std::nullopt;
    Result<Interval> interval = Interval::Parse(*text);
    if (!interval) {
      sink.Error(map[key], fmt::format("{}: {}", what, interval.error().message));
      return std::nullopt;
    }
    return std::move(interval).value();
  }

  // A rule for an item worth `points`; null on error (reported).
  std::unique_ptr<Rule> ParseRule(const YAML::Node& node, Points points, const std::string& what);

  std::unique_ptr<Rule> ParseCheck(const YAML::Node& body, Points, const std::string& what) {
    auto condition = ParseExpr(body, what + ", check");
    if (!condition) return nullptr;
    return std::make_unique<CheckRule>(std::move(*condition));
  }

  std::unique_ptr<Rule> ParseBands(const YAML::Node& body, Points points, const std::string& what) {
    const std::string where = what + ", bands";
    if (!CheckKeys(body, {"value", "round", "steps"}, where, sink)) return nullptr;
    auto value = ParseExpr(body["value"], where + ", value");
    bool round_integer = false;
    if (auto round = GetString(body, "round", false, where, sink)) {
      if (*round == "integer") {
        round_integer = true;
      } else if (*round != "none") {
        sink.Error(body["round"],
                   fmt::format("{}: round phải là none hoặc integer, nhận được \"{}\" "
                               "(round must be none or integer)",
                               where, *round));
      }
    }
    const YAML::Node steps_node = body["steps"];
    std::vector<BandStep> steps;
    if (!steps_node.IsDefined() || !steps_node.IsSequence() || steps_node.size() == 0) {
      sink.Error(steps_node.IsDefined() ? steps_node : body,
                 fmt::format("{} cần danh sách steps không rỗng (needs a non-empty list of steps)",
                             where));
    } else {
      for (const YAML::Node& step_node : steps_node) {
        const std::string step_what = where + ", step";
        if (!CheckKeys(step_node, {"in", "points"}, step_what, sink)) continue;
        auto in = ParseInterval(step_node, "in", step_what);
        auto step_points = GetPoints(step_node, "points", true, step_what, sink);
        if (step_points && *step_points > points) {
          sink.Error(
              step_node["points"],
              fmt::format(
                  "{}: bậc {} cho {} điểm, cao hơn điểm tối đa {} của mục (step points above the "
                  "item's points)",
                  where, in ? in->text : "?", step_points->ToDouble(), points.ToDouble()));
        }
        if (in && step_points)
          steps.push_back(BandStep{std::move(*in), *step_points, Line(step_node)});
      }
    }
    if (!value) return nullptr;
    return std::make_unique<BandsRule>(std::move(*value), round_integer, std::move(steps));
  }

  std::optional<Requirement> ParseRequirement(const YAML::Node& map, const std::string& what) {
    const bool has_percent = map["percent"].IsDefined();
    const bool has_count = map["count"].IsDefined();
    if (has_percent == has_count) return std::nullopt;
    const char* key = has_percent ? "percent" : "count";
    auto amount = GetNumber(map, key, true, what, sink);
    if (!amount) return Requirement{has_percent, 0};
    if (*amount < 0) {
      sink.Error(map[key], fmt::format("{}: {} không được âm (may not be negative)", what, key));
    }
    return Requirement{has_percent, *amount};
  }

  std::unique_ptr<Rule> ParseChange(const YAML::Node& body, Direction direction,
                                    const std::string& what) {
    const std::string where = what + (direction == Direction::kReduce ? ", reduce" : ", increase");
    if (!CheckKeys(body, {"indicator", "percent", "count", "tier_by", "tiers", "if_prior_zero"},
                   where, sink)) {
      return nullptr;
    }
    bool ok = true;
    int slot = -1;
    if (auto name = GetString(body, "indicator", true, where, sink)) {
      if (auto found = catalogue.Find(*name)) {
        slot = *found;
      } else {
        sink.Error(
            body["indicator"],
            fmt::format("{}: chỉ tiêu '{}' không có trong danh mục chỉ tiêu (unknown indicator)",
                        where, *name));
        ok = false;
      }
    } else {
      ok = false;
    }
    PriorZero prior_zero = ChangeRule::DefaultPriorZero(direction);
    if (auto text = GetString(body, "if_prior_zero", false, where, sink)) {
      if (*text == "keep_zero") {
        prior_zero = PriorZero::kKeepZero;
      } else if (*text == "any") {
        prior_zero = PriorZero::kAny;
      } else if (*text == "fail") {
        prior_zero = PriorZero::kFail;
      } else {
        sink.Error(
            body["if_prior_zero"],
            fmt::format("{}: if_prior_zero phải là keep_zero, any hoặc fail, nhận được \"{}\" "
                        "(unknown if_prior_zero)",
                        where, *text));
        ok = false;
      }
    }
    const YAML::Node tiers_node = body["tiers"];
    std::optional<Requirement> fixed = ParseRequirement(body, where);
    std::optional<Expr> tier_by;
    std::vector<Tier> tiers;
    if (tiers_node.IsDefined()) {
      if (body["percent"].IsDefined() || body["count"].IsDefined()) {
        sink.Error(
            body,
            fmt::format("{}: dùng tiers thì không ghi percent hay count ở ngoài (tiers replace "
                        "percent and count)",
                        where));
        ok = false;
      }
      if (body["tier_by"].IsDefined()) {
        tier_by = ParseExpr(body["tier_by"], where + ", tier_by");
        ok = ok && tier_by.has_value();
      }
      if (!tiers_node.IsSequence() || tiers_node.size() == 0) {
        sink.Error(tiers_node,
                   fmt::format("{}: tiers phải là danh sách không rỗng (tiers must be a non-empty "
                               "list)",
                               where));
        ok = false;
      } else {
        for (const YAML::Node& tier_node : tiers_node) {
          const std::string tier_what = where + ", tier";
          if (!CheckKeys(tier_node, {"when", "percent", "count"}, tier_what, sink)) {
            ok = false;
            continue;
          }
          auto when = ParseInterval(tier_node, "when", tier_what);
          auto requirement = ParseRequirement(tier_node, tier_what);
          if (!requirement) {
            sink.Error(tier_node,
                       fmt::format("{} cần đúng một trong percent hoặc count (needs exactly one of "
                                   "percent or count)",
                                   tier_what));
          }
          if (when && requirement) {
            tiers.push_back(Tier{std::move(*when), *requirement, Line(tier_node)});
          } else {
            ok = false;
          }
        }
      }
    } else {
      if (body["tier_by"].IsDefined()) {
        sink.Error(body["tier_by"],
                   fmt::format("{}: tier_by chỉ dùng cùng tiers (tier_by needs tiers)", where));
        ok = false;
      }
      if (!fixed) {
        sink.Error(
            body,
            fmt::format("{} cần đúng một trong percent, count hoặc tiers (needs exactly one of "
                        "percent, count or tiers)",
                        where));
        ok = false;
      }
    }
    if (!ok) return nullptr;
    return std::make_unique<ChangeRule>(direction, slot, tiers.empty() ? fixed : std::nullopt,
                                        std::move(tier_by), std::move(tiers), prior_zero);
  }

  std::unique_ptr<Rule> ParseManual(const YAML::Node& body, Points, const std::string& what) {
    const std::string where = what + ", manual";
    if (body.IsNull()) return std::make_unique<ManualRule>("");
    if (!CheckKeys(body, {"guidance"}, where, sink)) return nullptr;
    return std::make_unique<ManualRule>(
        GetString(body, "guidance", false, where, sink).value_or(""));
  }

  std::unique_ptr<Rule> ParseByKind(const YAML::Node& body, Points points,
                                    const std::string& what) {
    const std::string where = what + ", by_kind";
    if (!CheckKeys(body, {"phuong", "xa", "thi_tran", "dac_khu"}, where, sink)) return nullptr;
    std::array<std::unique_ptr<Rule>, 4> branches;
    bool ok = true;
    for (const auto& entry : body) {
      auto kind = ParseUnitKind(entry.first.Scalar());
      if (!kind) {
        ok = false;  // reported by CheckKeys
        continue;
      }
      if (std::find(unit_kinds.begin(), unit_kinds.end(), *kind) == unit_kinds.end()) {
        sink.Error(
            entry.first,
            fmt::format(
                "{}: loại đơn vị '{}' không có trong unit_kinds của bộ tiêu chí (by_kind kind not "
                "in unit_kinds)",
                where, entry.first.Scalar()));
        ok = false;
      }
      auto& branch = branches[static_cast<size_t>(*kind)];
      branch = ParseRule(entry.second, points, where + "." + entry.first.Scalar());
      ok = ok && branch != nullptr;
    }
    if (!ok) return nullptr;
    return std::make_unique<ByKindRule>(std::move(branches));
  }

  std::unique_ptr<Rule> ParseAll(const YAML::Node& body, Points points, const std::string& what) {
    const std::string where = what + ", all";
    if (!body.IsSequence() || body.size() == 0) {
      sink.Error(
          body,
          fmt::format("{} phải là danh sách luật không rỗng (must be a non-empty list of rules)",
                      where));
      return nullptr;
    }
    std::vector<std::unique_ptr<Rule>> rules;
    bool ok = true;
    for (const YAML::Node& inner : body) {
      rules.push_back(ParseRule(inner, points, where));
      ok = ok && rules.back() != nullptr;
    }
    if (!ok) return nullptr;
    return std::make_unique<AllRule>(std::move(rules));
  }

  void ParseItem(const YAML::Node& node, Rubric& rubric, std::set<std::string>& item_ids) {
    std::string what = "mục (item)";
    if (!node.IsMap()) {
      CheckKeys(node, {}, what, sink);
      return;
    }
    auto id = GetString(node, "id", true, what, sink);
    if (id) what = fmt::format("mục {} (item {})", *id, *id);
    CheckKeys(node, {"id", "text", "points", "mandatory", "rule", "na_when", "if_no_base"}, what,
              sink);
    Item item;
    item.line = Line(node);
    if (id) {
      item.id = *id;
      if (!item_ids.insert(*id).second) {
        sink.Error(node["id"],
                   fmt::format("mã mục '{}' bị trùng; mã mục phải duy nhất trong cả bộ tiêu chí "
                               "(duplicate item id)",
                               *id));
      }
    }
    item.text = GetString(node, "text", false, what, sink).value_or("");
    auto points = GetPoints(node, "points", true, what, sink);
    item.points = points.value_or(Points());
    item.mandatory = yaml::GetBool(node, "mandatory", what, sink).value_or(false);
    if (node["na_when"].IsDefined()) item.na_when = ParseExpr(node["na_when"], what + ", na_when");
    if (auto no_base = GetString(node, "if_no_base", false, what, sink)) {
      if (*no_base == "full") {
        item.if_no_base = NoBase::kFull;
      } else if (*no_base == "zero") {
        item.if_no_base = NoBase::kZero;
      } else if (*no_base == "na") {
        item.if_no_base = NoBase::kNa;
      } else {
        sink.Error(node["if_no_base"],
                   fmt::format("{}: if_no_base phải là full, zero hoặc na, nhận được \"{}\" "
                               "(unknown if_no_base)",
                               what, *no_base));
      }
    }
    const YAML::Node rule = node["rule"];
    if (!rule.IsDefined() || rule.IsNull()) {
      sink.Error(node, fmt::format("{} thiếu khóa bắt buộc 'rule' (missing 'rule')", what));
    } else {
      item.rule = ParseRule(rule, item.points, what);
    }
    rubric.items.push_back(std::move(item));
  }

  void ParseCriterion(const YAML::Node& node, Rubric& rubric, std::set<std::string>& criterion_ids,
                      std::set<std::string>& item_ids) {
    std::string what = "tiêu chí (criterion)";
    if (!node.IsMap()) {
      CheckKeys(node, {}, what, sink);
      return;
    }
    auto id = GetString(node, "id", true, what, sink);
    if (id) what = fmt::format("tiêu chí {} (criterion {})", *id, *id);
    CheckKeys(node, {"id", "title", "declared_points", "items"}, what, sink);
    Criterion criterion;
    criterion.line = Line(node);
    if (id) {
      criterion.id = *id;
      if (!criterion_ids.insert(*id).second) {
        sink.Error(
            node["id"],
            fmt::format("mã tiêu chí '{}' bị trùng trong nhóm (duplicate criterion id)", *id));
      }
    }
    criterion.title = GetString(node, "title", false, what, sink).value_or("");
    criterion.declared_points = GetPoints(node, "declared_points", false, what, sink);
    if (criterion.declared_points) criterion.declared_line = Line(node["declared_points"]);
    criterion.first_item = rubric.items.size();
    const YAML::Node items = node["items"];
    if (!items.IsDefined() || !items.IsSequence()) {
      sink.Error(items.IsDefined() ? items : node,
                 fmt::format("{} cần danh sách items (needs a list of items)", what));
    } else {
      for (const YAML::Node& item : items)
        ParseItem(item, rubric, item_ids);
    }
    criterion.item_count = rubric.items.size() - criterion.first_item;
    rubric.criteria.push_back(std::move(criterion));
  }

  void ParseGroup(const YAML::Node& node, Rubric& rubric, std::set<std::string>& group_ids,
                  std::set<std::string>& item_ids) {
    std::string what = "nhóm (group)";
    if (!node.IsMap()) {
      CheckKeys(node, {}, what, sink);
      return;
    }
    auto id = GetString(node, "id", true, what, sink);
    if (id) what = fmt::format("nhóm {} (group {})", *id, *id);
    CheckKeys(node, {"id", "title", "declared_points", "criteria"}, what, sink);
    Group group;
    group.line = Line(node);
    if (id) {
      group.id = *id;
      if (!group_ids.insert(*id).second) {
        sink.Error(node["id"], fmt::format("mã nhóm '{}' bị trùng (duplicate group id)", *id));
      }
    }
    group.title = GetString(node, "title", false, what, sink).value_or("");
    group.declared_points = GetPoints(node, "declared_points", false, what, sink);
    if (group.declared_points) group.declared_line = Line(node["declared_points"]);
    group.first_criterion = rubric.criteria.size();
    std::set<std::string> criterion_ids;
    const YAML::Node criteria = node["criteria"];
    if (!criteria.IsDefined() || !criteria.IsSequence()) {
      sink.Error(criteria.IsDefined() ? criteria : node,
                 fmt::format("{} cần danh sách criteria (needs a list of criteria)", what));
    } else {
      for (const YAML::Node& criterion : criteria)
        ParseCriterion(criterion, rubric, criterion_ids, item_ids);
    }
    group.criterion_count = rubric.criteria.size() - group.first_criterion;
    rubric.groups.push_back(std::move(group));
  }

  void ParseVetoes(const YAML::Node& node, Rubric& rubric) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsSequence()) {
      sink.Error(node, "vetoes phải là một danh sách (vetoes must be a list)");
      return;
    }
    std::set<std::string> ids;
    for (const YAML::Node& veto_node : node) {
      std::string what = "điều kiện loại trừ (veto)";
      if (!veto_node.IsMap()) {
        CheckKeys(veto_node, {}, what, sink);
        continue;
      }
      auto id = GetString(veto_node, "id", true, what, sink);
      if (id) what = fmt::format("điều kiện loại trừ {} (veto {})", *id, *id);
      CheckKeys(veto_node, {"id", "text", "when"}, what, sink);
      if (id && !ids.insert(*id).second) {
        sink.Error(veto_node["id"],
                   fmt::format("mã điều kiện loại trừ '{}' bị trùng (duplicate veto id)", *id));
      }
      auto text = GetString(veto_node, "text", false, what, sink);
      std::optional<Expr> when;
      if (veto_node["when"].IsDefined()) {
        when = ParseExpr(veto_node["when"], what + ", when");
      } else {
        sink.Error(veto_node, fmt::format("{} thiếu khóa bắt buộc 'when' (missing 'when')", what));
      }
      if (id && when) {
        rubric.vetoes.push_back(Veto{*id, text.value_or(""), std::move(*when), Line(veto_node)});
      }
    }
  }

  void ParsePass(const YAML::Node& node, Rubric& rubric) {
    if (!node.IsDefined() || node.IsNull()) return;
    const std::string what = "điều kiện đạt (pass)";
    if (!CheckKeys(node, {"min_points", "all_mandatory"}, what, sink)) return;
    PassRule pass;
    pass.min_points = GetPoints(node, "min_points", false, what, sink);
    if (pass.min_points) pass.min_points_line = Line(node["min_points"]);
    pass.all_mandatory = yaml::GetBool(node, "all_mandatory", what, sink).value_or(false);
    if (!pass.min_points && !pass.all_mandatory) {
      sink.Error(
          node,
          "pass cần min_points hoặc all_mandatory: true (pass needs min_points or all_mandatory)");
    }
    rubric.pass = pass;
  }

  void ParseUnitKinds(const YAML::Node& root, Rubric& rubric) {
    const YAML::Node node = root["unit_kinds"];
    if (!node.IsDefined() || !node.IsSequence() || node.size() == 0) {
      sink.Error(node.IsDefined() ? node : root,
                 "bộ tiêu chí cần unit_kinds: danh sách loại đơn vị được đánh giá (phuong, xa, "
                 "thi_tran, dac_khu) "
                 "(unit_kinds must be a non-empty list)");
      return;
    }
    for (const YAML::Node& kind_node : node) {
      auto kind = kind_node.IsScalar() ? ParseUnitKind(kind_node.Scalar()) : std::nullopt;
      if (!kind) {
        sink.Error(
            kind_node,
            fmt::format("loại đơn vị không hợp lệ \"{}\"; chỉ có phuong, xa, thi_tran, dac_khu "
                        "(unknown unit kind)",
                        kind_node.IsScalar() ? kind_node.Scalar() : "?"));
      } else if (rubric.AppliesTo(*kind)) {
        sink.Error(kind_node, fmt::format("loại đơn vị '{}' bị lặp (duplicate unit kind)",
                                          kind_node.Scalar()));
      } else {
        rubric.unit_kinds.push_back(*kind);
      }
    }
    unit_kinds = rubric.unit_kinds;
  }

  void ParseRoot(const YAML::Node& root, Rubric& rubric) {
    const std::string what = "bộ tiêu chí (rubric)";
    if (!CheckKeys(root,
                   {"format", "id", "title", "source", "unit_kinds", "declared_points", "pass",
                    "vetoes", "groups"},
                   what, sink)) {
      return;
    }
    if (auto format = GetNumber(root, "format", true, what, sink); format && *format != 1) {
      sink.Error(root["format"],
                 fmt::format("format {} không được hỗ trợ; chương trình đọc format 1 "
                             "(unsupported format)",
                             *format));
    }
    if (auto id = GetString(root, "id", true, what, sink)) {
      rubric.id = *id;
      if (!IsRubricId(*id)) {
        sink.Error(root["id"],
                   fmt::format("mã bộ tiêu chí \"{}\" chỉ được gồm a-z, 0-9 và '-' (id must match "
                               "[a-z0-9-]+)",
                               *id));
      }
    }
    rubric.title = GetString(root, "title", true, what, sink).value_or("");
    rubric.source = GetString(root, "source", false, what, sink).value_or("");
    ParseUnitKinds(root, rubric);
    rubric.declared_points = GetPoints(root, "declared_points", false, what, sink);
    if (rubric.declared_points) rubric.declared_line = Line(root["declared_points"]);
    ParsePass(root["pass"], rubric);
    ParseVetoes(root["vetoes"], rubric);
    const YAML::Node groups = root["groups"];
    if (!groups.IsDefined() || !groups.IsSequence() || groups.size() == 0) {
      sink.Error(groups.IsDefined() ? groups : root,
                 "bộ tiêu chí cần danh sách groups không rỗng (groups must be a non-empty list)");
      return;
    }
    std::set<std::string> group_ids;
    std::set<std::string> item_ids;
    for (const YAML::Node& group : groups)
      ParseGroup(group, rubric, group_ids, item_ids);
  }
};

// The rule kinds by their key. Adding a kind: one file under engine/rules/ and one row here.
using RuleParser = std::unique_ptr<Rule> (*)(Loader&, const YAML::Node&, Points,
                                             const std::string&);
constexpr std::pair<std::string_view, RuleParser> kRuleKinds[] = {
    {"check", [](Loader& l, const YAML::Node& b, Points p,
                 const std::string& w) { return l.ParseCheck(b, p, w); }},
    {"bands", [](Loader& l, const YAML::Node& b, Points p,
                 const std::string& w) { return l.ParseBands(b, p, w); }},
    {"reduce", [](Loader& l, const YAML::Node& b, Points,
                  const std::string& w) { return l.ParseChange(b, Direction::kReduce, w); }},
    {"increase", [](Loader& l, const YAML::Node& b, Points,
                    const std::string& w) { return l.ParseChange(b, Direction::kIncrease, w); }},
    {"manual", [](Loader& l, const YAML::Node& b, Points p,
                  const std::string& w) { return l.ParseManual(b, p, w); }},
    {"by_kind", [](Loader& l, const YAML::Node& b, Points p,
                   const std::string& w) { return l.ParseByKind(b, p, w); }},
    {"all", [](Loader& l, const YAML::Node& b, Points p,
               const std::string& w) { return l.ParseAll(b, p, w); }},
};

std::unique_ptr<Rule> Loader::ParseRule(const YAML::Node& node, Points points,
                                        const std::string& what) {
  const std::string where = what + ", rule";
  if (!node.IsMap() || node.size() != 1) {
    sink.Error(node,
               fmt::format(
                   "{} phải có đúng một loại luật: check, bands, reduce, increase, manual, by_kind "
                   "hoặc all (a rule has exactly one kind)",
                   where));
    return nullptr;
  }
  const auto entry = *node.begin();
  const std::string kind = entry.first.Scalar();
  for (const auto& [key, parse] : kRuleKinds) {
    if (key == kind) return parse(*this, entry.second, points, what);
  }
  sink.Error(entry.first,
             fmt::format("{}: loại luật không hợp lệ '{}'; chỉ có check, bands, reduce, increase, "
                         "manual, by_kind, all (unknown key)",
                         where, kind));
  return nullptr;
}

}  // namespace

LoadedRubric ParseRubric(std::string_view text, const Catalogue& catalogue) {
  LoadedRubric loaded;
  Sink sink;
  Rubric rubric;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    Loader loader{catalogue, sink, {}};
    if (!root.IsDefined() || root.IsNull()) {
      sink.Error(1, "tệp rỗng, không có bộ tiêu chí (empty file)");
    } else {
      loader.ParseRoot(root, rubric);
    }
  } catch (const YAML::Exception& e) {
    sink.Error(e.mark.line < 0 ? 0 : e.mark.line + 1,
               fmt::format("YAML không hợp lệ: {} (YAML does not parse)", e.msg));
  }
  loaded.diagnostics = std::move(sink.diagnostics());
  const bool failed =
      std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                  [](const Diagnostic& d) { return d.severity == Severity::kError; });
  if (!failed) {
    rubric.Finalize();
    for (Diagnostic& warning : LintRubric(rubric))
      loaded.diagnostics.push_back(std::move(warning));
    loaded.rubric = std::move(rubric);
  }
  std::stable_sort(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return loaded;
}

LoadedRubric LoadRubricFile(const std::string& path, const Catalogue& catalogue) {
  Result<std::string> text = ReadFile(path);
  if (!text) {
    LoadedRubric loaded;
    loaded.diagnostics.push_back({Severity::kError, 0, text.error().message});
    return loaded;
  }
  return ParseRubric(*text, catalogue);
}

}  // namespace kieumau
