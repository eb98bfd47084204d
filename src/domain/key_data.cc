#include "domain/key_data.h"

#include <algorithm>
#include <cstdio>

#include "domain/student_record.h"
#include "domain/text.h"

namespace xueji::domain {
namespace {

struct KindInfo {
  ProofKind kind;
  std::string_view code;
  std::string_view chinese;
};

constexpr KindInfo kKinds[] = {
    {ProofKind::kIdCard, "id_card", "居民身份证（正反面）"},
    {ProofKind::kHukouPage, "hukou_page", "户口本页"},
    {ProofKind::kPoliceCertificate, "police_certificate", "派出所证明"},
    {ProofKind::kIdCorrectionNotice, "id_correction_notice", "公民身份号码更正告知函"},
    {ProofKind::kOther, "other", "其他证明"},
    {ProofKind::kGuardianApplication, "guardian_application", "监护人书面申请"},
    {ProofKind::kMedicalCertificate, "medical_certificate", "医疗机构证明"},
    {ProofKind::kTravelDocument, "travel_document", "出国（境）有效证件"},
    {ProofKind::kDeathCertificate, "death_certificate", "死亡证明"},
    {ProofKind::kDisciplinaryDecision, "disciplinary_decision", "学校处分决定"},
    {ProofKind::kDropoutReport, "dropout_report", "辍学书面报告"},
    {ProofKind::kTransferStatement, "transfer_statement", "监护人签字的转学理由说明"},
    {ProofKind::kRecordLocationAgreement, "record_location_agreement",
     "原学校与监护人学籍去向商定书"},
};

const KindInfo& Info(ProofKind kind) {
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) return k;
  }
  return kKinds[0];
}

std::string FieldLabel(std::string_view field) {
  for (const auto& f : StudentFields()) {
    if (f.name == field) return f.label;
  }
  return std::string(field);
}

