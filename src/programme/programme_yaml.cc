#include "programme/programme_yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "load/file.h"
#include "load/yaml_util.h"

namespace kieumau {
namespace {

using yaml::CheckKeys;
using yaml::GetString;
using yaml::Line;
using yaml::Sink;

constexpr int64_t kMaxAmount = 1'000'000'000'000'000;  // đồng; far above any budget line
constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Whether `text` is a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + spans[i].first;
    const char* end = begin + spans[i].second;
    const auto [ptr, ec] = std::from_chars(begin, end, parts[i]);
    if (ec != std::errc() || ptr != end) return false;
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  return day <= days;
}

class Loader {
 public:
  Loader(const Catalogue& catalogue, Sink& sink) : catalogue_(catalogue), sink_(sink) {}

  void ParseRoot(const YAML::Node& root, Programme& programme) {
    if (!CheckRootKeys(root)) return;
    const std::string what = "chương trình (programme)";
    programme.id = GetString(root, "programme", true, what, sink_).value_or("");
    programme.title = GetString(root, "title", true, what, sink_).value_or("");
    programme.province = GetString(root, "province", true, what, sink_).value_or("");
    programme.rubric_id = GetString(root, "rubric", true, what, sink_).value_or("");
    if (auto kind = GetString(root, "unit_kind", true, what, sink_)) {
      if (auto parsed = ParseUnitKind(*kind)) {
        programme.unit_kind = *parsed;
      } else {
        sink_.Error(root["unit_kind"],
                    fmt::format("loại đơn vị không hợp lệ '{}'; chỉ có phuong, xa, thi_tran, "
                                "dac_khu (unknown unit kind)",
                                *kind));
      }
    }
    if (const YAML::Node node = root["decision"]) {
      ParseDecision(node, programme.decision);
    } else {
      sink_.Error(root, "chương trình thiếu khóa bắt buộc 'decision' (missing 'decision')");
    }
    if (const YAML::Node node = root["pilot"]) programme.pilot = ParsePilot(node);
    if (const YAML::Node node = root["roadmap"]) {
      ParseRoadmap(node, programme.roadmap);
    } else {
      sink_.Error(root, "chương trình thiếu khóa bắt buộc 'roadmap' (missing 'roadmap')");
    }
    if (const YAML::Node node = root["targets"]) ParseTargets(node, programme.targets);
    for (const auto& entry : root) {
      if (auto year = BaselineYear(entry.first.Scalar()))
        programme.baselines.push_back(ParseBaseline(entry.second, *year));
    }
    if (const YAML::Node node = root["budget_vnd"]) programme.budget = ParseBudget(node);
    if (const YAML::Node node = root["reporting"]) ParseReporting(node, programme.reporting);
    if (const YAML::Node node = root["agencies"]) ParseAgencies(node, programme.agencies);
  }

 private:
  static constexpr std::string_view kBaselinePrefix = "baseline_";

