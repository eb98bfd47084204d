#include "cli/gen_data_db.h"

#include <cstdio>
#include <map>
#include <utility>

#include "domain/org.h"
#include "domain/role.h"
#include "domain/school.h"
#include "io/synthetic_students.h"
#include "service/audit.h"
#include "service/import_duplicates.h"
#include "service/import_insert.h"
#include "service/import_validation.h"
#include "service/org_service.h"
#include "service/province_fields.h"
#include "service/stored_codes.h"
#include "service/summary.h"
#include "store/migrations.h"

namespace xueji::cli {
namespace {

// Records written per batch, as an import writes them (service::
// ImportRunOptions::batch_records).
constexpr size_t kBatchRecords = 500;

using ClassIds = std::map<std::pair<std::string, std::string>, int64_t>;  // (grade, name) → id

ClassIds LoadClassIds(store::Tx& tx, const std::string& school) {
  ClassIds out;
  for (const auto& r :
       tx.Query("SELECT grade_code, name, id FROM school_class WHERE school_code = $1", {school})) {
    out[{r.Text(0), r.Text(1)}] = r.Int(2);
  }
  return out;
}

// The generator's students for `grades`, with their classes' ids.
class PlacedStudents {
 public:
  PlacedStudents(io::SyntheticStudents generator, std::vector<std::string> grades, ClassIds classes)
      : generator_(std::move(generator)),
        grades_(std::move(grades)),
        classes_(std::move(classes)),
        per_grade_(grades_.size(), 0) {}

  domain::StudentInput Next() {
    size_t g = next_grade_++ % grades_.size();
    domain::StudentInput s = generator_.Next(grades_[g]);
    s.class_id = classes_.at({grades_[g], ClassNameOf(per_grade_[g]++)});
    return s;
  }

