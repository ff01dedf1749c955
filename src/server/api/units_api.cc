// /api/units and /api/units/{code}: units as of a date, as JSON.
#include <fmt/format.h>

#include "load/result_writer.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"

namespace kieumau::server {

namespace {

Json UnitSummaryJson(const app::UnitSummary& unit) {
  return Json{{"id", unit.id},
              {"code", unit.code},
              {"name", unit.name},
              {"level", LevelKey(unit.level)},
              {"kind", unit.kind ? Json(UnitKindKey(*unit.kind)) : Json(nullptr)},
              {"parent", OrNull(unit.parent_code)},
              {"population", OrNull(unit.population)},
              {"area_m2", unit.area_m2 ? NumberJson(*unit.area_m2) : Json(nullptr)}};
}

// The list written straight to text, in UnitSummaryJson's shape: the whole country is 3,321
// objects, and building a JSON tree of them first took most of the answer's time.
std::string UnitListText(const app::UnitList& list) {
  std::string out;
  out.reserve(64 + 140 * list.units.size());
  out += R"({"as_of":")";
  out += list.as_of.ToString();
  out += R"(","units":[)";
  for (size_t i = 0; i < list.units.size(); ++i) {
    const app::UnitSummary& unit = list.units[i];
    if (i > 0) out += ',';
    fmt::format_to(std::back_inserter(out), R"({{"id":{},"code":)", unit.id);
    AppendJsonString(out, unit.code);
    out += R"(,"name":)";
    AppendJsonString(out, unit.name);
    fmt::format_to(std::back_inserter(out), R"(,"level":"{}","kind":)", LevelKey(unit.level));
    if (unit.kind) {
      fmt::format_to(std::back_inserter(out), R"("{}")", UnitKindKey(*unit.kind));
    } else {
      out += "null";
    }
    out += R"(,"parent":)";
    if (unit.parent_code) {
      AppendJsonString(out, *unit.parent_code);
    } else {
      out += "null";
    }
    out += R"(,"population":)";
    out += unit.population ? std::to_string(*unit.population) : "null";
    out += R"(,"area_m2":)";
    out += unit.area_m2 ? Dump(NumberJson(*unit.area_m2)) : "null";
    out += '}';
  }
  out += "]}";
  return out;
}

Json NamesJson(const std::vector<app::UnitName>& names) {
  Json list = Json::array();
  for (const app::UnitName& name : names)
    list.push_back({{"code", name.code}, {"name", name.name}});
  return list;
}

std::string_view LinkKindKey(LinkKind kind) {
  switch (kind) {
    case LinkKind::kMerge:
      return "merge";
    case LinkKind::kSplit:
      return "split";
    case LinkKind::kTransfer:
      return "transfer";
  }
  return "?";
}

Json LineageJson(const std::vector<app::LineageEntry>& entries) {
  Json list = Json::array();
  for (const app::LineageEntry& entry : entries)
    list.push_back(
        {{"id", entry.id},
         {"code", entry.code},
         {"name", entry.name},
         {"date", entry.date.ToString()},
         {"kind", LinkKindKey(entry.kind)},
         {"share", ShareKey(entry.share)},
         {"certain", entry.certain},
         {"basis",
          OrNull(entry.basis.empty() ? std::nullopt : std::optional<std::string>(entry.basis))},
         {"confirmed", entry.confirmation
                           ? ConfirmationJson(*entry.confirmation, entry.confirmed_by)
                           : Json(nullptr)}});
  return list;
}

Json UnresolvedJson(const app::UnresolvedName& name) {
  return Json{{"text", name.text}, {"reason", name.reason}, {"candidates", name.candidates}};
}

Json UnitDetailJson(const app::UnitDetail& unit) {
  Json json = {{"id", unit.id},
               {"code", unit.code},
               {"level", LevelKey(unit.level)},
               {"from", unit.from.ToString()},
               {"to", unit.to ? Json(unit.to->ToString()) : Json(nullptr)},
               {"as_of", unit.as_of.ToString()},
               {"exists", unit.exists}};
  if (unit.exists) {
    if (unit.state) json["state"] = UnitSummaryJson(*unit.state);
    json["path"] = NamesJson(unit.path);
    json["children"] = NamesJson(unit.children);
  }
  json["predecessors"] = LineageJson(unit.predecessors);
  json["successors"] = LineageJson(unit.successors);
  Json names = Json::array();
  for (const Dated<std::string>& period : unit.names)
    names.push_back({{"from", period.from.ToString()},
                     {"to", period.to ? Json(period.to->ToString()) : Json(nullptr)},
                     {"name", period.value}});
  json["names"] = std::move(names);
  Json unresolved = Json::array();
  for (const app::UnresolvedName& name : unit.unresolved)
    unresolved.push_back(UnresolvedJson(name));
  json["unresolved"] = std::move(unresolved);
  return json;
}

Json RegisterJson(const app::RegisterView& view) {
  Json unresolved = Json::array();
  for (const app::RegisterView::Entry& entry : view.unresolved) {
    Json json = UnresolvedJson(entry.name_in_text);
    json["unit"] = {{"id", entry.unit ? Json(*entry.unit) : Json(nullptr)},
                    {"code", entry.code},
                    {"name", entry.name},
                    {"province", entry.province}};
    unresolved.push_back(std::move(json));
  }
  return Json{{"release", view.release.empty() ? Json(nullptr) : Json(view.release)},
              {"unresolved", std::move(unresolved)}};
}

Response ListUnits(app::Services& services, const Request& request) {
  app::UnitsQuery query;
  app::ProblemOr<std::optional<Date>> as_of = AsOfParam(request);
  if (!as_of) return ProblemResponse(as_of.error());
  app::ProblemOr<std::optional<Level>> level = LevelParam(request);
  if (!level) return ProblemResponse(level.error());
  app::ProblemOr<std::optional<UnitKind>> kind = KindParam(request);
  if (!kind) return ProblemResponse(kind.error());
  query.as_of = *as_of;
  query.within = Param(request, "within");
  query.level = *level;
  query.kind = *kind;
  query.q = Param(request, "q");
  if (query.q.size() > 200) {
    return ProblemResponse(app::BadRequest(
        "Chuỗi tìm kiếm q dài quá 200 ký tự (the search text q is longer than 200 characters)"));
  }
  app::ProblemOr<app::UnitList> list = services.units().List(query, ScopeOf(request));
  if (!list) return ProblemResponse(list.error());
  return JsonResponse(200, UnitListText(*list));
}

Response GetUnit(app::Services& services, const Request& request) {
  app::ProblemOr<std::optional<Date>> as_of = AsOfParam(request);
  if (!as_of) return ProblemResponse(as_of.error());
  return Reply(services.units().Get(request.Param("code"), *as_of, ScopeOf(request)),
               UnitDetailJson);
}

}  // namespace

void AddUnitsRoutes(Router& router, app::Services* services) {
  const Guard read = Guard::Needs(app::Permission::kRead);
  router.Add("GET", "/api/units", read, WithServices(services, ListUnits), Work::kCpu);
  router.Add("GET", "/api/units/{code}", read, WithServices(services, GetUnit), Work::kCpu);
  router.Add("GET", "/api/register", Guard::SignedIn(),
             WithServices(services, [](app::Services& s, const Request&) {
               return Reply(s.units().Register(), RegisterJson);
             }));
}

}  // namespace kieumau::server
