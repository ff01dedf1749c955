#include "app/services.h"

#include <cstdio>
#include <random>

#include "app/demo_setup.h"

namespace kieumau::app {

namespace {

// A random name for this process's writes in the change feed.
std::string NewOrigin() {
  std::random_device device;
  char text[17];
  std::snprintf(text, sizeof text, "%08x%08x", device(), device());
  return text;
}

}  // namespace

Services::Services(std::unique_ptr<Context> context, const SessionPolicy& sessions)
    : context_(std::move(context)),
      units_(*context_),
      scoring_(*context_),
      writer_(*context_, scoring_),
      facts_(*context_, writer_),
      roadmap_(*context_),
      prior_year_(*context_, facts_, scoring_),
      accounts_(*context_, sessions),
      user_admin_(*context_, accounts_),
      audit_(*context_) {}

Services::~Services() = default;

ProblemOr<std::unique_ptr<Services>> Services::Open(const Options& options,
                                                    const Catalogue& catalogue, Rubrics rubrics,
                                                    std::ostream& log) {
  const Clock now = options.now ? options.now : SystemClock();
  StoreOptions store_options;
  store_options.origin = NewOrigin();
  store_options.fail_before = options.fail_before;
  StoreResult<std::unique_ptr<StorePool>> pool =
      StorePool::Open(options.db_url, options.connections, store_options);
  if (!pool) return FromStore(pool.error());
  {
    StorePool::Lease store = (*pool)->Acquire();
    if (options.seed_register) {
      ProblemOr<bool> seeded = SeedNewDatabase(*store, catalogue, now(), options.seed_demo,
                                               options.demo_admin_password, log);
      if (!seeded) return seeded.error();
    } else {
      ProblemOr<bool> complete = CheckDemoComplete(*store);
      if (!complete) return complete.error();
    }
  }
  auto context = std::make_unique<Context>(catalogue, std::move(rubrics), std::move(*pool), now,
                                           store_options.origin);
  if (options.hook) context->SetHook(options.hook);
  std::unique_ptr<Services> services(new Services(std::move(context), options.sessions));
  if (options.watch_changes) {
    services->watch_ = std::make_unique<ChangeWatch>(options.db_url, store_options.origin,
                                                     services->context_->cache(), log);
  }
  if (options.seal_every.count() > 0) {
    services->sealer_ = std::make_unique<AuditSealer>(options.db_url, options.seal_every, now, log);
  }
  ProblemOr<std::shared_ptr<const World>> world = services->context_->GetWorld();
  if (!world) return world.error();
  return services;
}

ProblemOr<AboutView> Services::About() {
  ProblemOr<std::shared_ptr<const World>> world = context_->GetWorld();
  if (!world) return world.error();
  AboutView about;
  about.backend = std::string(context_->pool().Backend());
  about.schema_version = context_->pool().SchemaVersion();
  if ((*world)->demo()) {
    about.demo = true;
    about.demo_note = *(*world)->demo();
    // The province the demo's programme is about, from the data (the demo seeds one).
    if (!(*world)->programmes().empty())
      about.demo_province = (*world)->programmes().front().programme.province;
  }
  return about;
}

}  // namespace kieumau::app
