// Builders: typed helpers that write pipeline data. They compute nothing; definePipeline validates.
import type { AttributesScorerConfig } from './schema/attributes.js';
import type { SumCombineConfig, WeightedCombineConfig } from './schema/combine.js';
import type { ThresholdsConfig } from './schema/qualify.js';
import type { SegmentMapperConfig } from './schema/segments.js';

type Without<T, K extends keyof T> = Omit<T, K>;

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
export function attributes(config: Without<AttributesScorerConfig, 'type'>): AttributesScorerConfig {
  return { type: 'attributes', ...config };
}

/**
 * Writes a `weighted` combiner: `scale × Σ wᵢ·normalizedᵢ / Σ wᵢ` (0..100 by default).
 *
 * @example
 * const combine = weighted({ rfm: 0.6, fit: 0.2, engagement: 0.2 }, { scale: 100 });
 */
export function weighted<const K extends string>(
  weights: Readonly<Record<K, number>>,
  options: { readonly scale?: number } = {},
): WeightedCombineConfig & { readonly weights: Readonly<Record<K, number>> } {
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
 */
export function thresholds(levels: ThresholdsConfig['levels'], options: { readonly on?: string } = {}): ThresholdsConfig {
  return { type: 'thresholds', levels, ...options };
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
export function segments(config: Without<SegmentMapperConfig, 'type'>): SegmentMapperConfig {
  return { type: 'rules', ...config };
}
