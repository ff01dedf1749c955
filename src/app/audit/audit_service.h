// The audit trail (issue 10): every write recorded — who, when, from where, what, the values
// before and after — in the same unit of work as the change (store/audit_store.h), sealed into a
// tamper-evident chain by one sealer within about a second after commit (AuditSealer), read back
// by unit, by user and by date, and verified whole (`kieumau audit verify`).
//
// Who writes entries: FactWriter (every PUT and import of facts: one entry per unit-year changed,
// with each value before and after), PriorYearService::ConfirmLink, accounts (CreateUser,
// ChangePassword, SignIn and its failures, SignOut), `kieumau register apply` and `kieumau user
// add`, the demo seed. The HTTP layer records what changes nothing else — a permission refused —
// through AuditService::Record.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access/scope.h"
#include "app/context.h"
#include "store/audit_store.h"
#include "units/date.h"

namespace kieumau::app {

// The actions the trail records (AuditEntry::action).
namespace audit_action {
inline constexpr std::string_view kFactsPut = "facts.put";        // values entered (form, API)
inline constexpr std::string_view kFactsImport = "facts.import";  // a table imported
inline constexpr std::string_view kLinkConfirm = "link.confirm";  // an inferred link confirmed
inline constexpr std::string_view kUserCreate = "user.create";
inline constexpr std::string_view kUserPassword = "user.password";  // a user changed their own
inline constexpr std::string_view kUserPasswordReset = "user.password_reset";  // by an admin
inline constexpr std::string_view kUserDisable = "user.disable";
inline constexpr std::string_view kUserEnable = "user.enable";
inline constexpr std::string_view kGrantAdd = "grant.add";
inline constexpr std::string_view kGrantRemove = "grant.remove";
inline constexpr std::string_view kSignIn = "session.sign_in";
inline constexpr std::string_view kSignInFailed = "session.sign_in_failed";
inline constexpr std::string_view kSignOut = "session.sign_out";
inline constexpr std::string_view kAccessRefused = "access.refused";  // a permission refused
inline constexpr std::string_view kRegisterApply = "register.apply";  // kieumau register apply
inline constexpr std::string_view kSeed = "database.seed";  // a new database's register and demo
}  // namespace audit_action

// An entry ready to append at `at`: texts that are not UTF-8 repaired (U+FFFD) and NUL characters
// dropped, so that what a client typed (a username, a path) never keeps the entry from being
// written; `detail_json` must be a JSON object.
AuditEntry MakeAuditEntry(const WriteActor& actor, std::string_view action,
                          std::optional<int64_t> unit, std::string_view subject,
                          std::string detail_json, Timestamp at);

// Which entries to list: every filter given must match; in the order written (id), after `after`.
struct AuditQuery {
  std::optional<std::string> unit;  // a unit's code, read on `as_of` (today when absent)
  std::optional<Date> as_of;
  std::optional<std::string> user;  // a user's id, as entries name it (WriteActor::user)
  std::optional<Date> from;         // from this day on, Vietnam's time (UTC+7)
  std::optional<Date> to;           // up to this day included
  int64_t after = 0;                // entries with a greater id (the previous page's next_after)
  int64_t limit = 100;              // 1 to 1000
};

struct AuditUnit {
  int64_t id = 0;
  std::optional<std::string> code;  // none when the unit is not in the register
  std::optional<std::string> name;  // on the entry's day
};

struct AuditRecord {
  AuditEntry entry;
  std::optional<AuditUnit> unit;
};

struct AuditPage {
  std::vector<AuditRecord> entries;
  std::optional<int64_t> next_after;  // when there may be more: ask again with after = this
};

class AuditService {
 public:
  explicit AuditService(Context& context) : context_(context) {}

  // Records one event that changes nothing else, in a small unit of work of its own, at the
  // context's clock; answers the entry's id. For the HTTP layer: a permission refused is
  //   Record(actor, audit_action::kAccessRefused, unit, "PUT /api/units/09187/facts",
  //          R"({"role":"viewer","needs":"officer"})")
  // with the actor of the request (user id, channel, address), the unit the request is about when
  // it names one (its id), and `detail_json` a JSON object (kInvalid otherwise). A failure here is
  // the caller's to log: the refusal stands either way.
  ProblemOr<int64_t> Record(const WriteActor& actor, std::string_view action,
                            std::optional<int64_t> unit, std::string_view subject,
                            std::string_view detail_json = "{}");

  // A unit's history, a user's actions, a span of days — or all three at once. Outside a
  // nationwide `scope`, only the entries about a unit it covers (a unit it does not cover is "not
  // found"); sign-ins and other entries about no unit are the nation's.
  ProblemOr<AuditPage> List(const AuditQuery& query, const Scope& scope);

  // Seals what is committed and not yet sealed (the sealer's work, on a connection of the pool);
  // answers how many entries it sealed.
  ProblemOr<int64_t> Seal();
  // Checks the whole chain (store/audit_store.h: VerifyAuditChain).
  ProblemOr<AuditVerification> Verify(const std::optional<AuditAnchor>& anchor = {});

 private:
  Context& context_;
};

// The first instant of a day in Vietnam's time (UTC+7, no daylight saving), and the day an
// instant falls on there.
Timestamp VietnamDayStart(Date day);
Date VietnamDay(Timestamp at);

}  // namespace kieumau::app
