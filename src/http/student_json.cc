#include "http/student_json.h"

#include "domain/id_number.h"
#include "domain/province_field.h"
#include "domain/time.h"

namespace xueji::http {
namespace {

namespace json = boost::json;

Error FieldError(const std::string& field, const std::string& code, const std::string& message) {
  return Invalid(code, field, message);
}

// Reads string fields of `obj` into `out` through the member list; every
// problem is appended to `errors` under `prefix`.
template <typename Fields, typename Target>
void ReadFields(const json::object& obj, const Fields& fields, Target& out,
                const std::string& prefix, std::vector<Error>& errors,
                std::initializer_list<std::string_view> extra) {
  for (const auto& [key, value] : obj) {
    bool known = false;
    for (const auto& f : fields) known = known || key == f.name;
    for (auto e : extra) known = known || key == e;
    if (!known) {
      errors.push_back(FieldError(prefix + std::string(key), "UNKNOWN_FIELD",
                                  "不认识的字段：" + std::string(key)));
    }
  }
  for (const auto& f : fields) {
    const json::value* v = obj.if_contains(f.name);
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_string()) {
      errors.push_back(
          FieldError(prefix + f.name, "WRONG_TYPE", std::string(f.label) + "应为文本"));
    } else if (v->as_string().size() > 2000) {
      errors.push_back(FieldError(prefix + f.name, "TOO_LONG", std::string(f.label) + "过长"));
    } else {
      out.*f.member = std::string(v->as_string());
    }
  }
}

// R-SPEC-2025: `extra` is an object of the province's field names to strings.
void ReadExtra(const json::object& body, domain::StudentInput& s, std::vector<Error>& errors) {
  const json::value* extra = body.if_contains("extra");
  if (extra == nullptr || extra->is_null()) return;
  if (!extra->is_object() || extra->as_object().size() > domain::kMaxProvinceFields) {
    errors.push_back(FieldError("extra", "WRONG_TYPE", "非基础信息应为对象（信息项→值）"));
    return;
  }
  for (const auto& [name, value] : extra->as_object()) {
    std::string field = "extra." + std::string(name);
    if (!value.is_string() || value.as_string().size() > 2000 || name.size() > 40) {
      errors.push_back(FieldError(field, "WRONG_TYPE", "非基础信息的值应为文本"));
    } else {
      s.extra[std::string(name)] = std::string(value.as_string());
    }
  }
}

}  // namespace

Result<domain::StudentInput> StudentFromJson(const json::object& body) {
  domain::StudentInput s;
  std::vector<Error> errors;
  ReadFields(body, domain::StudentFields(), s, "", errors, {"class_id", "guardians", "extra"});
  ReadExtra(body, s, errors);
  if (const json::value* c = body.if_contains("class_id"); c != nullptr && !c->is_null()) {
    if (c->is_int64() && c->as_int64() > 0) {
      s.class_id = c->as_int64();
    } else {
      errors.push_back(FieldError("class_id", "WRONG_TYPE", "班级应为班级编号"));
    }
  }
  if (const json::value* g = body.if_contains("guardians"); g != nullptr && !g->is_null()) {
    if (!g->is_array() || g->as_array().size() > domain::kMaxGuardians) {
      errors.push_back(
          FieldError("guardians", "WRONG_TYPE",
                     "家庭成员应为列表，最多" + std::to_string(domain::kMaxGuardians) + "人"));
    } else {
      for (size_t i = 0; i < g->as_array().size(); ++i) {
        std::string prefix = "guardians[" + std::to_string(i) + "].";
        const json::value& item = g->as_array()[i];
        if (!item.is_object()) {
          errors.push_back(
              FieldError(prefix.substr(0, prefix.size() - 1), "WRONG_TYPE", "家庭成员应为对象"));
          continue;
        }
        domain::GuardianInput guardian;
        ReadFields(item.as_object(), domain::GuardianFields(), guardian, prefix, errors, {});
        s.guardians.push_back(std::move(guardian));
      }
    }
  }
  if (!errors.empty()) {
    Error e = errors.front();
    e.details = std::move(errors);
    return e;
  }
  return s;
}

json::object RecordJson(const domain::StudentInput& record) {
  json::object out;
  for (const auto& f : domain::StudentFields()) {
    const std::string& value = record.*f.member;
    out[f.name] = std::string_view(f.name) == "id_number" ? domain::MaskIdNumber(value) : value;
  }
  out["class_id"] = record.class_id;
  json::array guardians;
  for (const auto& g : record.guardians) {
    json::object o;
    for (const auto& f : domain::GuardianFields()) {
      const std::string& value = g.*f.member;
      o[f.name] = std::string_view(f.name) == "id_number" ? domain::MaskIdNumber(value) : value;
    }
    guardians.push_back(std::move(o));
  }
  out["guardians"] = std::move(guardians);
  json::object extra;
  for (const auto& [name, value] : record.extra) extra[name] = value;
  out["extra"] = std::move(extra);
  return out;
}

json::object StoredStudentJson(const service::StoredStudent& s) {
  return json::object{
      {"id", s.id},
      {"student_number", s.student_number},
      {"registration", s.registration},
      {"status", s.status},
      {"school_code", s.school_code},
      {"school_name", s.school_name},
      {"authority_code", s.authority_code},
      {"class_name", s.class_name},
      {"return_reason", s.return_reason},
      {"submitted_at", domain::FormatUtc(domain::Instant{s.submitted_at})},
      {"activated_at", s.activated_at == 0
                           ? json::value(nullptr)
                           : json::value(domain::FormatUtc(domain::Instant{s.activated_at}))},
      {"updated_at", domain::FormatUtc(domain::Instant{s.updated_at})},
      {"record", RecordJson(s.record)}};
}

json::object StudentSummaryJson(const service::StudentSummary& s) {
  return json::object{{"id", s.id},
                      {"student_number", s.student_number},
                      {"name", s.name},
                      {"sex", s.sex},
                      {"birth_date", s.birth_date},
                      {"id_type", s.id_type},
                      {"id_number", s.id_number_masked},
                      {"school_code", s.school_code},
                      {"school_name", s.school_name},
                      {"grade_code", s.grade_code},
                      {"class_name", s.class_name},
                      {"registration", s.registration},
                      {"status", s.status},
                      {"updated_at", domain::FormatUtc(domain::Instant{s.updated_at})}};
}

// R-CHG-4
json::object RecordAsOfJson(const service::RecordAsOf& r) {
  return json::object{{"student_id", r.student_id},
                      {"date", domain::FormatDate(r.date)},
                      {"student_number", r.student_number},
                      {"registration", r.registration},
                      {"status", r.status},
                      {"changes_undone", r.changes_undone},
                      {"record", RecordJson(r.record)}};
}

std::string MaskedFieldValue(const std::string& field, const std::string& value) {
  bool id_field = field == "id_number" || field.ends_with("].id_number");
  return id_field && !value.empty() ? domain::MaskIdNumber(value) : value;
}

}  // namespace xueji::http
