#include "server/api_system.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/excerpt.h"
#include "server/request_bodies.h"

namespace kieumau::server {

namespace {

using service::Answer;
using service::ErrorCode;
using service::Problem;
using service::System;

Response Unavailable() {
  return ErrorResponse(service::ErrorCode::kUnavailable,
                       "Máy chủ chạy không có cơ sở dữ liệu (the server runs without a database)");
}

Response JsonAnswer(const Answer<std::string>& answer) {
  if (!answer) return ProblemResponse(answer.error());
  return JsonResponse(200, *answer);
}

std::string Param(const Request& request, std::string_view name) {
  return request.QueryParam(name).value_or("");
}

Answer<std::string> RequiredParam(const Request& request, std::string_view name,
                                  std::string_view example) {
  std::string value = Param(request, name);
  if (value.empty()) {
    return Problem{ErrorCode::kBadRequest,
                   "Thiếu tham số " + std::string(name) + ", ví dụ ?" + std::string(name) + "=" +
                       std::string(example) + " (the " + std::string(name) +
                       " query parameter is missing)",
                   {}};
  }
  return value;
}

// A required whole-number query parameter (a year).
Answer<int> YearParam(const Request& request, std::string_view name = "year") {
  Answer<std::string> text = RequiredParam(request, name, "2024");
  if (!text) return text.error();
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    return Problem{ErrorCode::kBadRequest,
                   "Tham số " + std::string(name) + " phải là một năm, ví dụ 2024, không phải \"" +
                       Excerpt(*text) + "\" (not a year)",
                   {}};
  }
  return value;
}

Answer<service::TableFileFormat> FormatParam(const Request& request) {
  const std::string format = Param(request, "format");
  if (format.empty() || format == "csv") return service::TableFileFormat::kCsv;
  if (format == "xlsx") return service::TableFileFormat::kXlsx;
  return Problem{ErrorCode::kBadRequest,
                 "Định dạng \"" + Excerpt(format) +
                     "\" không hỗ trợ: csv hoặc xlsx (format must be csv or "
                     "xlsx)",
                 {}};
}

Response FileResponse(const Answer<service::FileAnswer>& answer) {
  if (!answer) return ProblemResponse(answer.error());
  Response response;
  response.status = 200;
  response.content_type = answer->content_type;
  response.body = answer->body;
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + answer->file_name + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// Wraps a handler that needs the system.
template <typename F>
Handler With(System* system, F f) {
  return [system, f](const Request& request) -> Response {
    if (system == nullptr) return Unavailable();
    return f(*system, request);
  };
}

// … and the year (?year=): f(system, request, year).
template <typename F>
Handler WithYear(System* system, F f) {
  return With(system, [f](System& s, const Request& request) -> Response {
    Answer<int> year = YearParam(request);
    if (!year) return ProblemResponse(year.error());
    return f(s, request, *year);
  });
}

// … and the criteria set (?rubric=): f(system, request, year, rubric).
template <typename F>
Handler WithYearAndRubric(System* system, F f) {
  return WithYear(system, [f](System& s, const Request& request, int year) -> Response {
    Answer<std::string> rubric = RequiredParam(request, "rubric", "bn-capkm-2024");
    if (!rubric) return ProblemResponse(rubric.error());
    return f(s, request, year, *rubric);
  });
}

Response FactsTable(System& system, const Request& request, int year) {
  Answer<service::TableFileFormat> format = FormatParam(request);
  if (!format) return ProblemResponse(format.error());
  return FileResponse(system.FactsTable(year, *format, Param(request, "within")));
}

}  // namespace

void AddSystemRoutes(Router& router, System* system) {
  router.Add("GET", "/api/about", With(system, [](System& s, const Request&) {
               return JsonResponse(200, s.AboutJson());
             }));
  router.Add("GET", "/api/programmes",
             With(system, [](System& s, const Request&) { return JsonAnswer(s.ProgrammesJson()); }),
             Work::kCpu);
  router.Add("GET", "/api/programmes/{id}/roadmap",
             With(system,
                  [](System& s, const Request& request) {
                    return JsonAnswer(s.RoadmapJson(request.Param("id")));
                  }),
             Work::kCpu);
  router.Add(
      "GET", "/api/roadmap",
      With(system, [](System& s, const Request&) { return JsonAnswer(s.NationalRoadmapJson()); }),
      Work::kCpu);
  router.Add(
      "GET", "/api/programmes/{id}/force",
      WithYear(system, [](System& s, const Request& request,
                          int year) { return JsonAnswer(s.ForceJson(request.Param("id"), year)); }),
      Work::kCpu);
  router.Add("GET", "/api/units",
             With(system,
                  [](System& s, const Request& request) {
                    return JsonAnswer(s.UnitsJson(Param(request, "as_of"), Param(request, "within"),
                                                  Param(request, "level"), Param(request, "kind")));
                  }),
             Work::kCpu);
  router.Add("GET", "/api/units/{code}",
             With(system,
                  [](System& s, const Request& request) {
                    return JsonAnswer(s.UnitJson(request.Param("code"), Param(request, "as_of")));
                  }),
             Work::kCpu);
  router.Add("GET", "/api/units/{code}/facts",
             WithYear(system,
                      [](System& s, const Request& request, int year) {
                        return JsonAnswer(s.UnitFactsJson(request.Param("code"), year));
                      }),
             Work::kCpu);
  // No sign-in yet: changes are recorded as an anonymous actor's, through the API.
  router.Add("PUT", "/api/units/{code}/facts",
             WithYear(system,
                      [](System& s, const Request& request, int year) {
                        Answer<std::vector<service::FactEntry>> entries =
                            ReadFactsBody(request.body);
                        if (!entries) return ProblemResponse(entries.error());
                        return JsonAnswer(s.PutUnitFacts(
                            request.Param("code"), year, *entries,
                            WriteActor{ActorKind::kAnonymous, "", FactSource::kApi, ""}));
                      }),
             Work::kCpu);
  router.Add("GET", "/api/units/{code}/facts/{indicator}/history",
             WithYear(system,
                      [](System& s, const Request& request, int year) {
                        return JsonAnswer(s.FactHistoryJson(request.Param("code"),
                                                            request.Param("indicator"), year));
                      }),
             Work::kCpu);
  router.Add("GET", "/api/units/{code}/scorecard",
             WithYearAndRubric(
                 system,
                 [](System& s, const Request& request, int year, const std::string& rubric) {
                   return JsonAnswer(s.UnitScorecardJson(request.Param("code"), year, rubric));
                 }),
             Work::kCpu);
  router.Add("GET", "/api/provinces/{code}/scores",
             WithYearAndRubric(
                 system,
                 [](System& s, const Request& request, int year, const std::string& rubric) {
                   return JsonAnswer(s.ProvinceScoresJson(request.Param("code"), year, rubric));
                 }),
             Work::kCpu);
  router.Add("GET", "/api/facts/template", WithYear(system, FactsTable), Work::kCpu);
  router.Add("GET", "/api/facts/export", WithYear(system, FactsTable), Work::kCpu);
  router.Add("POST", "/api/facts/import",
             WithYear(system,
                      [](System& s, const Request& request, int year) {
                        return JsonAnswer(s.ImportFacts(
                            year, request.body,
                            WriteActor{ActorKind::kAnonymous, "", FactSource::kImport, ""}));
                      }),
             Work::kCpu);
}

}  // namespace kieumau::server
