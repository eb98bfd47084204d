// Dates of a transfer as the server counts them (domain/transfer.cc).

const pad = (n) => String(n).padStart(2, '0');

/**
 * `date` (YYYY-MM-DD) plus `months` calendar months, the day clamped to the
 * end of a shorter month (08-31 + 6 months → 02-28), as domain::AddMonths.
 */
export function addMonths(date, months) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return '';
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(Number(m[3]), daysInMonth))}`;
}

/** R-TR-9: the last day a transfer moved on `movedOn` may be rolled back. */
export const rollbackLastDay = (movedOn) => addMonths(movedOn, 6);

