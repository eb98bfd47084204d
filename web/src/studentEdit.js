// The 信息修改 form of a stored record and the PATCH body made from it
// (R-CHG-1). Records leave the server with ID numbers masked (R-SEC-3), so the
// form starts every ID number empty: empty keeps the stored number, a typed
// one replaces it.

import { api, enc } from './api.js';
import { GUARDIAN_FIELDS, STUDENT_FIELDS } from './studentFields.js';
import { extraChanges } from './provinceFields.js';

const text = (v) => String(v ?? '').trim();

/** The editable copy of `record`; `nextKey()` keys the family-member cards. */
export function editForm(record, nextKey) {
  const form = {};
  for (const f of STUDENT_FIELDS) form[f.name] = f.kind === 'id' ? '' : record[f.name] ?? '';
  form.class_id = record.class_id || '';
  form.guardians = (record.guardians || []).map((g, i) => {
    const out = { key: nextKey(), origin: i, keptId: g.id_number || '' };
    for (const f of GUARDIAN_FIELDS) out[f.name] = f.kind === 'id' ? '' : g[f.name] ?? '';
    return out;
  });
  form.extra = { ...(record.extra || {}) };
  return form;
}

function guardiansChanged(stored, edited) {
  if (stored.length !== edited.length) return true;
  return edited.some((g, i) => {
    if (g.origin !== i) return true;
    return GUARDIAN_FIELDS.some((f) => (f.kind === 'id' ? text(g[f.name]) !== '' : text(g[f.name]) !== text(stored[i][f.name])));
  });
}

/**
 * {reason, fields: {name: value}, class_id?, guardians?, extra?}: the fields
 * that differ from `record`, the class when it changed, the whole list of
 * family members when any of them changed (the API replaces the list), and
 * the values of the province's fields `provinceFields` that changed
 * (R-SPEC-2025).
 */
export function editBody(record, form, provinceFields = []) {
  const body = { reason: text(form.reason), fields: {} };
  for (const f of STUDENT_FIELDS) {
    if (f.kind === 'class') continue;
    const v = text(form[f.name]);
    if (f.kind === 'id' ? v !== '' : v !== text(record[f.name])) body.fields[f.name] = v;
  }
  if (Number(form.class_id) !== Number(record.class_id)) body.class_id = Number(form.class_id);
  const stored = record.guardians || [];
  if (guardiansChanged(stored, form.guardians)) {
    body.guardians = form.guardians.map((g) => Object.fromEntries(GUARDIAN_FIELDS.map((f) => [f.name, text(g[f.name])])));
  }
  const extra = extraChanges(provinceFields, record.extra, form.extra);
  if (extra) body.extra = extra;
  return body;
}

/** Whether a PATCH body changes anything. */
export const changesSomething = (body) =>
  Object.keys(body.fields).length > 0 || body.class_id !== undefined || body.guardians !== undefined || body.extra !== undefined;

/**
 * The PATCH replaces the family members as a whole and the page holds only
 * masked ID numbers: a member whose number was left unchanged gets it from
 * the audited reveal (R-SEC-3) before the list is sent, so that a masked
 * number never overwrites the stored one.
 */
export async function fillKeptIdNumbers(studentId, bodyGuardians, formGuardians) {
  for (let i = 0; i < bodyGuardians.length; i++) {
    const g = formGuardians[i];
    if (bodyGuardians[i].id_number || !g.keptId || g.origin < 0) continue;
    const data = await api.post(`/students/${enc(studentId)}/reveal-id`, { guardian: g.origin });
    bodyGuardians[i].id_number = data.id_number;
  }
}
