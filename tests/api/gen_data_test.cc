// `xueji gen-data --students N --db URL` (issue 6, R-IO-1, R-REG-1,
// R-REG-3): N synthetic students written into the database as pending
// registrations of the school, each one a valid record with its family
// members, history row and registration request, one audit entry for the
// batch; ID numbers never repeated, also across runs with the same seed; a
// school without a registrar gets nothing. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "domain/id_number.h"
#include "domain/student_record.h"
#include "service/stored_codes.h"
#include "service/student_store.h"
#include "support/test_database.h"

namespace xueji::testing {
namespace {

constexpr const char* kNow = "2026-11-30T10:00:00+08:00";
constexpr const char* kSchool = "5201020001";

// Runs the binary; stdout and stderr in `output`; the exit status.
int RunXueji(const std::string& args, std::string* output) {
  std::string cmd = std::string(XUEJI_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  size_t n;
  output->clear();
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) output->append(buf.data(), n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class GenData : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::kPostgres && !PostgresAvailable()) GTEST_SKIP();
    url_ = NewTestDatabaseUrl(GetParam());
    std::string out;
    ASSERT_EQ(RunXueji("init --db '" + url_ + "'", &out), 0) << out;
    ASSERT_EQ(RunXueji("gen-data --demo --db '" + url_ + "'", &out), 0) << out;
  }

  int Generate(const std::string& args, std::string* out) {
    return RunXueji("gen-data --db '" + url_ + "' --now " + kNow + " " + args, out);
  }

  int64_t Count(const std::string& sql) {
    auto db = store::OpenDatabase(url_);
    return db->BeginRead()->QueryOne(sql)->Int(0);
  }

  std::string url_;
};

TEST_P(GenData, R_REG_1_writes_n_valid_pending_registrations_with_history_and_one_audit_entry) {
  std::string out;
  ASSERT_EQ(Generate("--students 60 --seed 7", &out), 0) << out;
  EXPECT_NE(out.find("students 60\n"), std::string::npos) << out;
  EXPECT_NE(out.find("held_skipped 0\n"), std::string::npos) << out;
  const std::string mine = std::string(" FROM student WHERE school_code = '") + kSchool +
                           "' AND registration = 'pending_school' AND status = 'pending'";
  EXPECT_EQ(Count("SELECT COUNT(*)" + mine), 60);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT id_number_norm)" + mine), 60);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_history WHERE field = 'registration' AND "
                  "new_value = 'pending_school'"),
            60);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM workflow_request WHERE type = 'registration'"), 60);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT student_id) FROM guardian"), 60);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.generate' AND "
                  "summary LIKE '%\"students\":\"60\"%'"),
            1);

  auto db = store::OpenDatabase(url_);
  auto tx = db->BeginRead();
  service::StoredCodes codes(*tx);
  auto today = *domain::ParseDate("2026-11-30");
  for (const auto& r : tx->Query("SELECT id FROM student WHERE school_code = $1 ORDER BY id",
                                 {std::string(kSchool)})) {
    auto s = service::LoadStoredStudent(*tx, r.Int(0));
    ASSERT_TRUE(s.has_value());
    SCOPED_TRACE(s->record.name + " " + s->record.id_number);
    auto v = domain::ValidateNewStudent(s->record, codes, today);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().code + " " + v.error().message);
    EXPECT_FALSE(s->record.guardians.empty());
  }
}

TEST_P(GenData, R_REG_3_a_second_run_with_the_same_seed_draws_new_id_numbers) {
  std::string out;
  ASSERT_EQ(Generate("--students 30 --seed 7", &out), 0) << out;
  ASSERT_EQ(Generate("--students 30 --seed 7", &out), 0) << out;
  EXPECT_NE(out.find("held_skipped 30\n"), std::string::npos) << out;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student WHERE school_code = '5201020001'"), 60);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT id_number_norm) FROM student"), 60);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.generate'"), 2);
}

TEST_P(GenData, R_REG_1_a_school_without_a_registrar_or_a_bad_grade_gets_nothing) {
  std::string out;
  struct Case {
    std::string args, code;
  };
  for (const Case& c : {Case{"--students 5 --school 5201030001", "SCHOOL_REGISTRAR_MISSING"},
                        Case{"--students 5 --grades 11,19", "GRADE_CODE"}}) {
    SCOPED_TRACE(c.args);
    EXPECT_EQ(Generate(c.args, &out), 1) << out;
    EXPECT_NE(out.find(c.code), std::string::npos) << out;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'student.generate'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, GenData, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::testing
