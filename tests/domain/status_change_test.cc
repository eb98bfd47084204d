// Status changes (R-ST-1, R-ST-2, R-ST-3, R-ST-4, R-ST-5, R-ST-6, R-ST-7): the types' statuses,
// inputs, proofs and the stage rules, as tables of cases.

#include "domain/status_change.h"

#include <gtest/gtest.h>

#include "domain/policy.h"

namespace xueji::domain {
namespace {

using S = StudentStatus;

Date D(const char* text) { return *ParseDate(text); }
const Date kToday = D("2026-03-10");

struct Case {
  const char* name;
  StatusChangeInput in;
  StatusChangeSubject subject;
  const char* code;  // "" = accepted
  const char* message_part = "";
};

StatusChangeInput Input(const char* type, const char* effective = "2026-03-09",
                        const char* until = "", const char* grade = "", int64_t class_id = 0) {
  StatusChangeInput in;
  in.type = type;
  in.reason = "监护人申请";
  if (*effective) in.effective_date = D(effective);
  if (*until) in.until_date = D(until);
  in.grade_code = grade;
  in.class_id = class_id;
  return in;
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = CheckStatusChange(c.in, c.subject, kToday);
    if (*c.code == '\0') {
      EXPECT_TRUE(s.ok()) << s.error().code << " " << s.error().message;
      continue;
    }
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, c.code) << s.error().message;
    EXPECT_NE(s.error().message.find(c.message_part), std::string::npos) << s.error().message;
  }
}

TEST(StatusChange, R_ST_1_every_type_of_the_policy_has_a_rule_and_a_label) {
  EXPECT_EQ(StatusChangeRules().size(), StatusChangeTypes().size());
  for (const auto& type : StatusChangeTypes()) {
    SCOPED_TRACE(type);
    const StatusChangeRule* rule = FindStatusChangeRule(type);
    ASSERT_NE(rule, nullptr);
    EXPECT_FALSE(rule->from.empty());
    EXPECT_FALSE(rule->proofs.empty());
    EXPECT_FALSE(StatusChangeLabel(type).empty());
  }
}

TEST(StatusChange, R_ST_1_the_type_must_be_known_and_enabled) {
  struct TypeCase {
    const char* type;
    std::set<std::string> enabled;
    const char* code;
  };
  const std::vector<TypeCase> cases = {
      {"suspend", {"suspend", "resume"}, ""},
      {"expel", {"suspend", "resume"}, "STATUS_CHANGE_DISABLED"},
      {"graduate", {"suspend"}, "STATUS_CHANGE_TYPE"},
      {"", {"suspend"}, "STATUS_CHANGE_TYPE"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.type);
    Status s = CheckTypeEnabled(c.type, c.enabled);
    if (*c.code == '\0') {
      EXPECT_TRUE(s.ok());
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, c.code);
    }
  }
  Status disabled = CheckTypeEnabled("expel", {"suspend"});
  EXPECT_NE(disabled.error().message.find("开除"), std::string::npos);
  EXPECT_NE(disabled.error().message.find("R-ST-1"), std::string::npos);
}

TEST(StatusChange, R_ST_1_each_type_needs_its_proofs) {
  struct ProofCase {
    const char* type;
    std::vector<ProofKind> provided;
    const char* missing;  // "" = complete
  };
  using P = ProofKind;
  const std::vector<ProofCase> cases = {
      {"suspend", {P::kGuardianApplication}, ""},
      {"suspend", {P::kMedicalCertificate}, "监护人书面申请"},
      {"abroad", {}, "出国（境）有效证件"},
      {"abroad", {P::kTravelDocument, P::kOther}, ""},
      {"death", {P::kGuardianApplication}, "死亡证明"},
      {"drop_out", {P::kDropoutReport}, ""},
      {"expel", {P::kGuardianApplication}, "学校处分决定"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.type);
    Status s = CheckStatusChangeProofs(*FindStatusChangeRule(c.type), c.provided);
    if (*c.missing == '\0') {
      EXPECT_TRUE(s.ok()) << s.error().message;
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, "PROOF_MISSING");
      EXPECT_EQ(s.error().kind, ErrorKind::kRuleViolation);
      EXPECT_NE(s.error().message.find(c.missing), std::string::npos) << s.error().message;
    }
  }
}

TEST(StatusChange, R_ST_2_suspension_at_most_one_year_and_resumption_into_a_chosen_grade) {
  const StatusChangeSubject enrolled{S::kEnrolled, "12"};
  const StatusChangeSubject suspended{S::kSuspended, "12"};
  RunCases({
      {"one year exactly", Input("suspend", "2026-03-01", "2027-03-01"), enrolled, ""},
      {"one day too long", Input("suspend", "2026-03-01", "2027-03-02"), enrolled,
       "SUSPEND_TOO_LONG", "至多到2027-03-01"},
      {"until before start", Input("suspend", "2026-03-01", "2026-02-01"), enrolled,
       "UNTIL_BEFORE_START", "2026-02-01"},
      {"no until date", Input("suspend", "2026-03-01"), enrolled, "UNTIL_DATE_REQUIRED"},
      {"no start date", Input("suspend", "", "2026-09-01"), enrolled, "EFFECTIVE_DATE_REQUIRED"},
      {"extension while suspended", Input("suspend", "2027-03-02", "2028-03-01"), suspended, ""},
      {"extension over a year", Input("suspend", "2027-03-02", "2028-03-03"), suspended,
       "SUSPEND_TOO_LONG", "2028-03-02"},
      {"suspend a dropout",
       Input("suspend", "2026-03-01", "2026-09-01"),
       {S::kDroppedOut, "12"},
       "STATUS_CHANGE_FROM",
       "「辍学」"},
      {"resume into grade 13", Input("resume", "2026-03-09", "", "13", 7), suspended, ""},
      {"resume from 停学", Input("resume", "2026-03-09", "", "12", 7), {S::kStopped, "12"}, ""},
      {"resume while enrolled", Input("resume", "2026-03-09", "", "12", 7), enrolled,
       "STATUS_CHANGE_FROM", "「在籍在读」"},
      {"resume without grade", Input("resume"), suspended, "GRADE_REQUIRED", "R-ST-2"},
      {"resume into unknown grade", Input("resume", "2026-03-09", "", "19", 7), suspended,
       "GRADE_UNKNOWN"},
      {"resume without class", Input("resume", "2026-03-09", "", "13"), suspended,
       "CLASS_REQUIRED"},
  });
}

