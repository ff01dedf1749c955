#include "server/api/table_file.h"

#include "facts_io/fact_table.h"

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

}  // namespace

Json WrittenJson(Json json, const app::WriteSummary& written) {
  json["values"] = written.values;
  json["changed"] = written.changed;
  json["unchanged"] = written.unchanged;
  json["scorecards_recomputed"] = written.scorecards_recomputed;
  return json;
}

Json ImportSummaryJson(const app::ImportSummary& summary) {
  return WrittenJson(Json{{"year", summary.year}, {"rows", summary.rows}}, summary.written);
}

Response TableFileResponse(const Catalogue& catalogue, const app::FactsTable& table,
                           TableFileFormat format, const std::string& base,
                           const std::string& sheet) {
  if (format == TableFileFormat::kCsv) {
    std::string csv = WriteFactTableCsv(catalogue, table.rows);
    // The API's CSV starts with its header, as the contract says; xlsx is there for Excel.
    if (csv.rfind("\xEF\xBB\xBF", 0) == 0) csv.erase(0, 3);
    return FileResponse("text/csv; charset=utf-8", base + ".csv", std::move(csv));
  }
  Result<std::string> xlsx = WriteFactTableXlsx(catalogue, table.rows, sheet);
  if (!xlsx) return ProblemResponse(app::FromError(xlsx.error(), app::ErrorCode::kInternal));
  return FileResponse(std::string(kXlsxType), base + ".xlsx", std::move(*xlsx));
}

}  // namespace kieumau::server
