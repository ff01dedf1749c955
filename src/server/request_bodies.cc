#include "server/request_bodies.h"

#include <nlohmann/json.hpp>

#include "engine/json_depth.h"

namespace kieumau::server {

namespace {

using Json = nlohmann::ordered_json;

// `body` parsed when it is a JSON object (not deeper than any valid body); nothing otherwise.
std::optional<Json> ParseObjectBody(std::string_view body) {
  if (JsonNestedDeeperThan(body)) return std::nullopt;
  Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

// The text member `name` of `object`: nothing when it is absent or not text.
std::optional<std::string> Text(const Json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// {"role": "officer", "unit": "09187" | null}.
std::optional<app::GrantRequest> GrantOf(const Json& json) {
  if (!json.is_object()) return std::nullopt;
  std::optional<std::string> role_key = Text(json, "role");
  std::optional<Role> role = role_key ? ParseRole(*role_key) : std::nullopt;
  if (!role) return std::nullopt;
  app::GrantRequest grant{*role, ""};
  auto unit = json.find("unit");
  if (unit != json.end() && !unit->is_null()) {
    if (!unit->is_string() || unit->get<std::string>().empty()) return std::nullopt;
    grant.unit_code = unit->get<std::string>();
  }
  for (const auto& [name, value] : json.items())
    if (name != "role" && name != "unit") return std::nullopt;
  return grant;
}

}  // namespace

app::ProblemOr<std::vector<app::FactEntry>> ReadFactsBody(std::string_view body) {
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là một đối tượng JSON {\"chỉ tiêu\": giá trị hoặc null} (the body must be a "
      "JSON object of indicator values)",
      {}};
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json || json->empty()) return refused;
  std::vector<app::FactEntry> entries;
  entries.reserve(json->size());
  for (const auto& [name, value] : json->items()) {
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
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json || json->size() != 2) return refused;
  LinkBody link;
  for (const auto& [name, value] : json->items()) {
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

app::ProblemOr<SignInBody> ReadSignInBody(std::string_view body) {
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là {\"username\": \"…\", \"password\": \"…\"} (the body "
      "must be {\"username\", \"password\"})"};
  if (body.size() > 4096) return refused;
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json) return refused;
  std::optional<std::string> username = Text(*json, "username");
  std::optional<std::string> password = Text(*json, "password");
  if (!username || !password) return refused;
  return SignInBody{std::move(*username), std::move(*password)};
}

app::ProblemOr<PasswordChangeBody> ReadPasswordChangeBody(std::string_view body) {
  const app::Problem refused{app::ErrorCode::kBadRequest,
                             "Nội dung phải là {\"current\": \"mật khẩu hiện tại\", \"password\": "
                             "\"mật khẩu mới\"} (the body must be {\"current\", \"password\"})"};
  if (body.size() > 4096) return refused;
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json) return refused;
  std::optional<std::string> current = Text(*json, "current");
  std::optional<std::string> password = Text(*json, "password");
  if (!current || !password) return refused;
  return PasswordChangeBody{std::move(*current), std::move(*password)};
}

app::ProblemOr<std::string> ReadPasswordBody(std::string_view body) {
  const app::Problem refused{app::ErrorCode::kBadRequest,
                             "Nội dung phải là {\"password\": \"mật khẩu mới\"} (the body must be "
                             "{\"password\"})"};
  if (body.size() > 4096) return refused;
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json) return refused;
  std::optional<std::string> password = Text(*json, "password");
  if (!password) return refused;
  return *password;
}

app::ProblemOr<app::GrantRequest> ReadGrantBody(std::string_view body) {
  const std::optional<Json> json = ParseObjectBody(body);
  std::optional<app::GrantRequest> grant = json ? GrantOf(*json) : std::nullopt;
  if (!grant) {
    return app::BadRequest(
        "Nội dung phải là {\"role\": officer | appraiser | province_admin | national_admin | "
        "viewer | auditor, \"unit\": \"mã đơn vị\" hoặc null (cả nước)} (the body must be "
        "{\"role\", \"unit\"})");
  }
  return *grant;
}

app::ProblemOr<app::NewAccount> ReadNewAccountBody(std::string_view body) {
  const app::Problem refused{
      app::ErrorCode::kBadRequest,
      "Nội dung phải là {\"username\", \"name\", \"password\", \"grants\": [{\"role\", \"unit\"}]} "
      "(the body must be {\"username\", \"name\", \"password\", \"grants\"})"};
  if (body.size() > 65536) return refused;
  const std::optional<Json> json = ParseObjectBody(body);
  if (!json) return refused;
  app::NewAccount account;
  std::optional<std::string> username = Text(*json, "username");
  std::optional<std::string> password = Text(*json, "password");
  if (!username || !password) return refused;
  account.username = std::move(*username);
  account.password = std::move(*password);
  account.display_name = Text(*json, "name").value_or("");
  auto grants = json->find("grants");
  if (grants != json->end()) {
    if (!grants->is_array() || grants->size() > 100) return refused;
    for (const Json& item : *grants) {
      std::optional<app::GrantRequest> grant = GrantOf(item);
      if (!grant) return refused;
      account.grants.push_back(std::move(*grant));
    }
  }
  return account;
}

}  // namespace kieumau::server
