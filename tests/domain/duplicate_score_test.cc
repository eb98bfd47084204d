#include "domain/duplicate_score.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/id_number.h"

namespace xueji::domain {
namespace {

// A valid 居民身份证 number from its 17-digit body.
std::string Id(const std::string& body) { return body + IdCheckCharacter(body); }

const std::string kFather = Id("52010219880312001");
const std::string kMother = Id("52010219900101002");

DuplicateSummary Xiaoming() {
  return {"王小明", "wang xiao ming",        "2019-09-01",      "1",
          "1",      Id("52010220190901123"), {kFather, kMother}};
}

DuplicateSummary Without(DuplicateSummary s, bool id, bool guardians) {
  if (id) {
    s.id_type = "Z";
    s.id_number_norm.clear();
  }
  if (guardians) s.guardian_ids.clear();
  return s;
}

std::vector<std::string> Codes(const DuplicateScore& s) {
  std::vector<std::string> out;
  for (const auto& r : s.reasons) out.emplace_back(r.code);
  return out;
}

struct Case {
  const char* what;
  DuplicateSummary a, b;
  int score;
  std::vector<std::string> codes;
};

std::vector<Case> Cases() {
  DuplicateSummary x = Xiaoming();
  std::vector<Case> cases;
  DuplicateSummary typo = x;
  typo.id_number_norm = Id("52010320190901123");  // county digit mistyped
  cases.push_back({"ID one digit mistyped, same child and parents",
                   x,
                   typo,
                   100,
                   {"SAME_NAME_BIRTH_SEX", "ID_ONE_SUBSTITUTION", "SHARED_GUARDIAN_SAME_BIRTH"}});
  DuplicateSummary swapped = Without(x, false, true);
  swapped.id_number_norm = Id("52010220190910123");  // day digits swapped: 01 → 10
  swapped.birth_date = "2019-09-10";
  cases.push_back({"ID digits swapped in the birth date, birth date copied from it",
                   Without(x, false, true),
                   swapped,
                   75,
                   {"SAME_NAME", "SAME_SEX", "ID_ADJACENT_TRANSPOSITION"}});
  cases.push_back({"traditional name re-entered without ID or guardians (keys simplified)",
                   x,
                   Without(x, true, true),
                   70,
                   {"SAME_NAME_BIRTH_SEX"}});
  DuplicateSummary homophone = Without(x, true, true);
  homophone.name_simplified = "王晓明";
  cases.push_back({"homophone given name without ID",
                   x,
                   homophone,
                   55,
                   {"HOMOPHONE_NAME", "SAME_BIRTH_DATE", "SAME_SEX"}});
  DuplicateSummary later = Without(x, true, false);
  later.birth_date = "2019-10-01";
  cases.push_back({"same name and parents, birth date mistyped, no ID",
                   x,
                   later,
                   65,
                   {"SAME_NAME", "SAME_SEX", "SHARED_GUARDIAN"}});
  DuplicateSummary twin = x;
  twin.name_simplified = "王小亮";
  twin.name_pinyin = "wang xiao liang";
  twin.id_number_norm = Id("52010220190901125");  // the next odd sequence number
  cases.push_back({"twin brother: listed, below every pair whose names agree",
                   x,
                   twin,
                   60,
                   {"DIFFERENT_NAME", "SAME_BIRTH_DATE", "SAME_SEX", "ID_NEAR_OTHER_NAME",
                    "SHARED_GUARDIAN_SAME_BIRTH"}});
  DuplicateSummary sister = twin;
  sister.sex = "2";
  sister.id_number_norm = Id("52010220190901124");
  cases.push_back({"twin sister: not listed",
                   x,
                   sister,
                   40,
                   {"DIFFERENT_NAME", "SAME_BIRTH_DATE", "DIFFERENT_SEX", "ID_NEAR_OTHER_NAME",
                    "SHARED_GUARDIAN_SAME_BIRTH"}});
  DuplicateSummary sibling = twin;
  sibling.birth_date = "2016-03-05";
  sibling.id_number_norm = Id("52010220160305111");
  cases.push_back({"elder brother: not listed",
                   x,
                   sibling,
                   0,
                   {"DIFFERENT_NAME", "SAME_SEX", "DIFFERENT_ID", "SHARED_GUARDIAN"}});
  DuplicateSummary namesake = Without(x, false, true);
  namesake.id_number_norm = Id("11010520190901235");
  cases.push_back({"namesake born the same day elsewhere, both IDs valid",
                   x,
                   namesake,
                   30,
                   {"SAME_NAME_BIRTH_SEX", "DIFFERENT_ID"}});
  DuplicateSummary neighbour = Without(twin, false, true);
  cases.push_back({"stranger born the same day in the same county",
                   x,
                   neighbour,
                   25,
                   {"DIFFERENT_NAME", "SAME_BIRTH_DATE", "SAME_SEX", "ID_NEAR_OTHER_NAME"}});
  cases.push_back({"exact ID duplicate (R-REG-3's problem records)",
                   x,
                   x,
                   100,
                   {"SAME_NAME_BIRTH_SEX", "SAME_ID", "SHARED_GUARDIAN_SAME_BIRTH"}});
  return cases;
}

TEST(DuplicateScore, R_REG_4_pairs_are_scored_by_their_reasons) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.what);
    DuplicateScore s = ScoreDuplicate(c.a, c.b);
    EXPECT_EQ(s.score, c.score);
    EXPECT_EQ(Codes(s), c.codes);
  }
}

