#pragma once

// Counters for GET /metrics, in the Prometheus text format, kept by hand (no
// client library is packaged). Thread-safe: atomics only.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace xueji::http {

class Metrics {
 public:
  explicit Metrics(std::vector<std::string> route_names);

  // route_index == route count means "no route matched" (static files, 404s).
  void Record(size_t route_index, int status, int64_t micros);
  void ConnectionOpened() { ++connections_; }
  void ConnectionClosed() { --connections_; }
  std::string Render() const;

 private:
  struct Counter {
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::atomic<uint64_t> micros{0};
  };
  std::vector<std::string> names_;
  std::vector<Counter> counters_;
  std::atomic<int64_t> connections_{0};
};

}  // namespace xueji::http
