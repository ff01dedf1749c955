// The Bắc Ninh demo seeded into a template database of each backend, for the API tests to copy
// (test::ScratchDatabase(backend, prefix, template_url)) instead of each starting a server that
// seeds an empty database. A template is made by a `kieumau serve` on an empty database, which
// seeds it, and is stopped (SIGTERM, then waited for) before anything copies it: the SQLite file is
// then complete (the server checkpoints its write-ahead log when it closes) and no connection to
// the PostgreSQL database remains (CREATE DATABASE … TEMPLATE needs none). A server started on a
// copy does not seed again: the program seeds only a database without units
// (src/service/demo_setup.cc).
//
// One template per backend and run (support/shared_template.h: made once and shared by the test
// processes of a run under scripts/with-services.sh), named after the built kieumau binary (its
// size and modification time): a rebuilt program seeds a new one.
#pragma once

#include <string>

namespace kieumau::service_test {

// The URL of the demo template of `backend` ("sqlite:…" or "postgresql://…/<template>"), made when
// it does not exist yet. Empty when PostgreSQL is skipped (`skip` set: KIEUMAU_TEST_PG_URL is not
// set) or the template could not be made (a test failure has been reported, also for PostgreSQL
// under CI=true).
std::string DemoTemplateUrl(const std::string& backend, bool& skip);

}  // namespace kieumau::service_test