 private:
  io::SyntheticStudents generator_;
  std::vector<std::string> grades_;
  ClassIds classes_;
  std::vector<int64_t> per_grade_;
  size_t next_grade_ = 0;
};

// R-INFO-1..5, R-REG-1, R-SPEC-2025: registration's validation of one record.
Result<domain::ValidatedStudent> Validate(service::ImportRowContext& rc,
                                          domain::StudentInput input) {
  Status extra = domain::ValidateExtraValues(rc.province_fields, input.extra, rc.codes);
  return service::WithExtraErrors(domain::ValidateNewStudent(std::move(input), rc.codes, rc.today),
                                  extra);
}

}  // namespace

Result<service::Context> SchoolRegistrarContext(store::Database& db, const std::string& school,
                                                domain::Instant now) {
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(
      "SELECT u.id, u.username, u.display_name, u.org_code, o.name, o.path, o.level "
      "FROM app_user u JOIN org o ON o.code = u.org_code WHERE u.org_code = $1 AND u.role = $2 "
      "ORDER BY u.id LIMIT 1",
      {school, std::string(domain::RoleName(domain::Role::kSchoolRegistrar))});
  if (!r) {
    return Invalid("SCHOOL_REGISTRAR_MISSING", "school", "学校" + school + "没有学籍管理员账号");
  }
  service::Actor a{r->Int(0),  r->Text(1), r->Text(2), domain::Role::kSchoolRegistrar,
                   r->Text(3), r->Text(4), r->Text(5), *domain::ParseOrgLevel(r->Text(6))};
  return service::Context{a, "cli", now};
}

// R-ORG-3
Status EnsureGeneratedClasses(store::Database& db, const service::Context& ctx,
                              const service::OrgRef& school, const std::vector<std::string>& grades,
                              int64_t students) {
  ClassIds existing = LoadClassIds(*db.BeginRead(), school.code);
  for (const auto& grade : grades) {
    for (int64_t k = 0; k < ClassesFor(students, grades.size()); ++k) {
      std::string name = ClassNameOf(k * kGeneratedClassSize);
      if (existing.contains({grade, name})) continue;
      XUEJI_RETURN_IF_ERROR(service::CreateClass(db, ctx, school, {grade, name, "", 0}));
    }
  }
  return Ok();
}

// R-IO-1, R-REG-1, R-REG-3
Result<GeneratedStudents> WriteGeneratedStudents(store::Database& db, const service::Context& ctx,
                                                 const GenXlsxOptions& options,
                                                 const std::string& regions_csv) {
  XUEJI_ASSIGN_OR_RETURN(auto counties, CitiesCounties(regions_csv, options.school.substr(0, 6)));
  XUEJI_ASSIGN_OR_RETURN(auto grades, ParseGrades(options.grades));
  XUEJI_ASSIGN_OR_RETURN(auto school, service::LoadOrg(*db.BeginRead(), options.school));
  XUEJI_RETURN_IF_ERROR(EnsureGeneratedClasses(db, ctx, school, grades, options.students));
  auto tx = db.BeginWrite();
  service::StoredCodes codes(*tx);
  auto fields = service::LoadProvinceFields(*tx, service::ProvinceOfPath(school.path));
  service::ImportRowContext rc{*tx, codes, school, fields, domain::CstDate(ctx.now)};
  PlacedStudents source(io::SyntheticStudents(options.seed, std::move(counties), rc.today), grades,
                        LoadClassIds(*tx, school.code));
  XUEJI_ASSIGN_OR_RETURN(auto inserter, service::ImportInserter::Prepare(*tx, ctx, school));
  // R-REG-4: the suspected duplicates are looked up as an import's are
  // (service/import_duplicates.h): the stored records in a snapshot taken
  // after the write transaction began, the generated ones in memory.
  service::ImportDuplicates duplicates(options.students, nullptr);
  auto snapshot = db.BeginRead();
  GeneratedStudents out;
  service::ImportBatch batch;
  auto flush = [&] {
    duplicates.Prepare(*snapshot, batch);
    out.written += static_cast<int64_t>(inserter.InsertBatch(*tx, ctx, school, batch).size());
    batch = {};
  };
  while (out.written + static_cast<int64_t>(batch.records.size()) < options.students) {
    auto v = Validate(rc, source.Next());
    if (!v.ok()) {
      return Error{ErrorKind::kInternal, "GENERATED_INVALID", v.error().field,
                   "生成的学生未通过校验：" + v.error().message};
    }
    if (v->id && service::HeldIdNumberProblem(*tx, v->id->normalized)) {
      // The generator never repeats a number; each skip is one the database held.
      if (++out.held_skipped > options.students * 10) {
        return Invalid("GENERATED_HELD", "seed", "生成的身份证件号均已存在，请换一个 --seed");
      }
      continue;
    }
    batch.records.push_back(std::move(*v));
    if (batch.records.size() == kBatchRecords) flush();
  }
  if (!batch.records.empty()) flush();
  service::AppendAudit(*tx, ctx,
                       {"student.generate", school.code, "ok",
                        service::Summary({{"school", school.code},
                                          {"students", std::to_string(out.written)},
                                          {"seed", std::to_string(options.seed)}})});
  tx->Commit();
  return out;
}

int GenerateStudentsIntoDb(store::Database& db, const GenXlsxOptions& options,
                           const std::string& regions_csv, const service::Clock& clock) {
  auto fail = [](const Error& e) {
    std::fprintf(stderr, "错误 %s%s%s: %s\n", e.code.c_str(), e.field.empty() ? "" : " ",
                 e.field.c_str(), e.message.c_str());
    return 1;
  };
  store::Migrate(db);
  auto ctx = SchoolRegistrarContext(db, options.school, clock.Now());
  if (!ctx.ok()) return fail(ctx.error());
  auto written = WriteGeneratedStudents(db, *ctx, options, regions_csv);
  if (!written.ok()) return fail(written.error());
  std::printf("students %lld\nheld_skipped %lld\nschool %s\n",
              static_cast<long long>(written->written),
              static_cast<long long>(written->held_skipped), options.school.c_str());
  return 0;
}

}  // namespace xueji::cli
