// 转学, after the four approvals (R-TR-3, R-TR-9, R-TR-10), and the history's
// tags (R-CHG-1, R-ST-7): first-graders of 南明区第一小学 on a server whose
// clock stands at 2026-10-20 10:00 CST.
// - 云岩区 enters a transfer completed offline into 云岩区实验小学 through the
//   线下转学补录 form with its real date (a date over a year back refused),
//   then sees it moved on that date in the 转学 list and the record's history.
// - The sending school (南明区第一小学) opens its read-only backup of the
//   e-archive from the transfer; the receiving school has no such link.
// - A transfer approved by the four parties and moved (调档) by
//   云岩区实验小学's registrar is rolled back by 南明区 through the dialog,
//   which names the last day of the six months and who moved; the record is
//   back at the first school, and the transfer names who moved. An offline
//   transfer completed more than six months ago is refused with the rule's
//   dates as the API words them.
// - A 休学 approved for a third pupil shows in the history as 学籍异动：休学.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot, selectOption } from './browser.mjs';
import { apiSession, firstGraderBody, idCheckCharacter, tinyPng } from './student_form.mjs';

const skip = missingPrerequisite() || false;
const NOW = '2026-10-20T10:00:00+08:00';
const YY_SCHOOL = '5201030001';
let server;
let browser;
const pupils = {};
let offlineId = '';

// A pupil of the 2026 intake born 2019-10-`day`.
function pupil(name, day, seq) {
  const birth = `2019-10-${String(day).padStart(2, '0')}`;
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
  return { ...p, idNumber: p.id, id: created.id, number: active.student_number };
}

// The owner of each step: the two schools' approvers and the two counties.
const DECIDERS = { [YY_SCHOOL]: 'yy_approver', 520103: 'yunyan_registrar', 5201020001: 'school_approver', 520102: 'nanming_registrar' };

// A transfer of `p` into 云岩区实验小学 一年级1班, agreed by the four parties and moved by yy_registrar.
async function movedTransfer(baseUrl, p) {
  const yy = await apiSession(baseUrl, 'yy_registrar');
  const klass = (await yy.get(`/schools/${YY_SCHOOL}/classes`)).items.find((c) => c.grade_code === '11' && c.name === '1班');
  const started = await yy.post('/transfers', { student_key: p.number, name: p.name, to_class_id: klass.id, reason: '随父母工作调动迁居云岩区' });
  for (const step of started.steps) {
    const decider = await apiSession(baseUrl, DECIDERS[step.owner_org]);
    await decider.post(`/transfers/${started.id}/steps/${step.seq}/decision`, { approve: true, reason: '' });
  }
  const moved = await yy.post(`/transfers/${started.id}/move`, {});
  assert.equal(moved.state, 'moved');
  return moved;
}

// R-ST-2: a 休学 with the guardian's written application, approved by the school and 南明区.
async function suspend(baseUrl, p) {
  const registrar = await apiSession(baseUrl, 'school_registrar');
  const proof = await registrar.upload(`/students/${p.id}/proofs?kind=guardian_application&name=app.png`, tinyPng(40, 60, [240, 240, 230]));
  const request = await registrar.post(`/students/${p.id}/status-changes`, {
    type: 'suspend', reason: '因病需长期治疗', effective_date: '2026-10-20', until_date: '2027-07-10', proof_ids: [proof.id],
  });
  await (await apiSession(baseUrl, 'school_approver')).post(`/status-changes/${request.id}/decision`, { approve: true, reason: '' });
  await (await apiSession(baseUrl, 'nanming_registrar')).post(`/status-changes/${request.id}/decision`, { approve: true, reason: '' });
  return request.id;
}

