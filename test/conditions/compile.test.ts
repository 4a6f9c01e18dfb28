import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../src/conditions/compile.js';
import { RecordFailure } from '../../src/pipeline/scorer.js';
import type { Condition } from '../../src/schema/condition.js';
import { resolveAsOf } from '../../src/time/as-of.js';

const asOf = resolveAsOf('2026-01-31');
const test = (c: Condition, record: Record<string, unknown>): boolean => compileCondition(c)(record, asOf);
const failure = (c: Condition, record: Record<string, unknown>): RecordFailure => {
  try {
    test(c, record);
  } catch (error) {
    if (error instanceof RecordFailure) return error;
    throw error;
  }
  throw new Error('expected a RecordFailure');
};

describe('equality operators', () => {
  it('eq compares numbers, numeric text, booleans and null', () => {
    expect(test({ field: 'n', eq: 50 }, { n: 50 })).toBe(true);
    expect(test({ field: 'n', eq: 50 }, { n: '50' })).toBe(true);
    expect(test({ field: 'n', eq: 50 }, { n: ' 50.0 ' })).toBe(true);
    expect(test({ field: 'n', eq: 50 }, { n: 51 })).toBe(false);
    expect(test({ field: 'zip', eq: '75001' }, { zip: 75001 })).toBe(true);
    expect(test({ field: 'vip', eq: true }, { vip: 'TRUE' })).toBe(true);
    expect(test({ field: 'vip', eq: true }, { vip: false })).toBe(false);
    expect(test({ field: 'x', eq: null }, {})).toBe(true);
    expect(test({ field: 'x', eq: null }, { x: null })).toBe(true);
    expect(test({ field: 'x', eq: null }, { x: 0 })).toBe(false);
    expect(test({ field: 'n', eq: 1 }, { n: 'one' })).toBe(false);
  });
  it('ne and notIn are true on a missing field; eq and in are false', () => {
    expect(test({ field: 'country', ne: 'FR' }, {})).toBe(true);
    expect(test({ field: 'country', ne: 'FR' }, { country: 'FR' })).toBe(false);
    expect(test({ field: 'country', notIn: ['FR'] }, { country: null })).toBe(true);
    expect(test({ field: 'country', eq: 'FR' }, {})).toBe(false);
    expect(test({ field: 'country', in: ['FR', 'BE'] }, {})).toBe(false);
    expect(test({ field: 'country', in: ['FR', 'BE'] }, { country: 'BE' })).toBe(true);
    expect(test({ field: 'country', notIn: ['FR', 'BE'] }, { country: 'BE' })).toBe(false);
  });
  it('empty in matches nothing and empty notIn matches everything', () => {
    expect(test({ field: 'a', in: [] }, { a: 1 })).toBe(false);
    expect(test({ field: 'a', notIn: [] }, { a: 1 })).toBe(true);
  });
  it('ignoreCase applies to eq on text', () => {
    expect(test({ field: 'c', eq: 'fr', ignoreCase: true }, { c: 'FR' })).toBe(true);
    expect(test({ field: 'c', eq: 'fr' }, { c: 'FR' })).toBe(false);
  });
});

describe('order operators on numbers', () => {
  it('gt, gte, lt, lte, between at their edges', () => {
    expect(test({ field: 'n', gt: 10 }, { n: 10 })).toBe(false);
    expect(test({ field: 'n', gte: 10 }, { n: 10 })).toBe(true);
    expect(test({ field: 'n', lt: 10 }, { n: 10 })).toBe(false);
    expect(test({ field: 'n', lte: 10 }, { n: 10 })).toBe(true);
    expect(test({ field: 'n', between: [1, 3] }, { n: 1 })).toBe(true);
    expect(test({ field: 'n', between: [1, 3] }, { n: 3 })).toBe(true);
    expect(test({ field: 'n', between: [1, 3] }, { n: 3.0001 })).toBe(false);
    expect(test({ field: 'n', gte: 50, lt: 500 }, { n: '499.5' })).toBe(true);
    expect(test({ field: 'n', gte: 50, lt: 500 }, { n: 500 })).toBe(false);
  });
  it('are false on a missing or null field', () => {
    expect(test({ field: 'n', gt: 0 }, {})).toBe(false);
    expect(test({ field: 'n', lte: 0 }, { n: null })).toBe(false);
  });
  it('reject a present value of the wrong type with its field path', () => {
    const f = failure({ field: 'company.size', gte: 10 }, { company: { size: 'big' } });
    expect(f.code).toBe('invalid_type');
    expect(f.path).toEqual(['company', 'size']);
    expect(f.message).toBe('expected a number, got "big"');
    expect(failure({ field: 'n', gt: 1 }, { n: true }).code).toBe('invalid_type');
    expect(failure({ field: 'n', gt: 1 }, { n: Number.NaN }).code).toBe('invalid_type');
    expect(failure({ field: 'n', gt: 1 }, { n: [] }).message).toBe('expected a number, got an array');
  });
});

