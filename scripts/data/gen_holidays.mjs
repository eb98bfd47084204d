#!/usr/bin/env node
// Generates data/holidays.csv (the official holidays and 调休 make-up
// workdays, R-CAL-1) from the chinese-days npm package.
//
//   cd scripts/data && npm ci && node gen_holidays.mjs [OUTPUT]
//
// Output: UTF-8, LF, header "date,kind,name", sorted by date. kind is
// "holiday" (放假, weekend days inside a break included, as the State
// Council's notice lists them) or "workday" (a Saturday or Sunday worked
// instead, 调休上班); name is the Chinese name of the holiday (for a workday:
// the holiday it makes up for). Every year from the first to the last the
// package has is written; xueji treats exactly the years present in the file
// as covered (docs/calendar.md).
//
// Checks, against the package's own functions: for every day of every year
// written, "working day" as xueji derives it from the rows (Monday to Friday
// and not a holiday, or a workday) equals the package's isWorkday().
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package reads dates in the process's local time zone; the schedule is
// in China Standard Time (R-CAL-2).
process.env.TZ = 'Asia/Shanghai';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const days = require('chinese-days');
const data = require('chinese-days/dist/chinese-days.json'); // {holidays, workdays, inLieuDays}

const out = resolve(process.argv[2] ?? resolve(here, '../../data/holidays.csv'));

function check(cond, msg) {
  if (!cond) {
    console.error(`gen_holidays: ${msg}`);
    process.exit(1);
  }
}

// "Spring Festival,春节,4" → 春节
function chineseName(value, date) {
  const parts = String(value).split(',');
  check(parts.length === 3 && parts[1].trim() === parts[1] && parts[1].length > 0, `bad name for ${date}: ${value}`);
  check([...parts[1]].length <= 40, `name of ${date} longer than 40 characters`);
  return parts[1];
}

const weekday = (date) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday

const rows = new Map(); // date -> {date, kind, name}
for (const [kind, table] of [
  ['holiday', data.holidays],
  ['workday', data.workdays],
]) {
  for (const [date, value] of Object.entries(table)) {
    check(/^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)), `bad date ${date}`);
    check(!rows.has(date), `${date} is both a holiday and a workday`);
    if (kind === 'workday') check([0, 6].includes(weekday(date)), `workday ${date} is not a Saturday or Sunday`);
    rows.set(date, { date, kind, name: chineseName(value, date) });
  }
}

const years = [...rows.keys()].map((d) => Number(d.slice(0, 4)));
const first = Math.min(...years);
const last = Math.max(...years);
for (let y = first; y <= last; y++) {
  check(
    [...rows.values()].some((r) => r.kind === 'holiday' && r.date.startsWith(`${y}-`)),
    `year ${y} has no holiday`,
  );
}

// Every day of every year: xueji's rule on the rows equals the package's answer.
let checked = 0;
for (let t = Date.UTC(first, 0, 1); t <= Date.UTC(last, 11, 31); t += 86400000) {
  const date = new Date(t).toISOString().slice(0, 10);
  const row = rows.get(date);
  const working = row ? row.kind === 'workday' : ![0, 6].includes(weekday(date));
  check(working === days.isWorkday(date), `${date}: working=${working}, package isWorkday=${days.isWorkday(date)}`);
  ++checked;
}

const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const sorted = [...rows.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
const lines = ['date,kind,name', ...sorted.map((r) => [r.date, r.kind, csvField(r.name)].join(','))];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n', 'utf8');

const count = (kind) => sorted.filter((r) => r.kind === kind).length;
console.log(`wrote ${out}`);
console.log(
  `years=${first}..${last} holidays=${count('holiday')} workdays=${count('workday')} ` +
    `(every day of those years checked against isWorkday: ${checked})`,
);
