// 疑似重复 (R-REG-4) and 正式学籍号 (R-NO-3, R-YR-4): two pupils of 南明区
// with the same name, sex and birth date whose ID numbers differ in one digit
// are listed as a suspected duplicate; the school sees the pair, 南明区
// reviews it as two children. The ministry runs the formal-number batch over
// 南明区 from the page — the approved pupil is not in the population
// reference data, so no G number and one new 问题学籍 — and 南明区 reads the
// report without being able to run a batch, then resolves that 问题学籍 with
// 佐证, picking the pupil's uploaded proof (R-REG-8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot } from './browser.mjs';
import { apiSession, firstGrader, firstGraderBody, tinyPng } from './student_form.mjs';

const skip = missingPrerequisite() || false;
let server;
let browser;
let firstId;

// The same birth date; the ID numbers differ in the sequence digits only.
const first = { name: '吴小兰', address: '贵阳市南明区沙冲路', ...firstGrader(60, 12) };
const second = { name: '吴小兰', address: '贵阳市南明区沙冲路', ...firstGrader(60, 14) };

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchBrowser();
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const classes = await registrar.get('/schools/5201020001/classes');
  const klass = classes.items.find((c) => c.grade_code === '11' && c.name === '1班');
  const a = await registrar.post('/schools/5201020001/students', firstGraderBody(klass.id, first));
  await (await apiSession(server.baseUrl, 'school_approver')).post(`/students/${a.id}/school-decision`, { approve: true, reason: '' });
  await (await apiSession(server.baseUrl, 'nanming_registrar')).post(`/students/${a.id}/authority-decision`, { approve: true, reason: '' });
  firstId = a.id;
  await registrar.upload(`/students/${a.id}/proofs?kind=hukou_page&name=hukou.png`, tinyPng(30, 20, [40, 160, 90]));
  await registrar.post('/schools/5201020001/students', firstGraderBody(klass.id, second));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const text = async (page, id) => (await byTestId(page, id).innerText()).trim();

test('a suspected duplicate is listed for the school and reviewed by 南明区 as two children', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  await byTestId(page, 'menu-suspected-duplicates').click();
  const pair = page.locator('[data-testid^="dup-"][data-testid$="-score"]').first();
  await pair.waitFor();
  const id = (await pair.getAttribute('data-testid')).match(/^dup-(\d+)-score$/)[1];
  assert.equal(await text(page, 'dup-total'), '1');
  assert.equal(await byTestId(page, `dup-${id}-review`).count(), 0);
  await logout(page);

  await login(page, 'nanming_registrar');
  await byTestId(page, 'menu-suspected-duplicates').click();
  const card = byTestId(page, `dup-${id}`);
  await card.waitFor();
  assert.match(await card.innerText(), /姓名、出生日期、性别相同/);
  assert.match(await card.innerText(), /身份证件号前17位仅一位数字不同/);
  assert.equal(await text(page, `dup-${id}-student-registration`), '已核准（在籍）');
  assert.equal(await text(page, `dup-${id}-other-registration`), '待学校审核');
  await screenshot(page, 'duplicates-list');

  await byTestId(page, `dup-${id}-review`).click();
  const dialog = page.locator('.el-dialog:visible', { has: byTestId(page, 'dup-review-note') });
  await dialog.waitFor();
  await byTestId(page, 'dup-review-different').click();
  await byTestId(page, 'dup-review-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '请填写审核说明' }).waitFor();
  await byTestId(page, 'dup-review-note').fill('经核实为双胞胎姐妹，两条记录均有效');
  await byTestId(page, 'dup-review-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await byTestId(page, 'dup-empty').waitFor();
  assert.equal(await text(page, 'dup-total'), '0');
  await page.context().close();
});

test('the ministry runs the formal-number batch over 南明区; 南明区 reads the report', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'moe_registrar');
  await byTestId(page, 'menu-number-batches').click();
  await byTestId(page, 'batch-scope').fill('520102');
  await page.waitForFunction(() => document.querySelector('[data-testid="batch-scope-name"]')?.innerText.includes('贵州省贵阳市南明区'));
  await byTestId(page, 'batch-run').click();
  await page.locator('.el-message-box:visible .el-button--primary').click();
  await byTestId(page, 'batch-report').waitFor();
  await page.waitForURL(/\/number-batches\/\d+$/);
  const batchId = new URL(page.url()).pathname.split('/').pop();
  assert.equal(await text(page, 'batch-report-state'), '完成');
  assert.equal(await text(page, 'batch-report-considered'), '1');
  assert.equal(await text(page, 'batch-report-issued'), '0');
  assert.equal(await text(page, 'batch-report-unknown'), '1');
  assert.equal(await text(page, 'batch-report-problems_opened'), '1');
  await screenshot(page, 'number-batch-report');
  await logout(page);

  await login(page, 'nanming_registrar');
  await byTestId(page, 'menu-number-batches').click();
  const row = page.locator('[data-testid="batch-table"] .el-table__row', { hasText: '贵州省贵阳市南明区（520102）' });
  await row.waitFor();
  assert.equal(await byTestId(page, 'batch-run').count(), 0);
  await row.click();
  await page.waitForURL(new RegExp(`/number-batches/${batchId}$`));
  await byTestId(page, 'batch-report').waitFor();
  assert.equal(await text(page, 'batch-report-problems_opened'), '1');

  // The 问题学籍 the batch opened: 佐证 cites the pupil's proof.
  await byTestId(page, 'menu-problem-records').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="problem-count-invalid_id"]')?.innerText.trim() === '1');
  const card = page.locator('[data-testid^="problem-"][data-testid$="-student-link"]', { hasText: first.name }).first();
  const problemId = (await card.getAttribute('data-testid')).match(/^problem-(\d+)-student-link$/)[1];
  await byTestId(page, `problem-${problemId}-resolve`).click();
  const dialog = page.locator('.el-dialog:visible', { has: byTestId(page, 'resolve-note') });
  await dialog.waitFor();
  await byTestId(page, 'resolve-action-evidence').click();
  await byTestId(page, 'resolve-proof-id').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '户口本页 · hukou.png' }).click();
  await byTestId(page, 'resolve-note').fill('户口本页与学籍信息一致，人口信息库待更新');
  await byTestId(page, 'resolve-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelector('[data-testid="problem-count-invalid_id"]')?.innerText.trim() === '0');
  await page.goto(`/students/${firstId}`);
  assert.equal(await text(page, 'detail-registration'), '已核准（在籍）');
  await page.context().close();
});
