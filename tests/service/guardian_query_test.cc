// The public guardian query and transfer tracker (R-SVC-3, R-SEC-3, R-TR-2):
// what the answer holds and what it never holds, one answer for every
// mismatch, the rate limits with the clock fixed, the audit of each query,
// and the steps of a transfer with working days left on the official
// calendar (中秋 2026-09-25, 国庆 make-up Sunday 2026-09-20) — on both
// backends.

#include "service/guardian_query.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/guardian_query.h"
#include "service/business_calendar_service.h"
#include "service/workflow_requests.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

using domain::Role;

constexpr const char* kId = "52010220190901123X";

class GuardianQueryTest : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", kId);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->registration, "active");
    // R-NO-2: a temporary number until the formal batch.
    ASSERT_EQ(r->student_number.substr(0, 7), "L520102");
    number_ = r->student_number;
    student_id_ = r->student_id;
    receiving_registrar_ = NewAccount("gq_receiving_registrar", "school_registrar", "5201030001");
  }

  Context Guardian(const char* at, const std::string& client = "203.0.113.7") {
    return Context{std::nullopt, client, *domain::ParseInstant(at)};
  }
  Result<GuardianAnswer> Ask(const Context& ctx, const std::string& number,
                             const std::string& name) {
    return GuardianQuery(*db_, ctx, {number, name});
  }
  int64_t Count(const std::string& sql) {
    auto tx = db_->BeginRead();
    return tx->QueryOne(sql)->Int(0);
  }
  int64_t AuditCount() { return Count("SELECT COUNT(*) FROM audit_log"); }

  // R-TR-2: a transfer of the student from 南明区第一小学 to a 云岩区 school,
  // four approvals in any order, started by the receiving school at `at`.
  int64_t StartTransfer(const char* at) {
    Context initiator = receiving_registrar_;
    initiator.now = *domain::ParseInstant(at);
    auto owner = [this](const std::string& code, Role role) {
      return domain::StepOwner{code, Org(code).path, role};
    };
    domain::WorkflowSpec spec{
        "transfer",
        domain::StepOrder::kAnyOrder,
        {{"转入学校审核", owner("5201030001", Role::kSchoolApprover), 10},
         {"转入地学籍主管部门审核", owner("520103", Role::kCountyRegistrar), 10},
         {"转出学校审核", owner("5201020001", Role::kSchoolApprover), 10},
         {"转出地学籍主管部门审核", owner("520102", Role::kCountyRegistrar), 10}}};
    auto tx = db_->BeginWrite();
    auto calendar = LoadBusinessCalendar(*tx, 2025, 2027);
    auto started =
        domain::StartRequest(spec, initiator.actor->user_id, domain::CstDate(initiator.now),
                             [&](domain::Date d, int n) { return calendar.AddWorkingDays(d, n); });
    EXPECT_TRUE(started.ok()) << started.error().message;
    int64_t id = InsertWorkflowRequest(*tx, initiator, *started, student_id_, "{}");
    tx->Commit();
    return id;
  }
  void Decide(Context who, const char* at, int64_t id, size_t step, bool approve,
              const std::string& reason = "") {
    who.now = *domain::ParseInstant(at);
    auto tx = db_->BeginWrite();
    auto calendar = LoadBusinessCalendar(*tx, 2025, 2027);
    auto r = DecideWorkflowStep(*tx, who, id, step, approve, reason, [&](domain::Date d, int n) {
      return calendar.AddWorkingDays(d, n);
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    tx->Commit();
  }

  int64_t student_id_ = 0;
  std::string number_;  // the record's 学籍号
  Context receiving_registrar_;
};

TEST_P(GuardianQueryTest, R_SVC_3_answers_school_grade_class_status_and_the_masked_name) {
  std::string spaced_lower = "l";
  for (size_t i = 1; i < number_.size(); ++i)
    spaced_lower += (i % 4 == 0 ? " " : "") + number_.substr(i, 1);
  struct Case {
    std::string number;
    const char* name;
  };
  const Case cases[] = {
      {number_, "王小明"},
      {spaced_lower, "王小明"},
      {kId, "王 小明"},
      {"５２０１０２２０１９０９０１１２３Ｘ", "王　小明"},
  };
  int minute = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.number);
    std::string at = "2026-09-10T11:0" + std::to_string(minute++) + ":00+08:00";
    auto a = Ask(Guardian(at.c_str()), c.number, c.name);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->masked_name, "王*明");
    EXPECT_EQ(a->school_name, Org("5201020001").name);
    EXPECT_EQ(a->grade_name, "一年级");
    EXPECT_EQ(a->class_name, "1班");
    EXPECT_EQ(a->status, "enrolled");
    EXPECT_EQ(a->status_name, "在籍在读");
    EXPECT_FALSE(a->transfer.has_value());
  }
}

