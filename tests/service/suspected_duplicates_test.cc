// Suspected duplicates on both backends (R-REG-4, R-INFO-5, R-REG-3, R-ORG-4).

#include "service/suspected_duplicates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/id_number.h"
#include "io/synthetic_students.h"
#include "service/audit.h"
#include "service/duplicate_candidates.h"
#include "service/pending_records.h"
#include "service/stored_id_numbers.h"
#include "student_fixture.h"

namespace xueji::service {
namespace {

constexpr const char* kNanming = "5201020001";
constexpr const char* kYunyan = "5201030001";
constexpr const char* kBeijing = "1101010001";

// A valid 居民身份证 number from its 17-digit body.
std::string Id(const std::string& body) { return body + domain::IdCheckCharacter(body); }

const std::string kFatherId = Id("52010219880312001");

class SuspectedDuplicates : public StudentFixture {
 protected:
  // A first grader of `school`; no ID number when `id_body` is empty.
  domain::StudentInput Child(const std::string& school, const std::string& name,
                             const std::string& birth, const std::string& id_body,
                             const std::string& sex = "1", const std::string& father_id = "") {
    domain::StudentInput s = FirstGrader(school, id_body.empty() ? "" : Id(id_body));
    s.name = name;
    s.birth_date = birth;
    s.sex = sex;
    if (id_body.empty()) s.id_type = domain::kOtherIdType;
    if (!father_id.empty()) {
      s.guardians.front().id_type = domain::kCitizenIdType;
      s.guardians.front().id_number = father_id;
    }
    return s;
  }
  int64_t Submit(const domain::StudentInput& s, const std::string& school = kNanming) {
    auto sub = SubmitRegistration(*db_, As("school_registrar"), Org(school), s);
    EXPECT_TRUE(sub.ok()) << sub.error().field << ": " << sub.error().message;
    return sub.ok() ? sub->student_id : 0;
  }
  void Record(int64_t id) {
    auto tx = db_->BeginWrite();
    Status s = RecordSuspectedDuplicates(*tx, As("school_registrar"), id);
    ASSERT_TRUE(s.ok()) << s.error().message;
    tx->Commit();
  }
  std::vector<SuspectedDuplicate> Find(int64_t id) {
    auto tx = db_->BeginRead();
    auto found = FindSuspectedDuplicates(*tx, id);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::vector<SuspectedDuplicate>{};
  }
  static std::vector<std::string> Codes(const std::vector<domain::DuplicateReason>& reasons) {
    std::vector<std::string> out;
    for (const auto& r : reasons) out.emplace_back(r.code);
    return out;
  }
  // Ids of stored records with and without ID numbers and family members'
  // ID numbers, two of them sharing a father; ascending.
  std::vector<int64_t> SubmitLoadSubjects() {
    return {
        Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123", "1", kFatherId)),
        Submit(Child(kNanming, "王小红", "2019-03-02", "52010220190302124", "2", kFatherId)),
        Submit(Child(kNanming, "李华", "2019-05-05", "")),
        Submit(Child(kNanming, "張曉明", "2019-09-01", "", "1", Id("52010219850101003"))),
        Submit(Child(kNanming, "赵敏", "2019-07-07", "52010220190707125")),
    };
  }
  // One generated record and its planted near duplicate per kind, in the
  // order of io::AllNearDuplicateKinds().
  static std::vector<std::pair<domain::StudentInput, domain::StudentInput>> PlantedPairs(
      io::SyntheticStudents& gen) {
    std::vector<std::pair<domain::StudentInput, domain::StudentInput>> out;
    for (io::NearDuplicateKind kind : io::AllNearDuplicateKinds()) {
      std::optional<domain::StudentInput> dup;
      domain::StudentInput original;
      while (!dup) {
        original = gen.Next("11");
        dup = gen.NearDuplicate(original, kind);
      }
      out.emplace_back(std::move(original), std::move(*dup));
    }
    return out;
  }
  Result<SuspectedDuplicatePage> List(const Context& ctx, const std::string& cursor = "",
                                      int limit = 50) {
    return ListSuspectedDuplicates(*db_, ctx, ctx.actor->org_path, cursor, limit);
  }
};

TEST_P(SuspectedDuplicates, R_INFO_5_traditional_name_is_the_same_name_birth_and_sex) {
  int64_t a = Submit(Child(kNanming, "张晓明", "2019-09-01", "52010220190901123"));
  int64_t b = Submit(Child(kNanming, "張曉明", "2019-09-01", ""));
  auto found = Find(b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].other_student_id, a);
  EXPECT_EQ(found[0].score, 70);
  EXPECT_EQ(Codes(found[0].reasons), std::vector<std::string>{"SAME_NAME_BIRTH_SEX"});
}

TEST_P(SuspectedDuplicates, R_REG_4_homophone_name_born_the_same_day_is_found_by_pinyin) {
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t b = Submit(Child(kNanming, "王晓明", "2019-09-01", ""));
  Submit(Child(kNanming, "王晓明", "2019-09-01", "", "2"));  // a girl: not listed against 王小明
  auto found = Find(a);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].other_student_id, b);
  EXPECT_EQ(Codes(found[0].reasons),
            (std::vector<std::string>{"HOMOPHONE_NAME", "SAME_BIRTH_DATE", "SAME_SEX"}));
}

