// De-duplication look-up latency (R-REG-3, R-REG-4) against a national
// population of N generated active students, next to the raw engine's
// primary-key point look-up measured in the same run on the same file.
//
//   build/bench/dedupe_lookup_bench [--students N] [--exact-probes P]
//                                   [--finder-probes F] [--per-county C]
//                                   [--seed X]
//
// Fill: a SQLite file with the schema (migrations through the store), the
// national tree and the demo data; then N active students of all twelve
// grades from io::SyntheticStudents, one or two parents each, C per county
// (65,000 by default: the order of the national average, some 200 million
// pupils in fewer than 3,000 counties) in counties spread over the tree. They
// are bulk-inserted into `student` and `guardian` with prepared statements in
// transactions of 500,000 students — journal off, synchronous=OFF, the
// secondary indexes dropped during the fill and built afterwards with the
// definitions the migrations gave them — and `national_id_index` is filled
// from `student` in key order. The file then returns to WAL, the server's
// mode.
//
// Probes, half of them for ID numbers of stored students and half for valid
// numbers never issued, in random order:
//   exact  — P times the statement ActiveHolder in service/registration.cc
//            runs (national_id_index primary key joined to student and org),
//            through the store, each timed alone, 1,000 per read transaction;
//   raw_pk — the same keys, the engine alone: one prepared primary-key SELECT
//            on national_id_index, 1,000 per read transaction;
//   finder — F times service::FindSuspectedDuplicates: half for random stored
//            students (read transactions), half for a new student inserted
//            with its parents in a write transaction, as at registration,
//            and rolled back afterwards (only the finder is timed).
//
// Prints `name value` lines: fill figures (fill_s, insert_s, index_s,
// file_mb), and for each probe kind p50/p99/max in microseconds; and the
// mean number of suspected duplicates the finder listed per probe.

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench_support.h"
#include "domain/student_record.h"
#include "io/name_keys.h"
#include "service/suspected_duplicates.h"
#include "store/sqlite_database.h"

namespace {

using namespace xueji;
using bench::Clock;

constexpr const char* kGrades[] = {"11", "12", "13", "14", "15", "16",
                                   "21", "22", "23", "31", "32", "33"};
constexpr int64_t kStudentsPerTransaction = 500'000;
constexpr size_t kProbesPerTransaction = 1'000;

// service/registration.cc ActiveHolder's statement (R-REG-3), word for word.
constexpr const char* kActiveHolderSql =
    "SELECT n.student_id, o.path FROM national_id_index n JOIN student st ON st.id = "
    "n.student_id JOIN org o ON o.code = st.school_code WHERE n.id_number_norm = $1";
constexpr const char* kRawPkSql =
    "SELECT student_id FROM national_id_index WHERE id_number_norm = ?1";

// Where generated students go: the demo schools' classes in turn, submitted
// and approved by the demo registrar.
struct Population {
  std::vector<std::pair<std::string, int64_t>> classes;  // school code, class id
  int64_t user_id = 0;
  int64_t first_id = 0;  // ids first_id … first_id + N - 1
  int64_t now = 0;
};

std::string StudentColumns() {
  std::string out =
      "id, student_number, registration, status, school_code, class_id, id_number_norm, "
      "name_simplified, name_pinyin";
  for (const auto& f : domain::StudentFields()) out += std::string(", ") + f.name;
  return out +
         ", submitted_by, submitted_at, school_decided_by, authority_decided_by, "
         "activated_at, updated_at";
}

std::string GuardianColumns() {
  std::string out = "student_id, seq, id_number_norm";
  for (const auto& f : domain::GuardianFields()) out += std::string(", ") + f.name;
  return out;
}

// The number of columns in a column list.
size_t ColumnCount(const std::string& columns) {
  return static_cast<size_t>(std::count(columns.begin(), columns.end(), ',')) + 1;
}

// io::SimplifiedName and io::PinyinKey of a name, remembered: ICU's
// transliteration costs more than everything else of a row, and generated
// names repeat. Forgets everything past kMaxNames to bound its memory.
class NameKeys {
 public:
  const std::pair<std::string, std::string>& Of(const std::string& name) {
    auto it = keys_.find(name);
    if (it != keys_.end()) return it->second;
    if (keys_.size() >= kMaxNames) keys_.clear();
    return keys_.emplace(name, std::make_pair(io::SimplifiedName(name), io::PinyinKey(name)))
        .first->second;
  }

