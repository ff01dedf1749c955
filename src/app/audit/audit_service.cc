#include "app/audit/audit_service.h"

#include <fmt/format.h>

#include "app/world.h"
#include "engine/utf8.h"

namespace kieumau::app {

namespace {

constexpr std::chrono::hours kVietnamOffset{7};

// `text` as well-formed UTF-8: a byte that starts no valid sequence becomes U+FFFD, NUL is dropped.
std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\0') {
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace

Timestamp VietnamDayStart(Date day) {
  using namespace std::chrono;
  const sys_days days{year_month_day{year{day.year()}, month{static_cast<unsigned>(day.month())},
                                     std::chrono::day{static_cast<unsigned>(day.day())}}};
  return Timestamp(days) - kVietnamOffset;
}

Date VietnamDay(Timestamp at) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(at + kVietnamOffset)};
  return Date::Known(static_cast<int>(ymd.year()),
                     static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day())));
}

AuditEntry MakeAuditEntry(const WriteActor& actor, std::string_view action,
                          std::optional<int64_t> unit, std::string_view subject,
                          std::string detail_json, Timestamp at) {
  AuditEntry entry;
  entry.at = at;
  entry.actor = actor;
  entry.actor.user = CleanText(actor.user);
  entry.actor.address = CleanText(actor.address);
  entry.action = CleanText(action);
  entry.unit_id = unit;
  entry.subject = CleanText(subject);
  entry.detail_json = CleanText(detail_json);
  return entry;
}

ProblemOr<int64_t> AuditService::Record(const WriteActor& actor, std::string_view action,
                                        std::optional<int64_t> unit, std::string_view subject,
                                        std::string_view detail_json) {
  const AuditEntry entry =
      MakeAuditEntry(actor, action, unit, subject, std::string(detail_json), context_.Now());
  return context_.InTransaction<int64_t>([&](Store& store) -> ProblemOr<int64_t> {
    StoreResult<int64_t> id = store.audit().Append(entry);
    if (!id) return FromStore(id.error());
    return *id;
  });
}

ProblemOr<AuditPage> AuditService::List(const AuditQuery& query, const Scope& scope) {
  if (query.limit < 1 || query.limit > 1000) {
    return BadRequest(fmt::format(
        "limit phải từ 1 đến 1000, không phải {} (limit must be 1 to 1000)", query.limit));
  }
  if (query.after < 0) return BadRequest("after không được âm (after must not be negative)");
  if (query.from && query.to && *query.to < *query.from) {
    return BadRequest("Ngày to trước ngày from (the day `to` is before the day `from`)");
  }
  ProblemOr<std::shared_ptr<const World>> world = context_.GetWorld();
  if (!world) return world.error();
  AuditFilter filter;
  if (query.unit) {
    ProblemOr<const Unit*> unit =
        (*world)->UnitMeant(*query.unit, query.as_of.value_or(context_.Today()), &scope);
    if (!unit) return unit.error();
    filter.unit_id = (*unit)->id;
  }
  filter.user = query.user;
  if (query.from) filter.from = VietnamDayStart(*query.from);
  if (query.to) filter.to = VietnamDayStart(query.to->NextDay());
  filter.after_id = query.after;
  filter.limit = query.limit;
  // Outside a nationwide scope only the entries about a unit the scope covers are seen: the
  // store's pages are read on until the answer's page is full or the trail ends.
  const UnitRegistry& registry = (*world)->registry();
  auto seen = [&](const AuditEntry& entry) {
    return scope.nation() || (entry.unit_id && scope.Covers(registry, *entry.unit_id));
  };
  std::vector<AuditEntry> kept;
  StorePool::Lease store = context_.pool().Acquire();
  bool more = true;
  while (more && static_cast<int64_t>(kept.size()) < query.limit) {
    StoreResult<std::vector<AuditEntry>> entries = store->audit().List(filter);
    if (!entries) return FromStore(entries.error());
    more = static_cast<int64_t>(entries->size()) == filter.limit;
    for (AuditEntry& entry : *entries) {
      filter.after_id = entry.id;
      if (!seen(entry)) continue;
      kept.push_back(std::move(entry));
      if (static_cast<int64_t>(kept.size()) == query.limit) {
        more = true;
        break;
      }
    }
  }
  AuditPage page;
  page.entries.reserve(kept.size());
  for (AuditEntry& entry : kept) {
    AuditRecord record{std::move(entry), std::nullopt};
    if (record.entry.unit_id) {
      AuditUnit unit{*record.entry.unit_id, std::nullopt, std::nullopt};
      if (const Unit* known = (*world)->registry().Find(unit.id)) {
        unit.code = known->code;
        unit.name = (*world)->Name(unit.id, VietnamDay(record.entry.at));
      }
      record.unit = std::move(unit);
    }
    page.entries.push_back(std::move(record));
  }
  if (more && !page.entries.empty()) page.next_after = page.entries.back().entry.id;
  return page;
}

ProblemOr<int64_t> AuditService::Seal() {
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<int64_t> sealed = SealAll(store->audit(), context_.Now());
  if (!sealed) return FromStore(sealed.error());
  return *sealed;
}

ProblemOr<AuditVerification> AuditService::Verify(const std::optional<AuditAnchor>& anchor) {
  StorePool::Lease store = context_.pool().Acquire();
  StoreResult<AuditVerification> verified = VerifyAuditChain(store->audit(), anchor);
  if (!verified) return FromStore(verified.error());
  return *verified;
}

}  // namespace kieumau::app
