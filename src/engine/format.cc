#include "engine/format.h"

#include <fmt/format.h>

#include <cmath>

namespace kieumau {

std::string FormatNumberVi(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  std::string text = fmt::format("{:.2f}", value);
  while (!text.empty() && text.back() == '0')
    text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  if (text == "-0") text = "0";
  return text;
}

std::string FormatPointsVi(Points points) {
  const int64_t q = points.quarters();
  const int64_t whole = q / 4;
  switch (std::llabs(q % 4)) {
    case 1:
      return fmt::format("{}{},25", q < 0 && whole == 0 ? "-" : "", whole);
    case 2:
      return fmt::format("{}{},5", q < 0 && whole == 0 ? "-" : "", whole);
    case 3:
      return fmt::format("{}{},75", q < 0 && whole == 0 ? "-" : "", whole);
    default:
      return fmt::format("{}", whole);
  }
}

std::string FormatScoreVi(Points points, Points max) {
  return FormatPointsVi(points) + "/" + FormatPointsVi(max);
}

}  // namespace kieumau
