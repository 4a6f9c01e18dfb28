import * as z from 'zod';
import { NameSchema } from './attributes.js';

/** `weighted`: the weighted mean of normalized components, scaled (0..scale). */
export const WeightedCombineSchema = z.strictObject({
  type: z.literal('weighted'),
  weights: z.record(NameSchema, z.number().finite().min(0)),
  scale: z.number().finite().positive().optional(),
});

/** `sum`: the sum of the components' raw points. */
export const SumCombineSchema = z.strictObject({
  type: z.literal('sum'),
  scorers: z.array(NameSchema).min(1).optional(),
});

/** The zod schema of a combiner. */
export const CombineSchema = z.discriminatedUnion('type', [WeightedCombineSchema, SumCombineSchema]);

/**
 * The `weighted` combiner as data: `scale × Σ wᵢ·normalizedᵢ / Σ wᵢ`.
 *
 * @example
 * const combine: WeightedCombineConfig = { type: 'weighted', weights: { rfm: 0.6, fit: 0.4 }, scale: 100 };
 */
export interface WeightedCombineConfig<Names extends string = string> {
  /** Always `weighted`. */
  readonly type: 'weighted';
  /** Weight of each scorer, by name (0 or more; they need not add up to 1). */
  readonly weights: Readonly<Record<Names, number>>;
  /** The score of a record that gets every component's maximum (default 100). */
  readonly scale?: number | undefined;
}

/**
 * The `sum` combiner as data: the raw points of the components added up.
 *
 * @example
 * const combine: SumCombineConfig = { type: 'sum', scorers: ['fit', 'engagement'] };
 */
export interface SumCombineConfig {
  /** Always `sum`. */
  readonly type: 'sum';
  /** The scorers to add up (default: all). */
  readonly scorers?: readonly string[] | undefined;
}

/**
 * A combiner as data.
 *
 * @example
 * const combine: CombineConfig = { type: 'sum' };
 */
export type CombineConfig = WeightedCombineConfig | SumCombineConfig;

type Check<T extends CombineConfig> = T;
type _CombineCheck = Check<z.output<typeof CombineSchema>>;
