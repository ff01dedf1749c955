#include "server/api.h"

#include <nlohmann/json.hpp>

#include "engine/excerpt.h"
#include "engine/scoring.h"
#include "engine/unit_kind.h"
#include "load/facts_json.h"
#include "load/file.h"
#include "load/result_writer.h"
#include "server/api/json.h"

namespace kieumau::server {

namespace {

Json UnitKinds(const Rubric& rubric) {
  Json kinds = Json::array();
  for (UnitKind kind : rubric.unit_kinds)
    kinds.push_back(UnitKindKey(kind));
  return kinds;
}

Response UnknownRubric(std::string_view id) {
  return ErrorResponse(app::ErrorCode::kNotFound,
                       "Không có bộ tiêu chí \"" + Excerpt(id) + "\" (no such rubric)");
}

Response Health(const Request&) {
  return JsonResponse(200, R"({"status":"ok"})");
}

Response OpenApi(const Request&) {
  return JsonResponse(200, std::string(OpenApiJson()));
}

Response Score(const Request& request, const ScoringData& data) {
  std::optional<std::string> id = request.QueryParam("rubric");
  if (!id || id->empty()) {
    return ErrorResponse(app::ErrorCode::kBadRequest,
                         "Thiếu tham số rubric: mã bộ tiêu chí để chấm, ví dụ ?rubric=qn-ancs-2023 "
                         "(the rubric query parameter is missing)");
  }
  const Rubric* rubric = data.FindRubric(*id);
  if (rubric == nullptr) return UnknownRubric(*id);
  ScoreReply reply = ScoreFacts(*rubric, data.catalogue, request.body);
  if (!reply.json) {
    return ErrorResponse(app::ErrorCode::kInvalidFacts,
                         "Số liệu không hợp lệ, không chấm điểm đơn vị nào (the facts are invalid; "
                         "nothing was scored)",
                         reply.errors);
  }
  return JsonResponse(200, std::move(*reply.json));
}

}  // namespace

const Rubric* ScoringData::FindRubric(std::string_view id) const {
  for (const Rubric& rubric : rubrics) {
    if (rubric.id == id) return &rubric;
  }
  return nullptr;
}

ScoreReply ScoreFacts(const Rubric& rubric, const Catalogue& catalogue, std::string facts) {
  // The parser reads in place when the text has this much spare capacity.
  facts.reserve(facts.size() + kReadPadding);
  LoadedFacts loaded = ParseFacts(facts, rubric, catalogue);
  ScoreReply reply;
  if (!loaded.batch) {
    reply.errors = std::move(loaded.errors);
    return reply;
  }
  const FactsBatch& batch = *loaded.batch;
  std::string out;
  WriteResultsJsonBegin(rubric, batch.year, out);
  UnitResult result;
  for (size_t u = 0; u < batch.units.size(); ++u) {
    ScoreUnitInto(rubric, catalogue, batch.units[u], result);
    WriteUnitJson(rubric, batch.units[u], result, u == 0, out);
  }
  WriteResultsJsonEnd(out);
  reply.json = std::move(out);
  return reply;
}

std::string RubricListJson(const std::vector<Rubric>& rubrics) {
  Json list = Json::array();
  for (const Rubric& rubric : rubrics) {
    list.push_back({{"id", rubric.id},
                    {"title", rubric.title},
                    {"unit_kinds", UnitKinds(rubric)},
                    {"max", PointsJson(rubric.max)}});
  }
  return Dump(list);
}

std::string RubricJson(const Rubric& rubric) {
  Json json = {{"id", rubric.id},
               {"title", rubric.title},
               {"source", rubric.source},
               {"unit_kinds", UnitKinds(rubric)},
               {"max", PointsJson(rubric.max)}};
  if (rubric.pass) {
    Json pass = {{"all_mandatory", rubric.pass->all_mandatory}};
    if (rubric.pass->min_points) pass["min_points"] = PointsJson(*rubric.pass->min_points);
    json["pass"] = std::move(pass);
  }
  Json vetoes = Json::array();
  for (const Veto& veto : rubric.vetoes)
    vetoes.push_back({{"id", veto.id}, {"text", veto.text}});
  json["vetoes"] = std::move(vetoes);
  Json groups = Json::array();
  for (const Group& group : rubric.groups) {
    Json criteria = Json::array();
    for (size_t c = group.first_criterion; c < group.first_criterion + group.criterion_count; ++c) {
      const Criterion& criterion = rubric.criteria[c];
      Json items = Json::array();
      for (size_t i = criterion.first_item; i < criterion.first_item + criterion.item_count; ++i) {
        const Item& item = rubric.items[i];
        items.push_back({{"id", item.id},
                         {"text", item.text},
                         {"max", PointsJson(item.points)},
                         {"mandatory", item.mandatory},
                         {"manual", item.has_manual}});
      }
      criteria.push_back({{"id", criterion.id},
                          {"title", criterion.title},
                          {"max", PointsJson(criterion.max)},
                          {"items", std::move(items)}});
    }
    groups.push_back({{"id", group.id},
                      {"title", group.title},
                      {"max", PointsJson(group.max)},
                      {"criteria", std::move(criteria)}});
  }
  json["groups"] = std::move(groups);
  return Dump(json);
}

void AddApiRoutes(Router& router, const ScoringData& data) {
  // Only the health check is open to a visitor who has not signed in; the rest to anyone signed
  // in (the criteria sets and scoring a file of one's own involve no stored data).
  router.Add("GET", "/api/health", Guard::Public(), Health);
  router.Add("GET", "/api/openapi.json", Guard::SignedIn(), OpenApi);
  router.Add("GET", "/api/rubrics", Guard::SignedIn(),
             [&data](const Request&) { return JsonResponse(200, RubricListJson(data.rubrics)); });
  router.Add("GET", "/api/rubrics/{id}", Guard::SignedIn(), [&data](const Request& request) {
    const Rubric* rubric = data.FindRubric(request.Param("id"));
    if (rubric == nullptr) return UnknownRubric(request.Param("id"));
    return JsonResponse(200, RubricJson(*rubric));
  });
  router.Add(
      "POST", "/api/score", Guard::SignedIn(),
      [&data](const Request& request) { return Score(request, data); }, Work::kCpu);
}

}  // namespace kieumau::server
