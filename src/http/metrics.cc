#include "http/metrics.h"

#include <cstdio>

namespace xueji::http {

Metrics::Metrics(std::vector<std::string> route_names)
    : names_(std::move(route_names)), counters_(names_.size() + 1) {
  names_.push_back("other");
}

void Metrics::Record(size_t route_index, int status, int64_t micros) {
  if (route_index >= counters_.size()) route_index = counters_.size() - 1;
  int cls = status / 100 - 1;
  if (cls < 0 || cls > 4) cls = 4;
  counters_[route_index].by_class[cls]++;
  counters_[route_index].micros += static_cast<uint64_t>(micros < 0 ? 0 : micros);
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP xueji_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE xueji_http_requests_total counter\n";
  std::string seconds;
  seconds += "# HELP xueji_http_request_seconds_total Time spent handling requests by route.\n";
  seconds += "# TYPE xueji_http_request_seconds_total counter\n";
  for (size_t i = 0; i < counters_.size(); ++i) {
    uint64_t total = 0;
    for (int c = 0; c < 5; ++c) {
      uint64_t n = counters_[i].by_class[c].load();
      total += n;
      if (n == 0) continue;
      out += "xueji_http_requests_total{route=\"" + names_[i] + "\",code=\"" +
             std::to_string(c + 1) + "xx\"} " + std::to_string(n) + "\n";
    }
    if (total > 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6f", counters_[i].micros.load() / 1e6);
      seconds += "xueji_http_request_seconds_total{route=\"" + names_[i] + "\"} " + buf + "\n";
    }
  }
  out += seconds;
  out += "# HELP xueji_http_open_connections Open client connections.\n";
  out += "# TYPE xueji_http_open_connections gauge\n";
  out += "xueji_http_open_connections " + std::to_string(connections_.load()) + "\n";
  return out;
}

}  // namespace xueji::http