TEST_P(SuspectedDuplicates, R_REG_4_id_numbers_one_typo_apart_are_found_by_their_neighbours) {
  // The birth dates follow the mistyped numbers, so neither name probe finds them.
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t substituted = Submit(Child(kNanming, "王小明", "2019-09-02", "52010220190902123"));
  int64_t swapped = Submit(Child(kNanming, "王小明", "2019-09-10", "52010220190910123"));
  Submit(Child(kNanming, "李华", "2019-09-01", "52010220190901133"));  // a stranger: not listed
  auto found = Find(a);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].other_student_id, substituted);
  EXPECT_EQ(Codes(found[0].reasons),
            (std::vector<std::string>{"SAME_NAME", "SAME_SEX", "ID_ONE_SUBSTITUTION"}));
  EXPECT_EQ(found[1].other_student_id, swapped);
  EXPECT_EQ(Codes(found[1].reasons),
            (std::vector<std::string>{"SAME_NAME", "SAME_SEX", "ID_ADJACENT_TRANSPOSITION"}));
  EXPECT_EQ(found[1].score, 75);
}

TEST_P(SuspectedDuplicates, R_REG_4_shared_guardian_is_found_and_siblings_are_not_listed) {
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "", "1", kFatherId));
  int64_t again = Submit(Child(kNanming, "王小明", "2019-10-01", "", "1", kFatherId));
  Submit(Child(kNanming, "王小红", "2019-12-24", "", "2", kFatherId));  // his sister
  auto found = Find(a);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].other_student_id, again);
  EXPECT_EQ(found[0].score, 65);
  EXPECT_EQ(Codes(found[0].reasons),
            (std::vector<std::string>{"SAME_NAME", "SAME_SEX", "SHARED_GUARDIAN"}));
}

TEST_P(SuspectedDuplicates, R_REG_4_twins_are_listed_with_a_lower_score_than_the_same_child) {
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123", "1", kFatherId));
  int64_t twin =
      Submit(Child(kNanming, "王小亮", "2019-09-01", "52010220190901125", "1", kFatherId));
  int64_t again = Submit(Child(kYunyan, "王小明", "2019-09-01", "", "1", kFatherId), kYunyan);
  auto found = Find(a);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].other_student_id, again);
  EXPECT_EQ(found[0].score, 100);
  EXPECT_EQ(found[1].other_student_id, twin);
  EXPECT_EQ(found[1].score, 60);
  EXPECT_EQ(Codes(found[1].reasons),
            (std::vector<std::string>{"DIFFERENT_NAME", "SAME_BIRTH_DATE", "SAME_SEX",
                                      "ID_NEAR_OTHER_NAME", "SHARED_GUARDIAN_SAME_BIRTH"}));
}

