// Export requests (R-SEC-1): filed by a school or an authority, decided only
// by the record authority above the requester, downloaded by the requester
// while valid, with full ID numbers only as approved; every step audited
// (R-SEC-2), on both backends.

#include "service/export_requests.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "domain/id_number.h"
#include "io/xlsx_probe.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

const std::string kSchool = "5201020001";

std::string Id(const std::string& sequence) {
  std::string first17 = "52010220190901" + sequence;
  return first17 + domain::IdCheckCharacter(first17);
}

class ExportRequests : public StudentFixture {
 protected:
  void SetUp() override {
    StudentFixture::SetUp();
    path_ = (std::filesystem::temp_directory_path() /
             ("xueji-svc-export-request-" + std::to_string(::getpid()) + ".xlsx"))
                .string();
    registrar_ = As("school_registrar");
    auto s = FirstGrader(kSchool, id_);
    s.name = "申小明";
    auto r = SubmitRegistration(*db_, registrar_, Org(kSchool), s);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  ExportRequestInput Input(const std::string& scope, bool full,
                           const std::string& kind = "roster") {
    return {scope, 0, kind, full, "核对营养餐补助名单", "区教育局资助中心"};
  }
  int64_t File(const Context& ctx, ExportRequestInput in) {
    auto r = CreateExportRequest(*db_, ctx, in);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->id : 0;
  }
  int64_t Audits(const std::string& action) {
    auto tx = db_->BeginRead();
    return tx->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action})->Int(0);
  }
  std::string LastSummary(const std::string& action) {
    auto tx = db_->BeginRead();
    return tx
        ->QueryOne("SELECT subject, summary FROM audit_log WHERE action = $1 ORDER BY seq DESC",
                   {action})
        ->Text(1);
  }
  int64_t SchoolRows(const std::string& where, const std::vector<store::Value>& params) {
    auto tx = db_->BeginRead();
    return tx
        ->QueryOne(
            "SELECT COUNT(*) FROM student st JOIN org o ON o.code = st.school_code "
            "WHERE " +
                where,
            params)
        ->Int(0);
  }
  std::vector<std::string> Column(int col) {
    auto sheet = io::testing::ReadSheet(path_);
    std::vector<std::string> out;
    for (size_t r = 1; r < sheet.rows.size(); ++r) out.push_back(sheet.Text(r, col));
    return out;
  }
  Context Later(Context ctx, int64_t days) {
    ctx.now = domain::AddMinutes(ctx.now, days * 24 * 60);
    return ctx;
  }

  std::string id_ = Id("149");
  std::string path_;
  Context registrar_;
};

TEST_P(ExportRequests, R_SEC_1_the_deciding_unit_is_the_record_authority_above_the_requester) {
  struct Case {
    const char* requester;
    std::string scope;
    bool full;
    const char* authority;
  };
  for (const Case& c : {Case{"school_registrar", kSchool, true, "520102"},
                        Case{"school_approver", kSchool, true, "520102"},
                        Case{"nanming_registrar", "520102", false, "520100"},
                        Case{"gy_registrar", "520100", false, "520000"},
                        Case{"gz_registrar", "520000", true, "000000"}}) {
    SCOPED_TRACE(c.requester);
    auto r = CreateExportRequest(*db_, As(c.requester), Input(c.scope, c.full));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->authority_org, c.authority);
    EXPECT_EQ(r->state, "pending");
  }
}

TEST_P(ExportRequests, R_SEC_1_approval_by_anyone_but_the_authority_above_is_refused) {
  int64_t id = File(registrar_, Input(kSchool, true));
  struct Case {
    const char* who;
    ErrorKind kind;
  };
  for (const Case& c : {Case{"school_registrar", ErrorKind::kForbidden},    // the requester
                        Case{"school_approver", ErrorKind::kForbidden},     // the same school
                        Case{"gy_registrar", ErrorKind::kForbidden},        // above, not the unit
                        Case{"gz_registrar", ErrorKind::kForbidden},        // above, not the unit
                        Case{"yunyan_registrar", ErrorKind::kNotFound}}) {  // another county
    SCOPED_TRACE(c.who);
    for (bool approve : {true, false}) {
      auto r = DecideExportRequest(*db_, As(c.who), id, approve, "理由");
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().kind, c.kind);
    }
  }
  EXPECT_EQ(GetExportRequest(*db_, registrar_, id)->state, "pending");
  EXPECT_EQ(Audits("export_request.approve") + Audits("export_request.reject"), 0);
  // A county's own registrar cannot approve the county's request either.
  auto nanming = As("nanming_registrar");
  int64_t county = File(nanming, Input("520102", false));
  auto own = DecideExportRequest(*db_, nanming, county, true, "");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(DecideExportRequest(*db_, As("gy_registrar"), county, true, "").ok());
}

