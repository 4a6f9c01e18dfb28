import * as z from 'zod';
import type { Duration } from '../time/duration.js';

const Amount = z.number().min(0).max(1_000_000);

/** The zod schema of a duration (`{ days: 30 }`): at least one unit, none negative, not all zero. */
export const DurationSchema = z
  .strictObject({
    years: Amount.optional(),
    months: Amount.optional(),
    weeks: Amount.optional(),
    days: Amount.optional(),
    hours: Amount.optional(),
    minutes: Amount.optional(),
  })
  .refine((d) => Object.values(d).some((v) => v !== undefined && v > 0), {
    message: 'a duration needs at least one positive unit (years, months, weeks, days, hours, minutes)',
    params: { code: 'invalid_duration' },
  });

/**
 * A duration as written in a config: `{ days: 30 }`, `{ months: 1 }`.
 *
 * @example
 * const window: DurationInput = { days: 30 };
 */
export type DurationInput = Duration;

type Check<T extends Duration> = T;
type _DurationCheck = Check<z.output<typeof DurationSchema>>;
