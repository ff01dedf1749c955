#include "engine/format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace kieumau {

void AppendNumberVi(std::string& out, double value) {
  // Written into `buffer`, then appended at once.
  char buffer[40];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    out.append(buffer, static_cast<size_t>(end - buffer));
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
  char* at = buffer;
  if (hundredths < 0) *at++ = '-';
  const unsigned long long magnitude = static_cast<unsigned long long>(std::llabs(hundredths));
  at = std::to_chars(at, buffer + sizeof buffer, magnitude / 100).ptr;
  const unsigned fraction = static_cast<unsigned>(magnitude % 100);
  if (fraction != 0) {
    *at++ = ',';
    *at++ = static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) *at++ = static_cast<char>('0' + fraction % 10);
  }
  out.append(buffer, static_cast<size_t>(at - buffer));
}

std::string FormatNumberVi(double value) {
  std::string text;
  AppendNumberVi(text, value);
  return text;
}

char* PutPoints(char* at, Points points, char mark) {
  const int64_t quarters = points.quarters();
  if (quarters < 0) *at++ = '-';
  const uint64_t magnitude = static_cast<uint64_t>(quarters < 0 ? -quarters : quarters);
  const uint64_t whole = magnitude / 4;
  if (whole < 10) {  // most points are a few units: no call
    *at++ = static_cast<char>('0' + whole);
  } else {
    at = std::to_chars(at, at + 20, whole).ptr;
  }
  switch (magnitude % 4) {
    case 1:
      at[0] = mark;
      at[1] = '2';
      at[2] = '5';
      return at + 3;
    case 2:
      at[0] = mark;
      at[1] = '5';
      return at + 2;
    case 3:
      at[0] = mark;
      at[1] = '7';
      at[2] = '5';
      return at + 3;
    default:
      return at;
  }
}

void AppendPointsVi(std::string& out, Points points) {
  char buffer[24];
  out.append(buffer, static_cast<size_t>(PutPoints(buffer, points, ',') - buffer));
}

std::string FormatPointsVi(Points points) {
  std::string text;
  AppendPointsVi(text, points);
  return text;
}

void AppendScoreVi(std::string& out, Points points, Points max) {
  char buffer[56];
  char* at = PutPoints(buffer, points, ',');
  *at++ = '/';
  at = PutPoints(at, max, ',');
  out.append(buffer, static_cast<size_t>(at - buffer));
}

std::string FormatScoreVi(Points points, Points max) {
  std::string text;
  AppendScoreVi(text, points, max);
  return text;
}

}  // namespace kieumau
