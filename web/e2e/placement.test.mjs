// 就读安置 (R-TR-12, 第十七条): a pupil of a special-education school moves to
// 南明区第一小学 to study in an ordinary class (随班就读) while the record stays
// at the special-education school. 南明区第一小学's registrar finds the pupil
// on the 发起转学 form, which offers 学籍保留在原学校 with the rule in one line,
// and starts the transfer; the four parties approve and the registrar does
// 调档 (through the API); the placement shows in 南明区第一小学's 就读安置 list
// and on the pupil's page at the record school, whose registrar ends it when
// the pupil comes back. The server's clock stands at 2026-09-10.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot, selectOption } from './browser.mjs';
import { apiSession, firstGraderBody, idCheckCharacter } from './student_form.mjs';

const skip = missingPrerequisite() || false;
const SPECIAL = '5201030095';
let server;
let browser;
let pupil;

before(async () => {
  if (skip) return;
  server = await startServer({ now: '2026-09-10T10:00:00+08:00' });
  const moe = await apiSession(server.baseUrl, 'moe_registrar');
  await moe.post('/schools', { code: SPECIAL, name: '贵阳市云岩区特殊教育学校', stage: 'primary', type: 'special', county_code: '520103' });
  const klass = await moe.post(`/schools/${SPECIAL}/classes`, { grade_code: '11', name: '1班' });
  const sys = await apiSession(server.baseUrl, 'sysadmin');
  for (const [username, role] of [['tj_registrar', 'school_registrar'], ['tj_approver', 'school_approver']]) {
    await sys.post('/users', { username, display_name: '特殊教育学校', password: 'Demo@2026xj', role, org_code: SPECIAL });
  }
  const first17 = '52010220190911081';
  const p = { name: '韩随班', address: '贵阳市云岩区', id: first17 + idCheckCharacter(first17), birth: '2019-09-11', entryMonth: '2026-09' };
  const body = { ...firstGraderBody(klass.id, p), disability: '4' };
  const created = await (await apiSession(server.baseUrl, 'tj_registrar')).post(`/schools/${SPECIAL}/students`, body);
  await (await apiSession(server.baseUrl, 'tj_approver')).post(`/students/${created.id}/school-decision`, { approve: true, reason: '' });
  const active = await (await apiSession(server.baseUrl, 'yunyan_registrar')).post(`/students/${created.id}/authority-decision`, { approve: true, reason: '' });
  pupil = { id: created.id, number: active.student_number, name: p.name };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a special-education pupil attends a regular school with the record kept (R-TR-12)', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  await page.goto('/transfers/new');
  await byTestId(page, 'transfer-new-key').fill(pupil.number);
  await byTestId(page, 'transfer-new-name').fill(pupil.name);
  await byTestId(page, 'transfer-new-record-stays').waitFor();
  assert.match(await byTestId(page, 'transfer-new-stay-hint').innerText(), /第十七条/);
  await byTestId(page, 'transfer-new-record-stays').click();
  await selectOption(page, 'transfer-new-grade', '一年级');
  await selectOption(page, 'transfer-new-class', '1班');
  await byTestId(page, 'transfer-new-reason').fill('转入普通学校随班就读');
  await screenshot(page, 'placement-start');
  await byTestId(page, 'transfer-new-submit').click();
  await page.waitForURL(/\/transfers\/\d+$/);
  const id = page.url().split('/').pop();

  const deciders = { 5201020001: 'school_approver', 520102: 'nanming_registrar', [SPECIAL]: 'tj_approver', 520103: 'yunyan_registrar' };
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const t = await registrar.get(`/transfers/${id}`);
  assert.equal(t.record_stays, true);
  for (const step of t.steps) {
    await (await apiSession(server.baseUrl, deciders[step.owner_org])).post(`/transfers/${id}/steps/${step.seq}/decision`, { approve: true });
  }
  const moved = await registrar.post(`/transfers/${id}/move`);
  assert.equal(moved.state, 'placed');

  // The attending school's list.
  await byTestId(page, 'menu-placements').click();
  const row = byTestId(page, 'placements-table').locator('.el-table__row', { hasText: pupil.name });
  await row.waitFor();
  assert.match(await row.innerText(), /贵阳市云岩区特殊教育学校/);
  assert.doesNotMatch(await row.innerText(), /52010220190911081/);
  await screenshot(page, 'placement-list');
  await page.context().close();

  // The record school sees where the pupil attends and ends the placement.
  const home = await newPage(browser, server.baseUrl);
  await login(home, 'tj_registrar');
  await home.goto(`/students/${pupil.id}`);
  const placement = byTestId(home, 'detail-placement');
  await placement.waitFor();
  assert.match(await placement.innerText(), /贵阳市南明区第一小学/);
  await screenshot(home, 'placement-record-school');
  await byTestId(home, 'detail-placement-end').click();
  await byTestId(home, 'placement-end-date').fill('2026-09-10');
  await byTestId(home, 'placement-end-reason').fill('回原学校就读');
  await byTestId(home, 'placement-end-submit').click();
  await placement.waitFor({ state: 'detached' });
  await home.context().close();
  const list = await registrar.get('/schools/5201020001/placements');
  assert.equal(list.items.length, 0);
});
