#include "app/app_fixture.h"

#include <set>

#include "app/content_hash.h"
#include "load/file.h"
#include "load/rubric_yaml.h"
#include "service/demo_template.h"
#include "support/test_support.h"

namespace kieumau::app_test {

namespace {

struct Loaded {
  std::vector<Rubric> rubrics;
  std::vector<std::string> hashes;
};

const Loaded& LoadShipped() {
  static const Loaded* loaded = [] {
    auto* l = new Loaded;
    for (const char* id : {"bn-capkm-2024", "qn-ancs-2023"}) {
      const std::string path = test::RepoPath(std::string("rubrics/") + id + ".yaml");
      const std::string text = test::ReadText(path);
      LoadedRubric rubric = ParseRubric(text, test::BuiltinCatalogue());
      EXPECT_TRUE(rubric.rubric.has_value()) << id;
      l->rubrics.push_back(std::move(*rubric.rubric));
      l->hashes.push_back(app::Sha256Hex(text));
    }
    return l;
  }();
  return *loaded;
}

}  // namespace

const std::vector<Rubric>& ShippedRubrics() {
  return LoadShipped().rubrics;
}

app::Rubrics ShippedRubricRefs() {
  std::vector<app::RubricRef> refs;
  for (size_t i = 0; i < LoadShipped().rubrics.size(); ++i)
    refs.push_back({&LoadShipped().rubrics[i], LoadShipped().hashes[i]});
  return app::Rubrics(std::move(refs));
}

void AppTest::SetUp() {
  // A copy of the demo template, seeded once per run (service/demo_template.h).
  bool skip = false;
  const std::string template_url = service_test::DemoTemplateUrl(GetParam(), skip);
  if (skip) GTEST_SKIP() << test::kPostgresSkipped;
  ASSERT_FALSE(template_url.empty());
  database_ = std::make_unique<test::ScratchDatabase>(GetParam(), "app", template_url);
  if (database_->skipped()) GTEST_SKIP() << test::kPostgresSkipped;
  ASSERT_FALSE(database_->url().empty());
  services_ = Open();
  ASSERT_TRUE(services_) << log_.str();
}

std::unique_ptr<app::Services> AppTest::Open(app::Options options) {
  options.db_url = database_->url();
  options.connections = 4;
  if (!options.now) options.now = [this] { return now_.load(); };
  if (!seal_in_background_) options.seal_every = std::chrono::milliseconds(0);
  app::ProblemOr<std::unique_ptr<app::Services>> opened =
      app::Services::Open(options, test::BuiltinCatalogue(), ShippedRubricRefs(), log_);
  EXPECT_TRUE(opened) << (opened ? "" : opened.error().message + " " + opened.error().detail);
  if (!opened) return nullptr;
  return std::move(*opened);
}

std::string AppTest::UnrecognisedWard2025() {
  // By unit, not code: a 2025 ward may carry the code of a recognised ward that ended.
  std::set<UnitId> recognised;
  app::ProblemOr<std::shared_ptr<const app::World>> world = services_->context().GetWorld();
  EXPECT_TRUE(world);
  for (const app::ProgrammeEntry& entry : (*world)->programmes())
    for (const RecognitionRecord& r : entry.recognitions)
      recognised.insert(r.unit_id);
  app::UnitsQuery query;
  query.as_of = Date::LastDayOfYear(2025);
  query.within = kBacNinh2025;
  query.kind = UnitKind::kPhuong;
  app::ProblemOr<app::UnitList> wards = services_->units().List(query, app::Scope::Nation());
  EXPECT_TRUE(wards);
  for (const app::UnitSummary& ward : wards->units)
    if (!recognised.count(ward.id)) return ward.code;
  ADD_FAILURE() << "every ward is recognised";
  return "";
}

double AppTest::Value(app::Services& services, const std::string& code, int year,
                      const std::string& indicator) {
  app::ProblemOr<app::UnitFactsView> facts =
      services.facts().UnitFacts(code, year, app::Scope::Nation());
  EXPECT_TRUE(facts) << (facts ? "" : facts.error().message);
  if (!facts) return -1;
  for (const auto& [name, value] : facts->values)
    if (name == indicator) return value;
  return -1;  // none
}

std::string BackendName(const testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace kieumau::app_test
