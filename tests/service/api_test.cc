// The data API as a user's browser or script uses it, on a copy of a database the Bắc Ninh demo was
// seeded into, one copy per test, on SQLite and on PostgreSQL: answered in process by the HTTP
// application (server::App, what the network adapter calls), and — for several servers on one
// database — by real `kieumau serve` processes over HTTP.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "demo/demo.h"
#include "facts_io/fact_table.h"
#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using nlohmann::json;
using server_test::HttpResponse;

constexpr const char* kProgramme = "bn-capkm-2024-2030";

class ApiTest : public testing::TestWithParam<std::string> {
 protected:
  virtual BackendServer::Mode mode() const { return BackendServer::Mode::kInProcess; }

  void SetUp() override {
    // A copy of the demo template, seeded once (service/demo_template.h), of its own.
    server_ = std::make_unique<BackendServer>(GetParam(), mode());
    if (server_->skipped()) GTEST_SKIP() << test::kPostgresSkipped;
    ASSERT_TRUE(server_->started()) << server_->Stderr();
  }

  json GetJson(const std::string& target) {
    const HttpResponse response = server_->Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    EXPECT_EQ(response.Header("Content-Type"), "application/json") << target;
    return json::parse(response.body, nullptr, false);
  }

  // The code of the unit named `name` of `level` as of `date`.
  std::string CodeOf(const std::string& name, const std::string& level, const std::string& date) {
    const json units = GetJson("/api/units?level=" + level + "&as_of=" + date).at("units");
    for (const json& unit : units)
      if (unit.at("name") == name) return unit.at("code");
    ADD_FAILURE() << "no " << level << " named " << name << " on " << date;
    return "";
  }

  std::string Template(int year, const std::string& extra = "") {
    const HttpResponse response =
        server_->Get("/api/facts/template?year=" + std::to_string(year) + extra);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
  }

  // The error object of a refused request, after checking its status.
  static json ErrorOf(const HttpResponse& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
    const json body = json::parse(response.body, nullptr, false);
    EXPECT_TRUE(body.contains("error")) << response.body;
    EXPECT_TRUE(body["error"].contains("code"));
    EXPECT_TRUE(body["error"].contains("message"));
    return body.value("error", json::object());
  }

  std::unique_ptr<BackendServer> server_;
};

// Lines of a CSV text without quoting inside (the demo's names have no commas).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::stringstream stream(line);
  while (std::getline(stream, cell, ','))
    cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");
  return cells;
}

std::string Join(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i)
    line += (i ? "," : "") + cells[i];
  return line;
}

