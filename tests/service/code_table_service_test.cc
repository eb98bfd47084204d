// Code tables against real databases (R-INFO-4, R-SPEC-2025): loading the
// national tables at init, reading them, and the ministry's edits, each one
// transaction with its audit entry.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "service/audit.h"
#include "service/clock.h"
#include "service/code_table_service.h"
#include "service/setup.h"
#include "support/test_database.h"

namespace xueji::service {
namespace {

namespace fs = std::filesystem;
using testing::BackendName;
using testing::TestBackends;

const std::string kSourceDir = XUEJI_SOURCE_DIR;

class CodeTableServiceTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    auto init = InitDatabase(*db_, Cli(), kSourceDir + "/data/regions.csv");
    ASSERT_TRUE(init.ok()) << init.error().message;
    ASSERT_EQ(init->code_tables_loaded, 16);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  Context Cli() { return Context{std::nullopt, "test", clock_.Now()}; }

  // A scratch directory of code-table files: name → content.
  std::string Files(const std::map<std::string, std::string>& files) {
    dir_ = (fs::temp_directory_path() /
            ("xueji-code-tables-" + BackendName(GetParam()) + "-" + std::to_string(::getpid())))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& [name, content] : files) std::ofstream(fs::path(dir_) / name) << content;
    return dir_;
  }

  struct LastAudit {
    std::string action, subject, summary;
  };
  LastAudit Last() {
    auto tx = db_->BeginRead();
    auto r =
        tx->QueryOne("SELECT action, subject, summary FROM audit_log ORDER BY seq DESC LIMIT 1");
    return LastAudit{r->Text(0), r->Text(1), r->Text(2)};
  }
  int64_t AuditEntries() { return VerifyAudit(*db_).entries; }

  ManualClock clock_{*domain::ParseInstant("2026-09-01T09:00:00+08:00")};
  std::unique_ptr<store::Database> db_;
  std::string dir_;
};

TEST_P(CodeTableServiceTest, R_INFO_4_init_loads_the_national_tables_once) {
  auto tables = ListCodeTables(*db_);
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 16u);
  std::map<std::string, CodeTableInfo> by_id;
  for (const auto& t : *tables) by_id[t.id] = t;
  EXPECT_EQ(by_id.at("ethnicity").name, "民族");
  EXPECT_EQ(by_id.at("ethnicity").standard, "GB/T 3304");
  EXPECT_EQ(by_id.at("ethnicity").value_count, 58);  // 56 + 97 其他 + 98 外国血统中国籍人士
  EXPECT_EQ(by_id.at("ethnicity").version, 1);
  EXPECT_EQ(by_id.at("sex").value_count, 2);
  EXPECT_GT(by_id.at("nationality").value_count, 240);
  EXPECT_EQ(Last().action, "code_table.load");

  auto eth = GetCodeTable(*db_, "ethnicity");
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(eth->table.values().front().code, "01");
  EXPECT_EQ(eth->table.values().front().name, "汉族");
  EXPECT_EQ(eth->table.values().back().code, "98");  // file order is display order
  auto nat = GetCodeTable(*db_, "nationality");
  ASSERT_TRUE(nat.ok());
  EXPECT_EQ(nat->table.Find("CHN")->name, "中国");
  EXPECT_EQ(nat->table.Find("HKG")->name, "中国香港");
  EXPECT_EQ(nat->table.Find("MAC")->name, "中国澳门");
  EXPECT_EQ(nat->table.Find("TWN")->name, "中国台湾");

  int64_t before = AuditEntries();
  auto again = InitDatabase(*db_, Cli(), kSourceDir + "/data/regions.csv");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->code_tables_loaded, 0);
  EXPECT_EQ(AuditEntries(), before);  // nothing to load: nothing written
  EXPECT_EQ(GetCodeTable(*db_, "no_such_table").error().kind, ErrorKind::kNotFound);
}

TEST_P(CodeTableServiceTest, R_INFO_4_ministry_edit_bumps_the_version_and_is_audited) {
  auto changed = UpsertCodeValue(*db_, Cli(), "health", "40", "有生理缺陷（含视力矫正）", false);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_TRUE(changed->changed);
  EXPECT_FALSE(changed->created);
  EXPECT_EQ(changed->version, 2);
  LastAudit a = Last();
  EXPECT_EQ(a.action, "code_value.update");
  EXPECT_EQ(a.subject, "health/40");
  EXPECT_NE(a.summary.find(R"("old_name":"有生理缺陷")"), std::string::npos) << a.summary;
  EXPECT_NE(a.summary.find(R"("name":"有生理缺陷（含视力矫正）")"), std::string::npos);
  EXPECT_NE(a.summary.find(R"("version":"2")"), std::string::npos);

  // The same values again: nothing written, the version stays.
  int64_t before = AuditEntries();
  auto same = UpsertCodeValue(*db_, Cli(), "health", "40", " 有生理缺陷（含视力矫正） ", false);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed);
  EXPECT_EQ(same->version, 2);
  EXPECT_EQ(AuditEntries(), before);

  // A new code goes to the end of the table.
  auto added = UpsertCodeValue(*db_, Cli(), "attend_mode", "3", "借宿", false);
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(added->created);
  EXPECT_EQ(added->version, 2);
  EXPECT_EQ(Last().action, "code_value.create");
  auto mode = GetCodeTable(*db_, "attend_mode");
  EXPECT_EQ(mode->table.values().back().code, "3");
  EXPECT_EQ(mode->info.value_count, 3);
  EXPECT_EQ(mode->info.updated_at, clock_.Now());
}

