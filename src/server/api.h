// The JSON API under /api/: its application functions (plain values in, JSON text out) and the
// routes that adapt requests to them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue.h"
#include "engine/rubric.h"
#include "server/router.h"

namespace kieumau::server {

// The catalogue and the criteria sets the server scores with, loaded once at start and only read
// afterwards, from any thread.
struct ScoringData {
  Catalogue catalogue;
  std::vector<Rubric> rubrics;

  // The rubric with `id`, or null.
  const Rubric* FindRubric(std::string_view id) const;
};

struct ScoreReply {
  std::optional<std::string> json;  // exactly what `kieumau score` writes, when the facts are valid
  std::vector<std::string> errors;  // else every problem, with the unit and the field
};
// Validates the facts file `facts` (RUBRIC-FORMAT.md §7) against `rubric` and scores every unit.
ScoreReply ScoreFacts(const Rubric& rubric, const Catalogue& catalogue, std::string facts);

// [{"id","title","unit_kinds","max"}] in the order given.
std::string RubricListJson(const std::vector<Rubric>& rubrics);
// One rubric: id, title, source, unit_kinds, max, pass rule, vetoes, and its groups, criteria and
// items with their maxima, in rubric order.
std::string RubricJson(const Rubric& rubric);
// The OpenAPI 3 description of every route AddApiRoutes adds.
std::string_view OpenApiJson();

// GET /api/health, GET /api/openapi.json, GET /api/rubrics, GET /api/rubrics/{id},
// POST /api/score?rubric=ID. `data` must outlive the router.
void AddApiRoutes(Router& router, const ScoringData& data);

}  // namespace kieumau::server
