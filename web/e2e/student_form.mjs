// Helpers of the student-record e2e tests: first-grader dates and ID numbers
// computed from today (as tests/api/student_bodies.cc does), filling the
// 学籍注册 form, a small API client for test setup, and small PNG images for
// proof uploads.
import { deflateSync } from 'node:zlib';
import { DEMO_PASSWORD } from './server.mjs';
import { byTestId, selectOption } from './browser.mjs';

const pad = (n, w = 2) => String(n).padStart(w, '0');

function todayCst() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** The China Standard Time date `days` days from today, as YYYY-MM-DD. */
export function cstDay(days = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

/** The school year that started most recently (September, CST). */
export function entryYear() {
  const t = todayCst();
  return t.month >= 9 ? t.year : t.year - 1;
}

export function idCheckCharacter(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

/**
 * A first-grader of 南明区 (520102): born `dayOffset` days after 09-01 of
 * (entry year − 7), inside the first-grade window; `seq` odd = boy.
 * Returns {id, wrongId (same number, wrong check character), birth, entryMonth}.
 */
export function firstGrader(dayOffset, seq) {
  const d = new Date(Date.UTC(entryYear() - 7, 8, 1 + dayOffset));
  const birth = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const first17 = `520102${birth.replace(/-/g, '')}${pad(seq, 3)}`;
  const check = idCheckCharacter(first17);
  const wrong = check === '0' ? '1' : '0';
  return { id: first17 + check, wrongId: first17 + wrong, birth, entryMonth: `${entryYear()}-09` };
}

/** The el-form-item holding the element with data-testid `id`. */
export function formItem(page, id) {
  return page.locator('.el-form-item', { has: byTestId(page, id) }).last();
}

export const fieldError = (page, id) => formItem(page, id).locator('.el-form-item__error');

async function fillPicker(page, id, text) {
  const input = page.locator(`[data-testid="${id}"] input`);
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Fills every group of the 学籍注册 form for a pupil of 汉族 in 一年级 1班.
 * `student`: {name, sex ('男' unless given), id, birth, entryMonth, address};
 * `idNumber` '' leaves the ID number to be typed separately.
 */
export async function fillStudentForm(page, student, { idNumber = student.id } = {}) {
  // 基本信息
  await byTestId(page, 'student-name').fill(student.name);
  await selectOption(page, 'student-sex', student.sex || '男');
  await fillPicker(page, 'student-birth_date', student.birth);
  await byTestId(page, 'student-birthplace').fill('520102');
  await byTestId(page, 'student-native_place').fill('贵州贵阳');
  await selectOption(page, 'student-ethnicity', '汉族');
  await selectOption(page, 'student-nationality', '中国');
  await selectOption(page, 'student-id_type', '居民身份证');
  if (idNumber) await byTestId(page, 'student-id_number').fill(idNumber);
  await selectOption(page, 'student-hmt', '否');
  await selectOption(page, 'student-political', '群众');
  await selectOption(page, 'student-health', '健康或良好');
  await byTestId(page, 'student-hukou_division').fill('520102');
  await selectOption(page, 'student-hukou_type', '非农业户口');
  await byTestId(page, 'student-specialty').fill('绘画');
  // 学籍信息
  await selectOption(page, 'student-grade_code', '一年级');
  await selectOption(page, 'student-class_id', '1班');
  await fillPicker(page, 'student-entry_month', student.entryMonth);
  await selectOption(page, 'student-enroll_method', '就近入学');
  await selectOption(page, 'student-attend_mode', '走读');
  await selectOption(page, 'student-source', '正常入学');
  // 联系方式
  await byTestId(page, 'student-address').fill(student.address);
  await byTestId(page, 'student-phone').fill('13808510000');
  await byTestId(page, 'student-postal_code').fill('550002');
  // 扩展信息
  for (const f of ['only_child', 'preschool', 'migrant_child', 'orphan', 'martyr_child', 'govt_degree', 'needs_aid', 'one_subsidy']) {
    await selectOption(page, `student-${f}`, f === 'preschool' ? '是' : '否');
  }
  await selectOption(page, 'student-left_behind', '非留守儿童');
  await selectOption(page, 'student-inclusive_class', '非随班就读');
  await selectOption(page, 'student-disability', '无残疾');
}

/** Fills family member `i` (a parent). */
export async function fillGuardian(page, i, { name, relation, isGuardian, phone, address }) {
  await byTestId(page, `guardian-${i}-name`).fill(name);
  await selectOption(page, `guardian-${i}-relation`, relation);
  await selectOption(page, `guardian-${i}-is_guardian`, isGuardian ? '是' : '否');
  await byTestId(page, `guardian-${i}-phone`).fill(phone);
  await byTestId(page, `guardian-${i}-hukou_division`).fill('520102');
  await byTestId(page, `guardian-${i}-address`).fill(address);
}

/** The API body of a first-grader of 南明区 (see firstGrader) in class `classId`. */
export function firstGraderBody(classId, pupil) {
  const guardian = { name: '陈建华', relation: '51', address: pupil.address, hukou_division: '520102', phone: '13908510003', is_guardian: '1' };
  const body = {
    name: pupil.name, sex: Number(pupil.id[16]) % 2 === 1 ? '1' : '2', birth_date: pupil.birth, birthplace: '520102',
    ethnicity: '01', nationality: 'CHN', id_type: '1', id_number: pupil.id, hmt: '00', political: '13', health: '10',
    hukou_division: '520102', hukou_type: '2', grade_code: '11', class_id: classId,
    entry_month: pupil.entryMonth.replace('-', ''), enroll_method: '11', attend_mode: '1', source: '1',
    address: pupil.address, phone: '13808510003', guardians: [guardian],
  };
  for (const f of ['only_child', 'preschool', 'left_behind', 'migrant_child', 'orphan', 'martyr_child', 'inclusive_class', 'disability', 'govt_degree', 'needs_aid', 'one_subsidy']) {
    body[f] = '0';
  }
  return body;
}

/** A logged-in API session for test setup: {get(path), post(path, body), upload(path, bytes)}. */
export async function apiSession(baseUrl, username, password = DEMO_PASSWORD) {
  const resp = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!resp.ok) throw new Error(`login ${username}: HTTP ${resp.status} ${await resp.text()}`);
  const { csrf_token: csrf } = await resp.json();
  const cookie = resp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  async function call(method, path, body, raw) {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': raw ? 'application/octet-stream' : 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const data = await r.json().catch(() => null);
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(data)}`);
    return data;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    upload: (path, bytes) => call('POST', path, undefined, bytes),
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, tail]);
}

/** A valid RGB PNG of `width`×`height` pixels of one colour ([r, g, b]). */
export function tinyPng(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
