// 代码表 (R-INFO-4): the ministry registrar reads 民族, adds a code and retires
// it, and sees the table's version rise each time; a county registrar reads
// the same tables without any way to change them.
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

async function openTable(page, id, name) {
  await byTestId(page, 'menu-code-tables').click();
  await byTestId(page, `code-table-item-${id}`).click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="code-table-name"]')?.innerText.trim() === n,
    name,
  );
  await page.waitForFunction(
    () => document.querySelector('[data-testid="code-values-table"] .el-loading-mask') === null,
  );
}

const version = async (page) => Number((await byTestId(page, 'code-table-version').innerText()).trim());

async function waitForVersion(page, v) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="code-table-version"]')?.innerText.trim() === String(want),
    v,
  );
}

test('moe_registrar reads 民族, adds a code and retires it; the version rises', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'moe_registrar');
  await openTable(page, 'ethnicity', '民族');
  const rows = page.locator('[data-testid="code-values-table"] [data-testid^="code-row-"]');
  assert.ok((await rows.count()) >= 56, `rows: ${await rows.count()}`);
  assert.equal((await byTestId(page, 'code-row-01').innerText()).trim(), '01');
  assert.equal(await byTestId(page, 'code-tables-readonly').count(), 0);
  const v0 = await version(page);
  await screenshot(page, 'code-tables-ethnicity');

  // 新增代码: typed in lower case, stored upper case.
  await byTestId(page, 'btn-new-code').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新增代码' });
  await dialog.waitFor();
  await byTestId(page, 'code-value-code').fill('t1');
  await byTestId(page, 'code-value-name').fill('界面测试');
  await screenshot(page, 'code-tables-new-dialog');
  await byTestId(page, 'code-value-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForVersion(page, v0 + 1);
  await byTestId(page, 'code-row-T1').waitFor();
  assert.equal((await byTestId(page, 'code-status-T1').innerText()).trim(), '在用');
  // The list on the left follows.
  await page.waitForFunction(
    (v) => document.querySelector('[data-testid="code-table-item-ethnicity"]')?.innerText.includes(`第 ${v} 版`),
    v0 + 1,
  );

  // A code that exists already is refused in the 新增 dialog.
  await byTestId(page, 'btn-new-code').click();
  await dialog.waitFor();
  await byTestId(page, 'code-value-code').fill('01');
  await byTestId(page, 'code-value-name').fill('重复');
  await byTestId(page, 'code-value-submit').click();
  await dialog.locator('.el-form-item__error', { hasText: '该代码已存在' }).waitFor();
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // 编辑: retire the code (never deleted, marked historical).
  await byTestId(page, 'btn-edit-code-T1').click();
  const edit = page.locator('.el-dialog:visible', { hasText: '编辑代码' });
  await edit.waitFor();
  assert.equal(await byTestId(page, 'code-value-code').isDisabled(), true);
  await byTestId(page, 'code-value-historical').click();
  await screenshot(page, 'code-tables-edit-dialog');
  await byTestId(page, 'code-value-submit').click();
  await edit.waitFor({ state: 'hidden' });
  await waitForVersion(page, v0 + 2);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="code-status-T1"]')?.innerText.trim() === '历史代码',
  );
  await byTestId(page, 'code-values-filter').fill('T1');
  await screenshot(page, 'code-tables-retired');
  await page.context().close();
});

test('a county registrar reads the code tables but cannot change them', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  await openTable(page, 'nationality', '国籍/地区');
  await byTestId(page, 'code-tables-readonly').waitFor();
  assert.equal((await byTestId(page, 'code-row-CHN').innerText()).trim(), 'CHN');
  assert.equal(await byTestId(page, 'btn-new-code').count(), 0);
  assert.equal(await page.locator('[data-testid^="btn-edit-code-"]').count(), 0);
  await byTestId(page, 'code-values-filter').fill('中国');
  await byTestId(page, 'code-row-HKG').waitFor();
  await screenshot(page, 'code-tables-county-readonly');
  await page.context().close();
});