TEST_P(SuspectedDuplicates, R_REG_3_exact_id_duplicates_and_returned_records_are_left_out) {
  Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t same_id = Submit(Child(kYunyan, "王小明", "2019-09-01", "52010220190901123"), kYunyan);
  EXPECT_TRUE(Find(same_id).empty()) << "R-REG-3 makes the exact duplicate a problem record";
  int64_t returned = Submit(Child(kNanming, "李华", "2019-05-01", ""));
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), returned, false, "照片不清晰").ok());
  int64_t b = Submit(Child(kYunyan, "李华", "2019-05-01", ""), kYunyan);
  EXPECT_TRUE(Find(b).empty()) << "a returned record is searched again when resubmitted";
  auto tx = db_->BeginRead();
  EXPECT_EQ(FindSuspectedDuplicates(*tx, 999999).error().kind, ErrorKind::kNotFound);
}

TEST_P(SuspectedDuplicates, R_REG_4_suspected_duplicates_do_not_block_registration) {
  Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  auto sub = SubmitRegistration(*db_, As("school_registrar"), Org(kNanming),
                                Child(kNanming, "王小明", "2019-09-01", ""));
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(sub->registration, "pending_school");
  Record(sub->student_id);
  ASSERT_TRUE(DecideAtSchool(*db_, As("school_approver"), sub->student_id, true, "").ok());
  auto done = DecideAtAuthority(*db_, As("nanming_registrar"), sub->student_id, true, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->registration, "active");
  auto page = List(As("nanming_registrar"));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

TEST_P(SuspectedDuplicates, R_REG_4_list_by_subtree_highest_score_first_with_masked_ids) {
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t beijing = Submit(Child(kBeijing, "王小明", "2019-09-01", ""), kBeijing);
  int64_t homophone = Submit(Child(kNanming, "王晓明", "2019-09-01", ""));
  for (int64_t id : {a, beijing, homophone}) Record(id);
  auto page = List(As("nanming_registrar"));
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 3);  // the two with 王小明 and the pair without any ID
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].score, 70);
  EXPECT_EQ(page->items[0].student.student_id, a);
  EXPECT_EQ(page->items[0].student.id_number_masked, "520102********123X");
  EXPECT_EQ(page->items[0].student.school_name, "贵阳市南明区第一小学");
  EXPECT_EQ(page->items[0].other.student_id, beijing);
  EXPECT_EQ(page->items[0].other.school_code, kBeijing);
  EXPECT_EQ(page->items[0].other.birth_date, "2019-09-01");
  EXPECT_GE(page->items[1].score, page->items[2].score);
  EXPECT_FALSE(page->items[2].reasons.empty());
  EXPECT_FALSE(page->items[2].reasons[0].text.empty());
  // Beijing's county sees the pair with its own school only; 云岩 sees none.
  Context dongcheng = NewAccount("dc_registrar", "county_registrar", "110101");
  auto bj = List(dongcheng);
  ASSERT_TRUE(bj.ok());
  EXPECT_EQ(bj->total, 2);
  for (const auto& p : bj->items) {
    EXPECT_TRUE(p.student.student_id == beijing || p.other.student_id == beijing);
  }
  EXPECT_EQ(List(As("yunyan_registrar"))->total, 0);
  EXPECT_EQ(ListSuspectedDuplicates(*db_, As("yunyan_registrar"), Org("520102").path, "", 50)
                .error()
                .kind,
            ErrorKind::kNotFound);
}

