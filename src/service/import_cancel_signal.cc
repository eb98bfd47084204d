#include "service/import_cancel_signal.h"

#include <mutex>
#include <set>

namespace xueji::service {
namespace {

std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}

std::set<int64_t>& Signalled() {
  static std::set<int64_t> jobs;
  return jobs;
}

}  // namespace

void SignalImportCancel(int64_t job_id) {
  std::lock_guard<std::mutex> lock(Mutex());
  Signalled().insert(job_id);
}

bool ImportCancelSignalled(int64_t job_id) {
  std::lock_guard<std::mutex> lock(Mutex());
  return Signalled().count(job_id) != 0;
}

void ClearImportCancel(int64_t job_id) {
  std::lock_guard<std::mutex> lock(Mutex());
  Signalled().erase(job_id);
}

}  // namespace xueji::service
