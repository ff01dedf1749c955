// The API routes served from the store through service::System: programmes and roadmaps, units with
// their history, facts (template, import, export, history) and scorecards.
#pragma once

#include "server/router.h"
#include "service/system.h"

namespace kieumau::server {

// Adds the routes. `system` may be null (a server started without a database): they then answer
// 503. `system` must outlive the router.
// The OpenAPI 3 "paths" object of those routes (openapi.cc merges it into the document).
std::string_view SystemOpenApiPaths();

void AddSystemRoutes(Router& router, service::System* system);

}  // namespace kieumau::server
