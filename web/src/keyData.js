// Key data (关键数据) of a student record and their proofs, as the server's
// rules define them (R-CHG-2, R-ARC-2, R-ARC-3): the default key fields, the
// kinds of proof material, which proofs a change of each field needs, and the
// states of a key-data change request. The server decides; the UI shows the
// same rules before the user submits.

// R-CHG-2: 姓名, 性别, 出生日期, 身份证件类型, 身份证件号. A province may add
// fields (R-POL-3); the server then refuses their direct edit with
// KEY_FIELD_NEEDS_REQUEST, and the page offers the request.
export const DEFAULT_KEY_FIELDS = ['name', 'sex', 'birth_date', 'id_type', 'id_number'];

export const PROOF_KINDS = [
  { code: 'id_card', name: '居民身份证（正反面）', short: '身份证' },
  { code: 'hukou_page', name: '户口本页', short: '户口本' },
  { code: 'police_certificate', name: '派出所证明', short: '派出所证明' },
  { code: 'id_correction_notice', name: '公民身份号码更正告知函', short: '更正告知函' },
  { code: 'other', name: '其他证明', short: '其他证明' },
  // Status changes and transfers (R-ST-1, R-TR-11).
  { code: 'guardian_application', name: '监护人书面申请', short: '监护人申请' },
  { code: 'medical_certificate', name: '医疗机构证明', short: '医疗证明' },
  { code: 'travel_document', name: '出国（境）有效证件', short: '出国证件' },
  { code: 'death_certificate', name: '死亡证明', short: '死亡证明' },
  { code: 'disciplinary_decision', name: '学校处分决定', short: '处分决定' },
  { code: 'dropout_report', name: '辍学书面报告', short: '辍学报告' },
  { code: 'transfer_statement', name: '监护人签字的转学理由说明', short: '转学理由说明' },
  { code: 'record_location_agreement', name: '原学校与监护人学籍去向商定书', short: '学籍去向商定书' },
];

export const proofKindName = (code) => PROOF_KINDS.find((k) => k.code === code)?.name || code || '—';

// R-ARC-2: JPG/PNG images or PDF, at most 10 MB each; the server checks the
// bytes, the page checks the name and size first.
export const MAX_PROOF_BYTES = 10 * 1024 * 1024;
export const PROOF_ACCEPT = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';

/**
 * R-ARC-3: the proofs a change of `field` needs, as groups of kinds; every
 * group must be met by one of its kinds.
 *   性别, 民族 → 身份证; 姓名 → 身份证 + (户口本 or 派出所证明);
 *   身份证件号 → 身份证 + (更正告知函 or 派出所证明); others → 户口本 or 其他证明.
 */
export function requiredProofs(field) {
  if (field === 'sex' || field === 'ethnicity') return [['id_card']];
  if (field === 'name') return [['id_card'], ['hukou_page', 'police_certificate']];
  if (field === 'id_number') return [['id_card'], ['id_correction_notice', 'police_certificate']];
  return [['hukou_page', 'other']];
}

/** "身份证" / "户口本页或派出所证明" */
export function groupText(group) {
  return group.map(proofKindName).join('或');
}

/**
 * For each field, each group with whether the chosen proof kinds meet it:
 * [{field, groups: [{kinds, text, met}]}].
 */
export function proofChecklist(fields, kinds) {
  return fields.map((field) => ({
    field,
    groups: requiredProofs(field).map((g) => ({ kinds: g, text: groupText(g), met: g.some((k) => kinds.includes(k)) })),
  }));
}

export const KEY_CHANGE_STATES = [
  { code: 'pending_school', name: '待学校审核', tag: 'warning' },
  { code: 'pending_authority', name: '待主管部门核准', tag: 'warning' },
  { code: 'approved', name: '已核准生效', tag: 'success' },
  { code: 'rejected', name: '未通过', tag: 'danger' },
  { code: 'cancelled', name: '已撤回', tag: 'info' },
];

export const keyChangeStateName = (s) => KEY_CHANGE_STATES.find((k) => k.code === s)?.name || s || '—';
export const keyChangeStateTag = (s) => KEY_CHANGE_STATES.find((k) => k.code === s)?.tag || 'info';
export const isOpenKeyChange = (s) => s === 'pending_school' || s === 'pending_authority';
