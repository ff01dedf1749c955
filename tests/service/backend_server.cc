#include "service/backend_server.h"

namespace kieumau::service_test {

BackendServer::BackendServer(const std::string& backend, const std::vector<std::string>& extra)
    : database_(backend, "api") {
  if (database_.skipped() || database_.url().empty()) return;
  std::vector<std::string> args = extra;
  args.push_back("--db");
  args.push_back(database_.url());
  server_ = std::make_unique<server_test::ServerProcess>(args);
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
