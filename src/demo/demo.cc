#include "demo/demo.h"

#include <fmt/format.h>

#include <utility>
#include <variant>

#include "demo/demo_internal.h"
#include "programme/baseline_csv.h"
#include "store/fact_checks.h"
#include "units/events_json.h"
#include "units/registry.h"

namespace kieumau::demo {
namespace {

// The ids of the units `events` create, in the order they create them.
std::vector<UnitId> CreatedIds(const std::vector<UnitEventValue>& events) {
  std::vector<UnitId> ids;
  for (const UnitEventValue& event : events) {
    if (const auto* create = std::get_if<CreateEvent>(&event)) ids.push_back(create->unit.id);
    if (const auto* merge = std::get_if<MergeEvent>(&event)) {
      if (const auto* into = std::get_if<NewUnit>(&merge->into)) ids.push_back(into->id);
    }
    if (const auto* split = std::get_if<SplitEvent>(&event)) {
      for (const NewUnit& part : split->parts)
        ids.push_back(part.id);
    }
  }
  return ids;
}

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

Error FromStore(std::string_view doing, const StoreError& error) {
  return Error{fmt::format("dữ liệu mẫu: {}: {}", doing, error.message)};
}

}  // namespace

Result<DemoData> BuildDemoData(const Catalogue& catalogue, std::span<const UnitId> ids) {
  LoadedBaseline baseline = ParseBaselineCsv(BuiltinBaselineCsv(), catalogue);
  if (!baseline.table) {
    std::string message =
        "dữ liệu mẫu: bảng số liệu gốc không đọc được với danh mục chỉ số này "
        "(the built-in baseline does not load with this catalogue)";
    for (const Diagnostic& d : baseline.diagnostics) {
      if (d.severity == Severity::kError)
        message += fmt::format("; dòng {}: {}", d.line, d.message);
    }
    return Error{std::move(message)};
  }

  Result<internal::Layout> layout = internal::MakeLayout(*baseline.table, ids);
  if (!layout) return layout.error();

  UnitRegistry registry;
  if (Result<std::monostate> applied = registry.ApplyAll(layout->events); !applied) {
    return Error{
        fmt::format("dữ liệu mẫu: sự kiện bị từ chối (internal): {}", applied.error().message)};
  }

  Result<std::vector<FactWrite>> facts = internal::MakeFacts(*layout, *baseline.table, catalogue);
  if (!facts) return facts.error();

  DemoData data;
  for (UnitId id : CreatedIds(layout->events))
    data.units.push_back(LatestRecord(*registry.Find(id)));
  data.events = std::move(layout->events);
  data.facts = std::move(*facts);
  data.recognitions = std::move(layout->recognitions);
  data.programme_yaml = std::string(BuiltinProgrammeYaml());
  return data;
}

Result<bool> SeedDemoIfEmpty(Store& store, const Catalogue& catalogue, Timestamp at) {
  StoreResult<std::vector<UnitRecord>> existing = store.ListUnits();
  if (!existing) return FromStore("đọc danh sách đơn vị (listing the units)", existing.error());
  if (!existing->empty()) return false;

  // Everything is built and checked before the first write.
  Result<DemoData> draft = BuildDemoData(catalogue);
  if (!draft) return draft.error();
  if (std::optional<StoreError> refused = CheckFactWrites(catalogue, draft->facts)) {
    return FromStore("kiểm tra số liệu (checking the facts)", *refused);
  }

  std::vector<UnitId> ids;
  for (UnitRecord record : draft->units) {
    record.id = 0;
    StoreResult<int64_t> id = store.CreateUnit(record);
    if (!id) {
      return FromStore(fmt::format("tạo đơn vị {} (creating a unit)", record.code), id.error());
    }
    ids.push_back(*id);
  }
  // The same data with the ids the store gave.
  Result<DemoData> data = BuildDemoData(catalogue, ids);
  if (!data) return data.error();

  for (const UnitEventValue& event : data->events) {
    UnitEvent stored;
    stored.date = EventDate(event).ToString();
    stored.kind = std::string(EventKey(event));
    stored.payload_json = UnitEventPayloadJson(event);
    if (StoreResult<int64_t> added = store.AddUnitEvent(stored); !added) {
      return FromStore(
          fmt::format("ghi sự kiện {} ngày {} (storing an event)", stored.kind, stored.date),
          added.error());
    }
  }
  StoreResult<PutFactsSummary> written = store.PutFacts(data->facts, kDemoActor, at);
  if (!written) return FromStore("ghi số liệu (writing the facts)", written.error());
  return true;
}

}  // namespace kieumau::demo
