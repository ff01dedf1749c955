#include "load/rubric_yaml.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/lint.h"
#include "load/file.h"
#include "load/rule_yaml.h"
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
    RuleReader reader(catalogue, sink, unit_kinds);
    return reader.ReadExpr(node, what);
  }

  // A rule for an item worth `points`; null on error (reported). The kinds' readers are under
  // load/rules/ (rule_yaml.h).
  std::unique_ptr<Rule> ParseRule(const YAML::Node& node, Points points, const std::string& what) {
    RuleReader reader(catalogue, sink, unit_kinds);
    return reader.ReadRule(node, points, what);
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