TEST(StatusChange, R_ST_2_the_limit_of_a_suspension_from_29_february) {
  EXPECT_EQ(SuspensionLimit(D("2028-02-29")), D("2029-02-28"));
  EXPECT_EQ(SuspensionLimit(D("2026-09-01")), D("2027-09-01"));
}

TEST(StatusChange, R_ST_3_abroad_from_enrolled_and_back_to_the_same_record) {
  RunCases({
      {"abroad", Input("abroad"), {S::kEnrolled, "21"}, ""},
      {"abroad while suspended",
       Input("abroad"),
       {S::kSuspended, "21"},
       "STATUS_CHANGE_FROM",
       "R-ST-3"},
      {"back", Input("back_from_abroad"), {S::kAbroad, "21"}, ""},
      {"back into a chosen grade",
       Input("back_from_abroad", "2026-03-09", "", "22", 3),
       {S::kAbroad, "21"},
       ""},
      {"back with a grade but no class",
       Input("back_from_abroad", "2026-03-09", "", "22"),
       {S::kAbroad, "21"},
       "CLASS_REQUIRED"},
      {"back while enrolled",
       Input("back_from_abroad"),
       {S::kEnrolled, "21"},
       "STATUS_CHANGE_FROM",
       "「在籍在读」"},
  });
  EXPECT_EQ(FindStatusChangeRule("back_from_abroad")->to, S::kEnrolled);
}

TEST(StatusChange, R_ST_4_death_with_its_date_not_in_the_future) {
  RunCases({
      {"yesterday", Input("death", "2026-03-09"), {S::kEnrolled, "11"}, ""},
      {"while abroad", Input("death", "2026-01-09"), {S::kAbroad, "11"}, ""},
      {"tomorrow",
       Input("death", "2026-03-11"),
       {S::kEnrolled, "11"},
       "DEATH_DATE_FUTURE",
       "2026-03-11"},
      {"no date", Input("death", ""), {S::kEnrolled, "11"}, "EFFECTIVE_DATE_REQUIRED", "死亡日期"},
      {"already withdrawn",
       Input("death"),
       {S::kWithdrawn, "31"},
       "STATUS_CHANGE_FROM",
       "「退学」"},
  });
  EXPECT_EQ(kDeathReportWorkingDays, 10);
}

TEST(StatusChange, R_ST_5_dropout_only_in_compulsory_stages) {
  RunCases({
      {"一年级", Input("drop_out"), {S::kEnrolled, "11"}, ""},
      {"九年级", Input("drop_out"), {S::kEnrolled, "23"}, ""},
      {"高一", Input("drop_out"), {S::kEnrolled, "31"}, "DROPOUT_NOT_COMPULSORY", "高一（高中）"},
      {"twice", Input("drop_out"), {S::kDroppedOut, "11"}, "STATUS_CHANGE_FROM", "「辍学」"},
  });
  EXPECT_EQ(FindStatusChangeRule("drop_out")->to, S::kDroppedOut);
  EXPECT_TRUE(IsOnRoll(S::kDroppedOut));  // the record is kept
}

TEST(StatusChange, R_ST_6_refuses_withdrawal_and_expulsion_in_compulsory_stages) {
  RunCases({
      {"退学 一年级",
       Input("withdraw"),
       {S::kEnrolled, "11"},
       "COMPULSORY_NO_WITHDRAWAL",
       "一年级（小学）"},
      {"退学 八年级",
       Input("withdraw"),
       {S::kEnrolled, "22"},
       "COMPULSORY_NO_WITHDRAWAL",
       "R-ST-6"},
      {"开除 六年级",
       Input("expel"),
       {S::kSuspended, "16"},
       "COMPULSORY_NO_WITHDRAWAL",
       "不能办理开除"},
      {"退学 高二", Input("withdraw"), {S::kEnrolled, "32"}, ""},
      {"开除 高三", Input("expel"), {S::kEnrolled, "33"}, ""},
  });
}

TEST(StatusChange, R_ST_2_a_return_into_another_class_needs_a_free_seat) {
  struct Case {
    int cap, size;
    bool fits;
  };
  for (const Case& c : {Case{45, 44, true}, Case{45, 45, false}, Case{30, 31, false}}) {
    SCOPED_TRACE(std::to_string(c.cap) + "/" + std::to_string(c.size));
    Status s = CheckReturnClassRoom(c.cap, c.size);
    EXPECT_EQ(s.ok(), c.fits);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "CLASS_FULL");
      EXPECT_NE(s.error().message.find("班额上限 " + std::to_string(c.cap) + " 人"),
                std::string::npos);
    }
  }
}

}  // namespace
}  // namespace xueji::domain
