// ResultColumns put together from two parts (as the CLI's two scoring threads do) are the columns of all the
// results added one by one, and their summary is the run's own tally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributes,
  definePipeline,
  gradeMatrix,
  grades,
  ResultColumns,
  rfm,
  rfmHeatmap,
  rfmSegments,
  type ScoredRecord,
  scoreCustomers,
  segments,
  summarize,
  thresholds,
} from '../../src/index.js';

// Two components (one RFM), RFM segments, levels and grades: every column of ResultColumns is filled.
const graded = definePipeline({
  id: 'g',
  scorers: [rfm(), attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 10 }] })],
  segment: rfmSegments(),
  qualify: thresholds([
    { label: 'hot', min: 15 },
    { label: 'warm', min: 8 },
  ]),
  grade: grades({
    fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
    engagement: { scorer: 'rfm', levels: [{ label: '1', min: 10 }, { label: '2' }] },
  }),
});
// Only some results have a segment, a level or the fit component (a second pipeline's results mixed in).
const plain = definePipeline({
  id: 'p',
  scorers: [attributes({ name: 'size', rules: [{ when: { field: 'size', gte: 10 }, points: 3.5 }] })],
  segment: segments({
    rules: [
      {
        when: { field: 'score', gte: 3 },
        segment: { key: 'big', label: 'Big', color: '#000', action: 'Call' },
      },
    ],
  }),
});

const customer = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3 }),
  vip: fc.boolean(),
  size: fc.integer({ min: 0, max: 20 }),
  days: fc.integer({ min: 0, max: 400 }),
  amount: fc.integer({ min: -10, max: 500 }),
});

/** Results of both pipelines for generated customers, in a generated order. */
function resultsOf(
  customers: readonly { id: string; vip: boolean; size: number; days: number; amount: number }[],
) {
  const unique = [...new Map(customers.map((c) => [c.id, c])).values()];
  const transactions = unique.map((c) => ({
    customerId: c.id,
    date: new Date(Date.UTC(2025, 11, 31) - c.days * 86_400_000).toISOString().slice(0, 10),
    amount: c.amount,
  }));
  const options = { asOf: '2026-01-01', transactions };
  const a = scoreCustomers(unique, graded, options).results;
  const b = scoreCustomers(unique, plain).results;
  return a.flatMap((r, i) => (i % 3 === 2 && b[i] !== undefined ? [r, b[i] as ScoredRecord] : [r]));
}

function columnsOf(results: readonly ScoredRecord[]): ResultColumns {
  const columns = new ResultColumns();
  for (const r of results) columns.add(r);
  return columns;
}

describe('ResultColumns in two parts', () => {
  it('appended are the columns of all the results added one by one (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 40 }), fc.nat(), (customers, cut) => {
        const results = resultsOf(customers);
        const k = results.length === 0 ? 0 : cut % (results.length + 1);
        const whole = columnsOf(results);
        const first = columnsOf(results.slice(0, k));
        // Through a structured clone, as between threads.
        first.append(structuredClone(columnsOf(results.slice(k)).parts()));
        expect(first.parts()).toEqual(whole.parts());
        expect(first.size).toBe(results.length);
      }),
      { numRuns: 200 },
    );
  });
  it('give the reports of the run they come from', () => {
    const customers = ['d', 'a', 'f', 'c', 'b', 'e'].map((id, i) => ({ id, vip: i % 2 === 0 }));
    const transactions = [
      { customerId: 'a', date: '2025-12-30', amount: 100 },
      { customerId: 'b', date: '2025-12-29', amount: 40.1 },
      { customerId: 'c', date: '2025-06-01', amount: 10.7 },
      { customerId: 'e', date: '2025-05-01', amount: -5 },
    ];
    const run = scoreCustomers(customers, graded, { asOf: '2026-01-01', transactions });
    const columns = columnsOf(run.results.slice(0, 2));
    columns.append(columnsOf(run.results.slice(2)).parts());
    expect(summarize(run, { columns })).toEqual(summarize(run));
    expect(rfmHeatmap(run, { columns })).toEqual(rfmHeatmap(run));
    expect(gradeMatrix(run, { columns })).toEqual(gradeMatrix(run));
  });
});

describe('ResultColumns.summary', () => {
  it("is the run's own summary (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 40 }), (customers) => {
        const unique = [...new Map(customers.map((c) => [c.id, c])).values()];
        const transactions = unique.map((c) => ({
          customerId: c.id,
          date: new Date(Date.UTC(2025, 11, 31) - c.days * 86_400_000).toISOString().slice(0, 10),
          amount: c.amount,
        }));
        // Some records without an id: rejected, counted in the summary.
        const records = [...unique, {}, { vip: true }];
        for (const pipeline of [graded, plain]) {
          const columns = new ResultColumns();
          const run = scoreCustomers(records, pipeline, {
            asOf: '2026-01-01',
            transactions,
            onResult: (r) => columns.add(r),
          });
          const summary = columns.summary(records.length, run.rejected.length);
          expect(summary).toEqual(run.summary);
          // The keys in the same order (toEqual does not look at it).
          expect(Object.entries(summary.bySegment)).toEqual(Object.entries(run.summary.bySegment));
          expect(Object.entries(summary.byQualification)).toEqual(
            Object.entries(run.summary.byQualification),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
