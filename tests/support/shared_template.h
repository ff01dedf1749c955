// A template database of one backend, filled once and then copied by the tests that need its
// contents (test::ScratchDatabase(backend, prefix, template_url)) instead of each filling a
// database of its own: the national register loaded, the Bắc Ninh demo seeded, …
//
// Under scripts/with-services.sh (KIEUMAU_TEST_RUN_DIR set, a folder removed when the run ends) a
// template is shared by every test process of the run, CTest running each test in a process of
// its own: the first process that needs it fills it while holding a lock (flock on a file of that
// folder), the others wait and copy it. The SQLite template lives in that folder, the PostgreSQL
// one on the run's throw-away server; each is filled under a name of its own and renamed when
// complete, so a template that exists is whole (one left half-filled by a process that died is
// filled again). Without KIEUMAU_TEST_RUN_DIR each test process makes its own, once, and removes
// it when its tests end.
#pragma once

#include <functional>
#include <string>

namespace kieumau::test {

struct TemplateSpec {
  // Names the template among the run's: lower-case letters and digits ("demo", "register").
  std::string name;
  // What made its contents (FileKey of the program that fills it): another key, another template.
  std::string key;
  // Fills the empty database at the URL; no connection to it may remain when it returns. Whether
  // it succeeded (a failure has been reported otherwise).
  std::function<bool(const std::string& url)> fill;
};

// The URL of the template of `backend` ("sqlite:…/kieumau.db" or "postgresql://…/<template>"),
// made when it does not exist yet. Empty when PostgreSQL is skipped (`skip` set:
// KIEUMAU_TEST_PG_URL is not set) or the template could not be made (a test failure has been
// reported, also for PostgreSQL under CI=true, and again for each later test of the process).
std::string SharedTemplateUrl(const std::string& backend, const TemplateSpec& spec, bool& skip);

// Names a built file (a program): its size, modification time and inode, hashed to 16 hex digits;
// a rebuilt program gets another name.
std::string FileKey(const std::string& path);
// FileKey of this test program.
std::string ThisProgramKey();

}  // namespace kieumau::test
