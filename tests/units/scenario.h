// The 2025 reorganisation in miniature, shared by the units tests: provinces Bắc Ninh and Bắc Giang
// with two towns/districts each and a few wards and communes. The names are real; codes,
// populations, the dates of the rename and the change of kind, and the two ward merges are
// illustrative only, not the official lists.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "units/registry.h"

namespace kieumau::test {

inline Date D(const char* text) {
  Result<Date> date = Date::Parse(text);
  if (!date) ADD_FAILURE() << date.error().message;
  return date ? *date : Date();
}

// Provinces.
inline constexpr UnitId kBacNinh = 27;
inline constexpr UnitId kBacGiang = 24;
// Districts (district-level towns and a rural district).
inline constexpr UnitId kTpBacNinh = 256;
inline constexpr UnitId kTuSon = 261;
inline constexpr UnitId kTpBacGiang = 213;
inline constexpr UnitId kYenDung = 224;
// Wards and communes.
inline constexpr UnitId kSuoiHoa = 9178;
inline constexpr UnitId kDapCau = 9187;
inline constexpr UnitId kVuNinh = 9190;
inline constexpr UnitId kThiCau = 9193;
inline constexpr UnitId kDinhBang = 9367;
inline constexpr UnitId kDongNgan = 9370;
inline constexpr UnitId kNgoQuyen = 7207;
inline constexpr UnitId kTranPhu = 7210;
inline constexpr UnitId kDongSon = 7231;
inline constexpr UnitId kNhamBien = 7840;
inline constexpr UnitId kTanLieu = 7843;
// Formed on 2025-07-01 (illustrative): Vũ Ninh, Đáp Cầu and Thị Cầu merged; it takes Đáp Cầu's
// code.
inline constexpr UnitId kKinhBac = 100001;

inline NewUnit Province(UnitId id, std::string code, std::string name, long population) {
  return NewUnit{id,           std::move(code), std::move(name), Level::kProvince,
                 std::nullopt, std::nullopt,    population,      std::nullopt};
}

inline NewUnit District(UnitId id, std::string code, std::string name, UnitId parent) {
  return NewUnit{id,           std::move(code), std::move(name), Level::kDistrict,
                 std::nullopt, parent,          std::nullopt,    std::nullopt};
}

inline NewUnit Commune(UnitId id, std::string code, std::string name, UnitKind kind, UnitId parent,
                       std::optional<long> population = 10000,
                       std::optional<double> area_m2 = 1e6) {
  return NewUnit{id,   std::move(code), std::move(name), Level::kCommune,
                 kind, parent,          population,      area_m2};
}

// Every event of the scenario, in date order.
inline std::vector<UnitEventValue> ScenarioEvents() {
  const Date start = D("2019-01-01");
  return {
      CreateEvent{start, Province(kBacNinh, "27", "Tỉnh Bắc Ninh", 1'500'000)},
      CreateEvent{start, Province(kBacGiang, "24", "Tỉnh Bắc Giang", 1'900'000)},
      CreateEvent{start, District(kTpBacNinh, "256", "Thành phố Bắc Ninh", kBacNinh)},
      CreateEvent{start, District(kTuSon, "261", "Thị xã Từ Sơn", kBacNinh)},
      CreateEvent{start, District(kTpBacGiang, "213", "Thành phố Bắc Giang", kBacGiang)},
      CreateEvent{start, District(kYenDung, "224", "Huyện Yên Dũng", kBacGiang)},
      CreateEvent{start, Commune(kSuoiHoa, "09178", "Phường Suối Hoa", UnitKind::kPhuong,
                                 kTpBacNinh, 9000, 1.1e6)},
      CreateEvent{start, Commune(kDapCau, "09187", "Phường Đáp Cầu", UnitKind::kPhuong, kTpBacNinh,
                                 11000, 2.0e6)},
      CreateEvent{start, Commune(kVuNinh, "09190", "Phường Vũ Ninh", UnitKind::kPhuong, kTpBacNinh,
                                 16000, 3.0e6)},
      CreateEvent{start, Commune(kThiCau, "09193", "Phường Thị Cầu", UnitKind::kPhuong, kTpBacNinh,
                                 13000, 1.5e6)},
      CreateEvent{start, Commune(kDinhBang, "09367", "Phường Đình Bảng", UnitKind::kPhuong, kTuSon,
                                 30000, 8.0e6)},
      CreateEvent{start, Commune(kDongNgan, "09370", "Phường Đông Ngàn", UnitKind::kPhuong, kTuSon,
                                 14000, 2.5e6)},
      CreateEvent{start,
                  Commune(kNgoQuyen, "07207", "Phường Ngô Quyền", UnitKind::kPhuong, kTpBacGiang)},
      CreateEvent{start,
                  Commune(kTranPhu, "07210", "Phường Trần Phú", UnitKind::kPhuong, kTpBacGiang)},
      CreateEvent{start, Commune(kDongSon, "07231", "Xã Đồng Sơn", UnitKind::kXa, kTpBacGiang)},
      CreateEvent{start,
                  Commune(kNhamBien, "07840", "Thị trấn Nham Biền", UnitKind::kThiTran, kYenDung)},
      CreateEvent{start, Commune(kTanLieu, "07843", "Xã Tân Liễu", UnitKind::kXa, kYenDung)},
      // Từ Sơn became a city (thành phố) at the end of 2021.
      RenameEvent{D("2021-11-01"), kTuSon, "Thành phố Từ Sơn"},
      // Illustrative: the commune Đồng Sơn becomes a ward, keeping its identity and its values.
      ChangeKindEvent{D("2025-01-01"), kDongSon, UnitKind::kPhuong},
      RenameEvent{D("2025-01-01"), kDongSon, "Phường Đồng Sơn"},
      // 2025-07-01. Illustrative ward merges: three wards into a new one, and one ward into an
      // existing one, which continues. The new ward sits directly under the province; its
      // population and area are left to the merge (the sums of its parts).
      MergeEvent{D("2025-07-01"),
                 {kVuNinh, kDapCau, kThiCau},
                 Commune(kKinhBac, "09187", "Phường Kinh Bắc", UnitKind::kPhuong, kBacNinh,
                         /*population=*/std::nullopt, /*area_m2=*/std::nullopt)},
      MergeEvent{D("2025-07-01"), {kDongNgan}, kDinhBang},
      // The districts are abolished; their communes come directly under the provinces.
      AbolishLevelEvent{D("2025-07-01"), Level::kDistrict, std::nullopt},
      // Bắc Giang merges into Bắc Ninh, which continues.
      MergeEvent{D("2025-07-01"), {kBacGiang}, kBacNinh},
  };
}

// The registry after every event of the scenario; fails the test when one is refused.
inline UnitRegistry Scenario() {
  UnitRegistry registry;
  for (const UnitEventValue& event : ScenarioEvents()) {
    Result<std::monostate> applied = registry.Apply(event);
    if (!applied) ADD_FAILURE() << applied.error().message;
  }
  return registry;
}

}  // namespace kieumau::test
