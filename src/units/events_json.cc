#include "units/events_json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/excerpt.h"
#include "engine/json_depth.h"
#include "units/events_json_internal.h"

namespace kieumau {
namespace {

using Json = nlohmann::ordered_json;

// --- Writing --------------------------------------------------------------------------------

Json NewUnitJson(const NewUnit& unit) {
  Json out = Json::object();
  out["id"] = unit.id;
  out["code"] = unit.code;
  out["name"] = unit.name;
  out["level"] = LevelKey(unit.level);
  if (unit.kind) out["kind"] = UnitKindKey(*unit.kind);
  if (unit.parent) out["parent"] = *unit.parent;
  if (unit.population) out["population"] = *unit.population;
  if (unit.area_m2) out["area_m2"] = *unit.area_m2;
  return out;
}

struct PayloadWriter {
  Json operator()(const CreateEvent& e) const { return Json{{"unit", NewUnitJson(e.unit)}}; }
  Json operator()(const RenameEvent& e) const { return Json{{"unit", e.unit}, {"name", e.name}}; }
  Json operator()(const ReparentEvent& e) const {
    return Json{{"unit", e.unit}, {"parent", e.parent}};
  }
  Json operator()(const ChangeKindEvent& e) const {
    return Json{{"unit", e.unit}, {"kind", UnitKindKey(e.kind)}};
  }
  Json operator()(const FiguresEvent& e) const {
    Json out{{"unit", e.unit}};
    if (e.population) out["population"] = *e.population;
    if (e.area_m2) out["area_m2"] = *e.area_m2;
    return out;
  }
  Json operator()(const MergeEvent& e) const {
    Json out{{"sources", e.sources}};
    if (const UnitId* existing = std::get_if<UnitId>(&e.into)) {
      out["into"] = *existing;
    } else {
      out["into"] = NewUnitJson(std::get<NewUnit>(e.into));
    }
    return out;
  }
  Json operator()(const SplitEvent& e) const {
    Json parts = Json::array();
    for (const NewUnit& part : e.parts)
      parts.push_back(NewUnitJson(part));
    return Json{{"source", e.source}, {"parts", std::move(parts)}};
  }
  Json operator()(const AbolishEvent& e) const { return Json{{"unit", e.unit}}; }
  Json operator()(const RearrangeEvent& e) const {
    Json created = Json::array();
    for (const NewUnit& unit : e.created)
      created.push_back(NewUnitJson(unit));
    Json transfers = Json::array();
    for (const Transfer& t : e.transfers) {
      Json out{{"from", t.from}, {"to", t.to}, {"share", ShareKey(t.share)}};
      if (!t.certain) out["certain"] = false;
      if (!t.basis.empty()) out["basis"] = t.basis;
      transfers.push_back(std::move(out));
    }
    return Json{
        {"ending", e.ending}, {"created", std::move(created)}, {"transfers", std::move(transfers)}};
  }
  Json operator()(const AbolishLevelEvent& e) const {
    Json out{{"level", LevelKey(e.level)}};
    if (e.province) out["province"] = *e.province;
    return out;
  }
};

// --- Reading --------------------------------------------------------------------------------

// Reads one payload; the first problem found is kept in `error` and every later read fails.
class PayloadReader {
 public:
  PayloadReader(std::string_view kind, std::string_view date) : kind_(kind), date_(date) {}

  const std::optional<std::string>& error() const { return error_; }

  void Fail(std::string_view field, std::string_view problem) {
    if (error_) return;
    error_ = fmt::format("sự kiện {} ngày {}, trường {}: {}", kind_, date_, field, problem);
  }

  // `object` (at `path`, "" for the payload itself) has only the fields `allowed`.
  bool OnlyFields(const Json& object, const std::string& path,
                  std::initializer_list<std::string_view> allowed) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      bool known = false;
      for (std::string_view name : allowed)
        known = known || it.key() == name;
      if (!known) {
        std::string names;
        for (std::string_view name : allowed) {
          if (!names.empty()) names += ", ";
          names += name;
        }
        Fail(Join(path, it.key()),
             fmt::format("không có trường này; chỉ có {} (unknown field)", names));
        return false;
      }
    }
    return true;
  }

