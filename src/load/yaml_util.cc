#include "load/yaml_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace kieumau::yaml {

int Line(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? 0 : mark.line + 1;
}

bool Sink::has_errors() const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

bool CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
               const std::string& what, Sink& sink) {
  if (!map.IsMap()) {
    sink.Error(map, fmt::format("{} phải là một ánh xạ khóa: giá trị (must be a mapping)", what));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      sink.Error(entry.first, fmt::format("khóa '{}' bị lặp trong {} (duplicate key)", key, what));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view name : allowed)
        list += (list.empty() ? "" : ", ") + std::string(name);
      sink.Error(
          entry.first,
          fmt::format("khóa không hợp lệ '{}' trong {}; các khóa được phép: {} (unknown key)", key,
                      what, list));
    }
  }
  return true;
}

std::optional<std::string> GetString(const YAML::Node& map, const char* key, bool required,
                                     const std::string& what, Sink& sink) {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) {
    if (required)
      sink.Error(map, fmt::format("{} thiếu khóa bắt buộc '{}' (missing '{}')", what, key, key));
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    sink.Error(node,
               fmt::format("'{}' của {} phải là một giá trị đơn (must be a scalar)", key, what));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<double> GetNumber(const YAML::Node& map, const char* key, bool required,
                                const std::string& what, Sink& sink) {
  auto text = GetString(map, key, required, what, sink);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size() || !std::isfinite(value)) {
    sink.Error(map[key],
               fmt::format("'{}' của {} phải là một số, nhận được \"{}\" (must be a number)", key,
                           what, *text));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> GetBool(const YAML::Node& map, const char* key, const std::string& what,
                            Sink& sink) {
  auto text = GetString(map, key, false, what, sink);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  sink.Error(
      map[key],
      fmt::format("'{}' của {} phải là true hoặc false, nhận được \"{}\" (must be true or false)",
                  key, what, *text));
  return std::nullopt;
}

std::optional<Points> GetPoints(const YAML::Node& map, const char* key, bool required,
                                const std::string& what, Sink& sink) {
  auto value = GetNumber(map, key, required, what, sink);
  if (!value) return std::nullopt;
  auto points = Points::FromDouble(*value);
  if (!points || *value < 0) {
    sink.Error(map[key],
               fmt::format("'{}' của {} phải là số điểm không âm, bội số của 0,25; nhận được {} "
                           "(points must be a non-negative multiple of 0.25)",
                           key, what, *value));
    return std::nullopt;
  }
  return points;
}

}  // namespace kieumau::yaml
