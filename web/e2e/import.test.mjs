// R-IO-1, R-IO-2: 批量导入 — the school registrar uploads the national
// template with two bad rows; mode A imports the valid rows and the result
// workbook downloaded through the page names the two errors in 错误说明;
// mode B imports nothing; a file that is no workbook shows the server's
// Chinese refusal; 下载导入模板 gives the empty template; 取消导入 stops a
// running job with nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { startServer, missingPrerequisite, XUEJI_BIN } from './server.mjs';
import { launchBrowser, newPage, byTestId, login, screenshot, SCREENSHOT_DIR } from './browser.mjs';
import { apiSession } from './student_form.mjs';

const skip = missingPrerequisite() || false;
const SCHOOL = '5201020001';
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

// --- a minimal zip reader/writer, enough to edit cells of an .xlsx ---

/** The entries of the zip in `buf`: [{name, data}] (stored or deflated). */
function readZip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no end of central directory');
  const entries = [];
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skipLen = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + skipLen;
  }
  return entries;
}

/** A zip of `entries` ([{name, data}]), every entry deflated. */
function writeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const comp = deflateRawSync(data);
    const fields = (h, at) => {
      h.writeUInt16LE(20, at); // version needed
      h.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      h.writeUInt16LE(8, at + 4); // deflate
      h.writeUInt32LE(0x00210000, at + 6); // 1980-01-01 00:00
      h.writeUInt32LE(crc32(data), at + 10);
      h.writeUInt32LE(comp.length, at + 14);
      h.writeUInt32LE(data.length, at + 18);
      h.writeUInt16LE(nameBuf.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, comp);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlText = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colIndex = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** The cell texts of sheet 1 of the workbook in `buf`, row by row (shared or inline strings). */
function sheetRows(buf) {
  const entries = readZip(buf);
  const part = (name) => entries.find((e) => e.name === name)?.data.toString('utf8') || '';
  const shared = [...part('xl/sharedStrings.xml').matchAll(/<si>(.*?)<\/si>/gs)].map((m) => xmlText(m[1]));
  return [...part('xl/worksheets/sheet1.xml').matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => {
    const row = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+)[0-9]+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const inner = c[3] || '';
      const v = /<v>(.*?)<\/v>/s.exec(inner);
      if (/t="s"/.test(c[2])) row[colIndex(c[1])] = shared[Number(v?.[1])] ?? '';
      else if (/t="inlineStr"/.test(c[2])) row[colIndex(c[1])] = xmlText(inner);
      else row[colIndex(c[1])] = v ? xmlText(v[1]) : '';
    }
    return Array.from(row, (x) => x ?? '');
  });
}

/**
 * Replaces the text of cells of sheet 1 (inline strings, as the template
 * writer stores them): `edits` maps a cell reference (e.g. "C3") to its new text.
 */
function editCells(buf, edits) {
  const entries = readZip(buf).map(({ name, data }) => {
    if (name !== 'xl/worksheets/sheet1.xml') return { name, data };
    let xml = data.toString('utf8');
    for (const [ref, text] of Object.entries(edits)) {
      const re = new RegExp(`(<c r="${ref}"[^>]*t="inlineStr"[^>]*><is><t[^>]*>)(.*?)(</t></is></c>)`);
      assert.match(xml, re, `cell ${ref}`);
      xml = xml.replace(re, (_, a, __, b) => a + escapeXml(text) + b);
    }
    return { name, data: Buffer.from(xml, 'utf8') };
  });
  return writeZip(entries);
}

/**
 * gen-data writes `n` valid first-graders of the school in class 1班 (seeded),
 * then rows 3 and 5 of the sheet are spoiled: an unknown 性别 code and a
 * wrong ID-number check character. Returns {path, header, rows, bad}.
 */
function workbookWithTwoBadRows(name, n, seed) {
  const path = join(server.dir, name);
  execFileSync(XUEJI_BIN, ['gen-data', '--students', String(n), '--xlsx', path, '--school', SCHOOL, '--grades', '11', '--seed', String(seed)]);
  const [header, ...rows] = sheetRows(readFileSync(path));
  const col = (h) => header.indexOf(h);
  const letter = (i) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
  const id = rows[3][col('身份证件号')];
  const wrongId = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  writeFileSync(path, editCells(readFileSync(path), { [`${letter(col('性别'))}3`]: '9', [`${letter(col('身份证件号'))}5`]: wrongId }));
  const bad = [
    { name: rows[1][col('姓名')], field: '性别' },
    { name: rows[3][col('姓名')], field: '身份证' },
  ];
  const valid = rows.filter((_, i) => i !== 1 && i !== 3).map((r) => r[col('身份证件号')]);
  return { path, bad, valid };
}