TEST_P(CodeTableServiceTest, R_SPEC_2025_retired_codes_stay_for_old_records) {
  auto retired = UpsertCodeValue(*db_, Cli(), "student_source", "2", "借读", true);
  ASSERT_TRUE(retired.ok());
  EXPECT_TRUE(retired->changed);
  auto tx = db_->BeginRead();
  auto table = LoadCodeTable(*tx, "student_source");
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->Validate("2", "student_source").ok());
  EXPECT_EQ(table->ValidateForNew("2", "student_source").error().code, "CODE_VALUE_HISTORICAL");
  EXPECT_EQ(table->values().size(), 3u);  // never deleted
  tx.reset();
  // A rename without the flag keeps the code retired.
  auto renamed = UpsertCodeValue(*db_, Cli(), "student_source", "2", "借读生", std::nullopt);
  ASSERT_TRUE(renamed.ok());
  EXPECT_TRUE(renamed->value.historical);
  // And back in use only when asked.
  EXPECT_TRUE(UpsertCodeValue(*db_, Cli(), "student_source", "2", "借读", false)->changed);
  // A new code without the flag is current.
  auto added = UpsertCodeValue(*db_, Cli(), "student_source", "3", "其他来源", std::nullopt);
  ASSERT_TRUE(added.ok());
  EXPECT_FALSE(added->value.historical);
}

TEST_P(CodeTableServiceTest, R_INFO_4_bad_edits_write_nothing) {
  int64_t before = AuditEntries();
  struct Case {
    const char* table;
    const char* code;
    const char* name;
    const char* error;
    const char* field;
  };
  const Case cases[] = {
      {"ethnicity", "9a", "其他", "CODE_FORMAT", "code"},
      {"ethnicity", "123456789", "其他", "CODE_FORMAT", "code"},
      {"ethnicity", "99", "  ", "REQUIRED", "name"},
      {"ethnicity", "99",
       "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五"
       "六七"
       "八九十一",
       "TOO_LONG", "name"},
      {"no_such_table", "1", "某", "NOT_FOUND", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.table) + "/" + c.code);
    auto r = UpsertCodeValue(*db_, Cli(), c.table, c.code, c.name, false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.error);
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(AuditEntries(), before);
  auto eth = GetCodeTable(*db_, "ethnicity");
  EXPECT_EQ(eth->info.version, 1);
  EXPECT_EQ(eth->info.value_count, 58);
}

TEST_P(CodeTableServiceTest, R_INFO_4_load_checks_every_file_before_writing) {
  const std::string list =
      "id,name,standard,description\nzz_blood,血型,,测试\nzz_color,颜色,,测试\n";
  struct Case {
    const char* what;
    std::map<std::string, std::string> files;
    const char* message;
  };
  const Case cases[] = {
      {"list header",
       {{"tables.csv", "id,name\nzz_blood,血型\n"}},
       "代码表文件 tables.csv 第1行：表头应为 id,name,standard,description"},
      {"bad id",
       {{"tables.csv", "id,name,standard,description\nBlood,血型,,\n"}},
       "代码表文件 tables.csv 第2行：代码表标识应为小写字母开头的1到32位小写字母、数字或下划线："
       "Blood"},
      {"second file broken",
       {{"tables.csv", list},
        {"zz_blood.csv", "code,name,historical\n1,A型,0\n"},
        {"zz_color.csv", "code,name,historical\n1,红,0\n2,,0\n"}},
       "代码表文件 zz_color.csv 第3行：代码名称不能为空"},
      {"file missing",
       {{"tables.csv", list}, {"zz_blood.csv", "code,name,historical\n1,A型,0\n"}},
       "无法读取文件："},
  };
  int64_t before = AuditEntries();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = LoadCodeTables(*db_, Cli(), Files(c.files));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind(c.message, 0), 0u) << r.error().message;
  }
  EXPECT_EQ(AuditEntries(), before);
  EXPECT_EQ(ListCodeTables(*db_)->size(), 16u);

  // A good directory loads only the tables the database does not have.
  auto r = LoadCodeTables(*db_, Cli(),
                          Files({{"tables.csv", list + "sex,性别,,已有\n"},
                                 {"zz_blood.csv", "code,name,historical\n1,A型,0\n"},
                                 {"zz_color.csv", "code,name,historical\n1,红,0\n2,绿,1\n"},
                                 {"sex.csv", "code,name,historical\n1,男性,0\n"}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(Last().summary, R"({"tables":"zz_blood,zz_color","values":"3"})");
  EXPECT_EQ(GetCodeTable(*db_, "sex")->table.Find("1")->name, "男");  // left alone
  EXPECT_TRUE(GetCodeTable(*db_, "zz_color")->table.Find("2")->historical);
}

INSTANTIATE_TEST_SUITE_P(Backends, CodeTableServiceTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
