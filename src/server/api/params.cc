#include "server/api/params.h"

#include <charconv>

#include "app/accounts/accounts_service.h"
#include "engine/excerpt.h"

namespace kieumau::server {

std::string Param(const Request& request, std::string_view name) {
  return request.QueryParam(name).value_or("");
}

app::ProblemOr<std::string> RequiredParam(const Request& request, std::string_view name,
                                          std::string_view example) {
  std::string value = Param(request, name);
  if (value.empty()) {
    return app::BadRequest("Thiếu tham số " + std::string(name) + ", ví dụ ?" + std::string(name) +
                           "=" + std::string(example) + " (the " + std::string(name) +
                           " query parameter is missing)");
  }
  return value;
}

app::ProblemOr<int> YearParam(const Request& request) {
  app::ProblemOr<std::string> text = RequiredParam(request, "year", "2024");
  if (!text) return text.error();
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    return app::BadRequest("Tham số year phải là một năm, ví dụ 2024, không phải \"" +
                           Excerpt(*text) + "\" (not a year)");
  }
  return value;
}

app::ProblemOr<std::optional<Date>> AsOfParam(const Request& request) {
  const std::string text = Param(request, "as_of");
  if (text.empty()) return std::optional<Date>();
  Result<Date> date = Date::Parse(text);
  if (!date) {
    return app::BadRequest(
        "Ngày as_of \"" + Excerpt(text) +
        "\" không hợp lệ, cần dạng YYYY-MM-DD (bad as_of date): " + date.error().message);
  }
  return std::optional<Date>(*date);
}

app::ProblemOr<std::optional<Level>> LevelParam(const Request& request) {
  const std::string text = Param(request, "level");
  if (text.empty()) return std::optional<Level>();
  std::optional<Level> level = ParseLevel(text);
  if (!level) {
    return app::BadRequest("Cấp \"" + Excerpt(text) +
                           "\" không hợp lệ: province, district hoặc commune (bad level)");
  }
  return level;
}

app::ProblemOr<std::optional<UnitKind>> KindParam(const Request& request) {
  const std::string text = Param(request, "kind");
  if (text.empty()) return std::optional<UnitKind>();
  std::optional<UnitKind> kind = ParseUnitKind(text);
  if (!kind) {
    return app::BadRequest("Loại đơn vị \"" + Excerpt(text) +
                           "\" không hợp lệ: phuong, xa, thi_tran hoặc dac_khu (bad kind)");
  }
  return kind;
}

app::ProblemOr<TableFileFormat> FormatParam(const Request& request) {
  const std::string format = Param(request, "format");
  if (format.empty() || format == "csv") return TableFileFormat::kCsv;
  if (format == "xlsx") return TableFileFormat::kXlsx;
  return app::BadRequest("Định dạng \"" + Excerpt(format) +
                         "\" không hỗ trợ: csv hoặc xlsx (format must be csv or xlsx)");
}

WriteActor ActorOf(const Request& request, FactSource channel) {
  if (request.who) {
    return WriteActor{ActorKind::kUser, std::to_string(request.who->user.id), channel,
                      request.remote_address};
  }
  return WriteActor{ActorKind::kAnonymous, "", channel, request.remote_address};
}

}  // namespace kieumau::server