size_t ColumnOf(const std::string& header, const std::string& name) {
  const std::vector<std::string> cells = Split(header);
  for (size_t i = 0; i < cells.size(); ++i)
    if (cells[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

// A CSV of the header and the one row of `code`, with `column` set to `value`.
std::string OneRow(const std::string& csv, const std::string& code,
                   const std::vector<std::pair<std::string, std::string>>& changes) {
  const std::vector<std::string> lines = Lines(csv);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = Split(lines[i]);
    if (cells[0] != code) continue;
    for (const auto& [column, value] : changes) {
      const size_t c = ColumnOf(lines[0], column);
      if (cells.size() <= c) cells.resize(c + 1);
      cells[c] = value;
    }
    return lines[0] + "\n" + Join(cells) + "\n";
  }
  ADD_FAILURE() << "no row for " << code;
  return "";
}

std::string CellOf(const std::string& csv, const std::string& code, const std::string& column) {
  const std::vector<std::string> lines = Lines(csv);
  const size_t c = ColumnOf(lines[0], column);
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = Split(lines[i]);
    if (cells[0] == code) return c < cells.size() ? cells[c] : "";
  }
  ADD_FAILURE() << "no row for " << code;
  return "";
}

TEST_P(ApiTest, HealthAndDemoFlag) {
  EXPECT_EQ(server_->Get("/api/health").body, R"({"status":"ok"})");
  const json about = GetJson("/api/about");
  EXPECT_EQ(about.at("backend"), GetParam());
  ASSERT_TRUE(about.at("demo").is_object());
  EXPECT_NE(about["demo"].at("note").get<std::string>().find("minh họa"), std::string::npos);
  // The demo's province is read from its programme, not written into the program.
  EXPECT_EQ(about["demo"].at("province"), "Bắc Ninh");
  // Every answer carries its request id; an error names it too, so a user can quote it.
  const HttpResponse missing = server_->Get("/api/units/NO-SUCH-UNIT");
  const json error = ErrorOf(missing, 404);
  ASSERT_TRUE(error.contains("request_id"));
  EXPECT_EQ(error.at("request_id"), missing.Header("X-Request-Id"));
  EXPECT_EQ(error.at("request_id").get<std::string>().size(), 16u);
  EXPECT_NE(server_->Get("/api/health").Header("X-Request-Id"), missing.Header("X-Request-Id"));
}

TEST_P(ApiTest, ProgrammesList) {
  const json list = GetJson("/api/programmes");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id"), kProgramme);
  EXPECT_EQ(list[0].at("province"), "Bắc Ninh");
  EXPECT_EQ(list[0].at("rubric"), "bn-capkm-2024");
  EXPECT_EQ(list[0].at("unit_kind"), "phuong");
  EXPECT_EQ(list[0].at("decision").at("number"), "224/QĐ-UBND");
  EXPECT_EQ(list[0].at("demo"), true);
}

TEST_P(ApiTest, RoadmapCountsUnitsOnceAndTargetsExactly) {
  const json roadmap = GetJson(std::string("/api/programmes/") + kProgramme + "/roadmap");
  const json& years = roadmap.at("years");
  ASSERT_EQ(years.size(), 7u);
  EXPECT_EQ(years[0].at("year"), 2024);
  EXPECT_EQ(years[0].at("units"), 52);
  EXPECT_EQ(years[0].at("target"), 8);  // above 15% of 52
  EXPECT_EQ(years[1].at("year"), 2025);
  EXPECT_EQ(years[1].at("units"), 50);   // two merges of two wards on 2025-07-01
  EXPECT_EQ(years[1].at("target"), 16);  // above 30% of 50
  EXPECT_EQ(years[6].at("target"), 50);  // at least 100%
  for (const json& year : years) {
    const int units = year.at("units");
    EXPECT_EQ(year.at("recognised").get<int>() + year.at("passing").get<int>() +
                  year.at("failing").get<int>() + year.at("not_assessed").get<int>(),
              units)
        << year.dump();
    EXPECT_EQ(year.at("gap"),
              std::max(0, year.at("target").get<int>() - year.at("recognised").get<int>()));
  }
  // The demo: the 2024 target met, a visible gap in 2025, assessments in both years.
  EXPECT_GE(years[0].at("recognised").get<int>(), 8);
  EXPECT_EQ(years[0].at("gap"), 0);
  EXPECT_GT(years[1].at("gap").get<int>(), 0);
  EXPECT_GT(years[0].at("passing").get<int>() + years[0].at("failing").get<int>(), 0);
  EXPECT_EQ(years[2].at("not_assessed"),
            years[2].at("units").get<int>() - years[2].at("recognised").get<int>());

  const json national = GetJson("/api/roadmap");
  ASSERT_EQ(national.at("programmes").size(), 1u);
  EXPECT_EQ(national.at("years")[1].at("units"), 50);
  EXPECT_EQ(national.at("years")[1].at("gap"), years[1].at("gap"));

  const json error = ErrorOf(server_->Get("/api/programmes/no-such/roadmap"), 404);
  EXPECT_EQ(error.at("code"), "not_found");
}

TEST_P(ApiTest, ForceFiguresOf2023AreTheDecisionsBaseline) {
  const json force = GetJson(std::string("/api/programmes/") + kProgramme + "/force?year=2023");
  EXPECT_EQ(force.at("units"), 52);
  EXPECT_EQ(force.at("officers"), 406);
  EXPECT_EQ(force.at("officers_per_unit"), 7.8);
  // The threshold is the programme's (10 officers per ward), given beside the figures.
  EXPECT_EQ(force.at("min_officers"), 10);
  EXPECT_EQ(force.at("units_with_at_least_min"), 13);
  EXPECT_EQ(force.at("officers_needed_for_min"), 125);
  ASSERT_EQ(force.at("targets").size(), 12u);
  for (const json& target : force["targets"]) {
    EXPECT_TRUE(target.at("missing").empty()) << target.dump();
    EXPECT_FALSE(target.at("share_percent").is_null()) << target.dump();
  }
  EXPECT_EQ(ErrorOf(server_->Get(std::string("/api/programmes/") + kProgramme + "/force"), 400)
                .at("code"),
            "bad_request");
  EXPECT_EQ(
      ErrorOf(server_->Get(std::string("/api/programmes/") + kProgramme + "/force?year=abc"), 400)
          .at("code"),
      "bad_request");
}

TEST_P(ApiTest, UnitsAsOfAcrossThe2025Reorganisation) {
  const std::string bac_ninh = CodeOf("Tỉnh Bắc Ninh", "province", "2024-12-31");
  auto count = [&](const std::string& query) {
    return GetJson("/api/units?" + query).at("units").size();
  };
  EXPECT_EQ(count("as_of=2024-12-31&within=" + bac_ninh + "&kind=phuong"), 52u);
  EXPECT_EQ(count("as_of=2025-12-31&within=" + bac_ninh + "&kind=phuong"), 50u);
  EXPECT_EQ(count("as_of=2024-12-31&level=province"), 2u);  // Bắc Ninh and Bắc Giang
  EXPECT_EQ(count("as_of=2025-07-01&level=province"), 1u);
  EXPECT_GT(count("as_of=2025-06-30&level=district"), 4u);
  EXPECT_EQ(count("as_of=2025-07-01&level=district"), 0u);
  // Bắc Giang's communes are Bắc Ninh's from 2025-07-01.
  const std::string bac_giang = CodeOf("Tỉnh Bắc Giang", "province", "2024-12-31");
  const size_t bg_communes = count("as_of=2025-06-30&level=commune&within=" + bac_giang);
  EXPECT_GT(bg_communes, 0u);
  EXPECT_EQ(count("as_of=2025-07-01&level=commune&within=" + bac_ninh), 50u + bg_communes);

  // The two wards formed by merges, each with two predecessors that ended on 2025-07-01.
  int merged = 0;
  const json wards_2025 = GetJson("/api/units?as_of=2025-12-31&kind=phuong&within=" + bac_ninh);
  for (const json& ward : wards_2025.at("units")) {
    const json unit =
        GetJson("/api/units/" + ward.at("code").get<std::string>() + "?as_of=2025-12-31");
    if (unit.at("predecessors").empty()) continue;
    ++merged;
    EXPECT_EQ(unit.at("predecessors").size(), 2u) << unit.dump();
    for (const json& p : unit["predecessors"]) {
      EXPECT_EQ(p.at("date"), "2025-07-01");
      const json before =
          GetJson("/api/units/" + p.at("code").get<std::string>() + "?as_of=2025-06-30");
      EXPECT_TRUE(before.at("exists"));
      EXPECT_EQ(before.at("to"), "2025-07-01");
      ASSERT_EQ(before.at("successors").size(), 1u);
      EXPECT_EQ(before["successors"][0].at("code"), ward.at("code"));
    }
    EXPECT_EQ(unit.at("path").back().at("code"), bac_ninh);
  }
  EXPECT_EQ(merged, 2);
  EXPECT_EQ(ErrorOf(server_->Get("/api/units?as_of=2025-13-01"), 400).at("code"), "bad_request");
  EXPECT_EQ(ErrorOf(server_->Get("/api/units/NO-SUCH"), 404).at("code"), "not_found");
}

TEST_P(ApiTest, TemplateIsTheContractShape) {
  const std::string csv = Template(2024);
  const std::vector<std::string> lines = Lines(csv);
  ASSERT_GT(lines.size(), 52u);
  EXPECT_EQ(lines[0].rfind("unit_code,unit_name,", 0), 0u) << lines[0].substr(0, 80);
  const std::vector<std::string> header = Split(lines[0]);
  EXPECT_EQ(header.size(), 2u + 119u);
  EXPECT_EQ(header[2], "leadership.party_gov_rating");  // the catalogue's first indicator
  EXPECT_NE(std::find(header.begin(), header.end(), "tips.received"), header.end());
  const HttpResponse response = server_->Get("/api/facts/template?year=2024&format=csv");
  EXPECT_EQ(response.Header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(response.Header("Content-Disposition").find("attachment"), std::string::npos);
  // Current values are in it: every Bắc Ninh ward has a staff count in 2024.
  const std::string bac_ninh = CodeOf("Tỉnh Bắc Ninh", "province", "2024-12-31");
  const std::vector<std::string> wards = Lines(Template(2024, "&within=" + bac_ninh));
  EXPECT_EQ(wards.size(), 1u + 52u);
  const size_t staff = ColumnOf(lines[0], "staff.count");
  for (size_t i = 1; i < wards.size(); ++i)
    EXPECT_FALSE(Split(wards[i]).at(staff).empty()) << wards[i].substr(0, 60);
  // The xlsx template is a zip.
  const HttpResponse xlsx = server_->Get("/api/facts/template?year=2024&format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(ErrorOf(server_->Get("/api/facts/template?year=2024&format=pdf"), 400).at("code"),
            "bad_request");
  EXPECT_EQ(ErrorOf(server_->Get("/api/facts/template"), 400).at("code"), "bad_request");
}

TEST_P(ApiTest, ImportChangesValuesWithHistoryAndRecomputesScorecards) {
  const std::string csv = Template(2024, "&within=BN");
  const std::string code = Split(Lines(csv)[1])[0];
  // Score first, so a stored scorecard exists to be recomputed.
  const json before = GetJson("/api/units/" + code + "/scorecard?year=2024&rubric=bn-capkm-2024");
  EXPECT_TRUE(
      std::regex_match(before.at("rubric_hash").get<std::string>(), std::regex("[0-9a-f]{64}")));
  const std::string received = CellOf(csv, code, "tips.received");
  ASSERT_FALSE(received.empty());
  const std::string more = std::to_string(std::stoi(received) + 7);
  const HttpResponse imported =
      server_->Post("/api/facts/import?year=2024", OneRow(csv, code, {{"tips.received", more}}));
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json counts = json::parse(imported.body);
  EXPECT_EQ(counts.at("rows"), 1);
  EXPECT_EQ(counts.at("changed"), 1);
  EXPECT_GT(counts.at("unchanged").get<int>(), 0);
  EXPECT_GE(counts.at("scorecards_recomputed").get<int>(), 1);
  EXPECT_EQ(CellOf(Template(2024, "&within=BN"), code, "tips.received"), more);
  EXPECT_EQ(GetJson("/api/units/" + code + "/facts?year=2024").at("values").at("tips.received"),
            std::stoi(more));
  const json history =
      GetJson("/api/units/" + code + "/facts/tips.received/history?year=2024").at("changes");
  ASSERT_GE(history.size(), 2u);  // the demo's value, then this import
  EXPECT_EQ(history.back().at("old"), std::stoi(received));
  EXPECT_EQ(history.back().at("new"), std::stoi(more));
  EXPECT_EQ(history.back().at("source"), "import");
  EXPECT_EQ(history.back().at("who"), "anonymous");  // no sign-in yet
  // The stored scorecard was recomputed from the new value.
  const json after = GetJson("/api/units/" + code + "/scorecard?year=2024&rubric=bn-capkm-2024");
  EXPECT_NE(after.at("result").dump().find("tips.received = " + more), std::string::npos)
      << after.dump().substr(0, 400);
  // The same file again changes nothing.
  const json again = json::parse(
      server_->Post("/api/facts/import?year=2024", OneRow(csv, code, {{"tips.received", more}}))
          .body);
  EXPECT_EQ(again.at("changed"), 0);
  // A template downloaded as xlsx and sent back unchanged changes nothing either.
  const HttpResponse xlsx = server_->Get("/api/facts/template?year=2024&format=xlsx");
  const HttpResponse back =
      server_->Post("/api/facts/import?year=2024", xlsx.body,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(json::parse(back.body).at("changed"), 0);
}

// Each kind of bad file is refused with its row and column, and nothing is stored.
TEST_P(ApiTest, BadImportsStoreNothing) {
  const std::string csv = Template(2024, "&within=BN");
  const std::vector<std::string> lines = Lines(csv);
  const std::string code = Split(lines[1])[0];
  const std::string other = Split(lines[2])[0];
  const std::string received = CellOf(csv, code, "tips.received");
  struct Case {
    std::string name;
    std::string file;
    int row;
    std::string column;
  };
  std::string duplicate = OneRow(csv, code, {{"tips.received", "1"}});
  duplicate += Lines(duplicate)[1] + "\n";
  std::string broken_xlsx = server_->Get("/api/facts/template?year=2024&format=xlsx").body;
  broken_xlsx.resize(broken_xlsx.size() / 2);
  std::string latin1 = OneRow(csv, code, {{"tips.received", "1"}});
  latin1.replace(latin1.find(Split(Lines(latin1)[1])[1]), 0,
                 "B\xe1"
                 "c ");  // a Latin-1 byte
  const std::vector<Case> cases = {
      {"wrong type", OneRow(csv, code, {{"tips.received", "mười"}}), 2, "tips.received"},
      {"decimal count", OneRow(csv, code, {{"tips.received", "2.5"}}), 2, "tips.received"},
      {"negative count", OneRow(csv, code, {{"tips.received", "-3"}}), 2, "tips.received"},
      {"le violated", OneRow(csv, code, {{"tips.received", "10"}, {"tips.processed", "11"}}), 2,
       "tips.processed"},
      {"duplicate unit", duplicate, 3, "unit_code"},
      {"unknown unit", OneRow(csv, code, {{"unit_code", "KHONG-CO"}}), 2, "unit_code"},
      {"unknown column",
       std::regex_replace(OneRow(csv, code, {}), std::regex("tips\\.received"), "tips.recieved"), 1,
       "tips.recieved"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const json error = ErrorOf(server_->Post("/api/facts/import?year=2024", c.file), 422);
    EXPECT_EQ(error.at("code"), "invalid_rows");
    ASSERT_TRUE(error.contains("rows"));
    bool found = false;
    for (const json& row : error["rows"]) {
      EXPECT_FALSE(row.at("message").get<std::string>().empty());
      if (row.at("row") == c.row && row.at("column") == c.column) found = true;
    }
    EXPECT_TRUE(found) << error.dump();
  }
  for (const auto& [name, file] : std::vector<std::pair<std::string, std::string>>{
           {"broken xlsx", broken_xlsx},
           {"not xlsx", std::string("PK\x03\x04junk", 8)},
           {"wrong encoding", latin1},
           {"empty", ""}}) {
    SCOPED_TRACE(name);
    const json error = ErrorOf(server_->Post("/api/facts/import?year=2024", file), 422);
    EXPECT_EQ(error.at("code"), "invalid_file");
  }
  // A cell of a million characters: refused with a message that quotes a short prefix of it.
  {
    std::string huge = OneRow(csv, code, {{"unit_code", std::string(1'000'000, 'X')}});
    const HttpResponse response = server_->Post("/api/facts/import?year=2024", huge);
    EXPECT_EQ(ErrorOf(response, 422).at("code"), "invalid_rows");
    EXPECT_LT(response.body.size(), 2'000u);
  }
  // A file with one good row and one bad row stores nothing either.
  std::string mixed = OneRow(csv, other, {{"tips.received", "999"}});
  mixed += Lines(OneRow(csv, code, {{"tips.received", "-1"}}))[1] + "\n";
  ErrorOf(server_->Post("/api/facts/import?year=2024", mixed), 422);
  const std::string after = Template(2024, "&within=BN");
  EXPECT_EQ(after, csv);
  EXPECT_EQ(CellOf(after, code, "tips.received"), received);
  EXPECT_EQ(ErrorOf(server_->Post("/api/facts/import", OneRow(csv, code, {})), 400).at("code"),
            "bad_request");
}

TEST_P(ApiTest, ScoringFromStorageFollowsLineage) {
  const std::string bac_ninh = CodeOf("Tỉnh Bắc Ninh", "province", "2025-12-31");
  const json scores =
      GetJson("/api/provinces/" + bac_ninh + "/scores?year=2025&rubric=bn-capkm-2024");
  EXPECT_EQ(scores.at("rubric"), "bn-capkm-2024");
  EXPECT_EQ(scores.at("year"), 2025);
  ASSERT_EQ(scores.at("results").size(), 50u);
  std::set<std::string> outcomes;
  for (const json& r : scores["results"])
    outcomes.insert(r.at("outcome"));
  EXPECT_TRUE(outcomes.count("pass")) << scores.dump().substr(0, 300);
  EXPECT_TRUE(outcomes.count("fail"));
  // A ward formed in 2025: its prior year is its two predecessors' 2024 values, summed for counts.
  int merged = 0;
  const json wards = GetJson("/api/units?as_of=2025-12-31&kind=phuong&within=" + bac_ninh);
  for (const json& ward : wards.at("units")) {
    const std::string code = ward.at("code");
    const json unit = GetJson("/api/units/" + code + "?as_of=2025-12-31");
    if (unit.at("predecessors").empty()) continue;
    const json facts = GetJson("/api/units/" + code + "/facts?year=2025");
    int sum = 0;
    for (const json& p : unit["predecessors"]) {
      sum += GetJson("/api/units/" + p.at("code").get<std::string>() + "/facts?year=2024")
                 .at("values")
                 .at("crime.social_order")
                 .get<int>();
    }
    EXPECT_EQ(facts.at("prior").at("crime.social_order"), sum) << code;
    const json card = GetJson("/api/units/" + code + "/scorecard?year=2025&rubric=bn-capkm-2024");
    EXPECT_EQ(card.at("result").at("unit"), code);
    ++merged;
  }
  EXPECT_EQ(merged, 2);
  EXPECT_EQ(ErrorOf(server_->Get("/api/provinces/" + bac_ninh + "/scores?year=2025&rubric=x"), 404)
                .at("code"),
            "not_found");
}

TEST_P(ApiTest, ValuesEnteredThroughTheApiAreCheckedAndKept) {
  const std::string csv = Template(2025, "&within=BN");
  const std::string code = Split(Lines(csv)[1])[0];
  const std::string target = "/api/units/" + code + "/facts?year=2025";
  const std::string received = CellOf(csv, code, "tips.received");
  auto put = [&](const std::string& body) { return server_->Put(target, body); };
  // tips.processed may not exceed tips.received: refused whole, nothing changes.
  json error = ErrorOf(put(R"({"tips.received": 5, "tips.processed": 6})"), 422);
  EXPECT_EQ(error.at("code"), "invalid_facts");
  EXPECT_NE(error.dump().find("tips.received"), std::string::npos);
  EXPECT_EQ(error.at("rows")[0].at("column"), "tips.processed");
  error = ErrorOf(put(R"({"tips.recieved": 5})"), 422);
  EXPECT_EQ(error.at("rows")[0].at("column"), "tips.recieved");
  ErrorOf(put(R"({"tips.received": -1})"), 422);
  ErrorOf(put(R"({"tips.received": "5"})"), 422);
  ErrorOf(put("not json"), 400);
  // The hostile body that used to stop the server (a value nested a million levels deep): 400, and
  // the server goes on answering.
  std::string deep = R"({"tips.received": 3, "traffic.serious_accidents": )";
  for (int i = 0; i < 1'000'000; ++i)
    deep += "{\"a\":";
  deep += "1" + std::string(1'000'000, '}') + R"(, "recidivism.reoffenders": 2})";
  EXPECT_EQ(ErrorOf(put(deep), 400).at("code"), "bad_request");
  EXPECT_EQ(server_->Get("/api/health").status, 200);
  EXPECT_EQ(CellOf(Template(2025, "&within=BN"), code, "tips.received"), received);

  const HttpResponse ok = put(R"({"tips.received": 500, "tips.processed": 480})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body).at("changed"), 2);
  const json values = GetJson("/api/units/" + code + "/facts?year=2025").at("values");
  EXPECT_EQ(values.at("tips.received"), 500);
  EXPECT_EQ(values.at("tips.processed"), 480);
  const json history =
      GetJson("/api/units/" + code + "/facts/tips.received/history?year=2025").at("changes");
  EXPECT_EQ(history.back().at("source"), "api");
  EXPECT_EQ(history.back().at("new"), 500);
  // Erasing a value.
  ASSERT_EQ(put(R"({"tips.processed": null})").status, 200);
  EXPECT_FALSE(
      GetJson("/api/units/" + code + "/facts?year=2025").at("values").contains("tips.processed"));
}

// A ward whose every value of a year is erased is no longer assessed that year.
TEST_P(ApiTest, AWardWithEveryValueErasedIsNotAssessed) {
  // A 2025 ward of the programme never recognised up to 2025, from the demo's own data.
  Result<demo::DemoData> data = demo::BuildDemoData(test::BuiltinCatalogue());
  ASSERT_TRUE(data) << data.error().message;
  std::set<std::string> recognised;
  for (const demo::DemoRecognition& r : data->recognitions)
    recognised.insert(r.unit_code);
  const json wards = GetJson("/api/units?as_of=2025-12-31&within=BN&kind=phuong");
  std::string code;
  for (const json& ward : wards.at("units")) {
    if (!recognised.count(ward.at("code").get<std::string>())) {
      code = ward.at("code");
      break;
    }
  }
  ASSERT_FALSE(code.empty());
  auto year_2025 = [&] {
    const json roadmap = GetJson("/api/programmes/bn-capkm-2024-2030/roadmap");
    for (const json& year : roadmap.at("years")) {
      if (year.at("year") == 2025) return year;
    }
    return json();
  };
  const json before = year_2025();
  json erase = json::object();
  const json values = GetJson("/api/units/" + code + "/facts?year=2025").at("values");
  for (const auto& [indicator, value] : values.items())
    erase[indicator] = nullptr;
  ASSERT_FALSE(erase.empty());
  const HttpResponse put = server_->Put("/api/units/" + code + "/facts?year=2025", erase.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  const json after = year_2025();
  EXPECT_EQ(after.at("not_assessed").get<int>(), before.at("not_assessed").get<int>() + 1);
  EXPECT_EQ(after.at("passing").get<int>() + after.at("failing").get<int>(),
            before.at("passing").get<int>() + before.at("failing").get<int>() - 1);
  EXPECT_EQ(after.at("recognised"), before.at("recognised"));
}

// Two or more `kieumau serve` processes on one database, as behind a load balancer: the end-to-end
// cases (the interleavings themselves are forced in process: tests/app/app_test.cc).
class ServersOnOneDatabaseTest : public ApiTest {
 protected:
  BackendServer::Mode mode() const override { return BackendServer::Mode::kProcess; }
};

// Writes checked against each other's values (`le`) never leave a broken pair behind, however
// they interleave: each is checked against the values stored when it is written.
TEST_P(ServersOnOneDatabaseTest, ConcurrentWritesNeverBreakLe) {
  const std::string target =
      "/api/units/" + Split(Lines(Template(2025, "&within=BN"))[1])[0] + "/facts?year=2025";
  // Two servers on one database, one writer on each: the database makes them take turns.
  const std::unique_ptr<server_test::ServerProcess> other = server_->StartAnother();
  ASSERT_TRUE(other->started()) << other->Stderr();
  auto put = [&](uint16_t port, const std::string& body) {
    return server_test::Fetch(port, "PUT", target, body, "application/json").status;
  };
  ASSERT_EQ(put(server_->process().port(), R"({"tips.received": 100, "tips.processed": 5})"), 200);
  // After each of its writes, a thread reads the pair back: it must hold.
  std::atomic<int> broken = 0, written = 0;
  auto writer = [&](uint16_t port, const std::string& indicator, const char* a, const char* b) {
    for (int i = 0; i < 30; ++i) {
      if (put(port, "{\"" + indicator + "\": " + (i % 2 == 0 ? a : b) + "}") != 200) continue;
      ++written;
      const json values = json::parse(server_test::Fetch(port, "GET", target).body).at("values");
      if (values.at("tips.processed").get<double>() > values.at("tips.received").get<double>())
        ++broken;
    }
  };
  std::thread lower(writer, server_->process().port(), "tips.received", "10", "100");
  std::thread raise(writer, other->port(), "tips.processed", "50", "5");
  lower.join();
  raise.join();
  EXPECT_GT(written.load(), 0);
  EXPECT_EQ(broken.load(), 0);
}

// Two servers on one database (behind a load balancer): a write through one is seen through the
// other — its facts, its roadmap and the scorecard — within a bounded wait.
TEST_P(ServersOnOneDatabaseTest, ASecondServerSeesAWriteThroughTheFirst) {
  const std::unique_ptr<server_test::ServerProcess> other = server_->StartAnother();
  ASSERT_TRUE(other->started()) << other->Stderr();
  auto get_other = [&](const std::string& target) {
    return json::parse(server_test::Fetch(other->port(), "GET", target).body, nullptr, false);
  };
  const std::string code =
      GetJson("/api/units?as_of=2025-12-31&within=BN&kind=phuong").at("units")[0].at("code");
  const std::string facts = "/api/units/" + code + "/facts?year=2025";
  const std::string roadmap = std::string("/api/programmes/") + kProgramme + "/roadmap";
  const std::string scorecard = "/api/units/" + code + "/scorecard?year=2025&rubric=bn-capkm-2024";
  // The other server has the year, the roadmap and the scorecard before the write.
  const json values_before = get_other(facts).at("values");
  const json roadmap_before = get_other(roadmap);
  const json scorecard_before = get_other(scorecard);
  ASSERT_TRUE(values_before.contains("tips.received"));

  json erase = json::object();
  for (const auto& [indicator, value] : values_before.items())
    erase[indicator] = nullptr;
  const HttpResponse put =
      server_test::Fetch(server_->process().port(), "PUT", facts, erase.dump(), "application/json");
  ASSERT_EQ(put.status, 200) << put.body;

  auto eventually = [](auto condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  };
  EXPECT_TRUE(eventually([&] { return get_other(facts).at("values").empty(); }));
  EXPECT_TRUE(eventually([&] { return get_other(roadmap) != roadmap_before; }));
  EXPECT_TRUE(eventually(
      [&] { return get_other(scorecard).at("result") != scorecard_before.at("result"); }));
  EXPECT_EQ(
      get_other(scorecard).at("result"),
      GetJson("/api/units/" + code + "/scorecard?year=2025&rubric=bn-capkm-2024").at("result"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, testing::Values("sqlite", "postgresql"), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ServersOnOneDatabaseTest,
                         testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace kieumau::service_test
