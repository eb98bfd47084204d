// Login page: Chinese error on a wrong password; header after a good login;
// protected pages redirect to the login page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, logout, screenshot } from './browser.mjs';

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

test('wrong password shows a Chinese error message', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await page.goto('/login');
  await byTestId(page, 'login-username').fill('nanming_registrar');
  await byTestId(page, 'login-password').fill('wrong-password-1');
  await byTestId(page, 'login-submit').click();
  const error = byTestId(page, 'login-error');
  await error.waitFor();
  const text = (await error.innerText()).trim();
  assert.match(text, /[\u4e00-\u9fff]/, `error should be Chinese, got "${text}"`);
  assert.match(text, /用户名|密码/);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await byTestId(page, 'header-user').count(), 0);
  await screenshot(page, 'login-wrong-password');
  await page.context().close();
});

test('good login shows user, role and organization in the header', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  assert.equal((await byTestId(page, 'header-system-name').innerText()).trim(), '全国中小学生学籍信息管理系统');
  assert.equal((await byTestId(page, 'header-user').innerText()).trim(), '南明区学籍管理员');
  assert.equal((await byTestId(page, 'header-role').innerText()).trim(), '县级学籍管理员');
  assert.equal((await byTestId(page, 'header-org').innerText()).trim(), '南明区');
  await screenshot(page, 'login-home');

  // The session survives a reload (GET /auth/me).
  await page.reload();
  await byTestId(page, 'header-user').waitFor();

  await logout(page);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.context().close();
});

test('protected pages redirect to the login page and back', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await page.goto('/orgs/520102');
  await byTestId(page, 'login-submit').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await byTestId(page, 'login-username').fill('nanming_registrar');
  await byTestId(page, 'login-password').fill('Demo@2026xj');
  await byTestId(page, 'login-submit').click();
  await byTestId(page, 'org-detail').waitFor();
  assert.equal(new URL(page.url()).pathname, '/orgs/520102');
  await page.context().close();
});
