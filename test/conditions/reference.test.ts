// Differential test: the compiled conditions against a small, obviously-correct interpreter written from
// the documented semantics (docs/concepts.md), on generated conditions and records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../src/conditions/compile.js';
import { RecordFailure } from '../../src/pipeline/scorer.js';
import type { Condition, Scalar } from '../../src/schema/condition.js';
import { resolveAsOf } from '../../src/time/as-of.js';

const INVALID = Symbol('invalid');

function get(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.keys(v).includes(key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
function asNumber(v: unknown): number | typeof INVALID {
  if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
  if (
    typeof v === 'string' &&
    v.trim() !== '' &&
    !Number.isNaN(Number(v)) &&
    !/^\s*0x/i.test(v) &&
    /\d/.test(v)
  )
    return Number(v);
  return INVALID;
}
function same(v: unknown, o: Scalar): boolean {
  if (o === null) return v === null || v === undefined;
  if (v === null || v === undefined) return false;
  if (typeof o === 'number') return asNumber(v) === o && (typeof v === 'number' || typeof v === 'string');
  if (typeof o === 'string') return String(v) === o && typeof v !== 'object';
  return String(v).trim().toLowerCase() === String(o) && (typeof v === 'string' || typeof v === 'boolean');
}
function reference(c: Condition, r: Record<string, unknown>): boolean | typeof INVALID {
  if (c.all) {
    for (const x of c.all) {
      const v = reference(x, r);
      if (v !== true) return v;
    }
    return true;
  }
  if (c.any) {
    for (const x of c.any) {
      const v = reference(x, r);
      if (v !== false) return v;
    }
    return false;
  }
  if (c.not) {
    const v = reference(c.not, r);
    return v === INVALID ? INVALID : !v;
  }
  const v = get(r, c.field as string);
  const missing = v === undefined || v === null;
  const checks: (() => boolean | typeof INVALID)[] = [];
  if (c.exists !== undefined) checks.push(() => !missing === c.exists);
  if (c.eq !== undefined) checks.push(() => same(v, c.eq as Scalar));
  if (c.ne !== undefined) checks.push(() => !same(v, c.ne as Scalar));
  if (c.in !== undefined) checks.push(() => (c.in as Scalar[]).some((o) => same(v, o)));
  if (c.notIn !== undefined) checks.push(() => !(c.notIn as Scalar[]).some((o) => same(v, o)));
  const order = (bound: number, ok: (a: number, b: number) => boolean) => () => {
    if (missing) return false;
    const n = asNumber(v);
    return n === INVALID ? INVALID : ok(n, bound);
  };
  if (typeof c.gt === 'number') checks.push(order(c.gt, (a, b) => a > b));
  if (typeof c.gte === 'number') checks.push(order(c.gte, (a, b) => a >= b));
  if (typeof c.lt === 'number') checks.push(order(c.lt, (a, b) => a < b));
  if (typeof c.lte === 'number') checks.push(order(c.lte, (a, b) => a <= b));
  if (c.contains !== undefined) {
    checks.push(() => {
      if (missing) return false;
      if (Array.isArray(v)) return v.some((x) => same(x, c.contains as Scalar));
      if (typeof v === 'object') return INVALID;
      return String(v).includes(String(c.contains));
    });
  }
  for (const check of checks) {
    const out = check();
    if (out !== true) return out;
  }
  return true;
}

const scalar = fc.oneof(
  fc.constantFrom('FR', 'fr', '3', '', 'x'),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const field = fc.constantFrom('a', 'b', 'n.x');
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field, eq: scalar }),
  fc.record({ field, ne: scalar }),
  fc.record({ field, in: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ field, notIn: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ field, gt: fc.integer({ min: -3, max: 3 }), lte: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ field, gte: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ field, lt: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ field, exists: fc.boolean() }),
  fc.record({ field, contains: fc.constantFrom('F', '3', 'x') }),
);
const cond = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;
const value = fc.oneof(
  scalar,
  fc.constantFrom(' 3 ', '2.5', 'FRANCE', '1e1'),
  fc.array(scalar, { maxLength: 2 }),
  fc.constant({ k: 1 }),
  fc.constant(undefined),
);
const rec = fc.record(
  { a: value, b: value, n: fc.oneof(fc.record({ x: value }), value) },
  { requiredKeys: [] },
);

describe('compiled conditions agree with the reference interpreter', () => {
  const asOf = resolveAsOf('2026-01-01');
  it('on generated conditions and records', () => {
    fc.assert(
      fc.property(cond, rec, (c, r) => {
        let compiled: boolean | typeof INVALID;
        try {
          compiled = compileCondition(c)(r, asOf);
        } catch (error) {
          if (!(error instanceof RecordFailure)) throw error;
          compiled = INVALID;
        }
        expect(compiled).toBe(reference(c, r));
      }),
      { numRuns: 3000 },
    );
  });
});
