import type { JsonValue } from '../../pipeline/types.js';
import { ntileSplit, orderStatistics, splitCuts } from './bins.js';

/** The three dimensions, in "better is larger" form: recency is negated. */
export type Dimension = 'recency' | 'frequency' | 'monetary';
export const DIMENSIONS: readonly Dimension[] = ['recency', 'frequency', 'monetary'];

/**
 * What an RFM scorer learns from its population, stored in the model. Cut values are in natural units:
 * a recency scores at least `s` when it is below the recency cut of `s` (fewer days is better), a frequency or
 * monetary value when it is above its cut (or at/above, for `ties: 'split'`). `percentiles` hold the 100
 * percentile cut values, from which "better than X% of customers" is computed exactly.
 */
export interface RfmFitted {
  readonly population: number;
  readonly bins: number;
  readonly ties: 'same' | 'split';
  readonly method: 'quantiles' | 'thresholds';
  readonly cuts: Readonly<Record<Dimension, readonly number[]>>;
  readonly percentiles: Readonly<Record<Dimension, readonly number[]>>;
}

/** Natural value → "better is larger" value. */
export function better(dimension: Dimension, value: number): number {
  return dimension === 'recency' ? -value : value;
}

/** Cut values in "better" space → natural units (recency negated back), and the reverse. */
function flip(dimension: Dimension, cuts: readonly number[]): number[] {
  return dimension === 'recency' ? cuts.map((c) => (c === 0 ? 0 : -c)) : [...cuts];
}

/**
 * The cuts of one dimension over the whole population, and for `split` the scores of the population (NTILE
 * positions, which cuts cannot reproduce). Under `same` the cuts reproduce `rankMinScores` exactly, so every
 * customer is scored from them and no per-customer score is made here; the cut values are selected
 * (`orderStatistics`), not sorted.
 */
export function fitDimension(
  dimension: Dimension,
  betterValues: Float64Array,
  tieRanks: Uint32Array,
  bins: number,
  ties: 'same' | 'split',
): { scores: Uint8Array | undefined; cuts: number[]; percentiles: number[] } {
  // The places of the percentile and bin cuts (those of sameCuts over the sorted values), selected at once.
  const n = betterValues.length;
  const placesOf = (count: number): number[] =>
    n === 0 ? [] : Array.from({ length: count - 1 }, (_, k) => Math.ceil(((k + 1) * n) / count) - 1);
  const percentilePlaces = placesOf(100);
  const binPlaces = placesOf(bins);
  const places = [...new Set([...percentilePlaces, ...binPlaces])].sort((a, b) => a - b);
  const values = orderStatistics(betterValues, places);
  const valueAt = new Map(places.map((place, k) => [place, values[k] as number]));
  const at = (place: number): number => valueAt.get(place) as number;
  const percentiles = flip(dimension, percentilePlaces.map(at));
  if (ties === 'same') return { scores: undefined, cuts: flip(dimension, binPlaces.map(at)), percentiles };
  const scores = ntileSplit(betterValues, tieRanks, bins);
  return { scores, cuts: flip(dimension, splitCuts(betterValues, scores, bins)), percentiles };
}

/**
 * The score of a value of one dimension against the fitted cuts (quantiles) or business thresholds, as a
 * function made once for a batch: the cuts, the comparison and the direction are read once, not per value.
 *
 * @example
 * const fitted: RfmFitted = { population: 4, bins: 2, ties: 'same', method: 'quantiles', cuts: { recency: [10], frequency: [2], monetary: [50] }, percentiles: { recency: [], frequency: [], monetary: [] } };
 * dimensionScore(fitted, 'recency')(3) // → 2
 * dimensionScore(fitted, 'monetary')(50) // → 1
 */
export function dimensionScore(fitted: RfmFitted, dimension: Dimension): (value: number) => number {
  const cuts = Float64Array.from(fitted.cuts[dimension]);
  const n = cuts.length;
  const recency = dimension === 'recency';
  if (fitted.method === 'thresholds') {
    // Business cut points, ascending in natural units: recency ≤ first cut is best; F/M ≥ last cut is best.
    const bins = fitted.bins;
    return recency
      ? (value) => {
          let above = 0;
          for (let k = 0; k < n; k++) if (value > (cuts[k] as number)) above++;
          return bins - above;
        }
      : (value) => {
          let above = 0;
          for (let k = 0; k < n; k++) if (value >= (cuts[k] as number)) above++;
          return 1 + above;
        };
  }
  // In natural units: recency beats a cut when it is smaller, frequency and monetary when larger; with `split`
  // ties, also when equal.
  const same = fitted.ties === 'same';
  const beats: (value: number, cut: number) => boolean = recency
    ? same
      ? (value, cut) => value < cut
      : (value, cut) => value <= cut
    : same
      ? (value, cut) => value > cut
      : (value, cut) => value >= cut;
  return (value) => {
    let s = 1;
    for (let k = 0; k < n; k++) if (beats(value, cuts[k] as number)) s++;
    return s;
  };
}

/** floor(100 × share of the fitted population strictly worse than the value), exactly. */
export function percentBetterThan(fitted: RfmFitted, dimension: Dimension, value: number): number {
  // The percentile values are ascending in "better" order: count those strictly below by binary search.
  const b = better(dimension, value);
  const p = fitted.percentiles[dimension];
  let lo = 0;
  let hi = p.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (better(dimension, p[mid] as number) < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The fitted state as JSON. */
export function fittedToJson(fitted: RfmFitted): JsonValue {
  return fitted as unknown as JsonValue;
}

/** Reads a fitted state back from a model, checking its shape. */
export function fittedFromJson(value: JsonValue | undefined): RfmFitted | undefined {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))
    return undefined;
  const v = value as Record<string, unknown>;
  const arrays = (x: unknown): x is Record<Dimension, number[]> =>
    typeof x === 'object' &&
    x !== null &&
    DIMENSIONS.every(
      (d) =>
        Array.isArray((x as Record<string, unknown>)[d]) &&
        ((x as Record<string, unknown[]>)[d] as unknown[]).every((n) => typeof n === 'number'),
    );
  if (
    typeof v.population !== 'number' ||
    typeof v.bins !== 'number' ||
    !arrays(v.cuts) ||
    !arrays(v.percentiles)
  )
    return undefined;
  if ((v.ties !== 'same' && v.ties !== 'split') || (v.method !== 'quantiles' && v.method !== 'thresholds'))
    return undefined;
  return v as unknown as RfmFitted;
}
