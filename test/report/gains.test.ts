import { describe, expect, it } from 'vitest';
import {
  attributes,
  auc,
  definePipeline,
  drift,
  gains,
  scoreCustomers,
  segments,
  thresholds,
} from '../../src/index.js';

const pipeline = definePipeline({
  id: 'g',
  scorers: [attributes({ name: 's', rules: [{ when: { field: 'x', gte: 0 }, points: 0 }] })],
});
// A run whose scores are the field x, built through the real pipeline: points 0 plus a second scorer for x.
const scorer = definePipeline({
  id: 'g',
  scorers: [
    attributes({
      name: 's',
      rules: Array.from({ length: 20 }, (_, k) => ({ when: { field: 'x', gte: k + 1 }, points: 1 })),
    }),
  ],
});
const runOf = (xs: readonly number[]) =>
  scoreCustomers(
    xs.map((x, i) => ({ id: `r${String(i).padStart(2, '0')}`, x })),
    scorer,
  );

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one, 0.5 when all scores tie', () => {
    expect(auc([4, 3, 2, 1], [true, true, false, false])).toBe(1);
    expect(auc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(auc([7, 7, 7, 7], [true, false, true, false])).toBe(0.5);
    expect(auc([1, 2], [true, true])).toBeNull();
  });
  it('counts ties as one half (Mann–Whitney), by hand', () => {
    // positives 3, 2; negatives 2, 1: pairs (3>2) 1, (3>1) 1, (2=2) 0.5, (2>1) 1 → 3.5 / 4
    expect(auc([3, 2, 2, 1], [true, true, false, false])).toBe(0.875);
  });
});

describe('gains', () => {
  // 20 records scoring 20..1 (r00 scores 20); responders: the top 4 and r10.
  const run = runOf(Array.from({ length: 20 }, (_, i) => 20 - i));
  const responders = new Set(['r00', 'r01', 'r02', 'r03', 'r10']);
  const outcomes = run.results.map((r) => ({
    id: r.id,
    converted: responders.has(r.id),
    revenue: responders.has(r.id) ? 100 : 0,
  }));
  const g = gains(run, outcomes, { costPerContact: 10 });
  it('deciles, response rate, cumulative gains and lift, by hand', () => {
    expect(g.customers).toBe(20);
    expect(g.responseRate).toBe(0.25);
    expect(g.deciles.map((d) => d.responders)).toEqual([2, 2, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(g.deciles[0]).toEqual({
      decile: 1,
      customers: 2,
      responders: 2,
      responseRate: 1,
      cumulativeCustomers: 2,
      cumulativeResponders: 2,
      cumulativeGain: 0.4,
      lift: 4,
      cumulativeLift: 4,
      minScore: 19,
    });
    expect(g.deciles[5]).toMatchObject({
      cumulativeCustomers: 12,
      cumulativeResponders: 5,
      cumulativeGain: 1,
      lift: 2,
    });
    expect(g.deciles[5]?.cumulativeLift).toBeCloseTo(5 / 12 / 0.25, 12);
  });
  it('the campaign table finds the most profitable threshold', () => {
    // Contacting 2 deciles: 4 contacts × 10 = 40 cost, 4 × 100 value → 360; 6 deciles: 120 cost, 500 value → 380.
    expect(g.campaign.map((c) => c.profit)).toEqual([0, 180, 360, 340, 320, 300, 380, 360, 340, 320, 300]);
    expect(g.best).toEqual({
      deciles: 6,
      minScore: 9,
      contacts: 12,
      responders: 5,
      cost: 120,
      value: 500,
      profit: 380,
    });
    const fixed = gains(run, outcomes, { costPerContact: 30, valuePerResponse: 50 });
    expect(fixed.best).toMatchObject({ deciles: 2, profit: 4 * 50 - 4 * 30 });
  });
  it('AUC of the run and missing outcomes', () => {
    // 5 positives at ranks (descending) 1..4 and 11 among 20: negatives below r10 = 9 of 15 → AUC = (4·15 + 9) / 75
    expect(g.auc).toBeCloseTo((4 * 15 + 9) / 75, 12);
    const partial = gains(
      run,
      outcomes.slice(0, 10).map(({ id, converted }) => ({ id, converted })),
    );
    expect(partial.missingOutcomes).toBe(10);
    expect(partial.best).toBeNull();
  });
  it('fewer records than deciles', () => {
    const small = gains(runOf([3, 2, 1]), [{ id: 'r00', converted: true }]);
    expect(small.deciles.map((d) => d.customers)).toEqual([1, 1, 1]);
    expect(gains(runOf([]), []).deciles).toEqual([]);
    expect(pipeline.id).toBe('g');
  });
});

describe('drift', () => {
  const seg = (key: string) => ({ key, label: key.toUpperCase(), color: '#123456', action: '' });
  const p = definePipeline({
    id: 'd',
    scorers: [
      attributes({
        name: 's',
        rules: [
          { when: { field: 'x', gte: 1 }, points: 10 },
          { when: { field: 'x', gte: 2 }, points: 10 },
        ],
      }),
    ],
    qualify: thresholds([
      { label: 'SQL', min: 20 },
      { label: 'MQL', min: 10 },
      { label: 'Lead', min: 0 },
    ]),
    segment: segments({
      rules: [{ when: { field: 'score', gte: 10 }, segment: seg('warm') }],
      otherwise: seg('cold'),
    }),
  });
  const before = scoreCustomers(
    [
      { id: 'a', x: 0 },
      { id: 'b', x: 2 },
      { id: 'c', x: 1 },
      { id: 'gone', x: 1 },
    ],
    p,
    {},
  );
  const after = scoreCustomers(
    [
      { id: 'a', x: 2 },
      { id: 'b', x: 1 },
      { id: 'c', x: 1 },
      { id: 'new', x: 0 },
    ],
    p,
    {},
  );
  const d = drift(before, after);
  it('the migration matrix, by hand', () => {
    expect(d.migrations).toEqual([
      { from: '(new)', to: 'cold', customers: 1 },
      { from: 'cold', to: 'warm', customers: 1 },
      { from: 'warm', to: '(gone)', customers: 1 },
      { from: 'warm', to: 'warm', customers: 2 },
    ]);
    expect([d.common, d.entered, d.left]).toEqual([3, 1, 1]);
  });
  it('promotions and demotions by qualification level; score deltas', () => {
    // a Lead → SQL (promoted), b SQL → MQL (demoted), c MQL → MQL
    expect([d.promoted, d.demoted, d.unchanged]).toEqual([1, 1, 1]);
    expect(d.meanDelta).toBe((20 - 10 + 0) / 3);
    expect(d.medianDelta).toBe(0);
    expect(d.movers.map((m) => [m.id, m.delta])).toEqual([
      ['a', 20],
      ['b', -10],
      ['c', 0],
    ]);
  });
});
