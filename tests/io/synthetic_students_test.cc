#include "io/synthetic_students.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "domain/duplicate_score.h"
#include "domain/id_number.h"
#include "domain/school.h"
#include "domain/student_dates.h"
#include "io/csv.h"
#include "io/name_keys.h"

namespace xueji::io {
namespace {

const domain::Date kToday{2026, 9, 10};
const std::vector<SyntheticCounty> kCounties = {
    {"520102", "贵州省贵阳市南明区"}, {"110101", "北京市东城区"}, {"440305", "广东省深圳市南山区"}};
const char* kGrades[] = {"11", "12", "13", "14", "15", "16", "21", "22", "23", "31", "32", "33"};

// The national code tables of data/code_tables, read from the source tree.
class FileCodes : public domain::CodeLookup {
 public:
  FileCodes() {
    auto dir = std::filesystem::path(XUEJI_SOURCE_DIR) / "data" / "code_tables";
    auto list = ReadCsvFile((dir / "tables.csv").string());
    EXPECT_TRUE(list.ok());
    if (!list.ok()) return;
    for (size_t i = 1; i < list->size(); ++i) {
      const std::string id = (*list)[i][0];
      auto rows = ReadCsvFile((dir / (id + ".csv")).string());
      EXPECT_TRUE(rows.ok()) << id;
      if (!rows.ok()) continue;
      auto values = domain::ParseCodeTableRows(*rows, id + ".csv");
      EXPECT_TRUE(values.ok()) << id;
      if (values.ok()) tables_.emplace(id, domain::CodeTable(id, (*list)[i][1], *values));
    }
  }
  const domain::CodeTable* Table(std::string_view id) const override {
    auto it = tables_.find(std::string(id));
    return it == tables_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, domain::CodeTable> tables_;
};

// R-INFO-1..5, R-POL-5: the record is valid for a new registration, without
// warnings, and its numbers come from the given counties (except a mistyped
// address code, `typo`).
void ExpectValid(const domain::StudentInput& s, const FileCodes& codes, bool typo = false) {
  SCOPED_TRACE(s.name + " " + s.id_number + " " + s.birth_date + " grade " + s.grade_code);
  domain::StudentInput input = s;
  input.class_id = 1;  // placed by the caller
  auto v = domain::ValidateNewStudent(input, codes, kToday);
  ASSERT_TRUE(v.ok()) << v.error().field << ": " << v.error().message;
  EXPECT_TRUE(v->warnings.empty()) << v->warnings.front().message;
  EXPECT_EQ(v->record.name, s.name) << "already in its normalized form";
  ASSERT_TRUE(s.guardians.size() == 1 || s.guardians.size() == 2);
  std::set<std::string> counties;
  for (const auto& c : kCounties) counties.insert(c.code);
  if (s.id_type == domain::kCitizenIdType && !typo) {
    EXPECT_TRUE(counties.count(s.id_number.substr(0, 6)));
  }
  for (const auto& g : s.guardians) {
    if (g.id_type == domain::kCitizenIdType) {
      EXPECT_TRUE(counties.count(g.id_number.substr(0, 6)));
    }
  }
  if (s.grade_code == "11") {
    int intake = std::stoi(s.entry_month.substr(0, 4));
    EXPECT_TRUE(domain::CheckFirstGradeAge(v->birth, intake, 8, 31).ok());
  }
}

TEST(SyntheticStudents, R_INFO_1_every_generated_record_passes_validation) {
  FileCodes codes;
  SyntheticStudents gen(7, kCounties, kToday);
  for (int round = 0; round < 25; ++round) {
    for (const char* grade : kGrades) {
      domain::StudentInput s = gen.Next(grade);
      ExpectValid(s, codes);
      for (NearDuplicateKind kind : AllNearDuplicateKinds()) {
        if (auto d = gen.NearDuplicate(s, kind)) ExpectValid(*d, codes, true);
      }
      ExpectValid(gen.Twin(s, round % 2 == 0), codes);
      ExpectValid(gen.Sibling(s, kGrades[(round * 5) % 12]), codes);
      ExpectValid(WithoutGuardianIds(s), codes);
    }
  }
}

TEST(SyntheticStudents, R_REG_4_same_seed_same_records_and_no_id_issued_twice) {
  SyntheticStudents a(42, kCounties, kToday), b(42, kCounties, kToday), c(43, kCounties, kToday);
  std::set<std::string> ids;
  int differing = 0;
  for (int i = 0; i < 3000; ++i) {
    const char* grade = kGrades[i % 12];
    domain::StudentInput x = a.Next(grade), y = b.Next(grade), z = c.Next(grade);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.id_number, y.id_number);
    EXPECT_EQ(x.address, y.address);
    differing += x.id_number != z.id_number;
    EXPECT_TRUE(ids.insert(x.id_number).second) << x.id_number;
    for (const auto& g : x.guardians) EXPECT_TRUE(ids.insert(g.id_number).second) << g.id_number;
  }
  EXPECT_GT(differing, 2900);
}

TEST(SyntheticStudents, R_INFO_5_names_are_plausible_and_varied) {
  SyntheticStudents gen(1, kCounties, kToday);
  std::map<std::string, int> surnames;
  std::set<std::string> names;
  int two_character_given = 0;
  const int n = 5000;
  for (int i = 0; i < n; ++i) {
    domain::StudentInput s = gen.Next("14");
    std::string first = s.name.substr(0, 3);  // one Han character in UTF-8
    ++surnames[first];
    names.insert(s.name);
    two_character_given += domain::Utf8Length(s.name) == 3;
    for (const auto& g : s.guardians) EXPECT_TRUE(g.relation == "51" || g.relation == "52");
  }
  EXPECT_GT(surnames.size(), 120u);
  EXPECT_GT(surnames["王"], surnames["柏"]);
  EXPECT_GT(names.size(), n * 9 / 10);
  EXPECT_GT(two_character_given, n * 6 / 10);
  EXPECT_LT(two_character_given, n * 9 / 10);
}

TEST(SyntheticStudents, R_INFO_5_traditional_forms_simplify_back_to_the_name) {
  EXPECT_EQ(TraditionalForm("张晓明"), "張曉明");
  EXPECT_EQ(TraditionalForm("欧阳子轩"), "歐陽子軒");
  EXPECT_EQ(TraditionalForm("于小雨"), "于小雨");  // the surname 于 is not 於
  SyntheticStudents gen(3, kCounties, kToday);
  int changed = 0;
  for (int i = 0; i < 3000; ++i) {
    domain::StudentInput s = gen.Next("21");
    std::string traditional = TraditionalForm(s.name);
    SCOPED_TRACE(s.name + " → " + traditional);
    EXPECT_EQ(SimplifiedName(traditional), s.name);
    changed += traditional != s.name;
    for (const auto& g : s.guardians) EXPECT_EQ(SimplifiedName(TraditionalForm(g.name)), g.name);
  }
  EXPECT_GT(changed, 1500);
}

TEST(SyntheticStudents, R_REG_4_homophone_groups_share_one_pinyin_key) {
  for (const auto& group : HomophoneGroups()) {
    SCOPED_TRACE(group);
    std::string first = group.substr(0, 3);
    for (size_t i = 3; i < group.size(); i += 3) {
      EXPECT_EQ(PinyinKey(group.substr(i, 3)), PinyinKey(first)) << group.substr(i, 3);
      EXPECT_NE(SimplifiedName(group.substr(i, 3)), SimplifiedName(first));
    }
  }
}

TEST(SyntheticStudents, R_REG_4_near_duplicates_are_the_same_child_with_one_mistake) {
  SyntheticStudents gen(11, kCounties, kToday);
  std::map<NearDuplicateKind, int> made;
  for (int i = 0; i < 400; ++i) {
    domain::StudentInput s = gen.Next(kGrades[i % 12]);
    for (NearDuplicateKind kind : AllNearDuplicateKinds()) {
      auto d = gen.NearDuplicate(s, kind);
      if (!d) continue;
      ++made[kind];
      SCOPED_TRACE(std::string(NearDuplicateKindName(kind)) + " " + s.name + " " + d->name);
      EXPECT_EQ(d->birth_date, s.birth_date);
      EXPECT_EQ(d->sex, s.sex);
      EXPECT_EQ(d->guardians.size(), s.guardians.size());
      EXPECT_EQ(d->guardians.front().id_number, s.guardians.front().id_number);
      switch (kind) {
        case NearDuplicateKind::kTraditionalName:
          EXPECT_NE(d->name, s.name);
          EXPECT_EQ(SimplifiedName(d->name), s.name);
          EXPECT_EQ(d->id_type, domain::kOtherIdType);
          break;
        case NearDuplicateKind::kHomophoneName:
          EXPECT_NE(SimplifiedName(d->name), s.name);
          EXPECT_EQ(PinyinKey(d->name), PinyinKey(s.name));
          EXPECT_EQ(d->id_type, domain::kOtherIdType);
          break;
        case NearDuplicateKind::kIdSubstitution:
          EXPECT_EQ(d->name, s.name);
          EXPECT_EQ(domain::CompareIdBodies(d->id_number, s.id_number),
                    domain::IdBodyRelation::kOneSubstitution);
          break;
        case NearDuplicateKind::kIdTransposition:
          EXPECT_EQ(d->name, s.name);
          EXPECT_EQ(domain::CompareIdBodies(d->id_number, s.id_number),
                    domain::IdBodyRelation::kAdjacentTransposition);
          break;
        case NearDuplicateKind::kWithoutId:
          EXPECT_EQ(d->name, s.name);
          EXPECT_EQ(d->id_type, domain::kOtherIdType);
          EXPECT_TRUE(d->id_number.empty());
          break;
      }
    }
  }
  // Most names hold a character with a traditional form or a homophone, and
  // every citizen ID number has valid typos.
  for (NearDuplicateKind kind : AllNearDuplicateKinds()) {
    SCOPED_TRACE(NearDuplicateKindName(kind));
    EXPECT_GT(made[kind], kind == NearDuplicateKind::kTraditionalName ? 200 : 300);
  }
  EXPECT_EQ(made[NearDuplicateKind::kIdSubstitution], 400);
  EXPECT_EQ(made[NearDuplicateKind::kWithoutId], 400);
}

TEST(SyntheticStudents, R_REG_4_twins_and_siblings_are_other_children_of_one_family) {
  SyntheticStudents gen(5, kCounties, kToday);
  for (int i = 0; i < 200; ++i) {
    domain::StudentInput s = gen.Next(kGrades[i % 12]);
    bool same_sex = i % 2 == 0;
    domain::StudentInput twin = gen.Twin(s, same_sex);
    SCOPED_TRACE(s.name + " / " + twin.name);
    EXPECT_EQ(twin.birth_date, s.birth_date);
    EXPECT_EQ(twin.sex == s.sex, same_sex);
    EXPECT_NE(PinyinKey(twin.name), PinyinKey(s.name));
    EXPECT_EQ(twin.name.substr(0, 3), s.name.substr(0, 3));
    EXPECT_EQ(twin.guardians.front().id_number, s.guardians.front().id_number);
    EXPECT_EQ(twin.id_number.substr(0, 14), s.id_number.substr(0, 14));
    int gap =
        std::abs(std::stoi(twin.id_number.substr(14, 3)) - std::stoi(s.id_number.substr(14, 3)));
    EXPECT_LE(gap, 6) << "registered one after the other";
    domain::StudentInput sibling = gen.Sibling(s, kGrades[(i + 3) % 12]);
    EXPECT_NE(sibling.birth_date, s.birth_date);
    EXPECT_NE(PinyinKey(sibling.name), PinyinKey(s.name));
    EXPECT_EQ(sibling.guardians.back().id_number, s.guardians.back().id_number);
    EXPECT_NE(sibling.id_number, s.id_number);
  }
}

}  // namespace
}  // namespace xueji::io
