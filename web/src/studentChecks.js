// The purely formal checks of a student record, run in the browser while the
// registrar types (R-INFO-1): required fields, the shape and GB 11643 check
// character of a 居民身份证 number, phone numbers, postal codes, e-mail. The
// server checks everything again; these only give the answer sooner. Each
// check returns '' when the value is fine, otherwise the message to show.

// Mainland province-level codes (the first two digits of a division code).
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Full-width digits and letters to ASCII, spaces removed. */
export function compact(value) {
  return String(value ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
}

export function normalizeIdNumber(value) {
  return compact(value).toUpperCase();
}

/** GB 11643-1999 check character of the first 17 digits. */
export function idCheckCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isValidDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const pad = (n) => String(n).padStart(2, '0');

/** Today in China Standard Time as YYYY-MM-DD. */
export function todayCst() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A 居民身份证 number: {error} when wrong, otherwise {birth: 'YYYY-MM-DD',
 * sex: '1'|'2'}. `partial` accepts a number still being typed (shorter than
 * 18 characters) as long as what is there can still become right.
 */
export function parseIdNumber(value, { partial = false } = {}) {
  const id = normalizeIdNumber(value);
  if (!id) return { error: partial ? '' : '请填写身份证件号' };
  if (!/^\d{0,17}[\dX]?$/.test(id) || (id.length < 18 && id.includes('X'))) {
    return { error: '身份证号应为18位：前17位是数字，最后一位是数字或X' };
  }
  if (id.length >= 2 && ['81', '82', '83'].includes(id.slice(0, 2))) {
    return { error: '以81、82、83开头的是港澳台居民居住证号码，请将身份证件类型选为对应的证件' };
  }
  if (id.length >= 2 && !PROVINCES.has(id.slice(0, 2))) {
    return { error: `身份证号前两位${id.slice(0, 2)}不是有效的省级行政区划代码` };
  }
  if (id.length < 18) {
    if (partial) return { error: '' };
    if (id.length === 15) return { error: '这是15位的第一代身份证号码，已停止使用，请填写18位的第二代身份证号码' };
    return { error: `身份证号应为18位（当前为${id.length}位）` };
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1800 || !isValidDate(y, m, d)) {
    return { error: `身份证号第7至14位的出生日期${id.slice(6, 14)}不是有效日期` };
  }
  const birth = `${y}-${pad(m)}-${pad(d)}`;
  if (birth > todayCst()) return { error: `身份证号中的出生日期${birth}晚于今天` };
  const expected = idCheckCharacter(id);
  if (id[17] !== expected) {
    return { error: `身份证件号校验位错误，应为 ${expected}，请核对号码是否抄错` };
  }
  return { error: '', birth, sex: Number(id[16]) % 2 === 1 ? '1' : '2' };
}

/** An 11-digit mobile number or a landline with its area code. */
export function checkPhone(value) {
  let s = compact(value).replace(/转/g, '-');
  if (!s) return '';
  if (s.startsWith('+86')) s = s.slice(3);
  if (/^861\d{10}$/.test(s)) s = s.slice(2);
  if (/^1[3-9]\d{9}$/.test(s)) return '';
  if (/^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$/.test(s)) return '';
  if (/[^\d+-]/.test(s)) return '联系电话只能包含数字和“-”';
  return '联系电话应为11位手机号，或带区号的固定电话（如0851-85100001）';
}

export function checkPostalCode(value) {
  const s = compact(value);
  return !s || /^\d{6}$/.test(s) ? '' : '邮政编码应为6位数字';
}

export function checkEmail(value) {
  const s = compact(value);
  return !s || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s) ? '' : '电子信箱格式不正确，如 name@example.com';
}

/** A six-digit administrative division code of the mainland. */
export function checkDivision(value, label) {
  const s = compact(value);
  if (!s) return '';
  if (!/^\d{6}$/.test(s) || !PROVINCES.has(s.slice(0, 2))) return `${label}应为6位行政区划代码`;
  return '';
}
