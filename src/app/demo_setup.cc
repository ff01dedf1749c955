#include "app/demo_setup.h"

#include "app/programme_record.h"
#include "demo/demo.h"

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

ProblemOr<bool> SeedDemo(Store& store, const Catalogue& catalogue, Timestamp at,
                         std::ostream& log) {
  ProblemOr<bool> complete = CheckDemoComplete(store);
  if (!complete) return complete.error();
  StoreResult<std::vector<UnitRecord>> units = store.ListUnits();
  if (!units) return FromStore(units.error());
  if (!units->empty()) return false;

  log << "cơ sở dữ liệu trống: nạp dữ liệu mẫu Bắc Ninh (empty database: loading the Bắc Ninh "
         "demo)…\n";
  log.flush();
  Result<demo::DemoData> data = demo::BuildDemoData(catalogue);
  if (!data) return FromError(data.error(), ErrorCode::kInternal);
  Result<ProgrammeRecord> programme = ProgrammeRecordFromYaml(data->programme_yaml, catalogue);
  if (!programme) return FromError(programme.error(), ErrorCode::kInternal);

  if (StoreStatus s = store.PutSetting(kDemoSettingKey, kDemoSeeding); !s)
    return FromStore(s.error());
  Result<bool> seeded = demo::SeedDemoIfEmpty(store, catalogue, at);
  if (!seeded) return FromError(seeded.error(), ErrorCode::kInternal);
  if (StoreStatus s = store.PutProgramme(*programme); !s) return FromStore(s.error());
  for (const demo::DemoRecognition& r : data->recognitions) {
    StoreResult<UnitRecord> unit = store.FindUnitByCode(r.unit_code);
    if (!unit) return FromStore(unit.error());
    StoreStatus s = store.PutRecognition({programme->id, unit->id, r.year, r.decision, r.date});
    if (!s) return FromStore(s.error());
  }
  if (StoreStatus s = store.PutSetting(kDemoSettingKey, kDemoNote); !s) return FromStore(s.error());
  log << "đã nạp dữ liệu mẫu (demo loaded): " << data->facts.size() << " giá trị, "
      << data->recognitions.size() << " quyết định công nhận\n";
  return true;
}

}  // namespace kieumau::app
