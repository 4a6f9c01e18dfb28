// The contract between the engine and each kind of scorer. Internal: not exported from src/index.ts.
import type { Rejection } from '../errors/errors.js';
import type { LeadState } from '../scorers/behaviour/state-types.js';
import type { PreparedTransactions } from '../scorers/rfm/compile.js';
import type { AsOf } from '../time/as-of.js';
import type { IdColumn } from './id-column.js';
import type { ComponentScore, Contribution, InputRecord, JsonValue, RecordSource } from './types.js';

/** The `detail` of a component in a run without explanations (`explain: false`): shared, empty, frozen. */
export const NO_DETAIL: readonly Contribution[] = Object.freeze([]);

/** Side inputs given to a run besides the records themselves. */
export interface SideInputs {
  /**
   * Purchase rows (`{ customerId, date, amount, … }`) for RFM scorers fed by transactions, or the same
   * already aggregated while a file was read (`aggregateTransactions`).
   */
  readonly transactions?: readonly InputRecord[] | PreparedTransactions | undefined;
  /** Behaviour rows (`{ customerId, type, at, … }`) for behaviour scorers. */
  readonly events?: readonly InputRecord[] | undefined;
  /** Stored lead states (from `foldEvents`) by lead id, for behaviour scorers; events given too are folded in. */
  readonly states?: Readonly<Record<string, LeadState>> | undefined;
  /** Each lead's previous stage by id (`null`: none), for qualification with hysteresis. */
  readonly previous?: Readonly<Record<string, string | null>> | undefined;
}

/**
 * One batch of records being fitted or scored. `ids.at(i)` is the record's id as a string, or `undefined`
 * when the record was already rejected (missing or duplicate id): scorers skip those (`ids.has(i)`).
 */
export interface Batch {
  /** The records, read by position (`at`): an array, or a table that makes each record when it is read. */
  readonly records: RecordSource;
  readonly ids: IdColumn;
  /** The field the ids are read from. */
  readonly idKey: string;
  readonly asOf: AsOf;
  readonly inputs: SideInputs;
  /**
   * Whether components carry their `detail` (the run's explanation): `false` with `scoreCustomers(…, {
   * explain: false })`, and a scorer then returns {@link NO_DETAIL}, making no reason text at all.
   */
  readonly explain: boolean;
  /** Rejects record `index` (it will not be scored). Population scorers call this while binding. */
  rejectRecord(rejection: Omit<Rejection, 'source'>): void;
  /** Reports a bad row of a side input (transactions, events); it is left out and listed in `run.rejectedInputs`. */
  rejectInput(rejection: Rejection & { readonly source: 'transactions' | 'events' }): void;
}

/** A scorer bound to a batch: scores records by index. */
export interface BoundScorer {
  /** What a population scorer learned at fit time (JSON), stored in the model under the scorer's name. */
  readonly fitted?: JsonValue;
  /**
   * Scores record `index` of the batch. Throws a {@link RecordFailure} to reject the record.
   */
  score(record: InputRecord, index: number): ComponentScore;
  /**
   * `false` when `score` reads only `index` (its features were taken from the batch when it was bound): a run
   * whose scorers, segments and stages read no record then makes none.
   */
  readonly readsRecord?: boolean;
}

/** A compiled scorer, made once by `definePipeline`. */
export interface CompiledScorer {
  readonly name: string;
  readonly type: string;
  /** True when the scorer must be fitted on a population (RFM quantiles…). */
  readonly population: boolean;
  /**
   * Binds the scorer to a batch. A record scorer (`population: false`) that is given no side inputs must not
   * keep anything from `batch.records`: `model.score` binds it once and reuses it for every record. `fitted` is what an earlier fit learned (when scoring with a model);
   * when it is `undefined` a population scorer fits on this batch and returns what it learned in
   * `BoundScorer.fitted`.
   */
  bind(batch: Batch, fitted: JsonValue | undefined): BoundScorer;
}

/**
 * Thrown by a scorer (or a condition) to reject the record being scored; the engine turns it into a
 * rejection with the record's index and id.
 */
export class RecordFailure extends Error {
  readonly path: readonly (string | number)[];
  readonly code: string;

  constructor(path: readonly (string | number)[], code: string, message: string) {
    super(message);
    this.name = 'RecordFailure';
    this.path = path;
    this.code = code;
  }
}
