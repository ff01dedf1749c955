#include "engine/interval.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace kieumau {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool ParseBound(std::string_view text, double* out) {
  std::string copy(Trim(text));
  if (copy.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(*out);
}

}  // namespace

Result<Interval> Interval::Parse(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return Error{
        fmt::format("khoảng \"{}\" không hợp lệ: {} (interval does not parse; write [a,b], (a,b], "
                    "[a,b), (a,b) or [a,))",
                    text, why)};
  };
  std::string_view s = Trim(text);
  if (s.size() < 3) return fail("quá ngắn");
  Interval interval;
  interval.text = std::string(text);
  if (s.front() == '[') {
    interval.lo_closed = true;
  } else if (s.front() == '(') {
    interval.lo_closed = false;
  } else {
    return fail("phải mở đầu bằng '[' hoặc '('");
  }
  if (s.back() == ']') {
    interval.hi_closed = true;
  } else if (s.back() == ')') {
    interval.hi_closed = false;
  } else {
    return fail("phải kết thúc bằng ']' hoặc ')'");
  }
  std::string_view body = s.substr(1, s.size() - 2);
  const size_t comma = body.find(',');
  if (comma == std::string_view::npos || body.find(',', comma + 1) != std::string_view::npos) {
    return fail("cần đúng một dấu phẩy giữa hai cận");
  }
  if (!ParseBound(body.substr(0, comma), &interval.lo)) return fail("cận dưới không phải là số");
  std::string_view upper = Trim(body.substr(comma + 1));
  if (upper.empty()) {
    if (interval.hi_closed) return fail("khoảng không có cận trên phải đóng bằng ')'");
    interval.unbounded = true;
    interval.hi = INFINITY;
  } else {
    if (!ParseBound(upper, &interval.hi)) return fail("cận trên không phải là số");
    if (interval.hi < interval.lo ||
        (interval.hi == interval.lo && !(interval.lo_closed && interval.hi_closed))) {
      return fail("khoảng rỗng");
    }
  }
  return interval;
}

bool Interval::Contains(double value) const {
  if (lo_closed ? value < lo : value <= lo) return false;
  if (unbounded) return true;
  return hi_closed ? value <= hi : value < hi;
}

bool Overlaps(const Interval& a, const Interval& b) {
  // a ends before b starts, or b ends before a starts?
  auto ends_before = [](const Interval& x, const Interval& y) {
    if (x.unbounded) return false;
    if (x.hi < y.lo) return true;
    return x.hi == y.lo && !(x.hi_closed && y.lo_closed);
  };
  return !ends_before(a, b) && !ends_before(b, a);
}

bool HasGapBetween(const Interval& lower, const Interval& upper, bool whole_numbers_only) {
  if (lower.unbounded) return false;
  if (lower.hi > upper.lo) return false;
  if (!whole_numbers_only) {
    if (lower.hi < upper.lo) return true;
    return !lower.hi_closed && !upper.lo_closed;  // the shared bound itself is in neither
  }
  // The smallest and largest whole numbers lying in neither interval, between them.
  const double first = lower.hi_closed ? std::floor(lower.hi) + 1 : std::ceil(lower.hi);
  const double last = upper.lo_closed ? std::ceil(upper.lo) - 1 : std::floor(upper.lo);
  return first <= last;
}

}  // namespace kieumau
