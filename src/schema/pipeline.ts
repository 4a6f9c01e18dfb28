import * as z from 'zod';
import { type AttributesScorerConfig, AttributesScorerSchema, NameSchema } from './attributes.js';
import { type BehaviourScorerConfig, BehaviourScorerSchema } from './behaviour.js';
import { type CombineConfig, CombineSchema } from './combine.js';
import { type GradesConfig, GradesSchema } from './grades.js';
import { type QualifyConfig, QualifySchema } from './qualify.js';
import { type RfmScorerConfig, RfmScorerSchema } from './rfm.js';
import {
  type RfmGridSegmentsConfig,
  RfmGridSegmentsSchema,
  type SegmentMapperConfig,
  SegmentMapperSchema,
} from './segments.js';

/** The zod schema of any built-in scorer, by its `type`. */
export const ScorerSchema = z.discriminatedUnion('type', [
  AttributesScorerSchema,
  RfmScorerSchema,
  BehaviourScorerSchema,
]);

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
  grade: GradesSchema.optional(),
  segment: z.discriminatedUnion('type', [SegmentMapperSchema, RfmGridSegmentsSchema]).optional(),
});

/**
 * Any built-in scorer as data, told apart by `type`.
 *
 * @example
 * const scorer: ScorerConfig = attributes({ name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] });
 */
export type ScorerConfig = AttributesScorerConfig | RfmScorerConfig | BehaviourScorerConfig;

/**
 * A pipeline as data, as written in a JSON file or with the builders.
 *
 * @example
 * const config: PipelineConfig = {
 *   id: 'customers',
 *   scorers: [{ type: 'attributes', name: 'fit', rules: [{ when: { field: 'country', in: ['FR', 'BE'] }, points: 10 }] }],
 *   qualify: { type: 'thresholds', levels: [{ label: 'target', min: 10 }] },
 * };
 */
export interface PipelineConfig {
  /** Path or URL of the JSON Schema, for editors; ignored by scorekit. */
  readonly $schema?: string | undefined;
  /** The pipeline's id (letters, digits, `_`, `-`). */
  readonly id: string;
  /** What the pipeline is for. */
  readonly description?: string | undefined;
  /** The record field that holds the id (default `id`). */
  readonly idKey?: string | undefined;
  /** IANA time zone in which calendar days are counted (default `UTC`). */
  readonly timeZone?: string | undefined;
  /** The scorers, each giving one component. */
  readonly scorers: readonly ScorerConfig[];
  /** How components make the score (default: `sum()`). */
  readonly combine?: CombineConfig | undefined;
  /** How the score makes a qualification. */
  readonly qualify?: QualifyConfig | undefined;
  /** Grades: fit × engagement into a matrix cell such as `A1`. */
  readonly grade?: GradesConfig | undefined;
  /** How the scored record gets its segment: rules, or the RFM grid as data (made into rules when validated). */
  readonly segment?: SegmentMapperConfig | RfmGridSegmentsConfig | undefined;
}

/**
 * A pipeline config after validation: the same shape as {@link PipelineConfig}.
 *
 * @example
 * const valid: ValidPipelineConfig = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'a', eq: 1 }, points: 1 }] })] }).config;
 */
export type ValidPipelineConfig = Omit<PipelineConfig, 'segment'> & {
  /** How the scored record gets its segment (an RFM grid is rules by now). */
  readonly segment?: SegmentMapperConfig | undefined;
};

type Check<T extends PipelineConfig> = T;
type _PipelineCheck = Check<z.output<typeof PipelineSchema>>;
type ValidCheck<T extends ValidPipelineConfig> = T;
type _ValidCheck = ValidCheck<z.output<typeof PipelineSchema>>;

/**
 * The JSON Schema of a pipeline config, generated from the zod schemas, for editors and other languages.
 * The package also ships it as `scorekit/schema.json`.
 *
 * @example
 * const schema = pipelineJsonSchema();
 * schema.title // → 'scorekit pipeline'
 */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PipelineSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    title: 'scorekit pipeline',
    description: 'A scorekit scoring pipeline: scorers, combine, qualify and segment, as data.',
  };
}
