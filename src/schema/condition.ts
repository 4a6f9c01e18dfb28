import * as z from 'zod';
import { DurationSchema } from './duration.js';

/** Path segments that could reach an object's prototype: refused in every field path. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A dotted field path such as `company.size`, checked against prototype access. */
export const FieldPathSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((path, ctx) => {
    const segments = path.split('.');
    if (segments.some((s) => s === '')) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_path' },
        message: `"${path}" has an empty segment`,
      });
    }
    if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'forbidden_path' },
        message: `"${path}" is not an allowed field path`,
      });
    }
  });

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const Orderable = z.union([z.number(), z.string().max(40)]);

const FIELD_OPERATORS = [
  'eq',
  'ne',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'exists',
  'contains',
  'startsWith',
  'endsWith',
  'within',
] as const;

/** The operators a field condition can use. */
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/**
 * The zod schema of a condition: a field test (`{ field, gte: 50 }`, several operators are all required to
 * hold) or a combination (`{ all: [...] }`, `{ any: [...] }`, `{ not: {...} }`).
 */
export const ConditionSchema: z.ZodType<Condition, Condition> = z
  .strictObject({
    field: FieldPathSchema.optional(),
    eq: Scalar.optional(),
    ne: Scalar.optional(),
    in: z.array(Scalar).max(10_000).optional(),
    notIn: z.array(Scalar).max(10_000).optional(),
    gt: Orderable.optional(),
    gte: Orderable.optional(),
    lt: Orderable.optional(),
    lte: Orderable.optional(),
    between: z.tuple([Orderable, Orderable]).optional(),
    exists: z.boolean().optional(),
    contains: z.union([z.string().max(1000), z.number(), z.boolean()]).optional(),
    startsWith: z.string().max(1000).optional(),
    endsWith: z.string().max(1000).optional(),
    ignoreCase: z.boolean().optional(),
    within: DurationSchema.optional(),
    get all() {
      return z.array(ConditionSchema).min(1).optional();
    },
    get any() {
      return z.array(ConditionSchema).min(1).optional();
    },
    get not() {
      return ConditionSchema.optional();
    },
  })
  .superRefine((c, ctx) => {
    const forms = (['field', 'all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
    if (forms.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_condition' },
        message:
          forms.length === 0
            ? 'a condition needs "field" (with an operator), "all", "any" or "not"'
            : `a condition has exactly one of "field", "all", "any", "not"; got ${forms.map((f) => `"${f}"`).join(', ')}`,
      });
      return;
    }
    const ops = FIELD_OPERATORS.filter((op) => c[op] !== undefined);
    if (c.field !== undefined && ops.length === 0) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_condition' },
        message: `the condition on "${c.field}" has no operator (use one of ${FIELD_OPERATORS.join(', ')})`,
      });
    }
    if (c.field === undefined && (ops.length > 0 || c.ignoreCase !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_condition' },
        message: `operators (${ops.join(', ')}) need a "field"`,
      });
    }
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      const v = c[op];
      if (typeof v === 'string' && !isIsoDate(v)) {
        ctx.addIssue({
          code: 'custom',
          path: [op],
          params: { code: 'invalid_value' },
          message: `expected a number or an ISO date, got ${JSON.stringify(v)}`,
        });
      }
    }
    if (c.between !== undefined) {
      const [lo, hi] = c.between;
      if (typeof lo !== typeof hi || (typeof lo === 'string' && (!isIsoDate(lo) || !isIsoDate(String(hi))))) {
        ctx.addIssue({
          code: 'custom',
          path: ['between'],
          params: { code: 'invalid_value' },
          message: 'expected two numbers or two ISO dates',
        });
      }
    }
  });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10)));
}

/** A scalar a condition compares with. */
export type Scalar = string | number | boolean | null;

/** A `Duration` in a condition or a rule (`{ days: 30 }`). */
export type { DurationInput } from './duration.js';

/**
 * A condition of the shared predicate language, as data. Field conditions test one field with one or more
 * operators (all must hold); `all`, `any` and `not` combine conditions.
 *
 * @example
 * const midMarket: Condition = { field: 'company.employees', gte: 50, lt: 500 };
 * const target: Condition = { all: [midMarket, { field: 'country', in: ['FR', 'BE'] }] };
 */
export interface Condition {
  /** Dotted path of the field to test (`company.size`). */
  readonly field?: string | undefined;
  /** Equal to (numbers and numeric text compare as numbers; `null` matches a missing field). */
  readonly eq?: Scalar | undefined;
  /** Not equal to (true on a missing field). */
  readonly ne?: Scalar | undefined;
  /** Equal to one of these. */
  readonly in?: readonly Scalar[] | undefined;
  /** Equal to none of these (true on a missing field). */
  readonly notIn?: readonly Scalar[] | undefined;
  /** Greater than a number or an ISO date. */
  readonly gt?: number | string | undefined;
  /** Greater than or equal to a number or an ISO date. */
  readonly gte?: number | string | undefined;
  /** Less than a number or an ISO date. */
  readonly lt?: number | string | undefined;
  /** Less than or equal to a number or an ISO date. */
  readonly lte?: number | string | undefined;
  /** Between two numbers or two ISO dates, both ends included. */
  readonly between?: readonly [number | string, number | string] | undefined;
  /** `true`: the field is present and not `null`; `false`: it is missing or `null`. */
  readonly exists?: boolean | undefined;
  /** Text that contains this substring, or an array that contains this element. */
  readonly contains?: string | number | boolean | undefined;
  /** Text that starts with this. */
  readonly startsWith?: string | undefined;
  /** Text that ends with this (`@gmail.com`). */
  readonly endsWith?: string | undefined;
  /** Compare text without regard to case (`eq`, `contains`, `startsWith`, `endsWith`). */
  readonly ignoreCase?: boolean | undefined;
  /** A date no older than this duration before `asOf`, and not after it (both ends included). */
  readonly within?: import('./duration.js').DurationInput | undefined;
  /** Every condition holds. */
  readonly all?: readonly Condition[] | undefined;
  /** At least one condition holds. */
  readonly any?: readonly Condition[] | undefined;
  /** The condition does not hold. */
  readonly not?: Condition | undefined;
}
