// The prior year across a reorganisation over HTTP: a province's units that need restated
// prior-year figures (JSON), their ready-to-fill template (CSV or xlsx) and its import, and the
// confirmation of a link the data only infers.
#include <fmt/format.h>

#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"
#include "server/api/table_file.h"
#include "server/request_bodies.h"

namespace kieumau::server {

namespace {

std::string_view ShareText(Share share) {
  return share == Share::kWhole ? "whole" : "part";
}

Json LinkJson(const app::InferredLink& link, const app::World* world) {
  const LinkConfirmationRecord* confirmation =
      world != nullptr ? world->Confirmation(link.from, link.to) : nullptr;
  return Json{
      {"from", {{"id", link.from}, {"code", link.from_code}, {"name", link.from_name}}},
      {"to", {{"id", link.to}, {"code", link.to_code}, {"name", link.to_name}}},
      {"date", link.date.ToString()},
      {"share", ShareText(link.share)},
      {"basis", link.basis},
      {"confirmed", confirmation
                        ? ConfirmationJson(*confirmation, world->ConfirmerName(confirmation->actor))
                        : Json(nullptr)}};
}

Json SourceJson(const Catalogue& catalogue, const app::PriorSource& source) {
  const Indicator& indicator = catalogue.at(source.slot);
  Json json{{"indicator", indicator.name},
            {"title", indicator.title},
            {"source", app::PriorKindKey(source.kind)},
            {"needs", source.need == app::PriorNeed::kNone ? Json(nullptr)
                                                           : Json(app::PriorNeedKey(source.need))},
            {"text", source.text},
            {"text_en", source.text_en}};
  return json;
}

// Year and criteria set of a restated request (?year=&rubric=).
template <typename F>
Response WithRestatedParams(const Request& request, F f) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<std::string> rubric = RequiredParam(request, "rubric", "qn-ancs-2023");
  if (!rubric) return ProblemResponse(rubric.error());
  return f(*year, *rubric);
}

Response Restated(app::Services& services, const Request& request) {
  return WithRestatedParams(request, [&](int year, const std::string& rubric) {
    app::ProblemOr<std::shared_ptr<const app::World>> world = services.context().GetWorld();
    if (!world) return ProblemResponse(world.error());
    const Catalogue& catalogue = services.context().catalogue();
    return Reply(
        services.prior_year().Restated(request.Param("code"), year, rubric, ScopeOf(request)),
        [&](const app::RestatedList& list) {
          Json units = Json::array();
          size_t done = 0;
          for (const app::RestatedUnit& unit : list.units) {
            Json sources = Json::array();
            for (const app::PriorSource& source : unit.sources)
              sources.push_back(SourceJson(catalogue, source));
            Json links = Json::array();
            for (const app::InferredLink& link : unit.links)
              links.push_back(LinkJson(link, world->get()));
            done += unit.done ? 1 : 0;
            units.push_back({{"id", unit.id},
                             {"code", unit.code},
                             {"name", unit.name},
                             {"kind", UnitKindKey(unit.kind)},
                             {"done", unit.done},
                             {"indicators", std::move(sources)},
                             {"links", std::move(links)}});
          }
          return Json{{"province", list.province},
                      {"province_name", list.province_name},
                      {"year", list.year},
                      {"prior_year", list.year - 1},
                      {"rubric", list.rubric},
                      {"count", list.units.size()},
                      {"done", done},
                      {"units", std::move(units)}};
        });
  });
}

Response RestatedTemplate(app::Services& services, const Request& request) {
  return WithRestatedParams(request, [&](int year, const std::string& rubric) {
    app::ProblemOr<TableFileFormat> format = FormatParam(request);
    if (!format) return ProblemResponse(format.error());
    const std::string code(request.Param("code"));
    app::ProblemOr<app::FactsTable> table =
        services.prior_year().RestatedTemplate(code, year, rubric, ScopeOf(request));
    if (!table) return ProblemResponse(table.error());
    return TableFileResponse(
        services.context().catalogue(), *table, *format,
        fmt::format("kieumau-so-lieu-nhap-lai-{}-tinh-{}-theo-dia-gioi-{}", year - 1, code, year),
        fmt::format("Nhập lại {} (địa giới {})", year - 1, year));
  });
}

Response ImportRestated(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(
      services.prior_year().ImportRestated(request.Param("code"), *year, request.body,
                                           ActorOf(request, FactSource::kImport), ScopeOf(request)),
      [](const app::ImportSummary& summary) { return ImportSummaryJson(summary); });
}

Response ConfirmLink(app::Services& services, const Request& request) {
  app::ProblemOr<LinkBody> body = ReadLinkBody(request.body);
  if (!body) return ProblemResponse(body.error());
  return Reply(services.prior_year().ConfirmLink(
                   body->from, body->to, ActorOf(request, FactSource::kApi), ScopeOf(request)),
               [](const app::ConfirmedLink& confirmed) {
                 Json json = LinkJson(confirmed.link, nullptr);
                 json["confirmed"] =
                     ConfirmationJson(confirmed.confirmation, confirmed.confirmed_by);
                 json["scorecards_recomputed"] = confirmed.scorecards_recomputed;
                 return json;
               });
}

}  // namespace

void AddPriorYearRoutes(Router& router, app::Services* services) {
  // What needs restating is read by anyone who reads the province; restating and confirming need
  // the permission.
  const Guard read = Guard::Needs(app::Permission::kRead);
  const Guard restate = Guard::Needs(app::Permission::kRestate);
  router.Add("GET", "/api/provinces/{code}/restated", read, WithServices(services, Restated),
             Work::kCpu);
  router.Add("POST", "/api/provinces/{code}/restated", restate,
             WithServices(services, ImportRestated), Work::kCpu);
  router.Add("GET", "/api/provinces/{code}/restated/template", read,
             WithServices(services, RestatedTemplate), Work::kCpu);
  router.Add("POST", "/api/links/confirm", restate, WithServices(services, ConfirmLink),
             Work::kCpu);
}

}  // namespace kieumau::server
