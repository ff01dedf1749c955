#include "load/facts_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "engine/excerpt.h"
#include "engine/format.h"
#include "engine/json_depth.h"
#include "load/file.h"

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

// ---------------------------------------------------------------------------------------------
// The fast path: a facts file without a single problem, read with simdjson On-Demand straight into
// the batch — no DOM, no copy of the keys, no message text built. It gives up (nullopt) at the
// first thing it does not expect: malformed JSON, a value or field the full reader would refuse, a
// key written with escapes, a field given twice, a negative zero, an integer above 2^63. The full
// reader (Reader, over simdjson's DOM) then reads the text again and names every problem exactly
// as it always has. So the fast path decides nothing about errors: it accepts only files the full
// reader accepts, and gives the same batch for them (tests/unit/facts_json_test.cc compares both
// on every facts file the tests hold and on broken variants of them).
class FastReader {
 public:
  FastReader(const Rubric& rubric, const Catalogue& catalogue)
      : rubric_(rubric), catalogue_(catalogue) {
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      const Indicator& indicator = catalogue_.at(slot);
      const int le = indicator.le_slot;
      if (le >= 0) le_pairs_.emplace_back(static_cast<size_t>(slot), static_cast<size_t>(le));
      plain_names_.push_back(indicator.name.find_first_of("\"\\") == std::string::npos);
    }
  }

  std::optional<FactsBatch> Read(simdjson::padded_string_view json) {
    namespace od = simdjson::ondemand;
    end_ = json.data() + json.size();
    od::parser parser;
    od::document doc;
    if (parser.iterate(json).get(doc) != simdjson::SUCCESS) return std::nullopt;
    od::object top;
    if (doc.get_object().get(top) != simdjson::SUCCESS) return std::nullopt;
    FactsBatch batch;
    bool have_rubric = false;
    bool have_year = false;
    bool have_units = false;
    for (auto field_result : top) {
      od::field field;
      std::string_view key;
      if (std::move(field_result).get(field) != simdjson::SUCCESS || !PlainKey(field, key)) {
        return std::nullopt;
      }
      od::value value = field.value();
      if (key == "rubric" && !have_rubric) {
        std::string_view id;
        if (value.get_string().get(id) != simdjson::SUCCESS || id != rubric_.id) {
          return std::nullopt;
        }
        batch.rubric_id = std::string(id);
        have_rubric = true;
      } else if (key == "year" && !have_year) {
        double year = 0;
        bool integral = false;
        if (!ReadNumber(value.raw_json_token(), year, &integral) || !integral || year < 1900 ||
            year > 2200) {
          return std::nullopt;
        }
        batch.year = static_cast<int>(year);
        have_year = true;
      } else if (key == "units" && !have_units) {
        od::array units;
        if (value.get_array().get(units) != simdjson::SUCCESS) return std::nullopt;
        for (auto unit_result : units) {
          od::object unit;
          if (unit_result.get_object().get(unit) != simdjson::SUCCESS) return std::nullopt;
          batch.units.emplace_back();
          if (!ReadUnit(unit, batch.units.back())) return std::nullopt;
        }
        have_units = true;
      } else {
        return std::nullopt;  // an unknown field, or one given twice
      }
    }
    // Nothing after the object (OUT_OF_BOUNDS: the iterator is at the end, and not in error).
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS || !have_year || !have_units) {
      return std::nullopt;
    }
    // No unit code twice.
    std::vector<std::string_view> codes;
    codes.reserve(batch.units.size());
    for (const UnitFacts& unit : batch.units)
      codes.push_back(unit.code);
    std::sort(codes.begin(), codes.end());
    if (std::adjacent_find(codes.begin(), codes.end()) != codes.end()) return std::nullopt;
    return batch;
  }

 private:
  // Whether the field's key is the name of the indicator in `slot`: its bytes as written, then the
  // closing quote. Only for names with no quote or backslash (see plain_names_), which as written
  // in JSON are themselves.
  bool KeyIs(simdjson::ondemand::field& field, int slot) const {
    const std::string& name = catalogue_.at(slot).name;
    if (!plain_names_[static_cast<size_t>(slot)]) return false;
    const char* raw = field.key().raw();
    return static_cast<size_t>(end_ - raw) > name.size() &&
           std::memcmp(raw, name.data(), name.size()) == 0 && raw[name.size()] == '"';
  }

  // The field's key as written, when it holds no escape (then it is also the key unescaped).
  bool PlainKey(simdjson::ondemand::field& field, std::string_view& key) const {
    const char* begin = field.key().raw();
    const void* close = std::memchr(begin, '"', static_cast<size_t>(end_ - begin));
    if (close == nullptr) return false;
    key = std::string_view(begin, static_cast<size_t>(static_cast<const char*>(close) - begin));
    return key.find('\\') == std::string_view::npos;
  }

  bool ReadUnit(simdjson::ondemand::object& unit, UnitFacts& facts) {
    facts.current.assign(static_cast<size_t>(catalogue_.size()), kMissing);
    facts.prior.assign(static_cast<size_t>(catalogue_.size()), kMissing);
    facts.manual.assign(rubric_.items.size(), kMissing);
    bool have_code = false;
    bool have_kind = false;
    bool have_name = false;
    for (auto field_result : unit) {
      simdjson::ondemand::field field;
      std::string_view key;
      if (std::move(field_result).get(field) != simdjson::SUCCESS || !PlainKey(field, key))
        return false;
      simdjson::ondemand::value value = field.value();
      if (key == "values") {
        if (!ReadValues(value, facts.current, current_order_)) return false;
      } else if (key == "prior") {
        if (!ReadValues(value, facts.prior, prior_order_)) return false;
      } else if (key == "manual") {
        if (!ReadManual(value, facts)) return false;
      } else if (key == "unit" && !have_code) {
        std::string_view code;
        if (value.get_string().get(code) != simdjson::SUCCESS || code.empty()) return false;
        facts.code = std::string(code);
        have_code = true;
      } else if (key == "kind" && !have_kind) {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return false;
        const std::optional<UnitKind> kind = ParseUnitKind(text);
        if (!kind || !rubric_.AppliesTo(*kind)) return false;
        facts.kind = *kind;
        have_kind = true;
      } else if (key == "name" && !have_name) {
        std::string_view name;
        if (value.get_string().get(name) != simdjson::SUCCESS) return false;
        facts.name = std::string(name);
        have_name = true;
      } else {
        return false;  // an unknown field, or one given twice
      }
    }
    if (!have_code || !have_kind) return false;
    for (const auto& [slot, le] : le_pairs_) {
      if (facts.current[slot] > facts.current[le] || facts.prior[slot] > facts.prior[le]) {
        return false;  // (NaN, a missing value, compares false)
      }
    }
    return true;
  }

  // A number as the full reader takes it (simdjson's DOM: an integer as int64, then double; else a
  // double, correctly rounded), read from its token as written — the JSON grammar checked here,
  // the value computed by std::from_chars, also correctly rounded: simdjson's On-Demand numbers are
  // not trusted (simdjson 3.0.1, built without -march, reads 1.299999999999999999999 as 0). False
  // for anything else, and for what the DOM might take differently: an integer of more than 18
  // digits, a value out of the range of double. `integral`: the token is an integer.
  static bool ReadNumber(std::string_view token, double& out, bool* integral = nullptr) {
    size_t size = token.size();
    while (size > 0 && (token[size - 1] == ' ' || token[size - 1] == '\t' ||
                        token[size - 1] == '\n' || token[size - 1] == '\r')) {
      --size;
    }
    const auto digit = [&](size_t i) { return i < size && token[i] >= '0' && token[i] <= '9'; };
    size_t i = 0;
    const bool negative = size > 0 && token[0] == '-';
    if (negative) ++i;
    const size_t first_digit = i;
    if (!digit(i)) return false;
    if (token[i] == '0') {
      ++i;
    } else {
      while (digit(i))
        ++i;
    }
    const size_t integer_digits = i - first_digit;
    bool integer = true;
    if (i < size && token[i] == '.') {
      integer = false;
      if (!digit(++i)) return false;
      while (digit(i))
        ++i;
    }
    if (i < size && (token[i] == 'e' || token[i] == 'E')) {
      integer = false;
      ++i;
      if (i < size && (token[i] == '+' || token[i] == '-')) ++i;
      if (!digit(i)) return false;
      while (digit(i))
        ++i;
    }
    if (i != size) return false;
    if (integral != nullptr) *integral = integer;
    if (integer) {
      if (integer_digits > 18) return false;
      int64_t value = 0;
      for (size_t d = first_digit; d < size; ++d)
        value = value * 10 + (token[d] - '0');
      out = static_cast<double>(negative ? -value : value);  // "-0" is 0, as an int64
      return true;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + size, value);
    if (error != std::errc() || end != token.data() + size || !std::isfinite(value)) return false;
    out = value;
    return true;
  }

  // `order` remembers, for each slot (and -1 as 0), the slot whose name came after it last time:
  // files list indicators in the same order unit after unit, so the name is almost always found by
  // one comparison, without hashing.
  bool ReadValues(simdjson::ondemand::value& node, std::vector<double>& into,
                  std::vector<int>& order) {
    simdjson::ondemand::object values;
    if (node.get_object().get(values) != simdjson::SUCCESS) return false;
    if (order.empty()) order.assign(static_cast<size_t>(catalogue_.size()) + 1, -1);
    int previous = -1;
    for (auto entry_result : values) {
      simdjson::ondemand::field entry;
      if (std::move(entry_result).get(entry) != simdjson::SUCCESS) return false;
      int& expected = order[static_cast<size_t>(previous + 1)];
      int slot = expected;
      if (slot < 0 || !KeyIs(entry, slot)) {
        std::string_view name;
        if (!PlainKey(entry, name)) return false;
        const std::optional<int> found = catalogue_.Find(name);
        if (!found) return false;
        slot = expected = *found;
      }
      previous = slot;
      const Indicator& indicator = catalogue_.at(slot);
      simdjson::ondemand::value value = entry.value();
      // Numbers are read from the token (simdjson then skips the value), null and booleans by
      // simdjson.
      const std::string_view token = value.raw_json_token();
      double number = 0;
      if (token.empty()) return false;
      if (token[0] == 'n') {
        bool null = false;
        if (value.is_null().get(null) != simdjson::SUCCESS || !null) return false;
        continue;  // explicitly no value: the same as absent
      } else if (token[0] == 't' || token[0] == 'f') {
        bool flag = false;
        if (indicator.type != IndicatorType::kBool ||
            value.get_bool().get(flag) != simdjson::SUCCESS) {
          return false;
        }
        number = flag ? 1 : 0;
      } else if (!ReadNumber(token, number)) {
        return false;
      }
      if (!ValueAcceptable(indicator, number)) return false;
      double& cell = into[static_cast<size_t>(slot)];
      if (!IsMissing(cell)) return false;  // the indicator given twice
      cell = number;
    }
    return true;
  }

  bool ReadManual(simdjson::ondemand::value& node, UnitFacts& facts) {
    simdjson::ondemand::object manual;
    if (node.get_object().get(manual) != simdjson::SUCCESS) return false;
    for (auto entry_result : manual) {
      simdjson::ondemand::field entry;
      std::string_view id;
      if (std::move(entry_result).get(entry) != simdjson::SUCCESS || !PlainKey(entry, id))
        return false;
      const int index = rubric_.FindItem(id);
      if (index < 0) return false;
      const Item& item = rubric_.items[static_cast<size_t>(index)];
      double score = 0;
      if (!item.has_manual || !ReadNumber(entry.value().raw_json_token(), score)) return false;
      if (score < 0 || score > item.points.ToDouble() || !Points::FromDouble(score)) return false;
      facts.manual[static_cast<size_t>(index)] = score;
    }
    return true;
  }

  const Rubric& rubric_;
  const Catalogue& catalogue_;
  std::vector<std::pair<size_t, size_t>> le_pairs_;  // (slot, its le bound's slot)
  std::vector<bool> plain_names_;   // by slot: the name holds no quote or backslash
  const char* end_ = nullptr;       // the end of the text
  std::vector<int> current_order_;  // see ReadValues
  std::vector<int> prior_order_;
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

