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

#include "facts_io/fact_table.h"
#include "service/backend_server.h"
#include "support/test_support.h"

namespace kieumau::service_test {
namespace {

using nlohmann::json;
using server_test::HttpResponse;

constexpr const char* kProgramme = "bn-capkm-2024-2030";
// Bắc Ninh in the national register: code 27 until 30 June 2025; from 1 July the merged Bắc Ninh
// (with Bắc Giang), code 24 — until then Bắc Giang's.
const std::string kBacNinh2024 = "27";
const std::string kBacNinh2025 = "24";

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
  EXPECT_EQ(years[0].at("units"), 52);  // old Bắc Ninh's phường at the end of 2024
  EXPECT_EQ(years[0].at("target"), 8);  // above 15% of 52
  EXPECT_EQ(years[1].at("year"), 2025);
  EXPECT_EQ(years[1].at("units"), 33);   // the merged Bắc Ninh's phường from 2025-07-01
  EXPECT_EQ(years[1].at("target"), 10);  // above 30% of 33
  EXPECT_EQ(years[6].at("target"), 33);  // at least 100%
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
  EXPECT_EQ(years[3].at("not_assessed"),
            years[3].at("units").get<int>() - years[3].at("recognised").get<int>());
  // How the base changed and why: two wards ended on 2025-01-01 (Tiền An and Vệ An, with Ninh Xá
  // renamed Tiền Ninh Vệ), then on 2025-07-01 the 50 phường of old Bắc Ninh ended and the merged
  // province's 33 were formed; recognised wards that ended are named with their successors.
  const json& changes = roadmap.at("base_changes");
  ASSERT_EQ(changes.size(), 2u) << changes.dump().substr(0, 600);
  EXPECT_EQ(changes[0].at("date"), "2025-01-01");
  EXPECT_EQ(changes[0].at("units_before"), 52);
  EXPECT_EQ(changes[0].at("units_after"), 50);
  EXPECT_EQ(changes[0].at("ended"), 2);
  EXPECT_EQ(changes[1].at("date"), "2025-07-01");
  EXPECT_EQ(changes[1].at("units_before"), 50);
  EXPECT_EQ(changes[1].at("units_after"), 33);
  EXPECT_EQ(changes[1].at("province_before").at("code"), kBacNinh2024);
  EXPECT_EQ(changes[1].at("province_after").at("code"), kBacNinh2025);
  EXPECT_EQ(changes[1].at("ended"), 50);
  ASSERT_GE(changes[1].at("recognised_ended").size(), 8u);
  for (const json& ended : changes[1]["recognised_ended"])
    EXPECT_FALSE(ended.at("successors").empty()) << ended.dump();
  EXPECT_NE(changes[1].at("reason").get<std::string>().find("phường"), std::string::npos);

  const json national = GetJson("/api/roadmap");
  ASSERT_EQ(national.at("programmes").size(), 1u);
  EXPECT_EQ(national.at("years")[1].at("units"), 33);
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
  auto count = [&](const std::string& query) {
    return GetJson("/api/units?" + query).at("units").size();
  };
  // The whole country, from the national register.
  EXPECT_EQ(count("as_of=2024-12-31&level=province"), 63u);
  EXPECT_EQ(count("as_of=2025-07-01&level=province"), 34u);
  EXPECT_EQ(count("as_of=2025-07-01&level=commune"), 3321u);
  EXPECT_GT(count("as_of=2025-06-30&level=district"), 600u);
  EXPECT_EQ(count("as_of=2025-07-01&level=district"), 0u);
  // Bắc Ninh: 52 phường at the end of 2024, 50 from 2025-01-01, 33 in the merged province.
  EXPECT_EQ(count("as_of=2024-12-31&within=" + kBacNinh2024 + "&kind=phuong"), 52u);
  EXPECT_EQ(count("as_of=2025-06-30&within=" + kBacNinh2024 + "&kind=phuong"), 50u);
  EXPECT_EQ(count("as_of=2025-12-31&within=" + kBacNinh2025 + "&kind=phuong"), 33u);
  EXPECT_EQ(count("as_of=2025-07-01&level=commune&within=" + kBacNinh2025), 99u);
  // A code means the unit that held it on the date asked: 24 was Bắc Giang, then the new Bắc Ninh.
  const json bac_giang = GetJson("/api/units/24?as_of=2025-06-30");
  const json bac_ninh = GetJson("/api/units/24?as_of=2025-07-01");
  EXPECT_EQ(bac_giang.at("state").at("name"), "Tỉnh Bắc Giang");
  EXPECT_EQ(bac_ninh.at("state").at("name"), "Tỉnh Bắc Ninh");
  EXPECT_NE(bac_giang.at("id"), bac_ninh.at("id"));
  EXPECT_EQ(bac_ninh.at("predecessors").size(), 2u);  // old Bắc Giang and old Bắc Ninh
  EXPECT_EQ(GetJson("/api/units/00004?as_of=2025-06-30").at("state").at("name"),
            "Phường Trúc Bạch");
  EXPECT_EQ(GetJson("/api/units/00004?as_of=2025-07-01").at("state").at("name"), "Phường Ba Đình");

