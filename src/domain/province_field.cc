#include "domain/province_field.h"

#include "domain/text.h"
#include "domain/time.h"

namespace xueji::domain {
namespace {

bool IsFieldName(const std::string& name) {
  if (name.empty() || name.size() > 40 || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Error WithDetails(std::vector<Error> errors) {
  Error e = errors.front();
  e.details = std::move(errors);
  return e;
}

// One value of `field`, normalized; an error names "extra.NAME".
Status CheckValue(const ProvinceField& field, std::string& value, const CodeLookup& codes) {
  std::string where = "extra." + field.name;
  value = TrimSpaces(FoldFullWidth(value));
  if (value.empty()) {
    if (field.required) return Invalid("REQUIRED", where, "请填写" + field.label);
    return Ok();
  }
  if (field.kind == "text") {
    int length = Utf8Length(value);
    if (length < 0) return Invalid("TEXT_ENCODING", where, field.label + "含有无效字符");
    if (length > field.max_length) {
      return Invalid("TOO_LONG", where,
                     field.label + "不能超过" + std::to_string(field.max_length) + "个字符");
    }
    return Ok();
  }
  if (field.kind == "date") {
    if (!ParseDate(value)) return Invalid("DATE_FORMAT", where, field.label + "应为有效日期");
    return Ok();
  }
  for (char& c : value) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  const CodeTable* table = codes.Table(field.kind == "yes_no" ? "yes_no" : field.code_table);
  if (table == nullptr) {
    return Error{ErrorKind::kInternal, "CODE_TABLE_MISSING", where, "代码表不存在"};
  }
  return table->ValidateForNew(value, where);
}

bool IsDefined(const std::vector<ProvinceField>& fields, const std::string& name) {
  for (const auto& f : fields) {
    if (f.name == name) return true;
  }
  return false;
}

Error UnknownField(const std::string& name) {
  return Invalid("UNKNOWN_FIELD", "extra." + name, "本省没有此信息项：" + name);
}

// A historical code `edited` holds unchanged from `stored` (R-SPEC-2025: the
// codes a record already carries stay valid on it).
bool IsUnchangedHistorical(const Error& e, const std::map<std::string, std::string>& edited,
                           const std::map<std::string, std::string>& stored) {
  if (e.code != "CODE_VALUE_HISTORICAL" || !e.field.starts_with("extra.")) return false;
  std::string name = e.field.substr(6);
  auto before = stored.find(name);
  auto after = edited.find(name);
  return before != stored.end() && after != edited.end() && before->second == after->second;
}

}  // namespace

Status ValidateProvinceField(ProvinceField& field, const CodeLookup& codes) {
  std::vector<Error> errors;
  if (!IsFieldName(field.name)) {
    errors.push_back(
        Invalid("FIELD_NAME", "name",
                "字段名应为小写英文字母开头、由小写字母、数字和下划线组成，不超过40个字符"));
  }
  field.label = TrimSpaces(FoldFullWidth(field.label));
  int label_length = Utf8Length(field.label);
  if (label_length < 1 || label_length > 50) {
    errors.push_back(Invalid("LABEL", "label", "显示名称应为1到50个字符"));
  }
  if (field.kind != "text" && field.kind != "code" && field.kind != "date" &&
      field.kind != "yes_no") {
    errors.push_back(Invalid("FIELD_KIND", "kind", "类型应为 text、code、date 或 yes_no"));
  } else if (field.kind == "code" && codes.Table(field.code_table) == nullptr) {
    errors.push_back(
        Invalid("CODE_TABLE_UNKNOWN", "code_table", "代码表不存在：" + field.code_table));
  }
  if (field.kind != "code") field.code_table.clear();
  if (field.max_length < 1 || field.max_length > 500) {
    errors.push_back(Invalid("MAX_LENGTH", "max_length", "最大长度应在1到500之间"));
  }
  if (!errors.empty()) return WithDetails(std::move(errors));
  return Ok();
}

// R-SPEC-2025
Status ValidateExtraValues(const std::vector<ProvinceField>& fields,
                           std::map<std::string, std::string>& values, const CodeLookup& codes) {
  std::vector<Error> errors;
  for (const auto& [name, value] : values) {
    if (!IsDefined(fields, name)) errors.push_back(UnknownField(name));
  }
  for (const auto& f : fields) {
    std::string& value = values[f.name];
    Status s = CheckValue(f, value, codes);
    if (!s.ok()) errors.push_back(s.error());
    if (value.empty()) values.erase(f.name);
  }
  if (!errors.empty()) return WithDetails(std::move(errors));
  return Ok();
}

std::map<std::string, std::string> TakeUndefinedValues(const std::vector<ProvinceField>& fields,
                                                       std::map<std::string, std::string>& values) {
  std::map<std::string, std::string> out;
  for (auto it = values.begin(); it != values.end();) {
    if (IsDefined(fields, it->first)) {
      ++it;
    } else {
      out.insert(*it);
      it = values.erase(it);
    }
  }
  return out;
}

// R-SPEC-2025, R-CHG-1
Status ValidateEditedExtraValues(const std::vector<ProvinceField>& fields,
                                 std::map<std::string, std::string>& edited,
                                 const std::map<std::string, std::string>& stored,
                                 const CodeLookup& codes) {
  std::vector<Error> errors;
  std::map<std::string, std::string> kept;
  for (auto& [name, value] : TakeUndefinedValues(fields, edited)) {
    value = TrimSpaces(FoldFullWidth(value));
    auto before = stored.find(name);
    if (before != stored.end() && before->second == value) {
      kept.emplace(name, value);
    } else if (!value.empty()) {
      errors.push_back(UnknownField(name));
    }
  }
  if (Status s = ValidateExtraValues(fields, edited, codes); !s.ok()) {
    for (const Error& e : s.error().details) {
      if (!IsUnchangedHistorical(e, edited, stored)) errors.push_back(e);
    }
  }
  edited.merge(kept);
  if (!errors.empty()) return WithDetails(std::move(errors));
  return Ok();
}

}  // namespace xueji::domain
