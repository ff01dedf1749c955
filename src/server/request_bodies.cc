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

app::ProblemOr<LinkBody> ReadLinkBody(std::string_view body) {
  using Json = nlohmann::ordered_json;
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là {\"from\": mã số đơn vị, \"to\": mã số đơn vị} — số id của hai đơn vị (the "
      "body must be {\"from\": unit id, \"to\": unit id})",
      {}};
  if (JsonNestedDeeperThan(body)) return refused;
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || json.size() != 2) return refused;
  LinkBody link;
  for (const auto& [name, value] : json.items()) {
    if (!value.is_number_integer() || value.get<int64_t>() <= 0) return refused;
    if (name == "from") {
      link.from = value.get<int64_t>();
    } else if (name == "to") {
      link.to = value.get<int64_t>();
    } else {
      return refused;
    }
  }
  if (link.from == 0 || link.to == 0) return refused;
  return link;
}

}  // namespace kieumau::server
