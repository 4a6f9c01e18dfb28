import { ConfigError, RecordError } from '../errors/errors.js';
import { safeParseConfig } from '../schema/issues.js';
import { MODEL_FORMAT, ModelSchema } from '../schema/model.js';
import type { ValidPipelineConfig } from '../schema/pipeline.js';
import type { LeadState } from '../scorers/behaviour/state-types.js';
import type { AsOf } from '../time/as-of.js';
import type { CompiledPipeline } from './compiled.js';
import { compiledOf, definePipeline } from './define.js';
import { IdColumn } from './id-column.js';
import { readId, resolveRunAsOf, runBatch, scoreOne } from './run.js';
import { type BoundScorer, RecordFailure, type SideInputs } from './scorer.js';
import type { InputRecord, JsonValue, ScoredRecord } from './types.js';

/**
 * A fitted model as stored: the pipeline, the reference date of the fit and what each population scorer
 * learned. This is exactly what `JSON.stringify(model)` writes.
 *
 * @example
 * const data: ModelData = JSON.parse(JSON.stringify(fit([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }))));
 * data.format // → 'scorekit.model/1'
 */
export interface ModelData {
  /** Versioned format tag, `scorekit.model/1`. */
  readonly format: typeof MODEL_FORMAT;
  /** The pipeline config. */
  readonly pipeline: ValidPipelineConfig;
  /** The reference date of the fit: `YYYY-MM-DD`, or an ISO instant when the fit was given one. */
  readonly asOf: string;
  /** How many records the model was fitted on. */
  readonly population: number;
  /** What each population scorer learned, by scorer name. */
  readonly fitted: Readonly<Record<string, JsonValue>>;
}

/**
 * Options for scoring one record with a model.
 *
 * @example
 * const options: ModelScoreOptions = { asOf: '2026-01-01', transactions: [] };
 */
export interface ModelScoreOptions extends Omit<SideInputs, 'states' | 'previous'> {
  /** The reference date; defaults to the model's own `asOf`. */
  readonly asOf?: string | Date | number;
  /** The lead's stored behaviour (`foldEvents`); `events` given too are folded in. */
  readonly state?: LeadState | undefined;
  /** The lead's previous stage (`null`: none), for qualification with hysteresis. */
  readonly previous?: string | null | undefined;
}

/**
 * A fitted pipeline: score one record in real time with `score`, store it with `JSON.stringify`, load it
 * back with `loadModel`. Scores from a loaded model are identical to the batch that fitted it.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] })] });
 * const model = fit([{ id: 'a', country: 'FR' }], pipeline);
 * const again = loadModel(JSON.stringify(model));
 * again.score({ id: 'b', country: 'FR' }).score // → 10
 */
export class Model {
  /** Versioned format tag. */
  readonly format: typeof MODEL_FORMAT = MODEL_FORMAT;
  /** The pipeline config. */
  readonly pipeline: ValidPipelineConfig;
  /** The reference date of the fit. */
  readonly asOf: string;
  /** How many records the model was fitted on. */
  readonly population: number;
  /** What each population scorer learned. */
  readonly fitted: Readonly<Record<string, JsonValue>>;
  readonly #compiled: CompiledPipeline;
  #cachedAsOf: { key: unknown; value: AsOf } | undefined;
  #recordBound: readonly BoundScorer[] | undefined;

  /** @internal Use `fit`, `scoreCustomers(...).model` or `loadModel`. */
  constructor(data: ModelData, compiled: CompiledPipeline) {
    this.pipeline = data.pipeline;
    this.asOf = data.asOf;
    this.population = data.population;
    this.fitted = data.fitted;
    this.#compiled = compiled;
    modelCompiled.set(this, compiled);
  }

  #resolveAsOf(asOf: unknown): AsOf {
    const key = asOf ?? this.asOf;
    if (this.#cachedAsOf?.key !== key) this.#cachedAsOf = { key, value: resolveRunAsOf(this.#compiled, key) };
    return this.#cachedAsOf.value;
  }