TEST_P(GuardianQueryTest, R_SVC_3_a_traditional_spelling_of_the_name_matches) {
  auto in = FirstGrader("5201020001", "520102201909010018");
  in.name = "张小龙";
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), in);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  ASSERT_TRUE(DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "").ok());
  auto a = Ask(Guardian("2026-09-10T11:00:00+08:00"), "520102201909010018", "張小龍");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->masked_name, "张*龙");
}

TEST_P(GuardianQueryTest, R_SVC_3_a_wrong_name_and_an_unknown_number_get_the_same_answer) {
  struct Case {
    const char* what;
    std::string number;
    const char* name;
  };
  const Case cases[] = {
      {"wrong name", number_, "王晓明"},
      {"wrong name by ID number", kId, "李小明"},
      {"unknown student number", "G520102201909010018", "王小明"},
      {"unknown ID number", "520102201909010018", "王小明"},
  };
  int minute = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    // A new client each time: the answers, not the limits, are compared.
    auto a = Ask(Guardian("2026-09-10T11:00:00+08:00", "198.51.100." + std::to_string(++minute)),
                 c.number, c.name);
    ASSERT_FALSE(a.ok());
    Error expected = domain::GuardianNoMatch();
    EXPECT_EQ(a.error().kind, expected.kind);
    EXPECT_EQ(a.error().code, expected.code);
    EXPECT_EQ(a.error().field, "");
    EXPECT_EQ(a.error().message, expected.message);
  }
}

TEST_P(GuardianQueryTest, R_SVC_3_only_registered_records_are_found) {
  // Submitted, not yet approved by the school: no 学籍号, not in the national index.
  auto in = FirstGrader("5201020001", "520102201909010018");
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"), in);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  auto a = Ask(Guardian("2026-09-10T11:00:00+08:00"), "520102201909010018", "王小明");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, "GUARDIAN_NO_MATCH");
}

TEST_P(GuardianQueryTest, R_SVC_3_bad_input_changes_nothing) {
  struct Case {
    std::string number;
    const char* name;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"", "王小明", "REQUIRED", "number"},
      {number_, "", "REQUIRED", "name"},
      {"12345", "王小明", "GUARDIAN_NUMBER_FORMAT", "number"},
      {"520102201909011230", "王小明", "ID_CHECKSUM", "number"},
      {number_, "王小明2", "NAME_CHARS", "name"},
  };
  int64_t audit = AuditCount();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.number + " " + c.name);
    auto a = Ask(Guardian("2026-09-10T11:00:00+08:00"), c.number, c.name);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, c.code);
    EXPECT_EQ(a.error().field, c.field);
  }
  EXPECT_EQ(AuditCount(), audit);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM guardian_query_attempt"), 0);
}

TEST_P(GuardianQueryTest, R_SVC_3_five_failed_tries_per_client_in_ten_minutes) {
  const char* times[] = {"10:00", "10:01", "10:02", "10:03", "10:04"};
  for (const char* t : times) {
    SCOPED_TRACE(t);
    auto a = Ask(Guardian(("2026-09-10T" + std::string(t) + ":00+08:00").c_str()), number_,
                 std::string("王") + "晓明");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, "GUARDIAN_NO_MATCH");
  }
  // The right pair is refused too while the client is over the limit.
  auto limited = Ask(Guardian("2026-09-10T10:05:00+08:00"), number_, "王小明");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(limited.error().code, "RATE_LIMITED");
  EXPECT_NE(limited.error().message.find("2026-09-10 10:10:00"), std::string::npos)
      << limited.error().message;
  // Another client asks about another number.
  EXPECT_TRUE(Ask(Guardian("2026-09-10T10:05:00+08:00", "192.0.2.1"), kId, "王小明").ok());
  // Just before the time named, still refused; at it, answered.
  EXPECT_FALSE(Ask(Guardian("2026-09-10T10:09:59+08:00"), number_, "王小明").ok());
  EXPECT_TRUE(Ask(Guardian("2026-09-10T10:10:00+08:00"), number_, "王小明").ok());
}