TEST_P(ExportRequests, R_SEC_1_unapproved_or_rejected_requests_are_not_downloaded) {
  int64_t pending = File(registrar_, Input(kSchool, true));
  int64_t rejected = File(registrar_, Input(kSchool, true));
  auto county = As("nanming_registrar");
  auto no_reason = DecideExportRequest(*db_, county, rejected, false, " ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, "REQUIRED");
  ASSERT_TRUE(DecideExportRequest(*db_, county, rejected, false, "用途不明").ok());
  auto again = DecideExportRequest(*db_, county, rejected, true, "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "REQUEST_DECIDED");
  struct Case {
    int64_t id;
    const char* code;
  };
  for (const Case& c : {Case{pending, "REQUEST_PENDING"}, Case{rejected, "REQUEST_REJECTED"}}) {
    SCOPED_TRACE(c.code);
    auto r = ExportThroughRequest(*db_, registrar_, c.id, path_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
    EXPECT_FALSE(std::filesystem::exists(path_));
  }
  EXPECT_EQ(Audits("student.export"), 0);
}

TEST_P(ExportRequests, R_SEC_1_approved_download_has_the_full_id_numbers) {
  int64_t id = File(registrar_, Input(kSchool, true));
  auto approved = DecideExportRequest(*db_, As("nanming_registrar"), id, true, "同意");
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->state, "approved");
  // Only the requester downloads.
  auto other = ExportThroughRequest(*db_, As("school_approver"), id, path_);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  auto r = ExportThroughRequest(*db_, registrar_, id, path_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows, SchoolRows("st.school_code = $1", {kSchool}));
  auto ids = Column(4);
  EXPECT_NE(std::find(ids.begin(), ids.end(), id_), ids.end());
  EXPECT_NE(r->file_name.find("完整身份证号"), std::string::npos) << r->file_name;
}

TEST_P(ExportRequests, R_SEC_1_a_county_scope_lists_every_school_masked_unless_approved_full) {
  auto county = As("nanming_registrar");
  int64_t masked = File(county, Input("520102", false));
  int64_t full = File(county, Input("520102", true));
  auto city = As("gy_registrar");
  ASSERT_TRUE(DecideExportRequest(*db_, city, masked, true, "").ok());
  ASSERT_TRUE(DecideExportRequest(*db_, city, full, true, "").ok());
  struct Case {
    int64_t id;
    std::string expected_id;
  };
  for (const Case& c : {Case{masked, domain::MaskIdNumber(id_)}, Case{full, id_}}) {
    SCOPED_TRACE(c.id);
    auto r = ExportThroughRequest(*db_, county, c.id, path_);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->rows, SchoolRows("o.path LIKE $1", {std::string("%/520102/%")}));
    auto sheet = io::testing::ReadSheet(path_);
    EXPECT_EQ(sheet.Text(0, 0), "学校");
    auto ids = Column(5);  // after the school column
    EXPECT_NE(std::find(ids.begin(), ids.end(), c.expected_id), ids.end());
    if (c.id == masked) {
      auto xml = io::testing::ZipEntry(path_, "xl/worksheets/sheet1.xml");
      ASSERT_TRUE(xml.has_value());
      EXPECT_EQ(xml->find(id_), std::string::npos);
    }
  }
}

TEST_P(ExportRequests, R_SEC_1_an_approval_expires_after_its_days_and_downloads) {
  int64_t id = File(registrar_, Input(kSchool, true));
  ASSERT_TRUE(DecideExportRequest(*db_, As("nanming_registrar"), id, true, "").ok());
  auto late = Later(registrar_, kExportRequestValidDays + 1);
  EXPECT_EQ(GetExportRequest(*db_, late, id)->state, "expired");
  auto expired = ExportThroughRequest(*db_, late, id, path_);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "REQUEST_EXPIRED");
  auto in_time = Later(registrar_, kExportRequestValidDays - 1);
  for (int i = 0; i < kExportRequestMaxDownloads; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(ExportThroughRequest(*db_, in_time, id, path_).ok());
  }
  auto used = ExportThroughRequest(*db_, in_time, id, path_);
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().code, "REQUEST_USED");
  EXPECT_EQ(GetExportRequest(*db_, in_time, id)->state, "used");
  EXPECT_EQ(Audits("student.export"), kExportRequestMaxDownloads);
}