TEST_P(SuspectedDuplicates, R_REG_4_list_pages_by_cursor) {
  Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t b = Submit(Child(kNanming, "王小明", "2019-09-01", ""));
  int64_t c = Submit(Child(kNanming, "王晓明", "2019-09-01", ""));
  Record(b);
  Record(c);
  std::vector<int64_t> seen;
  std::string cursor;
  do {
    auto page = List(As("nanming_registrar"), cursor, 1);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 3);
    ASSERT_EQ(page->items.size(), 1u);
    if (!seen.empty()) {
      EXPECT_LE(page->items[0].score, seen.back());
    }
    seen.push_back(page->items[0].score);
    cursor = page->next_cursor;
  } while (!cursor.empty() && seen.size() < 5);
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(List(As("nanming_registrar"), "70:x", 1).error().code, "CURSOR_FORMAT");
  EXPECT_EQ(List(As("nanming_registrar"), "", 0).error().code, "LIMIT_RANGE");
}

TEST_P(SuspectedDuplicates, R_REG_4_dismissed_pairs_are_not_reopened_and_reviews_are_audited) {
  int64_t a = Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123", "1", kFatherId));
  int64_t twin =
      Submit(Child(kNanming, "王小亮", "2019-09-01", "52010220190901125", "1", kFatherId));
  Record(twin);
  auto page = List(As("nanming_registrar"));
  ASSERT_EQ(page->items.size(), 1u);
  int64_t pair = page->items[0].id;
  Context county = As("nanming_registrar");
  EXPECT_EQ(ReviewSuspectedDuplicate(*db_, county, pair, false, "  ").error().code,
            "REASON_REQUIRED");
  EXPECT_EQ(
      ReviewSuspectedDuplicate(*db_, As("school_registrar"), pair, false, "双胞胎").error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(
      ReviewSuspectedDuplicate(*db_, As("yunyan_registrar"), pair, false, "双胞胎").error().kind,
      ErrorKind::kNotFound);
  auto before = VerifyAudit(*db_).entries;
  ASSERT_TRUE(ReviewSuspectedDuplicate(*db_, county, pair, false, "双胞胎，户口簿核实").ok());
  EXPECT_EQ(VerifyAudit(*db_).entries, before + 1);
  EXPECT_TRUE(VerifyAudit(*db_).ok);
  EXPECT_EQ(ReviewSuspectedDuplicate(*db_, county, pair, true, "再审").error().code,
            "DUPLICATE_REVIEWED");
  Record(a);
  Record(twin);
  EXPECT_EQ(List(county)->total, 0);
  auto tx = db_->BeginRead();
  auto row = tx->QueryOne("SELECT COUNT(*), MIN(state), MIN(review_note) FROM suspected_duplicate");
  EXPECT_EQ(row->Int(0), 1);
  EXPECT_EQ(row->Text(1), "dismissed");
  EXPECT_EQ(row->Text(2), "双胞胎，户口簿核实");
  auto audit = ListAudit(*db_, county, 0, 5);
  ASSERT_TRUE(audit.ok());
  bool dismissed = false;
  for (const auto& e : audit->items)
    dismissed = dismissed || e.action == "student.duplicate_dismiss";
  EXPECT_TRUE(dismissed);
}

TEST_P(SuspectedDuplicates, R_REG_4_recording_is_idempotent_and_needs_no_review_to_proceed) {
  Submit(Child(kNanming, "王小明", "2019-09-01", "52010220190901123"));
  int64_t b = Submit(Child(kNanming, "王小明", "2019-09-01", ""));
  {
    auto tx = db_->BeginRead();
    EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM suspected_duplicate")->Int(0), 1)
        << "the submission records the pair";
  }
  auto entries = VerifyAudit(*db_).entries;
  Record(b);
  Record(b);
  auto tx = db_->BeginRead();
  EXPECT_EQ(tx->QueryOne("SELECT COUNT(*) FROM suspected_duplicate")->Int(0), 1);
  EXPECT_EQ(VerifyAudit(*db_).entries, entries) << "a run that changes nothing writes nothing";
}

// The generator's records register, and its planted near-duplicates are found.
TEST_P(SuspectedDuplicates, R_REG_4_planted_near_duplicates_of_generated_students_are_found) {
  io::SyntheticStudents gen(2026,
                            {{"520102", "贵州省贵阳市南明区"}, {"520103", "贵州省贵阳市云岩区"}},
                            domain::CstDate(now_));
  for (io::NearDuplicateKind kind : io::AllNearDuplicateKinds()) {
    SCOPED_TRACE(io::NearDuplicateKindName(kind));
    std::optional<domain::StudentInput> dup;
    domain::StudentInput original;
    while (!dup) {
      original = gen.Next("11");
      dup = gen.NearDuplicate(original, kind);
    }
    original.class_id = FirstGradeClass(kNanming);
    dup->class_id = FirstGradeClass(kYunyan);
    int64_t first = Submit(original);
    int64_t second = Submit(*dup, kYunyan);
    auto found = Find(second);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].other_student_id, first);
  }
  domain::StudentInput one = gen.Next("11");
  one.class_id = FirstGradeClass(kNanming);
  domain::StudentInput sister = gen.Twin(one, false);
  int64_t a = Submit(one);
  Submit(sister);
  EXPECT_TRUE(Find(a).empty()) << "a twin of the other sex is not listed";
}

