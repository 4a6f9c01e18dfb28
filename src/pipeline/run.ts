import { ConfigError, RecordError, type Rejection } from '../errors/errors.js';
import type { Transition } from '../qualify/stages.js';
import { type AsOf, resolveAsOf } from '../time/as-of.js';
import type { CompiledPipeline } from './compiled.js';
import { IdColumn } from './id-column.js';
import { type Batch, type BoundScorer, RecordFailure, type SideInputs } from './scorer.js';
import type {
  ComponentScore,
  Contribution,
  InputRecord,
  JsonValue,
  RecordSource,
  ScoredRecord,
} from './types.js';

/** The epoch, used as asOf by pipelines that read no dates. */
const TIMELESS = '1970-01-01';

/** Resolves the asOf of a run, refusing to guess one when the pipeline reads dates. */
export function resolveRunAsOf(pipeline: CompiledPipeline, asOf: unknown, fallback?: string): AsOf {
  if (asOf === undefined) {
    if (fallback !== undefined) return resolveAsOf(fallback, pipeline.timeZone);
    if (pipeline.usesTime || pipeline.hasPopulationScorers) {
      throw new ConfigError('the run', [
        {
          code: 'missing_as_of',
          path: ['asOf'],
          message: 'this pipeline reads dates: give the reference date, e.g. { asOf: "2026-01-01" }',
        },
      ]);
    }
    return resolveAsOf(TIMELESS, pipeline.timeZone);
  }
  return resolveAsOf(asOf, pipeline.timeZone);
}

/** Reads a record's id: a non-empty string or a finite number, as a string; `null` when the record is not an object. */
export function readId(record: unknown, idKey: string): string | undefined | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  if (!Object.hasOwn(record, idKey)) return undefined;
  return idOf((record as Record<string, unknown>)[idKey]);
}

/** A field's value as an id: a non-blank string, or a finite number or a bigint as a string. */
function idOf(id: unknown): string | undefined {
  if (typeof id === 'string') return id.trim() === '' ? undefined : id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'bigint') return String(id);
  return undefined;
}

/**
 * Record `i`'s id as `readId` reads it: from the source's `field` when it has one (no record made), the
 * record itself telling a missing id from a record that is not an object.
 */
function idAt(records: RecordSource, i: number, idKey: string): string | undefined | null {
  if (records.field !== undefined) {
    const id = idOf(records.field(i, idKey));
    if (id !== undefined) return id;
  }
  return readId(records.at(i), idKey);
}

/** Everything a batch run produces before the model is assembled. */
export interface BatchOutcome {
  readonly results: ScoredRecord[];
  readonly rejected: Rejection[];
  readonly rejectedInputs: Rejection[];
  readonly fitted: Record<string, JsonValue>;
  /** Number of records with a usable id: the population the scorers were fitted on. */
  readonly population: number;
}

/**
 * Scores a batch: checks ids, binds every scorer (fitting population scorers when `fitted` is not given),
 * then (unless `scoreRecords` is false: a fit that only needs the model) scores, combines, qualifies and
 * segments each record, keeping each result or handing it to `emit`. Records that fail go to `rejected`, with
 * nothing dropped: results + rejected = records.
 */
