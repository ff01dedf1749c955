#include "app/demo_setup.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "accounts/credentials.h"
#include "app/accounts/accounts_service.h"
#include "app/audit/audit_service.h"
#include "app/programme_record.h"
#include "demo/demo.h"
#include "register/register_store.h"

namespace kieumau::app {

ProblemOr<bool> CheckDemoComplete(Store& store) {
  StoreResult<std::optional<std::string>> demo = store.GetSetting(kDemoSettingKey);
  if (!demo) return FromStore(demo.error());
  if (*demo && **demo == kDemoSeeding) {
    return Problem{ErrorCode::kInterruptedSeed,
                   "Lần nạp dữ liệu mẫu trước bị gián đoạn: hãy xóa cơ sở dữ liệu này và khởi động "
                   "lại (an earlier demo seeding was interrupted: delete this database and start "
                   "again)",
                   {}};
  }
  return false;
}

ProblemOr<bool> SeedNewDatabase(Store& store, const Catalogue& catalogue, Timestamp at, bool demo,
                                const std::optional<std::string>& admin_password,
                                std::ostream& log) {
  ProblemOr<bool> complete = CheckDemoComplete(store);
  if (!complete) return complete.error();
  StoreResult<std::optional<std::string>> loaded = store.GetSetting(kRegisterSettingKey);
  if (!loaded) return FromStore(loaded.error());
  if (*loaded) return false;
  StoreResult<std::vector<UnitRecord>> units = store.ListUnits();
  if (!units) return FromStore(units.error());
  if (!units->empty()) return false;

  const auto started = std::chrono::steady_clock::now();
  log << "cơ sở dữ liệu mới: nạp danh mục đơn vị hành chính cả nước (new database: loading the "
         "national register)"
      << (demo ? " và dữ liệu mẫu Bắc Ninh (and the Bắc Ninh demo)" : "") << "…\n";
  log.flush();
  admin_register::RegisterHistory history;
  Result<admin_register::StoredRegister> applied = admin_register::BuiltinRegister(&history);
  if (!applied) return FromError(applied.error(), ErrorCode::kInternal);
  std::optional<demo::DemoData> data;
  std::optional<ProgrammeRecord> programme;
  if (demo) {
    Result<demo::DemoData> built = demo::BuildDemoData(catalogue, applied->registry);
    if (!built) return FromError(built.error(), ErrorCode::kInternal);
    Result<ProgrammeRecord> record = ProgrammeRecordFromYaml(built->programme_yaml, catalogue);
    if (!record) return FromError(record.error(), ErrorCode::kInternal);
    data = std::move(*built);
    programme = std::move(*record);
  }

  // The demo administrator's password: given, or made here and shown once.
  const std::string password =
      admin_password.value_or(demo ? accounts::NewToken().substr(0, 16) : std::string());
  StoreStatus written = store.InTransaction([&](Store& s) -> StoreStatus {
    if (StoreStatus w = admin_register::WriteRegister(s, history, *applied); !w) return w;
    if (StoreStatus w = s.PutSetting(kRegisterSettingKey, applied->release); !w) return w;
    // One entry for the whole seed (the register is the program's own; the demo's values are in
    // the facts' history under the seed actor).
    const nlohmann::ordered_json detail{
        {"register", applied->release},
        {"units", applied->registry.units().size()},
        {"events", history.events.size()},
        {"demo", data ? nlohmann::ordered_json{{"values", data->facts.size()},
                                               {"recognitions", data->recognitions.size()},
                                               {"administrator", kDemoAdmin}}
                      : nlohmann::ordered_json(nullptr)}};
    StoreResult<int64_t> logged = s.audit().Append(MakeAuditEntry(
        demo::kDemoActor, audit_action::kSeed, std::nullopt, applied->release,
        detail.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), at));
    if (!logged) return logged.error();
    if (!data) return Success{};
    std::vector<FactWrite> facts = data->facts;
    for (FactWrite& fact : facts)
      fact.unit_id = applied->store_ids.at(fact.unit_id);
    if (StoreResult<PutFactsSummary> put = s.PutFacts(facts, demo::kDemoActor, at); !put)
      return put.error();
    if (StoreStatus w = s.PutProgramme(*programme); !w) return w;
    for (const demo::DemoRecognition& r : data->recognitions) {
      StoreStatus w = s.PutRecognition(
          {programme->id, applied->store_ids.at(r.unit), r.year, r.decision, r.date});
      if (!w) return w;
    }
    ProblemOr<UserRecord> admin =
        CreateUser(s,
                   NewUser{std::string(kDemoAdmin),
                           "Quản trị viên (demo)",
                           password,
                           false,
                           {GrantRecord{0, 0, Role::kNationalAdmin, std::nullopt}}},
                   at, demo::kDemoActor);
    if (!admin) {
      return StoreError{StoreErrorKind::kInvalid,
                        "Mật khẩu quản trị demo (KIEUMAU_ADMIN_PASSWORD): " + admin.error().message,
                        {}};
    }
    return s.PutSetting(kDemoSettingKey, kDemoNote);
  });
  if (!written) return FromStore(written.error());
  // Sealed at once (a server's sealer would do it within a second).
  if (StoreResult<int64_t> sealed = SealAll(store.audit(), at); !sealed)
    return FromStore(sealed.error());
  log << "đã nạp (loaded): " << applied->registry.units().size() << " đơn vị, "
      << history.events.size() << " sự kiện";
  if (data) {
    log << ", " << data->facts.size() << " giá trị mẫu, " << data->recognitions.size()
        << " quyết định công nhận (minh họa)";
  }
  log << " trong "
      << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started)
             .count()
      << " ms\n";
  if (data) {
    log << "tài khoản quản trị (administrator): " << kDemoAdmin;
    if (admin_password) {
      log << ", mật khẩu theo KIEUMAU_ADMIN_PASSWORD (password from KIEUMAU_ADMIN_PASSWORD)\n";
    } else {
      log << ", mật khẩu (password): " << password
          << " — chỉ in lần này, hãy đổi sau khi đăng nhập (shown this once: change it after "
             "signing in)\n";
    }
  }
  return true;
}

}  // namespace kieumau::app
