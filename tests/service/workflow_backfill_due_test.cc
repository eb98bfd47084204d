// Migration 0020 (R-TR-2, R-CAL-1): the steps 0014 opened without an opening
// day get the day their request was submitted and the due date the stored
// business calendar gives — the same date the workflow service computes —
// on both backends. A deadline in a year the calendar lacks stays pending.

#include <gtest/gtest.h>

#include "service/workflow_requests.h"
#include "store/migrations.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

class WorkflowBackfillDue : public StudentFixture {
 protected:
  // A request submitted at `instant` with one open step as 0014 left it:
  // no opening day, no due date.
  int64_t Backfilled(const char* instant, int deadline_days) {
    auto at = domain::ParseInstant(instant);
    EXPECT_TRUE(at.has_value()) << instant;
    auto tx = db_->BeginWrite();
    int64_t user = As("school_registrar").actor->user_id;
    int64_t id =
        tx->QueryOne(
              "INSERT INTO workflow_request (type, step_order, initiator, initiator_org, state, "
              "payload, created_at) VALUES ('registration', 'in_order', $1, '5201020001', "
              "'open', '{}', $2) RETURNING id",
              {user, at.value_or(domain::Instant{}).micros})
            ->Int(0);
    tx->Exec(
        "INSERT INTO workflow_step (request_id, seq, name, owner_org, owner_path, escalate_to, "
        "owner_role, deadline_days, state) VALUES ($1, 0, '学校审核', '5201020001', $2, $3, "
        "'school_approver', $4, 'open')",
        {id, Org("5201020001").path, Org("520102").path, int64_t{deadline_days}});
    tx->Commit();
    return id;
  }

  void RunMigration() {
    for (const auto& m : store::AllMigrations()) {
      if (m.version != 20) continue;
      auto tx = db_->BeginWrite();
      tx->ExecScript(store::TranslateMigration(m.sql, tx->dialect()));
      tx->Commit();
      return;
    }
    FAIL() << "migration 0020 is missing";
  }

  std::pair<std::string, std::string> Step(int64_t id) {
    auto tx = db_->BeginRead();
    auto r = tx->QueryOne("SELECT opened_on, due FROM workflow_step WHERE request_id = $1", {id});
    return {r->OptText(0).value_or("NULL"), r->OptText(1).value_or("NULL")};
  }

  std::string Expected(const char* opened, int days) {
    auto tx = db_->BeginRead();
    auto due = StoredWorkingDays(*tx)(*domain::ParseDate(opened), days);
    return due.ok() ? domain::FormatDate(*due) : "NULL";
  }
};

TEST_P(WorkflowBackfillDue, R_TR_2_backfilled_steps_get_their_opening_day_and_due_date) {
  struct Case {
    const char* submitted;  // CST
    const char* opened;
    int days;
    const char* due;  // fixed where the calendar is known by heart
  } cases[] = {
      // 2026-09-20 (Sunday) is a 调休 workday.
      {"2026-09-10T10:00:00+08:00", "2026-09-10", 10, "2026-09-23"},
      // 23:30 UTC is the next day in China.
      {"2026-09-09T23:30:00Z", "2026-09-10", 10, "2026-09-23"},
      // 国庆 and 中秋 2026: 10-01..10-07 off, Saturday 10-10 worked.
      {"2026-09-28T09:00:00+08:00", "2026-09-28", 10, ""},
      // 春节 2026.
      {"2026-02-10T09:00:00+08:00", "2026-02-10", 5, ""},
      {"2025-12-30T09:00:00+08:00", "2025-12-30", 60, ""},
  };
  std::vector<int64_t> ids;
  for (const auto& c : cases) ids.push_back(Backfilled(c.submitted, c.days));
  // The years after 2026 are not in the calendar yet: the deadline stays pending.
  int64_t beyond = Backfilled("2026-12-20T09:00:00+08:00", 20);
  RunMigration();
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.submitted);
    auto [opened, due] = Step(ids[i]);
    EXPECT_EQ(opened, c.opened);
    std::string expected = Expected(c.opened, c.days);
    EXPECT_NE(expected, "NULL");
    EXPECT_EQ(due, expected);
    if (*c.due) {
      EXPECT_EQ(due, c.due);
    }
  }
  auto [opened, due] = Step(beyond);
  EXPECT_EQ(opened, "2026-12-20");
  EXPECT_EQ(due, "NULL");
  EXPECT_EQ(Expected("2026-12-20", 20), "NULL");
}

TEST_P(WorkflowBackfillDue, R_TR_2_steps_with_their_dates_and_decided_steps_are_left_alone) {
  int64_t id = Backfilled("2026-09-10T10:00:00+08:00", 10);
  {
    auto tx = db_->BeginWrite();
    tx->Exec("UPDATE workflow_step SET state = 'approved' WHERE request_id = $1", {id});
    tx->Commit();
  }
  RunMigration();
  EXPECT_EQ(Step(id), (std::pair<std::string, std::string>{"NULL", "NULL"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowBackfillDue,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
