#include "app/context.h"

namespace kieumau::app {

Clock SystemClock() {
  return [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
}

Context::Context(const Catalogue& catalogue, Rubrics rubrics, std::unique_ptr<StorePool> pool,
                 Clock now, std::string origin)
    : catalogue_(catalogue),
      rubrics_(std::move(rubrics)),
      pool_(std::move(pool)),
      now_(std::move(now)),
      origin_(std::move(origin)),
      cache_(
          [this] {
            StorePool::Lease store = pool_->Acquire();
            return World::Load(*store, catalogue_, rubrics_);
          },
          [this](int year) {
            StorePool::Lease store = pool_->Acquire();
            return LoadYearFacts(*store, catalogue_, year);
          }) {}

Date Context::Today() const {
  const auto days = std::chrono::floor<std::chrono::days>(now_());
  const std::chrono::year_month_day ymd(days);
  Result<Date> date =
      Date::Make(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                 static_cast<int>(static_cast<unsigned>(ymd.day())));
  return date ? *date : Date::LastDayOfYear(kMinYear);
}

std::optional<Problem> CheckYear(int year) {
  if (year < kMinYear || year > kMaxYear)
    return BadRequest("Năm " + std::to_string(year) + " nằm ngoài khoảng " +
                      std::to_string(kMinYear) + "–" + std::to_string(kMaxYear) +
                      " (year out of range)");
  return std::nullopt;
}

}  // namespace kieumau::app
