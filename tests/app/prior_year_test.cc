// The prior year across the 2025 rearrangement, on the real register, on each backend: a Hà Nội
// ward formed with parts of old wards has no 2024 values until figures restated for its territory
// are entered through its ready-to-fill template, and its scorecard says so in words; a link the
// data only infers is not followed until an administrator confirms it, and a confirmed link lets
// the old wards' values roll up.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/app_fixture.h"
#include "facts_io/fact_table.h"
#include "support/test_support.h"

namespace kieumau::app_test {
namespace {

using nlohmann::json;

constexpr const char* kHaNoi = "01";
constexpr const char* kBaDinh = "00004";  // Phường Ba Đình from 1 July 2025 (Trúc Bạch before)
constexpr const char* kKinhBac = "09187";  // Phường Kinh Bắc of the merged Bắc Ninh
constexpr const char* kAllKinds = "qn-ancs-2023";
constexpr const char* kWards = "bn-capkm-2024";

WriteActor Administrator() {
  return WriteActor{ActorKind::kUser, "admin.tinh", FactSource::kApi, "192.0.2.9"};
}

// The stored scorecard's prior_sources, by indicator.
std::map<std::string, json> PriorSources(app::Services& services, const char* code,
                                         const char* rubric) {
  app::ProblemOr<app::Scorecard> scorecard =
      services.scoring().UnitScorecard(code, 2025, rubric, app::Scope::Nation());
  EXPECT_TRUE(scorecard) << (scorecard ? "" : scorecard.error().message);
  std::map<std::string, json> sources;
  if (!scorecard) return sources;
  const json result = json::parse(scorecard->result_json);
  for (const json& source : result.at("prior_sources"))
    sources[source.at("indicator").get<std::string>()] = source;
  return sources;
}

const app::RestatedUnit* Find(const app::RestatedList& list, const std::string& code) {
  for (const app::RestatedUnit& unit : list.units)
    if (unit.code == code) return &unit;
  return nullptr;
}

class PriorYearTest : public AppTest {};

TEST_P(PriorYearTest, RestatedFiguresTurnAMissingPriorYearIntoARestatedOne) {
  app::PriorYearService& prior_year = services_->prior_year();
  const Catalogue& catalogue = services_->context().catalogue();

  // Ba Đình took in parts of old wards: listed, every prior-year indicator missing, restating
  // needed.
  app::ProblemOr<app::RestatedList> list =
      prior_year.Restated(kHaNoi, 2025, kAllKinds, app::Scope::Nation());
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_EQ(list->province_name, "Thành phố Hà Nội");
  EXPECT_GT(list->units.size(), 50u);
  const app::RestatedUnit* ba_dinh = Find(*list, kBaDinh);
  ASSERT_NE(ba_dinh, nullptr);
  EXPECT_EQ(ba_dinh->name, "Phường Ba Đình");
  EXPECT_FALSE(ba_dinh->done);
  ASSERT_FALSE(ba_dinh->sources.empty());
  for (const app::PriorSource& source : ba_dinh->sources) {
    EXPECT_EQ(source.kind, app::PriorKind::kMissing);
    EXPECT_EQ(source.need, app::PriorNeed::kRestated);
    EXPECT_NE(source.text.find("thiếu: cần số liệu năm 2024 nhập lại theo địa giới mới"),
              std::string::npos)
        << source.text;
    EXPECT_NE(source.text.find("nhận một phần của"), std::string::npos) << source.text;
  }
  std::map<std::string, json> before = PriorSources(*services_, kBaDinh, kAllKinds);
  ASSERT_EQ(before.size(), ba_dinh->sources.size());
  for (const auto& [indicator, source] : before) {
    EXPECT_EQ(source.at("source"), "missing") << indicator;
    EXPECT_EQ(source.at("needs"), "restated") << indicator;
  }

  // The template: the figures of 2024, one row per listed unit, codes as of the end of 2025.
  app::ProblemOr<app::FactsTable> table =
      prior_year.RestatedTemplate(kHaNoi, 2025, kAllKinds, app::Scope::Nation());
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->year, 2024);
  EXPECT_EQ(table->rows.size(), list->units.size());
  // Filled in for Ba Đình only: a value for each indicator listed.
  std::vector<FactTableRow> filled;
  for (FactTableRow row : table->rows) {
    if (row.unit_code != kBaDinh) continue;
    row.cells.resize(static_cast<size_t>(catalogue.size()));
    double value = 3;
    for (const app::PriorSource& source : ba_dinh->sources)
      row.cells[static_cast<size_t>(source.slot)] = Cell::Number(value++);
    filled.push_back(row);
  }
  ASSERT_EQ(filled.size(), 1u);
  app::ProblemOr<app::ImportSummary> imported = prior_year.ImportRestated(
      kHaNoi, 2025, WriteFactTableCsv(catalogue, filled), Administrator(), app::Scope::Nation());
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->year, 2024);
  EXPECT_EQ(imported->written.changed, static_cast<int64_t>(ba_dinh->sources.size()));
  EXPECT_EQ(imported->written.scorecards_recomputed, 1);  // Ba Đình's stored 2025 scorecard

