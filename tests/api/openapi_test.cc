// Every route of the router is described in /api/v1/openapi.json, and the
// description names no route that does not exist.

#include <gtest/gtest.h>

#include <set>

#include "api/api_client.h"
#include "http/router.h"
#include "service/clock.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, EveryRouteIsDocumentedAndNothingElse) {
  ApiClient c(SharedServer(store::Dialect::kSqlite).port());
  HttpResult r = c.Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = r.Json();
  ASSERT_TRUE(doc.is_object()) << "openapi.json does not parse";
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : ops.as_object()) {
      if (method == "parameters") continue;
      documented.insert(Lower(std::string(method)) + " " + std::string(path));
      EXPECT_TRUE(op.as_object().contains("responses")) << path;
    }
  }
  auto db = NewTestDatabase(store::Dialect::kSqlite);
  service::SystemClock clock;
  http::Router router(*db, clock, {});
  std::set<std::string> routed;
  for (const auto& route : router.routes()) {
    std::string key = Lower(route.method) + " " + route.pattern;
    routed.insert(key);
    EXPECT_TRUE(documented.count(key)) << "undocumented route: " << key;
  }
  for (const auto& key : documented)
    EXPECT_TRUE(routed.count(key)) << "documented but absent: " << key;
}

TEST(Server, GracefulShutdownOnSigterm) {
  TestServer server(store::Dialect::kSqlite);
  ApiClient c(server.port());
  ASSERT_EQ(c.Get("/healthz").status, 200);
  EXPECT_EQ(server.Stop(10000), 0);
}

}  // namespace
}  // namespace xueji::testing
