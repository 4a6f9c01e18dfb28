import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ntileSplit,
  orderStatistics,
  rankMinScores,
  sameCuts,
  scoreAtOrAbove,
  scoreByCuts,
  splitCuts,
} from '../../../src/scorers/rfm/bins.js';

/** The definition, written directly: score = 1 + floor(k × (rankMin − 1) / n), rankMin = 1 + #(values below). */
function rankMinByDefinition(values: readonly number[], k: number): number[] {
  return values.map((v) => 1 + Math.floor((k * values.filter((w) => w < v).length) / values.length));
}

/** SQL NTILE(k) over (value, tie) ascending, written directly. */
function ntileByDefinition(values: readonly number[], ties: readonly number[], k: number): number[] {
  const order = values
    .map((_, i) => i)
    .sort(
      (a, b) => (values[a] as number) - (values[b] as number) || (ties[a] as number) - (ties[b] as number),
    );
  const n = values.length;
  const out = new Array<number>(n);
  const q = Math.floor(n / k);
  const r = n % k;
  let p = 0;
  for (let bucket = 1; bucket <= k; bucket++) {
    const size = bucket <= r ? q + 1 : q;
    for (let j = 0; j < size; j++) out[order[p++] as number] = bucket;
  }
  return out;
}

describe('rankMin scores (ties: same)', () => {
  it('hand-computed: 10 values in 5 bins with ties', () => {
    // sorted: 1 2 2 2 5 6 7 7 9 10; rankMin: 1→1, 2→2, 5→5, 6→6, 7→7, 9→9, 10→10
    // score = 1 + floor(5·(rankMin−1)/10): 1→1, 2→1, 5→3, 6→3, 7→4, 9→5, 10→5
    const values = Float64Array.of(7, 2, 10, 1, 2, 9, 6, 2, 5, 7);
    expect(Array.from(rankMinScores(values, 5))).toEqual([4, 1, 5, 1, 1, 5, 3, 1, 3, 4]);
  });
  it('all values equal: everyone gets 1', () => {
    expect(Array.from(rankMinScores(Float64Array.of(4, 4, 4, 4, 4, 4), 5))).toEqual([1, 1, 1, 1, 1, 1]);
  });
  it('one value: 1; fewer values than bins: spread by rank', () => {
    expect(Array.from(rankMinScores(Float64Array.of(3), 5))).toEqual([1]);
    // n = 3, k = 5: rankMin 1,2,3 → 1 + floor(5·0/3)=1, 1 + floor(5/3)=2, 1 + floor(10/3)=4
    expect(Array.from(rankMinScores(Float64Array.of(30, 10, 20), 5))).toEqual([4, 1, 2]);
  });
  it('agrees with the definition, never splits equal values, never decreases with the value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 10 }),
        (xs, k) => {
          const scores = Array.from(rankMinScores(Float64Array.from(xs), k));
          expect(scores).toEqual(rankMinByDefinition(xs, k));
          for (const [i, a] of xs.entries()) {
            for (const [j, b] of xs.entries()) {
              if (a === b) expect(scores[i]).toBe(scores[j]);
              if (a < b) expect(scores[i]).toBeLessThanOrEqual(scores[j] as number);
            }
          }
        },
      ),
    );
  });
  it('the fitted cuts reproduce every score exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 2, max: 10 }),
        (xs, k) => {
          const values = Float64Array.from(xs);
          const cuts = sameCuts(values.slice().sort(), k);
          const scores = rankMinScores(values, k);
          for (const [i, v] of values.entries()) expect(scoreByCuts(v, cuts)).toBe(scores[i]);
        },
      ),
    );
  });
});

