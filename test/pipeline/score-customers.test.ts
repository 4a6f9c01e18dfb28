import { describe, expect, it } from 'vitest';
import {
  attributes,
  behaviour,
  ConfigError,
  definePipeline,
  RecordError,
  type RecordSource,
  rfm,
  scoreCustomers,
  segments,
  sum,
  thresholds,
  weighted,
} from '../../src/index.js';

const fit = attributes({
  name: 'fit',
  weights: { industry: 2 },
  rules: [
    {
      id: 'retail',
      criterion: 'industry',
      when: { field: 'industry', in: ['retail', 'ecommerce'] },
      points: 10,
      reason: 'Target industry',
    },
    {
      id: 'any-industry',
      criterion: 'industry',
      when: { field: 'industry', exists: true },
      points: 2,
      reason: 'Known industry',
    },
    { id: 'size', when: { field: 'employees', gte: 50 }, points: 15, reason: 'Mid-market or larger' },
    { id: 'gmail', when: { field: 'email', endsWith: '@gmail.com' }, points: -5, reason: 'Personal email' },
  ],
});
const intent = attributes({
  name: 'intent',
  rules: [{ when: { field: 'demo', eq: true }, points: 30, reason: 'Asked for a demo' }],
});

describe('the attributes scorer', () => {
  const pipeline = definePipeline({ id: 'p', scorers: [fit] });
  it('adds weighted points; only the first matching rule of a criterion counts', () => {
    const [a, b, c] = scoreCustomers(
      [
        { id: 'a', industry: 'retail', employees: 120, email: 'x@acme.com' },
        { id: 'b', industry: 'bank', employees: 10, email: 'y@gmail.com' },
        { id: 'c' },
      ],
      pipeline,
    ).results;
    // a: retail 10×2 + size 15 = 35; b: known industry 2×2 − 5 = −1; c: nothing.
    expect(a?.score).toBe(35);
    expect(a?.components.fit?.detail.map((d) => [d.rule, d.points])).toEqual([
      ['retail', 20],
      ['size', 15],
    ]);
    expect(a?.components.fit?.detail[0]?.reason).toBe('Target industry (10 × weight 2)');
    expect(b?.score).toBe(-1);
    expect(c?.score).toBe(0);
    expect(c?.explain).toEqual([]);
  });
  it('knows its maximum: the best rule of each criterion, weighted', () => {
    const r = scoreCustomers(
      [
        { id: 'a', industry: 'retail', employees: 120 },
        { id: 'b', email: 'q@gmail.com' },
      ],
      pipeline,
    ).results;
    // max = 10×2 + 15 = 35 → a normalizes to 1; b has −5, clamped to 0.
    expect(r[0]?.components.fit?.max).toBe(35);
    expect(r[0]?.components.fit?.normalized).toBe(1);
    expect(r[1]?.components.fit?.normalized).toBe(0);
  });
  it('uses an explicit max when given', () => {
    const p = definePipeline({
      id: 'p',
      scorers: [attributes({ name: 'f', max: 40, rules: [{ when: { field: 'a', eq: 1 }, points: 10 }] })],
    });
    expect(scoreCustomers([{ id: 1, a: 1 }], p).results[0]?.components.f?.normalized).toBe(0.25);
  });
  it('describes the condition when a rule has no reason', () => {
    const p = definePipeline({
      id: 'p',
      scorers: [
        attributes({
          name: 'f',
          rules: [
            {
              when: {
                all: [
                  { field: 'a', gte: 1 },
                  { field: 'b', in: ['x', 'y'] },
                ],
              },
              points: 1,
            },
          ],
        }),
      ],
    });
    expect(scoreCustomers([{ id: 1, a: 2, b: 'x' }], p).results[0]?.explain[0]).toEqual({
      scorer: 'f',
      rule: 'rules[0]',
      points: 1,
      reason: 'a ≥ 1 and b is one of x, y',
    });
  });
});

