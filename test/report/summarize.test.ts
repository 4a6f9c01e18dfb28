import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributes,
  definePipeline,
  gradeMatrix,
  grades,
  histogram,
  ResultColumns,
  rfm,
  rfmHeatmap,
  rfmSegments,
  type ScoredRecord,
  scoreCustomers,
  segments,
  summarize,
  summarizeResults,
  thresholds,
  toHtml,
  toMarkdown,
} from '../../src/index.js';
import { scoreStatisticsOf } from '../../src/pipeline/score-statistics.js';

const hot = { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call' };
const cold = { key: 'cold', label: 'Cold', color: '#8c959f', action: 'Wait' };
const pipeline = definePipeline({
  id: 'leads',
  scorers: [
    attributes({
      name: 'fit',
      rules: [
        { when: { field: 'size', gte: 10 }, points: 10 },
        { when: { field: 'vip', eq: true }, points: 5 },
      ],
    }),
  ],
  qualify: thresholds([
    { label: 'A', min: 10 },
    { label: 'B', min: 0 },
  ]),
  segment: segments({ rules: [{ when: { field: 'score', gte: 10 }, segment: hot }], otherwise: cold }),
});
// scores: a 15, b 10, c 5, d 0, e 0; revenue (option) = 100, 50, 30, 20, 0
const records = [
  { id: 'a', size: 20, vip: true, spend: 100 },
  { id: 'b', size: 10, spend: 50 },
  { id: 'c', vip: true, spend: 30 },
  { id: 'd', spend: 20 },
  { id: 'e', spend: 0 },
];
const spend = new Map(records.map((r) => [r.id, r.spend]));

describe('summarize', () => {
  const run = scoreCustomers(records, pipeline);
  const s = summarize(run, { revenue: (r) => spend.get(r.id) ?? 0, bins: 3, top: 2 });
  it('counts, shares and revenue per segment, by hand', () => {
    expect(s.customers).toBe(5);
    expect(s.revenue).toBe(200);
    expect(s.segments.map((r) => [r.key, r.customers, r.share, r.revenue, r.revenueShare])).toEqual([
      ['hot', 2, 0.4, 150, 0.75],
      ['cold', 3, 0.6, 50, 0.25],
    ]);
  });
  it('mean and median score and mean components', () => {
    const [h, c] = s.segments;
    expect([h?.meanScore, h?.medianScore, h?.components.fit]).toEqual([12.5, 12.5, 12.5]);
    expect([c?.meanScore, c?.medianScore]).toEqual([5 / 3, 0]);
  });
  it('per qualification level, from the highest', () => {
    expect(s.qualifications.map((q) => [q.key, q.customers])).toEqual([
      ['A', 2],
      ['B', 3],
    ]);
  });
  it('histogram and top records', () => {
    // 0..15 in 3 bins of width 5: [0,5) → d, e; [5,10) → c; [10,15] → a, b
    expect(s.histogram).toEqual([
      { from: 0, to: 5, count: 2 },
      { from: 5, to: 10, count: 1 },
      { from: 10, to: 15, count: 2 },
    ]);
    expect(s.top).toEqual([
      { id: 'a', score: 15, segment: 'hot', qualification: 'A' },
      { id: 'b', score: 10, segment: 'hot', qualification: 'A' },
    ]);
    expect(histogram([2, 2], 4)).toEqual([{ from: 2, to: 2, count: 2 }]);
    expect(histogram([], 4)).toEqual([]);
    // No bin asked: none, even when every score is the same.
    expect(histogram([2, 2], 0)).toEqual([]);
    expect(histogram([0, 1, 2], 0)).toEqual([]);
  });
  it('is plain data', () => {
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('RFM reports', () => {
  const tx = [
    { customerId: 'a', date: '2025-12-30', amount: 100 },
    { customerId: 'a', date: '2025-12-01', amount: 100 },
    { customerId: 'b', date: '2025-12-29', amount: 40 },
    { customerId: 'c', date: '2025-06-01', amount: 10 },
    { customerId: 'd', date: '2025-05-01', amount: 30 },
  ];
  const run = scoreCustomers(
    ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })),
    definePipeline({ id: 'p', scorers: [rfm()], segment: rfmSegments() }),
    { asOf: '2026-01-01', transactions: tx },
  );
  // n = 4 purchasers. R: d 245 → 1, c 214 → 2, b 3 → 3, a 2 → 4. F: b, c, d (1) → 1, a (2) → 4. M: c 10 → 1, d 30 → 2, b 40 → 3, a 200 → 4.
  // e has no purchase: R = F = M = 1.
  it('the board of a run whose pipeline reads dates says as of when; one that reads none says no date', () => {
    expect(summarize(run).asOf).toBe('2026-01-01');
    expect(toMarkdown(summarize(run))).toContain('as of 2026-01-01');
    const timeless = scoreCustomers(records, pipeline);
    expect(summarize(timeless).asOf).toBeNull();
    expect(toMarkdown(summarize(timeless)).split('\n')[0]).toBe('## Scoring board: leads');
    expect(toHtml([summarize(timeless)])).not.toContain('as of');
  });

  it('the summary carries revenue and mean RFM values from the RFM component', () => {
    const s = summarize(run);
    expect(s.revenue).toBe(280);
    const byKey = new Map(s.segments.map((r) => [r.key, r]));
    // a: R4 F4 → loyal; b: R3 F1 → about_to_sleep; c (R2 F1), d (R1 F1), e (R1 F1) → hibernating
    expect([...byKey.keys()]).toEqual(['loyal', 'about_to_sleep', 'hibernating']);
    expect(byKey.get('hibernating')?.rfm).toEqual({
      recency: (214 + 245) / 2,
      frequency: 2 / 3,
      monetary: 40 / 3,
    });
    expect(byKey.get('loyal')?.revenueShare).toBeCloseTo(200 / 280, 12);
  });
  it('the heatmap counts customers and mean monetary per R × F cell', () => {
    const h = rfmHeatmap(run);
    expect(h.cells).toHaveLength(25);
    const at = (r: number, f: number) => h.cells.find((c) => c.r === r && c.f === f);
    expect(at(4, 4)).toEqual({
      r: 4,
      f: 4,
      customers: 1,
      share: 0.2,
      meanMonetary: 200,
      segment: { key: 'loyal', label: 'Loyal customers', color: '#2da44e' },
    });
    expect(at(1, 1)).toMatchObject({ customers: 2, meanMonetary: 15 });
    expect(at(5, 5)).toMatchObject({ customers: 0, meanMonetary: null, segment: null });
    expect(h.cells.reduce((n, c) => n + c.customers, 0)).toBe(5);
    expect(h.cells[0]).toMatchObject({ r: 5, f: 1 });
  });
  it('the heatmap needs an RFM scorer', () => {
    expect(() => rfmHeatmap(scoreCustomers(records, pipeline))).toThrow(/no RFM scorer/);
  });
});

describe('reports from ResultColumns, for runs that hand their results out', () => {
  it('give exactly the summary, heatmap and grade matrix of the kept results', () => {
    const transactions = [
      { customerId: 'a', date: '2025-12-30', amount: 100 },
      { customerId: 'a', date: '2025-12-01', amount: 100 },
      { customerId: 'b', date: '2025-12-29', amount: 40.1 },
      { customerId: 'c', date: '2025-06-01', amount: 10.7 },
      { customerId: 'd', date: '2025-05-01', amount: 30 },
      { customerId: 'e', date: '2025-05-01', amount: -5 },
    ];
    const graded = definePipeline({
      id: 'g',
      scorers: [
        rfm(),
        attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 10 }] }),
      ],
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
    const customers = ['d', 'a', 'f', 'c', 'b', 'e'].map((id, i) => ({ id, vip: i % 2 === 0 }));
    const options = { asOf: '2026-01-01', transactions };
    const kept = scoreCustomers(customers, graded, options);
    const columns = new ResultColumns();
    const handed = scoreCustomers(customers, graded, { ...options, onResult: (r) => columns.add(r) });
    expect(handed.results).toEqual([]);
    expect(summarize(handed, { columns, top: 3, bins: 4 })).toEqual(summarize(kept, { top: 3, bins: 4 }));
    expect(rfmHeatmap(handed, { columns })).toEqual(rfmHeatmap(kept));
    expect(gradeMatrix(handed, { columns })).toEqual(gradeMatrix(kept));
    // Columns made for fewer results than come (they grow), or for exactly as many, give the same.
    for (const size of [1, customers.length]) {
      const sized = new ResultColumns({ size });
      scoreCustomers(customers, graded, { ...options, onResult: (r) => sized.add(r) });
      expect(summarize(handed, { columns: sized, top: 3, bins: 4 })).toEqual(
        summarize(kept, { top: 3, bins: 4 }),
      );
      expect(rfmHeatmap(handed, { columns: sized })).toEqual(rfmHeatmap(kept));
      expect(gradeMatrix(handed, { columns: sized })).toEqual(gradeMatrix(kept));
    }
    // Columns that keep no ids: the same board without its top results (and, asked, without its histogram).
    const lean = new ResultColumns({ ids: false });
    scoreCustomers(customers, graded, { ...options, onResult: (r) => lean.add(r) });
    const full = summarize(kept, { top: 3, bins: 4 });
    expect(summarize(handed, { columns: lean, top: 0, bins: 0 })).toEqual({
      ...full,
      top: [],
      histogram: [],
    });
    expect(summarize(handed, { columns: lean, top: 0, bins: 4 })).toEqual({ ...full, top: [] });
    expect(() => summarize(handed, { columns: lean, top: 3 })).toThrow(/keep no ids/);
    expect(rfmHeatmap(handed, { columns: lean })).toEqual(rfmHeatmap(kept));
    // A revenue function goes with the columns.
    const revenue = (r: { score: number }) => r.score * 2;
    const paid = new ResultColumns({ revenue });
    scoreCustomers(customers, graded, { ...options, onResult: (r) => paid.add(r) });
    expect(summarize(handed, { columns: paid }).revenue).toBe(summarize(kept, { revenue }).revenue);
    expect(summarize(kept, { revenue }).revenue).toBe(kept.results.reduce((s, r) => s + r.score * 2, 0));
  });
});

