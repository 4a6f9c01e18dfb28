import { ConfigError } from '../errors/errors.js';
import { dayNumber, dayToIso, MS_PER_DAY, parseInstant } from './instant.js';

/**
 * The reference date of a run, resolved once. A date-only `asOf` (`2026-01-01`) means "as of the end of
 * that day": everything that happened on that day is known, and nothing after it.
 *
 * @example
 * const asOf: AsOf = resolveAsOf('2026-01-01');
 * asOf.day // → 20454
 */
export interface AsOf {
  /** The calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** What was given, normalized: the date (`2026-01-01`) for a date-only asOf, else the ISO instant. Resolving it again gives the same asOf. */
  readonly text: string;
  /** The calendar date as a day number (days since 1970-01-01). */
  readonly day: number;
  /** The reference instant in epoch ms: the end of the `asOf` day (exclusive), or the exact instant given. */
  readonly instant: number;
  /** The time zone in which calendar days are counted. */
  readonly timeZone: string;
}

const DATE_ONLY = /^\d{4}-?\d{2}-?\d{2}$/;

/**
 * Resolves an `asOf` option: an ISO date (`2026-01-01`), an ISO date-time, a `Date` or epoch
 * milliseconds. Throws a `ConfigError` when it is not a date.
 *
 * @example
 * resolveAsOf('2026-01-01').instant === Date.UTC(2026, 0, 2) // → true: the end of Jan 1
 * resolveAsOf('2026-01-01T12:00:00Z').instant === Date.UTC(2026, 0, 1, 12) // → true
 */
export function resolveAsOf(value: unknown, timeZone = 'UTC'): AsOf {
  const instant = parseInstant(value, timeZone);
  if (Number.isNaN(instant)) {
    throw new ConfigError('the option asOf', [
      {
        code: 'invalid_date',
        path: ['asOf'],
        message: `expected a date such as "2026-01-01", got ${JSON.stringify(String(value))}`,
      },
    ]);
  }
  const isDateOnly = typeof value === 'string' && DATE_ONLY.test(value.trim());
  const day = dayNumber(isDateOnly ? instant + 1 : instant, timeZone);
  const endOfDay = parseInstant(dayToIso(day + 1), timeZone);
  return {
    date: dayToIso(day),
    text: isDateOnly ? dayToIso(day) : new Date(instant).toISOString(),
    day,
    instant: isDateOnly ? endOfDay : instant,
    timeZone,
  };
}

export { MS_PER_DAY };