LoadedFacts ParseFactsInPlace(std::string_view json, const Rubric& rubric,
                              const Catalogue& catalogue) {
  static_assert(kReadPadding >= simdjson::SIMDJSON_PADDING);
  const simdjson::padded_string_view padded(json.data(), json.size(),
                                            json.size() + simdjson::SIMDJSON_PADDING);
  if (std::optional<FactsBatch> batch = FastReader(rubric, catalogue).Read(padded)) {
    LoadedFacts loaded;
    loaded.batch = std::move(batch);
    return loaded;
  }
  simdjson::dom::parser parser;
  return ReadParsed(parser.parse(json.data(), json.size(), false), json, rubric, catalogue);
}

LoadedFacts ParseFacts(std::string_view json, const Rubric& rubric, const Catalogue& catalogue) {
  const simdjson::padded_string padded(json);
  return ParseFactsInPlace(padded, rubric, catalogue);
}

LoadedFacts ParseFactsFullReader(std::string_view json, const Rubric& rubric,
                                 const Catalogue& catalogue) {
  const simdjson::padded_string padded(json);
  simdjson::dom::parser parser;
  return ReadParsed(parser.parse(padded), json, rubric, catalogue);
}

LoadedFacts ParseFacts(const std::string& json, const Rubric& rubric, const Catalogue& catalogue) {
  if (json.capacity() - json.size() >= simdjson::SIMDJSON_PADDING) {
    return ParseFactsInPlace(json, rubric, catalogue);
  }
  return ParseFacts(std::string_view(json), rubric, catalogue);
}

}  // namespace kieumau