/** Uploads `path` in `mode` through the page and waits for the job's end. */
async function uploadAndWait(page, path, mode) {
  await byTestId(page, 'import-file').setInputFiles(path);
  await byTestId(page, mode === 'B' ? 'import-mode-b' : 'import-mode-a').click();
  await byTestId(page, 'import-submit').click();
  await byTestId(page, 'import-counts').waitFor({ timeout: 60_000 });
  return {
    total: Number(await byTestId(page, 'import-count-total').innerText()),
    valid: Number(await byTestId(page, 'import-count-valid').innerText()),
    invalid: Number(await byTestId(page, 'import-count-invalid').innerText()),
    imported: Number(await byTestId(page, 'import-count-imported').innerText()),
  };
}

async function openImportPage() {
  const page = await newPage(browser, server.baseUrl);
  await login(page, 'school_registrar');
  await byTestId(page, 'menu-student-import').click();
  await byTestId(page, 'student-import').waitFor();
  assert.equal(new URL(page.url()).pathname, '/students/import');
  return page;
}

const N = 40;

test('mode A imports the valid rows; the result workbook names the two bad rows in 错误说明 (R-IO-1)', { skip }, async () => {
  const { path, bad, valid } = workbookWithTwoBadRows('一年级新生.xlsx', N + 2, 11);
  const page = await openImportPage();
  const counts = await uploadAndWait(page, path, 'A');
  assert.deepEqual(counts, { total: N + 2, valid: N, invalid: 2, imported: N });
  assert.equal(await byTestId(page, 'import-job-state').innerText(), '已完成');
  assert.match(await byTestId(page, 'import-progress-text').innerText(), new RegExp(`已处理 ${N + 2} / ${N + 2} 行`));
  assert.match(await byTestId(page, 'import-outcome').innerText(), new RegExp(`已导入 ${N} 人，另有 2 行有错未导入`));
  await screenshot(page, 'import-mode-a-done');

  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'import-download-result').click()]);
  assert.equal(download.suggestedFilename(), '一年级新生_导入结果.xlsx');
  const saved = join(server.dir, 'result-a.xlsx');
  await download.saveAs(saved);
  const rows = sheetRows(readFileSync(saved));
  const at = rows.findIndex((r) => r.includes('错误说明'));
  assert.ok(at >= 0, 'a 错误说明 column');
  const errorCol = rows[at].indexOf('错误说明');
  const nameCol = rows[at].indexOf('姓名');
  const listed = rows.slice(at + 1).filter((r) => r.some((c) => c !== ''));
  assert.equal(listed.length, 2, `rows: ${JSON.stringify(listed.map((r) => r[errorCol]))}`);
  for (const b of bad) {
    const row = listed.find((r) => r[nameCol] === b.name);
    assert.ok(row, `row of ${b.name} in the result workbook`);
    assert.match(row[errorCol], new RegExp(b.field), `${b.name}: ${row[errorCol]}`);
  }

  // The valid rows are records now, the bad ones are not.
  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  assert.equal((await registrar.get(`/students?q=${valid[0]}`)).items.length, 1);
  assert.equal((await registrar.get(`/students?q=${valid[N - 1]}`)).items.length, 1);

  // The recent imports list the job with its result.
  const table = byTestId(page, 'import-jobs');
  await table.locator('.el-table__row', { hasText: '一年级新生.xlsx' }).first().waitFor();
  const row = table.locator('.el-table__row').first();
  assert.match(await row.innerText(), /一年级新生\.xlsx[\s\S]*A 有效行入库[\s\S]*已完成[\s\S]*42\s*（有错 2）[\s\S]*40/);
  assert.equal(await row.getByRole('button', { name: '结果工作簿' }).count(), 1);
  await page.context().close();
});

test('mode B imports nothing when two rows are bad (R-IO-1)', { skip }, async () => {
  const { path, valid } = workbookWithTwoBadRows('二年级补录.xlsx', 12, 23);
  const page = await openImportPage();
  const counts = await uploadAndWait(page, path, 'B');
  assert.deepEqual(counts, { total: 12, valid: 10, invalid: 2, imported: 0 });
  assert.match(await byTestId(page, 'import-outcome').innerText(), /有 2 行有错，按方式B全部未导入/);
  assert.equal(await byTestId(page, 'import-download-result').count(), 1);
  await screenshot(page, 'import-mode-b');

  const registrar = await apiSession(server.baseUrl, 'school_registrar');
  for (const id of valid) assert.equal((await registrar.get(`/students?q=${id}`)).items.length, 0, id);
  const row = byTestId(page, 'import-jobs').locator('.el-table__row', { hasText: '二年级补录.xlsx' });
  await row.waitFor();
  assert.match(await row.innerText(), /B 有错不入库[\s\S]*已完成[\s\S]*12\s*（有错 2）\s+0/);
  await page.context().close();
});

