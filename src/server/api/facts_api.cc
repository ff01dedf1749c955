// Facts over HTTP: the yearly table as CSV or xlsx, its import, a unit's values (read, set,
// erased) and each value's history, as JSON.
#include "facts_io/fact_table.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"
#include "server/api/table_file.h"
#include "server/request_bodies.h"

namespace kieumau::server {

namespace {

// The table as the file a spreadsheet opens: the template and the export.
Response TableFile(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<TableFileFormat> format = FormatParam(request);
  if (!format) return ProblemResponse(format.error());
  app::ProblemOr<app::FactsTable> table =
      services.facts().Table(*year, Param(request, "within"), ScopeOf(request));
  if (!table) return ProblemResponse(table.error());
  const std::string year_text = std::to_string(*year);
  return TableFileResponse(services.context().catalogue(), *table, *format,
                           "kieumau-so-lieu-" + year_text, "Số liệu " + year_text);
}

Response Import(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ImportScope scope;
  scope.access = &ScopeOf(request);
  return Reply(
      services.facts().Import(*year, request.body, ActorOf(request, FactSource::kImport), scope),
      [](const app::ImportSummary& summary) { return ImportSummaryJson(summary); });
}

Response PutFacts(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<std::vector<app::FactEntry>> entries = ReadFactsBody(request.body);
  if (!entries) return ProblemResponse(entries.error());
  return Reply(
      services.facts().Put(request.Param("code"), *year, *entries,
                           ActorOf(request, FactSource::kApi), ScopeOf(request)),
      [](const app::PutSummary& summary) {
        return WrittenJson(Json{{"unit", summary.unit}, {"year", summary.year}}, summary.written);
      });
}

Json ValuesJson(const app::NamedValues& values) {
  Json json = Json::object();
  for (const auto& [name, value] : values)
    json[name] = NumberJson(value);
  return json;
}

Response GetFacts(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(services.facts().UnitFacts(request.Param("code"), *year, ScopeOf(request)),
               [](const app::UnitFactsView& view) {
                 return Json{{"unit", view.unit},
                             {"name", view.name},
                             {"year", view.year},
                             {"values", ValuesJson(view.values)},
                             {"prior", ValuesJson(view.prior)}};
               });
}

// `who` names a user by username when known.
Json ChangeJson(const FactChange& change, const app::FactHistoryView& view) {
  const WriteActor& actor = change.actor;
  auto username = view.usernames.find(actor.user);
  return Json{{"old", change.old_value ? NumberJson(*change.old_value) : Json(nullptr)},
              {"new", change.new_value ? NumberJson(*change.new_value) : Json(nullptr)},
              {"who", username != view.usernames.end() ? username->second : WhoText(actor)},
              {"actor", ActorJson(actor)},
              {"at", TimestampText(change.at)},
              {"source", FactSourceKey(actor.channel)}};
}

Response History(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(services.facts().History(request.Param("code"), request.Param("indicator"), *year,
                                        ScopeOf(request)),
               [](const app::FactHistoryView& view) {
                 Json changes = Json::array();
                 for (const FactChange& change : view.changes)
                   changes.push_back(ChangeJson(change, view));
                 return Json{{"unit", view.unit},
                             {"indicator", view.indicator},
                             {"year", view.year},
                             {"changes", std::move(changes)}};
               });
}

}  // namespace

void AddFactsRoutes(Router& router, app::Services* services) {
  const Guard read = Guard::Needs(app::Permission::kRead);
  const Guard enter = Guard::Needs(app::Permission::kEnterFacts);
  router.Add("GET", "/api/units/{code}/facts", read, WithServices(services, GetFacts), Work::kCpu);
  router.Add("PUT", "/api/units/{code}/facts", enter, WithServices(services, PutFacts), Work::kCpu);
  router.Add("GET", "/api/units/{code}/facts/{indicator}/history", read,
             WithServices(services, History), Work::kCpu);
  // The template is for the units the user enters facts for; the export for those it reads.
  router.Add("GET", "/api/facts/template", enter, WithServices(services, TableFile), Work::kCpu);
  router.Add("GET", "/api/facts/export", read, WithServices(services, TableFile), Work::kCpu);
  router.Add("POST", "/api/facts/import", enter, WithServices(services, Import), Work::kCpu);
}

}  // namespace kieumau::server
