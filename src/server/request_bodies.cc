#include "server/request_bodies.h"

#include <nlohmann/json.hpp>

#include "engine/json_depth.h"

namespace kieumau::server {

app::ProblemOr<std::vector<app::FactEntry>> ReadFactsBody(std::string_view body) {
  using Json = nlohmann::ordered_json;
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là một đối tượng JSON {\"chỉ tiêu\": giá trị hoặc null} (the body must be a "
      "JSON object of indicator values)",
      {}};
  if (JsonNestedDeeperThan(body)) return refused;
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || json.empty()) return refused;
  std::vector<app::FactEntry> entries;
  entries.reserve(json.size());
  for (const auto& [name, value] : json.items()) {
    app::FactEntry entry;
    entry.indicator = name;
    if (value.is_number()) {
      entry.value = value.get<double>();
    } else if (!value.is_null()) {
      entry.not_a_number = true;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace kieumau::server
