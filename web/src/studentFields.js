// The student basic-information record as the UI shows and edits it: the
// fields of the national table in its groups (names and labels as the server
// lists them in StudentFields()/GuardianFields()), the code table behind each
// coded field, and the Chinese names of registration states, statuses and
// 问题学籍 kinds and actions.

// kind: text | name | code | date | month | division | id | phone | postal |
// email | grade | class. `table` is the code table of a coded field.
export const STUDENT_GROUPS = [
  {
    key: 'basic',
    title: '基本信息',
    fields: [
      { name: 'name', label: '姓名', kind: 'name', required: true },
      { name: 'former_name', label: '曾用名', kind: 'name' },
      { name: 'sex', label: '性别', kind: 'code', table: 'sex', required: true },
      { name: 'birth_date', label: '出生日期', kind: 'date', required: true },
      { name: 'birthplace', label: '出生地', kind: 'division', required: true },
      { name: 'native_place', label: '籍贯', kind: 'text', max: 50 },
      { name: 'ethnicity', label: '民族', kind: 'code', table: 'ethnicity', required: true },
      { name: 'nationality', label: '国籍/地区', kind: 'code', table: 'nationality', required: true },
      { name: 'id_type', label: '身份证件类型', kind: 'code', table: 'id_type', required: true },
      { name: 'id_number', label: '身份证件号', kind: 'id' },
      { name: 'hmt', label: '港澳台侨外', kind: 'code', table: 'hmt_overseas', required: true },
      { name: 'political', label: '政治面貌', kind: 'code', table: 'political', required: true },
      { name: 'health', label: '健康状况', kind: 'code', table: 'health', required: true },
      { name: 'hukou_division', label: '户口所在地', kind: 'division', required: true },
      { name: 'hukou_type', label: '户口性质', kind: 'code', table: 'hukou_type', required: true },
      { name: 'specialty', label: '特长', kind: 'text', max: 100 },
    ],
  },
  {
    key: 'enrollment',
    title: '学籍信息',
    fields: [
      { name: 'school_student_no', label: '学籍辅号', kind: 'text', max: 30 },
      { name: 'grade_code', label: '年级', kind: 'grade', required: true },
      { name: 'class_id', label: '班级', kind: 'class', required: true },
      { name: 'entry_month', label: '入学年月', kind: 'month', required: true },
      { name: 'enroll_method', label: '入学方式', kind: 'code', table: 'enroll_method', required: true },
      { name: 'attend_mode', label: '就读方式', kind: 'code', table: 'attend_mode', required: true },
      { name: 'source', label: '学生来源', kind: 'code', table: 'student_source', required: true },
    ],
  },
  {
    key: 'contact',
    title: '联系方式',
    fields: [
      { name: 'address', label: '现住址', kind: 'text', max: 200, required: true, wide: true },
      { name: 'mail_address', label: '通信地址', kind: 'text', max: 200, wide: true },
      { name: 'home_address', label: '家庭地址', kind: 'text', max: 200, wide: true },
      { name: 'phone', label: '联系电话', kind: 'phone', required: true },
      { name: 'postal_code', label: '邮政编码', kind: 'postal' },
      { name: 'email', label: '电子信箱', kind: 'email' },
    ],
  },
  {
    key: 'extra',
    title: '扩展信息',
    fields: [
      { name: 'only_child', label: '是否独生子女', kind: 'code', table: 'yes_no', required: true },
      { name: 'preschool', label: '是否受过学前教育', kind: 'code', table: 'yes_no', required: true },
      { name: 'left_behind', label: '是否留守儿童', kind: 'code', table: 'left_behind', required: true },
      { name: 'migrant_child', label: '是否进城务工人员随迁子女', kind: 'code', table: 'yes_no', required: true },
      { name: 'orphan', label: '是否孤儿', kind: 'code', table: 'yes_no', required: true },
      { name: 'martyr_child', label: '是否烈士或优抚子女', kind: 'code', table: 'yes_no', required: true },
      { name: 'inclusive_class', label: '随班就读', kind: 'code', table: 'inclusive_class', required: true },
      { name: 'disability', label: '残疾人类型', kind: 'code', table: 'disability', required: true },
      { name: 'govt_degree', label: '是否由政府购买学位', kind: 'code', table: 'yes_no', required: true },
      { name: 'needs_aid', label: '是否需要申请资助', kind: 'code', table: 'yes_no', required: true },
      { name: 'one_subsidy', label: '是否享受一补', kind: 'code', table: 'yes_no', required: true },
    ],
  },
];

export const STUDENT_FIELDS = STUDENT_GROUPS.flatMap((g) => g.fields);

export const GUARDIAN_FIELDS = [
  { name: 'name', label: '姓名', kind: 'name', required: true },
  { name: 'relation', label: '关系', kind: 'code', table: 'family_relation', required: true },
  { name: 'relation_note', label: '关系说明', kind: 'text', max: 50 },
  { name: 'is_guardian', label: '是否监护人', kind: 'code', table: 'yes_no', required: true },
  { name: 'phone', label: '联系电话', kind: 'phone', required: true },
  { name: 'hukou_division', label: '户口所在地', kind: 'division', required: true },
  { name: 'address', label: '现住址', kind: 'text', max: 200, required: true },
  { name: 'ethnicity', label: '民族', kind: 'code', table: 'ethnicity' },
  { name: 'id_type', label: '身份证件类型', kind: 'code', table: 'id_type' },
  { name: 'id_number', label: '身份证件号', kind: 'id' },
  { name: 'employer', label: '工作单位', kind: 'text', max: 100 },
  { name: 'position', label: '职务', kind: 'text', max: 50 },
];