describe('NTILE scores (ties: split)', () => {
  it('hand-computed: 7 values in 3 bins, ties broken by the tie rank', () => {
    // n = 7, k = 3: bins of 3, 2, 2. Order by value then tie: (1,t0) (2,t1) (2,t2) | (2,t3) (3,t4) | (3,t5) (9,t6)
    const values = Float64Array.of(2, 9, 1, 3, 2, 2, 3);
    const ties = Uint32Array.of(1, 6, 0, 4, 2, 3, 5);
    expect(Array.from(ntileSplit(values, ties, 3))).toEqual([1, 3, 1, 2, 1, 2, 3]);
  });
  it('agrees with SQL NTILE, and bin sizes differ by at most one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 10 }),
        (xs, k) => {
          const ties = xs.map((_, i) => (i * 7) % xs.length);
          const unique = new Set(ties).size === xs.length ? ties : xs.map((_, i) => i);
          const scores = Array.from(ntileSplit(Float64Array.from(xs), Uint32Array.from(unique), k));
          expect(scores).toEqual(ntileByDefinition(xs, unique, k));
          const sizes = new Map<number, number>();
          for (const s of scores) sizes.set(s, (sizes.get(s) ?? 0) + 1);
          const counts = [...sizes.values()];
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          for (const [i, a] of xs.entries()) {
            for (const [j, b] of xs.entries())
              if (a < b) expect(scores[i]).toBeLessThanOrEqual(scores[j] as number);
          }
        },
      ),
    );
  });
  it("split cuts place values at or above each bin's lowest value", () => {
    const values = Float64Array.of(1, 2, 3, 4);
    const scores = ntileSplit(values, Uint32Array.of(0, 1, 2, 3), 2);
    const cuts = splitCuts(values, scores, 2);
    expect(cuts).toEqual([3]);
    expect([0, 2.9, 3, 10].map((v) => scoreAtOrAbove(v, cuts))).toEqual([1, 1, 2, 2]);
  });
});

describe('orderStatistics', () => {
  // Few distinct values (ties), any doubles, and the zeros, infinities and NaN the sort orders.
  const value = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.double(),
    fc.constantFrom(0, -0, Infinity, -Infinity, 1e-300, -1e-300),
  );
  it('gives the values of the sorted array at the places asked (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 120 }),
        fc.boolean(),
        (list, picks, withNaN) => {
          const values = Float64Array.from(withNaN && list.length > 0 ? [...list, Number.NaN] : list);
          const sorted = values.slice().sort();
          const places = [...new Set(picks.map((p) => p % Math.max(1, values.length)))]
            .filter((p) => p < values.length)
            .sort((a, b) => a - b);
          const got = orderStatistics(values, places);
          // toEqual tells -0 from 0 and NaN equals NaN: every place is the sort's, sign of zero included.
          expect(got).toEqual(places.map((p) => sorted[p]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts whole values (days, counts) and gives the sort's values, -0 included (fast-check)", () => {
    // Whole values and amounts in cents, in a narrow range (counted) or a wide one (selected), zeros of both
    // signs; some arrays also hold a value that is neither (then selected).
    const whole = fc.oneof(
      fc.integer({ min: -40, max: 40 }),
      fc.constant(-0),
      fc.integer(),
      fc.integer({ min: -4000, max: 4000 }).map((k) => k / 100),
      fc.constantFrom(0.005, 1 / 3),
    );
    fc.assert(
      fc.property(
        fc.array(whole, { maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 120 }),
        fc.integer({ min: -1000, max: 1000 }),
        (list, picks, shift) => {
          const values = Float64Array.from(list, (v) =>
            Object.is(v, -0) || !Number.isInteger(v) ? v : v + shift,
          );
          const sorted = values.slice().sort();
          const places = [...new Set(picks.map((p) => p % Math.max(1, values.length)))]
            .filter((p) => p < values.length)
            .sort((a, b) => a - b);
          expect(orderStatistics(values, places)).toEqual(places.map((p) => sorted[p]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts values with a few very large ones (whales) and gives every place of the sort', () => {
    // 400 amounts in cents and days, plus 1 to 40 values far above their range (sorted apart), unordered.
    for (const outliers of [1, 7, 40]) {
      let x = outliers;
      const next = () => {
        x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
        return x >>> 8;
      };
      for (const scale of [1, 100]) {
        const list = Array.from({ length: 400 }, () => (next() % 900) / scale);
        for (let k = 0; k < outliers; k++)
          list.splice(next() % list.length, 0, (1e6 + (next() % 1000)) / scale);
        const values = Float64Array.from(list);
        const sorted = values.slice().sort();
        const places = Array.from({ length: values.length }, (_, p) => p);
        expect(orderStatistics(values, places)).toEqual([...sorted]);
      }
    }
  });

  it('selects every percentile of a large population with many ties as the sort does', () => {
    let x = 3;
    const values = Float64Array.from({ length: 200_000 }, () => {
      x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
      return (x >>> 20) % 7 === 0 ? -0 : ((x >>> 8) % 5000) / 4 - 100;
    });
    const before = values.slice();
    const sorted = values.slice().sort();
    const places = Array.from({ length: 99 }, (_, k) => Math.ceil(((k + 1) * values.length) / 100) - 1);
    expect(orderStatistics(values, places)).toEqual(places.map((p) => sorted[p]));
    // The values are left as they were.
    expect(values).toEqual(before);
  });
});
