// Scorecards over HTTP: one unit's stored scorecard, and a province's units scored, in the shape
// `kieumau score` writes (RUBRIC-FORMAT.md §8, written by load/result_writer.h).
#include "load/result_writer.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"

namespace kieumau::server {

namespace {

// {"unit","year","rubric","rubric_hash","computed_at","result":{…}}: the result is the stored
// document, sent byte for byte as it was stored (its key order included), not parsed and written
// again.
std::string ScorecardText(const app::Scorecard& scorecard) {
  std::string out = Dump(Json{{"unit", scorecard.unit},
                              {"year", scorecard.year},
                              {"rubric", scorecard.rubric},
                              {"rubric_hash", scorecard.rubric_hash},
                              {"computed_at", TimestampText(scorecard.computed_at)}});
  out.pop_back();  // the closing brace
  out += ",\"result\":";
  out += scorecard.result_json;
  out += '}';
  return out;
}

std::string ProvinceScoresText(const app::ProvinceScores& scores) {
  std::string out;
  WriteResultsJsonBegin(*scores.rubric, scores.year, out);
  for (size_t i = 0; i < scores.units.size(); ++i)
    app::AppendStoredResultJson(*scores.rubric, *scores.catalogue, scores.units[i], i == 0, out);
  WriteResultsJsonEnd(out);
  return out;
}

// The year and the criteria set (?year=&rubric=) a scoring request names.
template <typename F>
Response WithYearAndRubric(const Request& request, F f) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<std::string> rubric = RequiredParam(request, "rubric", "bn-capkm-2024");
  if (!rubric) return ProblemResponse(rubric.error());
  return f(*year, *rubric);
}

Response UnitScorecard(app::Services& services, const Request& request) {
  return WithYearAndRubric(request, [&](int year, const std::string& rubric) {
    app::ProblemOr<app::Scorecard> scorecard =
        services.scoring().UnitScorecard(request.Param("code"), year, rubric, ScopeOf(request));
    if (!scorecard) return ProblemResponse(scorecard.error());
    return JsonResponse(200, ScorecardText(*scorecard));
  });
}

Response ProvinceScores(app::Services& services, const Request& request) {
  return WithYearAndRubric(request, [&](int year, const std::string& rubric) {
    app::ProblemOr<app::ProvinceScores> scores =
        services.scoring().Province(request.Param("code"), year, rubric, ScopeOf(request));
    if (!scores) return ProblemResponse(scores.error());
    return JsonResponse(200, ProvinceScoresText(*scores));
  });
}

}  // namespace

void AddScoringRoutes(Router& router, app::Services* services) {
  const Guard read = Guard::Needs(app::Permission::kRead);
  router.Add("GET", "/api/units/{code}/scorecard", read, WithServices(services, UnitScorecard),
             Work::kCpu);
  router.Add("GET", "/api/provinces/{code}/scores", read, WithServices(services, ProvinceScores),
             Work::kCpu);
}

}  // namespace kieumau::server
