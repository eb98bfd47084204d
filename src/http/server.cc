#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "http/metrics.h"

namespace xueji::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(60);

class Session;

// Tracks open sessions so that shutdown can close the idle ones.
struct Registry {
  std::mutex mu;
  std::set<std::shared_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Router& router, const ServerOptions& options, Registry& registry,
          std::atomic<bool>& stopping)
      : stream_(std::move(socket)),
        router_(router),
        options_(options),
        registry_(registry),
        stopping_(stopping) {}

  void Start() {
    router_.metrics().ConnectionOpened();
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    client_ = ec ? "unknown" : ep.address().to_string();
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Closes the connection if it is waiting for a request; a request in
  // progress finishes first and then closes (keep-alive is turned off).
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void Read() {
    if (stopping_) return Close();
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(kReadTimeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec) {
      // Oversized or malformed requests get an answer, then the connection closes.
      int status = ec == bhttp::error::body_limit ? 413 : 400;
      std::string code = status == 413 ? "BODY_TOO_LARGE" : "BAD_REQUEST";
      std::string message = status == 413 ? "请求内容超过上限" : "请求格式错误";
      HttpResponse r = ErrorResponse(
          Error{status == 413 ? ErrorKind::kTooLarge : ErrorKind::kInvalid, code, "", message});
      return Write(std::move(r), 11, false);
    }
    busy_ = true;
    auto& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.body = std::move(req.body());
    request.client = client_;
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    bool keep_alive = req.keep_alive() && !stopping_;
    HttpResponse response = router_.Handle(request);
    Write(std::move(response), req.version(), keep_alive);
  }

  void Write(HttpResponse r, unsigned version, bool keep_alive) {
    if (r.status >= 400 && r.status != 401 && r.status != 404 && r.status != 409) {
      // Errors other than the routine ones are worth a line in the log.
      spdlog::info("{} answered {}", client_, r.status);
    }
    if (r.file_path.empty()) {
      auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
          static_cast<bhttp::status>(r.status), version);
      res->body() = std::move(r.body);
      return Send(std::move(res), r, keep_alive);
    }
    auto res = std::make_shared<bhttp::response<bhttp::file_body>>(
        static_cast<bhttp::status>(r.status), version);
    beast::error_code ec;
    res->body().open(r.file_path.c_str(), beast::file_mode::scan, ec);
    if (r.remove_file_after_open) std::remove(r.file_path.c_str());
    if (ec) {
      spdlog::error("cannot open {} for a response: {}", r.file_path, ec.message());
      return Write(ErrorResponse(Error{ErrorKind::kInternal, "INTERNAL", "", "服务器内部错误"}),
                   version, keep_alive);
    }
    Send(std::move(res), r, keep_alive);
  }

  // Sets the common headers and writes `res`; the next request is read
  // when the write is done, unless the connection is to close.
  template <class Body>
  void Send(std::shared_ptr<bhttp::response<Body>> res, const HttpResponse& r, bool keep_alive) {
    res->set(bhttp::field::server, "xueji");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("X-Frame-Options", "DENY");
    res->set("Referrer-Policy", "same-origin");
    // Element Plus sets inline styles; scripts, fonts and requests stay same-origin.
    res->set("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
             "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    for (const auto& [k, v] : r.headers) res->insert(k, v);
    res->keep_alive(keep_alive && !stopping_);
    res->prepare_payload();
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, size_t) {
                         self->busy_ = false;
                         if (ec || !res->keep_alive()) return self->Close();
                         self->Read();
                       });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    router_.metrics().ConnectionClosed();
    std::lock_guard<std::mutex> lock(registry_.mu);
    registry_.sessions.erase(shared_from_this());
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Router& router_;
  const ServerOptions& options_;
  Registry& registry_;
  std::atomic<bool>& stopping_;
  std::string client_;
  bool busy_ = false;
  bool closed_ = false;
};

}  // namespace

struct Server::Impl {
  Router& router;
  ServerOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  Registry registry;
  std::atomic<bool> stopping{false};

  Impl(Router& r, ServerOptions o) : router(r), options(std::move(o)), ioc(options.threads) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (!stopping) Accept();
        return;
      }
      auto session = std::make_shared<Session>(std::move(s), router, options, registry, stopping);
      {
        std::lock_guard<std::mutex> lock(registry.mu);
        registry.sessions.insert(session);
      }
      session->Start();
      Accept();
    });
  }

  void BeginShutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("shutting down: no new connections, finishing requests in flight");
    router.SetDraining();
    beast::error_code ec;
    acceptor.close(ec);
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard<std::mutex> lock(registry.mu);
      open.assign(registry.sessions.begin(), registry.sessions.end());
    }
    for (auto& s : open) s->Shutdown();
  }
};

Server::Server(Router& router, ServerOptions options)
    : impl_(new Impl(router, std::move(options))) {}

Server::~Server() { delete impl_; }

void Server::Run(const std::function<void(unsigned short)>& on_listening) {
  Impl& s = *impl_;
  tcp::endpoint endpoint(asio::ip::make_address(s.options.address), s.options.port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(asio::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  s.Accept();

  asio::signal_set signals(s.ioc, SIGINT, SIGTERM);
  signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.BeginShutdown();
  });
  on_listening(s.acceptor.local_endpoint().port());

  // The work guard keeps threads alive until draining is done.
  auto guard = asio::make_work_guard(s.ioc);
  std::vector<std::thread> threads;
  for (int i = 0; i < s.options.threads; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  // Wait for a stop request, then for the sessions to drain.
  while (!s.stopping) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(s.options.drain_seconds);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(s.registry.mu);
      if (s.registry.sessions.empty()) break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      spdlog::warn("shutdown: connections still open after {} s; closing", s.options.drain_seconds);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  guard.reset();
  s.ioc.stop();
  for (auto& t : threads) t.join();
  spdlog::info("stopped");
}

}  // namespace xueji::http
