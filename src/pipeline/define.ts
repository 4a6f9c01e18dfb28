import { ConfigError } from '../errors/errors.js';
import { safeParseConfig } from '../schema/issues.js';
import { type PipelineConfig, PipelineSchema, type ValidPipelineConfig } from '../schema/pipeline.js';
import { type CompiledPipeline, compilePipeline } from './compiled.js';
import { semanticIssues } from './semantic-checks.js';

/**
 * A validated, compiled pipeline. It is still data: `JSON.stringify(pipeline)` gives its config, and
 * `definePipeline(JSON.parse(...))` gives the same pipeline back.
 *
 * @example
 * const pipeline: Pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5 }] })] });
 * pipeline.id // → 'p'
 */
export interface Pipeline {
  /** The pipeline's id. */
  readonly id: string;
  /** The validated config, with nothing compiled in it. */
  readonly config: ValidPipelineConfig;
  /** The config, for `JSON.stringify`. */
  toJSON(): ValidPipelineConfig;
}

const compiled = new WeakMap<Pipeline, CompiledPipeline>();

/** The compiled form of a pipeline made by `definePipeline`. Internal. */
export function compiledOf(pipeline: Pipeline): CompiledPipeline {
  const c = compiled.get(pipeline);
  if (c === undefined) throw new TypeError('expected a pipeline made by definePipeline()');
  return c;
}

/** True for a pipeline made by `definePipeline`. Internal. */
export function isPipeline(value: unknown): value is Pipeline {
  return typeof value === 'object' && value !== null && compiled.has(value as Pipeline);
}

/**
 * Checks a pipeline config and returns every problem with its path, without throwing. Useful for editors
 * and for `scorekit validate`.
 *
 * @example
 * validatePipeline({ id: 'p', scorers: [] }).map((i) => i.message) // → ['expected at least 1 items, got an array']
 */
export function validatePipeline(config: unknown): import('../errors/errors.js').Issue[] {
  const parsed = safeParseConfig(PipelineSchema, config);
  if (!parsed.success) return parsed.issues;
  return semanticIssues(parsed.data);
}

function subjectOf(config: unknown): string {
  const id = config !== null && typeof config === 'object' ? (config as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `the pipeline "${id}"` : 'the pipeline';
}

/**
 * The scorer names of a config, as a union of string literals when they are known at compile time (written
 * inline or with the builders), else `string`.
 *
 * @example
 * type Names = ScorerNames<{ scorers: [{ name: 'fit' }, { name: 'rfm' }] }>; // 'fit' | 'rfm'
 */
export type ScorerNames<C> = C extends {
  /** The pipeline's scorers. */
  readonly scorers: readonly (infer S)[];
}
  ? S extends {
      /** The scorer's name. */
      readonly name: infer N extends string;
    }
    ? N
    : never
  : never;

/**
 * A compile-time check of `definePipeline`: the weights of `weighted({...})` must name scorers of the
 * pipeline, so a typo such as `engagment` is a type error where the names are known. At run time the same
 * check gives a `ConfigError` with a "did you mean" hint.
 *
 * @example
 * type Ok = KnownScorerNames<{ scorers: [{ name: 'fit' }]; combine: { weights: { fit: number } } }>; // unknown: nothing to add
 */
export type KnownScorerNames<C> = C extends {
  /** The pipeline's combiner. */
  readonly combine: {
    /** Its weights, by scorer name. */
    readonly weights: infer W;
  };
}
  ? [Exclude<keyof W, ScorerNames<C>>] extends [never]
    ? unknown
    : {
        /** The combiner, with the unknown names. */
        readonly combine: {
          /** Each unknown name maps to an explanation, so the type error says which name is wrong. */
          readonly weights: {
            readonly [K in Exclude<keyof W, ScorerNames<C>> & string]: `no scorer is named "${K}"`;
          };
        };
      }
  : unknown;

/**
 * Validates a pipeline config (written with the builders or read from JSON) and compiles it once.
 * Throws a {@link ConfigError} listing every problem with its path.
 *
 * @example
 * const pipeline = definePipeline({
 *   id: 'b2b-leads',
 *   scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'company.employees', gte: 50 }, points: 20, reason: 'Mid-market or larger' }] })],
 *   qualify: thresholds([{ label: 'MQL', min: 20 }, { label: 'Lead', min: 0 }]),
 * });
 * scoreCustomers([{ id: 'a', company: { employees: 120 } }], pipeline).results[0]?.qualification // → 'MQL'
 */
export function definePipeline<const C extends PipelineConfig>(config: C & KnownScorerNames<C>): Pipeline {
  const parsed = safeParseConfig(PipelineSchema, config);
  if (!parsed.success) throw new ConfigError(subjectOf(config), parsed.issues);
  const issues = semanticIssues(parsed.data);
  if (issues.length > 0) throw new ConfigError(subjectOf(config), issues);
  const data = parsed.data;
  const pipeline: Pipeline = Object.freeze({
    id: data.id,
    config: data,
    toJSON: () => data,
  });
  compiled.set(pipeline, compilePipeline(data));
  return pipeline;
}
