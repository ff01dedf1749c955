// Facts over HTTP: the yearly table as CSV or xlsx, its import, a unit's values (read, set,
// erased) and each value's history, as JSON.
#include "facts_io/fact_table.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"
#include "server/request_bodies.h"

namespace kieumau::server {

namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Response FileResponse(std::string content_type, std::string file_name, std::string body) {
  Response response;
  response.status = 200;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file_name + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The table as the file a spreadsheet opens: the template and the export.
Response TableFile(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<TableFileFormat> format = FormatParam(request);
  if (!format) return ProblemResponse(format.error());
  app::ProblemOr<app::FactsTable> table = services.facts().Table(*year, Param(request, "within"));
  if (!table) return ProblemResponse(table.error());
  const Catalogue& catalogue = services.context().catalogue();
  const std::string base = "kieumau-so-lieu-" + std::to_string(*year);
  if (*format == TableFileFormat::kCsv) {
    std::string csv = WriteFactTableCsv(catalogue, table->rows);
    // The API's CSV starts with its header, as the contract says; xlsx is there for Excel.
    if (csv.rfind("\xEF\xBB\xBF", 0) == 0) csv.erase(0, 3);
    return FileResponse("text/csv; charset=utf-8", base + ".csv", std::move(csv));
  }
  Result<std::string> xlsx =
      WriteFactTableXlsx(catalogue, table->rows, "Số liệu " + std::to_string(*year));
  if (!xlsx) return ProblemResponse(app::FromError(xlsx.error(), app::ErrorCode::kInternal));
  return FileResponse(std::string(kXlsxType), base + ".xlsx", std::move(*xlsx));
}

Json WrittenJson(Json json, const app::WriteSummary& written) {
  json["values"] = written.values;
  json["changed"] = written.changed;
  json["unchanged"] = written.unchanged;
  json["scorecards_recomputed"] = written.scorecards_recomputed;
  return json;
}

Response Import(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(
      services.facts().Import(*year, request.body, ActorOf(request, FactSource::kImport)),
      [](const app::ImportSummary& summary) {
        return WrittenJson(Json{{"year", summary.year}, {"rows", summary.rows}}, summary.written);
      });
}

Response PutFacts(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  app::ProblemOr<std::vector<app::FactEntry>> entries = ReadFactsBody(request.body);
  if (!entries) return ProblemResponse(entries.error());
  return Reply(
      services.facts().Put(request.Param("code"), *year, *entries,
                           ActorOf(request, FactSource::kApi)),
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
  return Reply(services.facts().UnitFacts(request.Param("code"), *year),
               [](const app::UnitFactsView& view) {
                 return Json{{"unit", view.unit},
                             {"name", view.name},
                             {"year", view.year},
                             {"values", ValuesJson(view.values)},
                             {"prior", ValuesJson(view.prior)}};
               });
}

Json ChangeJson(const FactChange& change) {
  const WriteActor& actor = change.actor;
  return Json{
      {"old", change.old_value ? NumberJson(*change.old_value) : Json(nullptr)},
      {"new", change.new_value ? NumberJson(*change.new_value) : Json(nullptr)},
      // Who: the user's id, or what kind of writer it was ("anonymous", "seed", …).
      {"who", actor.kind == ActorKind::kUser ? actor.user : std::string(ActorKindKey(actor.kind))},
      {"actor",
       {{"kind", ActorKindKey(actor.kind)},
        {"user", actor.user.empty() ? Json(nullptr) : Json(actor.user)},
        {"address", actor.address.empty() ? Json(nullptr) : Json(actor.address)}}},
      {"at", TimestampText(change.at)},
      {"source", FactSourceKey(actor.channel)}};
}

Response History(app::Services& services, const Request& request) {
  app::ProblemOr<int> year = YearParam(request);
  if (!year) return ProblemResponse(year.error());
  return Reply(services.facts().History(request.Param("code"), request.Param("indicator"), *year),
               [](const app::FactHistoryView& view) {
                 Json changes = Json::array();
                 for (const FactChange& change : view.changes)
                   changes.push_back(ChangeJson(change));
                 return Json{{"unit", view.unit},
                             {"indicator", view.indicator},
                             {"year", view.year},
                             {"changes", std::move(changes)}};
               });
}

}  // namespace

void AddFactsRoutes(Router& router, app::Services* services) {
  router.Add("GET", "/api/units/{code}/facts", WithServices(services, GetFacts), Work::kCpu);
  router.Add("PUT", "/api/units/{code}/facts", WithServices(services, PutFacts), Work::kCpu);
  router.Add("GET", "/api/units/{code}/facts/{indicator}/history", WithServices(services, History),
             Work::kCpu);
  router.Add("GET", "/api/facts/template", WithServices(services, TableFile), Work::kCpu);
  router.Add("GET", "/api/facts/export", WithServices(services, TableFile), Work::kCpu);
  router.Add("POST", "/api/facts/import", WithServices(services, Import), Work::kCpu);
}

}  // namespace kieumau::server
