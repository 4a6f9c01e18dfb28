// Ages of events in whole calendar days, and what they do to points: windows, half-lives, periods.

import { type Duration, durationMilliseconds, subtractDuration } from '../../time/duration.js';
import { MS_PER_DAY } from '../../time/instant.js';

/** Whole days of a duration without calendar months or years (days and weeks only), else NaN. */
function fixedDays(duration: Duration): number {
  if ((duration.months ?? 0) !== 0 || (duration.years ?? 0) !== 0) return Number.NaN;
  return (duration.weeks ?? 0) * 7 + (duration.days ?? 0);
}

/** The day `duration` before `day` (calendar months clamp to the end of shorter months). */
export function daysBefore(day: number, duration: Duration): number {
  const fixed = fixedDays(duration);
  if (!Number.isNaN(fixed)) return day - fixed;
  return Math.round(subtractDuration(day * MS_PER_DAY, duration) / MS_PER_DAY);
}

function times(duration: Duration, k: number): Duration {
  return {
    years: (duration.years ?? 0) * k,
    months: (duration.months ?? 0) * k,
    weeks: (duration.weeks ?? 0) * k,
    days: (duration.days ?? 0) * k,
  };
}

/**
 * How many whole periods of `every` fit between `from` and `to` (day numbers, `from ≤ to`): the largest
 * `k` such that `to` minus `k` periods is still on or after `from`. With calendar months, January 31 to
 * February 28 is one whole month, as `subtractDuration` clamps.
 */
export function wholePeriods(from: number, to: number, every: Duration): number {
  if (to <= from) return 0;
  const fixed = fixedDays(every);
  if (!Number.isNaN(fixed)) return Math.floor((to - from) / fixed);
  const length = durationMilliseconds(every) / MS_PER_DAY;
  let k = Math.max(0, Math.floor((to - from) / length) - 1);
  while (daysBefore(to, times(every, k + 1)) >= from) k++;
  while (k > 0 && daysBefore(to, times(every, k)) < from) k--;
  return k;
}

/** The length of a duration in days (months and years at their Gregorian averages), for half-lives. */
export function durationDays(duration: Duration): number {
  return durationMilliseconds(duration) / MS_PER_DAY;
}
