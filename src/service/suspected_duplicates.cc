#include "service/suspected_duplicates.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "domain/id_number.h"
#include "domain/org.h"
#include "domain/reason.h"
#include "domain/role.h"
#include "domain/text.h"
#include "service/audit.h"
#include "service/duplicate_candidates.h"
#include "service/jurisdiction.h"
#include "service/pending_records.h"
#include "service/summary.h"

namespace xueji::service {
namespace {

std::string JoinCodes(const std::vector<domain::DuplicateReason>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : ",") + std::string(r.code);
  return out;
}

std::vector<domain::DuplicateReason> SplitCodes(const std::string& codes) {
  std::vector<domain::DuplicateReason> out;
  for (size_t start = 0; start < codes.size();) {
    size_t end = codes.find(',', start);
    if (end == std::string::npos) end = codes.size();
    if (auto* r = domain::FindDuplicateReason(std::string_view(codes).substr(start, end - start))) {
      out.push_back(*r);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

// R-REG-4, R-INFO-5, R-REG-3
std::vector<std::vector<SuspectedDuplicate>> FindSuspectedDuplicatesOf(
    store::Tx& tx, const std::vector<DuplicateSubject>& subjects, const CandidateSources& sources) {
  std::vector<std::set<int64_t>> candidates = DuplicateCandidates(tx, subjects, sources);
  std::map<int64_t, const DuplicateSubject*> known;
  for (const auto& s : subjects) known[s.student_id] = &s;
  std::map<int64_t, DuplicateSubject> pending;  // those written before the subjects
  std::vector<int64_t> stored;
  for (const auto& ids : candidates) {
    for (int64_t id : ids) {
      if (known.count(id) != 0) continue;
      if (auto p = sources.pending ? sources.pending->Find(id) : std::nullopt) {
        known[id] = &pending.emplace(id, std::move(*p)).first->second;
      } else {
        stored.push_back(id);
      }
    }
  }
  std::sort(stored.begin(), stored.end());
  stored.erase(std::unique(stored.begin(), stored.end()), stored.end());
  std::map<int64_t, DuplicateSubject> loaded = LoadDuplicateSubjects(tx, stored);
  for (const auto& [id, s] : loaded) known[id] = &s;
  std::vector<std::vector<SuspectedDuplicate>> out(subjects.size());
  for (size_t i = 0; i < subjects.size(); ++i) {
    const domain::DuplicateSummary& mine = subjects[i].summary;
    for (int64_t id : candidates[i]) {
      auto it = known.find(id);
      if (it == known.end() || it->second->registration == "returned") continue;
      const domain::DuplicateSummary& other = it->second->summary;
      if (!mine.id_number_norm.empty() && other.id_number_norm == mine.id_number_norm) continue;
      domain::DuplicateScore score = domain::ScoreDuplicate(mine, other);
      if (score.score < domain::kDuplicateListThreshold) continue;
      out[i].push_back({id, score.score, std::move(score.reasons)});
    }
    std::stable_sort(out[i].begin(), out[i].end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
  }
  return out;
}

// R-REG-4, R-INFO-5, R-REG-3
Result<std::vector<SuspectedDuplicate>> FindSuspectedDuplicates(store::Tx& tx, int64_t student_id) {
  auto self = LoadDuplicateSubjects(tx, {student_id});
  if (self.empty()) return NotFound("学生记录不存在");
  return std::move(FindSuspectedDuplicatesOf(tx, {self.begin()->second}).front());
}

// R-REG-4
void RecordSuspectedDuplicatesOf(store::Tx& tx, const Context& ctx,
                                 const std::vector<DuplicateSubject>& subjects,
                                 const CandidateSources& sources) {
  std::vector<int64_t> ids;
  for (const auto& s : subjects) ids.push_back(s.student_id);
  RecordSuspectedDuplicatePairs(tx, ctx, ids, FindSuspectedDuplicatesOf(tx, subjects, sources));
}

// R-REG-4
void RecordSuspectedDuplicatePairs(store::Tx& tx, const Context& ctx,
                                   const std::vector<int64_t>& student_ids,
                                   const std::vector<std::vector<SuspectedDuplicate>>& found) {
  for (size_t i = 0; i < student_ids.size(); ++i) {
    int64_t student_id = student_ids[i];
    std::string others;
    for (const auto& d : found[i]) {
      int64_t low = std::min(student_id, d.other_student_id);
      int64_t high = std::max(student_id, d.other_student_id);
      int64_t changed = tx.Exec(
          "INSERT INTO suspected_duplicate (student_id, other_student_id, score, reasons, state, "
          "created_at) VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (student_id, "
          "other_student_id) DO UPDATE SET score = excluded.score, reasons = excluded.reasons "
          "WHERE suspected_duplicate.state = 'open' AND (suspected_duplicate.score <> "
          "excluded.score OR suspected_duplicate.reasons <> excluded.reasons)",
          {low, high, static_cast<int64_t>(d.score), JoinCodes(d.reasons), ctx.now.micros});
      if (changed > 0) {
        others += (others.empty() ? "" : ",") + std::to_string(d.other_student_id);
      }
    }
    if (!others.empty()) {
      AppendAudit(tx, ctx,
                  {"student.suspected_duplicates", std::to_string(student_id), "ok",
                   Summary({{"others", others}})});
    }
  }
}

// R-REG-4
Status RecordSuspectedDuplicates(store::Tx& tx, const Context& ctx, int64_t student_id) {
  auto self = LoadDuplicateSubjects(tx, {student_id});
  if (self.empty()) return NotFound("学生记录不存在");
  RecordSuspectedDuplicatesOf(tx, ctx, {self.begin()->second});
  return Ok();
}

namespace {

constexpr const char* kSideColumns[] = {
    "id",        "name",           "sex",         "birth_date",  "id_type",
    "id_number", "id_number_norm", "school_code", "registration"};

std::string SideSelect(const std::string& st, const std::string& org) {
  std::string out;
  for (const char* c : kSideColumns) out += ", " + st + "." + c;
  return out + ", " + org + ".name";
}

DuplicateSide ReadSide(const store::Row& r, size_t i) {
  DuplicateSide s;
  s.student_id = r.Int(i);
  s.name = r.Text(i + 1);
  s.sex = r.Text(i + 2);
  s.birth_date = r.Text(i + 3);
  s.id_type = r.Text(i + 4);
  std::string norm = r.Text(i + 6);
  s.id_number_masked = domain::MaskIdNumber(norm.empty() ? r.Text(i + 5) : norm);
  s.school_code = r.Text(i + 7);
  s.registration = r.Text(i + 8);
  s.school_name = r.Text(i + 9);
  return s;
}

// "<score>:<id>" of the last item shown, or "" for the first page.
bool ParseCursor(const std::string& cursor, int64_t& score, int64_t& id) {
  score = 101;  // above every score: the first page
  id = 0;
  if (cursor.empty()) return true;
  size_t colon = cursor.find(':');
  if (colon == std::string::npos) return false;
  const char* end = cursor.data() + cursor.size();
  auto a = std::from_chars(cursor.data(), cursor.data() + colon, score);
  auto b = std::from_chars(cursor.data() + colon + 1, end, id);
  return a.ec == std::errc() && a.ptr == cursor.data() + colon && b.ec == std::errc() &&
         b.ptr == end && score >= 0 && id > 0;
}

}  // namespace

// R-REG-4, R-ORG-4, R-SEC-3
Result<SuspectedDuplicatePage> ListSuspectedDuplicates(store::Database& db, const Context& ctx,
                                                       const std::string& org_path,
                                                       const std::string& cursor, int limit) {
  if (!ctx.actor) return Unauthenticated();
  if (!domain::IsWithin(ctx.actor->org_path, org_path)) return NotFound("机构不存在");
  if (limit < 1 || limit > 200) return Invalid("LIMIT_RANGE", "limit", "每页条数应在1到200之间");
  int64_t after_score, after_id;
  if (!ParseCursor(cursor, after_score, after_id)) {
    return Invalid("CURSOR_FORMAT", "cursor", "分页位置无效，请从第一页重新查询");
  }
  const std::string from =
      " FROM suspected_duplicate p JOIN student a ON a.id = p.student_id JOIN org oa ON oa.code = "
      "a.school_code JOIN student b ON b.id = p.other_student_id JOIN org ob ON ob.code = "
      "b.school_code WHERE p.state = 'open' AND ((oa.path >= $1 AND oa.path < $2) OR (ob.path >= "
      "$1 AND ob.path < $2))";
  std::string upper = SubtreeUpperBound(org_path);
  auto tx = db.BeginRead();
  SuspectedDuplicatePage page;
  page.total = tx->QueryOne("SELECT COUNT(*)" + from, {org_path, upper})->Int(0);
  auto rows = tx->Query("SELECT p.id, p.score, p.reasons, p.created_at" + SideSelect("a", "oa") +
                            SideSelect("b", "ob") + from +
                            " AND (p.score < $3 OR (p.score = $3 AND p.id > $4)) ORDER BY "
                            "p.score DESC, p.id LIMIT $5",
                        {org_path, upper, after_score, after_id, static_cast<int64_t>(limit + 1)});
  for (const auto& r : rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      const auto& last = page.items.back();
      page.next_cursor = std::to_string(last.score) + ":" + std::to_string(last.id);
      break;
    }
    page.items.push_back({r.Int(0), static_cast<int>(r.Int(1)), SplitCodes(r.Text(2)),
                          ReadSide(r, 4), ReadSide(r, 14), r.Int(3)});
  }
  return page;
}

// R-REG-4, R-ORG-4
Status ReviewSuspectedDuplicate(store::Database& db, const Context& ctx, int64_t pair_id,
                                bool same_person, const std::string& note) {
  if (!ctx.actor) return Unauthenticated();
  if (!domain::HasPermission(ctx.actor->role, domain::Permission::kArbitrate)) {
    return Forbidden("只有学籍主管部门的学籍管理员可以审核疑似重复学籍");
  }
  auto checked = domain::CheckReason(note, true, "note");
  if (!checked.ok()) return checked.error();
  const std::string& text = *checked;
  auto tx = db.BeginWrite();
  auto pair = tx->QueryOne(
      "SELECT p.state, p.student_id, p.other_student_id, oa.path, ob.path FROM suspected_duplicate "
      "p JOIN student a ON a.id = p.student_id JOIN org oa ON oa.code = a.school_code JOIN student "
      "b ON b.id = p.other_student_id JOIN org ob ON ob.code = b.school_code WHERE p.id = $1" +
          std::string(tx->dialect() == store::Dialect::kPostgres ? " FOR UPDATE OF p" : ""),
      {pair_id});
  const std::string& scope = ctx.actor->org_path;
  if (!pair ||
      (!domain::IsWithin(scope, pair->Text(3)) && !domain::IsWithin(scope, pair->Text(4)))) {
    return NotFound("疑似重复记录不存在");
  }
  if (pair->Text(0) != "open") {
    return Conflict("DUPLICATE_REVIEWED", "该疑似重复记录已审核过");
  }
  std::string state = same_person ? "confirmed" : "dismissed";
  tx->Exec(
      "UPDATE suspected_duplicate SET state = $1, reviewed_by = $2, reviewed_at = $3, "
      "review_note = $4 WHERE id = $5",
      {state, ctx.actor->user_id, ctx.now.micros, text, pair_id});
  AppendAudit(
      *tx, ctx,
      {same_person ? "student.duplicate_confirm" : "student.duplicate_dismiss",
       std::to_string(pair_id), "ok",
       Summary({{"student", pair->Text(1)}, {"other_student", pair->Text(2)}, {"note", text}})});
  tx->Commit();
  return Ok();
}

std::vector<std::string> SchoolOfSuspectedPair(store::Tx& tx, const std::string& pair_id) {
  if (pair_id.empty() || pair_id.size() > 18 || !domain::AllDigits(pair_id)) return {};
  std::vector<std::string> schools;
  for (const auto& r :
       tx.Query("SELECT st.school_code FROM suspected_duplicate d JOIN student st ON st.id IN "
                "(d.student_id, d.other_student_id) WHERE d.id = $1 ORDER BY st.id",
                {std::stoll(pair_id)})) {
    schools.push_back(r.Text(0));
  }
  return schools;
}

}  // namespace xueji::service
