// R-SEC-1 数据导出申请: a school asks for its roster with full ID numbers,
// its county approves, the school downloads a workbook holding the full
// number; a second school user cannot approve the school's own request; a
// rejected request cannot be downloaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot } from './browser.mjs';
import { apiSession, firstGrader, firstGraderBody } from './student_form.mjs';

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

// The text of each row's cells in sheet 1 of the workbook at `path`.
function sheetRows(path) {
  const xml = execFileSync('unzip', ['-p', path, 'xl/worksheets/sheet1.xml']).toString('utf8');
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => {
    const row = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+)[0-9]+"[^>]*?(?:\/>|>(.*?)<\/c>)/gs)) {
      const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      row[col] = (c[2] || '').replace(/<[^>]+>/g, '');
    }
    return Array.from(row, (v) => v ?? '');
  });
}

async function fileRequest(page, purpose) {
  await byTestId(page, 'er-full-yes').click();
  await byTestId(page, 'er-purpose').fill(purpose);
  await byTestId(page, 'er-recipient').fill('区教育局资助中心');
  await byTestId(page, 'er-submit').click();
  await page.locator('[data-testid="er-table"] .el-table__row', { hasText: purpose }).first().waitFor();
}

async function decide(page, id, approve, comment) {
  await byTestId(page, 'er-box-to-decide').click();
  await byTestId(page, `er-${approve ? 'approve' : 'reject'}-${id}`).click();
  await byTestId(page, 'er-decide-comment').fill(comment);
  await byTestId(page, 'er-decide-submit').click();
  await page.locator(`[data-testid="er-state-${id}"]`, { hasText: approve ? '已批准' : '已驳回' }).waitFor();
}

test('school asks for full ID numbers, the county approves, the school downloads them', { skip }, async () => {
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const cls = await registrar.post('/schools/5201020001/classes', { grade_code: '11', name: '申请班' });
  const pupil = { ...firstGrader(22, 755), name: '申导出', address: '贵阳市南明区花果园' };
  await registrar.post('/schools/5201020001/students', firstGraderBody(cls.id, pupil));

  const school = await newPage(browser, server.baseUrl);
  await login(school, 'school_registrar');
  await byTestId(school, 'menu-export-requests').click();
  await byTestId(school, 'export-requests').waitFor();
  await fileRequest(school, '核对营养餐补助名单');
  const [mine] = (await registrar.get('/export-requests?box=mine')).items;
  assert.equal(mine.state, 'pending');
  assert.equal(mine.full_id_numbers, true);
  assert.equal(mine.authority_org, '520102');
  await byTestId(school, `er-state-${mine.id}`).waitFor();
  assert.equal(await byTestId(school, `er-download-${mine.id}`).count(), 0);
  await screenshot(school, 'export-request-pending');

  // A second user of the school cannot approve the school's own request.
  const approver = await apiSession(server.baseUrl, 'school_approver');
  await assert.rejects(approver.post(`/export-requests/${mine.id}/approve`, {}), /HTTP 403/);
  const approverPage = await newPage(browser, server.baseUrl);
  await login(approverPage, 'school_approver');
  await approverPage.goto('/export-requests');
  await byTestId(approverPage, `er-state-${mine.id}`).waitFor();
  assert.equal(await byTestId(approverPage, 'er-box-to-decide').count(), 0);
  assert.equal(await byTestId(approverPage, `er-approve-${mine.id}`).count(), 0);
  await approverPage.context().close();

  const county = await newPage(browser, server.baseUrl);
  await login(county, 'nanming_registrar');
  await county.goto('/export-requests');
  await decide(county, mine.id, true, '同意，限本次核对使用');
  await screenshot(county, 'export-request-approved');
  await county.context().close();

  await school.reload();
  const button = byTestId(school, `er-download-${mine.id}`);
  await button.waitFor();
  const [download] = await Promise.all([school.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /_花名册_完整身份证号_申请\d+\.xlsx$/);
  const path = join(server.dir, 'export-request.xlsx');
  await download.saveAs(path);
  const rows = sheetRows(path);
  assert.equal(rows[0][4], '身份证件号');
  const row = rows.find((r) => r[1] === '申导出');
  assert.ok(row, 'the pupil is in the workbook');
  assert.equal(row[4], pupil.id, 'the full ID number, as approved');
  await school.context().close();
});

test('a rejected request cannot be downloaded', { skip }, async () => {
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const school = await newPage(browser, server.baseUrl);
  await login(school, 'school_registrar');
  await school.goto('/export-requests');
  await fileRequest(school, '用途不明的导出');
  const [mine] = (await registrar.get('/export-requests?box=mine')).items;

  const county = await newPage(browser, server.baseUrl);
  await login(county, 'nanming_registrar');
  await county.goto('/export-requests');
  await decide(county, mine.id, false, '用途不明');
  await county.context().close();

  await school.reload();
  await school.locator(`[data-testid="er-state-${mine.id}"]`, { hasText: '已驳回' }).waitFor();
  assert.equal(await byTestId(school, `er-download-${mine.id}`).count(), 0);
  await assert.rejects(registrar.get(`/export-requests/${mine.id}/file.xlsx`), /HTTP 409/);
  await school.context().close();
});
