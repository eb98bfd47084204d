// The import's records held for the suspected-duplicate finder before they
// are written (R-REG-4): provisional ids, the look-ups by each key, and the
// records read back as the finder compares them.

#include "service/pending_records.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/stored_id_numbers.h"

namespace xueji::service {
namespace {

DuplicateSubject Subject(const std::string& name, const std::string& pinyin,
                         const std::string& birth, const std::string& id,
                         std::vector<std::string> guardians) {
  return {0, "pending_school", {name, pinyin, birth, "1", "1", id, std::move(guardians)}};
}

const std::string kIdA = "520102201909011235";
const std::string kIdB = "52010220190902123X";
const std::string kFather = "520102198803120011";

std::vector<int64_t> Ids(std::initializer_list<int64_t> ordinals) {
  std::vector<int64_t> out;
  for (int64_t o : ordinals) out.push_back(PendingRecords::kFirstId + o);
  return out;
}

TEST(PendingRecords, R_REG_4_records_get_provisional_ids_in_order_and_read_back_whole) {
  PendingRecords pending(3);
  std::vector<DuplicateSubject> first = {
      Subject("王小明", "wang xiao ming", "2019-09-01", kIdA, {kFather, kFather})};
  std::vector<DuplicateSubject> second = {
      Subject("李华", "li hua", "2019-05-05", "", {}),
      Subject("王晓明", "wang xiao ming", "2019-09-01", kIdB, {kFather})};
  pending.Add(first);
  pending.Add(second);
  EXPECT_EQ(pending.size(), 3u);
  EXPECT_EQ(first[0].student_id, PendingRecords::kFirstId);
  EXPECT_EQ(second[1].student_id, PendingRecords::kFirstId + 2);
  auto back = pending.Find(PendingRecords::kFirstId + 2);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->registration, "pending_school");
  EXPECT_EQ(back->summary.name_simplified, "王晓明");
  EXPECT_EQ(back->summary.id_number_norm, kIdB);
  EXPECT_EQ(back->summary.guardian_ids, std::vector<std::string>{kFather});
  EXPECT_EQ(pending.Find(PendingRecords::kFirstId + 1)->summary.id_number_norm, "");
  EXPECT_FALSE(pending.Find(PendingRecords::kFirstId + 3).has_value());
  EXPECT_FALSE(pending.Find(42).has_value()) << "a stored record's id is not pending";
  EXPECT_FALSE(PendingRecords::IsPending(42));
}

TEST(PendingRecords, R_REG_4_each_key_finds_exactly_its_holders_in_id_order) {
  PendingRecords pending;
  std::vector<DuplicateSubject> subjects = {
      Subject("王小明", "wang xiao ming", "2019-09-01", kIdA, {kFather, kFather}),
      Subject("王晓明", "wang xiao ming", "2019-09-01", kIdB, {kFather}),
      Subject("王小明", "wang xiao ming", "2019-09-02", "", {}),
      Subject("王小明", "wang xiao ming", "2019-09-01", "", {})};
  pending.Add(subjects);
  const auto& probe = subjects[0].summary;
  EXPECT_EQ(pending.WithName(probe), Ids({0, 3}));
  EXPECT_EQ(pending.WithPinyin(probe), Ids({0, 1, 3}));
  EXPECT_EQ(pending.WithGuardian(kFather), Ids({0, 1})) << "once per record";
  EXPECT_TRUE(pending.WithGuardian("520102198803120028").empty());
  std::vector<int64_t> holders;
  pending.ForEachWithIdCode(IdNumberCode(kIdB), [&](int64_t id) { holders.push_back(id); });
  EXPECT_EQ(holders, Ids({1}));
  holders.clear();
  pending.ForEachWithIdCode(IdNumberCode("520102201909031236"),
                            [&](int64_t id) { holders.push_back(id); });
  EXPECT_TRUE(holders.empty());
  // A key's parts are kept apart: ("王小明", "2019-09-01") is not
  // ("王小", "明2019-09-01").
  auto shifted = Subject("王小", "wang xiao", "明2019-09-01", "", {});
  EXPECT_TRUE(pending.WithName(shifted.summary).empty());
}

}  // namespace
}  // namespace xueji::service
