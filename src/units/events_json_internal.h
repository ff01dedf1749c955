// Between the two readers of event payloads (events_json.cc): the fast one, tried first.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "units/events.h"

namespace kieumau::events_json_internal {

// The event of the kind at `kind` (its index in UnitEventValue) dated `date`, when `payload` is
// one the full reader accepts as it is; nothing otherwise (then the full reader reads it and names
// what is wrong). Never accepts what the full reader refuses.
std::optional<UnitEventValue> ParseFast(std::size_t kind, Date date, std::string_view payload);

}  // namespace kieumau::events_json_internal
