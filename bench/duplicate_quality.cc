// Quality of suspected-duplicate detection (R-REG-4, R-INFO-5): precision and
// recall of FindSuspectedDuplicates on synthetic students with planted
// near-duplicates, twins and siblings, registered through SubmitRegistration
// into a temporary SQLite database.
//
//   build/bench/duplicate_quality [--students N] [--planted P] [--twins T]
//                                 [--siblings S] [--no-id-percent Q] [--seed X]
//
// N students spread over six real counties and all twelve grades, Q percent
// of them without a 居民身份证 number (3 by default); for each
// kind of near-duplicate, P planted copies of distinct students (every second
// one without the family members' ID numbers); T twins (half of one sex);
// S siblings. The finder runs once for every record; a pair counts once
// however many times it is found.
//
// Prints `name value` lines. A planted copy and its original are the true
// duplicates; every other listed pair is a false positive (twins and siblings
// included). Per kind: recall over its planted pairs, and precision over the
// listed pairs that involve one of its planted copies.

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "domain/student_record.h"
#include "io/synthetic_students.h"
#include "service/org_service.h"
#include "service/registration.h"
#include "service/setup.h"
#include "service/suspected_duplicates.h"
#include "store/database.h"

namespace {

using namespace xueji;
using Clock = std::chrono::steady_clock;

const char* kGrades[] = {"11", "12", "13", "14", "15", "16", "21", "22", "23", "31", "32", "33"};
const char* kCounties[] = {"520102", "520103", "110101", "440305", "510104", "330106"};

struct Options {
  int students = 20000;
  int planted = 200;
  int twins = 300;
  int siblings = 500;
  int no_id_percent = 3;  // students registered without a 居民身份证 number
  uint64_t seed = 20260910;
};

struct PlantedPair {
  int64_t a, b;
  std::string kind;  // a near-duplicate kind, "twin_same_sex", "twin_other_sex" or "sibling"
  bool duplicate;
};

// One twelve-year school per county, with classes of 45 opened as they fill.
class Schools {
 public:
  Schools(store::Database& db, const service::Context& ctx) : db_(db), ctx_(ctx) {}

  std::string Create(const std::string& county) {
    std::string code = county + "9001";
    auto tx = db_.BeginRead();
    service::OrgRef authority = service::LoadOrg(*tx, county).value();
    tx.reset();
    domain::SchoolInput s{code,  "测试十二年一贯制学校" + county, "twelve_year", "regular", county,
                          county};
    if (!service::CreateSchool(db_, ctx_, authority, s).ok()) std::abort();
    auto tx2 = db_.BeginRead();
    orgs_[code] = service::LoadOrg(*tx2, code).value();
    return code;
  }
  const service::OrgRef& Org(const std::string& code) const { return orgs_.at(code); }

  int64_t ClassFor(const std::string& school, const std::string& grade) {
    auto& [id, seats] = classes_[school + grade];
    if (seats == 0) {
      ++opened_[school + grade];
      domain::ClassInput c{grade, std::to_string(opened_[school + grade]) + "班", "", 45};
      auto made = service::CreateClass(db_, ctx_, orgs_.at(school), c);
      if (!made.ok()) std::abort();
      id = made->id;
      seats = 45;
    }
    --seats;
    return id;
  }

 private:
  store::Database& db_;
  const service::Context& ctx_;
  std::map<std::string, service::OrgRef> orgs_;
  std::map<std::string, std::pair<int64_t, int>> classes_;
  std::map<std::string, int> opened_;
};

// "贵州省贵阳市南明区" from the organization tree (municipalities skip 市辖区).
std::string FullName(store::Database& db, const std::string& county) {
  auto tx = db.BeginRead();
  auto r = tx->QueryOne(
      "SELECT p.name, c.name, o.name FROM org o JOIN org c ON c.code = o.parent_code JOIN org p "
      "ON p.code = c.parent_code WHERE o.code = $1",
      {county});
  return r->Text(0) + (r->Text(1) == "市辖区" ? "" : r->Text(1)) + r->Text(2);
}

class Bench {
 public:
  Bench(store::Database& db, const service::Context& cli, const service::Context& registrar,
        const Options& o, std::vector<io::SyntheticCounty> counties)
      : db_(db),
        registrar_(registrar),
        options_(o),
        schools_(db, cli),
        gen_(o.seed, counties, domain::CstDate(registrar.now)),
        rng_(o.seed) {
    for (const auto& c : counties) schools_.Create(c.code);
  }

  void Populate() {
    for (int i = 0; i < options_.students; ++i) {
      domain::StudentInput s = gen_.Next(kGrades[i % 12]);
      if (static_cast<int>(rng_() % 100) < options_.no_id_percent) {
        s = *gen_.NearDuplicate(s, io::NearDuplicateKind::kWithoutId);
      }
      int64_t id = Submit(s, s.birthplace);
      originals_.push_back({id, s});
    }
  }

