// 学校管理: a county registrar creates a school and a class in it; another
// county's registrar can neither see the school in the tree nor open it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot, selectOption } from './browser.mjs';

const skip = missingPrerequisite() || false;
let server;
let browser;

const SCHOOL_CODE = '5201029901';
const SCHOOL_NAME = '南明区测试小学';
const HEAD_TEACHER = '王晓红';

before(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('county registrar creates a school and a class; another county cannot see it', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');

  // 学校管理 opens at the user's own county.
  await byTestId(page, 'menu-schools').click();
  await byTestId(page, 'org-detail').waitFor();
  await byTestId(page, 'tree-node-520102').waitFor();
  await byTestId(page, 'tree-node-5201020001').waitFor(); // demo school under the county
  assert.equal((await byTestId(page, 'org-info-name').innerText()).trim(), '南明区');

  // 新建学校
  await byTestId(page, 'btn-new-school').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新建学校' });
  await dialog.waitFor();
  await byTestId(page, 'school-code').fill(SCHOOL_CODE);
  await byTestId(page, 'school-name').fill(SCHOOL_NAME);
  await selectOption(page, 'school-stage', '小学');
  await selectOption(page, 'school-type', '普通学校');
  // The county is fixed to 南明区 and is the default 学籍主管部门.
  assert.match(await byTestId(page, 'school-county').innerText(), /南明区/);
  assert.ok(await page.locator('[data-testid="school-authority-520102"] input').isChecked());
  await screenshot(page, 'school-create-dialog');
  await byTestId(page, 'school-submit').click();
  await dialog.waitFor({ state: 'hidden' });

  // The new school is selected, shown and in the tree.
  await page.waitForURL(`**/orgs/${SCHOOL_CODE}`);
  await byTestId(page, 'school-detail').waitFor();
  assert.equal((await byTestId(page, 'school-info-name').innerText()).trim(), SCHOOL_NAME);
  const treeNode = byTestId(page, `tree-node-${SCHOOL_CODE}`);
  await treeNode.waitFor();
  assert.match(await treeNode.innerText(), new RegExp(SCHOOL_NAME));

  // 新建班级: 一年级 1班
  await byTestId(page, 'grade-row-11').click();
  await byTestId(page, 'btn-new-class').click();
  const classDialog = page.locator('.el-dialog:visible', { hasText: '新建班级' });
  await classDialog.waitFor();
  await selectOption(page, 'class-grade', '一年级');
  await byTestId(page, 'class-name').fill('1班');
  await byTestId(page, 'class-head-teacher').fill(HEAD_TEACHER);
  await page.locator('[data-testid="class-capacity"] input').fill('45');
  await byTestId(page, 'class-submit').click();
  await classDialog.waitFor({ state: 'hidden' });

  const classes = byTestId(page, 'classes-table');
  await classes.locator('.el-table__row', { hasText: '1班' }).waitFor();
  const row = classes.locator('.el-table__row', { hasText: '1班' });
  assert.match(await row.innerText(), new RegExp(HEAD_TEACHER));
  assert.match(await row.innerText(), /45/);
  const gradeRow = byTestId(page, 'grades-table').locator('.el-table__row', { hasText: '一年级' });
  await page.waitForFunction(
    () => /一年级\s+1\b/.test(document.querySelector('[data-testid="grades-table"] .el-table__row')?.innerText || ''),
  );
  assert.match(await gradeRow.innerText(), /1/);
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 8000 }).catch(() => {});
  await screenshot(page, 'school-created');

  // Reloading the page keeps the school selected and the tree expanded to it.
  await page.reload();
  await byTestId(page, 'school-detail').waitFor();
  await byTestId(page, `tree-node-${SCHOOL_CODE}`).waitFor();

  await logout(page);

  // 云岩区 registrar: not in the tree, and opening it directly is "not found".
  await login(page, 'yunyan_registrar');
  await byTestId(page, 'menu-schools').click();
  await byTestId(page, 'org-detail').waitFor();
  await byTestId(page, 'tree-node-520103').waitFor();
  // Let the root's children load before asserting absence.
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="tree-node-520103"]')?.closest('.el-tree-node');
    return n && !n.querySelector('.is-loading') && n.classList.contains('is-expanded');
  });
  assert.equal(await byTestId(page, `tree-node-${SCHOOL_CODE}`).count(), 0);
  assert.equal(await byTestId(page, 'tree-node-5201020001').count(), 0);
  assert.equal(await page.getByText(SCHOOL_NAME).count(), 0);
  await screenshot(page, 'yunyan-tree');

  await page.goto(`/orgs/${SCHOOL_CODE}`);
  await byTestId(page, 'org-not-found').waitFor();
  assert.match(await byTestId(page, 'org-not-found').innerText(), /未找到/);
  assert.equal(await byTestId(page, 'school-detail').count(), 0);
  await screenshot(page, 'yunyan-not-found');
  await page.context().close();
});

test('server field errors are shown under the form field', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  await page.goto('/orgs/520102');
  await byTestId(page, 'btn-new-school').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新建学校' });
  await dialog.waitFor();
  await byTestId(page, 'school-code').fill('5201020001'); // the demo school's code
  await byTestId(page, 'school-name').fill('重复代码学校');
  await selectOption(page, 'school-stage', '小学');
  await selectOption(page, 'school-type', '普通学校');
  await byTestId(page, 'school-submit').click();
  const codeItem = dialog.locator('.el-form-item', { has: byTestId(page, 'school-code') });
  const err = codeItem.locator('.el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /[\u4e00-\u9fff]/);
  await screenshot(page, 'school-create-conflict');

  // Editing the field clears its error.
  await byTestId(page, 'school-code').fill('5201029902');
  await err.waitFor({ state: 'detached' });
  await page.context().close();
});
