import type { Rejection } from '../errors/errors.js';
import type { PipelineConfig } from '../schema/pipeline.js';
import { compiledOf, definePipeline, isPipeline, type Pipeline } from './define.js';
import { compiledOfModel, Model, makeModel } from './model.js';
import { resolveRunAsOf, runBatch } from './run.js';
import type { SideInputs } from './scorer.js';
import { RunTally, summarizeRun } from './summary.js';
import type { InputRecord, RecordSource, RunSummary, ScoredRecord } from './types.js';

/**
 * Options of a scoring run.
 *
 * @example
 * const options: ScoreOptions = { asOf: '2026-01-01', onInvalid: 'reject' };
 */
export interface ScoreOptions extends SideInputs {
  /**
   * The reference date (`2026-01-01`, a `Date` or epoch ms). Required when the pipeline reads dates
   * (RFM, behaviour, `within`); with a model, defaults to the model's own.
   */
  readonly asOf?: string | Date | number;
  /** `'reject'` (default): bad records go to `rejected`. `'throw'`: the first one throws a `RecordError`. */
  readonly onInvalid?: 'reject' | 'throw';
  /**
   * Hands each result, with the index of its record, to this function as soon as it is made, instead of
   * keeping it: `run.results` is then empty, while `rejected`, `summary` and `model` are as usual. The scores
   * are exactly those of a run that keeps its results (the population is fitted on the whole batch first);
   * only the memory differs: a million results with their explanations take about a gigabyte, which a writer
   * of files does not need to hold. The side inputs `transactions` and `events` have been read by the time
   * the first result comes out (they are read when the scorers are bound) and are not read again: a caller
   * that holds them only for the run may let them go then.
   */
  readonly onResult?: ((result: ScoredRecord, index: number) => void) | undefined;
  /**
   * `false`: the results carry no explanation (`explain` and every component's `detail` are empty), and no
   * reason text is made. Scores, qualifications, grades and segments are the same. For runs that only need the
   * scores (a million customers to a CRM), where making the texts is a good share of the time. Default `true`.
   */
  readonly explain?: boolean | undefined;
}

/**
 * The outcome of `scoreCustomers`: the scored records, the rejected ones (`results.length +
 * rejected.length === records.length`), bad side-input rows, a summary and the fitted model.
 *
 * @example
 * const run: ScoringRun = scoreCustomers([{ id: 'a', vip: true }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5 }] })] }));
 * run.results.length + run.rejected.length // → 1
 */
export interface ScoringRun {
  /** The pipeline's id. */
  readonly pipelineId: string;
  /** The reference date: `YYYY-MM-DD`, or the ISO instant when one was given. */
  readonly asOf: string;
  /** One result per scored record, in input order; empty when they were handed to `onResult` instead. */
  readonly results: readonly ScoredRecord[];
  /** The records that could not be scored, in input order. */
  readonly rejected: readonly Rejection[];
  /** Rows of transactions or events that were left out, with their `source`. */
  readonly rejectedInputs: readonly Rejection[];
  /** Counts by segment and qualification, score statistics. */
  readonly summary: RunSummary;
  /** The fitted model: store it with `JSON.stringify`, score new records with `model.score`. */
  readonly model: Model;
}

/**
 * Scores records with a pipeline (fitting its population scorers on them) or with a fitted model
 * (scoring against the population it was fitted on). A plain config is accepted too and defined on the
 * spot; define it once with `definePipeline` when you score many batches. `records` is an array, or any
 * {@link RecordSource} (records made as they are read, for populations too large to hold as objects).
 *
 * @example
 * const pipeline = definePipeline({
 *   id: 'fit',
 *   scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'country', in: ['FR', 'BE'] }, points: 10, reason: 'Core market' }] })],
 * });
 * const run = scoreCustomers([{ id: 'a', country: 'FR' }, { country: 'BE' }], pipeline);
 * run.results[0]?.score // → 10
 * run.rejected[0]?.code // → 'missing_id'
 */
export function scoreCustomers(
  records: readonly InputRecord[] | RecordSource,
  pipeline: Pipeline | Model | PipelineConfig,
  options: ScoreOptions = {},
): ScoringRun {
  const model = pipeline instanceof Model ? pipeline : undefined;
  const compiled =
    model === undefined
      ? compiledOf(asPipeline(pipeline as Pipeline | PipelineConfig))
      : compiledOfModel(model);
  const asOf = resolveRunAsOf(compiled, options.asOf, model?.asOf);
  const onResult = options.onResult;
  const tally = new RunTally();
  const emit =
    onResult === undefined
      ? undefined
      : (result: ScoredRecord, index: number): void => {
          tally.add(result);
          onResult(result, index);
        };
  const out = runBatch(
    compiled,
    records,
    asOf,
    options,
    model?.fitted,
    options.onInvalid ?? 'reject',
    true,
    emit,
    options.explain !== false,
  );
  return {
    pipelineId: compiled.config.id,
    asOf: asOf.text,
    results: out.results,
    rejected: out.rejected,
    rejectedInputs: out.rejectedInputs,
    summary:
      emit === undefined
        ? summarizeRun(records.length, out.results, out.rejected.length)
        : tally.finish(records.length, out.rejected.length),
    model: model ?? makeModel(compiled, asOf, out.population, out.fitted),
  };
}

/** A pipeline made by `definePipeline`, or a plain config to define now (throws `ConfigError` when invalid). */
function asPipeline(pipeline: Pipeline | PipelineConfig): Pipeline {
  return isPipeline(pipeline) ? pipeline : definePipeline(pipeline);
}

/**
 * Fits a pipeline on a population and returns the model, without keeping the scored records.
 *
 * @example
 * const model = fit([{ id: 'a', country: 'FR' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] })] }));
 * JSON.parse(JSON.stringify(model)).format // → 'scorekit.model/1'
 */
export function fit(
  records: readonly InputRecord[] | RecordSource,
  pipeline: Pipeline | PipelineConfig,
  options: ScoreOptions = {},
): Model {
  // Only the model is wanted: bind (and so fit) every scorer, but build no result.
  const compiled = compiledOf(asPipeline(pipeline));
  const asOf = resolveRunAsOf(compiled, options.asOf);
  const out = runBatch(compiled, records, asOf, options, undefined, options.onInvalid ?? 'reject', false);
  return makeModel(compiled, asOf, out.population, out.fitted);
}