// R-REG-4: a batch looked up together (a bulk import's records) finds, for
// each record, what looking it up alone finds among the stored records and
// the batch's records before it — and nothing from the records after it.
TEST_P(SuspectedDuplicates, R_REG_4_a_batch_finds_what_records_looked_up_in_order_find) {
  io::SyntheticStudents gen(7, {{"520102", "贵州省贵阳市南明区"}}, domain::CstDate(now_));
  std::vector<domain::StudentInput> inputs;
  for (auto& [original, dup] : PlantedPairs(gen)) {
    inputs.push_back(original);
    inputs.push_back(dup);
  }
  domain::StudentInput one = gen.Next("11");
  inputs.push_back(one);
  inputs.push_back(gen.Twin(one, true));
  std::vector<int64_t> ids;
  for (auto& input : inputs) {
    input.class_id = FirstGradeClass(kNanming);
    ids.push_back(Submit(input));
  }
  // The first record of each pair is "stored"; the rest form the batch, in
  // order, so that pairs fall both inside the batch and across it.
  std::vector<int64_t> batch_ids(ids.begin() + 1, ids.end());
  auto tx = db_->BeginRead();
  auto loaded = LoadDuplicateSubjects(*tx, batch_ids);
  std::vector<DuplicateSubject> batch;
  for (int64_t id : batch_ids) batch.push_back(loaded.at(id));
  auto together = FindSuspectedDuplicatesOf(*tx, batch);
  ASSERT_EQ(together.size(), batch.size());
  // The ID neighbours looked up in memory (a large import into a small
  // database) find the same.
  auto stored_ids = StoredIdNumbers::LoadIfAtMost(*tx, 1'000'000);
  ASSERT_TRUE(stored_ids.has_value());
  auto in_memory = FindSuspectedDuplicatesOf(*tx, batch, {&*stored_ids});
  ASSERT_EQ(in_memory.size(), batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    ASSERT_EQ(in_memory[i].size(), together[i].size()) << "record " << i;
    for (size_t j = 0; j < together[i].size(); ++j) {
      EXPECT_EQ(in_memory[i][j].other_student_id, together[i][j].other_student_id);
      EXPECT_EQ(in_memory[i][j].score, together[i][j].score);
    }
  }
  size_t pairs = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    std::set<int64_t> later(batch_ids.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                            batch_ids.end());
    std::vector<std::pair<int64_t, int>> alone, batched;
    auto found = FindSuspectedDuplicates(*tx, batch_ids[i]);
    ASSERT_TRUE(found.ok());
    for (const auto& d : *found) {
      if (later.count(d.other_student_id) == 0) alone.emplace_back(d.other_student_id, d.score);
    }
    for (const auto& d : together[i]) batched.emplace_back(d.other_student_id, d.score);
    std::sort(alone.begin(), alone.end());
    std::sort(batched.begin(), batched.end());
    EXPECT_EQ(batched, alone);
    pairs += batched.size();
  }
  EXPECT_GE(pairs, io::AllNearDuplicateKinds().size()) << "every planted near duplicate is found";
}