describe('combine, qualify, segment', () => {
  const records = [
    { id: 'a', industry: 'retail', employees: 120, demo: true },
    { id: 'b', industry: 'retail' },
    { id: 'c', employees: 60 },
  ];
  it('weighted: scale × Σ w·normalized / Σ w', () => {
    const p = definePipeline({
      id: 'p',
      scorers: [fit, intent],
      combine: weighted({ fit: 3, intent: 1 }, { scale: 100 }),
    });
    const r = scoreCustomers(records, p).results;
    expect(r[0]?.score).toBeCloseTo(100, 12);
    expect(r[1]?.score).toBeCloseTo((100 * 3 * (20 / 35)) / 4, 12);
    expect(r[2]?.score).toBeCloseTo((100 * 3 * (15 / 35)) / 4, 12);
  });
  it('sum: raw points of all or of the listed scorers', () => {
    const all = definePipeline({ id: 'p', scorers: [fit, intent], combine: sum() });
    expect(scoreCustomers(records, all).results.map((r) => r.score)).toEqual([65, 20, 15]);
    const only = definePipeline({ id: 'p', scorers: [fit, intent], combine: sum(['intent']) });
    expect(scoreCustomers(records, only).results.map((r) => r.score)).toEqual([30, 0, 0]);
  });
  it('thresholds: the first level reached wins, on the score or on a component', () => {
    const p = definePipeline({
      id: 'p',
      scorers: [fit, intent],
      qualify: thresholds([
        { label: 'SQL', min: 50 },
        { label: 'MQL', min: 20 },
      ]),
    });
    expect(scoreCustomers(records, p).results.map((r) => r.qualification)).toEqual(['SQL', 'MQL', null]);
    const onFit = definePipeline({
      id: 'p',
      scorers: [fit, intent],
      qualify: thresholds([{ label: 'fit', min: 20 }], { on: 'fit' }),
    });
    expect(scoreCustomers(records, onFit).results.map((r) => r.qualification)).toEqual(['fit', 'fit', null]);
  });
  it('segments: ordered rules over score, qualification, components and record', () => {
    const hot = { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call today' };
    const big = { key: 'big', label: 'Big', color: '#0969da', action: 'Account-based campaign' };
    const rest = { key: 'rest', label: 'Rest', color: '#8c959f', action: 'Newsletter' };
    const p = definePipeline({
      id: 'p',
      scorers: [fit, intent],
      qualify: thresholds([{ label: 'SQL', min: 50 }]),
      segment: segments({
        rules: [
          { when: { field: 'qualification', eq: 'SQL' }, segment: hot },
          { when: { field: 'record.employees', gte: 50 }, segment: big },
          { when: { field: 'components.fit.value', gte: 100 }, segment: hot },
        ],
        otherwise: rest,
      }),
    });
    const run = scoreCustomers(records, p);
    expect(run.results.map((r) => r.segment?.key)).toEqual(['hot', 'rest', 'big']);
    expect(run.summary.bySegment).toEqual({ hot: 1, rest: 1, big: 1 });
    expect(run.summary.byQualification).toEqual({ SQL: 1, '(none)': 2 });
    expect(run.summary.score).toEqual({ min: 15, max: 65, mean: 100 / 3, median: 20 });
  });
  it('a pipeline without segments gives null segments', () => {
    const p = definePipeline({ id: 'p', scorers: [fit] });
    expect(scoreCustomers([{ id: 1 }], p).results[0]?.segment).toBeNull();
  });
  it('explain lists every contribution, and each component adds up exactly to its value', () => {
    const p = definePipeline({ id: 'p', scorers: [fit, intent] });
    const r = scoreCustomers(records, p).results[0];
    expect(r?.explain.map((c) => `${c.scorer}/${c.rule}`)).toEqual([
      'fit/retail',
      'fit/size',
      'intent/rules[0]',
    ]);
    for (const component of Object.values(r?.components ?? {})) {
      expect(component.detail.reduce((s, c) => s + c.points, 0)).toBe(component.value);
    }
  });
});

describe('bad input', () => {
  const p = definePipeline({
    id: 'p',
    scorers: [
      attributes({
        name: 'f',
        rules: [
          { when: { field: 'employees', gte: 50 }, points: 1 },
          { when: { field: 'since', lt: '2020-01-01' }, points: 1 },
        ],
      }),
    ],
  });
  const records = [
    { id: 'ok', employees: 60 },
    { employees: 1 },
    { id: '  ' },
    { id: 'dup' },
    { id: 'x', employees: 'many' },
    { id: 'dup' },
    { id: 'y', since: 'last year' },
    null,
    { id: 7 },
    { id: Number.NaN },
  ];
  it('rejects with index, id, path, code and message; nothing is dropped', () => {
    const run = scoreCustomers(records as never, p);
    expect(run.results.map((r) => r.id)).toEqual(['ok', '7']);
    expect(run.rejected).toEqual([
      {
        index: 1,
        path: ['id'],
        code: 'missing_id',
        message: 'the record has no usable "id" (a non-empty string or a number)',
      },
      {
        index: 2,
        path: ['id'],
        code: 'missing_id',
        message: 'the record has no usable "id" (a non-empty string or a number)',
      },
      { index: 3, id: 'dup', path: ['id'], code: 'duplicate_id', message: 'the id "dup" appears 2 times' },
      {
        index: 4,
        id: 'x',
        path: ['employees'],
        code: 'invalid_type',
        message: 'expected a number, got "many"',
      },
      { index: 5, id: 'dup', path: ['id'], code: 'duplicate_id', message: 'the id "dup" appears 2 times' },
      {
        index: 6,
        id: 'y',
        path: ['since'],
        code: 'invalid_date',
        message: 'expected a date, got "last year"',
      },
      { index: 7, path: [], code: 'invalid_record', message: 'expected an object' },
      {
        index: 9,
        path: ['id'],
        code: 'missing_id',
        message: 'the record has no usable "id" (a non-empty string or a number)',
      },
    ]);
    expect(run.results.length + run.rejected.length).toBe(records.length);
    expect(run.summary).toMatchObject({ input: 10, scored: 2, rejected: 8 });
  });

  it("takes a source's word that its ids are all different (RecordSource distinctIds), and looks otherwise", () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'a' }];
    const source = (distinct: boolean | undefined): RecordSource => ({
      length: rows.length,
      at: (i) => rows[i],
      ...(distinct === undefined ? {} : { distinctIds: (key: string) => key === 'id' && distinct }),
    });
    const codes = (s: RecordSource) => scoreCustomers(s, p).rejected.map((r) => `${r.index}:${r.code}`);
    // Looked for without the word, or when the source says no: both copies of "a" rejected.
    expect(codes(source(undefined))).toEqual(['0:duplicate_id', '2:duplicate_id']);
    expect(codes(source(false))).toEqual(['0:duplicate_id', '2:duplicate_id']);
    // Taken at its word: not looked for (a source that says so wrongly gets both copies scored).
    expect(codes(source(true))).toEqual([]);
  });
  it("onInvalid: 'throw' throws a RecordError carrying the rejection", () => {
    let error: unknown;
    try {
      scoreCustomers(records.slice(4, 5) as never, p, { onInvalid: 'throw' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).rejection).toEqual({
      index: 0,
      id: 'x',
      path: ['employees'],
      code: 'invalid_type',
      message: 'expected a number, got "many"',
    });
    expect((error as RecordError).message).toBe(
      'record 0 (id x) at employees: expected a number, got "many"',
    );
  });
  it('uses the configured id key', () => {
    const q = definePipeline({
      id: 'q',
      idKey: 'customer.ref',
      scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a', eq: 1 }, points: 1 }] })],
    });
    const run = scoreCustomers([{ 'customer.ref': 'c1', a: 1 }, { id: 'c2' }], q);
    expect(run.results.map((r) => r.id)).toEqual(['c1']);
    expect(run.rejected[0]?.path).toEqual(['customer.ref']);
  });
  it('asks for asOf when the pipeline reads dates, and refuses a bad one', () => {
    const timed = definePipeline({
      id: 't',
      scorers: [
        attributes({ name: 'f', rules: [{ when: { field: 'seen', within: { days: 7 } }, points: 1 }] }),
      ],
    });
    expect(() => scoreCustomers([{ id: 1 }], timed)).toThrow(ConfigError);
    expect(() => scoreCustomers([{ id: 1 }], timed, { asOf: 'soon' })).toThrow(/asOf: expected a date/);
    expect(
      scoreCustomers([{ id: 1, seen: '2026-01-01' }], timed, { asOf: '2026-01-05' }).results[0]?.score,
    ).toBe(1);
  });
});

