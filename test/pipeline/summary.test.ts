import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumAndMedian } from '../../src/pipeline/score-statistics.js';
import { RunTally } from '../../src/pipeline/summary.js';
import type { ScoredRecord } from '../../src/pipeline/types.js';

// Whole scores (selected, summed in any order), decimals (sorted first), zeros of both signs, large values.
const score = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, 2 ** 52, -(2 ** 52), 0.1, 0.2, 0.3),
);

/** The reference: the sum of the sorted scores, in that order, and the middle of the sorted scores. */
function reference(scores: readonly number[]): { sum: number; median: number } {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const mid = n >> 1;
  return {
    sum: sorted.reduce((s, x) => s + x, 0),
    median:
      n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
  };
}

describe('sumAndMedian', () => {
  it('gives the sum of the sorted scores and their median, whatever their order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 60 }), fc.nat(), (scores, shift) => {
        const n = scores.length;
        const turned = scores.map((_, i) => scores[(i + shift) % n] as number);
        for (const list of [scores, turned]) {
          const values = Float64Array.from(list);
          expect(sumAndMedian(values)).toEqual(reference(scores));
          // Without `scratch`, the values are left as they were.
          expect([...values]).toEqual(list);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('gives a median of NaN and a sum of 0 for no score', () => {
    expect(sumAndMedian(new Float64Array(0))).toEqual({ sum: 0, median: Number.NaN });
  });
});

describe("a run's summary (RunTally)", () => {
  it('has the mean and median of the sorted scores, whatever the order of the results (fast-check)', () => {
    const resultOf = (s: number, i: number) =>
      ({
        id: `c${i}`,
        score: s,
        qualification: null,
        segment: null,
        components: {},
        explain: [],
      }) as ScoredRecord;
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 60 }), fc.nat(), (scores, shift) => {
        const n = scores.length;
        const { sum, median } = reference(scores);
        const turned = scores.map((_, i) => scores[(i + shift) % n] as number);
        for (const list of [scores, turned]) {
          const tally = new RunTally();
          list.forEach((s, i) => {
            tally.add(resultOf(s, i));
          });
          const summary = tally.finish(n, 0);
          expect(summary.score).toEqual({
            min: Math.min(...scores),
            max: Math.max(...scores),
            mean: sum / n,
            median,
          });
        }
      }),
      { numRuns: 500 },
    );
  });
});
