// A record's history and the record as of a past date, on both backends
// (R-CHG-1, R-CHG-4, R-SEC-2, R-SEC-3).

#include "service/student_history.h"

#include <gtest/gtest.h>

#include "service/audit.h"
#include "service/province_fields.h"
#include "service/student_changes.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

domain::Date D(const char* text) { return *domain::ParseDate(text); }

// The record's registration took place on 2026-09-10 (StudentFixture::now_).
class StudentHistory : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    auto r = Register(As("school_registrar"), As("school_approver"), As("nanming_registrar"),
                      "5201020001", "52010220190901123X");
    ASSERT_TRUE(r.ok());
    id_ = r->student_id;
  }
  Context At(const std::string& username, const char* instant) {
    Context ctx = As(username);
    ctx.now = *domain::ParseInstant(instant);
    return ctx;
  }
  void Edit(const char* instant, const StudentPatch& patch) {
    auto r = EditStudent(*db_, At("school_registrar", instant), id_, patch, "核对更正");
    ASSERT_TRUE(r.ok()) << r.error().field << " " << r.error().message;
  }
  domain::StudentInput AsOf(const char* date) {
    auto r = StudentAsOf(*db_, As("school_registrar"), id_, D(date));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->record : domain::StudentInput{};
  }
  // R-SPEC-2025: a 非基础信息 field of 贵州 (520000).
  void DefineField(const std::string& name, const std::string& label, const std::string& kind) {
    ASSERT_TRUE(
        SaveProvinceField(*db_, As("gz_registrar"), Org("520000"), {name, label, kind}).ok());
  }
  int64_t Audited(const std::string& action) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action})->Int(0);
  }
  int64_t id_ = 0;
};

std::vector<std::string> Fields(const std::vector<domain::FieldChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.field);
  return out;
}

TEST_P(StudentHistory, R_CHG_4_before_and_after_a_change_differ_exactly_in_that_field) {
  Edit("2026-10-01T09:00:00+08:00", {{{"phone", "13908511111"}}});
  Edit("2026-11-15T09:00:00+08:00", {{{"address", "贵阳市南明区新华路1号"}, {"name", "王晓明"}}});
  struct Case {
    const char* before;
    const char* after;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"2026-09-10", "2026-09-30", {}},
      {"2026-09-30", "2026-10-01", {"phone"}},
      {"2026-10-01", "2026-11-14", {}},
      {"2026-11-14", "2026-11-15", {"name", "address"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.before) + " → " + c.after);
    EXPECT_EQ(Fields(DiffRecords(AsOf(c.before), AsOf(c.after))), c.fields);
  }
  EXPECT_EQ(AsOf("2026-09-30").phone, "13808510000");
  EXPECT_EQ(AsOf("2026-10-01").phone, "13908511111");
  // The day of registration is the record as submitted; today's is the current one.
  domain::StudentInput current;
  {
    auto tx = db_->BeginRead();
    current = LoadStoredStudent(*tx, id_)->record;
  }
  EXPECT_TRUE(DiffRecords(AsOf("2030-01-01"), current).empty());
  EXPECT_EQ(AsOf("2026-09-10").name, "王小明");
}

TEST_P(StudentHistory, R_CHG_4_days_end_at_midnight_China_Standard_Time) {
  // 23:30 CST on 10-01 is 15:30 UTC; 00:30 CST on 10-02 is still 10-01 in UTC.
  Edit("2026-10-01T23:30:00+08:00", {{{"phone", "13908511111"}}});
  Edit("2026-10-01T16:30:00Z", {{{"phone", "13908512222"}}});
  EXPECT_EQ(AsOf("2026-09-30").phone, "13808510000");
  EXPECT_EQ(AsOf("2026-10-01").phone, "13908511111");
  EXPECT_EQ(AsOf("2026-10-02").phone, "13908512222");
}

TEST_P(StudentHistory, R_CHG_4_family_members_and_class_are_rebuilt) {
  auto tx = db_->BeginRead();
  auto original = LoadStoredStudent(*tx, id_)->record;
  int64_t second_class = tx->QueryOne(
                               "SELECT MAX(id) FROM school_class WHERE school_code = '5201020001' "
                               "AND grade_code = '11'")
                             ->Int(0);
  tx.reset();
  auto guardians = original.guardians;
  domain::GuardianInput mother = guardians[0];
  mother.name = "李芳";
  mother.relation = "52";
  guardians.push_back(mother);
  Edit("2026-10-01T09:00:00+08:00", {{}, second_class, guardians});
  guardians.erase(guardians.begin());
  Edit("2026-10-02T09:00:00+08:00", {{}, std::nullopt, guardians});

  auto first = AsOf("2026-09-30");
  EXPECT_TRUE(DiffRecords(original, first).empty());
  auto both = AsOf("2026-10-01");
  ASSERT_EQ(both.guardians.size(), 2u);
  EXPECT_EQ(both.guardians[1].name, "李芳");
  EXPECT_EQ(both.class_id, second_class);
  auto mother_only = AsOf("2026-10-02");
  ASSERT_EQ(mother_only.guardians.size(), 1u);
  EXPECT_EQ(mother_only.guardians[0].name, "李芳");
  EXPECT_EQ(mother_only.guardians[0].relation, "52");
}