describe('plain configs', () => {
  it('scoreCustomers and fit accept a plain config and validate it', () => {
    const config = {
      id: 'plain',
      scorers: [
        { type: 'attributes' as const, name: 'f', rules: [{ when: { field: 'a', eq: 1 }, points: 3 }] },
      ],
    };
    expect(scoreCustomers([{ id: 1, a: 1 }], config).results[0]?.score).toBe(3);
    expect(() => scoreCustomers([], { ...config, scorers: [] })).toThrow(ConfigError);
  });
});

describe('onResult: results handed out instead of kept', () => {
  const pipeline = definePipeline({
    id: 'p',
    scorers: [
      rfm({ name: 'rfm', ties: 'split' }),
      attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5, reason: 'VIP' }] }),
    ],
    combine: { type: 'sum' },
    segment: segments({
      rules: [
        {
          when: { field: 'score', gte: 10 },
          segment: { key: 'hi', label: 'High', color: '#000', action: 'Call' },
        },
      ],
      otherwise: { key: 'lo', label: 'Low', color: '#999', action: 'Wait' },
    }),
  });
  const transactions = [
    { customerId: 'a', date: '2025-12-30', amount: 100 },
    { customerId: 'b', date: '2025-12-30', amount: 100 },
    { customerId: 'c', date: '2025-06-01', amount: 10 },
    { customerId: 'd', date: '2025-12-01', amount: 40 },
  ];
  // a and b tie in every dimension: under `split` their bins depend on the whole batch (ids ascending), so a
  // handed-out run must fit the population first, exactly as a kept one.
  const records = [
    { id: 'b', vip: true },
    { id: 'a' },
    { id: 'x', vip: 'yes' },
    { id: 'c' },
    {},
    { id: 'd' },
    { id: 'e' },
  ];

  it('hands out exactly the results a kept run has, with their indexes, and keeps none', () => {
    const kept = scoreCustomers(records, pipeline, { asOf: '2026-01-01', transactions });
    const handed: [number, unknown][] = [];
    const run = scoreCustomers(records, pipeline, {
      asOf: '2026-01-01',
      transactions,
      onResult: (result, index) => handed.push([index, result]),
    });
    expect(run.results).toEqual([]);
    expect(handed.map(([, r]) => r)).toEqual(kept.results);
    // Each index points at the record of its result; with the rejected ones, every record is accounted for.
    for (const [index, r] of handed) expect(records[index]?.id).toBe((r as { id: string }).id);
    expect(handed.length + run.rejected.length).toBe(records.length);
    expect(run.rejected).toEqual(kept.rejected);
    expect(run.summary).toEqual(kept.summary);
    expect(JSON.stringify(run.model)).toBe(JSON.stringify(kept.model));
  });

  it('lets an error of the callback through, unchanged', () => {
    const boom = new Error('disk full');
    expect(() =>
      scoreCustomers(records, pipeline, {
        asOf: '2026-01-01',
        transactions,
        onResult: () => {
          throw boom;
        },
      }),
    ).toThrow(boom);
  });
});