describe('order operators on dates', () => {
  const jan15 = Date.UTC(2026, 0, 15);
  it('accept Date, ISO text and epoch milliseconds alike', () => {
    for (const value of [new Date(jan15), '2026-01-15', '2026-01-15T00:00:00Z', jan15]) {
      expect(test({ field: 'd', gte: '2026-01-15' }, { d: value })).toBe(true);
      expect(test({ field: 'd', gt: '2026-01-15' }, { d: value })).toBe(false);
      expect(test({ field: 'd', between: ['2026-01-01', '2026-01-31'] }, { d: value })).toBe(true);
    }
  });
  it('reject an unparsable date and an invalid Date', () => {
    expect(failure({ field: 'd', lt: '2026-01-01' }, { d: 'yesterday' }).code).toBe('invalid_date');
    expect(failure({ field: 'd', lt: '2026-01-01' }, { d: '2026-02-30' }).code).toBe('invalid_date');
    expect(failure({ field: 'd', lt: '2026-01-01' }, { d: new Date(Number.NaN) }).code).toBe('invalid_type');
  });
});

describe('within', () => {
  it('includes both ends of the window and nothing after asOf', () => {
    // asOf 2026-01-31 is the end of that day: 2026-02-01T00:00Z; 30 days before is 2026-01-02T00:00Z.
    const c: Condition = { field: 'seen', within: { days: 30 } };
    expect(test(c, { seen: '2026-01-02T00:00:00Z' })).toBe(true);
    expect(test(c, { seen: '2026-01-01T23:59:59Z' })).toBe(false);
    expect(test(c, { seen: '2026-01-31T23:59:59Z' })).toBe(true);
    expect(test(c, { seen: '2026-02-01T00:00:01Z' })).toBe(false);
    expect(test(c, {})).toBe(false);
  });
  it('counts calendar months', () => {
    const c: Condition = { field: 'seen', within: { months: 1 } };
    expect(test(c, { seen: '2026-01-01' })).toBe(true);
    expect(test(c, { seen: '2025-12-31T23:00:00Z' })).toBe(false);
  });
});

describe('text operators', () => {
  it('contains, startsWith, endsWith, with and without ignoreCase', () => {
    expect(test({ field: 'email', endsWith: '@gmail.com' }, { email: 'a@gmail.com' })).toBe(true);
    expect(test({ field: 'email', endsWith: '@gmail.com' }, { email: 'a@GMAIL.com' })).toBe(false);
    expect(test({ field: 'email', endsWith: '@gmail.com', ignoreCase: true }, { email: 'a@GMAIL.com' })).toBe(
      true,
    );
    expect(test({ field: 'title', startsWith: 'VP' }, { title: 'VP Sales' })).toBe(true);
    expect(test({ field: 'url', contains: '/pricing' }, { url: 'https://x.io/pricing?a=1' })).toBe(true);
    expect(test({ field: 'url', contains: '/pricing' }, { url: '' })).toBe(false);
  });
  it('contains looks for an element in an array', () => {
    expect(test({ field: 'tags', contains: 'vip' }, { tags: ['new', 'vip'] })).toBe(true);
    expect(test({ field: 'tags', contains: 'vip' }, { tags: [] })).toBe(false);
    expect(test({ field: 'ids', contains: 3 }, { ids: ['1', '3'] })).toBe(true);
  });
  it('reject an object where text is needed', () => {
    expect(failure({ field: 'email', endsWith: '.com' }, { email: { a: 1 } }).code).toBe('invalid_type');
  });
  it('stay linear on hostile input (no regular expressions on values)', () => {
    const long = `${'a'.repeat(200_000)}!`;
    expect(test({ field: 's', contains: 'a!' }, { s: long })).toBe(true);
    expect(test({ field: 's', endsWith: 'b' }, { s: long })).toBe(false);
  });
});

describe('exists and combinations', () => {
  it('exists tells missing and null from present', () => {
    expect(test({ field: 'a', exists: true }, { a: 0 })).toBe(true);
    expect(test({ field: 'a', exists: true }, { a: null })).toBe(false);
    expect(test({ field: 'a', exists: false }, {})).toBe(true);
    expect(test({ field: 'a', exists: true }, { a: '' })).toBe(true);
  });
  it('all, any, not combine', () => {
    const c: Condition = {
      all: [{ field: 'a', eq: 1 }, { any: [{ field: 'b', eq: 2 }, { not: { field: 'c', exists: true } }] }],
    };
    expect(test(c, { a: 1, b: 2, c: 1 })).toBe(true);
    expect(test(c, { a: 1, b: 3 })).toBe(true);
    expect(test(c, { a: 1, b: 3, c: 0 })).toBe(false);
    expect(test(c, { a: 2, b: 2 })).toBe(false);
  });
  it('reads nested paths and never the prototype chain', () => {
    expect(test({ field: 'company.size', eq: 3 }, { company: { size: 3 } })).toBe(true);
    expect(test({ field: 'company.size', exists: true }, { company: null })).toBe(false);
    expect(test({ field: 'company.size', exists: true }, { company: 'acme' })).toBe(false);
    expect(test({ field: 'toString', exists: true }, {})).toBe(false);
    expect(test({ field: 'a.hasOwnProperty', exists: true }, { a: {} })).toBe(false);
  });
});
