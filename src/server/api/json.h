// What every JSON mapping of the API shares: the JSON type, numbers and points as the contract
// writes them, time stamps, and the one way a document becomes text.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/points.h"
#include "server/http.h"
#include "store/store.h"

namespace kieumau::server {

using Json = nlohmann::ordered_json;

// Compact text; invalid UTF-8 (echoed from a request) replaced rather than thrown on.
std::string Dump(const Json& json);

// Whole numbers as integers (26, not 26.0), others as they are; NaN as null.
Json NumberJson(double value);
// Points as the result writer writes them: whole points as integers.
Json PointsJson(Points points);
// An optional value, or null.
template <typename T>
Json OrNull(const std::optional<T>& value) {
  if (!value) return nullptr;
  return Json(*value);
}
// "2026-12-07T15:45:00Z".
std::string TimestampText(std::chrono::sys_seconds at);
// Who wrote: the user's id, or the kind of writer ("anonymous", "seed", …).
std::string WhoText(const WriteActor& actor);
// {"kind","user","address"} (schema Actor).
Json ActorJson(const WriteActor& actor);
// {"who","actor","at"} (schema Confirmation).
// `who` is the confirmer's username when known (`username`), else WhoText.
Json ConfirmationJson(const LinkConfirmationRecord& confirmation, std::string_view username = {});

}  // namespace kieumau::server