describe('side inputs and onResult', () => {
  it('reads transactions and events before the first result, never after (a caller may let them go then)', () => {
    const pipeline = definePipeline({
      id: 'side',
      scorers: [
        rfm({ name: 'rfm' }),
        behaviour({ name: 'engagement', rules: [{ event: 'visit', points: 2, cap: 10 }] }),
      ],
    });
    const customers = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const transactions = [
      { customerId: 'a', date: '2025-11-02', amount: 40 },
      { customerId: 'b', date: '2025-06-10', amount: 15 },
      { customerId: 'a', date: '2025-12-20', amount: 60 },
    ];
    const events = [
      { customerId: 'a', type: 'visit', at: '2025-12-01' },
      { customerId: 'c', type: 'visit', at: '2025-12-02' },
    ];
    const reads: { after: number; before: number } = { after: 0, before: 0 };
    let started = false;
    const count = <T>(value: T): T => {
      if (started) reads.after++;
      else reads.before++;
      return value;
    };
    const results: unknown[] = [];
    const run = scoreCustomers(customers, pipeline, {
      asOf: '2026-01-01',
      get transactions() {
        return count(transactions);
      },
      get events() {
        return count(events);
      },
      onResult: (result) => {
        started = true;
        results.push(result);
      },
    });
    expect(reads.before).toBeGreaterThanOrEqual(2);
    expect(reads.after).toBe(0);
    // The same results as a run given the inputs as they are.
    expect(results).toEqual(
      scoreCustomers(customers, pipeline, { asOf: '2026-01-01', transactions, events }).results,
    );
    expect(run.results).toEqual([]);
  });
});