export function runBatch(
  pipeline: CompiledPipeline,
  records: RecordSource,
  asOf: AsOf,
  inputs: SideInputs,
  fitted: Readonly<Record<string, JsonValue>> | undefined,
  onInvalid: 'reject' | 'throw',
  scoreRecords = true,
  emit?: (result: ScoredRecord, index: number) => void,
  explain = true,
): BatchOutcome {
  const n = records.length;
  // A record's first rejection, by its index: a map rather than an array of every record (a million records
  // made an array of 8 MB, and a pass over it at the end, for the few rejected).
  const rejected = new Map<number, Rejection>();
  const rejectedInputs: Rejection[] = [];
  const fail = (rejection: Rejection): void => {
    if (onInvalid === 'throw') throw new RecordError(rejection);
    if (!rejected.has(rejection.index)) rejected.set(rejection.index, rejection);
  };

  // Ids: missing ones and every copy of a repeated one are rejected, so the outcome never depends on order.
  // One pass finds whether there is any repeat at all (the common case: none); only then count.
  // Kept as an IdColumn: a million id strings held 30 MB of the heap through the whole run.
  const idKey = pipeline.idKey;
  // The ASCII ids as bytes when the source can give them (no text made): all at once, or one by one; any
  // other read as `readId` reads it.
  const block = records.field === undefined ? undefined : records.fieldBytesColumn?.(idKey);
  const whole = block !== undefined && block.ends.length === n;
  const ids = whole ? IdColumn.fromBytes(block.bytes, block.ends) : new IdColumn(n);
  const asBytes = !whole && records.fieldBytes !== undefined && records.field !== undefined;
  for (let i = 0; i < n; i++) {
    if (whole ? ids.has(i) : asBytes && ids.pushField(records, i, idKey)) continue;
    const id = idAt(records, i, idKey);
    if (whole) ids.fill(i, id ?? undefined);
    else ids.push(id ?? undefined);
    if (id === null) {
      fail({ index: i, path: [], code: 'invalid_record', message: 'expected an object' });
    } else if (id === undefined) {
      fail({
        index: i,
        path: [pipeline.idKey],
        code: 'missing_id',
        message: `the record has no usable "${pipeline.idKey}" (a non-empty string or a number)`,
      });
    }
  }
  // A source may know its ids to be all different (RecordSource `distinctIds`): then there is nothing to look for.
  if (records.distinctIds?.(idKey) !== true && ids.hasRepeats()) rejectRepeatedIds(ids, idKey, fail);

  const batch: Batch = {
    records,
    ids,
    idKey,
    asOf,
    inputs,
    explain,
    rejectRecord: (r) => {
      fail(r);
      ids.drop(r.index);
    },
    rejectInput: (r) => {
      if (onInvalid === 'throw') throw new RecordError(r);
      rejectedInputs.push(r);
    },
  };
  const bound: BoundScorer[] = [];
  const learned: Record<string, JsonValue> = {};
  for (const scorer of pipeline.scorers) {
    const b = scorer.bind(batch, fitted?.[scorer.name]);
    bound.push(b);
    if (scorer.population && b.fitted !== undefined) learned[scorer.name] = b.fitted;
  }
  let population = 0;
  for (let i = 0; i < n; i++) if (ids.has(i)) population++;

  // The records are made only when something reads them (not for RFM alone: its features are bound).
  const readsRecords =
    pipeline.hasSegments || pipeline.stager !== undefined || bound.some((b) => b.readsRecord !== false);
  const results: ScoredRecord[] = [];
  for (let i = 0; scoreRecords && i < n; i++) {
    const id = ids.at(i);
    if (id === undefined) continue;
    const record = readsRecords ? (records.at(i) as InputRecord) : NO_RECORD;
    let result: ScoredRecord;
    try {
      result = scoreOne(pipeline, bound, record, i, id, asOf, inputs);
    } catch (error) {
      if (!(error instanceof RecordFailure)) throw error;
      fail({ index: i, id, path: error.path, code: error.code, message: error.message });
      continue;
    }
    if (emit === undefined) results.push(result);
    else emit(result, i);
  }
  return {
    results,
    rejected: [...rejected.values()].sort((a, b) => a.index - b.index),
    rejectedInputs,
    fitted: learned,
    population,
  };
}

/** Rejects every copy of an id that appears more than once. */
function rejectRepeatedIds(ids: IdColumn, idKey: string, fail: (r: Rejection) => void): void {
  const counts = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids.at(i);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids.at(i);
    const count = id === undefined ? 1 : (counts.get(id) ?? 1);
    if (id !== undefined && count > 1) {
      fail({
        index: i,
        id,
        path: [idKey],
        code: 'duplicate_id',
        message: `the id "${id}" appears ${count} times`,
      });
      ids.drop(i);
    }
  }
}

const NO_CONTRIBUTIONS: readonly Contribution[] = Object.freeze([]);
// The record given to scorers that do not read it.
const NO_RECORD: InputRecord = Object.freeze({});

/** Scores one record with bound scorers. Throws `RecordFailure` when the record cannot be scored. */
export function scoreOne(
  pipeline: CompiledPipeline,
  bound: readonly BoundScorer[],
  record: InputRecord,
  index: number,
  id: string,
  asOf: AsOf,
  inputs: SideInputs,
): ScoredRecord {
  const components: Record<string, ComponentScore> = {};
  // One scorer: its detail is the explanation (no array made for it); several: their details in order.
  let explain: readonly Contribution[] = NO_CONTRIBUTIONS;
  let joined: Contribution[] | undefined;
  for (let s = 0; s < bound.length; s++) {
    const component = (bound[s] as BoundScorer).score(record, index);
    components[component.scorer] = component;
    if (s === 0) explain = component.detail;
    else {
      joined ??= [...explain];
      for (const c of component.detail) joined.push(c);
      explain = joined;
    }
  }
  const score = pipeline.combine(components);
  let qualification = pipeline.qualify(score, components);
  let transition: Transition | undefined;
  const stager = pipeline.stager;
  if (stager !== undefined) {
    const given = inputs.previous;
    const fromOption = given !== undefined && Object.hasOwn(given, id);
    const previous = fromOption ? (given[id] ?? null) : stager.previousOf(record);
    if (previous !== undefined || given !== undefined || stager.always) {
      const path =
        fromOption || previous === undefined
          ? ['previous', id]
          : (pipeline.config.qualify?.previous ?? '').split('.');
      const staged = stager.stage(score, components, previous ?? null, path);
      qualification = staged.qualification;
      transition = staged.transition;
    }
  }
  const grade = pipeline.grade?.(components);
  const segment = pipeline.hasSegments
    ? pipeline.segment({ score, qualification, grade, components, record }, asOf)
    : null;
  const result: ScoredRecord = { id, score, components, qualification, segment, explain };
  if (grade === undefined && transition === undefined) return result;
  return {
    ...result,
    ...(grade === undefined ? {} : { grade }),
    ...(transition === undefined ? {} : { transition }),
  };
}
