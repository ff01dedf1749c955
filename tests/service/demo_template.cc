#include "service/demo_template.h"

#include <gtest/gtest.h>

#include <optional>

#include "server/server_process.h"
#include "support/shared_template.h"

namespace kieumau::service_test {
namespace {

// Starts `kieumau serve` on the empty database at `url`, which seeds the demo into it, then stops
// it (SIGTERM) and waits for it to end. Whether it started and ended with exit code 0.
bool SeedWithServer(const std::string& url) {
  server_test::ServerProcess server({"--db", url});
  if (!server.started()) {
    ADD_FAILURE() << "the server seeding the demo template did not start:\n" << server.Stderr();
    return false;
  }
  const std::optional<int> code = server.Stop();
  if (code != 0) {
    ADD_FAILURE() << "the server seeding the demo template did not stop cleanly (exit "
                  << (code ? std::to_string(*code) : "none after 30 s") << "):\n"
                  << server.Stderr();
    return false;
  }
  return true;
}

}  // namespace

std::string DemoTemplateUrl(const std::string& backend, bool& skip) {
  // Named after the built kieumau binary, which seeds it.
  static const test::TemplateSpec spec{"demo", test::FileKey(KIEUMAU_BINARY), SeedWithServer};
  return test::SharedTemplateUrl(backend, spec, skip);
}

}  // namespace kieumau::service_test