describe('the mean and median score of a summary', () => {
  const about = { pipelineId: 'p', asOf: null, rejected: 0, segments: [], levels: [] };
  const resultOf = (score: number, i: number) =>
    ({
      id: `c${i}`,
      score,
      qualification: null,
      segment: null,
      components: {},
      explain: [],
    }) as unknown as ScoredRecord;
  it('of a row of every result come from the run when its statistics are those of the results', () => {
    const pipeline1 = definePipeline({
      id: 'p',
      scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'x', gte: 1 }, points: 3 }] })],
    });
    const run = scoreCustomers([{ id: 'a', x: 1 }, { id: 'b' }, { id: 'c', x: 2 }], pipeline1);
    // Made up statistics show which figures the row takes: the run's for its results, computed for others.
    const marked = { ...run, summary: { ...run.summary, score: { min: 0, max: 3, mean: 42, median: 41 } } };
    expect(summarize(marked).segments[0]).toMatchObject({ meanScore: 42, medianScore: 41 });
    const fewer = new ResultColumns();
    fewer.add(run.results[0] as ScoredRecord);
    expect(summarize(marked, { columns: fewer }).segments[0]).toMatchObject({ meanScore: 3, medianScore: 3 });
  });
  it("keeps each component in its column, whatever the order and the set of a result's components", () => {
    const component = (scorer: string, value: number) => ({
      scorer,
      type: 'attributes',
      value,
      max: 10,
      normalized: value / 10,
      detail: [],
    });
    const parts: Record<string, number>[] = [
      { a: 1, b: 2 },
      { a: 9, b: 10 },
      { b: 3, a: 4 },
      { a: 5 },
      { b: 6 },
      { c: 7, a: 8 },
    ];
    const columns = new ResultColumns();
    parts.forEach((values, i) => {
      const components = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, component(k, v)]));
      columns.add({
        id: `r${i}`,
        score: 0,
        components,
        qualification: null,
        segment: null,
        explain: [],
      } as never);
    });
    const byName = Object.fromEntries(columns.components.map((c) => [c.name, [...c.value.subarray(0, 6)]]));
    expect(byName).toEqual({
      a: [1, 9, 4, 5, NaN, 8],
      b: [2, 10, 3, NaN, 6, NaN],
      c: [NaN, NaN, NaN, NaN, NaN, 7],
    });
  });
  it('are those of the sorted scores, whatever their order (fast-check)', () => {
    // Whole scores (selected, summed in any order) and decimals (sorted first); zeros of both signs.
    const score = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0, -0, 2 ** 52, -(2 ** 52), 0.1, 0.2, 0.3),
    );
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 60 }), fc.nat(), (scores, shift) => {
        const sorted = Float64Array.from(scores).sort();
        const n = sorted.length;
        const mean = sorted.reduce((s, x) => s + x, 0) / n;
        const mid = n >> 1;
        const median =
          n % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
        // The same scores turned around: the same figures, to the last bit.
        const turned = scores.map((_, i) => scores[(i + shift) % n] as number);
        for (const list of [scores, turned]) {
          const row = summarizeResults(list.map(resultOf), about).segments[0];
          expect([row?.meanScore, row?.medianScore]).toEqual([mean, median]);
          // The run's statistics of every score, given: the row of every result takes them, the same figures.
          const given = scoreStatisticsOf(Float64Array.from(list));
          const reused = summarizeResults(list.map(resultOf), { ...about, scores: given }).segments[0];
          expect([reused?.meanScore, reused?.medianScore]).toEqual([mean, median]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
