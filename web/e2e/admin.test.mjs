// 系统管理: user accounts (create, disable/enable, unlock), security policy,
// audit paging, and 修改密码 from the header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot, selectOption } from './browser.mjs';

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

async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

test('sysadmin creates a county account, disables and enables it', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'sysadmin');
  await page.goto('/admin/users/520102');
  await byTestId(page, 'users-org-name').waitFor();
  assert.equal((await byTestId(page, 'users-org-name').innerText()).trim(), '南明区');
  await byTestId(page, 'user-row-nanming_registrar').waitFor();
  // The tree is expanded down to the selected county.
  await byTestId(page, 'tree-node-520102').waitFor();

  await byTestId(page, 'btn-new-user').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '新建用户' });
  await dialog.waitFor();
  await byTestId(page, 'user-username').fill('nanming_clerk');
  await byTestId(page, 'user-display-name').fill('南明区学籍专干');
  await selectOption(page, 'user-role', '县级学籍管理员');
  await byTestId(page, 'user-password').fill('Clerk#2026abc');
  await byTestId(page, 'user-password-confirm').fill('Clerk#2026abc');
  await byTestId(page, 'user-phone').fill('0851-85100099');
  await byTestId(page, 'user-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await byTestId(page, 'user-row-nanming_clerk').waitFor();
  assert.equal((await byTestId(page, 'user-status-nanming_clerk').innerText()).trim(), '正常');

  await byTestId(page, 'btn-disable-nanming_clerk').click();
  await confirmBox(page);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="user-status-nanming_clerk"]')?.innerText.trim() === '已停用',
  );
  await screenshot(page, 'admin-users-disabled');
  await byTestId(page, 'btn-enable-nanming_clerk').click();
  await confirmBox(page);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="user-status-nanming_clerk"]')?.innerText.trim() === '正常',
  );

  // A duplicate username is reported under the 用户名 field.
  await byTestId(page, 'btn-new-user').click();
  await dialog.waitFor();
  await byTestId(page, 'user-username').fill('nanming_clerk');
  await byTestId(page, 'user-display-name').fill('重复');
  await selectOption(page, 'user-role', '县级学籍管理员');
  await byTestId(page, 'user-password').fill('Clerk#2026abc');
  await byTestId(page, 'user-password-confirm').fill('Clerk#2026abc');
  await byTestId(page, 'user-submit').click();
  const err = dialog
    .locator('.el-form-item', { has: byTestId(page, 'user-username') })
    .locator('.el-form-item__error');
  await err.waitFor();
  await screenshot(page, 'admin-users-duplicate');
  await page.context().close();
});

test('secadmin unlocks a locked account and saves the policy', { skip }, async () => {
  // Lock head_teacher: 5 wrong passwords (policy default max_failed_logins=5).
  for (let i = 0; i < 5; i++) {
    await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'head_teacher', password: `wrong-${i}` }),
    });
  }
  const page = await newPage(browser, server.baseUrl);

  // The login page shows the 423 message.
  await page.goto('/login');
  await byTestId(page, 'login-username').fill('head_teacher');
  await byTestId(page, 'login-password').fill('Demo@2026xj');
  await byTestId(page, 'login-submit').click();
  await byTestId(page, 'login-error').waitFor();
  assert.match(await byTestId(page, 'login-error').innerText(), /锁定/);
  await screenshot(page, 'login-locked');

  await login(page, 'secadmin');
  assert.equal(await byTestId(page, 'menu-audit').count(), 0);
  await page.goto('/admin/users/5201020001');
  await byTestId(page, 'user-row-head_teacher').waitFor();
  assert.equal((await byTestId(page, 'user-status-head_teacher').innerText()).trim(), '已锁定');
  assert.equal(await byTestId(page, 'btn-new-user').count(), 0); // not a system admin
  await screenshot(page, 'admin-users-locked');
  await byTestId(page, 'btn-unlock-head_teacher').click();
  await confirmBox(page);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="user-status-head_teacher"]')?.innerText.trim() === '正常',
  );

  // 安全策略: change and save; a reload shows the saved value.
  await byTestId(page, 'menu-security').click();
  const maxFailed = page.locator('[data-testid="policy-max-failed"] input');
  await maxFailed.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="security-policy"] .el-loading-mask'));
  await maxFailed.fill('6');
  await maxFailed.blur();
  await byTestId(page, 'policy-save').click();
  await page.locator('.el-message--success', { hasText: '安全策略已保存' }).waitFor();
  await page.reload();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="policy-max-failed"] input')?.value === '6',
  );
  await screenshot(page, 'admin-security-policy');
  await page.context().close();

  const teacher = await newPage(browser, server.baseUrl);
  await login(teacher, 'head_teacher');
  await teacher.context().close();
});

test('auditadmin pages through the audit log', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'auditadmin');
  await byTestId(page, 'menu-audit').click();
  const rows = page.locator('[data-testid="audit-table"] .el-table__body-wrapper .el-table__row');
  await rows.first().waitFor();
  const firstSeq = Number((await rows.first().locator('td').first().innerText()).trim());
  assert.ok(firstSeq > 20, `expected more than 20 audit entries, newest is ${firstSeq}`);
  assert.equal(await rows.count(), 20);
  await byTestId(page, 'audit-next').click();
  await page.waitForFunction(
    (seq) => {
      const td = document.querySelector('[data-testid="audit-table"] .el-table__body-wrapper .el-table__row td');
      return td && Number(td.innerText.trim()) === seq - 20;
    },
    firstSeq,
  );
  await byTestId(page, 'audit-prev').click();
  await page.waitForFunction(
    (seq) => {
      const td = document.querySelector('[data-testid="audit-table"] .el-table__body-wrapper .el-table__row td');
      return td && Number(td.innerText.trim()) === seq;
    },
    firstSeq,
  );
  await screenshot(page, 'admin-audit');
  await page.context().close();
});

test('修改密码: weak password error under the field, then a real change', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_approver');
  await byTestId(page, 'header-change-password').click();
  const dialog = page.locator('.el-dialog:visible', { hasText: '修改密码' });
  await dialog.waitFor();
  await byTestId(page, 'pwd-old').fill('Demo@2026xj');
  await byTestId(page, 'pwd-new').fill('short');
  await byTestId(page, 'pwd-confirm').fill('short');
  await byTestId(page, 'pwd-submit').click();
  const err = dialog.locator('.el-form-item', { has: byTestId(page, 'pwd-new') }).locator('.el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /[\u4e00-\u9fff]/);
  await screenshot(page, 'change-password-weak');

  await byTestId(page, 'pwd-new').fill('Approver#2026new');
  await byTestId(page, 'pwd-confirm').fill('Approver#2026new');
  await byTestId(page, 'pwd-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await logout(page);
  await login(page, 'school_approver', 'Approver#2026new');
  await page.context().close();
});