 private:
  static constexpr size_t kMaxNames = 4'000'000;
  std::unordered_map<std::string, std::pair<std::string, std::string>> keys_;
};

// An active, numbered record (R-NO-3: "G" + the ID number) or, when not
// `active`, one just submitted (pending the school approver, no number).
std::vector<store::Value> StudentValues(int64_t id, const domain::StudentInput& s,
                                        const Population& pop, NameKeys& names, bool active) {
  const auto& place = pop.classes[static_cast<size_t>(id) % pop.classes.size()];
  const auto& [simplified, pinyin] = names.Of(s.name);
  std::vector<store::Value> v = {id,
                                 active ? store::Value("G" + s.id_number) : store::Null(),
                                 std::string(active ? "active" : "pending_school"),
                                 std::string(active ? "enrolled" : "pending"),
                                 place.first,
                                 place.second,
                                 s.id_number,
                                 simplified,
                                 pinyin};
  for (const auto& f : domain::StudentFields()) v.push_back(s.*f.member);
  store::Value decided = active ? store::Value(pop.user_id) : store::Null();
  store::Value activated = active ? store::Value(pop.now) : store::Null();
  for (store::Value x : {store::Value(pop.user_id), store::Value(pop.now), decided, decided,
                         activated, store::Value(pop.now)}) {
    v.push_back(std::move(x));
  }
  return v;
}

// As registration stores them: the normalized number only for a 居民身份证.
std::vector<store::Value> GuardianValues(int64_t student_id, int64_t seq,
                                         const domain::GuardianInput& g) {
  std::vector<store::Value> v = {
      student_id, seq,
      g.id_type == domain::kCitizenIdType ? store::Value(g.id_number) : store::Null()};
  for (const auto& f : domain::GuardianFields()) v.push_back(g.*f.member);
  return v;
}

// The secondary indexes of `student` and `guardian` as the migrations
// created them (implicit UNIQUE indexes stay: they cannot be dropped).
std::vector<std::pair<std::string, std::string>> SecondaryIndexes(sqlite3* db) {
  sqlite3_stmt* st =
      bench::SqlitePrepare(db,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name IN ('student', 'guardian') AND sql IS NOT NULL");
  std::vector<std::pair<std::string, std::string>> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                     reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  }
  sqlite3_finalize(st);
  return out;
}

struct FillReport {
  double insert_s = 0, index_s = 0;
  int64_t guardians = 0;
};

// Inserts `n` generated students with their parents, kStudentsPerTransaction
// to a transaction; returns the number of parents.
int64_t InsertStudents(sqlite3* db, int64_t n, io::SyntheticStudents& gen, const Population& pop) {
  std::string scols = StudentColumns(), gcols = GuardianColumns();
  sqlite3_stmt* student =
      bench::SqlitePrepare(db, store::SqliteParams("INSERT INTO student (" + scols + ") VALUES (" +
                                                   bench::Placeholders(ColumnCount(scols)) + ")"));
  sqlite3_stmt* guardian =
      bench::SqlitePrepare(db, store::SqliteParams("INSERT INTO guardian (" + gcols + ") VALUES (" +
                                                   bench::Placeholders(ColumnCount(gcols)) + ")"));
  int64_t guardians = 0;
  NameKeys names;
  auto start = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    if (i % kStudentsPerTransaction == 0) bench::SqliteExec(db, i == 0 ? "BEGIN" : "COMMIT; BEGIN");
    int64_t id = pop.first_id + i;
    domain::StudentInput s = gen.Next(kGrades[i % std::size(kGrades)]);
    bench::SqliteRun(db, student, StudentValues(id, s, pop, names, true));
    for (size_t g = 0; g < s.guardians.size(); ++g, ++guardians) {
      bench::SqliteRun(db, guardian, GuardianValues(id, static_cast<int64_t>(g), s.guardians[g]));
    }
    if ((i + 1) % 1'000'000 == 0) {
      std::fprintf(stderr, "%lld students, %.0f s\n", static_cast<long long>(i + 1),
                   bench::SecondsSince(start));
    }
  }
  bench::SqliteExec(db, "COMMIT");
  sqlite3_finalize(student);
  sqlite3_finalize(guardian);
  return guardians;
}

// The fill: secondary indexes dropped, students inserted, indexes rebuilt,
// national_id_index filled in key order, the file back in WAL mode.
FillReport FillSqlite(const std::string& file, int64_t n, io::SyntheticStudents& gen,
                      const Population& pop) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  bench::SqliteExec(db,
                    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000;");
  auto indexes = SecondaryIndexes(db);
  for (const auto& [name, sql] : indexes) bench::SqliteExec(db, "DROP INDEX " + name);
  FillReport report;
  auto start = Clock::now();
  report.guardians = InsertStudents(db, n, gen, pop);
  report.insert_s = bench::SecondsSince(start);
  start = Clock::now();
  for (const auto& [name, sql] : indexes) bench::SqliteExec(db, sql);
  bench::SqliteExec(
      db,
      "INSERT INTO national_id_index (id_number_norm, student_id) SELECT id_number_norm, id "
      "FROM student WHERE registration = 'active' AND id_number_norm IS NOT NULL ORDER BY "
      "id_number_norm");
  report.index_s = bench::SecondsSince(start);
  bench::SqliteExec(db, "PRAGMA journal_mode=WAL");
  sqlite3_close(db);
  return report;
}

