// A register (data/vn-admin/, or a newer copy of its files) applied to a store that may already
// hold one (`kieumau register apply DIR`): the events it adds to the stored history, none when it
// is the register already there, or a refusal naming every row at fault and nothing changed. The
// rules are written in src/register/README.md, "Applying a newer register".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"
#include "register/register_files.h"
#include "register/register_history.h"
#include "store/store.h"

namespace kieumau::admin_register {

// The setting that names the register the units came from (app::kRegisterSettingKey, which a new
// database gets on its first start).
inline constexpr std::string_view kRegisterSetting = "register";

// What the setting says of a register: its latest state's date and upstream commit (releases.csv,
// HEAD): "vn-admin: danh mục đến 2026-04-30 (thanglequoc/vietnamese-provinces-database cd58063…)".
std::string RegisterReleaseText(const RegisterData& data);

// An event written, for people.
struct AddedEvent {
  UnitEventValue event;  // with the store's ids
  std::string description;  // "đổi loại (change_kind) đơn vị 25270 \"Xã Lộc Ninh\": phuong"
};

struct AppliedRegister {
  // The store had no units: the whole register was written, as on a first start (no demo).
  bool loaded = false;
  std::string release;           // the register's (RegisterReleaseText)
  std::string previous_release;  // the setting before, empty when there was none
  size_t units_added = 0;
  std::vector<AddedEvent> events_added;  // in date order; empty when nothing was new
};

// Why nothing was written.
struct ApplyRefusal {
  // Every problem found: a row of the register (file, line, column), or, with an empty file, the
  // stored history (an event of the database the register does not have, a history that does not
  // read). Vietnamese first, English in parentheses.
  RegisterProblems problems;
  // Or the database failed.
  std::optional<StoreError> store;
};

// Parses and checks `files`, builds their history and applies it to `store` in one unit of work:
//   - a store without units gets the whole register (units, events, the setting);
//   - otherwise the register's units are matched to the stored ones (level, code, first day); every
//     event dated up to the stored history's last date must be stored already and every stored
//     one up to the last date the register dates must be in the register; the register's latest
//     state is compared with the stored state on its date (a difference is a new event when that
//     date is after the stored history's last one, a contradiction otherwise); the new events must
//     apply after the stored ones. New units are created, the new events added, the units they
//     change updated and the setting set to the register's release.
// Nothing is written when there is any problem, or when there is nothing new.
Result<AppliedRegister, ApplyRefusal> ApplyRegister(Store& store, const RegisterFiles& files);

}  // namespace kieumau::admin_register