TEST_P(GuardianQueryTest, R_SVC_3_five_failed_tries_per_number_from_any_clients) {
  for (int i = 0; i < 5; ++i) {
    auto a = Ask(Guardian("2026-09-10T10:00:00+08:00", "198.51.100." + std::to_string(i)), number_,
                 "王晓明");
    ASSERT_EQ(a.error().code, "GUARDIAN_NO_MATCH");
  }
  auto limited = Ask(Guardian("2026-09-10T10:01:00+08:00", "192.0.2.99"), number_, "王小明");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, "RATE_LIMITED");
  // The same student by ID number is another key; another number is not limited.
  EXPECT_TRUE(Ask(Guardian("2026-09-10T10:01:00+08:00", "192.0.2.99"), kId, "王小明").ok());
  EXPECT_TRUE(Ask(Guardian("2026-09-10T10:10:00+08:00", "192.0.2.99"), number_, "王小明").ok());
}

TEST_P(GuardianQueryTest, R_SVC_3_thirty_queries_per_client_in_an_hour) {
  for (int i = 0; i < 30; ++i) {
    std::string at =
        "2026-09-10T10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00+08:00";
    ASSERT_TRUE(Ask(Guardian(at.c_str()), number_, "王小明").ok()) << i;
  }
  auto limited = Ask(Guardian("2026-09-10T10:45:00+08:00"), number_, "王小明");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, "RATE_LIMITED");
  EXPECT_NE(limited.error().message.find("2026-09-10 11:00:00"), std::string::npos)
      << limited.error().message;
  EXPECT_TRUE(Ask(Guardian("2026-09-10T11:00:00+08:00"), number_, "王小明").ok());
  // Attempts older than the longest window are pruned.
  EXPECT_TRUE(Ask(Guardian("2026-09-10T13:00:00+08:00"), number_, "王小明").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM guardian_query_attempt"), 1);
}

TEST_P(GuardianQueryTest, R_SVC_3_concurrent_failed_tries_are_counted_exactly) {
  constexpr int kThreads = 8;
  std::atomic<int> no_match{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const char* wrong[] = {"王一", "王二", "王三", "王四", "王五", "王六", "王七", "王八"};
      auto a = Ask(Guardian("2026-09-10T10:00:00+08:00"), number_, wrong[i]);
      if (!a.ok() && a.error().code == "GUARDIAN_NO_MATCH") {
        ++no_match;
      } else if (!a.ok() && a.error().code == "RATE_LIMITED") {
        ++limited;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(no_match.load(), 5);
  EXPECT_EQ(limited.load(), kThreads - 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM guardian_query_attempt"), 5);
}

TEST_P(GuardianQueryTest, R_SVC_3_every_query_is_audited_anonymously_with_the_client) {
  ASSERT_TRUE(Ask(Guardian("2026-09-10T10:00:00+08:00"), number_, "王小明").ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(Ask(Guardian("2026-09-10T10:01:00+08:00"), kId, "王晓明").ok());
  }
  ASSERT_FALSE(Ask(Guardian("2026-09-10T10:02:00+08:00"), kId, "王小明").ok());
  auto tx = db_->BeginRead();
  auto rows = tx->Query(
      "SELECT actor, org_code, subject, outcome, client, summary FROM audit_log WHERE action = "
      "'guardian.query' ORDER BY seq");
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.Text(0), "-");
    EXPECT_EQ(r.Text(4), "203.0.113.7");
  }
  EXPECT_EQ(rows[0].Text(1), "5201020001");
  EXPECT_EQ(rows[0].Text(2), std::to_string(student_id_));
  EXPECT_EQ(rows[0].Text(3), "ok");
  EXPECT_EQ(rows[1].Text(3), "GUARDIAN_NO_MATCH");
  EXPECT_EQ(rows[1].Text(2), "520102********123X");
  EXPECT_EQ(rows[1].Text(1), "");
  EXPECT_EQ(rows[1].Text(5), R"({"failures_in_window":"1"})");
  EXPECT_EQ(rows[5].Text(5), R"({"failures_in_window":"5"})");
  EXPECT_EQ(rows[6].Text(3), "RATE_LIMITED");
  EXPECT_EQ(rows[0].Text(5),
            R"({"number":")" + number_.substr(0, 7) + "********" + number_.substr(15) + "\"}");
  // R-SEC-3: the number typed is never in the log in clear.
  for (const auto& r : rows) {
    EXPECT_EQ(r.Text(2).find("20190901"), std::string::npos) << r.Text(2);
    EXPECT_EQ(r.Text(5).find("20190901"), std::string::npos) << r.Text(5);
  }
}

