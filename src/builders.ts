// Builders: typed helpers that write pipeline data. They compute nothing; definePipeline validates.

import type { Segment } from './pipeline/types.js';
import type { AttributesOptions, AttributesScorerConfig } from './schema/attributes.js';
import type { BehaviourOptions, BehaviourScorerConfig } from './schema/behaviour.js';
import type { SumCombineConfig, WeightedCombineConfig } from './schema/combine.js';
import type { GradeDimension, GradesConfig } from './schema/grades.js';
import type { ThresholdsConfig } from './schema/qualify.js';
import type { RfmFieldOptions, RfmScorerConfig, RfmTransactionOptions } from './schema/rfm.js';
import type { SegmentMapperConfig, SegmentRule } from './schema/segments.js';

/**
 * The scorer name a builder keeps as a string literal, so `weighted({ ... })` can check names at compile time.
 *
 * @example
 * const named: Named<'fit'> = { name: 'fit' };
 */
export interface Named<Name extends string> {
  /** The scorer's name. */
  readonly name: Name;
}

/**
 * Options of `segments()`: the rules and the segment of records no rule matches.
 *
 * @example
 * const options: SegmentMapperOptions = { rules: [], otherwise: { key: 'all', label: 'Everyone', color: '#888', action: 'Newsletter' } };
 */
export interface SegmentMapperOptions {
  /** The rules, in order: the first match wins. */
  readonly rules: readonly SegmentRule[];
  /** The segment of records no rule matches. */
  readonly otherwise?: Segment | undefined;
}

/**
 * Writes an `attributes` scorer ("fit"): weighted attribute rules. Each matching rule gives its
 * `points` times the weight of its `criterion`; within a criterion only the first matching rule counts.
 *
 * @example
 * const fitScorer = attributes({
 *   name: 'fit',
 *   weights: { industry: 2 },
 *   rules: [
 *     { criterion: 'industry', when: { field: 'industry', in: ['retail', 'ecommerce'] }, points: 10, reason: 'Target industry' },
 *     { when: { field: 'email', endsWith: '@gmail.com' }, points: -5, reason: 'Personal email' },
 *   ],
 * });
 */
export function attributes<const Name extends string>(
  config: AttributesOptions & Named<Name>,
): AttributesScorerConfig & Named<Name> {
  return { type: 'attributes', ...config };
}

/**
 * Writes a `behaviour` scorer ("engagement"): points for what the lead does, from the run's `events` (or
 * an array field of the record), with caps, windows, per-day caps, `once`, and decay by half-life, by share
 * per period or by points per period of inactivity. Definitions: docs/lead-scoring.md.
 *
 * @example
 * const engagement = behaviour({
 *   halfLife: { days: 30 },
 *   cap: 100,
 *   rules: [
 *     { id: 'pricing', event: 'page_view', when: { field: 'url', contains: '/pricing' }, points: 5, cap: 15, within: { days: 30 }, reason: 'Visited /pricing' },
 *     { id: 'webinar', event: 'webinar_attended', points: 20, once: true, reason: 'Attended a webinar' },
 *     { id: 'unsubscribed', event: 'unsubscribe', points: -30, once: true, decay: 'none', reason: 'Unsubscribed' },
 *   ],
 * });
 */
export function behaviour<const Name extends string = 'engagement'>(
  config: Omit<BehaviourOptions, 'name'> & { readonly name?: Name },
): BehaviourScorerConfig & Named<Name> {
  return { type: 'behaviour', ...config, name: (config.name ?? 'engagement') as Name };
}

/**
 * Writes an `rfm` scorer: recency, frequency and monetary value, each scored 1..bins in quantiles of the
 * fitted population (or by business thresholds), from transactions given to the run or from fields already
 * on the customer (name `recency`, `frequency` and `monetary` fields to use those). Definitions: docs/rfm.md.
 *
 * @example
 * const fromTransactions = rfm({ customerKey: 'customer', dateKey: 'day', amountKey: 'total', frequency: 'days' });
 * const fromFields = rfm({ name: 'value', recency: 'daysSinceLastOrder', frequency: 'orders', monetary: 'revenue' });
 */