TEST_P(ExportRequests, R_SEC_1_bad_requests_are_refused_and_write_nothing) {
  int64_t beijing_class = FirstGradeClass("1101010001");
  auto with = [this](auto change) {
    auto in = Input(kSchool, true);
    change(in);
    return in;
  };
  struct Case {
    const char* who;
    ExportRequestInput input;
    const char* code;
  };
  std::vector<Case> cases = {
      {"school_registrar", Input(kSchool, false), "REQUEST_NOT_NEEDED"},
      {"school_registrar", with([](auto& in) { in.purpose = "  "; }), "REQUIRED"},
      {"school_registrar", with([](auto& in) { in.recipient = ""; }), "REQUIRED"},
      {"school_registrar", with([](auto& in) { in.kind = "photos"; }), "INVALID_KIND"},
      {"school_registrar", with([](auto& in) { in.scope_org = "520102"; }), "NOT_FOUND"},
      {"school_registrar", with([&](auto& in) { in.class_id = beijing_class; }), "NOT_FOUND"},
      {"nanming_registrar", with([](auto& in) { in.scope_org = "520103"; }), "NOT_FOUND"},
      {"nanming_registrar", with([](auto& in) {
         in.scope_org = "520102";
         in.class_id = 1;
       }),
       "CLASS_NEEDS_SCHOOL"},
      {"moe_registrar", with([](auto& in) { in.scope_org = "000000"; }), "SCOPE_LEVEL"},
      {"head_teacher", Input(kSchool, true), "FORBIDDEN"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.who) + " " + c.code);
    auto r = CreateExportRequest(*db_, As(c.who), c.input);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
  }
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM export_request")->Int(0), 0);
  EXPECT_EQ(Audits("export_request.create"), 0);
}

TEST_P(ExportRequests, R_ORG_4_requests_are_seen_from_the_requester_and_above_only) {
  int64_t id = File(registrar_, Input(kSchool, true));
  struct Case {
    const char* who;
    bool seen;
  };
  for (const Case& c : {Case{"school_approver", true}, Case{"nanming_registrar", true},
                        Case{"gz_registrar", true}, Case{"yunyan_registrar", false}}) {
    SCOPED_TRACE(c.who);
    auto r = GetExportRequest(*db_, As(c.who), id);
    EXPECT_EQ(r.ok(), c.seen);
  }
  auto mine = ListExportRequests(*db_, registrar_, "mine");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  auto to_decide = ListExportRequests(*db_, As("nanming_registrar"), "to_decide");
  ASSERT_TRUE(to_decide.ok());
  ASSERT_EQ(to_decide->size(), 1u);
  EXPECT_TRUE(ListExportRequests(*db_, As("yunyan_registrar"), "to_decide")->empty());
  EXPECT_FALSE(ListExportRequests(*db_, registrar_, "all").ok());
}

TEST_P(ExportRequests, R_SEC_2_every_step_and_download_is_audited_with_what_left) {
  int64_t id = File(registrar_, Input(kSchool, true, "basic_info"));
  EXPECT_EQ(Audits("export_request.create"), 1);
  EXPECT_NE(LastSummary("export_request.create").find("\"recipient\":\"区教育局资助中心\""),
            std::string::npos);
  ASSERT_TRUE(DecideExportRequest(*db_, As("nanming_registrar"), id, true, "同意").ok());
  EXPECT_EQ(Audits("export_request.approve"), 1);
  auto r = ExportThroughRequest(*db_, registrar_, id, path_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto summary = LastSummary("student.export");
  for (const std::string& part :
       {std::string("\"kind\":\"basic_info\""), "\"rows\":\"" + std::to_string(r->rows) + "\"",
        std::string("\"id_numbers\":\"full\""), "\"scope\":\"" + kSchool + "\"",
        "\"request\":\"" + std::to_string(id) + "\""}) {
    SCOPED_TRACE(part);
    EXPECT_NE(summary.find(part), std::string::npos) << summary;
  }
  EXPECT_EQ(GetExportRequest(*db_, registrar_, id)->downloads, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportRequests, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
