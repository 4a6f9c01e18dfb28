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
 * The values at `places` (0-based, ascending) of the values sorted ascending, as `values.slice().sort()` has
 * them, -0 before 0 included, without sorting them all. Whole values and amounts in cents (days, counts,
 * most amounts) are counted (two passes, see `counted`); any others are selected by a quickselect with a
 * three-way split that only goes into the parts holding a wanted place (about 2 to 4 passes over the values for
 * 100 places, against the log2(n) of a sort). Values with a NaN are sorted.
 *
 * @example
 * orderStatistics(Float64Array.of(5, 1, 4, 2, 3), [0, 2, 4]) // → [1, 3, 5]
 */
export function orderStatistics(values: Float64Array, places: readonly number[]): number[] {
  // Counting refuses a NaN (it is not whole): only then are the values looked through for one.
  let out = counted(values, places, 1) ?? counted(values, places, 100);
  if (out === undefined) {
    for (let i = 0; i < values.length; i++)
      if (Number.isNaN(values[i])) {
        const sorted = values.slice().sort();
        return places.map((p) => sorted[p] as number);
      }
    out = new Array<number>(places.length);
    select(values.slice(), 0, values.length, places, 0, places.length, out);
  }
  // Equal values are alike to the split but not -0 and 0, which the sort puts in that order.
  if (out.some((v) => v === 0)) {
    let below = 0;
    let negativeZeros = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < 0) below++;
      else if (v === 0 && Object.is(v, -0)) negativeZeros++;
    }
    for (let k = 0; k < places.length; k++)
      if (out[k] === 0) out[k] = (places[k] as number) < below + negativeZeros ? -0 : 0;
  }
  return out;
}

/**
 * The values at `places` (ascending) when every value times `scale` is whole (days and counts with 1, amounts
 * in cents with 100: the value is then exactly its whole number over `scale`): each value counted in an array
 * indexed by its whole number − the least, over a range of at most 4 per value (and 2^22); the few values above
 * it (a handful of very large amounts) are sorted apart and come after. `undefined` for any other values, or
 * when more than an eighth of them are above the range. A zero may come out as 0 where the sort has -0 (the
 * caller sets the sign).
 */
function counted(values: Float64Array, places: readonly number[], scale: number): number[] | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const bounds = keyBounds(values, scale);
  if (bounds === undefined) return undefined;
  const [min, max] = bounds;
  const range = Math.min(max - min + 1, 4 * n, 2 ** 22);
  const counts = new Int32Array(range);
  const above = countKeys(values, scale, min, counts);
  if (above === undefined) return undefined;
  const out = new Array<number>(places.length);
  let k = 0;
  let seen = 0;
  for (let j = 0; j < range && k < places.length; j++) {
    seen += counts[j] as number;
    while (k < places.length && (places[k] as number) < seen) out[k++] = (min + j) / scale;
  }
  const rest = Float64Array.from(above).sort();
  for (; k < places.length; k++) out[k] = (min + (rest[(places[k] as number) - seen] as number)) / scale;
  return out;
}

// The two passes of `counted` are functions of their own: a loop of a million values is compiled while it runs
// (on-stack replacement), and the code after it, never run yet, would send the compiled code back to the
// interpreter at the loop's end (no type feedback), then the next loop would wait to be compiled in turn: a
// fresh process's first fit took twice the time of the next ones.

/**
 * The least and the greatest whole number `Math.round(v × scale)` of `values`, or `undefined` when one of
 * them is not the value × scale exactly (then not counted).
 */
function keyBounds(values: Float64Array, scale: number): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0, n = values.length; i < n; i++) {
    const v = values[i] as number;
    const key = scale === 1 ? v : Math.round(v * scale);
    // Distinct values have distinct whole numbers, in the same order, since each is its number / scale.
    if (!Number.isInteger(key) || key / scale !== v) return undefined;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  return [min, max];
}

/**
 * Counts the keys of `values` (as `keyBounds` makes them, from `min`) in `counts`; returns those past its end,
 * or `undefined` when they are more than an eighth of the values (then not counted).
 */
function countKeys(
  values: Float64Array,
  scale: number,
  min: number,
  counts: Int32Array,
): number[] | undefined {
  const n = values.length;
  const range = counts.length;
  const above: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const at = (scale === 1 ? v : Math.round(v * scale)) - min;
    if (at < range) counts[at] = (counts[at] as number) + 1;
    else if (above.push(at) > n / 8) return undefined;
  }
  return above;
}

/** Puts in `out[k]` (k in [from, to)) the value of place `places[k]`, which lies in `a[lo, hi)`. */
function select(
  a: Float64Array,
  lo: number,
  hi: number,
  places: readonly number[],
  from: number,
  to: number,
  out: number[],
): void {
  while (from < to) {
    if (hi - lo <= 16) {
      // Few values: sorted in place.
      for (let i = lo + 1; i < hi; i++) {
        const v = a[i] as number;
        let j = i - 1;
        while (j >= lo && (a[j] as number) > v) {
          a[j + 1] = a[j] as number;
          j--;
        }
        a[j + 1] = v;
      }
      for (let k = from; k < to; k++) out[k] = a[places[k] as number] as number;
      return;
    }
    // The median of three values as the pivot; then < pivot, = pivot, > pivot.
    const x = a[lo] as number;
    const y = a[(lo + hi) >> 1] as number;
    const z = a[hi - 1] as number;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let lt = lo;
    let gt = hi;
    for (let i = lo; i < gt; ) {
      const v = a[i] as number;
      if (v < pivot) {
        a[i] = a[lt] as number;
        a[lt++] = v;
        i++;
      } else if (v > pivot) {
        a[i] = a[--gt] as number;
        a[gt] = v;
      } else i++;
    }
    // The places below lt, those in [lt, gt) (the pivot), those from gt.
    let mid = from;
    while (mid < to && (places[mid] as number) < lt) mid++;
    let high = mid;
    while (high < to && (places[high] as number) < gt) out[high++] = pivot;
    // The smaller side by recursion, the larger by the loop.
    if (mid - from < to - high) {
      select(a, lo, lt, places, from, mid, out);
      lo = gt;
      from = high;
    } else {
      select(a, gt, hi, places, high, to, out);
      hi = lt;
      to = mid;
    }
  }
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
