// The menu follows the permissions of the role (three separate admins).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot } from './browser.mjs';

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

async function menuTexts(page) {
  const items = page.locator('[data-testid="main-menu"] .el-menu-item:visible');
  return (await items.allInnerTexts()).map((t) => t.trim());
}

test('auditadmin sees 审计日志 and not 用户管理', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'auditadmin');
  const texts = await menuTexts(page);
  assert.ok(texts.includes('审计日志'), `menu: ${texts}`);
  assert.ok(!texts.includes('用户管理'), `menu: ${texts}`);
  assert.ok(!texts.includes('安全策略'), `menu: ${texts}`);
  assert.ok(!texts.includes('代码表'), `menu: ${texts}`);
  assert.ok(!texts.includes('工作日历'), `menu: ${texts}`);
  assert.equal(await byTestId(page, 'menu-users').count(), 0);

  await byTestId(page, 'menu-audit').click();
  await byTestId(page, 'audit-table').waitFor();
  // Logins of this run are audited; newest first.
  await page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();
  await screenshot(page, 'menu-auditadmin-audit');

  // A page outside the role's permissions is refused.
  await page.goto('/admin/users');
  await byTestId(page, 'home').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.context().close();
});

test('sysadmin sees 用户管理 and 工作日历, not 审计日志', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'sysadmin');
  const texts = await menuTexts(page);
  assert.ok(texts.includes('用户管理'), `menu: ${texts}`);
  assert.ok(texts.includes('工作日历'), `menu: ${texts}`);
  assert.ok(!texts.includes('审计日志'), `menu: ${texts}`);
  assert.equal(await byTestId(page, 'menu-audit').count(), 0);

  await byTestId(page, 'menu-users').click();
  await byTestId(page, 'users-table').waitFor();
  await page.locator('[data-testid="user-row-sysadmin"]').waitFor();
  await screenshot(page, 'menu-sysadmin-users');
  await page.context().close();
});

test('secadmin sees 安全策略 and can read the policy', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'secadmin');
  const texts = await menuTexts(page);
  assert.ok(texts.includes('安全策略'), `menu: ${texts}`);
  assert.ok(!texts.includes('审计日志'), `menu: ${texts}`);
  await byTestId(page, 'menu-security').click();
  const input = page.locator('[data-testid="policy-max-failed"] input');
  await input.waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="security-policy"] .el-loading-mask') === null,
  );
  assert.equal(await input.inputValue(), '5');
  await screenshot(page, 'menu-secadmin-policy');
  await page.context().close();
});

test('a school registrar sees 学校管理 rooted at the school, the student pages and the code tables', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  const texts = await menuTexts(page);
  assert.deepEqual(texts, ['首页', '学校管理', '学籍注册', '批量导入', '学生查询', '关键信息变更', '学籍异动', '转学', '就读安置', '控辍保学', '问题学籍', '疑似重复', '数据导出申请', '代码表']);
  await byTestId(page, 'menu-schools').click();
  await byTestId(page, 'school-detail').waitFor();
  await byTestId(page, 'tree-node-5201020001').waitFor();
  assert.equal(await byTestId(page, 'tree-node-520102').count(), 0);
  assert.equal(await byTestId(page, 'btn-edit-school').count(), 0);
  await screenshot(page, 'menu-school-registrar');
  await page.context().close();
});

test('a county registrar sees 线下转学补录 after 转学 and opens the form (R-TR-10)', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  const texts = await menuTexts(page);
  const at = texts.indexOf('转学');
  assert.ok(at >= 0, `menu: ${texts}`);
  assert.equal(texts[at + 1], '线下转学补录', `menu: ${texts}`);
  assert.ok(texts.includes('数据导出申请'), `menu: ${texts}`);
  // 批量导入 is the school registrar's (edit_students); the page is refused.
  assert.ok(!texts.includes('批量导入'), `menu: ${texts}`);
  assert.equal(await byTestId(page, 'menu-student-import').count(), 0);
  await byTestId(page, 'menu-transfer-offline').click();
  await byTestId(page, 'transfer-offline-key').waitFor();
  assert.equal(new URL(page.url()).pathname, '/transfers/offline');
  await page.goto('/students/import');
  await byTestId(page, 'home').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.context().close();
});
