#include "register/register_kinds.h"

namespace kieumau::admin_register {

Level ChangeLevel(ChangeType change) {
  switch (change) {
    case ChangeType::kProvinceRenamed:
    case ChangeType::kProvinceKindChanged:
      return Level::kProvince;
    case ChangeType::kDistrictAdded:
    case ChangeType::kDistrictRemoved:
    case ChangeType::kDistrictRenamed:
    case ChangeType::kDistrictKindChanged:
      return Level::kDistrict;
    case ChangeType::kCommuneAdded:
    case ChangeType::kCommuneRemoved:
    case ChangeType::kCommuneRenamed:
    case ChangeType::kCommuneRespelt:
    case ChangeType::kCommuneKindChanged:
    case ChangeType::kCommuneMoved:
    case ChangeType::kPredecessor:
      return Level::kCommune;
  }
  return Level::kCommune;
}

std::string_view AnyKindKey(const AnyKind& kind) {
  if (const auto* province = std::get_if<ProvinceKind>(&kind)) return ProvinceKindKey(*province);
  if (const auto* district = std::get_if<DistrictKind>(&kind)) return DistrictKindKey(*district);
  return UnitKindKey(std::get<UnitKind>(kind));
}

std::string_view ProvinceKindLabel(ProvinceKind kind) {
  return kind == ProvinceKind::kTinh ? "tỉnh" : "thành phố";
}

std::string_view DistrictKindLabel(DistrictKind kind) {
  switch (kind) {
    case DistrictKind::kHuyen:
      return "huyện";
    case DistrictKind::kQuan:
      return "quận";
    case DistrictKind::kThiXa:
      return "thị xã";
    case DistrictKind::kThanhPho:
      return "thành phố";
  }
  return "?";
}

}  // namespace kieumau::admin_register
