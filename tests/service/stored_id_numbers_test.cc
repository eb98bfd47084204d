// The stored 居民身份证 numbers held in memory for a large import (R-REG-4).

#include "service/stored_id_numbers.h"

#include <gtest/gtest.h>

#include "domain/id_number.h"
#include "service/registration.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

std::string Id(const std::string& body) { return body + domain::IdCheckCharacter(body); }

TEST(IdNumberCode, R_REG_4_codes_round_trip_and_refuse_what_is_no_number) {
  for (const std::string& id :
       {Id("52010220190901123"), Id("11010119900307001"), std::string("11010519491231002X")}) {
    SCOPED_TRACE(id);
    uint64_t code = IdNumberCode(id);
    ASSERT_NE(code, 0u);
    EXPECT_EQ(IdNumberOfCode(code), id);
  }
  for (const std::string& bad :
       {std::string(""), std::string("5201022019090112"), std::string("52010220190901123Y"),
        std::string("5201022019O901123X")}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(IdNumberCode(bad), 0u);
  }
  EXPECT_LT(IdNumberCode("110101199003070010"), IdNumberCode("11010119900307001X"));
}

class StoredIdNumbersTest : public StudentFixture {};

TEST_P(StoredIdNumbersTest, R_REG_4_loads_only_below_the_limit_and_finds_every_holder) {
  std::vector<std::string> ids = {Id("52010220190901123"), Id("52010220190901131"),
                                  Id("52010220190901123")};  // the third a second holder
  std::vector<int64_t> students;
  for (const auto& id : ids) {
    auto sub = SubmitRegistration(*db_, As("school_registrar"), Org("5201020001"),
                                  FirstGrader("5201020001", id));
    ASSERT_TRUE(sub.ok()) << sub.error().message;
    students.push_back(sub->student_id);
  }
  auto tx = db_->BeginRead();
  int64_t stored =
      tx->QueryOne("SELECT COUNT(*) FROM student WHERE id_number_norm IS NOT NULL")->Int(0);
  EXPECT_FALSE(StoredIdNumbers::LoadIfAtMost(*tx, stored - 1).has_value());
  auto held = StoredIdNumbers::LoadIfAtMost(*tx, stored);
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->size(), static_cast<size_t>(stored));
  std::vector<int64_t> holders;
  held->ForEachHolder(IdNumberCode(ids[0]), [&](int64_t id) { holders.push_back(id); });
  EXPECT_EQ(holders, (std::vector<int64_t>{students[0], students[2]}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoredIdNumbersTest,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
