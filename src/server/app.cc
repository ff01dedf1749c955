#include "server/app.h"

#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>
#include <random>

#include "accounts/credentials.h"
#include "server/session_cookie.h"

namespace kieumau::server {

bool IsApiPath(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

App::App(ServerConfig config, ScoringData data)
    : App(std::move(config), std::make_shared<const ScoringData>(std::move(data)), nullptr) {}

App::App(ServerConfig config, std::shared_ptr<const ScoringData> data, app::Services* services)
    : config_(std::move(config)),
      data_(std::move(data)),
      services_(services),
      static_files_(config_.static_dir) {
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

std::optional<Response> App::Admit(const Router::Route& route, Request& request) const {
  const Guard& guard = route.guard;
  if (guard.access == Guard::Access::kPublic) return std::nullopt;
  if (services_ == nullptr) {
    return ErrorResponse(
        app::ErrorCode::kUnavailable,
        "Máy chủ chạy không có cơ sở dữ liệu (the server runs without a database)");
  }
  app::ProblemOr<app::SignedIn> who = services_->accounts().Authenticate(SessionToken(request));
  if (!who) {
    if (who.error().code != app::ErrorCode::kUnauthenticated) return ProblemResponse(who.error());
    return ErrorResponse(app::ErrorCode::kUnauthenticated,
                         "Chưa đăng nhập hoặc phiên đã hết hạn, hãy đăng nhập (not signed in, or "
                         "the session has expired: sign in)");
  }
  // A refusal of a signed-in user is recorded in the audit trail (who, what, why); failing to
  // record it is logged, the refusal stands.
  auto refuse = [&](app::ErrorCode code, std::string_view reason, std::string message) {
    const WriteActor actor{ActorKind::kUser, std::to_string(who->user.id), FactSource::kApi,
                           request.remote_address};
    const std::string detail =
        nlohmann::json{{"reason", reason}, {"needs", app::PermissionKey(guard.permission)}}.dump();
    Response refused = ErrorResponse(code, message);
    app::ProblemOr<int64_t> logged =
        services_->audit().Record(actor, app::audit_action::kAccessRefused, std::nullopt,
                                  request.method + " " + request.path, detail);
    if (!logged) refused.log_detail = "audit: " + logged.error().message;
    return refused;
  };
  if (ChangesState(request.method)) {
    std::optional<std::string_view> csrf = request.Header(kCsrfHeader);
    if (!csrf || !accounts::SameSecret(accounts::TokenHash(*csrf), who->csrf_hash)) {
      return refuse(app::ErrorCode::kCsrf, "csrf",
                    "Thiếu hoặc sai mã X-CSRF-Token, không thay đổi gì (the X-CSRF-Token header is "
                    "missing or wrong; nothing was changed)");
    }
  }
  if (who->user.must_change_password && !guard.before_password_change) {
    return ErrorResponse(app::ErrorCode::kPasswordChangeRequired,
                         "Quản trị viên đã đặt lại mật khẩu: hãy đổi mật khẩu trước (an "
                         "administrator reset the password: change it first)");
  }
  auto signed_in = std::make_shared<const app::SignedIn>(std::move(*who));
  if (guard.access == Guard::Access::kPermission) {
    app::ProblemOr<std::shared_ptr<const app::World>> world = services_->context().GetWorld();
    if (!world) return ProblemResponse(world.error());
    app::Scope scope = app::ScopeFor(signed_in->grants, guard.permission, (*world)->registry());
    if (scope.empty()) {
      return refuse(app::ErrorCode::kForbidden, "role",
                    "Vai trò của bạn không cho phép việc này (your role does not allow this)");
    }
    request.scope = std::make_shared<const app::Scope>(std::move(scope));
  } else {
    request.scope = std::make_shared<const app::Scope>(app::Scope::None());
  }
  request.who = std::move(signed_in);
  return std::nullopt;
}

Response App::Handle(Request request) const {
  if (request.id.empty()) request.id = NewRequestId();
  const std::string id = request.id;
  Response response;
  try {
    response = IsApiPath(request.path)
                   ? router_.Handle(std::move(request),
                                    [this](const Router::Route& route, Request& request) {
                                      return Admit(route, request);
                                    })
                   : static_files_.Serve(request);
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