export function rfm<const Name extends string = 'rfm'>(
  options: (Omit<RfmTransactionOptions, 'name'> | Omit<RfmFieldOptions, 'name'>) & {
    readonly name?: Name;
  } = {},
): RfmScorerConfig & Named<Name> {
  return { type: 'rfm', ...options, name: (options.name ?? 'rfm') as Name } as RfmScorerConfig & {
    readonly name: Name;
  };
}

/**
 * Writes a `weighted` combiner: `scale × Σ wᵢ·normalizedᵢ / Σ wᵢ` (0..100 by default).
 *
 * @example
 * const combine = weighted({ rfm: 0.6, fit: 0.2, engagement: 0.2 }, { scale: 100 });
 */
export function weighted<const Names extends string>(
  weights: Readonly<Record<Names, number>>,
  options: { readonly scale?: number } = {},
): WeightedCombineConfig<Names> {
  return { type: 'weighted', weights, ...options };
}

/**
 * Writes a `sum` combiner: the raw points of the listed scorers (all by default) added up.
 *
 * @example
 * const combine = sum();
 * const fitOnly = sum(['fit']);
 */
export function sum(scorers?: readonly string[]): SumCombineConfig {
  return scorers === undefined ? { type: 'sum' } : { type: 'sum', scorers: [...scorers] };
}

/**
 * Writes a `thresholds` qualifier: ordered levels from the highest `min` down; the first one reached wins.
 *
 * @example
 * const qualify = thresholds([{ label: 'SQL', min: 80 }, { label: 'MQL', min: 50 }, { label: 'Lead', min: 0 }]);
 * const onFit = thresholds([{ label: 'good fit', min: 30 }], { on: 'fit' });
 * // Hysteresis: an SQL stays an SQL until its score falls below 80 - 10; the previous stage is in `stage`.
 * const sticky = thresholds([{ label: 'SQL', min: 80 }, { label: 'MQL', min: 50 }], { margin: 10, previous: 'stage' });
 */
export function thresholds(
  levels: ThresholdsConfig['levels'],
  options: Pick<ThresholdsConfig, 'on' | 'margin' | 'previous'> = {},
): ThresholdsConfig {
  return { type: 'thresholds', levels, ...options };
}

/**
 * Writes `grades`: the fit component graded A–D and the engagement component graded 1–4 (levels from
 * best to worst; the last takes every value below the others), and the matrix cell `A1`…`D4` with its rank
 * in the priority order (default: by fit rank + engagement rank, then fit: A1; A2, B1; A3, B2, C1; …).
 *
 * @example
 * const grade = grades({
 *   fit: { scorer: 'fit', levels: [{ label: 'A', min: 60 }, { label: 'B', min: 40 }, { label: 'C', min: 20 }, { label: 'D' }] },
 *   engagement: { scorer: 'engagement', levels: [{ label: '1', min: 50 }, { label: '2', min: 25 }, { label: '3', min: 10 }, { label: '4' }] },
 * });
 */
export function grades(config: {
  readonly fit: GradeDimension;
  readonly engagement: GradeDimension;
  readonly priority?: readonly string[];
}): GradesConfig {
  return { type: 'grades', ...config };
}

/**
 * Writes a segment mapper: ordered rules over the scored record (`score`, `qualification`,
 * `components.<name>.<field>`, `record.<field>`); the first match wins, else `otherwise`.
 *
 * @example
 * const mapper = segments({
 *   rules: [{ when: { field: 'score', gte: 70 }, segment: { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call today' } }],
 *   otherwise: { key: 'nurture', label: 'Nurture', color: '#8c959f', action: 'Keep in the newsletter' },
 * });
 */
export function segments(config: SegmentMapperOptions): SegmentMapperConfig {
  return { type: 'rules', ...config };
}