// R-REG-4: an import looks its records up before writing them: the stored
// records in a snapshot taken before the first of them is written, its own
// records in memory (service/pending_records.h), batch after batch. That
// finds, candidates and scored pairs alike, what the records find once
// written, looked up together in the store — with the stored ID numbers in
// the store or in memory, and with a family member's ID number held by more
// records than the guardian look-up takes (the limit keeps the same ones).
TEST_P(SuspectedDuplicates, R_REG_4_records_looked_up_before_they_are_written_find_the_same) {
  io::SyntheticStudents gen(11, {{"520102", "贵州省贵阳市南明区"}}, domain::CstDate(now_));
  auto sharing_father = [&] {
    domain::StudentInput s = gen.Next("11");
    s.guardians.front().id_type = domain::kCitizenIdType;
    s.guardians.front().id_number = kFatherId;
    return s;
  };
  const std::string father2 = Id("52010219850101003");
  // Stored, then written after the snapshot: generated near duplicates, and
  // pairs that only one look-up finds (pinyin; an ID number one typo away; a
  // family member), stored and pending, and both pending in batches apart.
  std::vector<domain::StudentInput> stored, written;
  // Namesakes sharing the father: found by name, they leave the guardian
  // look-up's limit to the holders after them.
  auto namesake = [&] {
    domain::StudentInput s = sharing_father();
    s.name = "王小明";
    s.birth_date = "2019-09-09";
    s.sex = "1";
    s.id_type = domain::kOtherIdType;
    s.id_number = "";
    return s;
  };
  for (int i = 0; i < 10; ++i) stored.push_back(namesake());
  for (int64_t i = 10; i < kGuardianCandidateLimit - 50; ++i) stored.push_back(sharing_father());
  for (auto& [original, dup] : PlantedPairs(gen)) {
    (stored.size() < kGuardianCandidateLimit - 47 ? stored : written).push_back(original);
    (stored.size() < kGuardianCandidateLimit - 47 ? stored : written).push_back(dup);
  }
  stored.push_back(Child(kNanming, "王小明", "2019-03-01", ""));
  stored.push_back(Child(kNanming, "赵敏", "2019-07-07", "52010220190707125"));
  for (auto s : {Child(kNanming, "王晓明", "2019-03-01", ""),
                 Child(kNanming, "钱多", "2019-07-08", "52010220190708125"),
                 Child(kNanming, "孙悦", "2019-04-04", ""),
                 Child(kNanming, "周杰", "2019-06-06", "52010220190606127"),
                 Child(kNanming, "吴一", "2019-02-02", "", "1", father2)}) {
    written.push_back(s);
  }
  for (int i = 0; i < 69; ++i) written.push_back(sharing_father());
  written.push_back(namesake());
  for (auto s : {Child(kNanming, "孙月", "2019-04-04", ""),
                 Child(kNanming, "郑二", "2019-06-07", "52010220190607127"),
                 Child(kNanming, "冯三", "2019-11-11", "", "1", father2)}) {
    written.push_back(s);
  }
  for (auto& s : stored) {
    s.class_id = FirstGradeClass(kNanming);
    Submit(s);
  }
  auto snapshot = db_->BeginRead();
  snapshot->QueryOne("SELECT COUNT(*) FROM student");  // the snapshot is taken here
  std::vector<int64_t> batch_ids;
  for (auto& s : written) {
    s.class_id = FirstGradeClass(kNanming);
    batch_ids.push_back(Submit(s));
  }
  auto now = db_->BeginRead();
  auto loaded = LoadDuplicateSubjects(*now, batch_ids);
  std::vector<DuplicateSubject> batch;
  for (int64_t id : batch_ids) batch.push_back(loaded.at(id));
  auto expected_candidates = DuplicateCandidates(*now, batch);
  auto expected = FindSuspectedDuplicatesOf(*now, batch);
  auto real_id = [&](int64_t id) {
    return PendingRecords::IsPending(id)
               ? batch_ids.at(static_cast<size_t>(id - PendingRecords::kFirstId))
               : id;
  };
  for (bool ids_in_memory : {false, true}) {
    SCOPED_TRACE(ids_in_memory ? "stored ID numbers in memory" : "stored ID numbers probed");
    auto stored_ids = StoredIdNumbers::LoadIfAtMost(*snapshot, 1'000'000);
    ASSERT_TRUE(stored_ids.has_value());
    CandidateSources sources{ids_in_memory ? &*stored_ids : nullptr, nullptr};
    PendingRecords pending(batch.size());
    sources.pending = &pending;
    std::vector<std::set<int64_t>> candidates;
    std::vector<std::vector<SuspectedDuplicate>> found;
    for (size_t from = 0; from < batch.size(); from += 7) {
      std::vector<DuplicateSubject> chunk(
          batch.begin() + static_cast<std::ptrdiff_t>(from),
          batch.begin() + static_cast<std::ptrdiff_t>(std::min(batch.size(), from + 7)));
      pending.Add(chunk);
      for (auto& ids : DuplicateCandidates(*snapshot, chunk, sources)) {
        candidates.emplace_back();
        for (int64_t id : ids) candidates.back().insert(real_id(id));
      }
      for (auto& pairs : FindSuspectedDuplicatesOf(*snapshot, chunk, sources)) {
        for (auto& d : pairs) d.other_student_id = real_id(d.other_student_id);
        found.push_back(std::move(pairs));
      }
    }
    ASSERT_EQ(candidates.size(), batch.size());
    ASSERT_EQ(found.size(), batch.size());
    size_t pairs = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      SCOPED_TRACE("record " + std::to_string(i));
      EXPECT_EQ(candidates[i], expected_candidates[i]);
      ASSERT_EQ(found[i].size(), expected[i].size());
      for (size_t j = 0; j < found[i].size(); ++j) {
        EXPECT_EQ(found[i][j].other_student_id, expected[i][j].other_student_id);
        EXPECT_EQ(found[i][j].score, expected[i][j].score);
        EXPECT_EQ(Codes(found[i][j].reasons), Codes(expected[i][j].reasons));
      }
      pairs += found[i].size();
    }
    // Every planted pair but the first, which is stored whole.
    EXPECT_GE(pairs, io::AllNearDuplicateKinds().size() - 1);
    // The last record sharing the father (before the last three), a namesake:
    // the 10 namesakes, and the other holders among the father's lowest
    // kGuardianCandidateLimit + 1 (150 stored, 51 pending).
    EXPECT_EQ(candidates[batch.size() - 4].size(),
              static_cast<size_t>(kGuardianCandidateLimit + 1));
  }
}

