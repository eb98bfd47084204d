#include "api/api_client.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "support/test_database.h"

namespace xueji::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

boost::json::value HttpResult::Json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

std::string HttpResult::ErrorCode() const {
  auto v = Json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  return std::string(v.at("error").at("code").as_string());
}

int TestServer::RunCli(const std::string& args, std::string* output) {
  std::string cmd = std::string(XUEJI_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  std::string out;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TestServer::TestServer(store::Dialect dialect) : db_url_(NewTestDatabaseUrl(dialect)) {
  std::string out;
  if (RunCli("init --db '" + db_url_ + "'", &out) != 0) throw std::runtime_error("init: " + out);
  if (RunCli("gen-data --db '" + db_url_ + "' --demo", &out) != 0) {
    throw std::runtime_error("gen-data: " + out);
  }
  Launch();
}

void TestServer::Launch() {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // The server dies with the test process, so a crashed test does not leave
    // it running (and ctest waiting for its timeout).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::string web_root = std::string(XUEJI_SOURCE_DIR) + "/web/dist";
    execl(XUEJI_BINARY, XUEJI_BINARY, "serve", "--db", db_url_.c_str(), "--port", "0", "--address",
          "127.0.0.1", "--threads", "4", "--web-root", web_root.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  // The server prints "... on http://127.0.0.1:PORT/" once it accepts.
  std::string line;
  char c;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline && read(fds[0], &c, 1) == 1) {
    if (c == '\n') break;
    line.push_back(c);
  }
  close(fds[0]);
  auto pos = line.rfind(':');
  if (pos == std::string::npos) throw std::runtime_error("server did not start: " + line);
  port_ = static_cast<unsigned short>(std::stoi(line.substr(pos + 1)));
}

int TestServer::Stop(int timeout_ms) {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  for (int waited = 0; waited < timeout_ms; waited += 10) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

void TestServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void TestServer::Restart() {
  if (pid_ > 0) throw std::logic_error("Restart: the server is still running");
  Launch();
}

TestServer::~TestServer() { Stop(); }

HttpResult ApiClient::Login(const std::string& username, const std::string& password) {
  boost::json::object body{{"username", username}, {"password", password}};
  HttpResult r = Send("POST", "/api/v1/auth/login", boost::json::serialize(body));
  if (r.status == 200) {
    auto cookie = r.headers["set-cookie"];
    cookie_ = cookie.substr(0, cookie.find(';'));
    csrf_ = std::string(r.Json().at("csrf_token").as_string());
  }
  return r;
}

HttpResult ApiClient::Send(const std::string& method, const std::string& path,
                           const std::string& body,
                           const std::map<std::string, std::string>& extra_headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), path, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!cookie_.empty()) req.set(bhttp::field::cookie, cookie_);
  if (!csrf_.empty() && method != "GET") req.set("X-CSRF-Token", csrf_);
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : extra_headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  // A server may answer (413) and stop reading before a huge body is sent:
  // the write then fails, but the response is still there to read.
  beast::error_code write_ec;
  bhttp::write(stream, req, write_ec);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buffer, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.headers[name] = std::string(f.value());
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

std::string ApiClient::SendRaw(const std::string& bytes) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  asio::write(socket, asio::buffer(bytes));
  std::string out;
  beast::error_code ec;
  std::array<char, 4096> buf;
  for (;;) {
    size_t n = socket.read_some(asio::buffer(buf), ec);
    out.append(buf.data(), n);
    if (ec || out.find("\r\n\r\n") != std::string::npos) break;
  }
  return out;
}

TestServer& SharedServer(store::Dialect dialect) {
  static std::map<store::Dialect, std::unique_ptr<TestServer>> servers;
  auto& s = servers[dialect];
  if (!s) s = std::make_unique<TestServer>(dialect);
  return *s;
}

ApiClient LoggedIn(store::Dialect dialect, const std::string& username) {
  ApiClient client(SharedServer(dialect).port());
  HttpResult r = client.Login(username, kDemoPassword);
  if (r.status != 200) throw std::runtime_error("login " + username + ": " + r.body);
  return client;
}

std::string PercentEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace xueji::testing
