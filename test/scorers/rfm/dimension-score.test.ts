// The score of a value against fitted cuts, by its definition: 1 + the cuts the value beats (quantiles), or
// the thresholds it reaches, whatever the method, ties, direction and cuts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Dimension, dimensionScore, type RfmFitted } from '../../../src/scorers/rfm/fitted.js';

/** The definition, written out. */
function byDefinition(f: RfmFitted, d: Dimension, value: number): number {
  const cuts = f.cuts[d];
  if (f.method === 'thresholds') {
    const reached = cuts.filter((c) => (d === 'recency' ? value > c : value >= c)).length;
    return d === 'recency' ? f.bins - reached : 1 + reached;
  }
  const beaten = cuts.filter((c) =>
    d === 'recency'
      ? f.ties === 'same'
        ? value < c
        : value <= c
      : f.ties === 'same'
        ? value > c
        : value >= c,
  ).length;
  return 1 + beaten;
}

describe('dimensionScore', () => {
  it('gives the score of the definition (fast-check)', () => {
    const number = fc.oneof(
      fc.integer({ min: -5, max: 50 }),
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('quantiles' as const, 'thresholds' as const),
        fc.constantFrom('same' as const, 'split' as const),
        fc.constantFrom<Dimension>('recency', 'frequency', 'monetary'),
        fc.array(number, { maxLength: 9 }),
        fc.array(fc.oneof(number, fc.constant(Number.NaN)), { minLength: 1, maxLength: 20 }),
        (method, ties, d, list, values) => {
          const cuts = [...list].sort((a, b) => a - b);
          const f: RfmFitted = {
            population: 10,
            bins: cuts.length + 1,
            ties,
            method,
            cuts: { recency: cuts, frequency: cuts, monetary: cuts },
            percentiles: { recency: [], frequency: [], monetary: [] },
          };
          const score = dimensionScore(f, d);
          for (const v of values) expect(score(v)).toBe(byDefinition(f, d, v));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