  void Plant() {
    for (io::NearDuplicateKind kind : io::AllNearDuplicateKinds()) {
      for (int j = 0; j < options_.planted; ++j) PlantCopy(kind, j % 2 == 1);
    }
    for (int j = 0; j < options_.planted; ++j) PlantHomophoneWithBirthTypo(j % 2 == 1);
    for (int j = 0; j < options_.twins; ++j) {
      auto& [id, s] = NextOriginal();
      bool same_sex = j % 2 == 0;
      int64_t twin = Submit(gen_.Twin(s, same_sex), s.birthplace);
      pairs_.push_back({id, twin, same_sex ? "twin_same_sex" : "twin_other_sex", false});
    }
    for (int j = 0; j < options_.siblings; ++j) {
      auto& [id, s] = NextOriginal();
      int64_t sibling = Submit(gen_.Sibling(s, kGrades[rng_() % 12]), s.birthplace);
      pairs_.push_back({id, sibling, "sibling", false});
    }
  }

  // Every listed pair (smaller id first) with its score.
  std::map<std::pair<int64_t, int64_t>, int> FindAll() {
    std::map<std::pair<int64_t, int64_t>, int> listed;
    auto tx = db_.BeginRead();
    for (int64_t id : ids_) {
      auto found = service::FindSuspectedDuplicates(*tx, id);
      for (const auto& d : found.value()) {
        listed[{std::min(id, d.other_student_id), std::max(id, d.other_student_id)}] = d.score;
      }
    }
    return listed;
  }

  const std::vector<PlantedPair>& pairs() const { return pairs_; }
  size_t records() const { return ids_.size(); }

 private:
  int64_t Submit(domain::StudentInput s, const std::string& county) {
    std::string school = county + "9001";
    s.class_id = schools_.ClassFor(school, s.grade_code);
    auto r = service::SubmitRegistration(db_, registrar_, schools_.Org(school), std::move(s));
    if (!r.ok()) {
      std::fprintf(stderr, "registration refused: %s %s\n", r.error().field.c_str(),
                   r.error().message.c_str());
      std::exit(1);
    }
    ids_.push_back(r->student_id);
    return r->student_id;
  }

  // Each planted record copies a student not used for any other planting.
  std::pair<int64_t, domain::StudentInput>& NextOriginal() {
    if (next_ >= originals_.size()) {
      std::fprintf(stderr, "not enough students for the planted records\n");
      std::exit(1);
    }
    return originals_[next_++];
  }

  // The copy goes to the school of a random county: re-registrations happen
  // where the child moved to.
  void PlantCopy(io::NearDuplicateKind kind, bool without_guardian_ids) {
    for (;;) {
      auto& [id, s] = NextOriginal();
      auto copy = gen_.NearDuplicate(s, kind);
      if (!copy) continue;
      if (without_guardian_ids) *copy = io::WithoutGuardianIds(*copy);
      int64_t b = Submit(*copy, kCounties[rng_() % 6]);
      pairs_.push_back({id, b,
                        std::string(io::NearDuplicateKindName(kind)) +
                            (without_guardian_ids ? "/no_guardian_ids" : ""),
                        true});
      return;
    }
  }

  // Two mistakes at once: a homophone name and the birth day off by one.
  void PlantHomophoneWithBirthTypo(bool without_guardian_ids) {
    for (;;) {
      auto& [id, s] = NextOriginal();
      auto copy = gen_.NearDuplicate(s, io::NearDuplicateKind::kHomophoneName);
      if (!copy) continue;
      domain::Date birth = *domain::ParseDate(copy->birth_date);
      birth.day += birth.day < 28 ? 1 : -1;
      copy->birth_date = domain::FormatDate(birth);
      if (without_guardian_ids) *copy = io::WithoutGuardianIds(*copy);
      int64_t b = Submit(*copy, kCounties[rng_() % 6]);
      pairs_.push_back({id, b,
                        std::string("homophone_and_birth_typo") +
                            (without_guardian_ids ? "/no_guardian_ids" : ""),
                        true});
      return;
    }
  }