Population PlacementOf(store::Database& db, int64_t now) {
  auto tx = db.BeginRead();
  Population pop;
  for (const auto& r : tx->Query("SELECT school_code, id FROM school_class ORDER BY id")) {
    pop.classes.emplace_back(r.Text(0), r.Int(1));
  }
  pop.user_id = tx->QueryOne("SELECT id FROM app_user WHERE username = 'school_registrar'")->Int(0);
  pop.first_id = tx->QueryOne("SELECT COALESCE(MAX(id), 0) + 1 FROM student")->Int(0);
  pop.now = now;
  return pop;
}

// A probe key: the ID number of a stored student, or a valid number the
// generator never issued.
struct Probe {
  std::string number;
  bool stored = false;
};

// `count` probes, half of either kind, shuffled.
std::vector<Probe> ProbeKeys(store::Database& db, io::SyntheticStudents& gen, const Population& pop,
                             int64_t n, size_t count, std::mt19937_64& rng) {
  std::vector<Probe> probes;
  auto tx = db.BeginRead();
  for (size_t i = 0; i < count; ++i) {
    if (i % 2 == 0) {
      int64_t id = pop.first_id + static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
      probes.push_back(
          {tx->QueryOne("SELECT id_number_norm FROM student WHERE id = $1", {id})->Text(0), true});
    } else {
      probes.push_back({gen.Next(kGrades[i % std::size(kGrades)]).id_number, false});
    }
  }
  std::shuffle(probes.begin(), probes.end(), rng);
  return probes;
}

// Throws when a stored number is not found or an unissued one is: a figure
// for a look-up that answers wrongly is no figure.
void CheckFound(bool found, const Probe& probe) {
  if (found != probe.stored) {
    throw bench::BenchFailure("look-up of " + probe.number + ": found " + std::to_string(found) +
                              ", stored " + std::to_string(probe.stored));
  }
}

std::vector<double> TimeExact(store::Database& db, const std::vector<Probe>& probes) {
  std::vector<double> us;
  for (size_t start = 0; start < probes.size(); start += kProbesPerTransaction) {
    auto tx = db.BeginRead();
    size_t end = std::min(probes.size(), start + kProbesPerTransaction);
    for (size_t i = start; i < end; ++i) {
      auto t0 = Clock::now();
      auto row = tx->QueryOne(kActiveHolderSql, {probes[i].number});
      us.push_back(bench::MicrosSince(t0));
      CheckFound(row.has_value(), probes[i]);
    }
  }
  return us;
}

std::vector<double> TimeRawPk(const std::string& file, const std::vector<Probe>& probes) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = bench::SqlitePrepare(db, kRawPkSql);
  std::vector<double> us;
  for (size_t start = 0; start < probes.size(); start += kProbesPerTransaction) {
    bench::SqliteExec(db, "BEGIN");
    size_t end = std::min(probes.size(), start + kProbesPerTransaction);
    for (size_t i = start; i < end; ++i) {
      const std::string& key = probes[i].number;
      auto t0 = Clock::now();
      sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      bool found = sqlite3_step(st) == SQLITE_ROW;
      sqlite3_reset(st);
      us.push_back(bench::MicrosSince(t0));
      CheckFound(found, probes[i]);
    }
    bench::SqliteExec(db, "COMMIT");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return us;
}

struct FinderTimes {
  std::vector<double> stored_us, new_us;
  int64_t listed = 0;  // suspected duplicates found, all probes
};

int64_t Find(store::Tx& tx, int64_t id) {
  auto found = service::FindSuspectedDuplicates(tx, id);
  bench::Require(found, "FindSuspectedDuplicates");
  return static_cast<int64_t>(found->size());
}