// A loaded subject as text, for comparing loads.
std::string Describe(const DuplicateSubject& s) {
  const domain::DuplicateSummary& m = s.summary;
  std::string out = std::to_string(s.student_id) + " " + s.registration + " " + m.name_simplified +
                    " " + m.name_pinyin + " " + m.birth_date + " " + m.sex + " " + m.id_type + " " +
                    m.id_number_norm + " [";
  for (const auto& g : m.guardian_ids) out += g + ";";
  return out + "]";
}

std::map<int64_t, std::string> Describe(const std::map<int64_t, DuplicateSubject>& loaded) {
  std::map<int64_t, std::string> out;
  for (const auto& [id, s] : loaded) out[id] = Describe(s);
  return out;
}

// R-REG-4: LoadDuplicateSubjects pads its IN lists to a few sizes by
// repeating the last id; a batch of any length, over one statement or two,
// loads what loading each record alone loads, family members' ID numbers
// once each and in form order, and nothing for ids that do not exist.
TEST_P(SuspectedDuplicates, R_REG_4_subjects_load_alike_in_batches_of_any_length) {
  std::vector<int64_t> stored = SubmitLoadSubjects();
  auto tx = db_->BeginRead();
  std::map<int64_t, std::string> alone;
  for (int64_t id : stored) {
    auto one = LoadDuplicateSubjects(*tx, {id});
    ASSERT_EQ(one.size(), 1u);
    alone[id] = Describe(one.at(id));
  }
  EXPECT_NE(alone[stored[0]].find(kFatherId), std::string::npos);
  const int64_t missing = stored.back() + 1'000'000;
  for (size_t n : {2, 3, 5, 6, 17, 65, 257, 1'023, 1'025, 1'100}) {
    SCOPED_TRACE("batch of " + std::to_string(n));
    // Ids that do not exist, then the stored records (the last one last, so
    // that it is the id the padding repeats, and alone in the second
    // statement of 1,025).
    std::vector<int64_t> ids;
    for (size_t i = 0; i + stored.size() < n; ++i) ids.push_back(missing + static_cast<int64_t>(i));
    size_t from = n < stored.size() ? stored.size() - n : 0;
    ids.insert(ids.end(), stored.begin() + static_cast<std::ptrdiff_t>(from), stored.end());
    ASSERT_EQ(ids.size(), n);
    std::map<int64_t, std::string> expected(alone.find(stored[from]), alone.end());
    EXPECT_EQ(Describe(LoadDuplicateSubjects(*tx, ids)), expected);
  }
}

// The statements of `tx`'s connection whose text contains `fragment`:
// PostgreSQL's prepared statements, SQLite's (where the library lists them).
std::optional<int64_t> PreparedStatements(store::Tx& tx, const std::string& fragment) {
  std::string pattern = "%" + fragment + "%";
  if (tx.dialect() == store::Dialect::kPostgres) {
    return tx
        .QueryOne("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE $1", {pattern})
        ->Int(0);
  }
  if (!tx.QueryOne("SELECT 1 FROM pragma_compile_options WHERE compile_options = $1",
                   {std::string("ENABLE_STMTVTAB")})) {
    return std::nullopt;
  }
  // The pattern is a parameter, so that this statement's text does not match.
  return tx.QueryOne("SELECT COUNT(*) FROM sqlite_stmt WHERE sql LIKE $1", {pattern})->Int(0);
}

// R-REG-4: batches of 1 to 300 subjects take at most one look-up text per
// list size (six), not one per length, each kept for the connection's
// lifetime.
TEST_P(SuspectedDuplicates, R_REG_4_subject_loads_of_any_length_prepare_a_few_statements) {
  std::vector<int64_t> stored = SubmitLoadSubjects();
  auto tx = db_->BeginRead();
  const std::string fragment = "FROM student WHERE id IN";
  if (!PreparedStatements(*tx, fragment)) GTEST_SKIP() << "this SQLite does not list statements";
  for (size_t n = 1; n <= 300; ++n) {
    std::vector<int64_t> ids(stored.begin(), stored.end());
    for (int64_t extra = 1; ids.size() < n; ++extra) ids.push_back(stored.back() + extra);
    ids.resize(n);
    ASSERT_EQ(LoadDuplicateSubjects(*tx, ids).size(), std::min(n, stored.size()));
  }
  EXPECT_LE(*PreparedStatements(*tx, fragment), 6);
  EXPECT_GE(*PreparedStatements(*tx, fragment), 1);
  EXPECT_LE(*PreparedStatements(*tx, "AND student_id IN"), 6);
}

INSTANTIATE_TEST_SUITE_P(Backends, SuspectedDuplicates,
                         ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xueji::service
