#include "register/register_store.h"

#include "register/register_apply.h"
#include "register/register_data.h"
#include "units/events_json.h"

namespace kieumau::admin_register {

UnitRecord LatestRecord(const Unit& unit) {
  UnitRecord record;
  record.id = unit.id;
  record.code = unit.code;
  record.level = std::string(LevelKey(unit.level));
  if (const std::optional<UnitKind>& kind = unit.kind.Last()) {
    record.kind = std::string(UnitKindKey(*kind));
  }
  record.name = unit.name.Last();
  record.population = unit.population.Last();
  record.area_m2 = unit.area_m2.Last();
  return record;
}

Result<StoredRegister> BuiltinRegister(RegisterHistory* history_out) {
  Result<RegisterData, RegisterProblems> data = ParseRegister(BuiltinRegisterFiles());
  if (!data) {
    return Error{"sổ đăng ký đơn vị hành chính có lỗi (the register has problems): " +
                 FormatProblems(data.error())};
  }
  Result<RegisterHistory> history = BuildRegisterHistory(*data);
  if (!history) return history.error();
  StoredRegister applied;
  applied.release = RegisterReleaseText(*data);
  if (Result<std::monostate> done = applied.registry.ApplyAll(history->events); !done) {
    return Error{
        "lịch sử đơn vị từ sổ đăng ký không hợp lệ (the register's history does not "
        "apply): " +
        done.error().message};
  }
  if (history_out != nullptr) *history_out = std::move(*history);
  return applied;
}

StoreStatus WriteRegister(Store& store, const RegisterHistory& history, StoredRegister& applied) {
  std::vector<UnitRecord> records;
  std::vector<UnitId> local_ids;
  records.reserve(applied.registry.units().size());
  for (const auto& [id, unit] : applied.registry.units()) {
    records.push_back(LatestRecord(unit));
    local_ids.push_back(id);
  }
  StoreResult<std::vector<int64_t>> ids = store.CreateUnits(records);
  if (!ids) return ids.error();
  applied.store_ids.clear();
  for (size_t i = 0; i < local_ids.size(); ++i)
    applied.store_ids[local_ids[i]] = (*ids)[i];
  std::vector<UnitEvent> events;
  events.reserve(history.events.size());
  const auto map = [&](UnitId id) { return applied.store_ids.at(id); };
  for (const UnitEventValue& event : history.events) {
    const UnitEventValue stored = WithUnitIds(event, map);
    events.push_back(UnitEvent{0, EventDate(stored).ToString(), std::string(EventKey(stored)),
                               UnitEventPayloadJson(stored)});
  }
  return store.AddUnitEvents(events);
}

}  // namespace kieumau::admin_register
