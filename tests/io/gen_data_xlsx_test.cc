// `xueji gen-data --students N --xlsx FILE`, run as a command.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "domain/id_number.h"
#include "io/shipped_codes.h"
#include "io/template_columns.h"
#include "io/template_writer.h"
#include "io/xlsx_probe.h"

namespace xueji::io {
namespace {

namespace fs = std::filesystem;
using testing::ReadSheet;

const domain::Date kToday{2026, 9, 10};

class GenDataXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("xueji-gen-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the binary with `args`; returns its exit status, stdout+stderr in `out`.
  int Run(const std::string& args, std::string* out) {
    std::string log = (dir_ / "out.txt").string();
    std::string cmd = std::string(XUEJI_BINARY) + " " + args + " > '" + log + "' 2>&1";
    int status = std::system(cmd.c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    *out = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// The record a template row describes, by the NationalTemplateColumns() fields.
domain::StudentInput FromRow(const testing::ProbeSheet& sheet, size_t row) {
  domain::StudentInput s;
  s.guardians.resize(2);
  const auto& columns = NationalTemplateColumns();
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& f = columns[c].field;
    std::string value = sheet.Text(row, static_cast<int>(c));
    for (const auto& sf : domain::StudentFields()) {
      if (f == sf.name) s.*(sf.member) = value;
    }
    for (size_t g = 0; g < 2; ++g) {
      for (const auto& gf : domain::GuardianFields()) {
        if (f == "guardians[" + std::to_string(g) + "]." + gf.name)
          s.guardians[g].*(gf.member) = value;
      }
    }
  }
  if (s.guardians[1].name.empty()) s.guardians.pop_back();
  s.class_id = 1;
  return s;
}

// R-IO-1: the file has the template's header and N students, each a valid
// new registration as written (ID numbers as 18-character text), spread over
// the grades and into classes of 45.
TEST_F(GenDataXlsx, R_IO_1_writes_n_valid_students_in_the_national_template) {
  std::string path = Path("students.xlsx");
  std::string out;
  ASSERT_EQ(
      Run("gen-data --students 120 --xlsx '" + path + "' --grades 11,21 --seed 5 --now 2026-09-10",
          &out),
      0)
      << out;
  EXPECT_NE(out.find("students 120"), std::string::npos) << out;
  auto sheet = ReadSheet(path, 1);
  ASSERT_EQ(sheet.rows.size(), 121u);
  const auto& columns = NationalTemplateColumns();
  for (size_t c = 0; c < columns.size(); ++c) EXPECT_EQ(sheet.Text(0, c), columns[c].header);

  testing::ShippedCodes codes;
  std::map<std::string, int> per_class;
  const int id_col = TemplateColumnOf("id_number");
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    domain::StudentInput s = FromRow(sheet, r);
    SCOPED_TRACE(std::to_string(r) + " " + s.name + " " + s.id_number);
    EXPECT_EQ(sheet.Text(r, TemplateColumnOf(kSchoolCodeField)), "5201020001");
    EXPECT_EQ(sheet.Cell(r, id_col)->type, "inlineStr");
    EXPECT_EQ(s.id_number.size(), 18u);
    auto v = domain::ValidateNewStudent(s, codes, kToday);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().field + " " + v.error().message);
    ++per_class[s.grade_code + "/" + sheet.Text(r, TemplateColumnOf(kClassNameField))];
  }
  EXPECT_EQ(per_class, (std::map<std::string, int>{
                           {"11/1班", 45}, {"11/2班", 15}, {"21/1班", 45}, {"21/2班", 15}}));
  EXPECT_EQ(ReadSheet(path, 2).Text(0, 0), "代码表");

  // The same seed and date give the same students.
  std::string again = Path("again.xlsx");
  ASSERT_EQ(
      Run("gen-data --students 120 --xlsx '" + again + "' --grades 11,21 --seed 5 --now 2026-09-10",
          &out),
      0);
  EXPECT_EQ(ReadSheet(again, 1).rows, sheet.rows);
}

// R-IO-1: --class-names puts each grade's students in turn into the named
// classes (a school's existing classes), for a file whose every row finds
// its class.
TEST_F(GenDataXlsx, R_IO_1_class_names_fill_the_named_classes_in_turn) {
  std::string path = Path("named.xlsx");
  std::string out;
  ASSERT_EQ(Run("gen-data --students 14 --xlsx '" + path +
                    "' --grades 11,21 --class-names 1班,2班,实验班 --seed 5 --now 2026-09-10",
                &out),
            0)
      << out;
  auto sheet = ReadSheet(path, 1);
  ASSERT_EQ(sheet.rows.size(), 15u);
  std::map<std::string, int> per_class;
  for (size_t r = 1; r < sheet.rows.size(); ++r) {
    ++per_class[sheet.Text(r, TemplateColumnOf("grade_code")) + "/" +
                sheet.Text(r, TemplateColumnOf(kClassNameField))];
  }
  EXPECT_EQ(per_class, (std::map<std::string, int>{{"11/1班", 3},
                                                   {"11/2班", 2},
                                                   {"11/实验班", 2},
                                                   {"21/1班", 3},
                                                   {"21/2班", 2},
                                                   {"21/实验班", 2}}));
}

TEST_F(GenDataXlsx, R_IO_1_refuses_what_it_cannot_generate) {
  struct Case {
    std::string args;
    int status;
    std::string says;
  } cases[] = {
      {"--students 5 --xlsx '" + Path("a.xlsx") + "' --school 9999990001", 1, "SCHOOL_CODE"},
      {"--students 5 --xlsx '" + Path("a.xlsx") + "' --school 52010", 1, "SCHOOL_CODE"},
      {"--students 5 --xlsx '" + Path("a.xlsx") + "' --grades 11,17", 1, "GRADE_CODE"},
      {"--students 5 --xlsx '" + Path("no/such/dir.xlsx") + "'", 1, "XLSX_WRITE"},
      {"--students 5 --xlsx '" + Path("a.xlsx") + "' --class-names 1班,,2班", 1, "CLASS_NAME"},
      {"--students 5", 106, "--db"},
      {"--students 0 --xlsx '" + Path("a.xlsx") + "'", 105, "--students"},
      {"", 106, "--demo"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    std::string out;
    EXPECT_EQ(Run("gen-data " + c.args, &out), c.status) << out;
    EXPECT_NE(out.find(c.says), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(Path("a.xlsx")));
  }
}

}  // namespace
}  // namespace xueji::io
