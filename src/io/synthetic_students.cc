#include "io/synthetic_students.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_map>

#include "domain/duplicate_score.h"
#include "domain/id_number.h"
#include "domain/school.h"
#include "domain/text.h"
#include "io/name_keys.h"

namespace xueji::io {
namespace {

// Common surnames, most frequent first (weighted by rank), then a few compound
// surnames at the rare end.
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏"
    "吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃"
    "武钱戴严莫孔向常汤康易乔赖文施洪辛柳牛樊葛邢安齐伍庞颜倪温俞兰聂章鲁岳柴殷申耿关焦左祝甘卓蓝"
    "单房游包路盛池宁詹尚纪舒阮凌费符景霍滕戚褚米裴屈翟苗梅盘虞麦谷丘娄冉骆宫蒲欧柏管宗鞠水涂晏鲍"
    "晋乐商谈卜巴车瞿计伏边";
const std::vector<std::string> kCompoundSurnames = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫"};

// Given-name characters of children born since 2005, by sex, and for both.
constexpr std::string_view kBoyChars =
    "浩宇轩泽睿博俊杰晨阳子梓明铭涛鹏磊辉强军伟凯峰斌彬昊皓然航天翔龙飞海鑫逸恒旭毅瑞锐豪文武志嘉佳"
    "一诚远涵哲宏健超勇波亮刚正奕铄霖煜烨炜晟骏峻君成鸿楷朗坤景晗";
constexpr std::string_view kGirlChars =
    "欣怡雨萱涵婷静婧琪瑶悦妍彤雪慧丽颖梦晴琳思诗雅可馨蕾蕊璐菲娜佳嘉晓小语若汐依诺安心月露洁婉萌玥"
    "桐芮钰薇芸茜蓉莹楠倩雯珊媛婕嫣琦淇祺芊";
constexpr std::string_view kNeutralChars = "子梓一嘉佳晨宸辰文安思雨宇欣星睿乐清书";
// Given-name characters of their parents' generation.
constexpr std::string_view kFatherChars = "建国华军伟强明勇平刚辉波斌峰涛海林文志杰鹏飞红兵忠德";
constexpr std::string_view kMotherChars = "丽芳敏静娟霞红燕玲梅兰英秀萍琴慧洁云莉娜艳凤";

// R-INFO-5: simplified → traditional for the characters above that have a
// different traditional form. Surnames whose traditional form is the same
// character (于, 余, 范, 岳, 涂, 游) are absent on purpose: 於, 餘, 範 … are
// other words, not the surname; so is 峰, whose 峯 is a variant.
constexpr std::string_view kTraditionalPairs =
    "万萬东東严嚴丽麗乐樂乔喬书書伟偉兰蘭关關军軍冯馮凯凱刘劉刚剛单單卢盧叶葉吕呂吴吳娄婁孙孫宁寧"
    "宫宮张張强強恒恆悦悅晋晉晓曉杨楊杰傑梦夢欧歐汤湯泽澤洁潔涛濤温溫炜煒烨燁瑶瑤盘盤纪紀罗羅聂聶"
    "苏蘇莹瑩蒋蔣蓝藍计計许許诗詩诚誠语語诸諸诺諾谈談谢謝谭譚费費贺賀贾賈赖賴赵趙车車轩軒辉輝边邊"
    "远遠邓鄧邹鄒郑鄭钟鍾钰鈺钱錢铄鑠铭銘锐銳闫閆阳陽陆陸陈陳静靜韦韋韩韓顾顧颖穎颜顏飞飛马馬骆駱"
    "骏駿鲁魯鲍鮑鸿鴻鹏鵬麦麥黄黃齐齊龙龍龚龔华華国國红紅云雲艳艷凤鳳";

const std::vector<std::string> kStreets = {"人民路", "中山路", "解放路", "建设路", "和平路",
                                           "新华路", "文化路", "朝阳路", "胜利路", "长江路",
                                           "黄河路", "青年路", "光明路", "幸福路", "花园路",
                                           "学府路", "东风路", "友谊路", "振兴路", "滨河路"};
const std::vector<std::string> kEstates = {"阳光花园", "金色家园", "翠湖苑",   "锦绣华城",
                                           "世纪城",   "书香苑",   "滨江小区", "和谐家园"};
const std::vector<std::string> kMobilePrefixes = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};
const std::vector<std::string> kMinorityEthnicities = {"02", "03", "04", "06", "07", "08",
                                                       "09", "10", "11", "12", "13", "15"};

std::vector<std::string> Chars(std::string_view utf8) {
  std::vector<std::string> out;
  for (size_t i = 0; i < utf8.size();) {
    size_t start = i;
    domain::NextCodePoint(utf8, i);
    out.emplace_back(utf8.substr(start, i - start));
  }
  return out;
}

const std::vector<std::string>& SurnameList() {
  static const std::vector<std::string> kList = [] {
    std::vector<std::string> v = Chars(kSurnames);
    v.insert(v.end(), kCompoundSurnames.begin(), kCompoundSurnames.end());
    return v;
  }();
  return kList;
}

const std::unordered_map<std::string, std::string>& TraditionalTable() {
  static const std::unordered_map<std::string, std::string> kTable = [] {
    std::unordered_map<std::string, std::string> t;
    std::vector<std::string> c = Chars(kTraditionalPairs);
    for (size_t i = 0; i + 1 < c.size(); i += 2) t.emplace(c[i], c[i + 1]);
    return t;
  }();
  return kTable;
}

// The length in characters of the surname at the start of `name`.
size_t SurnameLength(const std::vector<std::string>& name) {
  if (name.size() > 2) {
    std::string two = name[0] + name[1];
    for (const auto& c : kCompoundSurnames)
      if (c == two) return 2;
  }
  return 1;
}

int GradeOrdinal(std::string_view grade_code) {
  assert(domain::FindGrade(grade_code) != nullptr);
  int tens = grade_code[0] - '0', ones = grade_code[1] - '0';
  return (tens == 1 ? 0 : tens == 2 ? 6 : 9) + ones;
}

int64_t Days(domain::Date d) { return domain::DaysFromCivil(d.year, d.month, d.day); }

domain::Date FromDays(int64_t days) {
  int y;
  unsigned m, d;
  domain::CivilFromDays(days, y, m, d);
  return domain::Date{y, static_cast<int>(m), static_cast<int>(d)};
}

void DropId(domain::StudentInput& s) {
  s.id_type = domain::kOtherIdType;
  s.id_number.clear();
}

}  // namespace

