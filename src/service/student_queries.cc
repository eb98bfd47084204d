#include "service/student_queries.h"

#include <cctype>

#include "domain/id_number.h"
#include "domain/student_number.h"
#include "domain/text.h"
#include "io/name_keys.h"
#include "service/audit.h"
#include "service/jurisdiction.h"
#include "service/summary.h"
#include "store/where.h"

namespace xueji::service {
namespace {

// Longer runs of letters are searched as a pinyin prefix only.
constexpr size_t kMaxInitials = 8;

bool IsPinyin(const std::string& q) {
  for (char c : q) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != ' ') return false;
  }
  return true;
}

// A name's pinyin initials ("zxm" for 张晓明, whose key is "zhang xiao ming")
// as a match on the key: each letter starts one syllable, in order, from the
// first; later syllables may follow. `letters` are lower-case a–z only. The
// store gives SQLite a REGEXP with PostgreSQL's `~` semantics.
std::string InitialsCondition(store::Where& where, store::Dialect dialect,
                              const std::string& letters) {
  std::string pattern = "^";
  for (size_t i = 0; i < letters.size(); ++i) {
    if (i > 0) pattern += "[a-z]* ";
    pattern += letters[i];
  }
  std::string op = dialect == store::Dialect::kSqlite ? " REGEXP " : " ~ ";
  return "st.name_pinyin" + op + where.Param(pattern);
}

// The free search term as a condition (see StudentFilter::q). Returns
// whether the term was a full ID number.
bool AddSearch(store::Where& where, store::Dialect dialect, const std::string& raw) {
  std::string q = domain::TrimSpaces(domain::FoldFullWidth(raw));
  if (q.empty()) return false;
  std::string upper = q;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (domain::ParseStudentNumber(upper).ok()) {
    where.Add("st.student_number = ?", upper);
    return false;
  }
  std::string id = domain::NormalizeIdNumber(q);
  if (id.size() == 18 && domain::AllDigits(id.substr(0, 17))) {
    where.Add("st.id_number_norm = ?", id);
    return true;
  }
  if (IsPinyin(q)) {
    std::string key;
    for (char c : q) {
      if (c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string prefix = "REPLACE(st.name_pinyin, ' ', '') LIKE " + where.Param(key + "%");
    if (key.size() < 2 || key.size() > kMaxInitials) {
      where.AddRaw(prefix);
    } else {
      where.AddRaw("(" + prefix + " OR " + InitialsCondition(where, dialect, key) + ")");
    }
    return false;
  }
  where.Add("st.name_simplified LIKE ?", io::SimplifiedName(q) + "%");
  return false;
}

void AddAwaiting(store::Where& where, const Context& ctx) {
  if (ctx.actor->role == domain::Role::kSchoolApprover) {
    where.Add("st.registration = ?", std::string("pending_school"));
    where.Add("st.school_code = ?", ctx.actor->org_code);
  } else {
    where.Add("st.registration = ?", std::string("pending_authority"));
    where.Add("sc.authority_code = ?", ctx.actor->org_code);
  }
}

StudentSummary SummaryOf(const store::Row& r) {
  StudentSummary s;
  s.id = r.Int(0);
  s.student_number = r.Text(1);
  s.name = r.Text(2);
  s.sex = r.Text(3);
  s.birth_date = r.Text(4);
  s.id_type = r.Text(5);
  s.id_number_masked = domain::MaskIdNumber(r.Text(6));
  s.school_code = r.Text(7);
  s.school_name = r.Text(8);
  s.grade_code = r.Text(9);
  s.class_name = r.Text(10);
  s.registration = r.Text(11);
  s.status = r.Text(12);
  s.updated_at = r.Int(13);
  return s;
}

}  // namespace

Result<StudentPage> ListStudents(store::Database& db, const Context& ctx,
                                 const StudentFilter& filter) {
  if (!ctx.actor) return Unauthenticated();
  store::Where where;
  where.Add("o.path >= ?", filter.org_path);
  where.Add("o.path < ?", SubtreeUpperBound(filter.org_path));
  if (!filter.school_code.empty()) where.Add("st.school_code = ?", filter.school_code);
  if (filter.class_id > 0) where.Add("st.class_id = ?", filter.class_id);
  if (!filter.grade_code.empty()) where.Add("st.grade_code = ?", filter.grade_code);
  if (!filter.registration.empty()) where.Add("st.registration = ?", filter.registration);
  if (!filter.status.empty()) where.Add("st.status = ?", filter.status);
  if (filter.awaiting == "me") AddAwaiting(where, ctx);
  if (filter.before_id > 0) where.Add("st.id < ?", filter.before_id);
  bool by_id_number = AddSearch(where, db.dialect(), filter.q);
  int limit = filter.limit < 1 ? 1 : filter.limit > 200 ? 200 : filter.limit;
  std::string limit_sql = where.Limit(limit + 1);
  auto tx = by_id_number ? db.BeginWrite() : db.BeginRead();
  auto rows = tx->Query(
      "SELECT st.id, COALESCE(st.student_number, ''), st.name, st.sex, st.birth_date, st.id_type, "
      "st.id_number, st.school_code, o.name, st.grade_code, COALESCE(c.name, ''), "
      "st.registration, st.status, st.updated_at FROM student st JOIN org o ON o.code = "
      "st.school_code JOIN school sc ON sc.code = st.school_code LEFT JOIN school_class c ON "
      "c.id = st.class_id" +
          where.sql() + " ORDER BY st.id DESC" + limit_sql,
      where.values());
  StudentPage page;
  for (const auto& r : rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_before = page.items.back().id;
      break;
    }
    page.items.push_back(SummaryOf(r));
  }
  if (by_id_number) {
    // R-SEC-2: who looked for which person, and how many records answered.
    AppendAudit(
        *tx, ctx,
        {"student.search_id_number", domain::MaskIdNumber(domain::NormalizeIdNumber(filter.q)),
         "ok", Summary({{"results", std::to_string(page.items.size())}})});
    tx->Commit();
  }
  return page;
}

// R-SEC-2
Result<StoredStudent> ViewStudent(store::Database& db, const Context& ctx, int64_t student_id) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  auto student = LoadStoredStudent(*tx, student_id);
  if (!student) return NotFound("学生记录不存在");
  AppendAudit(*tx, ctx, {"student.view", std::to_string(student_id), "ok", ""});
  tx->Commit();
  return std::move(*student);
}

// R-SEC-3
Result<std::string> RevealIdNumber(store::Database& db, const Context& ctx, int64_t student_id,
                                   int guardian) {
  if (!ctx.actor) return Unauthenticated();
  auto tx = db.BeginWrite();
  auto student = LoadStoredStudent(*tx, student_id);
  if (!student) return NotFound("学生记录不存在");
  std::string number;
  if (guardian < 0) {
    number = student->record.id_number;
  } else if (guardian < static_cast<int>(student->record.guardians.size())) {
    number = student->record.guardians[guardian].id_number;
  } else {
    return NotFound("家庭成员不存在");
  }
  AppendAudit(
      *tx, ctx,
      {"student.reveal_id_number", std::to_string(student_id), "ok",
       Summary({{"whose", guardian < 0 ? "student" : "guardian " + std::to_string(guardian)}})});
  tx->Commit();
  return number;
}

}  // namespace xueji::service
