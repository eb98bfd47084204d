#!/usr/bin/env node
// Generates data/code_tables/nationality.csv (国籍/地区, GB/T 2659, the Chinese
// adoption of ISO 3166-1) from the i18n-iso-countries npm package: its
// alpha-3 codes with its Chinese (zh) short names.
//
//   cd scripts/data && npm ci && node gen_nationality.mjs [OUTPUT]
//
// Output: UTF-8, LF, header "code,name,historical", one row per ISO 3166-1
// alpha-3 code, sorted by code; historical is always 0.
//
// Choices (docs/code_tables.md):
// - XKK (Kosovo) is a user-assigned code of the package, not an ISO 3166-1
//   code element and not in GB/T 2659: left out.
// - Hong Kong, Macao and Taiwan are regions of China; the package names them
//   香港, 澳门 and 中国台湾省. They are written 中国香港, 中国澳门, 中国台湾.
// - Where the package gives several names, the first is taken.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('i18n-iso-countries/package.json'));
const load = (name) => JSON.parse(readFileSync(resolve(pkgDir, name), 'utf8'));

const out = resolve(process.argv[2] ?? resolve(here, '../../data/code_tables/nationality.csv'));

const codes = load('codes.json'); // [[alpha2, alpha3, numeric, iso3166-2], ...]
const zh = load('langs/zh.json').countries; // {alpha2: name | [names]}

const kNotIso = new Set(['XKK']);
const kRenamed = { HKG: '中国香港', MAC: '中国澳门', TWN: '中国台湾' };

function check(cond, msg) {
  if (!cond) {
    console.error(`gen_nationality: ${msg}`);
    process.exit(1);
  }
}

const rows = [];
const seen = new Set();
for (const [alpha2, alpha3] of codes) {
  if (kNotIso.has(alpha3)) continue;
  check(/^[A-Z]{3}$/.test(alpha3), `bad alpha-3 code ${alpha3}`);
  check(!seen.has(alpha3), `duplicate code ${alpha3}`);
  seen.add(alpha3);
  const raw = zh[alpha2];
  const name = kRenamed[alpha3] ?? (Array.isArray(raw) ? raw[0] : raw);
  check(typeof name === 'string' && name.trim() === name && name.length > 0, `no name for ${alpha3}`);
  check([...name].length <= 50, `name of ${alpha3} longer than 50 characters`);
  rows.push({ code: alpha3, name });
}
for (const code of Object.keys(kRenamed)) check(seen.has(code), `${code} missing from the package`);
check(seen.has('CHN'), 'CHN missing from the package');

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const lines = ['code,name,historical', ...rows.map((r) => `${r.code},${csvField(r.name)},0`)];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n', 'utf8');
console.log(`wrote ${out}: ${rows.length} codes`);