TEST_P(StudentHistory, R_CHG_4_before_the_record_existed_is_not_found) {
  auto r = StudentAsOf(*db_, As("school_registrar"), id_, D("2026-09-09"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(r.error().message.find("尚未建立"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("2026-09-10"), std::string::npos) << r.error().message;
  EXPECT_EQ(StudentAsOf(*db_, As("yunyan_registrar"), id_, D("2026-09-10")).error().kind,
            ErrorKind::kNotFound);
}

TEST_P(StudentHistory, R_CHG_1_history_lists_every_change_with_who_when_why_masked) {
  Edit("2026-10-01T09:00:00+08:00",
       {{{"id_number", "520102201909011352"}, {"phone", "13908511111"}}});
  auto all = ListStudentHistory(*db_, As("school_approver"), id_);
  ASSERT_TRUE(all.ok()) << all.error().message;
  // The registration's own transitions are in the history too (R-CHG-4).
  std::vector<HistoryEntry> edits;
  bool activation = false;
  for (const auto& e : *all) {
    if (e.field == "registration") {
      activation = activation || e.new_value == "active";
    } else if (e.field != "status" && e.field != "student_number") {
      edits.push_back(e);
    }
  }
  EXPECT_TRUE(activation);
  const std::vector<HistoryEntry>* h = &edits;
  ASSERT_EQ(h->size(), 2u);
  const HistoryEntry& id = (*h)[0];
  EXPECT_EQ(id.field, "id_number");
  EXPECT_EQ(id.label, "身份证件号");
  EXPECT_EQ(id.old_value, "520102********123X");  // R-SEC-3
  EXPECT_EQ(id.new_value, "520102********1352");
  EXPECT_EQ(id.actor, "school_registrar");
  EXPECT_EQ(id.reason, "核对更正");
  EXPECT_EQ(id.at, *domain::ParseInstant("2026-10-01T09:00:00+08:00"));
  EXPECT_FALSE(id.request_id.has_value());
  EXPECT_EQ((*h)[1].old_value, "13808510000");
  EXPECT_EQ(ListStudentHistory(*db_, As("sysadmin"), id_).error().kind, ErrorKind::kForbidden);
}

TEST_P(StudentHistory, R_SEC_2_history_and_past_views_are_audited) {
  ASSERT_TRUE(ListStudentHistory(*db_, As("school_registrar"), id_).ok());
  ASSERT_TRUE(StudentAsOf(*db_, As("nanming_registrar"), id_, D("2026-09-10")).ok());
  EXPECT_EQ(Audited("student.history_view"), 1);
  EXPECT_EQ(Audited("student.as_of_view"), 1);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
}

StudentPatch ExtraPatch(std::map<std::string, std::string> extra) {
  StudentPatch patch;
  patch.extra = std::move(extra);
  return patch;
}

TEST_P(StudentHistory, R_CHG_4_R_SPEC_2025_province_values_are_rebuilt_as_they_stood) {
  DefineField("boarding", "是否寄宿", "yes_no");
  DefineField("bus_route", "乘车路线", "text");
  Edit("2026-10-01T09:00:00+08:00", ExtraPatch({{"boarding", "1"}}));
  Edit("2026-10-02T09:00:00+08:00", ExtraPatch({{"boarding", "0"}, {"bus_route", "2路"}}));
  Edit("2026-10-03T09:00:00+08:00", ExtraPatch({{"bus_route", ""}}));
  using Values = std::map<std::string, std::string>;
  EXPECT_EQ(AsOf("2026-09-30").extra, Values{});
  EXPECT_EQ(AsOf("2026-10-01").extra, (Values{{"boarding", "1"}}));
  EXPECT_EQ(AsOf("2026-10-02").extra, (Values{{"boarding", "0"}, {"bus_route", "2路"}}));
  EXPECT_EQ(AsOf("2026-10-03").extra, (Values{{"boarding", "0"}}));
  EXPECT_EQ(Fields(DiffRecords(AsOf("2026-10-01"), AsOf("2026-10-02"))),
            (std::vector<std::string>{"extra.boarding", "extra.bus_route"}));
}

TEST_P(StudentHistory, R_CHG_1_R_SPEC_2025_province_value_changes_are_labelled) {
  DefineField("boarding", "是否寄宿", "yes_no");
  DefineField("shoe_size", "鞋码", "text");
  Edit("2026-10-01T09:00:00+08:00", ExtraPatch({{"boarding", "1"}, {"shoe_size", "36"}}));
  {
    // A field the province no longer defines is labelled by its name.
    auto tx = db_->BeginWrite();
    tx->Exec("DELETE FROM province_field WHERE name = 'shoe_size'");
    tx->Commit();
  }
  auto all = ListStudentHistory(*db_, As("school_registrar"), id_);
  ASSERT_TRUE(all.ok()) << all.error().message;
  std::map<std::string, std::string> labels;
  for (const auto& e : *all) labels[e.field] = e.label + " " + e.old_value + "→" + e.new_value;
  EXPECT_EQ(labels["extra.boarding"], "是否寄宿 →1");
  EXPECT_EQ(labels["extra.shoe_size"], "shoe_size →36");
}

INSTANTIATE_TEST_SUITE_P(Backends, StudentHistory, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
