// 工作日历 (R-CAL-1): the system administrator sees 2026 as shipped (春节 and
// its 调休 Saturdays), finds 2027 missing (a deadline into it cannot be
// computed), enters 2027's holidays and a 调休 Saturday on the month grid,
// and the working-day query then counts over them. A registrar has no menu
// entry.
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

const kindOf = (page, date) => byTestId(page, `cal-day-${date}`).getAttribute('data-kind');

async function waitForKind(page, date, kind) {
  await page.waitForFunction(
    ([d, k]) => document.querySelector(`[data-testid="cal-day-${d}"]`)?.dataset.kind === k,
    [date, kind],
  );
}

async function openYear(page, year) {
  const input = page.locator('[data-testid="calendar-year"] input');
  // The page opens at this year in China Standard Time.
  if ((await input.inputValue()) !== String(year)) {
    await input.fill(String(year));
    await input.press('Enter');
    await page.waitForURL(`**/admin/calendar/${year}`);
  }
  await page.waitForFunction(
    () => document.querySelector('[data-testid="calendar"] .el-loading-mask') === null,
  );
  await byTestId(page, 'calendar-status').waitFor();
}

/** Sets the query's start date and count, submits, and returns the result or error text. */
async function query(page, from, days) {
  const date = page.locator('[data-testid="calendar-query-from"] input');
  await date.fill(from);
  await date.press('Enter');
  const count = page.locator('[data-testid="calendar-query-days"] input');
  await count.fill(String(days));
  await count.press('Tab');
  await byTestId(page, 'calendar-query-submit').click();
  const answer = page.locator('[data-testid="calendar-query-date"], [data-testid="calendar-query-error"]').first();
  await answer.waitFor();
  return (await answer.innerText()).trim();
}

test('sysadmin enters the holidays of 2027 and the working-day query follows', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'sysadmin');
  await byTestId(page, 'menu-calendar').click();
  await byTestId(page, 'calendar').waitFor();

  // 2026 as shipped: 春节 02-15..02-23 with the 调休 Saturdays 02-14 and 02-28.
  await openYear(page, 2026);
  assert.equal((await byTestId(page, 'calendar-status').innerText()).trim(), '已录入');
  assert.equal(await kindOf(page, '2026-02-14'), 'workday');
  assert.equal(await kindOf(page, '2026-02-16'), 'holiday');
  assert.equal(await kindOf(page, '2026-02-28'), 'workday');
  assert.equal(await kindOf(page, '2026-03-02'), 'work');
  assert.equal(await kindOf(page, '2026-03-01'), 'rest');
  await byTestId(page, 'cal-row-2026-02-14').waitFor();
  assert.equal(await query(page, '2026-02-13', 2), '2026-02-24');
  await screenshot(page, 'calendar-2026');

  // 2027 is not in the data: a deadline into it is refused, not guessed.
  await openYear(page, 2027);
  assert.equal((await byTestId(page, 'calendar-status').innerText()).trim(), '未录入');
  await byTestId(page, 'calendar-missing').waitFor();
  const refused = await query(page, '2026-12-31', 1);
  assert.match(refused, /2027年的节假日和调休安排尚未录入/);

  // 录入: 元旦 01-01..01-03, 春节 02-06..02-12, 调休上班 Saturday 02-20.
  await byTestId(page, 'calendar-edit').click();
  await byTestId(page, 'calendar-edit-bar').waitFor();
  await byTestId(page, 'calendar-name').fill('元旦');
  for (const d of ['01', '02', '03']) await byTestId(page, `cal-day-2027-01-${d}`).click();
  await byTestId(page, 'calendar-name').fill('春节');
  for (const d of ['06', '07', '08', '09', '10', '11', '12']) await byTestId(page, `cal-day-2027-02-${d}`).click();
  await byTestId(page, 'cal-day-2027-02-20').click(); // 休息 → 放假
  await byTestId(page, 'cal-day-2027-02-20').click(); // 放假 → 调休上班
  assert.equal(await kindOf(page, '2027-01-02'), 'holiday');
  assert.equal(await kindOf(page, '2027-02-20'), 'workday');
  assert.equal(await byTestId(page, 'cal-row-name-2027-02-20').inputValue(), '春节');
  await screenshot(page, 'calendar-2027-editing');
  await byTestId(page, 'calendar-save').click();
  await page.locator('.el-message--success', { hasText: '2027年工作日历已保存' }).waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="calendar-status"]')?.innerText.trim() === '已录入',
  );
  await waitForKind(page, '2027-02-20', 'workday');
  assert.equal(await byTestId(page, 'calendar-missing').count(), 0);
  assert.equal(await byTestId(page, 'cal-row-2027-01-01').count(), 1);

  // The query now counts over the entered year.
  assert.equal(await query(page, '2026-12-31', 1), '2027-01-04');
  assert.equal(await query(page, '2027-02-05', 1), '2027-02-15');
  assert.equal(await query(page, '2027-02-19', 1), '2027-02-20');
  await screenshot(page, 'calendar-2027-saved');

  // Saved for everyone: the API answers the same after a reload.
  await page.reload();
  await byTestId(page, 'calendar-status').waitFor();
  await waitForKind(page, '2027-02-09', 'holiday');
  await page.context().close();
});

test('a registrar has no 工作日历 menu entry and is sent home from the page', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'nanming_registrar');
  assert.equal(await byTestId(page, 'menu-calendar').count(), 0);
  await page.goto('/admin/calendar/2026');
  await byTestId(page, 'home').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.context().close();
});
