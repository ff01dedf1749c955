#include "service/backend_server.h"

#include <algorithm>
#include <filesystem>

#include "app/content_hash.h"
#include "load/rubric_yaml.h"
#include "service/demo_template.h"
#include "support/test_support.h"

namespace kieumau::service_test {

namespace {

// What `kieumau serve` loads at start: the built-in catalogue and every criteria set of rubrics/
// with its hash, loaded once for the test process.
const std::shared_ptr<const server::ScoringData>& ShippedData(std::vector<std::string>& hashes) {
  static std::vector<std::string> loaded_hashes;
  static const std::shared_ptr<const server::ScoringData> data = [] {
    auto scoring = std::make_shared<server::ScoringData>();
    scoring->catalogue = test::BuiltinCatalogue();
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(test::RepoPath("rubrics")))
      if (entry.path().extension() == ".yaml" && entry.path().stem() != "indicators")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
      const std::string text = test::ReadText(file.string());
      LoadedRubric rubric = ParseRubric(text, scoring->catalogue);
      EXPECT_TRUE(rubric.rubric.has_value()) << file;
      if (!rubric.rubric) continue;
      scoring->rubrics.push_back(std::move(*rubric.rubric));
      loaded_hashes.push_back(app::Sha256Hex(text));
    }
    return std::shared_ptr<const server::ScoringData>(std::move(scoring));
  }();
  hashes = loaded_hashes;
  return data;
}

}  // namespace

BackendServer::BackendServer(const std::string& backend, Mode mode, Data data,
                             const std::vector<std::string>& extra) {
  if (data == Data::kDemo) {
    const std::string template_url = DemoTemplateUrl(backend, skipped_);
    if (template_url.empty()) return;
    database_ = std::make_unique<test::ScratchDatabase>(backend, "api", template_url);
  } else {
    database_ = std::make_unique<test::ScratchDatabase>(backend, "api");
  }
  skipped_ = database_->skipped();
  if (skipped_ || database_->url().empty()) return;
  if (mode == Mode::kInProcess) {
    OpenInProcess();
  } else {
    std::vector<std::string> args = extra;
    args.push_back("--db");
    args.push_back(database_->url());
    server_ = std::make_unique<server_test::ServerProcess>(args);
  }
  if (!started()) return;
  std::optional<server_test::Session> admin = SignIn(server_test::kDemoAdmin);
  if (admin) session_ = *admin;
}

std::optional<server_test::Session> BackendServer::SignIn(const std::string& username,
                                                          const std::string& password) const {
  return server_test::SessionOf(Call("POST", "/api/session",
                                     server_test::SignInBody(username, password),
                                     "application/json", nullptr));
}

void BackendServer::OpenInProcess() {
  std::vector<std::string> hashes;
  const std::shared_ptr<const server::ScoringData>& data = ShippedData(hashes);
  std::vector<app::RubricRef> refs;
  for (size_t i = 0; i < data->rubrics.size(); ++i)
    refs.push_back({&data->rubrics[i], hashes[i]});
  app::Options options;
  options.db_url = database_->url();
  options.connections = 4;
  options.watch_changes = false;  // nothing else writes to this database
  options.demo_admin_password = server_test::kTestPassword;
  app::ProblemOr<std::unique_ptr<app::Services>> opened =
      app::Services::Open(options, data->catalogue, app::Rubrics(std::move(refs)), log_);
  if (!opened) {
    log_ << opened.error().message << " " << opened.error().detail << '\n';
    return;
  }
  services_ = std::move(*opened);
  server::ServerConfig config;
  config.db_url = database_->url();
  config.static_dir = "/nonexistent-kieumau-web";
  app_ = std::make_unique<server::App>(config, data, services_.get());
}

std::unique_ptr<server_test::ServerProcess> BackendServer::StartAnother() const {
  return std::make_unique<server_test::ServerProcess>(
      std::vector<std::string>{"--no-demo", "--db", database_->url()});
}

// The server (or the services) stop before the database is removed.
BackendServer::~BackendServer() {
  server_.reset();
  app_.reset();
  services_.reset();
}

server_test::HttpResponse BackendServer::Call(const std::string& method, const std::string& target,
                                              const std::string& body,
                                              const std::string& content_type,
                                              const server_test::Session* session) const {
  if (server_)
    return server_test::Fetch(server_->port(), method, target, body, content_type, session);
  server::Request request;
  request.method = method;
  const size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  request.body = body;
  if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
  if (session != nullptr) {
    request.headers.emplace_back("Cookie", session->cookie);
    if (method != "GET" && method != "HEAD")
      request.headers.emplace_back("X-CSRF-Token", session->csrf);
  }
  request.remote_address = "127.0.0.1";
  server::Response response = app_->Handle(std::move(request));
  server_test::HttpResponse answer;
  answer.status = response.status;
  answer.body = response.file.empty() ? std::move(response.body) : test::ReadText(response.file);
  answer.headers = std::move(response.headers);
  if (!response.content_type.empty())
    answer.headers.emplace_back("Content-Type", response.content_type);
  return answer;
}

server_test::HttpResponse BackendServer::Get(const std::string& target) const {
  return Call("GET", target, "", "", &session_);
}

server_test::HttpResponse BackendServer::Post(const std::string& target, const std::string& body,
                                              const std::string& content_type) const {
  return Call("POST", target, body, content_type, &session_);
}

server_test::HttpResponse BackendServer::Put(const std::string& target, const std::string& body,
                                             const std::string& content_type) const {
  return Call("PUT", target, body, content_type, &session_);
}

std::string BackendName(const testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::service_test