TEST(DuplicateScore, R_REG_4_score_is_symmetric_and_explained_by_the_reason_table) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.what);
    DuplicateScore ab = ScoreDuplicate(c.a, c.b), ba = ScoreDuplicate(c.b, c.a);
    EXPECT_EQ(ab.score, ba.score);
    EXPECT_EQ(Codes(ab), Codes(ba));
    int sum = 0;
    for (const auto& r : ab.reasons) {
      const DuplicateReason* found = FindDuplicateReason(r.code);
      ASSERT_NE(found, nullptr);
      EXPECT_EQ(found->points, r.points);
      EXPECT_FALSE(r.text.empty());
      sum += r.points;
    }
    EXPECT_EQ(ab.score, std::clamp(sum, 0, 100));
  }
}

TEST(DuplicateScore, R_REG_4_twins_listed_below_true_duplicates_siblings_not_listed) {
  struct Expect {
    const char* what;
    bool listed;
  };
  const Expect expect[] = {
      {"ID one digit mistyped, same child and parents", true},
      {"ID digits swapped in the birth date, birth date copied from it", true},
      {"traditional name re-entered without ID or guardians (keys simplified)", true},
      {"homophone given name without ID", true},
      {"same name and parents, birth date mistyped, no ID", true},
      {"twin brother: listed, below every pair whose names agree", true},
      {"twin sister: not listed", false},
      {"elder brother: not listed", false},
      {"namesake born the same day elsewhere, both IDs valid", false},
      {"stranger born the same day in the same county", false},
  };
  for (const auto& c : Cases()) {
    for (const auto& e : expect) {
      if (std::string(e.what) != c.what) continue;
      SCOPED_TRACE(c.what);
      EXPECT_EQ(ScoreDuplicate(c.a, c.b).score >= kDuplicateListThreshold, e.listed);
    }
  }
  // The same child entered twice by one family, with the birth date or the
  // given name's characters mistyped, stays above twins.
  std::vector<Case> cases = Cases();
  auto score_of = [&cases](std::string_view prefix) {
    for (const auto& c : cases)
      if (std::string_view(c.what).starts_with(prefix)) return ScoreDuplicate(c.a, c.b).score;
    return -1;
  };
  DuplicateSummary family_homophone = Without(Xiaoming(), true, false);
  family_homophone.name_simplified = "王晓明";
  int twin = score_of("twin brother");
  EXPECT_LT(twin, score_of("same name and parents, birth date mistyped"));
  EXPECT_LT(twin, ScoreDuplicate(Xiaoming(), family_homophone).score);
  EXPECT_LT(twin, ScoreDuplicate(Xiaoming(), Without(Xiaoming(), true, false)).score);
}

TEST(DuplicateScore, R_REG_4_id_bodies_one_typo_apart_ignore_the_check_character) {
  struct Case {
    const char* a;
    const char* b;
    IdBodyRelation relation;
  };
  const Case cases[] = {
      {"52010220190901123X", "520102201909011230", IdBodyRelation::kEqual},
      {"52010220190901123X", "520102201909011258", IdBodyRelation::kOneSubstitution},
      {"52010220190901123X", "620102201909011234", IdBodyRelation::kOneSubstitution},
      {"52010220190901123X", "520102201909011324", IdBodyRelation::kAdjacentTransposition},
      {"52010220190901123X", "250102201909011234", IdBodyRelation::kAdjacentTransposition},
      {"52010220190901123X", "520103201909011325", IdBodyRelation::kOther},  // swap + change
      {"52010220190901123X", "520102201909013214", IdBodyRelation::kOther},  // not adjacent
      {"52010220190901123X", "520102201909011553", IdBodyRelation::kOther},  // two digits
      {"52010220190901123X", "5201022019", IdBodyRelation::kOther},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " " + c.b);
    EXPECT_EQ(CompareIdBodies(c.a, c.b), c.relation);
    EXPECT_EQ(CompareIdBodies(c.b, c.a), c.relation);
  }
}

// Every valid number one substitution or adjacent transposition away,
// computed by brute force with ParseIdNumber as the judge of validity.
std::set<std::string> ValidNeighboursByBruteForce(const std::string& id) {
  std::string body = id.substr(0, 17);
  std::vector<std::string> variants;
  for (size_t i = 0; i < 17; ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      std::string v = body;
      v[i] = d;
      variants.push_back(v);
    }
    if (i + 1 < 17) {
      std::string v = body;
      std::swap(v[i], v[i + 1]);
      variants.push_back(v);
    }
  }
  std::set<std::string> out;
  for (const auto& v : variants) {
    if (v == body) continue;
    auto parsed = ParseIdNumber(Id(v), Date{9999, 12, 31});
    if (parsed.ok()) out.insert(parsed->normalized);
  }
  return out;
}

TEST(DuplicateScore, R_REG_4_typo_neighbours_are_every_valid_number_one_typo_away) {
  const char* ids[] = {"52010220190901123X", "110105194912310021", "65010219991231555X",
                       "440524188001010014"};
  for (const char* id : ids) {
    SCOPED_TRACE(id);
    std::vector<std::string> got = IdTypoNeighbours(id);
    std::set<std::string> unique(got.begin(), got.end());
    EXPECT_EQ(unique.size(), got.size()) << "no number twice";
    EXPECT_EQ(unique, ValidNeighboursByBruteForce(id));
    EXPECT_LE(got.size(), 169u);
    EXPECT_EQ(unique.count(id), 0u);
  }
  EXPECT_TRUE(IdTypoNeighbours("5201022019090112").empty());
  EXPECT_TRUE(IdTypoNeighbours("52010220190901A23X").empty());
}

}  // namespace
}  // namespace xueji::domain