std::string_view NearDuplicateKindName(NearDuplicateKind kind) {
  switch (kind) {
    case NearDuplicateKind::kTraditionalName:
      return "traditional_name";
    case NearDuplicateKind::kHomophoneName:
      return "homophone_name";
    case NearDuplicateKind::kIdSubstitution:
      return "id_substitution";
    case NearDuplicateKind::kIdTransposition:
      return "id_transposition";
    case NearDuplicateKind::kWithoutId:
      return "without_id";
  }
  return "";
}

const std::vector<NearDuplicateKind>& AllNearDuplicateKinds() {
  static const std::vector<NearDuplicateKind> kKinds = {
      NearDuplicateKind::kTraditionalName, NearDuplicateKind::kHomophoneName,
      NearDuplicateKind::kIdSubstitution, NearDuplicateKind::kIdTransposition,
      NearDuplicateKind::kWithoutId};
  return kKinds;
}

const std::vector<std::string>& HomophoneGroups() {
  static const std::vector<std::string> kGroups = {
      "彬斌",     "博波",         "宸晨辰",     "成晟诚",     "晗涵",   "昊浩皓豪", "宏鸿",
      "佳嘉",     "婕杰洁",       "婧景静",     "俊君峻骏军", "凯楷",   "琳霖",     "明铭",
      "淇琦琪祺", "倩芊茜",       "瑞睿芮蕊锐", "彤桐",       "伟炜",   "小晓",     "心欣鑫馨",
      "萱轩",     "一依奕怡毅逸", "莹颖",       "宇煜语钰雨", "悦月玥", "子梓",     "妍嫣",
      "磊蕾",     "璐露",         "梦萌",       "晴清",       "文雯",   "慧辉"};
  return kGroups;
}

std::string TraditionalForm(std::string_view name) {
  std::string out;
  for (const auto& c : Chars(name)) {
    auto it = TraditionalTable().find(c);
    out += it == TraditionalTable().end() ? c : it->second;
  }
  return out;
}

domain::StudentInput WithoutGuardianIds(domain::StudentInput s) {
  for (auto& g : s.guardians) {
    g.id_type.clear();
    g.id_number.clear();
  }
  return s;
}

