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
  auto result = fmt::format_to_n(buffer, sizeof buffer - 1, "{:.2f}", value);
  char* end = result.out;
  while (end > buffer && end[-1] == '0')
    --end;
  if (end > buffer && end[-1] == '.') --end;
  if (end - buffer == 2 && buffer[0] == '-' && buffer[1] == '0') {
    out += '0';
    return;
  }
  for (char* c = buffer; c < end; ++c)
    out += *c == '.' ? ',' : *c;
}

std::string FormatNumberVi(double value) {
  std::string text;
  AppendNumberVi(text, value);
  return text;
}

std::string FormatPointsVi(Points points) {
  std::string text;
  AppendNumberVi(text, points.ToDouble());
  return text;
}

void AppendScoreVi(std::string& out, Points points, Points max) {
  AppendNumberVi(out, points.ToDouble());
  out += '/';
  AppendNumberVi(out, max.ToDouble());
}

std::string FormatScoreVi(Points points, Points max) {
  std::string text;
  AppendScoreVi(text, points, max);
  return text;
}

}  // namespace kieumau