// "户口本页或派出所证明"
std::string Alternatives(const std::vector<ProofKind>& group) {
  std::string out;
  for (ProofKind k : group) out += (out.empty() ? "" : "或") + std::string(Info(k).chinese);
  return out;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

// A strict reader of the one shape EncodeChanges writes (standard JSON
// strings, objects and whitespace).
class ChangesReader {
 public:
  explicit ChangesReader(std::string_view text) : s_(text) {}

  std::optional<std::vector<FieldChange>> Read() {
    std::vector<FieldChange> out;
    bool ok = Object([&](const std::string& field) {
      FieldChange change{field, "", ""};
      int seen = 0;
      bool inner = Object([&](const std::string& key) {
        std::optional<std::string> value = String();
        if (!value || (key != "old" && key != "new")) return false;
        (key == "old" ? change.old_value : change.new_value) = std::move(*value);
        ++seen;
        return true;
      });
      out.push_back(std::move(change));
      return inner && seen == 2;
    });
    Space();
    if (!ok || i_ != s_.size()) return std::nullopt;
    return out;
  }

 private:
  // {"key": <member>, …}; `member` reads the value after the colon.
  template <typename F>
  bool Object(F member) {
    if (!Take('{')) return false;
    if (Take('}')) return true;
    do {
      std::optional<std::string> key = String();
      if (!key || !Take(':') || !member(*key)) return false;
    } while (Take(','));
    return Take('}');
  }

  std::optional<std::string> String() {
    if (!Take('"')) return std::nullopt;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return std::nullopt;
      char e = s_[i_++];
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      if (size_t k = kFrom.find(e); k != std::string_view::npos) {
        out += kTo[k];
      } else if (e == 'u') {
        std::optional<int32_t> cp = CodeUnit();
        if (cp && *cp >= 0xD800 && *cp <= 0xDBFF && Take('\\') && Take('u')) {
          std::optional<int32_t> low = CodeUnit();
          if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
          cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
        }
        if (!cp || (*cp >= 0xD800 && *cp <= 0xDFFF)) return std::nullopt;
        AppendUtf8(out, *cp);
      } else {
        return std::nullopt;
      }
    }
    if (!Take('"')) return std::nullopt;
    return out;
  }

  std::optional<int32_t> CodeUnit() {
    if (i_ + 4 > s_.size()) return std::nullopt;
    int32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    return v;
  }

  void Space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  bool Take(char c) {
    Space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

const std::vector<std::string>& DefaultKeyFields() {
  static const std::vector<std::string> kFields = {"name", "sex", "birth_date", "id_type",
                                                   "id_number"};
  return kFields;
}

// R-CHG-2, R-POL-3
Result<std::vector<std::string>> KeyFieldSet(const std::vector<std::string>& province_fields) {
  for (const std::string& f : province_fields) {
    bool known = std::any_of(StudentFields().begin(), StudentFields().end(),
                             [&](const StudentField& s) { return s.name == f; });
    if (!known) {
      return Error{ErrorKind::kInternal, "KEY_FIELD_UNKNOWN", f,
                   "省级关键数据设置中的字段不存在：" + f};
    }
  }
  std::vector<std::string> out;
  for (const StudentField& s : StudentFields()) {
    if (Contains(DefaultKeyFields(), s.name) || Contains(province_fields, s.name)) {
      out.emplace_back(s.name);
    }
  }
  return out;
}

bool Contains(const std::vector<std::string>& fields, std::string_view field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

const std::vector<ProofKind>& AllProofKinds() {
  static const std::vector<ProofKind> kAll = {ProofKind::kIdCard,
                                              ProofKind::kHukouPage,
                                              ProofKind::kPoliceCertificate,
                                              ProofKind::kIdCorrectionNotice,
                                              ProofKind::kOther,
                                              ProofKind::kGuardianApplication,
                                              ProofKind::kMedicalCertificate,
                                              ProofKind::kTravelDocument,
                                              ProofKind::kDeathCertificate,
                                              ProofKind::kDisciplinaryDecision,
                                              ProofKind::kDropoutReport,
                                              ProofKind::kTransferStatement,
                                              ProofKind::kRecordLocationAgreement};
  return kAll;
}

std::string_view ProofKindCode(ProofKind kind) { return Info(kind).code; }
std::string_view ProofKindChinese(ProofKind kind) { return Info(kind).chinese; }

std::optional<ProofKind> ParseProofKind(std::string_view code) {
  for (const KindInfo& k : kKinds) {
    if (k.code == code) return k.kind;
  }
  return std::nullopt;
}

// R-ARC-3
ProofGroups RequiredProofs(std::string_view field) {
  using K = ProofKind;
  if (field == "sex" || field == "ethnicity") return {{K::kIdCard}};
  if (field == "name") return {{K::kIdCard}, {K::kHukouPage, K::kPoliceCertificate}};
  if (field == "id_number") {
    return {{K::kIdCard}, {K::kIdCorrectionNotice, K::kPoliceCertificate}};
  }
  return {{K::kHukouPage, K::kOther}};
}

// R-ARC-3
Status CheckProofs(const std::vector<std::string>& fields, const std::vector<ProofKind>& provided) {
  std::vector<Error> errors;
  for (const std::string& field : fields) {
    std::string missing;
    for (const auto& group : RequiredProofs(field)) {
      bool met = std::any_of(group.begin(), group.end(), [&](ProofKind k) {
        return std::find(provided.begin(), provided.end(), k) != provided.end();
      });
      if (!met) missing += (missing.empty() ? "" : "，以及") + Alternatives(group);
    }
    if (!missing.empty()) {
      errors.push_back(
          Invalid("PROOF_MISSING", field, FieldLabel(field) + "变更缺少证明材料：需要" + missing));
    }
  }
  if (errors.empty()) return Ok();
  Error e = errors.front();
  e.details = std::move(errors);
  return e;
}

Semester SemesterOf(Date date) {
  if (date.month >= 9) return {date.year, 1, {date.year, 9, 1}, {date.year + 1, 1, 31}};
  if (date.month == 1) return {date.year - 1, 1, {date.year - 1, 9, 1}, {date.year, 1, 31}};
  return {date.year - 1, 2, {date.year, 2, 1}, {date.year, 8, 31}};
}

bool IsGraduateStatus(std::string_view status) {
  return status == "graduated" || status == "completed" || status == "incomplete";
}

// R-CHG-1, R-CHG-3
DirectEdit DirectEditOf(const RecordPhase& phase, Instant now) {
  if (phase.registration == "returned") return DirectEdit::kAllFields;
  if (phase.registration != "active") return DirectEdit::kPendingDecision;
  if (IsGraduateStatus(phase.status)) return DirectEdit::kGraduated;
  if (SemesterOf(CstDate(phase.activated_at)) == SemesterOf(CstDate(now))) {
    return DirectEdit::kAllFields;
  }
  return DirectEdit::kOrdinaryFields;
}

// R-CHG-2, R-CHG-3
Status CheckRequestFields(const RecordPhase& phase, const std::vector<std::string>& fields,
                          const std::vector<std::string>& key_fields, bool entry_error) {
  if (phase.registration != "active") {
    return Conflict("RECORD_NOT_ACTIVE", "学籍尚未核准生效，请由学籍管理员直接修改或等待审核");
  }
  if (IsGraduateStatus(phase.status)) {
    if (entry_error) return Ok();
    return Error{ErrorKind::kRuleViolation, "GRADUATE_RECORD_CLOSED", "",
                 "毕业生信息不再变更；仅系统用户的录入错误可经申请更正，并须写明原因"};
  }
  std::vector<Error> errors;
  for (const std::string& f : fields) {
    if (!Contains(key_fields, f)) {
      errors.push_back(
          Invalid("NOT_KEY_FIELD", f, FieldLabel(f) + "不是关键数据，请由学籍管理员直接修改"));
    }
  }
  if (errors.empty()) return Ok();
  Error e = errors.front();
  e.details = std::move(errors);
  return e;
}

// R-CHG-2, R-NO-5
bool NeedsNationalRecheck(std::string_view student_number, std::string_view field) {
  return !student_number.empty() && student_number[0] == 'G' &&
         (field == "name" || field == "id_number");
}

std::string EncodeChanges(const std::vector<FieldChange>& changes) {
  std::string out = "{";
  for (const FieldChange& c : changes) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, c.field);
    out += ":{\"old\":";
    AppendJsonString(out, c.old_value);
    out += ",\"new\":";
    AppendJsonString(out, c.new_value);
    out += '}';
  }
  return out + "}";
}

std::optional<std::vector<FieldChange>> DecodeChanges(std::string_view json) {
  return ChangesReader(json).Read();
}

}  // namespace xueji::domain
