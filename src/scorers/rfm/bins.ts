// Quantile and threshold scoring of one RFM dimension. Values are given in "better is larger" form: the
// caller negates recency (fewer days is better), so every function here ranks ascending from worst to best.

/**
 * Quantile score of each value among all values: 1 (worst) … `bins` (best), with
 * `score = 1 + floor(bins × (rankMin − 1) / n)`. Ties share the lowest rank (pandas `rank(method='min')`,
 * SQL `RANK()`), so equal values always get equal scores. Sorting is the typed array's native numeric sort:
 * no comparator runs in JavaScript.
 *
 * @example
 * rankMinScores(Float64Array.of(3, 1, 3, 7), 4) // → Uint8Array.of(2, 1, 2, 4)
 */
export function rankMinScores(values: Float64Array, bins: number): Uint8Array {
  const sorted = values.slice().sort();
  const cuts = sameCuts(sorted, bins);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = scoreByCuts(values[i] as number, cuts);
  return out;
}

/**
 * The cut values that reproduce `rankMinScores` for any value: with the population sorted ascending, the cut
 * for score `s` (2..bins) is the `ceil((s − 1) · n / bins)`-th smallest value, and a value scores
 * `1 + (number of cuts it is strictly greater than)`. Stored in models, so a loaded model gives every fitted
 * customer exactly the batch score and places a new customer among the fitted population.
 *
 * @example
 * sameCuts(Float64Array.of(1, 3, 3, 7), 4) // → [1, 3, 3]
 */
export function sameCuts(sortedAscending: Float64Array, bins: number): number[] {
  const n = sortedAscending.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  for (let s = 2; s <= bins; s++) {
    const c = Math.ceil(((s - 1) * n) / bins);
    cuts.push(sortedAscending[c - 1] as number);
  }
  return cuts;
}

/**
 * Score of a value against ascending cut values: `1 + (number of cuts strictly below the value)`.
 *
 * @example
 * scoreByCuts(3, [1, 3, 3]) // → 2
 */
export function scoreByCuts(value: number, cuts: readonly number[]): number {
  let s = 1;
  for (const cut of cuts) if (value > cut) s++;
  return s;
}

/**
 * Equal-count bins like SQL `NTILE(bins)` over the values ascending (worst first), ties broken by ascending
 * `tieBreak` rank (the customer ids' order): the first `n mod bins` bins hold one more value. Equal values may
 * land in different bins; use it when equal bin sizes matter more than equal treatment.
 *
 * @example
 * ntileSplit(Float64Array.of(5, 5, 5, 5), Uint32Array.of(0, 1, 2, 3), 2) // → Uint8Array.of(1, 1, 2, 2)
 */
export function ntileSplit(values: Float64Array, tieBreak: Uint32Array, bins: number): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  // Rank the distinct values, then sort one packed key per value (valueRank · n + tieRank) natively.
  const distinct = uniqueSorted(values.slice().sort());
  const keys = new Float64Array(n);
  const byTie = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = lowerBound(distinct, values[i] as number) * n + (tieBreak[i] as number);
    byTie[tieBreak[i] as number] = i;
  }
  keys.sort();
  const q = Math.floor(n / bins);
  const r = n % bins;
  const big = r * (q + 1);
  for (let p = 0; p < n; p++) {
    const i = byTie[(keys[p] as number) % n] as number;
    out[i] = p < big ? Math.floor(p / (q + 1)) + 1 : r + Math.floor((p - big) / q) + 1;
  }
  return out;
}

/**
 * The lowest value of each bin 2..bins after `ntileSplit`: a model scores a value `1 + (number of these it is
 * greater than or equal to)`.
 *
 * @example
 * splitCuts(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 2, 2), 2) // → [3]
 */
export function splitCuts(values: Float64Array, scores: Uint8Array, bins: number): number[] {
  const low = new Array<number>(bins + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < values.length; i++) {
    const s = scores[i] as number;
    low[s] = Math.min(low[s] as number, values[i] as number);
  }
  const cuts: number[] = [];
  for (let s = 2; s <= bins; s++) if (Number.isFinite(low[s])) cuts.push(low[s] as number);
  return cuts;
}

/**
 * Score of a value against the lowest values of bins 2..k: `1 + (number of cuts at or below the value)`.
 *
 * @example
 * scoreAtOrAbove(3, [3, 5]) // → 2
 */
export function scoreAtOrAbove(value: number, cuts: readonly number[]): number {
  let s = 1;
  for (const cut of cuts) if (value >= cut) s++;
  return s;
}

function uniqueSorted(sorted: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i] as number;
  return sorted.subarray(0, k);
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
