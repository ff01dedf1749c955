#include "server/api/json.h"

#include <cstdio>

namespace kieumau::server {

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json NumberJson(double value) {
  if (std::isnan(value)) return nullptr;
  if (value == std::floor(value) && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  return value;
}

Json PointsJson(Points points) {
  if (points.quarters() % 4 == 0) return points.quarters() / 4;
  return points.ToDouble();
}

std::string TimestampText(std::chrono::sys_seconds at) {
  const auto days = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(at - days);
  char buffer[96];  // room for any value the format could take (GCC checks)
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buffer;
}

std::string WhoText(const WriteActor& actor) {
  return actor.kind == ActorKind::kUser ? actor.user : std::string(ActorKindKey(actor.kind));
}

Json ActorJson(const WriteActor& actor) {
  return Json{{"kind", ActorKindKey(actor.kind)},
              {"user", actor.user.empty() ? Json(nullptr) : Json(actor.user)},
              {"address", actor.address.empty() ? Json(nullptr) : Json(actor.address)}};
}

Json ConfirmationJson(const LinkConfirmationRecord& confirmation, std::string_view username) {
  return Json{{"who", username.empty() ? WhoText(confirmation.actor) : std::string(username)},
              {"actor", ActorJson(confirmation.actor)},
              {"at", TimestampText(confirmation.at)}};
}

}  // namespace kieumau::server
