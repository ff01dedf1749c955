#include "server/app.h"

#include <exception>

namespace kieumau::server {

bool IsApiPath(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

App::App(ServerConfig config, ScoringData data)
    : App(std::move(config), std::make_shared<const ScoringData>(std::move(data)), nullptr) {}

App::App(ServerConfig config, std::shared_ptr<const ScoringData> data, service::System* system)
    : config_(std::move(config)), data_(std::move(data)), static_files_(config_.static_dir) {
  AddApiRoutes(router_, *data_);
  AddSystemRoutes(router_, system);
}

Response App::Handle(Request request) const {
  try {
    if (IsApiPath(request.path)) return router_.Handle(std::move(request));
    return static_files_.Serve(request);
  } catch (const std::exception&) {
    // What went wrong stays out of the answer: it may name files or internals.
    return ErrorResponse(500, "internal", "Lỗi nội bộ của máy chủ (internal server error)");
  }
}

Work App::WorkFor(const Request& request) const {
  return IsApiPath(request.path) ? router_.WorkFor(request) : Work::kQuick;
}

}  // namespace kieumau::server
