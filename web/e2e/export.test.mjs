// R-IO-3: 导出花名册 on the student list downloads the class's roster as
// .xlsx with its Chinese file name; the rows are the class's students, ID
// numbers masked (R-SEC-1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, missingPrerequisite } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot, selectOption } from './browser.mjs';
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

// The text of each row's cells in sheet 1 of the workbook at `path`, by
// column (empty cells are not written, so the cell reference places each).
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

test('school registrar exports the roster of a class', { skip }, async () => {
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  const cls = await registrar.post('/schools/5201020001/classes', { grade_code: '11', name: '导出班' });
  const pupils = [
    { ...firstGrader(20, 731), name: '赵导出', address: '贵阳市南明区花果园' },
    { ...firstGrader(21, 743), name: '安导出', address: '贵阳市南明区花果园' },
  ];
  for (const p of pupils) await registrar.post('/schools/5201020001/students', firstGraderBody(cls.id, p));

  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  await page.goto('/students');
  await byTestId(page, 'student-exports').waitFor();
  await selectOption(page, 'student-filter-grade', '一年级');
  await selectOption(page, 'student-filter-class', '导出班');
  await screenshot(page, 'export-buttons');
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export-roster').click()]);
  assert.match(download.suggestedFilename(), /_一年级导出班_花名册\.xlsx$/);
  const path = join(server.dir, 'roster.xlsx');
  await download.saveAs(path);

  const rows = sheetRows(path);
  assert.equal(rows[0][0], '学籍号');
  assert.equal(rows[0][4], '身份证件号');
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ['安导出', '赵导出']);
  for (const [i, r] of rows.slice(1).entries()) {
    const id = [pupils[1], pupils[0]][i].id;
    assert.equal(r[4], `${id.slice(0, 6)}********${id.slice(14)}`);
    assert.equal(r[6], '导出班');
  }
  await page.context().close();
});
