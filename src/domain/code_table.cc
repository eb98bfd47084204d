#include "domain/code_table.h"

#include <algorithm>
#include <set>
#include <utility>

#include "domain/school.h"

namespace xueji::domain {

CodeTable::CodeTable(std::string id, std::string name, std::vector<CodeValue> values)
    : id_(std::move(id)), name_(std::move(name)), values_(std::move(values)) {
  by_code_.resize(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) by_code_[i] = static_cast<uint32_t>(i);
  std::stable_sort(by_code_.begin(), by_code_.end(),
                   [this](uint32_t a, uint32_t b) { return values_[a].code < values_[b].code; });
}

// The first value with this code in the table's order, as a scan finds it.
const CodeValue* CodeTable::Find(std::string_view code) const {
  auto it = std::lower_bound(
      by_code_.begin(), by_code_.end(), code,
      [this](uint32_t i, std::string_view c) { return std::string_view(values_[i].code) < c; });
  if (it == by_code_.end() || values_[*it].code != code) return nullptr;
  return &values_[*it];
}

// R-INFO-4
Status CodeTable::Validate(std::string_view code, std::string_view field) const {
  if (Find(code) == nullptr) {
    return Invalid("CODE_VALUE", std::string(field), name_ + "代码无效：" + std::string(code));
  }
  return Ok();
}

// R-INFO-4, R-SPEC-2025
Status CodeTable::ValidateForNew(std::string_view code, std::string_view field) const {
  const CodeValue* v = Find(code);
  if (v == nullptr) return Validate(code, field);
  if (v->historical) {
    return Invalid(
        "CODE_VALUE_HISTORICAL", std::string(field),
        name_ + "代码" + v->code + "（" + v->name + "）已停用，仅保留用于历史记录，请选择其他代码");
  }
  return Ok();
}

Status ValidateCodeFormat(std::string_view code, std::string_view field) {
  bool ok = !code.empty() && code.size() <= static_cast<size_t>(kMaxCodeLength);
  for (char c : code) ok = ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
  if (!ok) {
    return Invalid("CODE_FORMAT", std::string(field),
                   "代码应为1到" + std::to_string(kMaxCodeLength) + "位数字或大写字母");
  }
  return Ok();
}

Status ValidateCodeName(std::string& name, std::string_view field) {
  name = TrimSpaces(name);
  int len = Utf8Length(name);
  if (len < 0) return Invalid("TEXT_ENCODING", std::string(field), "代码名称含有无效字符");
  if (len == 0) return Invalid("REQUIRED", std::string(field), "代码名称不能为空");
  if (len > kMaxCodeNameLength) {
    return Invalid("TOO_LONG", std::string(field),
                   "代码名称不能超过" + std::to_string(kMaxCodeNameLength) + "个字符");
  }
  return Ok();
}

bool IsCodeTableId(std::string_view id) {
  if (id.empty() || id.size() > 32 || id.front() < 'a' || id.front() > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// R-INFO-4
Result<std::vector<CodeValue>> ParseCodeTableRows(const std::vector<std::vector<std::string>>& rows,
                                                  std::string_view file) {
  std::string prefix = "代码表文件 " + std::string(file) + " ";
  auto fail = [&](size_t line, const std::string& what) {
    return Invalid("CODE_TABLE_FILE", "", prefix + "第" + std::to_string(line) + "行：" + what);
  };
  if (rows.empty() || rows[0] != std::vector<std::string>{"code", "name", "historical"}) {
    return fail(1, "表头应为 code,name,historical");
  }
  std::vector<CodeValue> values;
  std::set<std::string> seen;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    size_t line = i + 1;
    if (r.size() != 3) return fail(line, "应有3列");
    Status code_ok = ValidateCodeFormat(r[0]);
    if (!code_ok.ok()) return fail(line, code_ok.error().message + "：" + r[0]);
    if (!seen.insert(r[0]).second) return fail(line, "代码重复：" + r[0]);
    std::string name = r[1];
    Status name_ok = ValidateCodeName(name);
    if (!name_ok.ok()) return fail(line, name_ok.error().message);
    if (r[2] != "0" && r[2] != "1") return fail(line, "historical 应为0或1");
    values.push_back(CodeValue{r[0], std::move(name), r[2] == "1"});
  }
  if (values.empty()) return fail(rows.size() + 1, "没有任何代码");
  return values;
}

}  // namespace xueji::domain
