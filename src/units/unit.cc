#include "units/unit.h"

namespace kieumau {

std::string_view LevelKey(Level level) {
  switch (level) {
    case Level::kProvince:
      return "province";
    case Level::kDistrict:
      return "district";
    case Level::kCommune:
      return "commune";
  }
  return "?";
}

std::string_view LevelLabel(Level level) {
  switch (level) {
    case Level::kProvince:
      return "cấp tỉnh";
    case Level::kDistrict:
      return "cấp huyện";
    case Level::kCommune:
      return "cấp xã";
  }
  return "?";
}

std::optional<Level> ParseLevel(std::string_view key) {
  for (Level level : {Level::kProvince, Level::kDistrict, Level::kCommune}) {
    if (LevelKey(level) == key) return level;
  }
  return std::nullopt;
}

std::string_view ShareKey(Share share) {
  return share == Share::kWhole ? "whole" : "part";
}

std::optional<Share> ParseShare(std::string_view key) {
  if (key == "whole") return Share::kWhole;
  if (key == "part") return Share::kPart;
  return std::nullopt;
}

}  // namespace kieumau
