#include "service/import_job_store.h"

namespace xueji::service {

namespace {

constexpr const char* kJobSelect =
    "SELECT j.id, j.school_code, u.username, j.file_name, j.mode, j.state, j.rows_total, "
    "j.rows_processed, j.rows_valid, j.rows_invalid, j.imported, j.cancel_requested, "
    "CASE WHEN EXISTS (SELECT 1 FROM import_job_file f WHERE f.job_id = j.id AND f.kind = "
    "'result') THEN 1 ELSE 0 END, j.created_at, j.finished_at, j.error, o.path "
    "FROM import_job j JOIN app_user u ON u.id = j.actor_id JOIN org o ON o.code = "
    "j.school_code ";

StoredImportJob JobOfRow(const store::Row& r) {
  StoredImportJob s;
  ImportJob& j = s.job;
  j.id = r.Int(0);
  j.school_code = r.Text(1);
  j.actor = r.Text(2);
  j.file_name = r.Text(3);
  j.mode = r.Text(4);
  j.state = r.Text(5);
  j.rows_total = r.Int(6);
  j.rows_processed = r.Int(7);
  j.rows_valid = r.Int(8);
  j.rows_invalid = r.Int(9);
  j.imported = r.Int(10);
  j.cancel_requested = r.Int(11) != 0;
  j.has_result = r.Int(12) != 0;
  j.created_at = domain::Instant{r.Int(13)};
  if (!r.IsNull(14)) j.finished_at = domain::Instant{r.Int(14)};
  j.error = r.Text(15);
  s.school_path = r.Text(16);
  return s;
}

}  // namespace

std::optional<StoredImportJob> LoadImportJob(store::Tx& tx, int64_t id, bool for_update) {
  auto r = tx.QueryOne(std::string(kJobSelect) + "WHERE j.id = $1" +
                           (for_update && !tx.ForUpdate().empty() ? " FOR UPDATE OF j" : ""),
                       {id});
  if (!r) return std::nullopt;
  return JobOfRow(*r);
}

std::vector<ImportJob> LoadSchoolImportJobs(store::Tx& tx, const std::string& school_code,
                                            int64_t limit) {
  std::vector<ImportJob> out;
  for (const auto& r :
       tx.Query(std::string(kJobSelect) + "WHERE j.school_code = $1 ORDER BY j.id DESC LIMIT $2",
                {school_code, limit})) {
    out.push_back(JobOfRow(r).job);
  }
  return out;
}

void EndImportJob(store::Tx& tx, int64_t id, const std::string& state, int64_t at,
                  const std::string& error) {
  tx.Exec("UPDATE import_job SET state = $1, finished_at = $2, error = $3 WHERE id = $4",
          {state, at, error, id});
}

}  // namespace xueji::service
