// 政策设置 (R-POL-1, R-POL-2, R-POL-4): the 贵州 province registrar lowers the
// primary class cap to 40; the page shows 40人 set by 省. The 南明区 county
// registrar then cannot raise it to 42: the error next to the field names
// both figures, and nothing changes. Lowering it to 38 passes and the value
// is shown as set by 县. Only the province sees 转学发起方; a school
// registrar has no menu entry. The province sets the transfer chain and a
// transfer season (R-POL-4); the county may only narrow the season.
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

const text = async (page, id) => (await byTestId(page, id).innerText()).trim();

async function openPolicy(page) {
  await byTestId(page, 'menu-policy').click();
  await byTestId(page, 'policy-form').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="policy-page"] .el-loading-mask') === null);
}

async function setPrimaryCap(page, value) {
  const input = byTestId(page, 'policy-cap-primary');
  await input.fill(value);
  await byTestId(page, 'policy-save').click();
}

const fieldError = (page, testId) =>
  page.locator('.el-form-item', { has: byTestId(page, testId) }).locator('.el-form-item__error');

test('a province registrar lowers the primary cap; a county cannot raise it above', { skip }, async () => {
  const province = await newPage(browser, server.baseUrl);
  await login(province, 'gz_registrar');
  await openPolicy(province);
  assert.equal(await text(province, 'policy-value-class_caps.primary'), '45人');
  assert.equal(await text(province, 'policy-source-class_caps.primary'), '国家');
  assert.equal(await text(province, 'policy-type-suspend'), '休学');
  assert.equal(await byTestId(province, 'policy-initiator').count(), 1);
  await setPrimaryCap(province, '40');
  await province.locator('.el-message--success').waitFor();
  await province.waitForFunction(
    () => document.querySelector('[data-testid="policy-value-class_caps.primary"]')?.innerText.trim() === '40人',
  );
  assert.equal(await text(province, 'policy-source-class_caps.primary'), '省');
  await screenshot(province, 'policy-province');
  await province.context().close();

  const county = await newPage(browser, server.baseUrl);
  await login(county, 'nanming_registrar');
  await openPolicy(county);
  assert.equal(await text(county, 'policy-value-class_caps.primary'), '40人');
  assert.equal(await text(county, 'policy-source-class_caps.primary'), '省');
  await screenshot(county, 'policy-county');
  // 转学发起方 and the cut-off day are the province's alone.
  assert.equal(await byTestId(county, 'policy-initiator').count(), 0);
  assert.equal(await byTestId(county, 'policy-cutoff').count(), 0);
  await setPrimaryCap(county, '42');
  const error = fieldError(county, 'policy-cap-primary');
  await error.waitFor();
  const message = (await error.innerText()).trim();
  assert.match(message, /40/, message);
  assert.match(message, /42/, message);
  assert.equal(await text(county, 'policy-value-class_caps.primary'), '40人');
  await screenshot(county, 'policy-county-refused');

  // Typing clears the error; a narrower cap is saved and shown as the county's.
  await setPrimaryCap(county, '38');
  await county.locator('.el-message--success').waitFor();
  await county.waitForFunction(
    () => document.querySelector('[data-testid="policy-value-class_caps.primary"]')?.innerText.trim() === '38人',
  );
  assert.equal(await text(county, 'policy-source-class_caps.primary'), '县');
  await error.waitFor({ state: 'detached' });
  await county.context().close();
});

// R-POL-4: the province widens the transfer chain by its own level, fixes the
// order and sets a transfer season; the county sees them as the province's,
// has no chain controls, and a season outside the province's is refused
// next to the field.
test('the province sets the transfer chain and seasons; a county may only narrow the seasons', { skip }, async () => {
  const province = await newPage(browser, server.baseUrl);
  await login(province, 'gz_registrar');
  await openPolicy(province);
  assert.equal(await text(province, 'policy-value-transfer_seasons'), '不限');
  await byTestId(province, 'policy-chain-own').click();
  await byTestId(province, 'policy-chain-province').click();
  await byTestId(province, 'policy-chain-order').click();
  await province.locator('.el-select-dropdown__item', { hasText: '固定顺序' }).click();
  await byTestId(province, 'policy-seasons-own').click();
  await byTestId(province, 'policy-season-add').click();
  await byTestId(province, 'policy-season-first-0').fill('09-01');
  await byTestId(province, 'policy-season-last-0').fill('10-31');
  await byTestId(province, 'policy-save').click();
  await province.locator('.el-message--success').waitFor();
  await province.waitForFunction(
    () => document.querySelector('[data-testid="policy-value-transfer_seasons"]')?.innerText.trim() === '09-01 至 10-31',
  );
  assert.equal(await text(province, 'policy-value-transfer_chain'), '学校、学籍主管部门，另加省级教育行政部门；固定顺序');
  assert.equal(await text(province, 'policy-source-transfer_chain'), '省');
  await screenshot(province, 'policy-transfer-chain');
  await province.context().close();

  const county = await newPage(browser, server.baseUrl);
  await login(county, 'nanming_registrar');
  await openPolicy(county);
  assert.equal(await text(county, 'policy-source-transfer_seasons'), '省');
  assert.equal(await byTestId(county, 'policy-chain-order').count(), 0);
  await byTestId(county, 'policy-seasons-own').click();
  await byTestId(county, 'policy-season-first-0').fill('08-20');
  await byTestId(county, 'policy-save').click();
  const error = byTestId(county, 'policy-season-error-0');
  await error.waitFor();
  const message = (await error.innerText()).trim();
  assert.match(message, /08-20至10-31/, message);
  assert.match(message, /09-01至10-31/, message);
  assert.equal(await text(county, 'policy-value-transfer_seasons'), '09-01 至 10-31');
  await county.context().close();
});

test('a school registrar has no 政策设置 entry', { skip }, async () => {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  assert.equal(await byTestId(page, 'menu-policy').count(), 0);
  await page.context().close();
});