SyntheticStudents::SyntheticStudents(uint64_t seed, std::vector<SyntheticCounty> counties,
                                     domain::Date today)
    : rng_(seed), counties_(std::move(counties)), today_(today) {
  assert(!counties_.empty());
}

uint64_t SyntheticStudents::Uniform(uint64_t n) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const uint64_t limit = max - max % n;
  for (;;) {
    uint64_t x = rng_();
    if (x < limit) return x % n;
  }
}

bool SyntheticStudents::Chance(double p) {
  return static_cast<double>(Uniform(1'000'000)) < p * 1'000'000.0;
}

std::string SyntheticStudents::Surname() {
  const auto& list = SurnameList();
  static const std::vector<uint64_t> kCumulative = [&list] {
    std::vector<uint64_t> c;
    uint64_t sum = 0;
    for (size_t i = 0; i < list.size(); ++i) c.push_back(sum += 1'000'000 / (i + 5));
    return c;
  }();
  uint64_t x = Uniform(kCumulative.back());
  size_t i = 0;
  while (kCumulative[i] <= x) ++i;
  return list[i];
}

std::string SyntheticStudents::GivenName(bool male) {
  static const std::vector<std::string> kBoys =
      Chars(std::string(kBoyChars) + std::string(kNeutralChars));
  static const std::vector<std::string> kGirls =
      Chars(std::string(kGirlChars) + std::string(kNeutralChars));
  const auto& pool = male ? kBoys : kGirls;
  std::string name = Pick(pool);
  if (Chance(0.75)) name += Pick(pool);
  return name;
}

std::pair<int64_t, int64_t> SyntheticStudents::BirthRange(std::string_view grade_code) const {
  // R-POL-5 with the cut-off 31 August: first graders entering in September
  // of `intake` were born from 1 September of intake−7 to 31 August of intake−6.
  int school_year = today_.month >= 9 ? today_.year : today_.year - 1;
  int intake = school_year - (GradeOrdinal(grade_code) - 1);
  return {Days({intake - 7, 9, 1}), Days({intake - 6, 8, 31})};
}

domain::Date SyntheticStudents::BirthDateFor(std::string_view grade_code) {
  auto [first, last] = BirthRange(grade_code);
  return FromDays(first + static_cast<int64_t>(Uniform(last - first + 1)));
}

std::string SyntheticStudents::IssueId(const std::string& county, domain::Date birth, bool male) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d%02d%02d", birth.year, birth.month, birth.day);
  for (;;) {
    int sequence = static_cast<int>(Uniform(499)) * 2 + (male ? 3 : 2);  // 002–999
    std::string id = IdWithSequence(county + date + "000", sequence);
    if (issued_.insert(id).second) return id;
  }
}

std::string SyntheticStudents::IdWithSequence(const std::string& id, int sequence) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03d", sequence);
  std::string body = id.substr(0, 14) + seq;
  return body + domain::IdCheckCharacter(body);
}

std::string SyntheticStudents::Phone() {
  std::string phone = Pick(kMobilePrefixes);
  for (int i = 0; i < 8; ++i) phone.push_back(static_cast<char>('0' + Uniform(10)));
  return phone;
}

std::string SyntheticStudents::Address(const SyntheticCounty& county) {
  return county.name + Pick(kStreets) + std::to_string(1 + Uniform(300)) + "号" + Pick(kEstates) +
         std::to_string(1 + Uniform(20)) + "栋" + std::to_string(1 + Uniform(4)) + "单元" +
         std::to_string(1 + Uniform(30)) + "0" + std::to_string(1 + Uniform(4)) + "室";
}

domain::GuardianInput SyntheticStudents::Parent(const std::string& surname, bool father,
                                                domain::Date child_birth,
                                                const SyntheticCounty& county,
                                                const std::string& address) {
  static const std::vector<std::string> kFathers = Chars(kFatherChars);
  static const std::vector<std::string> kMothers = Chars(kMotherChars);
  const auto& pool = father ? kFathers : kMothers;
  domain::GuardianInput g;
  g.name = (father ? surname : Surname()) + Pick(pool) + (Chance(0.6) ? Pick(pool) : "");
  g.relation = father ? "51" : "52";
  g.address = address;
  g.hukou_division = county.code;
  g.phone = Phone();
  g.is_guardian = "1";
  g.id_type = domain::kCitizenIdType;
  int age = static_cast<int>(father ? 24 + Uniform(17) : 22 + Uniform(17));
  int year = child_birth.year - age;
  domain::Date birth = FromDays(Days({year, 1, 1}) + static_cast<int64_t>(Uniform(365)));
  const SyntheticCounty& home = Chance(0.7) ? county : Pick(counties_);
  g.id_number = IssueId(home.code, birth, father);
  g.ethnicity = "01";
  return g;
}

