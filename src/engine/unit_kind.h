// The kinds of commune-level unit a criteria set may judge (RUBRIC-FORMAT.md §1).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kieumau {

enum class UnitKind { kPhuong, kXa, kThiTran, kDacKhu };

inline constexpr std::array<UnitKind, 4> kAllUnitKinds = {UnitKind::kPhuong, UnitKind::kXa,
                                                          UnitKind::kThiTran, UnitKind::kDacKhu};

// The key used in files: phuong, xa, thi_tran, dac_khu.
std::string_view UnitKindKey(UnitKind kind);
// The Vietnamese name for people: phường, xã, thị trấn, đặc khu.
std::string_view UnitKindLabel(UnitKind kind);
std::optional<UnitKind> ParseUnitKind(std::string_view key);

}  // namespace kieumau
