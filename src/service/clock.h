#pragma once

// Where services get "now". Rules never read a clock (domain/ takes time as a
// value); services ask the Clock they were given, so tests and `serve --now`
// can run the whole system at a chosen date without touching the machine's
// clock.

#include <chrono>
#include <memory>

#include "domain/time.h"

namespace xueji::service {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::Instant Now() const = 0;
};

// The machine's clock.
class SystemClock : public Clock {
 public:
  domain::Instant Now() const override;
};

// Starts at a given instant and advances with real time: the server behaves
// as if started at `start`. Thread-safe.
class ShiftedClock : public Clock {
 public:
  explicit ShiftedClock(domain::Instant start);
  domain::Instant Now() const override;

 private:
  domain::Instant start_;
  std::chrono::steady_clock::time_point origin_;
};

// Stands still until Set/Advance; for tests. Not thread-safe.
class ManualClock : public Clock {
 public:
  explicit ManualClock(domain::Instant now) : now_(now) {}
  domain::Instant Now() const override { return now_; }
  void Set(domain::Instant now) { now_ = now; }
  void AdvanceMinutes(int64_t minutes) { now_ = domain::AddMinutes(now_, minutes); }

 private:
  domain::Instant now_;
};

}  // namespace xueji::service