void SyntheticStudents::FillSchoolFields(domain::StudentInput& s, std::string_view grade_code) {
  int ordinal = GradeOrdinal(grade_code);
  int stage_first = ordinal <= 6 ? 1 : ordinal <= 9 ? 7 : 10;
  int school_year = today_.month >= 9 ? today_.year : today_.year - 1;
  s.grade_code = std::string(grade_code);
  s.entry_month = std::to_string(school_year - (ordinal - stage_first)) + "09";
  s.political = ordinal >= 10 && Chance(0.4) ? "03" : "13";
  s.enroll_method = ordinal >= 10 ? "21" : "11";
  s.attend_mode = Chance(ordinal >= 10 ? 0.4 : 0.1) ? "2" : "1";
  s.source = "1";
  s.preschool = Chance(0.9) ? "1" : "0";
}

domain::StudentInput SyntheticStudents::Next(std::string_view grade_code) {
  const SyntheticCounty& county = Pick(counties_);
  bool male = Chance(0.5);
  domain::Date birth = BirthDateFor(grade_code);
  std::string surname = Surname();
  domain::StudentInput s;
  s.name = surname + GivenName(male);
  s.sex = male ? "1" : "2";
  s.birth_date = domain::FormatDate(birth);
  s.birthplace = county.code;
  s.ethnicity = Chance(0.9) ? "01" : Pick(kMinorityEthnicities);
  s.nationality = "CHN";
  s.id_type = domain::kCitizenIdType;
  s.id_number = IssueId(county.code, birth, male);
  s.hmt = "00";
  s.health = "10";
  s.hukou_division = county.code;
  s.hukou_type = Chance(0.45) ? "1" : "2";
  FillSchoolFields(s, grade_code);
  s.address = Address(county);
  for (std::string* f :
       {&s.only_child, &s.left_behind, &s.migrant_child, &s.orphan, &s.martyr_child,
        &s.inclusive_class, &s.disability, &s.govt_degree, &s.needs_aid, &s.one_subsidy}) {
    *f = "0";
  }
  s.only_child = Chance(0.35) ? "1" : "0";
  s.left_behind = Chance(0.1) ? (Chance(0.6) ? "1" : "2") : "0";
  s.migrant_child = Chance(0.1) ? "1" : "0";
  s.needs_aid = Chance(0.08) ? "1" : "0";
  bool both = Chance(0.75), mother_only = !both && Chance(0.6);
  if (both || !mother_only) s.guardians.push_back(Parent(surname, true, birth, county, s.address));
  if (both || mother_only) s.guardians.push_back(Parent(surname, false, birth, county, s.address));
  s.phone = s.guardians.front().phone;
  return s;
}

std::optional<std::string> SyntheticStudents::HomophoneName(const std::string& name) {
  std::vector<std::string> chars = Chars(name);
  struct Option {
    size_t position;
    std::string replacement;
  };
  std::vector<Option> options;
  for (size_t i = SurnameLength(chars); i < chars.size(); ++i) {
    for (const auto& group : HomophoneGroups()) {
      std::vector<std::string> members = Chars(group);
      if (std::find(members.begin(), members.end(), chars[i]) == members.end()) continue;
      for (const auto& m : members)
        if (m != chars[i]) options.push_back({i, m});
    }
  }
  if (options.empty()) return std::nullopt;
  const Option& o = Pick(options);
  chars[o.position] = o.replacement;
  std::string out;
  for (const auto& c : chars) out += c;
  return out;
}