test('a file that is no workbook, or lacks template columns, shows the Chinese refusal (R-IO-1)', { skip }, async () => {
  const page = await openImportPage();
  await byTestId(page, 'import-file').setInputFiles({ name: '学生名单.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('这不是Excel文件，只是一段文字。\n') });
  assert.match(await byTestId(page, 'import-file-name').innerText(), /学生名单\.xlsx/);
  await byTestId(page, 'import-submit').click();
  const error = byTestId(page, 'import-error');
  await error.waitFor();
  assert.match(await error.innerText(), /文件不是Excel工作簿（\.xlsx）/);
  assert.equal(await byTestId(page, 'import-job').count(), 0);
  await screenshot(page, 'import-refused');

  // A CSV with a template header missing required columns: one detail per column.
  const csv = '姓名,性别,出生日期\n张三,1,2019-10-01\n';
  await byTestId(page, 'import-file').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await byTestId(page, 'import-submit').click();
  await page.locator('[data-testid="import-error"]', { hasText: '缺少必填列' }).waitFor();
  const details = await byTestId(page, 'import-error-details').locator('li').allInnerTexts();
  assert.ok(details.includes('缺少“身份证件号”列'), `details: ${details}`);
  await page.context().close();
});

test('下载导入模板 downloads the empty national template (R-IO-1)', { skip }, async () => {
  const page = await openImportPage();
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'import-template').click()]);
  assert.equal(download.suggestedFilename(), '学生信息导入模板.xlsx');
  const saved = join(server.dir, 'template.xlsx');
  await download.saveAs(saved);
  const rows = sheetRows(readFileSync(saved));
  assert.equal(rows.length, 1, 'the header row only');
  for (const h of ['学校标识码', '姓名', '性别', '身份证件号', '班级']) assert.ok(rows[0].includes(h), `header ${h}: ${rows[0]}`);
  await page.context().close();
});

test('取消导入 stops the job; nothing is written (R-IO-1)', { skip }, async () => {
  // The server holds each import after its first batch of records until a
  // cancel comes (serve --test-import-hold-ms), so that the click lands
  // while the job runs — inside its final transaction — however fast the
  // machine.
  await server.restart({ args: ['--test-import-hold-ms', '60000'] });
  try {
    const path = join(server.dir, '全年级.xlsx');
    // Valid rows of the school's two first-grade classes, so that the
    // cancelled job's counts show the rows checked, not rows without a class.
    execFileSync(XUEJI_BIN, ['gen-data', '--students', '5000', '--xlsx', path, '--school', SCHOOL, '--grades', '11', '--class-names', '1班,2班', '--seed', '31']);
    const [header, first] = sheetRows(readFileSync(path));
    const page = await openImportPage();
    await byTestId(page, 'import-file').setInputFiles(path);
    await byTestId(page, 'import-submit').click();
    // The job's progress shows, and again after leaving the page and coming back.
    const cancel = page.locator('[data-testid="import-cancel"]:not(.is-disabled)');
    await cancel.waitFor();
    await byTestId(page, 'menu-students').click();
    await byTestId(page, 'student-table').waitFor();
    await byTestId(page, 'menu-student-import').click();
    await cancel.waitFor();
    assert.equal(await byTestId(page, 'import-job-file').innerText(), '全年级.xlsx');
    assert.match(await byTestId(page, 'import-job-state').innerText(), /排队中|导入中/);
    assert.match(await byTestId(page, 'import-progress-text').innerText(), /5000 行/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'import-running.png') });
    await cancel.click();
    await byTestId(page, 'import-counts').waitFor({ timeout: 60_000 });
    assert.equal(await byTestId(page, 'import-job-state').innerText(), '已取消');
    assert.match(await byTestId(page, 'import-outcome').innerText(), /导入已取消，未写入任何记录/);
    assert.equal(await byTestId(page, 'import-count-imported').innerText(), '0');
    assert.equal(await byTestId(page, 'import-count-invalid').innerText(), '0', 'every generated row fits the school');
    assert.equal(await byTestId(page, 'import-download-result').count(), 0);
    await screenshot(page, 'import-cancelled');

    const registrar = await apiSession(server.baseUrl, 'school_registrar');
    const id = first[header.indexOf('身份证件号')];
    assert.equal((await registrar.get(`/students?q=${id}`)).items.length, 0, id);
    const row = byTestId(page, 'import-jobs').locator('.el-table__row', { hasText: '全年级.xlsx' });
    await row.waitFor();
    assert.match(await row.innerText(), /已取消/);
    await page.context().close();
  } finally {
    await server.restart();
  }
});
