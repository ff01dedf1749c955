// Small helpers for reading YAML with line numbers and collecting plain-language diagnostics.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/diagnostic.h"
#include "engine/points.h"

namespace kieumau::yaml {

// 1-based line of a node (0 when the node has no position).
int Line(const YAML::Node& node);

class Sink {
 public:
  void Error(const YAML::Node& at, std::string message) { Error(Line(at), std::move(message)); }
  void Error(int line, std::string message) {
    diagnostics_.push_back({Severity::kError, line, std::move(message)});
  }
  void Warning(int line, std::string message) {
    diagnostics_.push_back({Severity::kWarning, line, std::move(message)});
  }
  bool has_errors() const;
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Reports every key of `map` not in `allowed`, and every key given twice. `what` names the mapping
// for people
// ("mục 3.1 (item 3.1)"). Returns false when `map` is not a mapping (also reported).
bool CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
               const std::string& what, Sink& sink);

// The scalar at `map[key]` as text; reports an error when it is required and absent, or not a
// scalar.
std::optional<std::string> GetString(const YAML::Node& map, const char* key, bool required,
                                     const std::string& what, Sink& sink);
std::optional<double> GetNumber(const YAML::Node& map, const char* key, bool required,
                                const std::string& what, Sink& sink);
std::optional<bool> GetBool(const YAML::Node& map, const char* key, const std::string& what,
                            Sink& sink);
// Points: a number >= 0 that is a multiple of 0.25.
std::optional<Points> GetPoints(const YAML::Node& map, const char* key, bool required,
                                const std::string& what, Sink& sink);

}  // namespace kieumau::yaml
