// 待办审批 (R-TR-2): the server runs as if it were Tuesday 1 December 2026,
// 10:00 CST (XUEJI_NOW), so that the deadline lies in the shipped calendar.
// The school registrar submits a registration; the school approver finds it
// in 我的待办 with its deadline (10 working days: 15 December) and the days
// left, opens it and approves it on the record's page; it then waits in
// 南明区's 待办 for 核准, and the school's list no longer has it. The school
// registrar, who decides nothing, has no 待办审批 menu entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot } from './browser.mjs';
import { apiSession, firstGrader, firstGraderBody } from './student_form.mjs';

const skip = missingPrerequisite() || false;
let server;
let browser;
let studentId;
const NAME = '林待审';
const pupil = { name: NAME, address: '贵阳市南明区花果园', ...firstGrader(160, 13) };

before(async () => {
  if (skip) return;
  server = await startServer({ now: '2026-12-01T10:00:00+08:00' });
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const classes = await registrar.get('/schools/5201020001/classes');
  const klass = classes.items.find((c) => c.grade_code === '11');
  const created = await registrar.post('/schools/5201020001/students', firstGraderBody(klass.id, pupil));
  assert.equal(created.registration, 'pending_school');
  studentId = created.id;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const rowOf = (page, tab) => page.locator(`[data-testid="approvals-${tab}"] tr`, { hasText: NAME });

test('a submitted registration waits in the approver’s 待办 with its deadline', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_approver');
  await byTestId(page, 'menu-approvals').click();
  await byTestId(page, 'approvals').waitFor();
  const row = rowOf(page, 'pending');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /学籍注册/);
  assert.match(text, /学校审核/);
  assert.match(text, /2026-12-01/);
  assert.match(text, /2026-12-15/);
  assert.match(text, /剩余 10 个工作日/);
  await screenshot(page, 'approvals-school-approver');

  await row.getByText('去办理').click();
  await page.waitForURL(new RegExp(`/students/${studentId}$`));
  await page.context().close();

  // Approved on the record's page (as the review screen does), the step moves on.
  const approver = await apiSession(server.baseUrl, 'school_approver');
  await approver.post(`/students/${studentId}/school-decision`, { approve: true, reason: '' });

  const county = await newPage(browser, server.baseUrl);
  await login(county, 'nanming_registrar');
  await byTestId(county, 'menu-approvals').click();
  const next = rowOf(county, 'pending');
  await next.waitFor();
  assert.match(await next.innerText(), /学籍主管部门核准/);
  await byTestId(county, 'approvals-tab-escalated').click();
  await byTestId(county, 'approvals-escalated').waitFor();
  assert.equal(await rowOf(county, 'escalated').count(), 0);
  await screenshot(county, 'approvals-county');
  await logout(county);
  await county.context().close();
});

test('the school registrar has no 待办审批 entry', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  await byTestId(page, 'menu-students').waitFor();
  assert.equal(await byTestId(page, 'menu-approvals').count(), 0);
  await page.context().close();
});
