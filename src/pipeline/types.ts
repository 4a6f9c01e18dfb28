import type { Rejection } from '../errors/errors.js';
import type { Grade } from '../grades/compile.js';
import type { Transition } from '../qualify/stages.js';

/**
 * Any value that survives `JSON.stringify` / `JSON.parse` unchanged.
 *
 * @example
 * const value: JsonValue = { cuts: [1, 2, 3], label: 'ok', on: true, none: null };
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * A plain input object: a customer, a lead, a transaction or an event. Any object type is accepted,
 * including your own interfaces; fields are read by name (own properties only).
 *
 * @example
 * const customer: InputRecord = { id: 'c-1', country: 'FR', company: { employees: 120 } };
 */
export type InputRecord = object;

/**
 * Records read by position: an array of records is one, and so is a table that keeps a very large population
 * in columns and makes each record only when a scorer reads it (the command line keeps a million customers
 * that way: a few bytes each instead of an object each). `at(index)` must give an equal record each time it
 * is called (it may be a new object); the run reads each record at most twice.
 *
 * @example
 * const rows = [['c-1', 'FR'], ['c-2', 'BE']];
 * const source: RecordSource = { length: rows.length, at: (i) => ({ id: rows[i]?.[0], country: rows[i]?.[1] }) };
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] })] });
 * scoreCustomers(source, pipeline).results.map((r) => r.score) // → [10, 0]
 */
export interface RecordSource {
  /** The number of records. */
  readonly length: number;
  /** Record `index`, for `0 ≤ index < length`. */
  at(index: number): InputRecord | undefined;
  /**
   * Optional: the own top-level field `key` of record `index`, as `at(index)` has it (`undefined` when it has
   * none, or is not an object), read without making the record. The ids are then read this way, once each
   * (a table kept in columns, such as the command line's CSV customers, then makes each record once instead
   * of twice).
   */
  field?(index: number, key: string): unknown;
  /**
   * Optional, with `field`: the UTF-8 bytes of the field `key` of record `index` when it is a string of
   * ASCII characters that are not all spaces, copied into `target` from `at` (room for `room` bytes); returns
   * how many. -1 when the field is not such a string, or needs more room: the id is then read with `field`.
   * The ids of a table kept as bytes (the command line's CSV customers) are then read without making their
   * text.
   */
  fieldBytes?(index: number, key: string, target: Uint8Array, at: number, room: number): number;
  /**
   * Optional, with `field`: what `fieldBytes` gives for field `key`, for every record at once. `bytes` holds
   * the records' bytes one after the other: record `i`'s end at `ends[i]` and start where record `i - 1`'s
   * end (0 for the first). A record for which `fieldBytes` gives -1 has `-1 - end` instead (`bytes` may hold
   * anything up to that end), and is read with `field`. `undefined` when the source cannot. The run may
   * change `ends`, never `bytes` (which may be the source's own memory). The ids of a million records are then
   * taken in a few ms instead of asked one by one (50 ms).
   */
  fieldBytesColumn?(key: string):
    | {
        /** The records' bytes, one after the other. */
        readonly bytes: Uint8Array;
        /** Where each record's bytes end, or `-1 - end` for a record to read with `field`. */
        readonly ends: Int32Array;
      }
    | undefined;
  /**
   * Optional: `true` when the source knows that every record has an id in field `key` and that no two have
   * the same one, as the run reads ids (the same string): the run then does not look for repeated ids itself
   * (a million ids take about 0.05 s; the command line's customers are checked while their transactions are
   * read). Anything else, or no such function: the run looks for them. A source that says so wrongly gets a
   * result for each copy of a repeated id instead of their rejection.
   */
  distinctIds?(key: string): boolean;
}

/** An input object seen as a dictionary of fields. Internal. */
export type FieldMap = Readonly<Record<string, unknown>>;

/**
 * One reason for points: which scorer and rule gave them, how many, and why in words. The contributions
 * of a component always add up exactly to its value.
 *
 * @example
 * const contribution: Contribution = { scorer: 'fit', rule: 'core-market', points: 10, reason: 'Core market' };
 */