FinderTimes TimeFinder(store::Database& db, io::SyntheticStudents& gen, const Population& pop,
                       int64_t n, size_t count, std::mt19937_64& rng) {
  FinderTimes out;
  for (size_t i = 0; i < count / 2; ++i) {
    auto tx = db.BeginRead();
    int64_t id = pop.first_id + static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
    auto t0 = Clock::now();
    out.listed += Find(*tx, id);
    out.stored_us.push_back(bench::MicrosSince(t0));
  }
  const std::string student_sql = "INSERT INTO student (" + StudentColumns() + ") VALUES (";
  const std::string guardian_sql = "INSERT INTO guardian (" + GuardianColumns() + ") VALUES (";
  int64_t id = pop.first_id + n;  // free again after each rollback
  NameKeys names;
  for (size_t i = 0; i < count - count / 2; ++i) {
    domain::StudentInput s = gen.Next(kGrades[i % std::size(kGrades)]);
    auto tx = db.BeginWrite();
    auto values = StudentValues(id, s, pop, names, false);
    tx->Exec(student_sql + bench::Placeholders(values.size()) + ")", values);
    for (size_t g = 0; g < s.guardians.size(); ++g) {
      auto gv = GuardianValues(id, static_cast<int64_t>(g), s.guardians[g]);
      tx->Exec(guardian_sql + bench::Placeholders(gv.size()) + ")", gv);
    }
    auto t0 = Clock::now();
    out.listed += Find(*tx, id);
    out.new_us.push_back(bench::MicrosSince(t0));
  }
  return out;
}

// The latencies of the probes whose key was (or was not) stored.
std::vector<double> Select(const std::vector<double>& us, const std::vector<Probe>& probes,
                           bool stored) {
  std::vector<double> out;
  for (size_t i = 0; i < us.size(); ++i) {
    if (probes[i].stored == stored) out.push_back(us[i]);
  }
  return out;
}

// Enough counties for `per_county` students each, spread evenly over the
// code list (so over the provinces): ID numbers and birth dates are as dense
// per county as in a national population, which decides how many stored
// records an ID typo or a name look-up meets.
std::vector<io::SyntheticCounty> SpreadCounties(std::vector<io::SyntheticCounty> all, int64_t n,
                                                int64_t per_county) {
  auto k = static_cast<size_t>(
      std::clamp<int64_t>((n + per_county - 1) / per_county, 1, static_cast<int64_t>(all.size())));
  std::vector<io::SyntheticCounty> out;
  for (size_t i = 0; i < k; ++i) out.push_back(all[i * all.size() / k]);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::RunMain([&] {
    bench::Flags flags(argc, argv);
    auto n = static_cast<int64_t>(flags.Number("--students", 1'000'000));
    auto exact_probes = static_cast<size_t>(flags.Number("--exact-probes", 100'000));
    auto finder_probes = static_cast<size_t>(flags.Number("--finder-probes", 10'000));
    auto seed = static_cast<uint64_t>(flags.Number("--seed", 20261130));
    auto per_county = static_cast<int64_t>(flags.Number("--per-county", 65'000));
    if (n < 1 || per_county < 1 || exact_probes < 2 || finder_probes < 2) {
      throw bench::BenchFailure(
          "--students and --per-county must be positive, the probes at least 2");
    }
    bench::LogToStderr();
    bench::ScratchDir dir("xueji-dedupe-bench-");
    std::string file = (dir.path() / "bench.db").string();
    bench::CreateDemoDatabase(file);

    service::SystemClock clock;
    Population pop;
    std::vector<io::SyntheticCounty> counties;
    {
      auto db = store::OpenDatabase("sqlite:" + file);
      pop = PlacementOf(*db, clock.Now().micros);
      counties = SpreadCounties(bench::StoredCounties(*db, ""), n, per_county);
    }
    io::SyntheticStudents gen(seed, counties, domain::CstDate(clock.Now()));
    auto start = Clock::now();
    FillReport fill = FillSqlite(file, n, gen, pop);
    double fill_s = bench::SecondsSince(start);
    std::printf("students %lld\nguardians %lld\ncounties %zu\n", static_cast<long long>(n),
                static_cast<long long>(fill.guardians), counties.size());
    std::printf("fill_s %.1f\ninsert_s %.1f\nindex_s %.1f\nfile_mb %.0f\n", fill_s, fill.insert_s,
                fill.index_s, static_cast<double>(std::filesystem::file_size(file)) / 1e6);
    std::fflush(stdout);

    auto db = store::OpenDatabase("sqlite:" + file);
    std::mt19937_64 rng(seed);
    auto probes = ProbeKeys(*db, gen, pop, n, exact_probes, rng);
    auto exact = TimeExact(*db, probes);
    auto raw = TimeRawPk(file, probes);
    bench::PrintLatency("exact_stored", Select(exact, probes, true));
    bench::PrintLatency("exact_absent", Select(exact, probes, false));
    bench::PrintLatency("raw_pk_stored", Select(raw, probes, true));
    bench::PrintLatency("raw_pk_absent", Select(raw, probes, false));
    FinderTimes finder = TimeFinder(*db, gen, pop, n, finder_probes, rng);
    bench::PrintLatency("finder_stored", finder.stored_us);
    bench::PrintLatency("finder_new", finder.new_us);
    std::printf("finder_listed_per_probe %.3f\n",
                static_cast<double>(finder.listed) / static_cast<double>(finder_probes));
    return 0;
  });
}
