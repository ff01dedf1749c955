// The fast reader of event payloads (events_json_internal.h): simdjson's DOM, one reusable parser
// per thread, no allocation per JSON value. It accepts exactly what the full reader accepts, or
// gives up (nothing) so that the full reader reads the payload again and names the problem: every
// world load reads the 12,033 events of the national register, which the full reader (nlohmann)
// took most of the load's time to parse.
#include <simdjson.h>

#include <cmath>
#include <cstdint>

#include "units/events_json_internal.h"

namespace kieumau::events_json_internal {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Every read below fails (nothing) on anything unexpected; the caller then gives up.

// The fields of `value`, each name at most once and among `allowed`.
std::optional<object> Object(element value, std::initializer_list<std::string_view> allowed) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) return std::nullopt;
  std::vector<std::string_view> seen;
  for (auto field : fields) {
    bool known = false;
    for (std::string_view name : allowed)
      known = known || field.key == name;
    if (!known) return std::nullopt;
    for (std::string_view earlier : seen)
      if (earlier == field.key) return std::nullopt;  // a name twice: the full reader decides
    seen.push_back(field.key);
  }
  return fields;
}

// The field `name` when present and not null.
std::optional<element> Field(object fields, std::string_view name) {
  element value;
  if (fields.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> Integer(element value) {
  std::int64_t number = 0;
  if (!value.is_int64() || value.get_int64().get(number) != simdjson::SUCCESS) return std::nullopt;
  return number;
}

std::optional<UnitId> Id(std::optional<element> value) {
  if (!value) return std::nullopt;
  std::optional<std::int64_t> id = Integer(*value);
  if (!id || *id < 1) return std::nullopt;
  return *id;
}

std::optional<std::string> String(std::optional<element> value) {
  std::string_view text;
  if (!value || value->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return std::string(text);
}

// The optional population and area of `fields`: false when one is present and wrong.
bool Figures(object fields, std::optional<std::int64_t>* population, std::optional<double>* area) {
  if (std::optional<element> value = Field(fields, "population")) {
    *population = Integer(*value);
    if (!*population || **population < 0) return false;
  }
  if (std::optional<element> value = Field(fields, "area_m2")) {
    double number = 0;
    if (!value->is_number() || value->get_double().get(number) != simdjson::SUCCESS ||
        !std::isfinite(number) || number < 0)
      return false;
    *area = number;
  }
  return true;
}

std::optional<NewUnit> ReadNewUnit(element value) {
  std::optional<object> fields =
      Object(value, {"id", "code", "name", "level", "kind", "parent", "population", "area_m2"});
  if (!fields) return std::nullopt;
  NewUnit unit;
  std::optional<UnitId> id = Id(Field(*fields, "id"));
  std::optional<std::string> code = String(Field(*fields, "code"));
  std::optional<std::string> name = String(Field(*fields, "name"));
  std::optional<std::string> level_key = String(Field(*fields, "level"));
  std::optional<Level> level = level_key ? ParseLevel(*level_key) : std::nullopt;
  if (!id || !code || !name || !level) return std::nullopt;
  unit.id = *id;
  unit.code = std::move(*code);
  unit.name = std::move(*name);
  unit.level = *level;
  if (std::optional<element> kind = Field(*fields, "kind")) {
    std::optional<std::string> key = String(kind);
    unit.kind = key ? ParseUnitKind(*key) : std::nullopt;
    if (!unit.kind) return std::nullopt;
  }
  if (std::optional<element> parent = Field(*fields, "parent")) {
    unit.parent = Id(parent);
    if (!unit.parent) return std::nullopt;
  }
  if (!Figures(*fields, &unit.population, &unit.area_m2)) return std::nullopt;
  return unit;
}

std::optional<Transfer> ReadTransfer(element value) {
  std::optional<object> fields = Object(value, {"from", "to", "share", "certain", "basis"});
  if (!fields) return std::nullopt;
  Transfer transfer;
  std::optional<UnitId> from = Id(Field(*fields, "from"));
  std::optional<UnitId> to = Id(Field(*fields, "to"));
  std::optional<std::string> share_key = String(Field(*fields, "share"));
  std::optional<Share> share = share_key ? ParseShare(*share_key) : std::nullopt;
  if (!from || !to || !share) return std::nullopt;
  transfer.from = *from;
  transfer.to = *to;
  transfer.share = *share;
  if (std::optional<element> certain = Field(*fields, "certain")) {
    bool flag = false;
    if (certain->get_bool().get(flag) != simdjson::SUCCESS) return std::nullopt;
    transfer.certain = flag;
  }
  if (std::optional<element> basis = Field(*fields, "basis")) {
    std::optional<std::string> text = String(basis);
    if (!text) return std::nullopt;
    transfer.basis = std::move(*text);
  }
  return transfer;
}

// The array field `name`, required; non-empty unless `may_be_empty`.
std::optional<simdjson::dom::array> Array(object fields, std::string_view name, bool may_be_empty) {
  std::optional<element> value = Field(fields, name);
  simdjson::dom::array items;
  if (!value || value->get_array().get(items) != simdjson::SUCCESS) return std::nullopt;
  if (!may_be_empty && items.size() == 0) return std::nullopt;
  return items;
}

// Reads every element of `items` with `read` into `out`; false when one fails.
template <typename T, typename Read>
bool ReadAll(simdjson::dom::array items, Read read, std::vector<T>& out) {
  for (element item : items) {
    std::optional<T> value = read(item);
    if (!value) return false;
    out.push_back(std::move(*value));
  }
  return true;
}

std::optional<UnitId> IdOf(element value) {
  return Id(value);
}

}  // namespace

std::optional<UnitEventValue> ParseFast(size_t kind, Date date, std::string_view payload) {
  thread_local simdjson::dom::parser parser;
  element root;
  if (parser.parse(payload.data(), payload.size(), /*realloc_if_needed=*/true).get(root) !=
      simdjson::SUCCESS)
    return std::nullopt;
  switch (kind) {
    case 0: {  // create
      std::optional<object> fields = Object(root, {"unit"});
      std::optional<element> unit = fields ? Field(*fields, "unit") : std::nullopt;
      std::optional<NewUnit> created = unit ? ReadNewUnit(*unit) : std::nullopt;
      if (!created) return std::nullopt;
      return CreateEvent{date, std::move(*created)};
    }
    case 1: {  // rename
      std::optional<object> fields = Object(root, {"unit", "name"});
      if (!fields) return std::nullopt;
      std::optional<UnitId> unit = Id(Field(*fields, "unit"));
      std::optional<std::string> name = String(Field(*fields, "name"));
      if (!unit || !name) return std::nullopt;
      return RenameEvent{date, *unit, std::move(*name)};
    }
    case 2: {  // reparent
      std::optional<object> fields = Object(root, {"unit", "parent"});
      if (!fields) return std::nullopt;
      std::optional<UnitId> unit = Id(Field(*fields, "unit"));
      std::optional<UnitId> parent = Id(Field(*fields, "parent"));
      if (!unit || !parent) return std::nullopt;
      return ReparentEvent{date, *unit, *parent};
    }
    case 3: {  // change_kind
      std::optional<object> fields = Object(root, {"unit", "kind"});
      if (!fields) return std::nullopt;
      std::optional<UnitId> unit = Id(Field(*fields, "unit"));
      std::optional<std::string> key = String(Field(*fields, "kind"));
      std::optional<UnitKind> unit_kind = key ? ParseUnitKind(*key) : std::nullopt;
      if (!unit || !unit_kind) return std::nullopt;
      return ChangeKindEvent{date, *unit, *unit_kind};
    }
    case 4: {  // update_figures
      std::optional<object> fields = Object(root, {"unit", "population", "area_m2"});
      if (!fields) return std::nullopt;
      FiguresEvent event;
      event.date = date;
      std::optional<UnitId> unit = Id(Field(*fields, "unit"));
      if (!unit || !Figures(*fields, &event.population, &event.area_m2)) return std::nullopt;
      event.unit = *unit;
      return event;
    }
    case 5: {  // merge
      std::optional<object> fields = Object(root, {"sources", "into"});
      if (!fields) return std::nullopt;
      MergeEvent event;
      event.date = date;
      std::optional<simdjson::dom::array> sources = Array(*fields, "sources", false);
      if (!sources || !ReadAll<UnitId>(*sources, IdOf, event.sources)) return std::nullopt;
      std::optional<element> into = Field(*fields, "into");
      if (!into) return std::nullopt;
      if (into->is_object()) {
        std::optional<NewUnit> created = ReadNewUnit(*into);
        if (!created) return std::nullopt;
        event.into = std::move(*created);
      } else {
        std::optional<UnitId> id = Id(into);
        if (!id) return std::nullopt;
        event.into = *id;
      }
      return event;
    }
    case 6: {  // split
      std::optional<object> fields = Object(root, {"source", "parts"});
      if (!fields) return std::nullopt;
      SplitEvent event;
      event.date = date;
      std::optional<UnitId> source = Id(Field(*fields, "source"));
      std::optional<simdjson::dom::array> parts = Array(*fields, "parts", false);
      if (!source || !parts || !ReadAll<NewUnit>(*parts, ReadNewUnit, event.parts))
        return std::nullopt;
      event.source = *source;
      return event;
    }
    case 7: {  // abolish
      std::optional<object> fields = Object(root, {"unit"});
      std::optional<UnitId> unit = fields ? Id(Field(*fields, "unit")) : std::nullopt;
      if (!unit) return std::nullopt;
      return AbolishEvent{date, *unit};
    }
    case 8: {  // abolish_level
      std::optional<object> fields = Object(root, {"level", "province"});
      if (!fields) return std::nullopt;
      std::optional<std::string> key = String(Field(*fields, "level"));
      std::optional<Level> level = key ? ParseLevel(*key) : std::nullopt;
      if (!level) return std::nullopt;
      AbolishLevelEvent event{date, *level, std::nullopt};
      if (std::optional<element> province = Field(*fields, "province")) {
        event.province = Id(province);
        if (!event.province) return std::nullopt;
      }
      return event;
    }
    case 9: {  // rearrange
      std::optional<object> fields = Object(root, {"ending", "created", "transfers"});
      if (!fields) return std::nullopt;
      RearrangeEvent event;
      event.date = date;
      std::optional<simdjson::dom::array> ending = Array(*fields, "ending", true);
      std::optional<simdjson::dom::array> created = Array(*fields, "created", true);
      std::optional<simdjson::dom::array> transfers = Array(*fields, "transfers", false);
      if (!ending || !created || !transfers || !ReadAll<UnitId>(*ending, IdOf, event.ending) ||
          !ReadAll<NewUnit>(*created, ReadNewUnit, event.created) ||
          !ReadAll<Transfer>(*transfers, ReadTransfer, event.transfers))
        return std::nullopt;
      return event;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace kieumau::events_json_internal
