// 问题学籍 (R-REG-5, R-REG-8): a pupil already registered at 南明区第一小学
// is registered again, with the same ID number, at 云岩区实验小学; the result
// says 问题学籍, and both schools see it. 贵阳市 — the lowest authority over
// both counties — sees it under 问题学籍 with the count 1 and arbitrates
// 保留另一记录: the problem is resolved and the second record is 已注销.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot } from './browser.mjs';
import { apiSession, fillGuardian, fillStudentForm, firstGrader, firstGraderBody } from './student_form.mjs';

const skip = missingPrerequisite() || false;
let server;
let browser;
const REGISTRAR = { username: 'yunyan_exp_registrar', password: 'Yunyan#2026reg' };
const pupil = { name: '陈小刚', address: '贵阳市南明区花果园街道', ...firstGrader(120, 7) };

// The record at 南明区第一小学, registered and 核准ed through the API.
async function registerFirst(baseUrl) {
  const registrar = await apiSession(baseUrl, 'school_registrar');
  const classes = await registrar.get('/schools/5201020001/classes');
  const klass = classes.items.find((c) => c.grade_code === '11' && c.name === '1班');
  const body = firstGraderBody(klass.id, pupil);
  const created = await registrar.post('/schools/5201020001/students', body);
  await (await apiSession(baseUrl, 'school_approver')).post(`/students/${created.id}/school-decision`, { approve: true, reason: '' });
  const active = await (await apiSession(baseUrl, 'nanming_registrar')).post(`/students/${created.id}/authority-decision`, { approve: true, reason: '' });
  assert.equal(active.registration, 'active');
  return created.id;
}

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchBrowser();
  const admin = await apiSession(server.baseUrl, 'sysadmin');
  await admin.post('/users', {
    username: REGISTRAR.username,
    display_name: '云岩区实验小学学籍管理员',
    password: REGISTRAR.password,
    role: 'school_registrar',
    org_code: '5201030001',
    phone: '',
  });
  await registerFirst(server.baseUrl);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (page, id) => (await byTestId(page, id).innerText()).trim();

test('same ID at a second school → 问题学籍; 贵阳市 keeps the other record, the second is 已注销', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, REGISTRAR.username, REGISTRAR.password);
  await byTestId(page, 'menu-student-register').click();
  await byTestId(page, 'student-ethnicity').waitFor();
  await fillStudentForm(page, pupil);
  await fillGuardian(page, 0, { name: '陈建华', relation: '父亲', isGuardian: true, phone: '13908510003', address: pupil.address });
  await byTestId(page, 'register-submit').click();
  await byTestId(page, 'register-result').waitFor();
  assert.equal(await text(page, 'register-result-state'), '问题学籍');
  assert.match(await text(page, 'register-result-problem'), /问题学籍/);
  await screenshot(page, 'problem-register-result');

  // The link leads to the problem; the school sees it but cannot decide it.
  await byTestId(page, 'register-result-problem-link').click();
  await page.waitForURL(/\/problem-records\/\d+$/);
  const problemId = new URL(page.url()).pathname.split('/').pop();
  assert.match(problemId, /^\d+$/);
  await byTestId(page, `problem-${problemId}`).waitFor();
  assert.equal(await byTestId(page, `problem-${problemId}-resolve`).count(), 0);
  assert.equal(await text(page, `problem-${problemId}-student-registration`), '问题学籍');
  await logout(page);

  // The other record's school sees the problem too, and cannot decide it either.
  await login(page, 'school_registrar');
  await byTestId(page, 'menu-problem-records').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="problem-count-duplicate_id"]')?.innerText.trim() === '1');
  await byTestId(page, `problem-${problemId}`).waitFor();
  assert.equal(await text(page, `problem-${problemId}-other-registration`), '已核准（在籍）');
  assert.equal(await byTestId(page, `problem-${problemId}-resolve`).count(), 0);
  await logout(page);

  await login(page, 'gy_registrar');
  await byTestId(page, 'menu-problem-records').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="problem-count-duplicate_id"]')?.innerText.trim() === '1');
  assert.equal(await text(page, 'problem-count-invalid_id'), '0');
  assert.equal(await text(page, 'problem-count-duplicate_no_id'), '0');
  const card = byTestId(page, `problem-${problemId}`);
  await card.waitFor();
  assert.match(await card.innerText(), /贵阳市南明区第一小学[\s\S]*贵阳市云岩区实验小学|贵阳市云岩区实验小学[\s\S]*贵阳市南明区第一小学/);
  assert.equal(await text(page, `problem-${problemId}-other-registration`), '已核准（在籍）');
  await screenshot(page, 'problem-list-arbiter');

  await byTestId(page, `problem-${problemId}-resolve`).click();
  const dialog = page.locator('.el-dialog:visible', { has: byTestId(page, 'resolve-note') });
  await dialog.waitFor();
  // Two records cannot both own one ID number: no 佐证 for this kind.
  assert.equal(await byTestId(page, 'resolve-action-evidence').count(), 0);
  await byTestId(page, 'resolve-action-keep_other').click();
  await byTestId(page, 'resolve-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '请填写处理说明' }).waitFor();
  await byTestId(page, 'resolve-note').fill('经核实，该生在南明区第一小学就读，云岩区实验小学的记录系重复登记');
  await screenshot(page, 'problem-resolve-dialog');
  await byTestId(page, 'resolve-submit').click();
  await dialog.waitFor({ state: 'hidden' });

  await page.waitForFunction(() => document.querySelector('[data-testid="problem-count-duplicate_id"]')?.innerText.trim() === '0');
  await byTestId(page, 'problem-state-resolved').click();
  await byTestId(page, `problem-${problemId}-resolution`).waitFor();
  assert.equal(await text(page, `problem-${problemId}-state`), '已处理');
  assert.match(await text(page, `problem-${problemId}-resolution`), /保留另一记录[\s\S]*重复登记/);
  assert.equal(await text(page, `problem-${problemId}-student-registration`), '已注销');
  assert.equal(await text(page, `problem-${problemId}-other-registration`), '已核准（在籍）');
  await screenshot(page, 'problem-resolved');

  // The second record itself shows 已注销.
  await byTestId(page, `problem-${problemId}-student-link`).click();
  await byTestId(page, 'detail-registration').waitFor();
  assert.equal(await text(page, 'detail-registration'), '已注销');
  await page.context().close();
});
