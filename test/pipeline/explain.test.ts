// scoreCustomers(…, { explain: false }): the same results, without their explanations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributes,
  behaviour,
  definePipeline,
  grades,
  rfm,
  type ScoredRecord,
  scoreCustomers,
  segments,
  thresholds,
  weighted,
} from '../../src/index.js';

const ASOF = '2026-01-01';
/** The ISO date `days` days before 2026-01-01, computed without scorekit. */
const daysAgo = (days: number): string => new Date(Date.UTC(2026, 0, 1 - days)).toISOString().slice(0, 10);

const pipeline = definePipeline({
  id: 'all',
  scorers: [
    rfm({ name: 'rfm' }),
    attributes({
      name: 'fit',
      rules: [
        { when: { field: 'employees', gte: 50 }, points: 20, reason: 'Mid-market' },
        { when: { field: 'country', in: ['FR', 'BE'] }, points: 5, reason: 'Core market' },
      ],
    }),
    behaviour({
      name: 'engagement',
      cap: 25,
      halfLife: { days: 30 },
      rules: [
        { id: 'opens', event: 'email_open', points: 4, cap: 12, reason: 'Opened an email' },
        {
          id: 'pricing',
          event: 'page_view',
          when: { field: 'url', contains: '/pricing' },
          points: 15,
          cap: 15,
          reason: 'Visited the pricing page',
        },
      ],
    }),
  ],
  combine: weighted({ rfm: 1, fit: 1, engagement: 1 }),
  qualify: thresholds([
    { label: 'SQL', min: 60 },
    { label: 'MQL', min: 30 },
  ]),
  grade: grades({
    fit: { scorer: 'fit', levels: [{ label: 'A', min: 20 }, { label: 'B' }] },
    engagement: { scorer: 'engagement', levels: [{ label: '1', min: 15 }, { label: '2' }] },
  }),
  segment: segments({
    rules: [
      {
        when: { field: 'grade.cell', eq: 'A1' },
        segment: { key: 'call', label: 'Call now', color: '#0969da', action: 'Call' },
      },
    ],
    otherwise: { key: 'others', label: 'Others', color: '#8c959f', action: 'Newsletter' },
  }),
});

/** A result as it is without explanations: `explain` and every component's `detail` empty. */
function unexplained(result: ScoredRecord): ScoredRecord {
  const components = Object.fromEntries(
    Object.entries(result.components).map(([name, c]) => [name, { ...c, detail: [] }]),
  );
  return { ...result, components, explain: [] };
}

const customer = fc.record({
  employees: fc.integer({ min: 1, max: 200 }),
  country: fc.constantFrom('FR', 'BE', 'DE'),
  purchases: fc.array(
    fc.record({ days: fc.integer({ min: -3, max: 700 }), cents: fc.integer({ min: -5000, max: 90_000 }) }),
    {
      maxLength: 4,
    },
  ),
  events: fc.array(
    fc.record({ days: fc.integer({ min: 0, max: 90 }), type: fc.constantFrom('email_open', 'page_view') }),
    { maxLength: 5 },
  ),
});

describe('scoreCustomers without explanations', () => {
  it('gives the results with explanations, their explain and details left empty (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 25 }), (customers) => {
        const records = customers.map((c, i) => ({
          id: `c${i}`,
          employees: c.employees,
          country: c.country,
        }));
        const transactions = customers.flatMap((c, i) =>
          c.purchases.map((p) => ({ customerId: `c${i}`, date: daysAgo(p.days), amount: p.cents / 100 })),
        );
        const events = customers.flatMap((c, i) =>
          c.events.map((e) => ({ customerId: `c${i}`, type: e.type, at: daysAgo(e.days), url: '/pricing' })),
        );
        const options = { asOf: ASOF, transactions, events };
        const full = scoreCustomers(records, pipeline, options);
        const bare = scoreCustomers(records, pipeline, { ...options, explain: false });
        expect(bare.results).toEqual(full.results.map(unexplained));
        expect(bare.rejected).toEqual(full.rejected);
        expect(bare.rejectedInputs).toEqual(full.rejectedInputs);
        expect(bare.summary).toEqual(full.summary);
        expect(JSON.stringify(bare.model)).toBe(JSON.stringify(full.model));
        // Explained runs explain something whenever a customer scored points.
        for (const r of full.results) if (r.score !== 0) expect(r.explain.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('hands the same unexplained results to onResult, with their index', () => {
    const records = [{ id: 'a', employees: 80, country: 'FR' }, { employees: 3 }, { id: 'b', employees: 3 }];
    const transactions = [{ customerId: 'a', date: daysAgo(3), amount: 40 }];
    const seen: [string, number, number][] = [];
    const run = scoreCustomers(records, pipeline, {
      asOf: ASOF,
      transactions,
      explain: false,
      onResult: (r, i) => seen.push([r.id, i, r.explain.length + r.components.fit!.detail.length]),
    });
    expect(seen).toEqual([
      ['a', 0, 0],
      ['b', 2, 0],
    ]);
    expect(run.rejected.map((r) => r.index)).toEqual([1]);
  });
});
