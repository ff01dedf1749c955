#include "load/catalogue_yaml.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "load/file.h"
#include "load/yaml_util.h"

namespace kieumau {
namespace {

bool IsIndicatorName(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  if (!(name.front() >= 'a' && name.front() <= 'z')) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok || (c == '.' && name[i + 1] == '.')) return false;
  }
  return true;
}

}  // namespace

LoadedCatalogue ParseCatalogue(std::string_view text) {
  yaml::Sink sink;
  Catalogue catalogue;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (yaml::CheckKeys(root, {"format", "scales", "indicators"}, "danh mục chỉ tiêu (catalogue)",
                        sink)) {
      std::map<std::string, std::vector<long>> scales;
      const YAML::Node scales_node = root["scales"];
      if (scales_node.IsDefined() && !scales_node.IsMap()) {
        sink.Error(scales_node, "scales phải là một ánh xạ (scales must be a mapping)");
      } else if (scales_node.IsDefined()) {
        for (const auto& scale : scales_node) {
          std::vector<long>& keys = scales[scale.first.Scalar()];
          if (!scale.second.IsMap()) {
            sink.Error(scale.second,
                       fmt::format("thang {} phải là ánh xạ mức: tên (scale must be a mapping)",
                                   scale.first.Scalar()));
            continue;
          }
          for (const auto& level : scale.second) {
            char* end = nullptr;
            const std::string key = level.first.Scalar();
            const long value = std::strtol(key.c_str(), &end, 10);
            if (key.empty() || *end != '\0') {
              sink.Error(level.first,
                         fmt::format("mức \"{}\" của thang {} phải là số nguyên (scale levels are "
                                     "whole numbers)",
                                     key, scale.first.Scalar()));
            } else {
              keys.push_back(value);
            }
          }
        }
      }
      const YAML::Node list = root["indicators"];
      if (!list.IsDefined() || !list.IsSequence()) {
        sink.Error(list.IsDefined() ? list : root,
                   "danh mục cần danh sách indicators (needs a list of indicators)");
      } else {
        for (const YAML::Node& node : list) {
          std::string what = "chỉ tiêu (indicator)";
          if (!node.IsMap()) {
            yaml::CheckKeys(node, {}, what, sink);
            continue;
          }
          auto name = yaml::GetString(node, "name", true, what, sink);
          if (name) what = fmt::format("chỉ tiêu {} (indicator {})", *name, *name);
          yaml::CheckKeys(node, {"name", "type", "scale", "period", "rollup", "le", "title"}, what,
                          sink);
          Indicator indicator;
          indicator.line = yaml::Line(node);
          if (name && !IsIndicatorName(*name)) {
            sink.Error(node["name"],
                       fmt::format("tên chỉ tiêu \"{}\" không hợp lệ: chữ thường, số, '_' và '.' "
                                   "(invalid indicator name)",
                                   *name));
          }
          indicator.name = name.value_or("");
          indicator.title = yaml::GetString(node, "title", false, what, sink).value_or("");
          if (auto type = yaml::GetString(node, "type", true, what, sink)) {
            if (auto parsed = ParseIndicatorType(*type)) {
              indicator.type = *parsed;
            } else {
              sink.Error(node["type"],
                         fmt::format("{}: kiểu \"{}\" không hợp lệ; chỉ có count, bool, rating, "
                                     "number, percent, area_m2, money_vnd (unknown type)",
                                     what, *type));
            }
          }
          if (auto period = yaml::GetString(node, "period", true, what, sink)) {
            if (auto parsed = ParsePeriod(*period)) {
              indicator.period = *parsed;
            } else {
              sink.Error(
                  node["period"],
                  fmt::format("{}: period phải là year hoặc snapshot (unknown period)", what));
            }
          }
          if (auto rollup = yaml::GetString(node, "rollup", true, what, sink)) {
            if (auto parsed = ParseRollup(*rollup)) {
              indicator.rollup = *parsed;
            } else {
              sink.Error(
                  node["rollup"],
                  fmt::format("{}: rollup phải là sum, min, max hoặc none (unknown rollup)", what));
            }
          }
          auto scale =
              yaml::GetString(node, "scale", indicator.type == IndicatorType::kRating, what, sink);
          if (scale) {
            auto found = scales.find(*scale);
            if (found == scales.end()) {
              sink.Error(node["scale"],
                         fmt::format("{}: thang \"{}\" không có trong scales (unknown scale)", what,
                                     *scale));
            } else {
              indicator.scale = *scale;
              indicator.scale_keys = found->second;
            }
          }
          indicator.le_name = yaml::GetString(node, "le", false, what, sink).value_or("");
          if (!indicator.name.empty() && !catalogue.Add(indicator)) {
            sink.Error(node["name"],
                       fmt::format("chỉ tiêu {} bị khai báo hai lần (duplicate indicator)",
                                   indicator.name));
          }
        }
        for (const Indicator& indicator : catalogue.indicators()) {
          if (!indicator.le_name.empty() && !catalogue.Find(indicator.le_name)) {
            sink.Error(indicator.line,
                       fmt::format("chỉ tiêu {}: le chỉ tới chỉ tiêu không có \"{}\" (le names an "
                                   "unknown indicator)",
                                   indicator.name, indicator.le_name));
          }
        }
        catalogue.ResolveLe();
      }
    }
  } catch (const YAML::Exception& e) {
    sink.Error(e.mark.line < 0 ? 0 : e.mark.line + 1,
               fmt::format("YAML không hợp lệ: {} (YAML does not parse)", e.msg));
  }
  LoadedCatalogue loaded;
  loaded.diagnostics = std::move(sink.diagnostics());
  if (std::none_of(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                   [](const Diagnostic& d) { return d.severity == Severity::kError; })) {
    loaded.catalogue = std::move(catalogue);
  }
  return loaded;
}

LoadedCatalogue LoadCatalogueFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text) {
    LoadedCatalogue loaded;
    loaded.diagnostics.push_back({Severity::kError, 0, text.error().message});
    return loaded;
  }
  return ParseCatalogue(*text);
}

}  // namespace kieumau
