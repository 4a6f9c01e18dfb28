import { RecordFailure } from '../pipeline/scorer.js';
import type { InputRecord } from '../pipeline/types.js';
import type { Condition } from '../schema/condition.js';
import type { AsOf } from '../time/as-of.js';
import { subtractDuration } from '../time/duration.js';
import { parseInstant } from '../time/instant.js';
import { compileMembership, describeValue, looselyEquals, toInstant, toNumber } from './coerce.js';
import { compileFieldPath } from './field-path.js';

/** A compiled condition: true when the record matches. Throws `RecordFailure` on a field of the wrong type. */
export type Predicate = (record: InputRecord, asOf: AsOf) => boolean;

type Test = (value: unknown, asOf: AsOf) => boolean;

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function orderTest(
  operand: number | string,
  path: string[],
  compare: (a: number, b: number) => boolean,
): Test {
  if (typeof operand === 'number') {
    return (value) => !isMissing(value) && compare(toNumber(value, path), operand);
  }
  const bound = parseInstant(operand);
  return (value, asOf) => !isMissing(value) && compare(toInstant(value, path, asOf.timeZone), bound);
}

function textOf(value: unknown, path: string[], ignoreCase: boolean): string {
  if (typeof value === 'string') return ignoreCase ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RecordFailure(path, 'invalid_type', `expected text, got ${describeValue(value)}`);
}

function fieldTests(c: Condition, path: string[]): Test[] {
  const tests: Test[] = [];
  const ignoreCase = c.ignoreCase === true;
  const norm = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  if (c.exists !== undefined) {
    const want = c.exists;
    tests.push((v) => !isMissing(v) === want);
  }
  if (c.eq !== undefined) {
    const operand = c.eq;
    tests.push(
      ignoreCase && typeof operand === 'string'
        ? (v) => typeof v === 'string' && v.toLowerCase() === operand.toLowerCase()
        : compileMembership([operand]),
    );
  }
  if (c.ne !== undefined) {
    const equal = compileMembership([c.ne]);
    tests.push((v) => !equal(v));
  }
  if (c.in !== undefined) tests.push(compileMembership(c.in));
  if (c.notIn !== undefined) {
    const member = compileMembership(c.notIn);
    tests.push((v) => !member(v));
  }
  if (c.gt !== undefined) tests.push(orderTest(c.gt, path, (a, b) => a > b));
  if (c.gte !== undefined) tests.push(orderTest(c.gte, path, (a, b) => a >= b));
  if (c.lt !== undefined) tests.push(orderTest(c.lt, path, (a, b) => a < b));
  if (c.lte !== undefined) tests.push(orderTest(c.lte, path, (a, b) => a <= b));
  if (c.between !== undefined) {
    const [lo, hi] = c.between;
    const low = orderTest(lo, path, (a, b) => a >= b);
    const high = orderTest(hi, path, (a, b) => a <= b);
    tests.push((v, asOf) => low(v, asOf) && high(v, asOf));
  }
  if (c.contains !== undefined) {
    const operand = c.contains;
    const needle = norm(String(operand));
    tests.push((v) => {
      if (isMissing(v)) return false;
      if (Array.isArray(v))
        return v.some((item) =>
          ignoreCase && typeof item === 'string'
            ? item.toLowerCase() === needle
            : looselyEquals(item, operand),
        );
      return textOf(v, path, ignoreCase).includes(needle);
    });
  }
  if (c.startsWith !== undefined) {
    const needle = norm(c.startsWith);
    tests.push((v) => !isMissing(v) && textOf(v, path, ignoreCase).startsWith(needle));
  }
  if (c.endsWith !== undefined) {
    const needle = norm(c.endsWith);
    tests.push((v) => !isMissing(v) && textOf(v, path, ignoreCase).endsWith(needle));
  }
  if (c.within !== undefined) {
    const duration = c.within;
    // Inclusive at both ends: a value exactly `within` before asOf is in the window.
    tests.push((v, asOf) => {
      if (isMissing(v)) return false;
      const t = toInstant(v, path, asOf.timeZone);
      return t <= asOf.instant && t >= subtractDuration(asOf.instant, duration);
    });
  }
  return tests;
}

/**
 * Compiles a condition (already validated by the schema) into a predicate. Semantics, documented in
 * docs/concepts.md: a missing or `null` field matches only `exists: false`, `eq: null`, `ne` and `notIn`;
 * a present field of the wrong type for a numeric, date or text operator rejects the record.
 *
 * `readerOf` turns a field path into what reads it from the predicate's input: by default the field of a
 * record ({@link compileFieldPath}); a scorer that reads each field once per record passes readers of its own
 * (an index into the values it has read), and the predicate then takes those values.
 *
 * @example
 * const isMidMarket = compileCondition({ field: 'employees', gte: 50, lt: 500 });
 * isMidMarket({ employees: 120 }, resolveAsOf('2026-01-01')) // → true
 */
export function compileCondition(condition: Condition): Predicate;
export function compileCondition<I>(
  condition: Condition,
  readerOf: (field: string) => (input: I) => unknown,
): (input: I, asOf: AsOf) => boolean;
export function compileCondition<I>(
  condition: Condition,
  readerOf: (field: string) => (input: I) => unknown = compileFieldPath as (
    field: string,
  ) => (input: I) => unknown,
): (input: I, asOf: AsOf) => boolean {
  if (condition.all !== undefined) {
    const parts = condition.all.map((c) => compileCondition(c, readerOf));
    return (input, asOf) => {
      for (const p of parts) if (!p(input, asOf)) return false;
      return true;
    };
  }
  if (condition.any !== undefined) {
    const parts = condition.any.map((c) => compileCondition(c, readerOf));
    return (input, asOf) => {
      for (const p of parts) if (p(input, asOf)) return true;
      return false;
    };
  }
  if (condition.not !== undefined) {
    const inner = compileCondition(condition.not, readerOf);
    return (input, asOf) => !inner(input, asOf);
  }
  const field = condition.field as string;
  const path = field.split('.');
  const get = readerOf(field);
  const tests = fieldTests(condition, path);
  if (tests.length === 1) {
    const only = tests[0] as Test;
    return (input, asOf) => only(get(input), asOf);
  }
  return (input, asOf) => {
    const value = get(input);
    for (const t of tests) if (!t(value, asOf)) return false;
    return true;
  };
}
