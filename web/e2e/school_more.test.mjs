// 学校管理, more: a province-run (省直管) school created from the province,
// editing a school, editing and deleting a class.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot, selectOption } from './browser.mjs';

const skip = missingPrerequisite() || false;
let server;
let browser;

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('province registrar creates a 省直管 school', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'gz_registrar');
  await byTestId(page, 'menu-schools').click();
  await byTestId(page, 'tree-node-520000').waitFor();
  await byTestId(page, 'btn-new-school').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新建学校' });
  await dialog.waitFor();
  await byTestId(page, 'school-code').fill('5201039901');
  await byTestId(page, 'school-name').fill('贵州省实验中学测试校区');
  await selectOption(page, 'school-stage', '完全中学');
  await selectOption(page, 'school-type', '普通学校');
  await selectOption(page, 'school-city', '贵阳市');
  await selectOption(page, 'school-county', '云岩区');
  // Three authorities: the county (default), the city and the province.
  assert.ok(await page.locator('[data-testid="school-authority-520103"] input').isChecked());
  await byTestId(page, 'school-authority-520100').waitFor();
  await byTestId(page, 'school-authority-520000').click();
  await screenshot(page, 'school-create-province');
  await byTestId(page, 'school-submit').click();
  await dialog.waitFor({ state: 'hidden' });

  await page.waitForURL('**/orgs/5201039901');
  await byTestId(page, 'school-detail').waitFor();
  const info = await byTestId(page, 'school-info').innerText();
  assert.match(info, /贵州省（520000）/);
  assert.match(info, /省直管/);
  assert.match(info, /云岩区（520103）/);
  // In the tree the school hangs under its authority, the province.
  await byTestId(page, 'tree-node-5201039901').waitFor();
  const parentName = await byTestId(page, 'tree-node-5201039901').evaluate(
    (el) => el.closest('.el-tree-node').parentElement.closest('.el-tree-node').querySelector('.node-name').innerText,
  );
  assert.equal(parentName, '贵州省');
  // Grades of a 完全中学: 七年级 … 高三.
  await byTestId(page, 'grade-row-21').waitFor();
  await byTestId(page, 'grade-row-33').waitFor();
  assert.equal(await byTestId(page, 'grade-row-11').count(), 0);
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {});
  await screenshot(page, 'school-province-run');
  await page.context().close();
});

test('county registrar edits a school and edits/deletes a class', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  await page.goto('/orgs/5201020002');
  await byTestId(page, 'school-detail').waitFor();

  // Edit the school's name: the detail and the tree label follow.
  await byTestId(page, 'btn-edit-school').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '编辑学校信息' });
  await dialog.waitFor();
  assert.ok(await byTestId(page, 'school-code').isDisabled());
  await byTestId(page, 'school-name').fill('贵阳市南明区第二中学（更名）');
  await byTestId(page, 'school-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="school-info-name"]')?.innerText.trim() === '贵阳市南明区第二中学（更名）',
  );
  await page.waitForFunction(
    () => /更名/.test(document.querySelector('[data-testid="tree-node-5201020002"]')?.innerText || ''),
  );

  // Create a class in the first grade, edit it, delete it.
  const firstGrade = page.locator('[data-testid="grades-table"] .el-table__body-wrapper .el-table__row').first();
  await firstGrade.click();
  await byTestId(page, 'btn-new-class').click();
  const classDialog = page.locator('.el-dialog:visible', { hasText: '新建班级' });
  await classDialog.waitFor();
  await byTestId(page, 'class-name').fill('99班');
  await byTestId(page, 'class-submit').click();
  await classDialog.waitFor({ state: 'hidden' });
  const row = byTestId(page, 'classes-table').locator('.el-table__row', { hasText: '99班' });
  await row.waitFor();
  // Capacity left empty: the stage default (50 outside primary schools).
  assert.match(await row.innerText(), /50/);

  await row.locator('[data-testid^="btn-edit-class-"]').click();
  const editDialog = page.locator('.el-dialog:visible', { hasText: '编辑班级' });
  await editDialog.waitFor();
  await byTestId(page, 'class-head-teacher').fill('李明');
  await page.locator('[data-testid="class-capacity"] input').fill('40');
  await byTestId(page, 'class-submit').click();
  await editDialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="classes-table"] .el-table__row')].some(
      (r) => /99班/.test(r.innerText) && /李明/.test(r.innerText) && /40/.test(r.innerText),
    ),
  );
  await screenshot(page, 'class-edited');

  await row.locator('[data-testid^="btn-delete-class-"]').click();
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-button--primary').click();
  await row.waitFor({ state: 'detached' });
  await page.context().close();
});

test('a school in a city without counties (东莞市) has the city as its location', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'moe_registrar');
  await page.goto('/orgs/440000');
  await byTestId(page, 'btn-new-school').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新建学校' });
  await dialog.waitFor();
  await byTestId(page, 'school-code').fill('4419000001');
  await byTestId(page, 'school-name').fill('东莞市测试小学');
  await selectOption(page, 'school-stage', '小学');
  await selectOption(page, 'school-type', '普通学校');
  await selectOption(page, 'school-city', '东莞市');
  await selectOption(page, 'school-county', '东莞市（不设区的市）');
  // The city is both the location and the default authority: no separate 县管 choice.
  assert.ok(await page.locator('[data-testid="school-authority-441900"] input').isChecked());
  await screenshot(page, 'school-create-dongguan');
  await byTestId(page, 'school-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForURL('**/orgs/4419000001');
  const info = await byTestId(page, 'school-info').innerText();
  assert.match(info, /东莞市（441900）/);
  await page.context().close();
});
