#include "service/clock.h"

namespace xueji::service {

domain::Instant SystemClock::Now() const {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return domain::Instant{
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()};
}

ShiftedClock::ShiftedClock(domain::Instant start)
    : start_(start), origin_(std::chrono::steady_clock::now()) {}

domain::Instant ShiftedClock::Now() const {
  auto elapsed = std::chrono::steady_clock::now() - origin_;
  return domain::Instant{start_.micros +
                         std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()};
}

}  // namespace xueji::service
