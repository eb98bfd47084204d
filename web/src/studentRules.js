// Element Plus form rules for the registration form, built from the field
// list (studentFields.js) and the formal checks (studentChecks.js). Checks
// on 'change' run as the user types and flag only what is already certain to
// be wrong; the complete check of a field runs on 'blur' and before submit.

import { CITIZEN_ID_TYPE, GUARDIAN_FIELDS, OTHER_ID_TYPE, STUDENT_FIELDS } from './studentFields.js';
import { checkDivision, checkEmail, checkPhone, checkPostalCode, compact, parseIdNumber } from './studentChecks.js';

const PICKED = new Set(['code', 'grade', 'class', 'division', 'date', 'month']);

function validator(check) {
  return (rule, value, callback) => {
    const message = check(value ?? '');
    callback(message ? new Error(message) : undefined);
  };
}

function requiredRule(field) {
  const verb = PICKED.has(field.kind) ? '请选择' : '请填写';
  return {
    required: true,
    validator: validator((v) => (String(v).trim() === '' || v === 0 ? `${verb}${field.label}` : '')),
    trigger: PICKED.has(field.kind) ? 'change' : 'blur',
  };
}

/**
 * The check of an ID number field. `record()` returns the object holding it
 * (the student or one family member); `student` also compares the number with
 * the birth date and sex the form holds (R-INFO-1).
 */
function idRules(record, { student }) {
  const check = (partial) => (value) => {
    const r = record();
    const idType = r.id_type;
    if (idType !== CITIZEN_ID_TYPE) {
      const s = compact(value);
      if (!s && student && idType && idType !== OTHER_ID_TYPE && !partial) return '请填写身份证件号';
      return s.length > 30 ? '身份证件号不能超过30个字符' : '';
    }
    const id = parseIdNumber(value, { partial });
    if (id.error || !id.birth) return id.error;
    if (student && r.birth_date && r.birth_date !== id.birth) {
      return `身份证号中的出生日期${id.birth}与填写的出生日期${r.birth_date}不一致`;
    }
    if (student && r.sex && r.sex !== id.sex) {
      return `身份证号第17位表示性别为${id.sex === '1' ? '男' : '女'}，与填写的性别不一致`;
    }
    return '';
  };
  // `required` only marks the label: the validators decide (the student's
  // number may be empty for the document type 其他).
  const idType = record().id_type;
  const required = student && idType !== OTHER_ID_TYPE;
  return [
    { required, validator: validator(check(true)), trigger: 'change' },
    { validator: validator(check(false)), trigger: 'blur' },
  ];
}

function formatRules(field, record, options) {
  switch (field.kind) {
    case 'id':
      return idRules(record, options);
    case 'phone':
      return [
        {
          validator: validator((v) => (/[^\d\s\-+转()（）]/.test(v) ? '联系电话只能包含数字和“-”' : '')),
          trigger: 'change',
        },
        { validator: validator(checkPhone), trigger: 'blur' },
      ];
    case 'postal':
      return [{ validator: validator(checkPostalCode), trigger: 'blur' }];
    case 'email':
      return [{ validator: validator(checkEmail), trigger: 'blur' }];
    case 'division':
      return [
        {
          validator: validator((v) => (compact(v).length === 6 ? checkDivision(v, field.label) : '')),
          trigger: 'change',
        },
        { validator: validator((v) => checkDivision(v, field.label)), trigger: 'blur' },
      ];
    default:
      return [];
  }
}

function rulesOf(field, record, options) {
  const rules = field.required ? [requiredRule(field)] : [];
  return rules.concat(formatRules(field, record, options));
}

/**
 * Rules keyed by form-item prop: "name", "guardians.0.phone", …; to be
 * rebuilt (a computed) when the number of family members or the student's
 * document type changes.
 */
export function registrationRules(form) {
  const rules = {};
  for (const f of STUDENT_FIELDS) rules[f.name] = rulesOf(f, () => form, { student: true });
  form.guardians.forEach((g, i) => {
    for (const f of GUARDIAN_FIELDS) {
      rules[`guardians.${i}.${f.name}`] = rulesOf(f, () => form.guardians[i] || {}, { student: false });
    }
  });
  return rules;
}
