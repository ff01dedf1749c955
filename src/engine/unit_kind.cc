#include "engine/unit_kind.h"

namespace kieumau {

std::string_view UnitKindKey(UnitKind kind) {
  switch (kind) {
    case UnitKind::kPhuong:
      return "phuong";
    case UnitKind::kXa:
      return "xa";
    case UnitKind::kThiTran:
      return "thi_tran";
    case UnitKind::kDacKhu:
      return "dac_khu";
  }
  return "?";
}

std::string_view UnitKindLabel(UnitKind kind) {
  switch (kind) {
    case UnitKind::kPhuong:
      return "phường";
    case UnitKind::kXa:
      return "xã";
    case UnitKind::kThiTran:
      return "thị trấn";
    case UnitKind::kDacKhu:
      return "đặc khu";
  }
  return "?";
}

std::optional<UnitKind> ParseUnitKind(std::string_view key) {
  for (UnitKind kind : kAllUnitKinds) {
    if (UnitKindKey(kind) == key) return kind;
  }
  return std::nullopt;
}

}  // namespace kieumau
