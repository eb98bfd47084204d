#include "domain/org.h"

#include <gtest/gtest.h>

namespace xueji::domain {
namespace {

TEST(Org, R_ORG_1_level_follows_from_the_code) {
  struct Case {
    const char* code;
    bool ok;
    OrgLevel level;
  };
  const Case cases[] = {
      {"000000", true, OrgLevel::kMinistry},
      {"520000", true, OrgLevel::kProvince},
      {"520100", true, OrgLevel::kCity},
      {"520102", true, OrgLevel::kCounty},
      {"5201020001", true, OrgLevel::kSchool},
      {"52010", false, {}},
      {"5201020", false, {}},
      {"52010a", false, {}},
      {"", false, {}},
      {"001000", false, {}},
      {"５２０１０２", false, {}},
      {"52010200011", false, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    auto level = LevelOfCode(c.code);
    ASSERT_EQ(level.ok(), c.ok);
    if (c.ok) {
      EXPECT_EQ(*level, c.level);
    } else {
      EXPECT_EQ(level.error().code, "ORG_CODE_FORMAT");
      EXPECT_EQ(level.error().field, "code");
      EXPECT_FALSE(level.error().message.empty());
    }
  }
}

TEST(Org, R_ORG_1_parents_of_division_codes) {
  EXPECT_EQ(ProvinceOf("520102"), "520000");
  EXPECT_EQ(CityOf("520102"), "520100");
  EXPECT_EQ(ChildPath("/000000/", "520000"), "/000000/520000/");
  EXPECT_EQ(ChildPath("/000000", "520000"), "/000000/520000/");
}

TEST(Org, R_ORG_4_subtree_is_a_path_prefix) {
  struct Case {
    const char* ancestor;
    const char* path;
    bool within;
  };
  const Case cases[] = {
      {"/000000/", "/000000/520000/520100/520102/5201020001/", true},
      {"/000000/520000/520100/520102/", "/000000/520000/520100/520102/5201020001/", true},
      {"/000000/520000/520100/520102/", "/000000/520000/520100/520102/", true},
      {"/000000/520000/520100/520103/", "/000000/520000/520100/520102/5201020001/", false},
      // A sibling whose code starts with the same digits is not inside.
      {"/000000/520000/520100/520102/5201020001/", "/000000/520000/520100/520102/52010200012/",
       false},
      {"/000000/520000/520100/520102/", "/000000/520000/520100/", false},
      {"", "/000000/", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.ancestor) + " ⊇ " + c.path);
    EXPECT_EQ(IsWithin(c.ancestor, c.path), c.within);
  }
}

TEST(Org, R_REG_5_arbiter_is_the_lowest_common_authority) {
  struct Case {
    const char* a;
    const char* b;
    const char* arbiter;
  };
  const Case cases[] = {
      {"/000000/520000/520100/520102/5201020001/", "/000000/520000/520100/520102/5201020002/",
       "520102"},
      {"/000000/520000/520100/520102/5201020001/", "/000000/520000/520100/520103/5201030001/",
       "520100"},
      {"/000000/520000/520100/520102/5201020001/", "/000000/520000/520300/520302/5203020001/",
       "520000"},
      {"/000000/520000/520100/520102/5201020001/", "/000000/110000/110100/110101/1101010001/",
       "000000"},
      {"/000000/520000/520100/520102/5201020001/", "/000000/520000/520100/520102/52010200012/",
       "520102"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " & " + c.b);
    EXPECT_EQ(LowestCommonAncestor(c.a, c.b), c.arbiter);
  }
}

}  // namespace
}  // namespace xueji::domain
