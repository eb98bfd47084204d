// Playwright (playwright-core) driving Debian's chromium, plus UI helpers.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT, DEMO_PASSWORD } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'e2e');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (own cookies) at 1366×768, zh-CN. */
export async function newPage(browser, baseUrl) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[pageerror] ${err.message}`));
  // The server's Content-Security-Policy must never block the app itself.
  page.cspViolations = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
      page.cspViolations.push(msg.text());
    }
  });
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let pending API calls and Element Plus transitions finish first.
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(350);
  await page.screenshot({ path, animations: 'disabled' });
  if (page.cspViolations?.length) {
    throw new Error(`Content-Security-Policy blocked: ${page.cspViolations.join(' | ')}`);
  }
  return path;
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

export async function login(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(password);
  await byTestId(page, 'login-submit').click();
  await byTestId(page, 'header-user').waitFor();
}

export async function logout(page) {
  await byTestId(page, 'header-logout').click();
  await byTestId(page, 'login-submit').waitFor();
}

/**
 * Picks `optionText` from an Element Plus el-select marked with data-testid.
 * On a loaded machine the dropdown may open before its options have arrived
 * or while another dropdown is still closing; then it is closed and opened
 * again, up to three times.
 */
export async function selectOption(page, testId, optionText) {
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first();
  for (let attempt = 1; ; attempt++) {
    await byTestId(page, testId).click();
    try {
      await option.click({ timeout: attempt < 3 ? 6000 : 15000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
  }
  await option.waitFor({ state: 'hidden' });
}
