// Request bodies read into the typed values the services take. Each reader refuses a body nested
// deeper than any valid one (engine/json_depth.h) before parsing it, and quotes at most a short
// prefix of what it refuses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/user_admin.h"
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

// POST /api/session: {"username": text, "password": text}.
struct SignInBody {
  std::string username;
  std::string password;
};
app::ProblemOr<SignInBody> ReadSignInBody(std::string_view body);

// POST /api/session/password: {"current": text, "password": text}.
struct PasswordChangeBody {
  std::string current;
  std::string password;
};
app::ProblemOr<PasswordChangeBody> ReadPasswordChangeBody(std::string_view body);

// POST /api/users/{id}/password: {"password": text}.
app::ProblemOr<std::string> ReadPasswordBody(std::string_view body);

// POST /api/users/{id}/grants: {"role": key, "unit": code | null (the nation)}.
app::ProblemOr<app::GrantRequest> ReadGrantBody(std::string_view body);

// POST /api/users: {"username", "name" (optional), "password", "grants": [grant, …] (optional)}.
app::ProblemOr<app::NewAccount> ReadNewAccountBody(std::string_view body);

}  // namespace kieumau::server
