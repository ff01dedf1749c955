// The Bắc Ninh demo seeded into a template database of each backend, for the API tests to copy
// (test::ScratchDatabase(backend, prefix, template_url)) instead of each starting a server that
// seeds an empty database. A template is made by a `kieumau serve` on an empty database, which
// seeds it, and is stopped (SIGTERM, then waited for) before anything copies it: the SQLite file is
// then complete (the server checkpoints its write-ahead log when it closes) and no connection to
// the PostgreSQL database remains (CREATE DATABASE … TEMPLATE needs none). A server started on a
// copy does not seed again: the program seeds only a database without units
// (src/service/demo_setup.cc).
//
// Under scripts/with-services.sh (KIEUMAU_TEST_RUN_DIR set, a folder removed when the run ends) the
// templates are shared by every test process of the run, CTest running each test in a process of
// its own: the first process that needs one makes it while holding a lock (flock on a file of that
// folder), the others wait and copy it; the SQLite template lives in that folder, the PostgreSQL
// one on the run's throw-away server. Without KIEUMAU_TEST_RUN_DIR each test process makes its own,
// once, and removes it when it ends. Templates are named after the built kieumau binary (its size
// and modification time): a rebuilt program seeds a new one.
#pragma once

#include <string>

namespace kieumau::service_test {

// The URL of the demo template of `backend` ("sqlite:…" or "postgresql://…/<template>"), made when
// it does not exist yet. Empty when PostgreSQL is skipped (`skip` set: KIEUMAU_TEST_PG_URL is not
// set) or the template could not be made (a test failure has been reported, also for PostgreSQL
// under CI=true).
std::string DemoTemplateUrl(const std::string& backend, bool& skip);

}  // namespace kieumau::service_test
