// The reorganisation events as the store keeps them: a kind (EventKey), a date (YYYY-MM-DD) and
// the event's details as a JSON text. Pure: strings in, value types out.
//
// The payload of each kind (ids are unit ids, integers >= 1; a field shown with ? may be absent
// or null, and is then empty):
//   create          {"unit": NEW}
//   rename          {"unit": id, "name": "…"}
//   reparent        {"unit": id, "parent": id}
//   change_kind     {"unit": id, "kind": "phuong"|"xa"|"thi_tran"|"dac_khu"}
//   update_figures  {"unit": id, "population"?: integer, "area_m2"?: number}
//   merge           {"sources": [id, …], "into": id}      into an existing unit, which continues
//                   {"sources": [id, …], "into": NEW}     into a new unit created that day
//   split           {"source": id, "parts": [NEW, …]}
//   abolish         {"unit": id}
//   abolish_level   {"level": "district", "province"?: id}
// where NEW is {"id": id, "code": "…", "name": "…", "level": "province"|"district"|"commune",
// "kind"?: …, "parent"?: id, "population"?: integer, "area_m2"?: number}. Unknown fields are
// refused. The codec checks the shape only; whether the event can happen (units exist, parents of
// the right level, …) is the registry's to say.
#pragma once

#include <string>
#include <string_view>

#include "engine/result.h"
#include "units/events.h"

namespace kieumau {

// The payload of `event` as a compact JSON text; its kind is EventKey(event), its date
// EventDate(event).ToString(). Empty fields are left out; bytes of a name or code that are not
// UTF-8 are written as U+FFFD.
std::string UnitEventPayloadJson(const UnitEventValue& event);

// The event of `kind` (an EventKey) dated `date` (YYYY-MM-DD) with `payload_json`; an error
// naming the kind, the date and the field at fault (Vietnamese, then English): an unknown kind, a
// bad date, a text that is not JSON, a missing or unknown field, a value of the wrong type or out
// of its range.
Result<UnitEventValue> ParseUnitEvent(std::string_view kind, std::string_view date,
                                      std::string_view payload_json);

}  // namespace kieumau
