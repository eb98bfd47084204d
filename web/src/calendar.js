// Business-calendar helpers for the 工作日历 page (R-CAL-1). Dates are
// 'YYYY-MM-DD' strings, calendar dates in China Standard Time; weekdays are
// computed in UTC so that the browser's time zone never moves a date (R-CAL-2).

export const WEEK_HEADER = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export const KIND_LABELS = { holiday: '放假', workday: '调休上班' };

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

const pad = (n) => String(n).padStart(2, '0');

export function isoDate(year, month, day) {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export const weekdayName = (date) => WEEKDAY_NAMES[weekday(date)];
export const isWeekend = (date) => [0, 6].includes(weekday(date));

/** The weeks of a month, Monday first: 7 cells each, a date string or null. */
export function monthWeeks(year, month) {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (weekday(isoDate(year, month, 1)) + 6) % 7;
  const cells = Array(lead).fill(null);
  for (let d = 1; d <= days; d++) cells.push(isoDate(year, month, d));
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * The kind a day gets when clicked while editing ('' = no exception): a
 * Monday to Friday toggles between working and 放假; a Saturday or Sunday
 * cycles 休息 → 放假 (inside a break) → 调休上班 → 休息.
 */
export function nextKind(date, kind) {
  if (!isWeekend(date)) return kind === 'holiday' ? '' : 'holiday';
  if (!kind) return 'holiday';
  return kind === 'holiday' ? 'workday' : '';
}

/** Whether a day is worked, given its exception kind ('' for none). */
export function isWorking(date, kind) {
  if (kind) return kind === 'workday';
  return !isWeekend(date);
}

/** Today's date in China Standard Time, whatever the browser's time zone. */
export function todayInChina() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