export const MAX_GUARDIANS = 6;
export const CITIZEN_ID_TYPE = '1'; // 居民身份证
export const OTHER_ID_TYPE = 'Z'; // 其他: the number may stay empty

// Every code table a form needs, loaded once per page.
export const CODE_TABLE_IDS = [
  ...new Set([...STUDENT_FIELDS, ...GUARDIAN_FIELDS].filter((f) => f.table).map((f) => f.table)),
];

export const REGISTRATION_NAMES = {
  pending_school: '待学校审核',
  pending_authority: '待主管部门核准',
  active: '已核准（在籍）',
  returned: '已退回',
  problem: '问题学籍',
  cancelled: '已注销',
};

const REGISTRATION_TAG_TYPES = {
  pending_school: 'warning',
  pending_authority: 'warning',
  active: 'success',
  returned: 'danger',
  problem: 'danger',
  cancelled: 'info',
};

export const registrationName = (r) => REGISTRATION_NAMES[r] || r || '—';
export const registrationTagType = (r) => REGISTRATION_TAG_TYPES[r] || 'info';

// 学籍状态 (SPEC §6); "pending" until the record is approved.
export const STATUS_NAMES = {
  pending: '未注册',
  enrolled: '在籍在读',
  suspended: '休学',
  dropped_out: '辍学',
  abroad: '出国',
  stopped: '停学',
  transferred_out: '转出',
  graduated: '毕业',
  completed: '结业',
  incomplete: '肄业',
  withdrawn: '退学',
  expelled: '开除',
  deceased: '死亡',
  cancelled: '已注销',
};

export const statusName = (s) => STATUS_NAMES[s] || s || '—';

// 问题学籍 kinds (R-REG-8): a invalid ID, b one ID on two records, c same
// name, sex and birth date without a valid ID.
export const PROBLEM_KINDS = [
  { code: 'invalid_id', name: '身份证件号未通过核验' },
  { code: 'duplicate_id', name: '身份证件号重复' },
  { code: 'duplicate_no_id', name: '疑似重复（无有效证件号）' },
];

export const problemKindName = (k) => PROBLEM_KINDS.find((p) => p.code === k)?.name || k || '—';

export const PROBLEM_ACTIONS = [
  { code: 'keep_this', name: '保留本记录', hint: '学生在本记录的学校就读，注销另一记录' },
  { code: 'keep_other', name: '保留另一记录', hint: '学生在另一记录的学校就读，注销本记录' },
  { code: 'evidence', name: '佐证', hint: '附证明材料说明本记录无误（如双胞胎），本记录继续注册' },
  { code: 'delete_this', name: '删除本记录', hint: '本记录为错误记录，予以注销' },
];

export const problemActionName = (a) => PROBLEM_ACTIONS.find((p) => p.code === a)?.name || a || '—';

// Which actions fit which kind (R-REG-8): keeping one of two records needs two
// records; two records cannot both own one ID number, so no 佐证 for b.
export function actionsForKind(kind) {
  const duplicate = kind === 'duplicate_id' || kind === 'duplicate_no_id';
  return PROBLEM_ACTIONS.filter((a) => {
    if (a.code === 'keep_this' || a.code === 'keep_other') return duplicate;
    if (a.code === 'evidence') return kind !== 'duplicate_id';
    return true;
  });
}

export const sexName = (s) => (s === '1' ? '男' : s === '2' ? '女' : s || '—');

const META_FIELDS = {
  class_id: { name: 'class_id', label: '班级', kind: 'class' },
  student_number: { name: 'student_number', label: '学籍号', kind: 'text' },
  registration: { name: 'registration', label: '注册状态', kind: 'registration' },
  status: { name: 'status', label: '学籍状态', kind: 'status' },
  // R-TR-12: the school a placed student attends, by name.
  attending_school: { name: 'attending_school', label: '就读学校', kind: 'text' },
};

/**
 * The definition of a field name as the history and change requests write
 * it: a record field ("name"), a family member's ("guardians[0].phone",
 * labelled 家庭成员1·联系电话), or the record's class and state. Unknown
 * names get their own name as the label.
 */
export function fieldDef(field) {
  const g = /^guardians\[(\d+)\]\.(\w+)$/.exec(field || '');
  if (g) {
    const f = GUARDIAN_FIELDS.find((x) => x.name === g[2]);
    if (f) return { ...f, name: field, label: `家庭成员${Number(g[1]) + 1}·${f.label}` };
  }
  return META_FIELDS[field] || STUDENT_FIELDS.find((f) => f.name === field) || { name: field, label: field, kind: 'text' };
}

/**
 * The field names (as the history writes them) whose values differ between
 * two records; province values (R-SPEC-2025) as "extra.NAME".
 */
export function diffRecords(a, b) {
  const out = STUDENT_FIELDS.filter((f) => f.kind !== 'class' && (a[f.name] ?? '') !== (b[f.name] ?? '')).map((f) => f.name);
  if (Number(a.class_id) !== Number(b.class_id)) out.push('class_id', 'grade_code');
  const ga = a.guardians || [];
  const gb = b.guardians || [];
  for (let i = 0; i < Math.max(ga.length, gb.length); i++) {
    for (const f of GUARDIAN_FIELDS) {
      if ((ga[i]?.[f.name] ?? '') !== (gb[i]?.[f.name] ?? '')) out.push(`guardians[${i}].${f.name}`);
    }
  }
  const ea = a.extra || {};
  const eb = b.extra || {};
  for (const name of new Set([...Object.keys(ea), ...Object.keys(eb)])) {
    if ((ea[name] ?? '') !== (eb[name] ?? '')) out.push(`extra.${name}`);
  }
  return out;
}