  // The year of a "baseline_2023" key, or nothing for any other key.
  static std::optional<int> BaselineYear(std::string_view key) {
    if (key.substr(0, kBaselinePrefix.size()) != kBaselinePrefix) return std::nullopt;
    const std::string_view digits = key.substr(kBaselinePrefix.size());
    int year = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), year);
    if (digits.size() != 4 || ec != std::errc() || ptr != digits.data() + digits.size())
      return std::nullopt;
    if (year < kMinYear || year > kMaxYear) return std::nullopt;
    return year;
  }

  // Like yaml::CheckKeys, with baseline_<year> allowed besides the fixed keys.
  bool CheckRootKeys(const YAML::Node& root) {
    static constexpr std::string_view kAllowed[] = {
        "programme", "title",   "province", "decision",   "unit_kind", "rubric",
        "pilot",     "roadmap", "targets",  "budget_vnd", "reporting", "agencies"};
    if (!root.IsMap()) {
      sink_.Error(root, "tệp chương trình phải là một ánh xạ khóa: giá trị (must be a mapping)");
      return false;
    }
    std::set<std::string> seen;
    for (const auto& entry : root) {
      const std::string key = entry.first.Scalar();
      if (!seen.insert(key).second) {
        sink_.Error(entry.first,
                    fmt::format("khóa '{}' bị lặp trong chương trình (duplicate key)", key));
        continue;
      }
      if (BaselineYear(key)) continue;
      if (std::find(std::begin(kAllowed), std::end(kAllowed), key) == std::end(kAllowed)) {
        std::string list;
        for (std::string_view name : kAllowed)
          list += std::string(name) + ", ";
        sink_.Error(entry.first,
                    fmt::format("khóa không hợp lệ '{}' trong chương trình; các khóa được phép: "
                                "{}baseline_<năm> (unknown key)",
                                key, list));
      }
    }
    return true;
  }

  // A whole number in [min, max] at `map[key]`.
  std::optional<int64_t> GetInt(const YAML::Node& map, const char* key, bool required,
                                const std::string& what, int64_t min, int64_t max) {
    auto text = GetString(map, key, required, what, sink_);
    if (!text) return std::nullopt;
    int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end) {
      sink_.Error(map[key], fmt::format("'{}' của {} phải là một số nguyên, nhận được \"{}\" "
                                        "(must be a whole number)",
                                        key, what, *text));
      return std::nullopt;
    }
    if (value < min || value > max) {
      sink_.Error(map[key],
                  fmt::format("'{}' của {} phải trong khoảng {}..{}, nhận được {} (out of range)",
                              key, what, min, max, value));
      return std::nullopt;
    }
    return value;
  }

  std::optional<int> GetYear(const YAML::Node& map, const char* key, const std::string& what) {
    auto year = GetInt(map, key, true, what, kMinYear, kMaxYear);
    if (!year) return std::nullopt;
    return static_cast<int>(*year);
  }

  int64_t Count(const YAML::Node& map, const char* key, const std::string& what) {
    return GetInt(map, key, true, what, 0, kMaxAmount).value_or(0);
  }

  std::optional<Decimal2> GetDecimal(const YAML::Node& map, const char* key, bool required,
                                     const std::string& what) {
    auto text = GetString(map, key, required, what, sink_);
    if (!text) return std::nullopt;
    auto value = Decimal2::Parse(*text);
    if (!value) {
      sink_.Error(map[key], fmt::format("'{}' của {} phải là một số không âm, tối đa hai chữ số "
                                        "thập phân, nhận được \"{}\" (must be a non-negative "
                                        "number with at most two decimals)",
                                        key, what, *text));
    }
    return value;
  }

  std::optional<std::string> GetDate(const YAML::Node& map, const char* key, bool required,
                                     const std::string& what) {
    auto text = GetString(map, key, required, what, sink_);
    if (!text) return std::nullopt;
    if (!IsIsoDate(*text)) {
      sink_.Error(map[key], fmt::format("'{}' của {} phải là một ngày dạng YYYY-MM-DD, nhận được "
                                        "\"{}\" (must be a date)",
                                        key, what, *text));
      return std::nullopt;
    }
    return text;
  }

  bool CheckSequence(const YAML::Node& node, const std::string& what) {
    if (node.IsSequence()) return true;
    sink_.Error(node, fmt::format("{} phải là một danh sách (must be a list)", what));
    return false;
  }

  void ParseDecision(const YAML::Node& node, Decision& decision) {
    const std::string what = "quyết định (decision)";
    if (!CheckKeys(node, {"number", "date", "signed_by"}, what, sink_)) return;
    decision.number = GetString(node, "number", true, what, sink_).value_or("");
    decision.date = GetDate(node, "date", true, what).value_or("");
    decision.signed_by = GetString(node, "signed_by", false, what, sink_).value_or("");
  }

  std::optional<Pilot> ParsePilot(const YAML::Node& node) {
    const std::string what = "thí điểm (pilot)";
    if (!CheckKeys(node, {"year", "units"}, what, sink_)) return std::nullopt;
    Pilot pilot;
    pilot.year = GetYear(node, "year", what).value_or(0);
    const YAML::Node units = node["units"];
    if (!units) {
      sink_.Error(node, "thí điểm thiếu khóa bắt buộc 'units' (missing 'units')");
    } else if (CheckSequence(units, "units của " + what)) {
      for (const YAML::Node& unit : units) {
        if (!unit.IsScalar() || unit.Scalar().empty()) {
          sink_.Error(unit, "tên đơn vị thí điểm phải là một chuỗi (a pilot unit must be a name)");
          continue;
        }
        pilot.units.push_back(unit.Scalar());
      }
    }
    return pilot;
  }

  void ParseRoadmap(const YAML::Node& node, std::vector<RoadmapEntry>& roadmap) {
    if (!CheckSequence(node, "lộ trình (roadmap)")) return;
    int index = 0;
    for (const YAML::Node& item : node) {
      ++index;
      const std::string what = fmt::format("lộ trình, mục {} (roadmap entry {})", index, index);
      if (!CheckKeys(item, {"year", "above_percent", "at_least_percent", "review"}, what, sink_))
        continue;
      RoadmapEntry entry;
      entry.line = Line(item);
      auto year = GetYear(item, "year", what);
      const bool above = item["above_percent"].IsDefined();
      const bool at_least = item["at_least_percent"].IsDefined();
      if (above == at_least) {
        sink_.Error(item, fmt::format("{} phải có đúng một trong above_percent, at_least_percent "
                                      "(exactly one of above_percent, at_least_percent)",
                                      what));
        continue;
      }
      const char* key = above ? "above_percent" : "at_least_percent";
      auto percent = GetDecimal(item, key, true, what);
      entry.review = GetString(item, "review", false, what, sink_).value_or("");
      if (!year || !percent) continue;
      // "Above 100%" can never be met; "at least 0%" always is.
      if (above ? percent->hundredths >= 10000
                : (percent->hundredths == 0 || percent->hundredths > 10000)) {
        sink_.Error(item[key],
                    fmt::format("{}: {} = {} nằm ngoài khoảng {} (percent out of range)", what, key,
                                percent->ToString(), above ? "0 ≤ p < 100" : "0 < p ≤ 100"));
        continue;
      }
      if (!roadmap.empty() && *year <= roadmap.back().year) {
        sink_.Error(item["year"],
                    fmt::format("{}: năm {} phải sau năm {} của mục trước (years must increase)",
                                what, *year, roadmap.back().year));
        continue;
      }
      entry.year = *year;
      entry.share = {above ? ShareComparison::kAbove : ShareComparison::kAtLeast, *percent};
      roadmap.push_back(std::move(entry));
    }
  }

  void ParseTargets(const YAML::Node& node, std::vector<ForceTarget>& targets) {
    if (!CheckSequence(node, "chỉ tiêu xây dựng lực lượng (targets)")) return;
    int index = 0;
    for (const YAML::Node& item : node) {
      ++index;
      const std::string what = fmt::format("chỉ tiêu {} (target {})", index, index);
      if (!CheckKeys(item, {"by", "share_of", "at_least_percent", "condition", "measure"}, what,
                     sink_)) {
        continue;
      }
      ForceTarget target;
      target.line = Line(item);
      auto by = GetYear(item, "by", what);
      auto percent = GetDecimal(item, "at_least_percent", true, what);
      if (percent && (percent->hundredths == 0 || percent->hundredths > 10000)) {
        sink_.Error(item["at_least_percent"],
                    fmt::format("{}: at_least_percent = {} nằm ngoài khoảng 0 < p ≤ 100 (percent "
                                "out of range)",
                                what, percent->ToString()));
        percent.reset();
      }
      auto share_of = GetString(item, "share_of", true, what, sink_);
      std::optional<ShareOf> kind;
      if (share_of) {
        if (*share_of == "wards") {
          kind = ShareOf::kWards;
        } else if (*share_of == "officers") {
          kind = ShareOf::kOfficers;
        } else {
          sink_.Error(item["share_of"],
                      fmt::format("{}: share_of phải là wards hoặc officers, nhận được '{}' "
                                  "(share_of must be wards or officers)",
                                  what, *share_of));
        }
      }
      bool ok = by && percent && kind;
      if (kind) {
        const char* wanted = *kind == ShareOf::kWards ? "condition" : "measure";
        const char* other = *kind == ShareOf::kWards ? "measure" : "condition";
        if (item[other].IsDefined()) {
          sink_.Error(item[other],
                      fmt::format("{}: share_of {} dùng '{}', không dùng '{}' "
                                  "(share_of {} takes '{}', not '{}')",
                                  what, *share_of, wanted, other, *share_of, wanted, other));
          ok = false;
        }
        auto expr = ParseExpr(item, wanted, what);
        if (!expr) {
          ok = false;
        } else if (*kind == ShareOf::kWards) {
          target.condition = std::move(expr);
        } else {
          target.measure = std::move(expr);
        }
      }
      if (!ok) continue;
      target.by = *by;
      target.share_of = *kind;
      target.at_least_percent = *percent;
      targets.push_back(std::move(target));
    }
  }

  std::optional<Expr> ParseExpr(const YAML::Node& item, const char* key, const std::string& what) {
    auto text = GetString(item, key, true, what, sink_);
    if (!text) return std::nullopt;
    auto expr = Expr::Parse(*text, catalogue_);
    if (!expr) {
      sink_.Error(item[key], fmt::format("{}, {}: {}", what, key, expr.error().message));
      return std::nullopt;
    }
    for (const Ref& ref : expr->refs()) {
      if (ref.prior) {
        sink_.Error(item[key], fmt::format("{}, {}: chỉ tiêu lực lượng không dùng prior() (force "
                                           "targets read the year's values only)",
                                           what, key));
        return std::nullopt;
      }
    }
    return std::move(expr).value();
  }

  void ParseCountWithPercent(const YAML::Node& map, const char* key, const std::string& what,
                             CountWithPercent& into) {
    const YAML::Node node = map[key];
    const std::string inner = fmt::format("{} của {}", key, what);
    if (!node) {
      sink_.Error(map, fmt::format("{} thiếu khóa bắt buộc '{}' (missing '{}')", what, key, key));
      return;
    }
    if (!CheckKeys(node, {"count", "percent"}, inner, sink_)) return;
    into.count = Count(node, "count", inner);
    into.percent = GetDecimal(node, "percent", true, inner).value_or(Decimal2{});
  }

  // The mapping at map[key], checked against `keys`; an undefined node when absent or wrong.
  YAML::Node Section(const YAML::Node& map, const char* key,
                     std::initializer_list<std::string_view> keys, const std::string& what) {
    const YAML::Node node = map[key];
    if (!node) {
      sink_.Error(map, fmt::format("{} thiếu khóa bắt buộc '{}' (missing '{}')", what, key, key));
      return YAML::Node(YAML::NodeType::Undefined);
    }
    if (!CheckKeys(node, keys, fmt::format("{} của {}", key, what), sink_))
      return YAML::Node(YAML::NodeType::Undefined);
    return node;
  }

  ReportedBaseline ParseBaseline(const YAML::Node& node, int year) {
    const std::string what = fmt::format("số liệu ban đầu {} (baseline_{})", year, year);
    ReportedBaseline baseline;
    baseline.year = year;
    baseline.line = Line(node);
    if (!CheckKeys(node,
                   {"wards", "officers", "officers_per_ward", "wards_with_at_least_10",
                    "officers_needed_for_10_each", "education", "party_members", "below_standard",
                    "headquarters", "land", "equipment_coverage", "civil_forces"},
                   what, sink_)) {
      return baseline;
    }
    baseline.wards = Count(node, "wards", what);
    baseline.officers = Count(node, "officers", what);
    baseline.officers_per_ward =
        GetDecimal(node, "officers_per_ward", true, what).value_or(Decimal2{});
    ParseCountWithPercent(node, "wards_with_at_least_10", what, baseline.wards_with_at_least_10);
    baseline.officers_needed_for_10_each = Count(node, "officers_needed_for_10_each", what);
    baseline.party_members = Count(node, "party_members", what);
    ParseCountWithPercent(node, "below_standard", what, baseline.below_standard);
    if (auto s = Section(node, "education", {"masters", "university", "below_university"}, what)) {
      const std::string inner = "education của " + what;
      baseline.education.masters = Count(s, "masters", inner);
      baseline.education.university = Count(s, "university", inner);
      baseline.education.below_university = Count(s, "below_university", inner);
    }
    if (auto s =
            Section(node, "headquarters",
                    {"independent", "independent_but_shared_with_military", "in_peoples_committee"},
                    what)) {
      const std::string inner = "headquarters của " + what;
      baseline.headquarters.independent = Count(s, "independent", inner);
      baseline.headquarters.independent_but_shared_with_military =
          Count(s, "independent_but_shared_with_military", inner);
      baseline.headquarters.in_peoples_committee = Count(s, "in_peoples_committee", inner);
    }
    if (auto s = Section(
            node, "land",
            {"certificate_and_area_ok", "certificate_area_short", "land_without_certificate"},
            what)) {
      const std::string inner = "land của " + what;
      baseline.land.certificate_and_area_ok = Count(s, "certificate_and_area_ok", inner);
      baseline.land.certificate_area_short = Count(s, "certificate_area_short", inner);
      baseline.land.land_without_certificate = Count(s, "land_without_certificate", inner);
    }
    if (auto s = Section(
            node, "civil_forces",
            {"street_guard_boards", "street_guard_members", "fire_teams", "fire_team_members"},
            what)) {
      const std::string inner = "civil_forces của " + what;
      baseline.civil_forces.street_guard_boards = Count(s, "street_guard_boards", inner);
      baseline.civil_forces.street_guard_members = Count(s, "street_guard_members", inner);
      baseline.civil_forces.fire_teams = Count(s, "fire_teams", inner);
      baseline.civil_forces.fire_team_members = Count(s, "fire_team_members", inner);
    }
    const YAML::Node equipment = node["equipment_coverage"];
    if (!equipment) {
      sink_.Error(node, what + " thiếu khóa bắt buộc 'equipment_coverage' (missing key)");
    } else if (CheckSequence(equipment, "equipment_coverage của " + what)) {
      int index = 0;
      for (const YAML::Node& item : equipment) {
        ++index;
        const std::string inner =
            fmt::format("trang bị, mục {} (equipment_coverage entry {})", index, index);
        if (!CheckKeys(item, {"item", "actual", "norm"}, inner, sink_)) continue;
        EquipmentCoverage row;
        row.item = GetString(item, "item", true, inner, sink_).value_or("");
        row.actual = Count(item, "actual", inner);
        row.norm = Count(item, "norm", inner);
        baseline.equipment_coverage.push_back(std::move(row));
      }
    }
    return baseline;
  }

  std::optional<Budget> ParseBudget(const YAML::Node& node) {
    const std::string what = "kinh phí (budget_vnd)";
    if (!CheckKeys(node, {"equipment_total", "equipment_by_year", "headquarters"}, what, sink_))
      return std::nullopt;
    Budget budget;
    budget.equipment_total = Count(node, "equipment_total", what);
    const YAML::Node by_year = node["equipment_by_year"];
    if (!by_year) {
      sink_.Error(node, what + " thiếu khóa bắt buộc 'equipment_by_year' (missing key)");
    } else if (CheckSequence(by_year, "equipment_by_year")) {
      int64_t sum = 0;
      int index = 0;
      for (const YAML::Node& item : by_year) {
        ++index;
        const std::string inner = fmt::format(
            "kinh phí trang bị, mục {} (equipment_by_year "
            "entry {})",
            index, index);
        if (!CheckKeys(item, {"year", "wards", "amount"}, inner, sink_)) continue;
        EquipmentBudgetYear row;
        row.year = GetYear(item, "year", inner).value_or(0);
        row.wards = Count(item, "wards", inner);
        row.amount = Count(item, "amount", inner);
        sum += row.amount;
        budget.equipment_by_year.push_back(row);
      }
      if (!sink_.has_errors() && sum != budget.equipment_total) {
        sink_.Warning(Line(node["equipment_total"]),
                      fmt::format("tổng kinh phí trang bị {} khác tổng các năm {} (equipment "
                                  "total differs from the sum of the years)",
                                  budget.equipment_total, sum));
      }
    }
    if (auto hq = Section(node, "headquarters", {"unit_cost", "wards", "total", "phases"}, what)) {
      const std::string inner = "headquarters của " + what;
      budget.headquarters_unit_cost = Count(hq, "unit_cost", inner);
      budget.headquarters_wards = Count(hq, "wards", inner);
      budget.headquarters_total = Count(hq, "total", inner);
      const YAML::Node phases = hq["phases"];
      if (!phases) {
        sink_.Error(hq, inner + " thiếu khóa bắt buộc 'phases' (missing key)");
      } else if (CheckSequence(phases, "phases của " + inner)) {
        int64_t wards = 0, amount = 0;
        int index = 0;
        for (const YAML::Node& item : phases) {
          ++index;
          const std::string phase = fmt::format("giai đoạn {} (phase {})", index, index);
          if (!CheckKeys(item, {"from", "to", "wards", "amount"}, phase, sink_)) continue;
          HeadquartersPhase row;
          row.from = GetYear(item, "from", phase).value_or(0);
          row.to = GetYear(item, "to", phase).value_or(0);
          if (row.to < row.from) {
            sink_.Error(item["to"], fmt::format("{}: năm kết thúc {} trước năm bắt đầu {} (ends "
                                                "before it starts)",
                                                phase, row.to, row.from));
          }
          row.wards = Count(item, "wards", phase);
          row.amount = Count(item, "amount", phase);
          wards += row.wards;
          amount += row.amount;
          budget.headquarters_phases.push_back(row);
        }
        if (!sink_.has_errors() &&
            (wards != budget.headquarters_wards || amount != budget.headquarters_total)) {
          sink_.Warning(Line(hq), fmt::format("các giai đoạn trụ sở cộng lại {} phường, {} đồng; "
                                              "khác {} phường, {} đồng (phases do not add up)",
                                              wards, amount, budget.headquarters_wards,
                                              budget.headquarters_total));
        }
      }
      if (!sink_.has_errors() &&
          budget.headquarters_unit_cost * budget.headquarters_wards != budget.headquarters_total) {
        sink_.Warning(Line(hq), fmt::format("đơn giá trụ sở × số phường khác tổng {} đồng "
                                            "(unit cost × wards differs from the total)",
                                            budget.headquarters_total));
      }
    }
    return budget;
  }

  void ParseReporting(const YAML::Node& node, std::vector<ReportingDuty>& reporting) {
    if (!CheckSequence(node, "báo cáo (reporting)")) return;
    int index = 0;
    for (const YAML::Node& item : node) {
      ++index;
      const std::string what = fmt::format("báo cáo {} (report {})", index, index);
      if (!CheckKeys(item, {"what", "every", "due_day", "once"}, what, sink_)) continue;
      ReportingDuty duty;
      duty.line = Line(item);
      duty.what = GetString(item, "what", true, what, sink_).value_or("");
      const bool periodic = item["every"].IsDefined();
      if (periodic == item["once"].IsDefined()) {
        sink_.Error(item, fmt::format("{} phải có đúng một trong every, once (exactly one of "
                                      "every, once)",
                                      what));
        continue;
      }
      if (periodic) {
        const std::string every = GetString(item, "every", true, what, sink_).value_or("");
        if (every == "month") {
          duty.every = ReportEvery::kMonth;
        } else if (every == "quarter") {
          duty.every = ReportEvery::kQuarter;
        } else if (every == "year") {
          duty.every = ReportEvery::kYear;
        } else {
          sink_.Error(item["every"], fmt::format("{}: every phải là month, quarter hoặc year, "
                                                 "nhận được '{}' (unknown period)",
                                                 what, every));
        }
        duty.due_day = static_cast<int>(GetInt(item, "due_day", true, what, 1, 31).value_or(0));
      } else {
        if (item["due_day"].IsDefined()) {
          sink_.Error(
              item["due_day"],
              fmt::format("{}: due_day chỉ dùng với every (due_day goes with every)", what));
        }
        duty.once = GetDate(item, "once", true, what).value_or("");
      }
      reporting.push_back(std::move(duty));
    }
  }

  void ParseAgencies(const YAML::Node& node, std::vector<AgencyDuty>& agencies) {
    if (!CheckSequence(node, "cơ quan (agencies)")) return;
    int index = 0;
    for (const YAML::Node& item : node) {
      ++index;
      const std::string what = fmt::format("cơ quan {} (agency {})", index, index);
      if (!CheckKeys(item, {"name", "duty"}, what, sink_)) continue;
      AgencyDuty agency;
      agency.name = GetString(item, "name", true, what, sink_).value_or("");
      agency.duty = GetString(item, "duty", true, what, sink_).value_or("");
      agencies.push_back(std::move(agency));
    }
  }

  const Catalogue& catalogue_;
  Sink& sink_;
};

}  // namespace

LoadedProgramme ParseProgramme(std::string_view text, const Catalogue& catalogue) {
  LoadedProgramme loaded;
  Sink sink;
  Programme programme;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsDefined() || root.IsNull()) {
      sink.Error(1, "tệp rỗng, không có chương trình (empty file)");
    } else {
      Loader(catalogue, sink).ParseRoot(root, programme);
    }
  } catch (const YAML::Exception& e) {
    sink.Error(e.mark.line < 0 ? 0 : e.mark.line + 1,
               fmt::format("YAML không hợp lệ: {} (YAML does not parse)", e.msg));
  }
  const bool failed = sink.has_errors();
  loaded.diagnostics = std::move(sink.diagnostics());
  if (!failed) loaded.programme = std::move(programme);
  return loaded;
}

LoadedProgramme LoadProgrammeFile(const std::string& path, const Catalogue& catalogue) {
  auto text = ReadFile(path);
  if (!text) {
    LoadedProgramme loaded;
    loaded.diagnostics.push_back({Severity::kError, 0, text.error().message});
    return loaded;
  }
  return ParseProgramme(*text, catalogue);
}

}  // namespace kieumau