std::optional<std::string> SyntheticStudents::IdTypo(const domain::StudentInput& original,
                                                     bool transposition) {
  if (original.id_type != domain::kCitizenIdType) return std::nullopt;
  auto birth = domain::ParseDate(original.birth_date);
  std::optional<domain::Sex> sex;
  if (original.sex == "1") sex = domain::Sex::kMale;
  if (original.sex == "2") sex = domain::Sex::kFemale;
  auto wanted = transposition ? domain::IdBodyRelation::kAdjacentTransposition
                              : domain::IdBodyRelation::kOneSubstitution;
  std::vector<std::string> options;
  for (const auto& n : domain::IdTypoNeighbours(original.id_number)) {
    if (domain::CompareIdBodies(original.id_number, n) != wanted || issued_.count(n)) continue;
    auto parsed = domain::ParseIdNumber(n, today_);
    if (parsed.ok() && domain::CheckIdAgainstRecord(*parsed, birth, sex).ok()) {
      options.push_back(n);
    }
  }
  if (options.empty()) return std::nullopt;
  std::string chosen = Pick(options);
  issued_.insert(chosen);
  return chosen;
}

std::optional<domain::StudentInput> SyntheticStudents::NearDuplicate(
    const domain::StudentInput& original, NearDuplicateKind kind) {
  domain::StudentInput copy = original;
  switch (kind) {
    case NearDuplicateKind::kTraditionalName:
      copy.name = TraditionalForm(original.name);
      if (copy.name == original.name) return std::nullopt;
      DropId(copy);
      return copy;
    case NearDuplicateKind::kHomophoneName: {
      auto name = HomophoneName(original.name);
      if (!name) return std::nullopt;
      copy.name = *name;
      DropId(copy);
      return copy;
    }
    case NearDuplicateKind::kIdSubstitution:
    case NearDuplicateKind::kIdTransposition: {
      auto id = IdTypo(original, kind == NearDuplicateKind::kIdTransposition);
      if (!id) return std::nullopt;
      copy.id_number = *id;
      return copy;
    }
    case NearDuplicateKind::kWithoutId:
      if (original.id_type != domain::kCitizenIdType) return std::nullopt;
      DropId(copy);
      return copy;
  }
  return std::nullopt;
}

domain::StudentInput SyntheticStudents::Relative(const domain::StudentInput& original, bool male) {
  domain::StudentInput r = original;
  r.sex = male ? "1" : "2";
  std::vector<std::string> chars = Chars(original.name);
  std::string surname;
  for (size_t i = 0; i < SurnameLength(chars); ++i) surname += chars[i];
  do {
    r.name = surname + GivenName(male);
  } while (PinyinKey(r.name) == PinyinKey(original.name));
  return r;
}

domain::StudentInput SyntheticStudents::Twin(const domain::StudentInput& original, bool same_sex) {
  bool male = (original.sex == "1") == same_sex;
  domain::StudentInput twin = Relative(original, male);
  if (original.id_type != domain::kCitizenIdType) return twin;
  // Twins are registered one after the other: the nearest free sequence
  // number of the right parity.
  int sequence = std::stoi(original.id_number.substr(14, 3));
  for (int distance = same_sex ? 2 : 1; distance < 1000; distance += 2) {
    for (int candidate : {sequence + distance, sequence - distance}) {
      if (candidate < 2 || candidate > 999) continue;
      std::string id = IdWithSequence(original.id_number, candidate);
      if (issued_.insert(id).second) {
        twin.id_number = id;
        return twin;
      }
    }
  }
  twin.id_number =
      IssueId(original.id_number.substr(0, 6), *domain::ParseDate(twin.birth_date), male);
  return twin;
}

domain::StudentInput SyntheticStudents::Sibling(const domain::StudentInput& original,
                                                std::string_view grade_code) {
  bool male = Chance(0.5);
  domain::StudentInput sibling = Relative(original, male);
  // At least 300 days apart; when the grade leaves no such day, the end of
  // its year farthest from the original's birthday.
  auto [first, last] = BirthRange(grade_code);
  int64_t own = Days(*domain::ParseDate(original.birth_date));
  int64_t before = std::max<int64_t>(0, std::min(last, own - 300) - first + 1);
  int64_t after = std::max<int64_t>(0, last - std::max(first, own + 300) + 1);
  int64_t day = std::abs(first - own) > std::abs(last - own) ? first : last;
  if (before + after > 0) {
    int64_t k = static_cast<int64_t>(Uniform(before + after));
    day = k < before ? first + k : std::max(first, own + 300) + (k - before);
  }
  sibling.birth_date = domain::FormatDate(FromDays(day));
  FillSchoolFields(sibling, grade_code);
  if (original.id_type == domain::kCitizenIdType) {
    sibling.id_number = IssueId(original.id_number.substr(0, 6), FromDays(day), male);
  }
  return sibling;
}

}  // namespace xueji::io
