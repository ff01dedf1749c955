// The audit trail over HTTP: GET /api/audit lists entries — a unit's history (?unit=CODE, the code
// read on ?as_of), a user's actions (?user=ID), days (?from, ?to: YYYY-MM-DD in Vietnam's time) —
// in the order they were written, a page at a time (?limit, ?after). Who may read it is the
// authorization layer's to decide (auditors, administrators); this file only maps it to JSON.
#include <charconv>

#include "engine/excerpt.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/api/routes.h"

namespace kieumau::server {

namespace {

// ?name=YYYY-MM-DD; nothing when absent.
app::ProblemOr<std::optional<Date>> DayParam(const Request& request, std::string_view name) {
  const std::string text = Param(request, name);
  if (text.empty()) return std::optional<Date>();
  Result<Date> date = Date::Parse(text);
  if (!date) {
    return app::BadRequest("Ngày " + std::string(name) + " \"" + Excerpt(text) +
                           "\" không hợp lệ, cần dạng YYYY-MM-DD (bad " + std::string(name) +
                           " date): " + date.error().message);
  }
  return std::optional<Date>(*date);
}

// ?name=N, a whole number ≥ 0; `fallback` when absent.
app::ProblemOr<int64_t> CountParam(const Request& request, std::string_view name,
                                   int64_t fallback) {
  const std::string text = Param(request, name);
  if (text.empty()) return fallback;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return app::BadRequest("Tham số " + std::string(name) +
                           " phải là số nguyên không âm, không "
                           "phải \"" +
                           Excerpt(text) + "\" (" + std::string(name) + " must be a whole number)");
  }
  return value;
}

Json EntryJson(const app::AuditRecord& record) {
  const AuditEntry& entry = record.entry;
  Json detail = Json::parse(entry.detail_json, nullptr, /*allow_exceptions=*/false);
  if (detail.is_discarded() || !detail.is_object()) detail = Json{{"text", entry.detail_json}};
  Json unit = nullptr;
  if (record.unit) {
    unit = Json{{"id", record.unit->id},
                {"code", OrNull(record.unit->code)},
                {"name", OrNull(record.unit->name)}};
  }
  Json seal = nullptr;
  if (entry.seal_seq) {
    seal = Json{{"seq", *entry.seal_seq}, {"hash", entry.hash}, {"prev_hash", entry.prev_hash}};
  }
  return Json{{"id", entry.id},
              {"at", TimestampText(entry.at)},
              {"actor", ActorJson(entry.actor)},
              {"channel", FactSourceKey(entry.actor.channel)},
              {"action", entry.action},
              {"unit", std::move(unit)},
              {"subject", entry.subject},
              {"detail", std::move(detail)},
              {"seal", std::move(seal)}};
}

Response ListAudit(app::Services& services, const Request& request) {
  app::AuditQuery query;
  if (std::string unit = Param(request, "unit"); !unit.empty()) query.unit = std::move(unit);
  if (std::string user = Param(request, "user"); !user.empty()) query.user = std::move(user);
  app::ProblemOr<std::optional<Date>> as_of = AsOfParam(request);
  if (!as_of) return ProblemResponse(as_of.error());
  query.as_of = *as_of;
  app::ProblemOr<std::optional<Date>> from = DayParam(request, "from");
  if (!from) return ProblemResponse(from.error());
  query.from = *from;
  app::ProblemOr<std::optional<Date>> to = DayParam(request, "to");
  if (!to) return ProblemResponse(to.error());
  query.to = *to;
  app::ProblemOr<int64_t> limit = CountParam(request, "limit", query.limit);
  if (!limit) return ProblemResponse(limit.error());
  query.limit = *limit;
  app::ProblemOr<int64_t> after = CountParam(request, "after", 0);
  if (!after) return ProblemResponse(after.error());
  query.after = *after;
  return Reply(services.audit().List(query, ScopeOf(request)), [](const app::AuditPage& page) {
    Json entries = Json::array();
    for (const app::AuditRecord& record : page.entries)
      entries.push_back(EntryJson(record));
    return Json{{"entries", std::move(entries)}, {"next_after", OrNull(page.next_after)}};
  });
}

}  // namespace

void AddAuditRoutes(Router& router, app::Services* services) {
  // Reads the database: on the worker pool.
  router.Add("GET", "/api/audit", Guard::Needs(app::Permission::kReadAudit),
             WithServices(services, ListAudit), Work::kCpu);
}

}  // namespace kieumau::server
