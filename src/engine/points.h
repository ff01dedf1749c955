// Points kept as whole quarter points, so that every sum is exact (RUBRIC-FORMAT.md §5).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace kieumau {

class Points {
 public:
  constexpr Points() = default;
  static constexpr Points FromQuarters(int64_t quarters) { return Points(quarters); }

  // Returns the points for `value` when it is a finite multiple of 0.25, else nothing.
  static std::optional<Points> FromDouble(double value) {
    if (!std::isfinite(value)) return std::nullopt;
    const double quarters = value * 4.0;
    if (quarters != std::floor(quarters) || std::fabs(quarters) > 1e15) return std::nullopt;
    return Points(static_cast<int64_t>(quarters));
  }

  constexpr int64_t quarters() const { return quarters_; }
  constexpr double ToDouble() const { return static_cast<double>(quarters_) / 4.0; }
  constexpr bool IsZero() const { return quarters_ == 0; }

  constexpr Points& operator+=(Points other) {
    quarters_ += other.quarters_;
    return *this;
  }
  friend constexpr Points operator+(Points a, Points b) {
    return Points(a.quarters_ + b.quarters_);
  }
  friend constexpr auto operator<=>(Points a, Points b) = default;

 private:
  constexpr explicit Points(int64_t quarters) : quarters_(quarters) {}
  int64_t quarters_ = 0;
};

}  // namespace kieumau
