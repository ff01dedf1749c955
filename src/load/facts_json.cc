#include "load/facts_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "engine/excerpt.h"
#include "engine/format.h"
#include "engine/json_depth.h"

namespace kieumau {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// The value of the last `"key": "value"` pair before `end` in `json`, found by
// scanning back; for naming the unit and the field near a syntax error.
std::string_view LastKeyBefore(std::string_view json, size_t end, std::string_view key) {
  for (size_t at = json.rfind(key, end); at != std::string_view::npos && at > 0;
       at = json.rfind(key, at - 1)) {
    size_t i = at + key.size();
    while (i < end && std::isspace(static_cast<unsigned char>(json[i])))
      ++i;
    if (i >= end || json[i] != ':') continue;
    ++i;
    while (i < end && std::isspace(static_cast<unsigned char>(json[i])))
      ++i;
    if (i >= end || json[i] != '"') continue;
    const size_t close = json.find('"', i + 1);
    if (close == std::string_view::npos || close > end) continue;
    return json.substr(i + 1, close - i - 1);
  }
  return {};
}

std::string_view LastFieldBefore(std::string_view json, size_t end) {
  for (size_t colon = json.rfind(':', end); colon != std::string_view::npos && colon > 0;
       colon = json.rfind(':', colon - 1)) {
    size_t i = colon;
    while (i > 0 && std::isspace(static_cast<unsigned char>(json[i - 1])))
      --i;
    if (i == 0 || json[i - 1] != '"') continue;
    const size_t open = json.rfind('"', i - 2);
    if (open == std::string_view::npos) break;
    return json.substr(open + 1, i - 2 - open);
  }
  return {};
}

// Where a malformed document breaks, in words: nlohmann's parser reports the byte, which becomes
// line:column, and the nearest unit code and field before it say where that is in the data.
std::string DescribeSyntaxError(std::string_view json, simdjson::error_code code) {
  try {
    const auto parsed = nlohmann::json::parse(json.begin(), json.end());
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    size_t line = 1;
    size_t column = 1;
    const size_t end = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, json.size());
    for (size_t i = 0; i < end; ++i) {
      if (json[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(json[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    std::string why = e.what();
    if (auto pos = why.find("syntax error"); pos != std::string::npos) why = why.substr(pos);
    std::string where;
    const std::string_view unit = LastKeyBefore(json, end, "\"unit\"");
    const std::string_view field = LastFieldBefore(json, end);
    if (!unit.empty()) where += fmt::format(", trong đơn vị {}", Excerpt(unit));
    if (!field.empty()) where += fmt::format(", sau trường {}", Excerpt(field));
    return fmt::format("JSON không hợp lệ ở dòng {}, cột {}{} (malformed JSON: {})", line, column,
                       where, why);
  } catch (const std::exception&) {
  }
  return fmt::format("JSON không hợp lệ (malformed JSON: {})", simdjson::error_message(code));
}

class Reader {
 public:
  Reader(const Rubric& rubric, const Catalogue& catalogue)
      : rubric_(rubric), catalogue_(catalogue) {}

  std::vector<std::string>& errors() { return errors_; }

  void Fail(std::string message) {
    ++error_count_;
    if (errors_.size() < kMaxFactsErrors) errors_.push_back(std::move(message));
  }
  size_t error_count() const { return error_count_; }

  std::optional<FactsBatch> Read(element root) {
    object top;
    if (root.get_object().get(top) != simdjson::SUCCESS) {
      Fail(
          "tệp số liệu phải là một đối tượng JSON {\"rubric\", \"year\", \"units\"} (facts must be "
          "an object)");
      return std::nullopt;
    }
    FactsBatch batch;
    bool have_year = false;
    bool have_units = false;
    for (auto field : top) {
      const std::string_view key = field.key;
      if (key == "rubric") {
        std::string_view id;
        if (field.value.get_string().get(id) != simdjson::SUCCESS) {
          Fail("trường rubric phải là chuỗi mã bộ tiêu chí (rubric must be a string)");
        } else if (id != rubric_.id) {
          Fail(
              fmt::format("trường rubric: tệp số liệu dành cho bộ tiêu chí \"{}\" nhưng bộ tiêu "
                          "chí đang dùng là "
                          "\"{}\" (facts are for another rubric)",
                          Excerpt(id), rubric_.id));
        }
        batch.rubric_id = std::string(id);
      } else if (key == "year") {
        int64_t year = 0;
        if (field.value.get_int64().get(year) != simdjson::SUCCESS || year < 1900 || year > 2200) {
          Fail(
              "trường year phải là năm đánh giá, một số nguyên như 2024 (year must be a whole "
              "year)");
        } else {
          batch.year = static_cast<int>(year);
          have_year = true;
        }
      } else if (key == "units") {
        simdjson::dom::array units;
        if (field.value.get_array().get(units) != simdjson::SUCCESS) {
          Fail("trường units phải là danh sách đơn vị (units must be a list)");
          continue;
        }
        have_units = true;
        batch.units.reserve(units.size());
        size_t position = 0;
        for (element unit : units)
          ReadUnit(unit, ++position, batch.units);
      } else {
        Fail(
            fmt::format("trường \"{}\" không hợp lệ ở cấp ngoài cùng; chỉ có rubric, year, units "
                        "(unknown field)",
                        Excerpt(key)));
      }
    }
    if (!have_year && batch.year == 0) Fail("thiếu trường year (missing year)");
    if (!have_units) Fail("thiếu trường units (missing units)");
    if (error_count_ > 0) return std::nullopt;
    return batch;
  }

 private:
  void ReadUnit(element node, size_t position, std::vector<UnitFacts>& out) {
    std::string where = fmt::format("đơn vị thứ {} (unit #{})", position, position);
    object unit;
    if (node.get_object().get(unit) != simdjson::SUCCESS) {
      Fail(where + ": phải là một đối tượng JSON (must be an object)");
      return;
    }
    UnitFacts facts;
    std::string_view code;
    if (unit["unit"].get_string().get(code) != simdjson::SUCCESS || code.empty()) {
      Fail(where +
           ", trường unit: cần mã đơn vị dạng chuỗi không rỗng (unit code must be a non-empty "
           "string)");
    } else {
      facts.code = std::string(code);
      where = fmt::format("đơn vị {}", Excerpt(facts.code));
      if (!codes_.insert(facts.code).second) {
        Fail(where + ", trường unit: mã đơn vị bị lặp trong tệp (duplicate unit)");
      }
    }
    std::string_view kind_text;
    if (unit["kind"].get_string().get(kind_text) != simdjson::SUCCESS) {
      Fail(where +
           ", trường kind: cần loại đơn vị phuong, xa, thi_tran hoặc dac_khu (missing kind)");
    } else if (auto kind = ParseUnitKind(kind_text); !kind) {
      Fail(fmt::format(
          "{}, trường kind: loại đơn vị \"{}\" không hợp lệ; chỉ có phuong, xa, thi_tran, dac_khu "
          "(unknown kind)",
          where, Excerpt(kind_text)));
    } else if (!rubric_.AppliesTo(*kind)) {
      std::string kinds;
      for (UnitKind k : rubric_.unit_kinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(UnitKindKey(k));
      Fail(fmt::format(
          "{}, trường kind: bộ tiêu chí {} không áp dụng cho loại đơn vị \"{}\", chỉ cho {} (the "
          "rubric does not apply to this kind)",
          where, rubric_.id, Excerpt(kind_text), kinds));
    } else {
      facts.kind = *kind;
    }
    facts.current.assign(static_cast<size_t>(catalogue_.size()), kMissing);
    facts.prior.assign(static_cast<size_t>(catalogue_.size()), kMissing);
    facts.manual.assign(rubric_.items.size(), kMissing);
    for (auto field : unit) {
      const std::string_view key = field.key;
      if (key == "unit" || key == "kind") continue;
      if (key == "name") {
        std::string_view name;
        if (field.value.get_string().get(name) != simdjson::SUCCESS) {
          Fail(where + ", trường name: tên đơn vị phải là chuỗi (name must be a string)");
        }
        facts.name = std::string(name);
      } else if (key == "values") {
        ReadValues(field.value, where, "values", facts.current);
      } else if (key == "prior") {
        ReadValues(field.value, where, "prior", facts.prior);
      } else if (key == "manual") {
        ReadManual(field.value, where, facts);
      } else {
        Fail(fmt::format(
            "{}: trường \"{}\" không hợp lệ; chỉ có unit, name, kind, values, prior, manual "
            "(unknown field)",
            where, key));
      }
    }
    CheckLe(where, "values", facts.current);
    CheckLe(where, "prior", facts.prior);
    out.push_back(std::move(facts));
  }

  void ReadValues(element node, const std::string& where, std::string_view field,
                  std::vector<double>& into) {
    object values;
    if (node.get_object().get(values) != simdjson::SUCCESS) {
      Fail(fmt::format("{}, trường {}: phải là đối tượng tên chỉ tiêu: giá trị (must be an object)",
                       where, field));
      return;
    }
    for (auto entry : values) {
      const std::string_view name = entry.key;
      // Exports list indicators in a fixed order: try the slot after the last one before hashing.
      std::optional<int> slot;
      if (next_slot_ < catalogue_.size() && catalogue_.at(next_slot_).name == name) {
        slot = next_slot_;
      } else {
        slot = catalogue_.Find(name);
      }
      if (slot) next_slot_ = *slot + 1;
      if (!slot) {
        Fail(fmt::format("{}, {}.{}: chỉ tiêu không có trong danh mục chỉ tiêu (unknown indicator)",
                         where, field, Excerpt(name)));
        continue;
      }
      const Indicator& indicator = catalogue_.at(*slot);
      double value = 0;
      switch (entry.value.type()) {
        case element_type::NULL_VALUE:
          continue;  // explicitly no value: the same as absent
        case element_type::INT64:
          value = static_cast<double>(int64_t(entry.value));
          break;
        case element_type::UINT64:
          value = static_cast<double>(uint64_t(entry.value));
          break;
        case element_type::DOUBLE:
          value = double(entry.value);
          break;
        case element_type::BOOL:
          if (indicator.type != IndicatorType::kBool) {
            Fail(fmt::format("{}, {}.{}: cần một số, không phải true/false (must be a number)",
                             where, field, name));
            continue;
          }
          value = bool(entry.value) ? 1 : 0;
          break;
        default:
          Fail(fmt::format("{}, {}.{}: cần một số (must be a number)", where, field, name));
          continue;
      }
      if (auto problem = CheckValue(indicator, value)) {
        Fail(fmt::format("{}, {}.{}: {}", where, field, name, *problem));
        continue;
      }
      double& cell = into[static_cast<size_t>(*slot)];
      if (!IsMissing(cell)) {
        Fail(fmt::format("{}, {}.{}: chỉ tiêu bị ghi hai lần (duplicate indicator)", where, field,
                         name));
      }
      cell = value;
    }
  }

  void CheckLe(const std::string& where, std::string_view field,
               const std::vector<double>& values) {
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      const Indicator& indicator = catalogue_.at(slot);
      if (indicator.le_slot < 0) continue;
      const double value = values[static_cast<size_t>(slot)];
      const double bound = values[static_cast<size_t>(indicator.le_slot)];
      if (IsMissing(value) || IsMissing(bound) || value <= bound) continue;
      Fail(fmt::format("{}, {}.{}: giá trị {} vượt quá {} = {} (value above its le bound)", where,
                       field, indicator.name, FormatNumberVi(value), indicator.le_name,
                       FormatNumberVi(bound)));
    }
  }

  void ReadManual(element node, const std::string& where, UnitFacts& facts) {
    object manual;
    if (node.get_object().get(manual) != simdjson::SUCCESS) {
      Fail(where + ", trường manual: phải là đối tượng mã mục: điểm (must be an object)");
      return;
    }
    for (auto entry : manual) {
      const std::string_view id = entry.key;
      const int index = rubric_.FindItem(id);
      if (index < 0) {
        Fail(fmt::format("{}, manual.{}: bộ tiêu chí {} không có mục này (unknown item)", where,
                         Excerpt(id), rubric_.id));
        continue;
      }
      const Item& item = rubric_.items[static_cast<size_t>(index)];
      if (!item.has_manual) {
        Fail(
            fmt::format("{}, manual.{}: mục này được chấm tự động từ số liệu, không nhận điểm chấm "
                        "tay (item is "
                        "not a manual item)",
                        where, id));
        continue;
      }
      double score = 0;
      if (entry.value.get_double().get(score) != simdjson::SUCCESS) {
        Fail(fmt::format("{}, manual.{}: điểm chấm tay phải là một số (must be a number)", where,
                         id));
        continue;
      }
      if (score < 0 || score > item.points.ToDouble() || !Points::FromDouble(score)) {
        Fail(fmt::format(
            "{}, manual.{}: điểm {} phải trong khoảng 0..{} và là bội số của 0,25 (manual score "
            "outside 0..points or not a multiple of 0.25)",
            where, id, FormatNumberVi(score), FormatPointsVi(item.points)));
        continue;
      }
      facts.manual[static_cast<size_t>(index)] = score;
    }
  }

  const Rubric& rubric_;
  const Catalogue& catalogue_;
  std::vector<std::string> errors_;
  size_t error_count_ = 0;
  std::unordered_set<std::string> codes_;
  int next_slot_ = 0;
};

}  // namespace

namespace {

LoadedFacts ReadParsed(simdjson::simdjson_result<element> parsed, std::string_view json,
                       const Rubric& rubric, const Catalogue& catalogue) {
  LoadedFacts loaded;
  element root;
  if (JsonNestedDeeperThan(json)) {
    loaded.errors.push_back(fmt::format(
        "JSON lồng nhau quá {} mức: tệp số liệu chỉ sâu 4 mức (the JSON is nested more than {} "
        "levels deep)",
        kMaxJsonDepth, kMaxJsonDepth));
    return loaded;
  }
  if (auto code = std::move(parsed).get(root); code != simdjson::SUCCESS) {
    loaded.errors.push_back(DescribeSyntaxError(json, code));
    return loaded;
  }
  Reader reader(rubric, catalogue);
  loaded.batch = reader.Read(root);
  loaded.errors = std::move(reader.errors());
  if (reader.error_count() > loaded.errors.size()) {
    const size_t more = reader.error_count() - loaded.errors.size();
    loaded.errors.push_back(fmt::format("… và {} lỗi khác (and {} more problems)", more, more));
  }
  return loaded;
}

}  // namespace

LoadedFacts ParseFacts(std::string_view json, const Rubric& rubric, const Catalogue& catalogue) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  return ReadParsed(parser.parse(padded), json, rubric, catalogue);
}

LoadedFacts ParseFacts(const std::string& json, const Rubric& rubric, const Catalogue& catalogue) {
  simdjson::dom::parser parser;
  return ReadParsed(parser.parse(json), json, rubric, catalogue);
}

}  // namespace kieumau
