#pragma once

// Key data (关键数据) of a student record and how they may change (R-CHG-2,
// R-CHG-3, R-ARC-3, R-POL-3, R-NO-5).
//
// Key data change only through a request — the guardian's application with
// proof, the school approver, then the record authority — except while a new
// student's entry errors may still be corrected as ordinary corrections (the
// first semester after activation). Graduates' data are closed. Field names
// are those of StudentFields().

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/time.h"

namespace xueji::domain {

// R-CHG-2: 姓名, 性别, 出生日期, 身份证件类型, 身份证件号.
const std::vector<std::string>& DefaultKeyFields();

// R-CHG-2, R-POL-3: the default set widened by the province's fields (data),
// in StudentFields() order. A name that is no field of the record is refused
// with KEY_FIELD_UNKNOWN (an error in the province's data, kind kInternal).
Result<std::vector<std::string>> KeyFieldSet(const std::vector<std::string>& province_fields);

bool Contains(const std::vector<std::string>& fields, std::string_view field);

// Proof materials by what they show (R-ARC-2, R-ARC-3). Codes are stable.
enum class ProofKind {
  kIdCard,              // id_card: 居民身份证 (正反面)
  kHukouPage,           // hukou_page: 户口本页 (e.g. the page with the former name)
  kPoliceCertificate,   // police_certificate: 派出所证明
  kIdCorrectionNotice,  // id_correction_notice: 公民身份号码更正告知函
  kOther,               // other: 其他证明
  // Status changes and transfers (R-ST-1, R-TR-11):
  kGuardianApplication,  // guardian_application: 监护人书面申请 (休学, 复学, 退学 …)
  kMedicalCertificate,   // medical_certificate: 医疗机构证明 (休学 for illness)
  kTravelDocument,       // travel_document: 出国（境）有效证件 (R-ST-3)
  kDeathCertificate,     // death_certificate: 死亡证明 (R-ST-4)
  kDisciplinaryDecision,  // disciplinary_decision: 学校处分决定 (开除)
  kDropoutReport,         // dropout_report: 辍学书面报告 (R-ST-5)
  kTransferStatement,     // transfer_statement: 监护人签字的转学理由说明 (R-TR-11)
  // record_location_agreement: 原学校与监护人学籍去向商定书 (R-TR-12, 专门学校)
  kRecordLocationAgreement,
};
const std::vector<ProofKind>& AllProofKinds();
std::string_view ProofKindCode(ProofKind kind);
std::string_view ProofKindChinese(ProofKind kind);
std::optional<ProofKind> ParseProofKind(std::string_view code);

// R-ARC-3: what a change of `field` needs: every group must be met by at
// least one of its kinds.
//   性别, 民族   → 身份证 (both sides)
//   姓名        → 身份证, and 户口本 page with the former name or 派出所证明
//   身份证件号   → 身份证, and 公民身份号码更正告知函 or 派出所证明
//   any other   → 户口本 page or 其他证明
using ProofGroups = std::vector<std::vector<ProofKind>>;
ProofGroups RequiredProofs(std::string_view field);

// R-ARC-3: checks the proofs of a request changing `fields`. On failure one
// PROOF_MISSING entry per field whose proofs are incomplete, each naming the
// missing kind (all listed in details).
Status CheckProofs(const std::vector<std::string>& fields, const std::vector<ProofKind>& provided);

// The semester calendar (R-YR-5) in China Standard Time (R-CAL-2): semester 1
// runs 1 September – 31 January, semester 2 1 February – 31 August. The
// school year is named by the year in which it starts.
struct Semester {
  int school_year = 0;  // 2026 for 2026-09-01 … 2027-08-31
  int number = 1;       // 1 or 2
  Date first;
  Date last;
  auto operator<=>(const Semester&) const = default;
};
Semester SemesterOf(Date date);

// R-CHG-3: 毕业, 结业, 肄业 — status codes "graduated", "completed", "incomplete".
bool IsGraduateStatus(std::string_view status);

// Which fields the school registrar may change directly in a record (R-CHG-1,
// R-CHG-3).
enum class DirectEdit {
  kAllFields,        // returned to the registrar, or a new student in the first semester
  kOrdinaryFields,   // active: key fields need a request (R-CHG-2)
  kPendingDecision,  // in registration or arbitration: unchanged until decided
  kGraduated,        // graduates' data are not changed (R-CHG-3)
};
struct RecordPhase {
  std::string registration;  // pending_school | pending_authority | active | returned | problem
  std::string status;        // the 学籍状态
  Instant activated_at;      // when registration became active
};
// R-CHG-3: a record that became active in semester S may have its entry
// errors corrected as ordinary corrections while `now` (CST) lies in S.
DirectEdit DirectEditOf(const RecordPhase& phase, Instant now);

// R-CHG-2, R-CHG-3: what a key-data request may change. On an active record
// only key fields (NOT_KEY_FIELD per other field, all in details: those are
// edited directly). A graduate's data change only to correct an error made by
// the system's users (`entry_error`, documented by the request's reason), and
// then any field may be corrected (else GRADUATE_RECORD_CLOSED). A record
// that is not active is refused with RECORD_NOT_ACTIVE (kConflict).
Status CheckRequestFields(const RecordPhase& phase, const std::vector<std::string>& fields,
                          const std::vector<std::string>& key_fields, bool entry_error);

// R-CHG-2: on a G-numbered record (formal number) a change of 姓名 or
// 身份证件号 is re-checked by national de-duplication and identity
// verification; it never takes effect as an ordinary correction.
bool NeedsNationalRecheck(std::string_view student_number, std::string_view field);

// One field of a change request: its value before and after.
struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
  bool operator==(const FieldChange&) const = default;
};

// The changes of a request as stored: {"field":{"old":"…","new":"…"},…}.
std::string EncodeChanges(const std::vector<FieldChange>& changes);
// The inverse of EncodeChanges; nullopt for text it did not write.
std::optional<std::vector<FieldChange>> DecodeChanges(std::string_view json);

}  // namespace xueji::domain