before(async () => {
  if (skip) return;
  server = await startServer({ now: NOW });
  const sys = await apiSession(server.baseUrl, 'sysadmin');
  for (const [username, role] of [['yy_registrar', 'school_registrar'], ['yy_approver', 'school_approver']]) {
    await sys.post('/users', { username, display_name: '云岩区实验小学', password: 'Demo@2026xj', role, org_code: YY_SCHOOL });
  }
  pupils.offline = await registerAndApprove(server.baseUrl, pupil('冯线下', 11, 81));
  pupils.rollback = await registerAndApprove(server.baseUrl, pupil('何回滚', 12, 83));
  pupils.late = await registerAndApprove(server.baseUrl, pupil('陈过期', 13, 85));
  pupils.suspended = await registerAndApprove(server.baseUrl, pupil('孙休学', 14, 87));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (page, id) => (await byTestId(page, id).innerText()).trim();

async function fillDate(page, id, value) {
  const input = page.locator(`[data-testid="${id}"] input`);
  await input.fill(value);
  await input.press('Enter');
}

// The history tab of record `id`, and its event whose text matches `hasText`.
async function historyEvent(page, id, hasText) {
  await page.goto(`/students/${id}`);
  await byTestId(page, 'detail-name').waitFor();
  await byTestId(page, 'detail-tab-history').click();
  const event = byTestId(page, 'history-timeline').locator('.el-timeline-item', { hasText });
  await event.waitFor();
  return event;
}

test('云岩区 enters an offline transfer with its real date; it shows moved on that date (R-TR-10)', { skip }, async () => {
  const p = pupils.offline;
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'yunyan_registrar');
  await byTestId(page, 'menu-transfer-offline').click();
  await byTestId(page, 'transfer-offline-key').fill(p.number);
  await byTestId(page, 'transfer-offline-name').fill(p.name);
  await selectOption(page, 'transfer-offline-school', '云岩区实验小学');
  await selectOption(page, 'transfer-offline-grade', '一年级');
  await selectOption(page, 'transfer-offline-class', '1班');
  await byTestId(page, 'transfer-offline-reason').fill('随父母迁居云岩区；数据交换中断期间线下办理');
  // More than a year back: the server refuses, under the date.
  await fillDate(page, 'transfer-offline-date', '2025-10-19');
  await byTestId(page, 'transfer-offline-submit').click();
  const dateItem = page.locator('.el-form-item', { has: byTestId(page, 'transfer-offline-date') });
  await dateItem.locator('.el-form-item__error', { hasText: '线下办结日期不能早于一年前' }).waitFor();

  await fillDate(page, 'transfer-offline-date', '2026-10-12');
  await byTestId(page, 'transfer-offline-submit').click();
  await byTestId(page, 'transfer-offline-done').waitFor();
  assert.match(await text(page, 'transfer-offline-summary'), /冯线下[\s\S]*于 2026-10-12 由 贵阳市南明区第一小学 转入[\s\S]*云岩区实验小学 · 1班/);
  await screenshot(page, 'transfer-offline-done');

  // The record, now at 云岩区实验小学; its history tags the move as a transfer.
  await byTestId(page, 'transfer-offline-student').click();
  await byTestId(page, 'detail-name').waitFor();
  assert.equal(await text(page, 'detail-name'), '冯线下');
  await byTestId(page, 'detail-tab-history').click();
  const move = byTestId(page, 'history-timeline').locator('.el-timeline-item', { hasText: '转学调档' });
  await move.waitFor();
  const source = move.locator('[data-testid^="history-source-link-"]');
  offlineId = (await source.innerText()).match(/转学 (\d+)/)[1];
  assert.doesNotMatch(await move.innerText(), /直接修改/);
  await screenshot(page, 'transfer-offline-history');

  // The transfer: moved on the real date, marked as entered after an offline completion.
  await source.click();
  await byTestId(page, `transfer-${offlineId}-state`).first().waitFor();
  assert.equal(await byTestId(page, `transfer-${offlineId}-state`).first().innerText(), '已调档');
  const card = byTestId(page, `transfer-${offlineId}`).first();
  assert.match(await card.innerText(), /线下办结补录/);
  assert.match(await text(page, `transfer-${offlineId}-moved`), /调档：yunyan_registrar · 2026-10-12/);
  assert.match(await text(page, `transfer-${offlineId}-shipping`), /应于 2026-11-12 前转出/);
  // And on the list.
  await byTestId(page, 'transfers-show-all').click();
  await byTestId(page, `transfer-${offlineId}`).waitFor();
  await page.context().close();
});

test('the sending school reads its read-only backup of the e-archive (R-TR-3)', { skip }, async () => {
  assert.ok(offlineId, 'the offline transfer of the first test');
  const p = pupils.offline;
  const page = await newPage(browser, server.baseUrl);
  // The receiving school has the record itself, and no backup link.
  await login(page, 'yy_registrar');
  await page.goto(`/transfers/${offlineId}`);
  await byTestId(page, `transfer-${offlineId}-state`).waitFor();
  assert.equal(await byTestId(page, `transfer-${offlineId}-backup`).count(), 0);
  await logout(page);

  await login(page, 'school_registrar');
  await byTestId(page, 'menu-transfers').click();
  await byTestId(page, 'transfers-outgoing').click();
  await byTestId(page, `transfer-${offlineId}-backup`).click();
  await byTestId(page, 'transfer-backup-note').waitFor();
  assert.equal(await text(page, 'transfer-backup-readonly'), '只读备份');
  assert.match(await text(page, 'transfer-backup-note'), /只读备份[\s\S]*不能修改/);
  assert.equal(await text(page, 'backup-field-name'), p.name);
  assert.equal(await text(page, 'transfer-backup-number'), p.number);
  assert.equal(await text(page, 'transfer-backup-class'), '1班');
  assert.equal(await text(page, 'transfer-backup-status'), '在籍在读');
  // R-SEC-3: the ID number shows masked.
  assert.equal(await text(page, 'backup-id-number'), `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(14)}`);
  const history = await text(page, 'transfer-backup-history');
  assert.match(history, /注册状态/);
  assert.doesNotMatch(history, /转学调档/);
  // Nothing on the page edits.
  assert.equal(await page.locator('[data-testid="transfer-backup"] input, [data-testid="transfer-backup"] textarea').count(), 0);
  await screenshot(page, 'transfer-backup');
  // The record itself is no longer the school's.
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  await assert.rejects(registrar.get(`/students/${p.id}`), /HTTP 404/);
  await page.context().close();
});

test('南明区 rolls a moved transfer back through the dialog, naming who moved (R-TR-9)', { skip }, async () => {
  const p = pupils.rollback;
  const moved = await movedTransfer(server.baseUrl, p);
  const id = moved.id;
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  await page.goto(`/transfers/${id}`);
  await byTestId(page, `transfer-${id}-rollback`).click();
  await byTestId(page, 'transfer-rollback-reason').waitFor();
  const dialog = page.locator('.el-dialog:visible', { has: byTestId(page, 'transfer-rollback-reason') });
  assert.equal(await text(page, 'transfer-rollback-last-day'), '2027-04-20');
  assert.equal(await text(page, 'transfer-rollback-responsible'), 'yy_registrar');
  // The reason is required.
  await byTestId(page, 'transfer-rollback-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '请写明回滚理由' }).waitFor();
  await byTestId(page, 'transfer-rollback-reason').fill('该生实际仍在南明区第一小学就读，转入学校误将另一同名学生调档');
  await screenshot(page, 'transfer-rollback-dialog');
  await byTestId(page, 'transfer-rollback-submit').click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid="transfer-${i}-state"]`)?.innerText === '已回滚', id);
  const rolled = await text(page, `transfer-${id}-rolled-back`);
  assert.match(rolled, /已回滚（2026\/10\/20 10:\d\d:\d\d）：nanming_registrar 将学籍退回 贵阳市南明区第一小学 · 1班/);
  assert.match(rolled, /误将另一同名学生调档/);
  assert.match(rolled, /错误转移操作人（谁操作、谁负责）：yy_registrar/);
  assert.equal(await byTestId(page, `transfer-${id}-rollback`).count(), 0);
  await screenshot(page, 'transfer-rolled-back');

  // The record is back at the first school, as it was.
  const record = await (await apiSession(server.baseUrl, 'school_registrar')).get(`/students/${p.id}`);
  assert.equal(record.school_code, '5201020001');
  assert.equal(record.status, 'enrolled');
  const event = await historyEvent(page, p.id, '转学回滚');
  assert.match(await event.innerText(), /转学回滚[\s\S]*错误转移操作人：yy_registrar/);
  await page.context().close();
});

test('a rollback after the six months is refused with the dates (R-TR-9)', { skip }, async () => {
  const p = pupils.late;
  const yunyan = await apiSession(server.baseUrl, 'yunyan_registrar');
  const klass = (await yunyan.get(`/schools/${YY_SCHOOL}/classes`)).items.find((c) => c.grade_code === '11' && c.name === '1班');
  const t = await yunyan.post('/offline-transfers', {
    student_key: p.number, name: p.name, to_school: YY_SCHOOL, to_class_id: klass.id, reason: '线下办理', completed_on: '2026-04-01',
  });
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  await page.goto(`/transfers/${t.id}`);
  await byTestId(page, `transfer-${t.id}-rollback`).first().click();
  assert.equal(await text(page, 'transfer-rollback-last-day'), '2026-10-01');
  await byTestId(page, 'transfer-rollback-reason').fill('误转，需退回原校');
  await byTestId(page, 'transfer-rollback-submit').click();
  await byTestId(page, 'transfer-rollback-error').waitFor();
  assert.match(await text(page, 'transfer-rollback-error'), /R-TR-9：只能在调档后六个月内回滚（调档日 2026-04-01，最迟 2026-10-01）/);
  await screenshot(page, 'transfer-rollback-expired');
  await page.context().close();
});

test('an approved 休学 shows in the history as 学籍异动, not as a direct edit (R-ST-7)', { skip }, async () => {
  const p = pupils.suspended;
  const requestId = await suspend(server.baseUrl, p);
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  const event = await historyEvent(page, p.id, '因病需长期治疗');
  const tag = event.locator('[data-testid^="history-source-"]').first();
  assert.equal((await tag.innerText()).trim(), `学籍异动：休学（申请 ${requestId}）`);
  assert.doesNotMatch(await event.innerText(), /直接修改|关键信息变更申请/);
  await event.locator('[data-testid^="history-source-link-"]').click();
  await page.waitForURL(new RegExp(`/status-changes/${requestId}$`));
  await page.context().close();
});