  /**
   * Scores one record against the fitted population. Throws a {@link RecordError} when the record
   * cannot be scored.
   */
  score(record: InputRecord, options: ModelScoreOptions = {}): ScoredRecord {
    const asOf = this.#resolveAsOf(options.asOf);
    const needsBatch =
      options.transactions !== undefined ||
      options.events !== undefined ||
      options.state !== undefined ||
      this.#compiled.hasPopulationScorers;
    if (!needsBatch && options.asOf === undefined) {
      // Fast path: record scorers need no batch, so they are bound once and reused.
      this.#recordBound ??= this.#bindAlone(record, asOf, {});
      const id = readId(record, this.#compiled.idKey);
      if (typeof id !== 'string') {
        throw new RecordError({
          index: 0,
          path: id === null ? [] : [this.#compiled.idKey],
          code: id === null ? 'invalid_record' : 'missing_id',
          message:
            id === null
              ? 'expected an object'
              : `the record has no usable "${this.#compiled.idKey}" (a non-empty string or a number)`,
        });
      }
      try {
        return scoreOne(
          this.#compiled,
          this.#recordBound,
          record,
          0,
          id,
          asOf,
          options.previous === undefined ? NO_INPUTS : { previous: { [id]: options.previous } },
        );
      } catch (error) {
        if (error instanceof RecordFailure)
          throw new RecordError({ index: 0, id, path: error.path, code: error.code, message: error.message });
        throw error;
      }
    }
    const out = runBatch(
      this.#compiled,
      [record],
      asOf,
      this.#inputsOf(record, options),
      this.fitted,
      'throw',
    );
    const result = out.results[0];
    if (result === undefined)
      throw new RecordError(
        out.rejected[0] ?? { index: 0, path: [], code: 'rejected', message: 'the record was rejected' },
      );
    return result;
  }

  #inputsOf(record: InputRecord, options: ModelScoreOptions): SideInputs {
    const { state, previous, ...rest } = options;
    const id = readId(record, this.#compiled.idKey);
    if (typeof id !== 'string' || (state === undefined && previous === undefined)) return rest;
    return {
      ...rest,
      ...(state === undefined ? {} : { states: { [id]: state } }),
      ...(previous === undefined ? {} : { previous: { [id]: previous } }),
    };
  }

  #bindAlone(record: InputRecord, asOf: AsOf, inputs: SideInputs): readonly BoundScorer[] {
    const batch = {
      records: [record],
      ids: IdColumn.of(['']),
      idKey: this.#compiled.idKey,
      asOf,
      inputs,
      explain: true,
      rejectRecord: () => undefined,
      rejectInput: () => undefined,
    };
    return this.#compiled.scorers.map((s) => s.bind(batch, this.fitted[s.name]));
  }

  /** The stored form, for `JSON.stringify`. */
  toJSON(): ModelData {
    return {
      format: this.format,
      pipeline: this.pipeline,
      asOf: this.asOf,
      population: this.population,
      fitted: this.fitted,
    };
  }
}

const modelCompiled = new WeakMap<Model, CompiledPipeline>();
const NO_INPUTS: SideInputs = Object.freeze({});

/** The compiled pipeline of a model. Internal. */
export function compiledOfModel(model: Model): CompiledPipeline {
  const c = modelCompiled.get(model);
  if (c === undefined) throw new TypeError('expected a model made by fit() or loadModel()');
  return c;
}

/** Builds a model from a pipeline and what a batch learned. Internal. */
export function makeModel(
  compiled: CompiledPipeline,
  asOf: AsOf,
  population: number,
  fitted: Record<string, JsonValue>,
): Model {
  return new Model(
    { format: MODEL_FORMAT, pipeline: compiled.config, asOf: asOf.text, population, fitted },
    compiled,
  );
}

/**
 * Loads a stored model (a JSON string or the parsed object), validating its format and its pipeline.
 * Throws a {@link ConfigError} with code `invalid_model` listing every problem.
 *
 * @example
 * const model = fit([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * loadModel(JSON.stringify(model)).score({ id: 'b', x: 1 }).score // → 1
 */
export function loadModel(json: string | unknown): Model {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new ConfigError(
        'the model',
        [{ code: 'invalid_json', path: [], message: `not valid JSON: ${(error as Error).message}` }],
        'invalid_model',
      );
    }
  }
  const parsed = safeParseConfig(ModelSchema, data);
  if (!parsed.success) throw new ConfigError('the model', parsed.issues, 'invalid_model');
  let pipeline: ReturnType<typeof definePipeline>;
  try {
    pipeline = definePipeline(parsed.data.pipeline as ValidPipelineConfig);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(
        'the model',
        error.issues.map((i) => ({ ...i, path: ['pipeline', ...i.path] })),
        'invalid_model',
      );
    }
    throw error;
  }
  const compiled = compiledOf(pipeline);
  return new Model(
    {
      ...parsed.data,
      format: MODEL_FORMAT,
      pipeline: compiled.config,
      fitted: parsed.data.fitted as Record<string, JsonValue>,
    },
    compiled,
  );
}
