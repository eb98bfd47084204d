#include "http/json_input.h"

namespace xueji::http {

namespace json = boost::json;

Result<json::object> ParseJsonObject(std::string_view body) {
  if (body.empty()) return json::object{};
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 16;
  json::value v = json::parse(body, ec, {}, opts);
  if (ec) return Invalid("JSON_MALFORMED", "", "请求内容不是有效的JSON");
  if (!v.is_object()) return Invalid("JSON_NOT_OBJECT", "", "请求内容应为JSON对象");
  return std::move(v.as_object());
}

Status CheckFields(const json::object& obj, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : obj) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) {
      return Invalid("UNKNOWN_FIELD", std::string(kv.key()),
                     "不支持的字段：" + std::string(kv.key()).substr(0, 64));
    }
  }
  return Ok();
}

Result<std::optional<std::string>> OptionalString(const json::object& obj, std::string_view key,
                                                  size_t max_bytes) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) {
    return Invalid("WRONG_TYPE", std::string(key), "字段" + std::string(key) + "应为字符串");
  }
  const auto& s = it->value().get_string();
  if (s.size() > max_bytes) {
    return Invalid("TOO_LONG", std::string(key), "字段" + std::string(key) + "过长");
  }
  return std::optional<std::string>(std::string(s));
}

Result<std::string> RequireString(const json::object& obj, std::string_view key, size_t max_bytes) {
  XUEJI_ASSIGN_OR_RETURN(auto value, OptionalString(obj, key, max_bytes));
  if (!value) return Invalid("REQUIRED", std::string(key), "缺少必填字段：" + std::string(key));
  return *value;
}

Result<std::optional<bool>> OptionalBool(const json::object& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<bool>();
  if (!it->value().is_bool()) {
    return Invalid("WRONG_TYPE", std::string(key),
                   "字段" + std::string(key) + "应为布尔值（true或false）");
  }
  return std::optional<bool>(it->value().get_bool());
}

Result<std::optional<int64_t>> OptionalInt(const json::object& obj, std::string_view key,
                                           int64_t min, int64_t max) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<int64_t>();
  const json::value& v = it->value();
  int64_t n;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v.get_uint64());
  } else {
    return Invalid("WRONG_TYPE", std::string(key), "字段" + std::string(key) + "应为整数");
  }
  if (n < min || n > max) {
    return Invalid("OUT_OF_RANGE", std::string(key),
                   "字段" + std::string(key) + "应在" + std::to_string(min) + "到" +
                       std::to_string(max) + "之间");
  }
  return std::optional<int64_t>(n);
}

Result<int64_t> RequireInt(const json::object& obj, std::string_view key, int64_t min,
                           int64_t max) {
  XUEJI_ASSIGN_OR_RETURN(auto value, OptionalInt(obj, key, min, max));
  if (!value) return Invalid("REQUIRED", std::string(key), "缺少必填字段：" + std::string(key));
  return *value;
}

Result<int> QueryLimit(const std::map<std::string, std::string>& query, int default_limit,
                       int max_limit) {
  auto it = query.find("limit");
  if (it == query.end()) return default_limit;
  const std::string& v = it->second;
  bool digits = !v.empty() && v.size() <= 4;
  for (char c : v) digits = digits && c >= '0' && c <= '9';
  int n = digits ? std::stoi(v) : 0;
  if (n < 1 || n > max_limit) {
    return Invalid("LIMIT_RANGE", "limit", "每页条数应在1到" + std::to_string(max_limit) + "之间");
  }
  return n;
}

Result<std::pair<bool, std::string>> DecisionBody(const boost::json::object& body) {
  XUEJI_RETURN_IF_ERROR(CheckFields(body, {"approve", "reason"}));
  XUEJI_ASSIGN_OR_RETURN(auto approve, OptionalBool(body, "approve"));
  if (!approve) return Invalid("REQUIRED", "approve", "请选择同意或不同意");
  XUEJI_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  return std::make_pair(*approve, reason.value_or(""));
}

}  // namespace xueji::http
