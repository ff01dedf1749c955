#include "service/backend_server.h"

#include "service/demo_template.h"

namespace kieumau::service_test {

BackendServer::BackendServer(const std::string& backend, Data data,
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
  std::vector<std::string> args = extra;
  args.push_back("--db");
  args.push_back(database_->url());
  server_ = std::make_unique<server_test::ServerProcess>(args);
}

std::unique_ptr<server_test::ServerProcess> BackendServer::StartAnother() const {
  return std::make_unique<server_test::ServerProcess>(
      std::vector<std::string>{"--no-demo", "--db", database_->url()});
}

// The server stops before its database is removed.
BackendServer::~BackendServer() {
  server_.reset();
}

server_test::HttpResponse BackendServer::Get(const std::string& target) const {
  return server_test::Fetch(server_->port(), "GET", target);
}

server_test::HttpResponse BackendServer::Post(const std::string& target, const std::string& body,
                                              const std::string& content_type) const {
  return server_test::Fetch(server_->port(), "POST", target, body, content_type);
}

std::string BackendName(const testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::service_test
