import * as z from 'zod';
import { AttributesScorerSchema, NameSchema } from './attributes.js';
import { CombineSchema } from './combine.js';
import { QualifySchema } from './qualify.js';
import { SegmentMapperSchema } from './segments.js';

/** The zod schema of any built-in scorer, by its `type`. */
export const ScorerSchema = z.discriminatedUnion('type', [AttributesScorerSchema]);

/** The zod schema of a whole pipeline: the one source of truth for configs and the published JSON Schema. */
export const PipelineSchema = z.strictObject({
  $schema: z.string().optional(),
  id: NameSchema,
  description: z.string().max(2000).optional(),
  idKey: z.string().min(1).max(200).optional(),
  timeZone: z.string().min(1).max(100).optional(),
  scorers: z.array(ScorerSchema).min(1).max(100),
  combine: CombineSchema.optional(),
  qualify: QualifySchema.optional(),
  segment: SegmentMapperSchema.optional(),
});

/** Any scorer as data. */
export type ScorerConfig = z.input<typeof ScorerSchema>;
/** A pipeline as data, as written in a JSON file or with the builders. */
export type PipelineConfig = z.input<typeof PipelineSchema>;
/** A pipeline after validation, with defaults filled in. */
export type ValidPipelineConfig = z.output<typeof PipelineSchema>;
