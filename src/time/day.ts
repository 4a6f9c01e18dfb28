import { daysFromCivil } from './civil.js';
import { dayNumber, parseInstant } from './instant.js';

export { daysFromCivil } from './civil.js';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/** Reads `YYYY-MM-DD` or `YYYYMMDD` without a regular expression; NaN when the text is not such a date. */
function calendarDay(s: string): number {
  let m0: number;
  let d0: number;
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    m0 = 5;
    d0 = 8;
  } else if (s.length === 8) {
    m0 = 4;
    d0 = 6;
  } else return Number.NaN;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, m0) * 10 + digit(s, m0 + 1);
  const day = digit(s, d0) * 10 + digit(s, d0 + 1);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] as number)))
    return Number.NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return Number.NaN;
  return daysFromCivil(year, month, day);
}

/**
 * The calendar day (days since 1970-01-01) of a date value: a calendar date text (`2026-01-31`, `20260131`) is
 * that day in any zone; an instant (`Date`, epoch ms, ISO date-time) is counted in `timeZone`. NaN when the value
 * is not a date. The fast path of transaction and event dates.
 *
 * @example
 * dayOf('2026-01-01') // → 20454
 * dayOf('2026-01-01T23:30:00Z', 'Europe/Paris') // → 20455
 */
export function dayOf(value: unknown, timeZone = 'UTC'): number {
  if (typeof value === 'string') {
    const day = calendarDay(value);
    if (!Number.isNaN(day)) return day;
  }
  const t = parseInstant(value, timeZone);
  return Number.isNaN(t) ? Number.NaN : dayNumber(t, timeZone);
}
