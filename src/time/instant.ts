import { daysFromCivil } from './civil.js';

const MS_PER_DAY = 86_400_000;

// YYYY-MM-DD or YYYYMMDD, optionally followed by a time (T or space) and an offset (Z, +hh:mm, +hhmm).
const ISO =
  /^(\d{4})(-?)(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Longest string we try to read as a date: guards the regex against hostile input. */
const MAX_DATE_LENGTH = 40;

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/**
 * The offset of a time zone from UTC at a given instant, in minutes (e.g. 60 for Europe/Paris in winter),
 * computed with `Intl`, so it works in every runtime and never reads the machine's own zone.
 *
 * @example
 * timeZoneOffset(Date.UTC(2026, 0, 1), 'Europe/Paris') // → 60
 */
export function timeZoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The fast path of the most common form in exports and APIs, `YYYY-MM-DDTHH:MM:SS.sssZ` or
 * `YYYY-MM-DDTHH:MM:SSZ` (what `Date#toISOString` writes): plain character arithmetic, no regex, no `Date`.
 * NaN when the text is not exactly that form (the general reader then takes over).
 */
function isoUtc(s: string): number {
  const long = s.length === 24;
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(s.length - 1) !== 90 ||
    (long && s.charCodeAt(19) !== 46)
  )
    return Number.NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = long ? digits(s, 20, 3) : 0;
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0))
    return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] as number))) return Number.NaN;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads a date: a `Date`, epoch milliseconds, or an ISO 8601 string (`2026-01-31`, `20260131`,
 * `2026-01-31T10:00:00Z`, `2026-01-31 10:00:00`). A string without an offset is wall-clock time in
 * `timeZone` (UTC by default), never in the machine's zone. Returns epoch milliseconds, or `NaN` when the
 * value is not a readable date.
 *
 * @example
 * parseInstant('2026-01-31') // → 1769817600000
 * parseInstant('2026-01-31 01:00', 'Europe/Paris') // → 1769817600000
 * parseInstant('soon') // → NaN
 */
export function parseInstant(value: unknown, timeZone?: string): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return Number.NaN;
  if (value.length === 24 || value.length === 20) {
    const fast = isoUtc(value);
    if (!Number.isNaN(fast)) return fast;
  }
  const m = ISO.exec(value.trim());
  if (m === null) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Number(m[7]);
  const ms = m[8] === undefined ? 0 : Math.floor(Number(`0.${m[8]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2026-02-31 over into March: refuse instead.
  if (new Date(wall).getUTCDate() !== day) return Number.NaN;
  if (m[9] !== undefined) return wall - offsetMinutes(m[9]) * 60_000;
  if (timeZone === undefined || timeZone === 'UTC') return wall;
  // Wall-clock time in a zone: correct by the zone's offset, twice to land right around DST changes.
  let guess = wall - timeZoneOffset(wall, timeZone) * 60_000;
  guess = wall - timeZoneOffset(guess, timeZone) * 60_000;
  return guess;
}

/**
 * The calendar day of an instant, as a whole number of days since 1970-01-01, in `timeZone` (UTC by
 * default). Day numbers make day arithmetic exact: `asOfDay - purchaseDay` is the recency in days.
 *
 * @example
 * dayNumber(Date.UTC(1970, 0, 2, 23, 59)) // → 1
 * dayNumber(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Paris') // → 20455 (already Jan 2 in Paris)
 */
export function dayNumber(instant: number, timeZone?: string): number {
  const shifted =
    timeZone === undefined || timeZone === 'UTC'
      ? instant
      : instant + timeZoneOffset(instant, timeZone) * 60_000;
  return Math.floor(shifted / MS_PER_DAY);
}

/**
 * The ISO date (`YYYY-MM-DD`) of a day number.
 *
 * @example
 * dayToIso(20454) // → '2026-01-01'
 */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export { MS_PER_DAY };