TEST_P(GuardianQueryTest, R_TR_2_the_tracker_shows_each_step_its_holder_and_working_days_left) {
  int64_t id = StartTransfer("2026-09-10T09:00:00+08:00");
  Decide(As("school_approver"), "2026-09-11T15:00:00+08:00", id, 2, true);
  struct Case {
    const char* at;
    int left;
  };
  // Due 2026-09-23: ten working days after 09-10, the make-up Sunday 09-20
  // counted; 中秋 (Friday 09-25) is not a working day.
  const Case cases[] = {
      {"2026-09-11T16:00:00+08:00", 9},   // 14, 15, 16, 17, 18, 20, 21, 22, 23
      {"2026-09-22T16:00:00+08:00", 1},   // due tomorrow
      {"2026-09-23T16:00:00+08:00", 0},   // due today
      {"2026-09-30T16:00:00+08:00", -4},  // 24, 28, 29, 30 past due: 逾期 4 个工作日
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at);
    auto a = Ask(Guardian(c.at, "192.0.2." + std::to_string(++n)), number_, "王小明");
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(a->transfer.has_value());
    const GuardianTransfer& t = *a->transfer;
    EXPECT_EQ(t.state, "open");
    EXPECT_EQ(t.state_name, "办理中");
    EXPECT_EQ(t.started_on, *domain::ParseDate("2026-09-10"));
    ASSERT_EQ(t.steps.size(), 4u);
    EXPECT_EQ(t.steps[0].name, "转入学校审核");
    EXPECT_EQ(t.steps[0].holder_org, Org("5201030001").name);
    EXPECT_EQ(t.steps[0].holder_role, "学校审核人");
    EXPECT_EQ(t.steps[1].holder_org, Org("520103").name);
    EXPECT_EQ(t.steps[1].holder_role, "学籍主管部门");
    EXPECT_EQ(t.steps[0].state_name, "审核中");
    EXPECT_EQ(t.steps[0].due, *domain::ParseDate("2026-09-23"));
    EXPECT_EQ(t.steps[0].working_days_left, c.left);
    EXPECT_EQ(t.steps[2].state, "approved");
    EXPECT_EQ(t.steps[2].state_name, "已同意");
    EXPECT_EQ(t.steps[2].decided_on, *domain::ParseDate("2026-09-11"));
    EXPECT_FALSE(t.steps[2].working_days_left.has_value());
  }
}

TEST_P(GuardianQueryTest, R_TR_2_a_refusal_shows_its_reason_for_thirty_days) {
  int64_t id = StartTransfer("2026-09-10T09:00:00+08:00");
  Decide(As("nanming_registrar"), "2026-09-14T09:00:00+08:00", id, 3, false,
         "转入学校所在地不是学生户籍或居住地，请补充居住证明后重新申请");
  auto a = Ask(Guardian("2026-10-13T09:00:00+08:00"), number_, "王小明");
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(a->transfer.has_value());
  EXPECT_EQ(a->transfer->state_name, "未通过");
  EXPECT_EQ(a->transfer->ended_on, *domain::ParseDate("2026-09-14"));
  const GuardianStep& refused = a->transfer->steps[3];
  EXPECT_EQ(refused.state_name, "不同意");
  EXPECT_EQ(refused.reason, "转入学校所在地不是学生户籍或居住地，请补充居住证明后重新申请");
  EXPECT_EQ(refused.decided_on, *domain::ParseDate("2026-09-14"));
  EXPECT_EQ(a->transfer->steps[0].state_name, "未审核");
  EXPECT_FALSE(a->transfer->steps[0].working_days_left.has_value());
  // 30 days after it ended the tracker no longer shows it.
  auto later = Ask(Guardian("2026-10-14T09:00:01+08:00"), number_, "王小明");
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->transfer.has_value());
}

TEST_P(GuardianQueryTest, R_TR_2_an_open_transfer_comes_before_one_that_ended) {
  int64_t first = StartTransfer("2026-09-10T09:00:00+08:00");
  Decide(As("nanming_registrar"), "2026-09-11T09:00:00+08:00", first, 3, false, "材料不全");
  int64_t second = StartTransfer("2026-09-14T09:00:00+08:00");
  (void)second;
  auto a = Ask(Guardian("2026-09-15T09:00:00+08:00"), number_, "王小明");
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(a->transfer.has_value());
  EXPECT_EQ(a->transfer->state, "open");
  EXPECT_EQ(a->transfer->started_on, *domain::ParseDate("2026-09-14"));
}

INSTANTIATE_TEST_SUITE_P(Backends, GuardianQueryTest, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
