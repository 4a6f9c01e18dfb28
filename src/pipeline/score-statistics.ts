import { orderStatistics } from '../scorers/rfm/bins.js';
import type { ScoreStatistics } from './types.js';

/**
 * The sum and median of scores, the same whatever their order. Whole scores (most pipelines: points) add up
 * exactly in any order while their magnitudes stay below 2^53, and their median is selected; any other scores
 * are sorted natively first and summed in that order. `values` is left as it was unless `scratch` is true
 * (then it may be sorted in place).
 *
 * @example
 * sumAndMedian(Float64Array.of(3, 1, 2)) // → { sum: 6, median: 2 }
 * sumAndMedian(Float64Array.of(0.1, 0.2, 0.3, 0.4)).median // → 0.25
 */
export function sumAndMedian(values: Float64Array, scratch = false): { sum: number; median: number } {
  const n = values.length;
  if (n === 0) return { sum: 0, median: Number.NaN };
  let whole = true;
  let sum = 0;
  let magnitude = 0;
  for (let k = 0; k < n; k++) {
    const v = values[k] as number;
    sum += v;
    magnitude += Math.abs(v);
    if (whole && !Number.isInteger(v)) whole = false;
  }
  const mid = n >> 1;
  const places = n % 2 === 1 ? [mid] : [mid - 1, mid];
  let middle: number[];
  if (whole && magnitude < 2 ** 53) middle = orderStatistics(values, places);
  else {
    const sorted = scratch ? values.sort() : values.slice().sort();
    sum = 0;
    for (let k = 0; k < n; k++) sum += sorted[k] as number;
    middle = places.map((p) => sorted[p] as number);
  }
  const [a, b] = middle as [number, number | undefined];
  return { sum, median: b === undefined ? a : (a + b) / 2 };
}

/**
 * The statistics of `run.summary.score` for these scores (`null` for none): the extremes by `Math.min` and
 * `Math.max` (-0 below 0), the mean and median by {@link sumAndMedian}, so that none depends on the order.
 * `scratch`: `scores` may be sorted in place.
 *
 * @example
 * scoreStatisticsOf(Float64Array.of(3, 1, 2)) // → { min: 1, max: 3, mean: 2, median: 2 }
 */
export function scoreStatisticsOf(scores: Float64Array, scratch = false): ScoreStatistics | null {
  const n = scores.length;
  if (n === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    min = Math.min(min, scores[k] as number);
    max = Math.max(max, scores[k] as number);
  }
  const { sum, median } = sumAndMedian(scores, scratch);
  return { min, max, mean: sum / n, median };
}
