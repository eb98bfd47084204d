#include "service/revalidated_rows.h"

#include "domain/time.h"
#include "service/import_validation.h"
#include "service/province_fields.h"
#include "service/stored_codes.h"

namespace xueji::service {

RevalidatedRows::RevalidatedRows(store::Database& db, const Context& ctx, const OrgRef& school,
                                 const ImportSheet& sheet,
                                 const std::vector<std::vector<int>>& reader_columns,
                                 std::vector<int64_t> rows, Options options)
    : sheet_(sheet),
      reader_columns_(reader_columns),
      rows_(std::move(rows)),
      options_(options),
      thread_([this, &db, ctx, school] { Validate(db, ctx, school); }) {}

RevalidatedRows::~RevalidatedRows() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

// R-IO-1, R-REG-1: runs on thread_; `ctx` and `school` are its own copies.
void RevalidatedRows::Validate(store::Database& db, const Context& ctx, const OrgRef& school) {
  try {
    auto tx = db.BeginRead();
    StoredCodes codes(*tx);
    auto fields = LoadProvinceFields(*tx, ProvinceOfPath(school.path));
    ImportRowContext rc{*tx, codes, school, fields, domain::CstDate(ctx.now)};
    ImportBatch batch;
    auto hand_out = [&] {
      if (options_.prepare) options_.prepare(*tx, batch);
      bool pushed = Push(std::move(batch));
      batch = {};
      return pushed;
    };
    for (int64_t index : rows_) {
      auto row = static_cast<size_t>(index);
      auto v = ValidateImportRow(rc, sheet_, index, reader_columns_[row], problems_);
      if (!v) {
        failed_.push_back(index);
        continue;
      }
      if (options_.stop_records_at_failure && !failed_.empty()) continue;
      batch.records.push_back(std::move(*v));
      if (batch.records.size() < options_.batch_records) continue;
      if (!hand_out()) return;
    }
    if (!batch.records.empty() && !hand_out()) return;
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
}

bool RevalidatedRows::Push(ImportBatch batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return ready_.size() < kBatchesAhead || stopped_; });
  if (stopped_) return false;
  ready_.push_back(std::move(batch));
  lock.unlock();
  changed_.notify_all();
  return true;
}

std::optional<ImportBatch> RevalidatedRows::Next() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (error_) std::rethrow_exception(error_);
  if (ready_.empty()) return std::nullopt;
  auto batch = std::move(ready_.front());
  ready_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return batch;
}

}  // namespace xueji::service
