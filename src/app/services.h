// The application layer assembled: one service per area of the domain over one shared context.
// `kieumau serve` opens it and hands it to the HTTP side; tests open it in process with their own
// store and clock.
//
//   units/    units with their dated history (UnitsService)
//   facts/    the facts table, imports, values entered, history (FactsService, FactWriter)
//   scoring/  scorecards from stored facts, the prior year through lineage (ScoringService)
//   roadmap/  programmes, roadmaps, force-building figures (RoadmapService)
//   audit/    the audit trail: recording, reading, sealing, verifying (AuditService, AuditSealer)
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "app/accounts/accounts_service.h"
#include "app/accounts/user_admin.h"
#include "app/audit/audit_sealer.h"
#include "app/audit/audit_service.h"
#include "app/change_watch.h"
#include "app/context.h"
#include "app/facts/facts_service.h"
#include "app/prior_year/prior_year_service.h"
#include "app/roadmap/roadmap_service.h"
#include "app/scoring/scoring_service.h"
#include "app/units/units_service.h"

namespace kieumau::app {

struct Options {
  std::string db_url = "sqlite:data/kieumau.db";
  size_t connections = 4;
  // A database without units always gets the national register (the whole country's units and
  // their reorganisations); with this, also the Bắc Ninh demo on them (facts, programme,
  // recognitions).
  bool seed_demo = true;
  // Without it a new database is left empty (no register, no demo).
  bool seed_register = true;
  // The demo administrator's password (KIEUMAU_ADMIN_PASSWORD); a random one, shown once in the
  // log, when empty.
  std::optional<std::string> demo_admin_password;
  // The clock for history rows and scorecards; the system clock when empty.
  Clock now;
  // Follow other processes' writes to the same database (the change feed).
  bool watch_changes = true;
  // How long sessions live, how failed sign-ins are limited, how long a session is remembered.
  SessionPolicy sessions;
  // How often the audit trail's sealer seals what was committed (a thread with a connection of its
  // own); 0: no sealer in this process (AuditService::Seal seals on demand).
  std::chrono::milliseconds seal_every{500};
  // Tests only: the store's fault injection (StoreOptions::fail_before) and the writers' hook
  // (Context::SetHook).
  std::function<bool(std::string_view sql)> fail_before;
  std::function<void(std::string_view point)> hook;
};

struct AboutView {
  std::string backend;  // "sqlite" or "postgresql"
  int schema_version = 0;
  bool demo = false;
  std::optional<std::string> demo_province;  // the demo programme's province
  std::string demo_note;
};

class Services {
 public:
  // Opens the store (migrating it), seeds the demo when asked and the database is empty, and loads
  // the world. `catalogue` and the criteria sets must outlive the services. Progress lines go to
  // `log`.
  static ProblemOr<std::unique_ptr<Services>> Open(const Options& options,
                                                   const Catalogue& catalogue, Rubrics rubrics,
                                                   std::ostream& log);
  ~Services();

  UnitsService& units() { return units_; }
  FactsService& facts() { return facts_; }
  ScoringService& scoring() { return scoring_; }
  RoadmapService& roadmap() { return roadmap_; }
  PriorYearService& prior_year() { return prior_year_; }
  AccountsService& accounts() { return accounts_; }
  UserAdmin& user_admin() { return user_admin_; }
  AuditService& audit() { return audit_; }
  Context& context() { return *context_; }

  ProblemOr<AboutView> About();

 private:
  Services(std::unique_ptr<Context> context, const SessionPolicy& sessions);

  std::unique_ptr<Context> context_;
  UnitsService units_;
  ScoringService scoring_;
  FactWriter writer_;
  FactsService facts_;
  RoadmapService roadmap_;
  PriorYearService prior_year_;
  AccountsService accounts_;
  UserAdmin user_admin_;
  AuditService audit_;
  std::unique_ptr<ChangeWatch> watch_;
  std::unique_ptr<AuditSealer> sealer_;
};

}  // namespace kieumau::app
