#include "server/app.h"

#include <cstdio>
#include <exception>
#include <random>

namespace kieumau::server {

bool IsApiPath(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

App::App(ServerConfig config, ScoringData data)
    : App(std::move(config), std::make_shared<const ScoringData>(std::move(data)), nullptr) {}

App::App(ServerConfig config, std::shared_ptr<const ScoringData> data, app::Services* services)
    : config_(std::move(config)), data_(std::move(data)), static_files_(config_.static_dir) {
  AddApiRoutes(router_, *data_);
  AddDataRoutes(router_, services);
}

namespace {

// 16 hex digits, random: enough that two requests a person mentions are never confused.
std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

// Puts the request id first in an error answer's "error" object (every error body starts so: see
// ErrorResponse); other bodies are left alone.
void AddRequestId(Response& response) {
  constexpr std::string_view kStart = R"({"error":{)";
  if (response.status < 400 || response.content_type != kJsonType ||
      !response.body.starts_with(kStart))
    return;
  response.body.insert(kStart.size(), "\"request_id\":\"" + response.request_id + "\",");
}

}  // namespace

Response App::Handle(Request request) const {
  if (request.id.empty()) request.id = NewRequestId();
  const std::string id = request.id;
  Response response;
  try {
    response =
        IsApiPath(request.path) ? router_.Handle(std::move(request)) : static_files_.Serve(request);
  } catch (const std::exception& e) {
    // What went wrong stays out of the answer (it may name files or internals), and goes to the
    // log with the request's id.
    response =
        ErrorResponse(app::ErrorCode::kInternal, "Lỗi nội bộ của máy chủ (internal server error)");
    response.log_detail = e.what();
  }
  response.request_id = id;
  response.headers.emplace_back("X-Request-Id", id);
  AddRequestId(response);
  return response;
}

Work App::WorkFor(const Request& request) const {
  return IsApiPath(request.path) ? router_.WorkFor(request) : Work::kQuick;
}

}  // namespace kieumau::server