  // Every phường of 2025 was formed on 2025-07-01 from old communes, each predecessor ending then
  // with this ward among its successors.
  const json wards_2025 = GetJson("/api/units?as_of=2025-12-31&kind=phuong&within=" + kBacNinh2025);
  const std::string first = wards_2025.at("units")[0].at("code");
  const json unit = GetJson("/api/units/" + first + "?as_of=2025-12-31");
  ASSERT_FALSE(unit.at("predecessors").empty()) << unit.dump();
  for (const json& p : unit["predecessors"]) {
    EXPECT_EQ(p.at("date"), "2025-07-01");
    EXPECT_EQ(p.at("kind"), "transfer");
    const json before =
        GetJson("/api/units/" + p.at("code").get<std::string>() + "?as_of=2025-06-30");
    EXPECT_TRUE(before.at("exists"));
    EXPECT_EQ(before.at("to"), "2025-07-01");
    bool found = false;
    for (const json& s : before.at("successors"))
      found = found || s.at("id") == unit.at("id");
    EXPECT_TRUE(found) << before.dump().substr(0, 400);
  }
  EXPECT_EQ(unit.at("path").back().at("code"), kBacNinh2025);
  // Tiền Ninh Vệ (Ninh Xá renamed on 2025-01-01): Tiền An and Vệ An linked by name only, uncertain.
  const json tien_ninh_ve = GetJson("/api/units/09184?as_of=2025-03-01");
  EXPECT_EQ(tien_ninh_ve.at("state").at("name"), "Phường Tiền Ninh Vệ");
  ASSERT_EQ(tien_ninh_ve.at("predecessors").size(), 2u);
  for (const json& p : tien_ninh_ve["predecessors"]) {
    EXPECT_FALSE(p.at("certain"));
    EXPECT_EQ(p.at("basis"), "name_parts");
  }
  // Search by name without diacritics, and by code.
  const json found = GetJson("/api/units?as_of=2025-03-01&q=tien%20ninh%20ve");
  ASSERT_EQ(found.at("units").size(), 1u);
  EXPECT_EQ(found["units"][0].at("code"), "09184");
  const json hoa = GetJson("/api/units?level=province&q=hoa&as_of=2025-07-01");
  std::set<std::string> provinces;
  for (const json& p : hoa.at("units"))
    provinces.insert(p.at("name"));
  EXPECT_EQ(provinces, (std::set<std::string>{"Tỉnh Khánh Hòa", "Tỉnh Thanh Hóa"}));
  EXPECT_EQ(ErrorOf(server_->Get("/api/units?as_of=2025-13-01"), 400).at("code"), "bad_request");
  EXPECT_EQ(ErrorOf(server_->Get("/api/units/NO-SUCH"), 404).at("code"), "not_found");
}

// An old commune divided among several new ones: each new unit lists it as a part predecessor,
// and it lists them as part successors.
TEST_P(ApiTest, PartTransfersAreListedWithTheirShare) {
  const json communes = GetJson("/api/units?as_of=2025-06-30&level=commune&within=01");
  int parts = 0;
  for (const json& commune : communes.at("units")) {
    const json unit =
        GetJson("/api/units/" + commune.at("code").get<std::string>() + "?as_of=2025-06-30");
    if (unit.at("successors").size() < 2) continue;
    for (const json& s : unit["successors"]) {
      EXPECT_EQ(s.at("share"), "part") << unit.dump().substr(0, 300);
      const json next =
          GetJson("/api/units/" + s.at("code").get<std::string>() + "?as_of=2025-07-01");
      bool listed = false;
      for (const json& p : next.at("predecessors"))
        listed = listed || (p.at("id") == unit.at("id") && p.at("share") == "part");
      EXPECT_TRUE(listed) << next.dump().substr(0, 300);
    }
    if (++parts == 3) break;
  }
  EXPECT_EQ(parts, 3);
}

// The register's 9 names it could not resolve are listed with the new unit their text formed, and
// on that unit's page: never guessed into a link.
TEST_P(ApiTest, UnresolvedNamesAreListedNotGuessed) {
  const json reg = GetJson("/api/register");
  EXPECT_NE(reg.at("release").get<std::string>().find("2026-04-30"), std::string::npos);
  ASSERT_EQ(reg.at("unresolved").size(), 9u);
  const json& first = reg.at("unresolved").at(0);
  ASSERT_TRUE(first.at("unit").at("id").is_number_integer()) << first.dump();
  const json unit =
      GetJson("/api/units/" + first.at("unit").at("code").get<std::string>() + "?as_of=2025-07-01");
  EXPECT_EQ(unit.at("id"), first.at("unit").at("id"));
  ASSERT_GE(unit.at("unresolved").size(), 1u);
  EXPECT_EQ(unit.at("unresolved").at(0).at("text"), first.at("text"));
  for (const json& p : unit.at("predecessors"))
    EXPECT_NE(p.at("name"), first.at("text")) << "an unresolved name became a link";
  // A unit whose text was resolved whole lists none.
  EXPECT_TRUE(GetJson("/api/units/00004?as_of=2025-07-01").at("unresolved").empty());
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
  // Current values are in it: every commune of old Bắc Ninh has a staff count in 2024.
  const std::vector<std::string> wards = Lines(Template(2024, "&within=" + kBacNinh2024));
  EXPECT_EQ(wards.size(),
            1u + GetJson("/api/units?as_of=2024-12-31&level=commune&within=" + kBacNinh2024)
                     .at("units")
                     .size());
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
  const std::string csv = Template(2024, "&within=" + kBacNinh2024);
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
  EXPECT_EQ(CellOf(Template(2024, "&within=" + kBacNinh2024), code, "tips.received"), more);
  EXPECT_EQ(GetJson("/api/units/" + code + "/facts?year=2024").at("values").at("tips.received"),
            std::stoi(more));
  const json history =
      GetJson("/api/units/" + code + "/facts/tips.received/history?year=2024").at("changes");
  ASSERT_GE(history.size(), 2u);  // the demo's value, then this import
  EXPECT_EQ(history.back().at("old"), std::stoi(received));
  EXPECT_EQ(history.back().at("new"), std::stoi(more));
  EXPECT_EQ(history.back().at("source"), "import");
  // Who: the signed-in administrator, by username.
  EXPECT_EQ(history.back().at("who"), "demo");
  EXPECT_EQ(history.back().at("actor").at("kind"), "user");
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
  const HttpResponse xlsx =
      server_->Get("/api/facts/template?year=2024&format=xlsx&within=" + kBacNinh2024);
  const HttpResponse back =
      server_->Post("/api/facts/import?year=2024", xlsx.body,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(json::parse(back.body).at("changed"), 0);
}

// Each kind of bad file is refused with its row and column, and nothing is stored.
TEST_P(ApiTest, BadImportsStoreNothing) {
  const std::string csv = Template(2024, "&within=" + kBacNinh2024);
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
  const std::string after = Template(2024, "&within=" + kBacNinh2024);
  EXPECT_EQ(after, csv);
  EXPECT_EQ(CellOf(after, code, "tips.received"), received);
  EXPECT_EQ(ErrorOf(server_->Post("/api/facts/import", OneRow(csv, code, {})), 400).at("code"),
            "bad_request");
}

TEST_P(ApiTest, ScoringFromStorageFollowsLineage) {
  const json scores =
      GetJson("/api/provinces/" + kBacNinh2025 + "/scores?year=2025&rubric=bn-capkm-2024");
  EXPECT_EQ(scores.at("rubric"), "bn-capkm-2024");
  EXPECT_EQ(scores.at("year"), 2025);
  ASSERT_EQ(scores.at("results").size(), 33u);
  std::set<std::string> outcomes;
  for (const json& r : scores["results"])
    outcomes.insert(r.at("outcome"));
  EXPECT_TRUE(outcomes.count("pass")) << scores.dump().substr(0, 300);
  EXPECT_TRUE(outcomes.count("fail"));
  // A ward formed in 2025 wholly from whole old communes by certain links: its prior year is
  // their 2024 values, summed for counts. With a part or an uncertain link: no prior value.
  int summed = 0, missing = 0;
  const json wards = GetJson("/api/units?as_of=2025-12-31&kind=phuong&within=" + kBacNinh2025);
  for (const json& ward : wards.at("units")) {
    const std::string code = ward.at("code");
    const json unit = GetJson("/api/units/" + code + "?as_of=2025-12-31");
    const json facts = GetJson("/api/units/" + code + "/facts?year=2025");
    // Whole and certain all the way back to 2024: a predecessor that itself absorbed a commune on
    // 2025-01-01 through a link the register only infers (Tiền Ninh Vệ) blocks the rollup.
    bool whole = true;
    int sum = 0;
    for (const json& p : unit.at("predecessors")) {
      whole = whole && p.at("share") == "whole" && p.at("certain") == true;
      const std::string before = p.at("code");
      const json previous = GetJson("/api/units/" + before + "?as_of=2025-06-30");
      for (const json& earlier : previous.at("predecessors"))
        whole = whole && earlier.at("certain") == true;
      sum += GetJson("/api/units/" + before + "/facts?year=2024")
                 .at("values")
                 .value("crime.social_order", 0);
    }
    if (whole) {
      EXPECT_EQ(facts.at("prior").at("crime.social_order"), sum) << code;
      ++summed;
    } else {
      EXPECT_FALSE(facts.at("prior").contains("crime.social_order")) << code;
      ++missing;
    }
    const json card = GetJson("/api/units/" + code + "/scorecard?year=2025&rubric=bn-capkm-2024");
    EXPECT_EQ(card.at("result").at("unit"), code);
  }
  EXPECT_GT(summed, 0);
  EXPECT_GT(missing, 0);
  EXPECT_EQ(
      ErrorOf(server_->Get("/api/provinces/" + kBacNinh2025 + "/scores?year=2025&rubric=x"), 404)
          .at("code"),
      "not_found");
}

TEST_P(ApiTest, ValuesEnteredThroughTheApiAreCheckedAndKept) {
  const std::string csv = Template(2025, "&within=" + kBacNinh2025);
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
  EXPECT_EQ(CellOf(Template(2025, "&within=" + kBacNinh2025), code, "tips.received"), received);

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
  // A 2025 ward of the programme not recognised in 2025: one the roadmap counts as assessed.
  const json scores =
      GetJson("/api/provinces/" + kBacNinh2025 + "/scores?year=2025&rubric=bn-capkm-2024");
  std::string code;
  for (const json& result : scores.at("results")) {
    if (result.at("outcome") == "fail") {
      code = result.at("unit");
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
  const std::string target = "/api/units/" +
                             Split(Lines(Template(2025, "&within=" + kBacNinh2025))[1])[0] +
                             "/facts?year=2025";
  // Two servers on one database, one writer on each: the database makes them take turns.
  const std::unique_ptr<server_test::ServerProcess> other = server_->StartAnother();
  ASSERT_TRUE(other->started()) << other->Stderr();
  auto put = [&](uint16_t port, const std::string& body) {
    // The session opened through the first server: sessions live in the database, so the other
    // server takes it too.
    return server_test::Fetch(port, "PUT", target, body, "application/json", &server_->session())
        .status;
  };
  ASSERT_EQ(put(server_->process().port(), R"({"tips.received": 100, "tips.processed": 5})"), 200);
  // After each of its writes, a thread reads the pair back: it must hold.
  std::atomic<int> broken = 0, written = 0;
  auto writer = [&](uint16_t port, const std::string& indicator, const char* a, const char* b) {
    for (int i = 0; i < 30; ++i) {
      if (put(port, "{\"" + indicator + "\": " + (i % 2 == 0 ? a : b) + "}") != 200) continue;
      ++written;
      const json values =
          json::parse(server_test::Fetch(port, "GET", target, "", "", &server_->session()).body)
              .at("values");
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
    return json::parse(
        server_test::Fetch(other->port(), "GET", target, "", "", &server_->session()).body, nullptr,
        false);
  };
  const std::string code =
      GetJson("/api/units?as_of=2025-12-31&within=" + kBacNinh2025 + "&kind=phuong")
          .at("units")[0]
          .at("code");
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
  const HttpResponse put = server_test::Fetch(server_->process().port(), "PUT", facts, erase.dump(),
                                              "application/json", &server_->session());
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
