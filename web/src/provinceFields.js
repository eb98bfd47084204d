// Province-defined 非基础信息 (R-SPEC-2025): since the 2025 revision a
// student's information is the national 基础信息 plus fields each province
// defines for itself as data ({name, label, kind, code_table, required,
// max_length, seq}, GET /provinces/{code}/fields). A record holds their values
// in `extra` ({name: value}); the server names their errors "extra.NAME".

export const FIELD_KINDS = [
  { value: 'text', label: '文本' },
  { value: 'code', label: '代码（选自代码表）' },
  { value: 'date', label: '日期' },
  { value: 'yes_no', label: '是/否' },
];

export const kindName = (k) => FIELD_KINDS.find((x) => x.value === k)?.label || k || '—';

// At most this many fields per province; a field name is lower_snake ASCII.
export const MAX_PROVINCE_FIELDS = 50;
export const FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_TEXT_LENGTH = 500;

/** The province of an organization code: its first two digits + "0000". */
export const provinceOf = (orgCode) => (orgCode && orgCode.length >= 2 ? `${orgCode.slice(0, 2)}0000` : '');

/** The code table of a field's values ('' for text and date). */
export const tableOf = (f) => (f.kind === 'yes_no' ? 'yes_no' : f.kind === 'code' ? f.code_table : '');

/** The form-item prop and server field name of a province field. */
export const extraProp = (f) => `extra.${f.name}`;

/**
 * Element Plus rules for the province fields of a form whose model holds them
 * in `extra`: the required ones are checked as the user picks (on blur for
 * text); the length of a text is bounded by its input.
 */
export function extraRules(fields) {
  const rules = {};
  for (const f of fields) {
    if (!f.required) continue;
    const picked = f.kind !== 'text';
    const message = `${picked ? '请选择' : '请填写'}${f.label}`;
    rules[extraProp(f)] = [
      {
        required: true,
        validator: (_rule, value, callback) => callback(String(value ?? '').trim() ? undefined : new Error(message)),
        trigger: picked ? 'change' : 'blur',
      },
    ];
  }
  return rules;
}

/** The province field name of a history or error field "extra.NAME"; '' for any other. */
export const extraName = (field) => (String(field || '').startsWith('extra.') ? field.slice('extra.'.length) : '');

/**
 * How a stored value of province field `f` reads: the code's name (via
 * `codeName(table, code)`, useCodeTables) for coded kinds, else the value;
 * '—' when empty.
 */
export function extraValueText(f, value, codeName) {
  if (value === undefined || value === null || value === '') return '—';
  const table = tableOf(f);
  return table ? codeName(table, String(value)) : String(value);
}

/**
 * The `extra` member of a PATCH body (R-SPEC-2025): the province fields whose
 * trimmed value differs from the record's, "" clearing one; undefined when
 * none changed. Values of fields the province no longer lists are not sent,
 * so the server keeps them.
 */
export function extraChanges(fields, stored, values) {
  const out = {};
  for (const f of fields) {
    const v = String(values?.[f.name] ?? '').trim();
    if (v !== String(stored?.[f.name] ?? '').trim()) out[f.name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The `extra` member of a registration body: the known fields' trimmed, non-empty values. */
export function extraBody(fields, values) {
  const out = {};
  for (const f of fields) {
    const v = String(values?.[f.name] ?? '').trim();
    if (v) out[f.name] = v;
  }
  return out;
}