  // The field `name` of `object`: an error when it is missing (or null) and required.
  const Json* Field(const Json& object, const std::string& path, std::string_view name,
                    bool required) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
      if (required) Fail(Join(path, name), "thiếu trường bắt buộc (missing field)");
      return nullptr;
    }
    return &*it;
  }

  std::optional<UnitId> Id(const Json& value, const std::string& field) {
    std::optional<std::int64_t> id = Integer(value, field);
    if (id && *id < 1) {
      Fail(field,
           fmt::format("mã định danh đơn vị {} phải từ 1 trở lên (unit id must be >= 1)", *id));
      return std::nullopt;
    }
    return id;
  }

  std::optional<std::int64_t> Integer(const Json& value, const std::string& field) {
    if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
      const std::uint64_t number = value.get<std::uint64_t>();
      if (number <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(number);
    }
    Fail(field, fmt::format("{} không phải số nguyên (must be an integer)", Shown(value)));
    return std::nullopt;
  }

  std::optional<double> Number(const Json& value, const std::string& field) {
    if (value.is_number() && std::isfinite(value.get<double>())) return value.get<double>();
    Fail(field, fmt::format("{} không phải số (must be a number)", Shown(value)));
    return std::nullopt;
  }

  std::optional<std::string> String(const Json& value, const std::string& field) {
    if (value.is_string()) return value.get<std::string>();
    Fail(field, fmt::format("{} không phải chuỗi (must be a string)", Shown(value)));
    return std::nullopt;
  }

  std::optional<UnitKind> Kind(const Json& value, const std::string& field) {
    std::optional<std::string> key = String(value, field);
    if (!key) return std::nullopt;
    std::optional<UnitKind> kind = ParseUnitKind(*key);
    if (!kind) {
      Fail(field, fmt::format("\"{}\" không phải loại đơn vị cấp xã; chỉ có phuong, xa, thi_tran, "
                              "dac_khu (unknown unit kind)",
                              *key));
    }
    return kind;
  }

  std::optional<Level> LevelOf(const Json& value, const std::string& field) {
    std::optional<std::string> key = String(value, field);
    if (!key) return std::nullopt;
    std::optional<Level> level = ParseLevel(*key);
    if (!level) {
      Fail(field, fmt::format("\"{}\" không phải cấp đơn vị; chỉ có province, district, commune "
                              "(unknown level)",
                              *key));
    }
    return level;
  }

  // Reads the required id field `name` of `object`.
  std::optional<UnitId> IdField(const Json& object, const std::string& path,
                                std::string_view name) {
    const Json* value = Field(object, path, name, true);
    return value ? Id(*value, Join(path, name)) : std::nullopt;
  }

  // The population and area fields, each optional, of `object` into `population` and `area`.
  void Figures(const Json& object, const std::string& path, std::optional<std::int64_t>* population,
               std::optional<double>* area) {
    if (const Json* value = Field(object, path, "population", false)) {
      *population = Integer(*value, Join(path, "population"));
      if (*population && **population < 0) {
        Fail(Join(path, "population"),
             fmt::format("dân số {} là số âm (population must be >= 0)", **population));
      }
    }
    if (const Json* value = Field(object, path, "area_m2", false)) {
      *area = Number(*value, Join(path, "area_m2"));
      if (*area && **area < 0) {
        Fail(Join(path, "area_m2"), "diện tích là số âm (area must be >= 0)");
      }
    }
  }

  std::optional<NewUnit> ReadNewUnit(const Json& value, const std::string& path) {
    if (!value.is_object()) {
      Fail(path,
           fmt::format("{} không phải đối tượng đơn vị mới (must be an object)", Shown(value)));
      return std::nullopt;
    }
    if (!OnlyFields(value, path,
                    {"id", "code", "name", "level", "kind", "parent", "population", "area_m2"})) {
      return std::nullopt;
    }
    NewUnit unit;
    if (std::optional<UnitId> id = IdField(value, path, "id")) unit.id = *id;
    if (const Json* code = Field(value, path, "code", true)) {
      unit.code = String(*code, Join(path, "code")).value_or("");
    }
    if (const Json* name = Field(value, path, "name", true)) {
      unit.name = String(*name, Join(path, "name")).value_or("");
    }
    if (const Json* level = Field(value, path, "level", true)) {
      unit.level = LevelOf(*level, Join(path, "level")).value_or(Level::kCommune);
    }
    if (const Json* kind = Field(value, path, "kind", false)) {
      unit.kind = Kind(*kind, Join(path, "kind"));
    }
    if (const Json* parent = Field(value, path, "parent", false)) {
      unit.parent = Id(*parent, Join(path, "parent"));
    }
    Figures(value, path, &unit.population, &unit.area_m2);
    if (error_) return std::nullopt;
    return unit;
  }

  std::optional<Transfer> ReadTransfer(const Json& value, const std::string& path) {
    if (!value.is_object()) {
      Fail(path, fmt::format("{} không phải đối tượng (must be an object)", Shown(value)));
      return std::nullopt;
    }
    if (!OnlyFields(value, path, {"from", "to", "share", "certain", "basis"})) return std::nullopt;
    Transfer t;
    t.from = IdField(value, path, "from").value_or(0);
    t.to = IdField(value, path, "to").value_or(0);
    if (const Json* share = Field(value, path, "share", true)) {
      std::optional<std::string> key = String(*share, Join(path, "share"));
      std::optional<Share> parsed = key ? ParseShare(*key) : std::nullopt;
      if (key && !parsed) {
        Fail(Join(path, "share"),
             fmt::format("\"{}\" không có; chỉ có whole, part (unknown share)", Excerpt(*key)));
      }
      t.share = parsed.value_or(Share::kWhole);
    }
    if (const Json* certain = Field(value, path, "certain", false)) {
      if (!certain->is_boolean()) {
        Fail(Join(path, "certain"), "phải là true hoặc false (must be a boolean)");
      } else {
        t.certain = certain->get<bool>();
      }
    }
    if (const Json* basis = Field(value, path, "basis", false)) {
      t.basis = String(*basis, Join(path, "basis")).value_or("");
    }
    if (error_) return std::nullopt;
    return t;
  }

  // The required array field `name` of `object`, with at least one element.
  const Json* ArrayField(const Json& object, const std::string& path, std::string_view name) {
    const Json* value = Field(object, path, name, true);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
      Fail(Join(path, name), fmt::format("{} không phải mảng (must be an array)", Shown(*value)));
      return nullptr;
    }
    if (value->empty()) {
      Fail(Join(path, name), "mảng rỗng (must not be empty)");
      return nullptr;
    }
    return value;
  }

  static std::string Join(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : path + "." + std::string(name);
  }
  static std::string Element(std::string_view name, size_t index) {
    return fmt::format("{}[{}]", name, index);
  }

 private:
  // A value as it is written, shortened.
  static std::string Shown(const Json& value) {
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 40) text = text.substr(0, 37) + "…";
    return text;
  }

  std::string kind_;
  std::string date_;
  std::optional<std::string> error_;
};

