#include "engine/format.h"

#include <charconv>
#include <cmath>

namespace kieumau {

void AppendNumberVi(std::string& out, double value) {
  char buffer[40];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    out.append(buffer, end);
    return;
  }
  if (!std::isfinite(value) || std::fabs(value) >= 1e13) {
    out += fmt::format("{}", value);
    return;
  }
  // Hundredths, rounded half away from zero; then the whole part, a comma and the digits that are
  // not 0.
  const long long hundredths = std::llround(value * 100);
  if (hundredths == 0) {
    out += '0';
    return;
  }
  if (hundredths < 0) out += '-';
  const unsigned long long magnitude = static_cast<unsigned long long>(std::llabs(hundredths));
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, magnitude / 100);
  out.append(buffer, end);
  const unsigned fraction = static_cast<unsigned>(magnitude % 100);
  if (fraction == 0) return;
  out += ',';
  out += static_cast<char>('0' + fraction / 10);
  if (fraction % 10 != 0) out += static_cast<char>('0' + fraction % 10);
}

std::string FormatNumberVi(double value) {
  std::string text;
  AppendNumberVi(text, value);
  return text;
}

void AppendPointsVi(std::string& out, Points points) {
  const int64_t quarters = points.quarters();
  if (quarters < 0) out += '-';
  const uint64_t magnitude = static_cast<uint64_t>(quarters < 0 ? -quarters : quarters);
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, magnitude / 4);
  out.append(buffer, end);
  static constexpr std::string_view kFractions[] = {"", ",25", ",5", ",75"};
  out += kFractions[magnitude % 4];
}

std::string FormatPointsVi(Points points) {
  std::string text;
  AppendPointsVi(text, points);
  return text;
}

void AppendScoreVi(std::string& out, Points points, Points max) {
  AppendPointsVi(out, points);
  out += '/';
  AppendPointsVi(out, max);
}

std::string FormatScoreVi(Points points, Points max) {
  std::string text;
  AppendScoreVi(text, points, max);
  return text;
}

}  // namespace kieumau
