#pragma once

// The HTTP/1.1 server (Boost.Beast, asynchronous, keep-alive).
//
// Threads: `threads` run the io_context; a request's handler runs on the
// thread that read it (database calls block that thread, which is why there
// are more threads than cores). Graceful shutdown: on SIGTERM or SIGINT the
// acceptor closes, idle connections are closed, requests in flight finish and
// their connections close; Run() returns once all are done or after
// `drain_seconds`.

#include <functional>
#include <string>

#include "http/router.h"

namespace xueji::http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  unsigned short port = 8080;
  int threads = 8;
  int drain_seconds = 10;
  size_t max_body_bytes = kMaxRawBody;  // per-route limits are checked by the router
};

class Server {
 public:
  Server(Router& router, ServerOptions options);
  ~Server();

  // Binds, then calls on_listening(port) once accepting (port is the real one
  // when options.port was 0), and serves until a signal arrives.
  void Run(const std::function<void(unsigned short)>& on_listening);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace xueji::http
