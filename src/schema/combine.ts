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

/** A combiner as data. */
export type CombineConfig = z.input<typeof CombineSchema>;
/** The `weighted` combiner as data. */
export type WeightedCombineConfig = z.input<typeof WeightedCombineSchema>;
/** The `sum` combiner as data. */
export type SumCombineConfig = z.input<typeof SumCombineSchema>;