  // The stored scorecard now says each value was restated, in words.
  std::map<std::string, json> after = PriorSources(*services_, kBaDinh, kAllKinds);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [indicator, source] : after) {
    EXPECT_EQ(source.at("source"), "restated") << indicator;
    EXPECT_FALSE(source.contains("needs")) << indicator;
    EXPECT_EQ(source.at("text"), "số liệu năm 2024 nhập lại theo địa giới mới");
  }
  list = prior_year.Restated(kHaNoi, 2025, kAllKinds, app::Scope::Nation());
  ASSERT_TRUE(list);
  ASSERT_NE(Find(*list, kBaDinh), nullptr);
  EXPECT_TRUE(Find(*list, kBaDinh)->done);
  // The figures belong to the new ward: the code meant Phường Trúc Bạch in 2024, whose values
  // stay as they were (none).
  app::ProblemOr<app::UnitFactsView> truc_bach =
      services_->facts().UnitFacts(kBaDinh, 2024, app::Scope::Nation());
  ASSERT_TRUE(truc_bach);
  EXPECT_EQ(truc_bach->name, "Phường Trúc Bạch");
  EXPECT_TRUE(truc_bach->values.empty());
}

TEST_P(PriorYearTest, ARestatedFileNamingAUnitOutsideTheProvinceIsRefusedWhole) {
  const Catalogue& catalogue = services_->context().catalogue();
  const int slot = *catalogue.Find("crime.social_order");
  std::vector<FactTableRow> rows(2);
  rows[0].unit_code = kBaDinh;
  rows[1].unit_code = kKinhBac;  // Bắc Ninh's
  for (FactTableRow& row : rows) {
    row.cells.resize(static_cast<size_t>(slot) + 1);
    row.cells[static_cast<size_t>(slot)] = Cell::Number(4);
  }
  app::ProblemOr<app::ImportSummary> imported = services_->prior_year().ImportRestated(
      kHaNoi, 2025, WriteFactTableCsv(catalogue, rows), Administrator(), app::Scope::Nation());
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, app::ErrorCode::kInvalidRows);
  ASSERT_EQ(imported.error().rows.size(), 1u);
  EXPECT_EQ(imported.error().rows[0].row, 3);
  EXPECT_NE(imported.error().rows[0].message.find("thuộc Thành phố Hà Nội"), std::string::npos)
      << imported.error().rows[0].message;
  // Nothing stored: Ba Đình's prior year is still missing.
  EXPECT_EQ(PriorSources(*services_, kBaDinh, kAllKinds).at("crime.social_order").at("source"),
            "missing");
}

