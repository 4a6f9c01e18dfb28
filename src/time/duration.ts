import { MS_PER_DAY } from './instant.js';

/**
 * A length of time for windows and decay, as in `{ days: 30 }` or `{ months: 1 }`. Months and years are
 * calendar months and years (counted in UTC); the other units are exact.
 *
 * @example
 * const window: Duration = { days: 30 };
 */
export interface Duration {
  /** Calendar years. */
  readonly years?: number | undefined;
  /** Calendar months. */
  readonly months?: number | undefined;
  /** Weeks of 7 days. */
  readonly weeks?: number | undefined;
  /** Days of 24 hours. */
  readonly days?: number | undefined;
  /** Hours. */
  readonly hours?: number | undefined;
  /** Minutes. */
  readonly minutes?: number | undefined;
}

/**
 * The instant `duration` before `instant`. Calendar months clamp to the end of shorter months
 * (March 31 minus one month is February 28 or 29), like date-fns `sub`, but always in UTC.
 *
 * @example
 * new Date(subtractDuration(Date.UTC(2026, 2, 31), { months: 1 })).toISOString() // → '2026-02-28T00:00:00.000Z'
 */
export function subtractDuration(instant: number, duration: Duration): number {
  const months = (duration.years ?? 0) * 12 + (duration.months ?? 0);
  let t = instant;
  if (months !== 0) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() - months;
    const targetYear = y + Math.floor(m / 12);
    const targetMonth = ((m % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
    t = Date.UTC(
      targetYear,
      targetMonth,
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    );
  }
  return t - durationMilliseconds({ ...duration, years: 0, months: 0 });
}

/**
 * The exact length of a duration in milliseconds, counting a month as 30.436875 days and a year as
 * 365.2425 days (the Gregorian averages). Used for decay periods, where an exact calendar is not needed.
 *
 * @example
 * durationMilliseconds({ days: 30 }) // → 2592000000
 */
export function durationMilliseconds(duration: Duration): number {
  return (
    ((duration.years ?? 0) * 365.2425 +
      (duration.months ?? 0) * 30.436875 +
      (duration.weeks ?? 0) * 7 +
      (duration.days ?? 0)) *
      MS_PER_DAY +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.minutes ?? 0) * 60_000
  );
}
