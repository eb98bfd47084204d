// 转学 (R-TR-1, R-TR-2, R-TR-3, R-TR-6, R-TR-11): two pupils of 南明区第一小学
// are registered while the server's clock stands at 2026-08-14 20:00 CST,
// inside the national freeze: 云岩区实验小学's registrar tries to start a
// transfer and is refused with the window's dates (07-15至08-14). The server
// then runs at 2026-09-10: the registrar starts the transfer from the form,
// the four parties (云岩区实验小学's approver, 云岩区, 南明区第一小学's
// approver, 南明区) approve from their lists in any order, the registrar
// pulls the record (调档), and the sending school sees the transfer moved,
// records the paper archive's shipping, and no longer finds the record;
// the receiving school prints the 学生基本信息表. The guardian follows the
// transfer on the public 家长查询 page (R-SVC-3): who holds each step and the
// working days left while it runs, the new school once it is done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot, selectOption } from './browser.mjs';
import { apiSession, firstGraderBody, idCheckCharacter } from './student_form.mjs';

const skip = missingPrerequisite() || false;
const FREEZE = '2026-08-14T20:00:00+08:00';
const SEPTEMBER = '2026-09-10T10:00:00+08:00';
let server;
let browser;
const pupils = [];

// A boy of the 2026 intake born 2019-09-`day`.
function pupil(name, day, seq) {
  const birth = `2019-09-${String(day).padStart(2, '0')}`;
  const first17 = `520102${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return { name, address: '贵阳市南明区花果园', id: first17 + idCheckCharacter(first17), birth, entryMonth: '2026-09' };
}

async function registerAndApprove(baseUrl, p) {
  const registrar = await apiSession(baseUrl, 'school_registrar');
  const classes = await registrar.get('/schools/5201020001/classes');
  const klass = classes.items.find((c) => c.grade_code === '11' && c.name === '1班');
  const created = await registrar.post('/schools/5201020001/students', firstGraderBody(klass.id, p));
  await (await apiSession(baseUrl, 'school_approver')).post(`/students/${created.id}/school-decision`, { approve: true, reason: '' });
  const active = await (await apiSession(baseUrl, 'nanming_registrar')).post(`/students/${created.id}/authority-decision`, { approve: true, reason: '' });
  assert.equal(active.registration, 'active');
  return { id: created.id, number: active.student_number, name: p.name };
}

before(async () => {
  if (skip) return;
  server = await startServer({ now: FREEZE });
  const sys = await apiSession(server.baseUrl, 'sysadmin');
  for (const [username, role] of [['yy_registrar', 'school_registrar'], ['yy_approver', 'school_approver']]) {
    await sys.post('/users', { username, display_name: '云岩区实验小学', password: 'Demo@2026xj', role, org_code: '5201030001' });
  }
  pupils.push(await registerAndApprove(server.baseUrl, pupil('吴转学', 3, 71)));
  pupils.push(await registerAndApprove(server.baseUrl, pupil('郑冻结', 4, 73)));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (page, id) => (await byTestId(page, id).innerText()).trim();

async function startTransfer(page, p) {
  await byTestId(page, 'menu-transfers').click();
  await byTestId(page, 'transfers-new').click();
  await byTestId(page, 'transfer-new-key').fill(p.number);
  await byTestId(page, 'transfer-new-name').fill(p.name);
  await selectOption(page, 'transfer-new-grade', '一年级');
  await selectOption(page, 'transfer-new-class', '1班');
  await byTestId(page, 'transfer-new-reason').fill('随父母工作调动迁居云岩区');
  await byTestId(page, 'transfer-new-submit').click();
}

// `username` approves step `step` of transfer `id` from the 转学 list.
async function approve(page, username, id, step) {
  await login(page, username);
  await byTestId(page, 'menu-transfers').click();
  await byTestId(page, `transfer-${id}-step-${step}-approve`).click();
  await byTestId(page, 'transfer-decision-submit').click();
  await page.waitForFunction(
    ([i, s]) => document.querySelector(`[data-testid="transfer-${i}-step-${s}-state"]`)?.innerText.includes('同意'),
    [id, step],
  );
  await logout(page);
}

// The public 家长查询 page for pupil `p`, in a fresh browser context (no login).
async function guardianView(p, shot) {
  const page = await newPage(browser, server.baseUrl);
  await page.goto('/guardian');
  await byTestId(page, 'guardian-number').fill(p.number);
  await byTestId(page, 'guardian-name').fill(p.name);
  await byTestId(page, 'guardian-submit').click();
  await byTestId(page, 'guardian-answer').waitFor();
  const view = { school: await text(page, 'guardian-school'), tracker: await text(page, 'guardian-transfer') };
  await screenshot(page, shot);
  await page.context().close();
  return view;
}

test('a transfer is refused in the freeze window with its dates named (R-TR-6)', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'yy_registrar');
  await startTransfer(page, pupils[1]);
  const error = byTestId(page, 'transfer-new-error');
  await error.waitFor();
  const message = await error.innerText();
  assert.match(message, /07-15至08-14/);
  assert.match(message, /R-TR-6/);
  await screenshot(page, 'transfer-freeze-refused');
  await page.context().close();
});

test('a cross-county transfer through four approvals to 调档, seen from both schools (R-TR-2, R-TR-3)', { skip }, async () => {
  await server.restart({ now: SEPTEMBER });
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'yy_registrar');
  await startTransfer(page, pupils[0]);
  await page.waitForURL(/\/transfers\/\d+$/);
  const id = page.url().split('/').pop();
  assert.equal(await text(page, `transfer-${id}-state`), '审核中');
  assert.match(await text(page, `transfer-${id}-step-0`), /转入学校审核[\s\S]*期限 2026-09-23/);
  assert.match(await text(page, `transfer-${id}-step-3`), /转出地学籍主管部门审核[\s\S]*南明区/);
  await screenshot(page, 'transfer-started');
  await logout(page);

  await approve(page, 'nanming_registrar', id, 3);
  await approve(page, 'school_approver', id, 2);
  // Halfway: the guardian sees the four steps, two agreed, two open with
  // their holders and the working days left (due 2026-09-23).
  const halfway = await guardianView(pupils[0], 'transfer-guardian-halfway');
  assert.equal(halfway.school, '贵阳市南明区第一小学');
  assert.match(halfway.tracker, /转入学校审核[\s\S]*云岩区实验小学/);
  assert.match(halfway.tracker, /转出地学籍主管部门审核[\s\S]*南明区/);
  assert.match(halfway.tracker, /2026-09-23 前/);
  assert.match(halfway.tracker, /工作日/);
  assert.equal((halfway.tracker.match(/同意/g) || []).length >= 2, true);
  await approve(page, 'yunyan_registrar', id, 1);
  await approve(page, 'yy_approver', id, 0);

  await login(page, 'yy_registrar');
  await page.goto(`/transfers/${id}`);
  assert.equal(await text(page, `transfer-${id}-state`), '各方同意，待调档');
  await byTestId(page, `transfer-${id}-move`).first().click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid="transfer-${i}-state"]`)?.innerText === '已调档', id);
  assert.match(await text(page, `transfer-${id}-shipping`), /应于 2026-10-10 前转出/);
  await screenshot(page, 'transfer-moved-receiving');
  await byTestId(page, `transfer-${id}-print`).first().click();
  await byTestId(page, 'transfer-print-title').waitFor();
  assert.equal(await text(page, 'transfer-print-title'), '学生基本信息表');
  assert.match(await text(page, 'transfer-print-row-姓名'), /吴转学/);
  await screenshot(page, 'transfer-student-sheet');
  await page.goto(`/students/${pupils[0].id}`);
  await byTestId(page, 'detail-name').waitFor();
  await logout(page);

  // The sending school: the transfer is moved, the record is no longer its own.
  await login(page, 'school_registrar');
  await byTestId(page, 'menu-transfers').click();
  await byTestId(page, 'transfers-outgoing').click();
  await byTestId(page, `transfer-${id}`).waitFor();
  assert.equal(await text(page, `transfer-${id}-state`), '已调档');
  assert.match(await text(page, `transfer-${id}-to`), /云岩区实验小学/);
  await byTestId(page, `transfer-${id}-ship`).click();
  await byTestId(page, 'transfer-shipping-tracking').fill('SF2026091001');
  await byTestId(page, 'transfer-shipping-submit').click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid="transfer-${i}-shipping"]`)?.innerText.includes('已转出'), id);
  await screenshot(page, 'transfer-moved-sending');
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  await assert.rejects(registrar.get(`/students/${pupils[0].id}`), /HTTP 404/);
  // The guardian now finds the child at the new school.
  const done = await guardianView(pupils[0], 'transfer-guardian-done');
  assert.match(done.school, /云岩区实验小学/);
  await page.context().close();
});