TEST_P(PriorYearTest, ConfirmingTheInferredLinksLetsTheOldWardsValuesRollUp) {
  app::PriorYearService& prior_year = services_->prior_year();
  // Kinh Bắc's lineage goes through Tiền Ninh Vệ (1 January 2025), whose links from Tiền An and Vệ
  // An the data only infers from the name.
  std::map<std::string, json> before = PriorSources(*services_, kKinhBac, kWards);
  ASSERT_FALSE(before.empty());
  for (const auto& [indicator, source] : before) {
    EXPECT_EQ(source.at("source"), "missing") << indicator;
    EXPECT_EQ(source.at("needs"), "confirm_or_restate") << indicator;
    EXPECT_NE(source.at("text").get<std::string>().find("Phường Tiền Ninh Vệ"), std::string::npos);
  }
  app::ProblemOr<app::RestatedList> list =
      prior_year.Restated(kBacNinh2025, 2025, kWards, app::Scope::Nation());
  ASSERT_TRUE(list) << list.error().message;
  const app::RestatedUnit* kinh_bac = Find(*list, kKinhBac);
  ASSERT_NE(kinh_bac, nullptr);
  ASSERT_EQ(kinh_bac->links.size(), 2u);

  int recomputed = 0;
  for (const app::InferredLink& link : kinh_bac->links) {
    EXPECT_EQ(link.to_name, "Phường Tiền Ninh Vệ");
    app::ProblemOr<app::ConfirmedLink> confirmed =
        prior_year.ConfirmLink(link.from, link.to, Administrator(), app::Scope::Nation());
    ASSERT_TRUE(confirmed) << confirmed.error().message;
    EXPECT_EQ(confirmed->confirmation.actor, Administrator());
    EXPECT_EQ(confirmed->confirmation.at, kNow);
    recomputed += confirmed->scorecards_recomputed;
  }
  EXPECT_GE(recomputed, 2);  // Kinh Bắc's stored scorecard, each time

  // The stored scorecard (not computed again: recomputed by the confirmations) rolls up the old
  // wards.
  std::map<std::string, json> after = PriorSources(*services_, kKinhBac, kWards);
  for (const auto& [indicator, source] : after) {
    EXPECT_EQ(source.at("source"), "rolled_up") << indicator;
    EXPECT_GE(source.at("units").get<int>(), 4) << indicator;
    EXPECT_EQ(source.at("text").get<std::string>().rfind("gộp từ ", 0), 0u) << source.at("text");
  }
  // The unit page shows who confirmed each link.
  app::ProblemOr<app::UnitDetail> tien_ninh_ve =
      services_->units().Get("09184", *Date::Parse("2025-03-01"), app::Scope::Nation());
  ASSERT_TRUE(tien_ninh_ve);
  int confirmed = 0;
  for (const app::LineageEntry& entry : tien_ninh_ve->predecessors) {
    if (!entry.confirmation) continue;
    ++confirmed;
    EXPECT_TRUE(entry.certain);
    EXPECT_EQ(entry.confirmation->actor.user, "admin.tinh");
  }
  EXPECT_EQ(confirmed, 2);

  // Again: refused, as a link that is certain now; a link that is not there: not found.
  const app::InferredLink& first = kinh_bac->links.front();
  app::ProblemOr<app::ConfirmedLink> again =
      prior_year.ConfirmLink(first.from, first.to, Administrator(), app::Scope::Nation());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, app::ErrorCode::kInvalid);
  app::ProblemOr<app::ConfirmedLink> none =
      prior_year.ConfirmLink(first.to, first.from, Administrator(), app::Scope::Nation());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, app::ErrorCode::kNotFound);
}

// Trần Nguyên Hãn is one of several candidates for several new wards (an ambiguous link): a whole
// unit passes into one unit only, so once one link is confirmed the others cannot be.
TEST_P(PriorYearTest, AWholeUnitIsConfirmedIntoOneUnitOnly) {
  app::PriorYearService& prior_year = services_->prior_year();
  app::ProblemOr<app::RestatedList> list =
      prior_year.Restated(kBacNinh2025, 2025, kWards, app::Scope::Nation());
  ASSERT_TRUE(list) << list.error().message;
  std::vector<app::InferredLink> from_one;
  for (const app::RestatedUnit& unit : list->units)
    for (const app::InferredLink& link : unit.links)
      if (link.from_name == "Phường Trần Nguyên Hãn") from_one.push_back(link);
  ASSERT_GE(from_one.size(), 2u);
  ASSERT_NE(from_one[0].to, from_one[1].to);
  ASSERT_TRUE(prior_year.ConfirmLink(from_one[0].from, from_one[0].to, Administrator(),
                                     app::Scope::Nation()));
  app::ProblemOr<app::ConfirmedLink> second = prior_year.ConfirmLink(
      from_one[1].from, from_one[1].to, Administrator(), app::Scope::Nation());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, app::ErrorCode::kInvalid);
  EXPECT_NE(second.error().message.find("đã chuyển toàn bộ sang"), std::string::npos)
      << second.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, PriorYearTest, testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace kieumau::app_test
