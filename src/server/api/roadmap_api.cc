// Programmes over HTTP: /api/about, the programmes, each one's roadmap and force figures, and the
// national roadmap, as JSON.
#include "engine/unit_kind.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"

namespace kieumau::server {

namespace {

Json AboutJson(const app::AboutView& about) {
  Json json = {{"backend", about.backend}, {"schema_version", about.schema_version}};
  if (about.demo) {
    json["demo"] = {{"province", OrNull(about.demo_province)}, {"note", about.demo_note}};
  } else {
    json["demo"] = nullptr;
  }
  return json;
}

Json ProgrammesJson(const app::ProgrammeList& list) {
  Json json = Json::array();
  const bool demo = list.world->demo().has_value();
  for (const app::ProgrammeView& view : list.programmes) {
    const Programme& p = view.entry->programme;
    Json years = Json::array();
    for (const RoadmapEntry& row : p.roadmap)
      years.push_back(row.year);
    json.push_back({{"id", p.id},
                    {"title", p.title},
                    {"province", p.province},
                    {"province_code", OrNull(view.province_code)},
                    {"decision",
                     {{"number", p.decision.number},
                      {"date", p.decision.date},
                      {"signed_by", p.decision.signed_by}}},
                    {"unit_kind", UnitKindKey(p.unit_kind)},
                    {"rubric", p.rubric_id},
                    {"years", std::move(years)},
                    {"demo", demo}});
  }
  return json;
}

Json RoadmapRowJson(const RoadmapYear& row) {
  return Json{{"year", row.year},
              {"units", row.units},
              {"target", row.target},
              {"recognised", row.recognised},
              {"passing", row.passing},
              {"failing", row.failing},
              {"not_assessed", row.not_assessed},
              {"gap", row.gap}};
}

Json ToJson(const std::shared_ptr<const app::RoadmapView>& view) {
  const Programme& programme = view->entry->programme;
  Json years = Json::array();
  for (const RoadmapYear& row : view->years) {
    Json json = RoadmapRowJson(row);
    json["rule"] = {
        {"comparison", row.share.comparison == ShareComparison::kAbove ? "above" : "at_least"},
        {"percent", NumberJson(row.share.percent.ToDouble())}};
    if (!row.review.empty()) json["review"] = row.review;
    years.push_back(std::move(json));
  }
  Json changes = Json::array();
  for (const app::BaseChange& c : view->base_changes) {
    Json ended = Json::array();
    for (const app::EndedRecognised& e : c.recognised_ended) {
      Json successors = Json::array();
      for (const auto& [code, name] : e.successors)
        successors.push_back({{"code", code}, {"name", name}});
      ended.push_back({{"code", e.code},
                       {"name", e.name},
                       {"recognised_year", e.year},
                       {"successors", std::move(successors)}});
    }
    changes.push_back(
        {{"date", c.date.ToString()},
         {"province_before", {{"code", c.province_before}, {"name", c.province_before_name}}},
         {"province_after", {{"code", c.province_after}, {"name", c.province_after_name}}},
         {"units_before", c.units_before},
         {"units_after", c.units_after},
         {"ended", c.ended},
         {"created", c.created},
         {"retyped", c.retyped},
         {"recognised_ended", std::move(ended)},
         {"reason", c.reason}});
  }
  return Json{{"programme", programme.id},
              {"province", programme.province},
              {"unit_kind", UnitKindKey(programme.unit_kind)},
              {"rubric", programme.rubric_id},
              {"demo", view->world->demo().has_value()},
              {"years", std::move(years)},
              {"base_changes", std::move(changes)}};
}

Json ToJson(const std::shared_ptr<const app::NationalRoadmap>& national) {
  Json years = Json::array();
  for (const app::NationalRoadmapYear& row : national->years) {
    Json json = RoadmapRowJson(row.total);
    json["programmes"] = row.programmes;
    years.push_back(std::move(json));
  }
  return Json{{"programmes", national->programmes}, {"years", std::move(years)}};
}

Json MissingJson(const std::vector<MissingValues>& missing) {
  Json list = Json::array();
  for (const MissingValues& m : missing)
    list.push_back({{"unit", m.unit}, {"indicators", m.indicators}});
  return list;
}

template <typename T>
Json OptionalNumber(const std::optional<T>& value) {
  if (!value) return nullptr;
  return NumberJson(static_cast<double>(*value));
}

Json ForceJson(const app::ForceView& view) {
  const ForceSummary& s = view.report.summary;
  Json json = {{"programme", view.entry->programme.id},
               {"year", view.year},
               {"units", s.units},
               {"officers", OptionalNumber(s.officers)},
               {"officers_per_unit", OrNull(s.officers_per_unit())},
               // The programme's minimum of officers per unit, and the figures measured against it.
               {"min_officers", s.min_officers},
               {"units_with_at_least_min", OptionalNumber(s.units_with_at_least_min)},
               {"officers_needed_for_min", OptionalNumber(s.officers_needed_for_min)},
               {"missing", MissingJson(s.missing)},
               {"demo", view.world->demo().has_value()}};
  Json targets = Json::array();
  for (const ForceTargetResult& t : view.report.targets) {
    Json target = {{"by", t.target->by},
                   {"share_of", ShareOfKey(t.target->share_of)},
                   {"at_least_percent", NumberJson(t.target->at_least_percent.ToDouble())}};
    if (t.target->condition) target["condition"] = t.target->condition->text();
    if (t.target->measure) target["measure"] = t.target->measure->text();
    target["met"] = NumberJson(t.met);
    if (t.target->share_of == ShareOf::kWards) target["not_met"] = t.not_met;
    target["base"] = OptionalNumber(t.base);
    target["share_percent"] = t.share_percent ? NumberJson(*t.share_percent) : Json(nullptr);
    target["required"] = OptionalNumber(t.required);
    target["shortfall"] = t.shortfall ? NumberJson(*t.shortfall) : Json(nullptr);
    target["zero_base"] = t.zero_base;
    target["missing"] = MissingJson(t.missing);
    targets.push_back(std::move(target));
  }
  json["targets"] = std::move(targets);
  return json;
}

Response Force(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(services.roadmap().Force(request.Param("id"), *year, ScopeOf(request)), ForceJson);
}

}  // namespace

// A roadmap's JSON text, kept in the application's cache beside the roadmap it renders (and dropped
// with it): the most requested answers are sent without being written anew each time.
template <typename Compute>
Response CachedJson(app::Services& services, const std::string& key, Compute compute) {
  app::ProblemOr<std::shared_ptr<const std::string>> text =
      services.context().cache().Computed<std::string>("json:" + key,
                                                       [&]() -> app::ProblemOr<std::string> {
                                                         auto answer = compute();
                                                         if (!answer) return answer.error();
                                                         return Dump(ToJson(*answer));
                                                       });
  if (!text) return ProblemResponse(text.error());
  return JsonResponse(200, **text);
}

void AddRoadmapRoutes(Router& router, app::Services* services) {
  const Guard read = Guard::Needs(app::Permission::kRead);
  router.Add("GET", "/api/about", Guard::SignedIn(),
             WithServices(services, [](app::Services& s, const Request&) {
               return Reply(s.About(), AboutJson);
             }));
  router.Add("GET", "/api/programmes", read,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            return Reply(s.roadmap().Programmes(ScopeOf(request)), ProgrammesJson);
                          }),
             Work::kCpu);
  // The roadmaps are asked for first (the scope checked, the roadmap cached), then their JSON
  // text is taken from the cache.
  router.Add("GET", "/api/programmes/{id}/roadmap", read,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            const std::string id(request.Param("id"));
                            auto roadmap = s.roadmap().Roadmap(id, ScopeOf(request));
                            if (!roadmap) return ProblemResponse(roadmap.error());
                            return CachedJson(s, "roadmap:" + id, [&] { return roadmap; });
                          }),
             Work::kCpu);
  router.Add("GET", "/api/roadmap", read,
             WithServices(services,
                          [](app::Services& s, const Request& request) {
                            auto national = s.roadmap().National(ScopeOf(request));
                            if (!national) return ProblemResponse(national.error());
                            return CachedJson(s, "roadmap:", [&] { return national; });
                          }),
             Work::kCpu);
  router.Add("GET", "/api/programmes/{id}/force", read, WithServices(services, Force), Work::kCpu);
}

void AddDataRoutes(Router& router, app::Services* services) {
  // In the order the OpenAPI document lists them.
  AddRoadmapRoutes(router, services);
  AddUnitsRoutes(router, services);
  AddFactsRoutes(router, services);
  AddScoringRoutes(router, services);
  AddPriorYearRoutes(router, services);
  AddSessionRoutes(router, services);
  AddAccountsRoutes(router, services);
  AddAuditRoutes(router, services);
}

}  // namespace kieumau::server