// The index of the event kind `kind` in UnitEventValue, or nothing.
std::optional<size_t> KindIndex(std::string_view kind) {
  static const std::vector<std::string_view> kKeys = [] {
    std::vector<std::string_view> keys;
    const UnitEventValue samples[] = {
        CreateEvent{}, RenameEvent{}, ReparentEvent{}, ChangeKindEvent{},   FiguresEvent{},
        MergeEvent{},  SplitEvent{},  AbolishEvent{},  AbolishLevelEvent{}, RearrangeEvent{}};
    static_assert(std::size(samples) == std::variant_size_v<UnitEventValue>);
    for (const UnitEventValue& sample : samples)
      keys.push_back(EventKey(sample));
    return keys;
  }();
  for (size_t i = 0; i < kKeys.size(); ++i) {
    if (kKeys[i] == kind) return i;
  }
  return std::nullopt;
}

}  // namespace

std::string UnitEventPayloadJson(const UnitEventValue& event) {
  return std::visit(PayloadWriter{}, event)
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<UnitEventValue> ParseUnitEvent(std::string_view kind, std::string_view date_text,
                                      std::string_view payload_json) {
  const std::optional<size_t> index = KindIndex(kind);
  if (!index) {
    return Error{fmt::format(
        "loại sự kiện \"{}\" không có; chỉ có create, rename, reparent, change_kind, "
        "update_figures, merge, split, abolish, abolish_level, rearrange (unknown event "
        "kind)",
        Excerpt(kind))};
  }
  Result<Date> date = Date::Parse(date_text);
  if (!date) {
    return Error{fmt::format("sự kiện {}, trường date: {}", kind, date.error().message)};
  }

  if (JsonNestedDeeperThan(payload_json)) {
    return Error{
        fmt::format("sự kiện {} ngày {}: nội dung JSON lồng nhau quá {} mức (the payload "
                    "is nested too deeply)",
                    kind, date_text, kMaxJsonDepth)};
  }
  // A payload written by this program (every event the store holds) is read by the fast reader;
  // anything it does not take is read again here, which names the problem.
  if (std::optional<UnitEventValue> fast =
          events_json_internal::ParseFast(*index, *date, payload_json))
    return std::move(*fast);
  Json payload;
  try {
    payload = Json::parse(payload_json.begin(), payload_json.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Error{fmt::format(
        "sự kiện {} ngày {}: nội dung không phải JSON hợp lệ, lỗi ở byte {} (invalid JSON)", kind,
        date_text, e.byte)};
  } catch (const nlohmann::json::exception&) {  // a number out of range (25e555555), …
    return Error{fmt::format("sự kiện {} ngày {}: nội dung không phải JSON hợp lệ (invalid JSON)",
                             kind, date_text)};
  }
  PayloadReader r(kind, date_text);
  if (!payload.is_object()) {
    r.Fail("(nội dung)", "phải là một đối tượng JSON (the payload must be an object)");
    return Error{*r.error()};
  }

  std::optional<UnitEventValue> event;
  switch (*index) {
    case 0: {  // create
      if (!r.OnlyFields(payload, "", {"unit"})) break;
      const Json* unit = r.Field(payload, "", "unit", true);
      if (unit == nullptr) break;
      if (std::optional<NewUnit> created = r.ReadNewUnit(*unit, "unit")) {
        event = CreateEvent{*date, std::move(*created)};
      }
      break;
    }
    case 1: {  // rename
      if (!r.OnlyFields(payload, "", {"unit", "name"})) break;
      RenameEvent e;
      e.date = *date;
      e.unit = r.IdField(payload, "", "unit").value_or(0);
      if (const Json* name = r.Field(payload, "", "name", true)) {
        e.name = r.String(*name, "name").value_or("");
      }
      event = std::move(e);
      break;
    }
    case 2: {  // reparent
      if (!r.OnlyFields(payload, "", {"unit", "parent"})) break;
      ReparentEvent e;
      e.date = *date;
      e.unit = r.IdField(payload, "", "unit").value_or(0);
      e.parent = r.IdField(payload, "", "parent").value_or(0);
      event = e;
      break;
    }
    case 3: {  // change_kind
      if (!r.OnlyFields(payload, "", {"unit", "kind"})) break;
      ChangeKindEvent e;
      e.date = *date;
      e.unit = r.IdField(payload, "", "unit").value_or(0);
      if (const Json* kind_value = r.Field(payload, "", "kind", true)) {
        e.kind = r.Kind(*kind_value, "kind").value_or(UnitKind::kPhuong);
      }
      event = e;
      break;
    }
    case 4: {  // update_figures
      if (!r.OnlyFields(payload, "", {"unit", "population", "area_m2"})) break;
      FiguresEvent e;
      e.date = *date;
      e.unit = r.IdField(payload, "", "unit").value_or(0);
      r.Figures(payload, "", &e.population, &e.area_m2);
      event = e;
      break;
    }
    case 5: {  // merge
      if (!r.OnlyFields(payload, "", {"sources", "into"})) break;
      MergeEvent e;
      e.date = *date;
      if (const Json* sources = r.ArrayField(payload, "", "sources")) {
        for (size_t i = 0; i < sources->size(); ++i) {
          e.sources.push_back(
              r.Id((*sources)[i], PayloadReader::Element("sources", i)).value_or(0));
        }
      }
      if (const Json* into = r.Field(payload, "", "into", true)) {
        if (into->is_object()) {
          if (std::optional<NewUnit> created = r.ReadNewUnit(*into, "into")) {
            e.into = std::move(*created);
          }
        } else if (into->is_number()) {
          e.into = r.Id(*into, "into").value_or(0);
        } else {
          r.Fail("into",
                 "phải là mã định danh đơn vị có sẵn hoặc đối tượng đơn vị mới (must be a unit id "
                 "or a new unit)");
        }
      }
      event = std::move(e);
      break;
    }
    case 6: {  // split
      if (!r.OnlyFields(payload, "", {"source", "parts"})) break;
      SplitEvent e;
      e.date = *date;
      e.source = r.IdField(payload, "", "source").value_or(0);
      if (const Json* parts = r.ArrayField(payload, "", "parts")) {
        for (size_t i = 0; i < parts->size(); ++i) {
          std::optional<NewUnit> part =
              r.ReadNewUnit((*parts)[i], PayloadReader::Element("parts", i));
          if (part) e.parts.push_back(std::move(*part));
        }
      }
      event = std::move(e);
      break;
    }
    case 7: {  // abolish
      if (!r.OnlyFields(payload, "", {"unit"})) break;
      AbolishEvent e;
      e.date = *date;
      e.unit = r.IdField(payload, "", "unit").value_or(0);
      event = e;
      break;
    }
    case 8: {  // abolish_level
      if (!r.OnlyFields(payload, "", {"level", "province"})) break;
      AbolishLevelEvent e;
      e.date = *date;
      if (const Json* level = r.Field(payload, "", "level", true)) {
        e.level = r.LevelOf(*level, "level").value_or(Level::kDistrict);
      }
      if (const Json* province = r.Field(payload, "", "province", false)) {
        e.province = r.Id(*province, "province");
      }
      event = e;
      break;
    }
    case 9: {  // rearrange
      if (!r.OnlyFields(payload, "", {"ending", "created", "transfers"})) break;
      RearrangeEvent e;
      e.date = *date;
      if (const Json* ending = r.Field(payload, "", "ending", true)) {
        if (!ending->is_array()) r.Fail("ending", "phải là mảng (must be an array)");
        for (size_t i = 0; ending->is_array() && i < ending->size(); ++i)
          e.ending.push_back(r.Id((*ending)[i], PayloadReader::Element("ending", i)).value_or(0));
      }
      if (const Json* created = r.Field(payload, "", "created", true)) {
        if (!created->is_array()) r.Fail("created", "phải là mảng (must be an array)");
        for (size_t i = 0; created->is_array() && i < created->size(); ++i) {
          std::optional<NewUnit> unit =
              r.ReadNewUnit((*created)[i], PayloadReader::Element("created", i));
          if (unit) e.created.push_back(std::move(*unit));
        }
      }
      if (const Json* transfers = r.ArrayField(payload, "", "transfers")) {
        for (size_t i = 0; i < transfers->size(); ++i) {
          if (std::optional<Transfer> t =
                  r.ReadTransfer((*transfers)[i], PayloadReader::Element("transfers", i))) {
            e.transfers.push_back(std::move(*t));
          }
        }
      }
      event = std::move(e);
      break;
    }
    default:
      break;
  }
  if (r.error()) return Error{*r.error()};
  if (!event) return Error{fmt::format("sự kiện {} ngày {}: không đọc được", kind, date_text)};
  return std::move(*event);
}

}  // namespace kieumau