  store::Database& db_;
  const service::Context& registrar_;
  Options options_;
  Schools schools_;
  io::SyntheticStudents gen_;
  std::mt19937_64 rng_;
  std::vector<std::pair<int64_t, domain::StudentInput>> originals_;
  size_t next_ = 0;
  std::vector<int64_t> ids_;
  std::vector<PlantedPair> pairs_;
};

struct Tally {
  bool duplicate = false;
  int planted = 0, found = 0, listed_touching = 0;
  int64_t score_sum = 0;
};

// What a threshold above the listing threshold would have listed: the
// finder keeps nothing below it, so only higher ones can be replayed.
void ReportHigherThresholds(const std::set<std::pair<int64_t, int64_t>>& truth,
                            const std::map<std::pair<int64_t, int64_t>, int>& listed) {
  for (int threshold : {55, 61, 65, 71}) {
    int shown = 0, hits = 0;
    for (const auto& [key, score] : listed) {
      if (score < threshold) continue;
      ++shown;
      hits += truth.count(key);
    }
    std::printf("at_%d_precision %.4f\nat_%d_recall %.4f\n", threshold,
                shown ? double(hits) / shown : 0.0, threshold,
                truth.empty() ? 0.0 : double(hits) / double(truth.size()));
  }
}

// Prints overall and per-kind figures.
void Report(const std::vector<PlantedPair>& pairs,
            const std::map<std::pair<int64_t, int64_t>, int>& listed) {
  std::map<std::string, Tally> kinds;
  std::map<int64_t, std::string> copy_kind;  // planted record → its kind
  std::set<std::pair<int64_t, int64_t>> truth;
  for (const auto& p : pairs) {
    auto key = std::make_pair(std::min(p.a, p.b), std::max(p.a, p.b));
    Tally& t = kinds[p.kind];
    t.duplicate = p.duplicate;
    ++t.planted;
    if (auto it = listed.find(key); it != listed.end()) {
      ++t.found;
      t.score_sum += it->second;
    }
    if (p.duplicate) {
      truth.insert(key);
      copy_kind[p.b] = p.kind;
    }
  }
  int true_positives = 0;
  for (const auto& [key, score] : listed) {
    true_positives += truth.count(key);
    std::set<std::string> touched;
    for (int64_t id : {key.first, key.second}) {
      if (auto it = copy_kind.find(id); it != copy_kind.end()) touched.insert(it->second);
    }
    for (const auto& k : touched) ++kinds[k].listed_touching;
  }
  std::printf("listed_pairs %zu\ntrue_duplicate_pairs %zu\n", listed.size(), truth.size());
  std::printf("precision %.4f\nrecall %.4f\n",
              listed.empty() ? 0.0 : double(true_positives) / double(listed.size()),
              truth.empty() ? 0.0 : double(true_positives) / double(truth.size()));
  int family_listed = 0;
  for (const auto& [kind, t] : kinds) {
    double mean = t.found ? double(t.score_sum) / t.found : 0.0;
    if (t.duplicate) {
      std::printf("%s_recall %.4f\n%s_precision %.4f\n", kind.c_str(), double(t.found) / t.planted,
                  kind.c_str(), t.listed_touching ? double(t.found) / t.listed_touching : 0.0);
    } else {
      std::printf("%s_listed_rate %.4f\n", kind.c_str(), double(t.found) / t.planted);
      family_listed += t.found;
    }
    std::printf("%s_mean_score %.1f\n", kind.c_str(), mean);
  }
  std::printf("false_positives_twins_siblings %d\nfalse_positives_other %d\n", family_listed,
              static_cast<int>(listed.size()) - true_positives - family_listed);
  ReportHigherThresholds(truth, listed);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--students") o.students = std::atoi(argv[i + 1]);
    if (flag == "--planted") o.planted = std::atoi(argv[i + 1]);
    if (flag == "--twins") o.twins = std::atoi(argv[i + 1]);
    if (flag == "--siblings") o.siblings = std::atoi(argv[i + 1]);
    if (flag == "--no-id-percent") o.no_id_percent = std::atoi(argv[i + 1]);
    if (flag == "--seed") o.seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("xueji-dup-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto db = store::OpenDatabase("sqlite:" + (dir / "bench.db").string());
  // A fixed date, so that the seed alone decides the records.
  service::Context cli{std::nullopt, "bench", *domain::ParseInstant("2026-09-10T10:00:00+08:00")};
  if (!service::InitDatabase(*db, cli, std::string(XUEJI_SOURCE_DIR) + "/data/regions.csv").ok() ||
      !service::GenerateDemoData(*db, cli).ok()) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  // One registrar submits everything (the service trusts the router for scope).
  auto tx = db->BeginRead();
  auto user = tx->QueryOne("SELECT id FROM app_user WHERE username = 'school_registrar'");
  tx.reset();
  service::Context registrar = cli;
  registrar.actor = service::Actor{user->Int(0), "school_registrar"};
  std::vector<io::SyntheticCounty> counties;
  for (const char* c : kCounties) counties.push_back({c, FullName(*db, c)});

  Bench bench(*db, cli, registrar, o, counties);
  auto t0 = Clock::now();
  bench.Populate();
  bench.Plant();
  auto t1 = Clock::now();
  auto listed = bench.FindAll();
  auto t2 = Clock::now();
  std::printf("seed %llu\nstudents %d\nno_id_percent %d\nrecords %zu\n",
              static_cast<unsigned long long>(o.seed), o.students, o.no_id_percent,
              bench.records());
  std::printf("register_s %.1f\nfinder_ms_per_record %.3f\n",
              std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double, std::milli>(t2 - t1).count() / bench.records());
  Report(bench.pairs(), listed);
  fs::remove_all(dir);
  return 0;
}