export interface Contribution {
  /** Name of the scorer that gave the points. */
  readonly scorer: string;
  /** The rule's id, or its position such as `rules[2]`. */
  readonly rule: string;
  /** Points given (negative for a penalty). */
  readonly points: number;
  /** Why, for people. */
  readonly reason: string;
}

/**
 * What one scorer gives one record: its raw value, the most it could give, the value normalized to
 * 0..1 for combining, and the contributions that make up the value.
 *
 * @example
 * const component: ComponentScore = {
 *   scorer: 'fit', type: 'attributes', value: 30, max: 40, normalized: 0.75,
 *   detail: [{ scorer: 'fit', rule: 'rules[0]', points: 30, reason: 'Mid-market or larger' }],
 * };
 */
export interface ComponentScore {
  /** The scorer's name in the pipeline. */
  readonly scorer: string;
  /** The scorer's type (`attributes`, `rfm`, `behaviour`, …). */
  readonly type: string;
  /** Raw value: the sum of `detail[].points`. */
  readonly value: number;
  /** The largest value this scorer can give. */
  readonly max: number;
  /** The value mapped to 0..1, used by `weighted()`. */
  readonly normalized: number;
  /** Every contribution; their points add up to `value`. */
  readonly detail: readonly Contribution[];
}

/**
 * A named segment: what to call a group of customers, how to show it and what to do with it.
 *
 * @example
 * const segment: Segment = { key: 'champions', label: 'Champions', color: '#1a7f37', action: 'Reward them; ask for reviews.' };
 */
export interface Segment {
  /** Stable identifier, for code and exports. */
  readonly key: string;
  /** Name shown to people. */
  readonly label: string;
  /** CSS colour used by the reports. */
  readonly color: string;
  /** Recommended action for this segment. */
  readonly action: string;
}

/**
 * One scored record.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'country', eq: 'FR' }, points: 10 }] })] });
 * const result: ScoredRecord | undefined = scoreCustomers([{ id: 'a', country: 'FR' }], pipeline).results[0];
 */
export interface ScoredRecord {
  /** The record's id, as a string. */
  readonly id: string;
  /** The combined score. */
  readonly score: number;
  /** Each scorer's component, by scorer name. */
  readonly components: Readonly<Record<string, ComponentScore>>;
  /** The qualification level reached, or `null` when none is configured or reached. */
  readonly qualification: string | null;
  /** The segment, or `null` when no segment mapper is configured or no rule matched. */
  readonly segment: Segment | null;
  /** The grade (fit × engagement), when the pipeline has `grade`. */
  readonly grade?: Grade;
  /** How the stage moved from the previous one, when a previous stage is known (hysteresis). */
  readonly transition?: Transition;
  /** Every contribution of every component, in pipeline order. */
  readonly explain: readonly Contribution[];
}

/**
 * Counts of a run, by segment and by qualification, and the score distribution.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a' }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'x', exists: true }, points: 1 }] })] }));
 * run.summary.input // → 1
 */
export interface RunSummary {
  /** Number of input records. */
  readonly input: number;
  /** Number of records scored. */
  readonly scored: number;
  /** Number of records rejected. */
  readonly rejected: number;
  /** Scored records per segment key (`null` key: `'(none)'`). */
  readonly bySegment: Readonly<Record<string, number>>;
  /** Scored records per qualification (`null`: `'(none)'`). */
  readonly byQualification: Readonly<Record<string, number>>;
  /** Score statistics over the scored records (`null` when nothing was scored). */
  readonly score: ScoreStatistics | null;
}

/**
 * Minimum, maximum, mean and median of the scores of a run.
 *
 * @example
 * const stats: ScoreStatistics = { min: 0, max: 100, mean: 42.5, median: 40 };
 */
export interface ScoreStatistics {
  /** The lowest score. */
  readonly min: number;
  /** The highest score. */
  readonly max: number;
  /** The mean score. */
  readonly mean: number;
  /** The median score. */
  readonly median: number;
}

/**
 * Re-export of the rejection shape for convenience.
 *
 * @example
 * const rejected: RejectedRecord = { index: 2, path: ['id'], code: 'duplicate_id', message: 'id "a" appears 2 times', id: 'a' };
 */
export type RejectedRecord = Rejection;
