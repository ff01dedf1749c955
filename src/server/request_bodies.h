// Request bodies read into the typed values the services take. Each reader refuses a body nested
// deeper than any valid one (engine/json_depth.h) before parsing it, and quotes at most a short
// prefix of what it refuses.
#pragma once

#include <string_view>
#include <vector>

#include "app/facts/facts_service.h"

namespace kieumau::server {

// The body of PUT /api/units/{code}/facts: a non-empty JSON object {"indicator": number | null, …},
// in the order sent. A value that is neither a number nor null is kept with `not_a_number` set, so
// that the service lists it with the other problems of the request. Anything else is 400
// "bad_request".
app::ProblemOr<std::vector<app::FactEntry>> ReadFactsBody(std::string_view body);

// The body of POST /api/links/confirm: {"from": unit id, "to": unit id}, both positive integers.
struct LinkBody {
  UnitId from = 0;
  UnitId to = 0;
};
app::ProblemOr<LinkBody> ReadLinkBody(std::string_view body);

}  // namespace kieumau::server
