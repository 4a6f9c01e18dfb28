import { IdColumn } from '../pipeline/id-column.js';
import type { ScoredRecord, Segment } from '../pipeline/types.js';

/** The RFM fields of one RFM component, one position per result. */
interface RfmColumns {
  /** Recency in days, NaN for a customer without a purchase. */
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
}

/** One component, one position per result: its value (NaN where a result does not have it). */
interface ComponentColumn {
  readonly name: string;
  value: Float64Array;
  rfm: RfmColumns | undefined;
}

/**
 * What the reports read of each result (score, segment, qualification, grade, component values and RFM
 * fields), kept as columns: about 70 bytes a result instead of the result with its explanations. Collect the
 * results of a run that hands them out (`scoreCustomers(…, { onResult })`) and give the columns to `summarize`,
 * `rfmHeatmap` and `gradeMatrix`, which then give exactly what they give from the results themselves.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 10 }] })] });
 * const columns = new ResultColumns();
 * const run = scoreCustomers([{ id: 'a', vip: true }, { id: 'b' }], pipeline, { onResult: (r) => columns.add(r) });
 * columns.size // → 2
 * summarize(run, { columns }).segments[0]?.meanScore // → 5
 */
export class ResultColumns {
  /** Number of results added. */
  size = 0;
  // The ids, in the order added, kept compact (see IdColumn); none with `ids: false`.
  readonly #ids: IdColumn;
  readonly #keepsIds: boolean;
  /** @internal Scores. */
  scores: Float64Array;
  /** @internal Revenue from the `revenue` function given (empty without one). */
  revenue: Float64Array;
  // The segment, qualification and grade of each result as 1 + their index in `segments`, `qualifications`
  // and `grades`, 0 for none: never written then, so that a pipeline without them leaves these arrays'
  // memory untouched (12 MB for a million results).
  /** @internal 1 + index in `segments`, 0 for none. */
  segmentCode: Int32Array;
  /** @internal The segments met, by first appearance (the first description of each key). */
  readonly segments: Segment[] = [];
  /** @internal 1 + index in `qualifications`, 0 for none. */
  qualificationCode: Int32Array;
  /** @internal The qualification labels met. */
  readonly qualifications: string[] = [];
  /** @internal 1 + index in `grades`, 0 for none. */
  gradeCode: Int32Array;
  /** @internal The grade cells met. */
  readonly grades: string[] = [];
  /** @internal The components met, by first appearance. */
  readonly components: ComponentColumn[] = [];
  /** @internal Index in `components` of each result's first RFM component, -1 for none. */
  rfmOf: Int16Array;
  readonly #revenueOf: ((result: ScoredRecord) => number) | undefined;
  readonly #segmentIndex = new Map<string, number>();
  readonly #qualificationIndex = new Map<string, number>();
  readonly #gradeIndex = new Map<string, number>();
  readonly #componentIndex = new Map<string, number>();
  // The components' names of the last result added, in order, and their places in `components`.
  readonly #lastNames: string[] = [];
  readonly #lastPlaces: number[] = [];

  /**
   * `revenue`: the revenue of a result, when it is not the monetary value of its RFM component. `size`: about
   * how many results will be added (the columns are made that long at once instead of growing by doubling).
   * `ids: false`: the results' ids are not kept, for a board without its top results (`summarize` with `top: 0`):
   * a million ids take about 12 MB and a tenth of the time of `add`.
   */
  constructor(
    options: {
      readonly revenue?: ((result: ScoredRecord) => number) | undefined;
      readonly size?: number | undefined;
      readonly ids?: boolean | undefined;
    } = {},
  ) {
    this.#revenueOf = options.revenue;
    this.#keepsIds = options.ids ?? true;
    const n = Math.max(1, Math.ceil(options.size ?? 1024));
    this.scores = new Float64Array(n);
    this.revenue = new Float64Array(this.#revenueOf === undefined ? 0 : n);
    this.segmentCode = new Int32Array(n);
    this.qualificationCode = new Int32Array(n);
    this.gradeCode = new Int32Array(n);
    this.rfmOf = new Int16Array(n);
    this.#ids = new IdColumn(this.#keepsIds ? n : 0);
  }

  /** @internal Whether a `revenue` function was given. */
  get hasRevenue(): boolean {
    return this.#revenueOf !== undefined;
  }

  /** @internal The id of the result added `i`-th. */
  idAt(i: number): string {
    if (!this.#keepsIds) throw new RangeError('these result columns keep no ids (made with ids: false)');
    return this.#ids.at(i) as string;
  }

  /** @internal Whether the id of result `a` comes before that of `b` (as strings compare). */
  idBefore(a: number, b: number): boolean {
    return this.#ids.before(a, b);
  }

  /** Adds one result. */
  add(result: ScoredRecord): void {
    const i = this.size;
    if (i === this.scores.length) this.#grow();
    if (this.#keepsIds) this.#ids.push(result.id);
    this.scores[i] = result.score;
    if (this.#revenueOf !== undefined) this.revenue[i] = this.#revenueOf(result);
    if (result.segment !== null) this.segmentCode[i] = this.#segment(result.segment) + 1;
    if (result.qualification !== null)
      this.qualificationCode[i] =
        indexIn(this.#qualificationIndex, this.qualifications, result.qualification) + 1;
    if (result.grade !== undefined)
      this.gradeCode[i] = indexIn(this.#gradeIndex, this.grades, result.grade.cell) + 1;
    let firstRfm = -1;
    // Results have the same components in the same order (a pipeline's scorers): the place of the j-th name
    // of the last result is tried first, no map looked up.
    let j = 0;
    for (const name in result.components) {
      const c = result.components[name];
      if (c === undefined) continue;
      let k: number;
      if (j < this.#lastNames.length && this.#lastNames[j] === name) k = this.#lastPlaces[j] as number;
      else {
        k = this.#component(name);
        this.#lastNames[j] = name;
        this.#lastPlaces[j] = k;
      }
      j++;
      const column = this.components[k] as ComponentColumn;
      column.value[i] = c.value;
      if (c.type === 'rfm') {
        const x = c as unknown as {
          recency: number | null;
          frequency: number;
          monetary: number;
          r: number;
          f: number;
        };
        column.rfm ??= this.#rfmColumns();
        // A customer without a purchase keeps the column's NaN: nothing is written (a path with a load of its
        // own, which the scoring loop may not have run when V8 optimized it, sent the loop back to the
        // interpreter).
        const recency = x.recency;
        if (recency !== null) column.rfm.recency[i] = recency;
        column.rfm.frequency[i] = x.frequency;
        column.rfm.monetary[i] = x.monetary;
        column.rfm.r[i] = x.r;
        column.rfm.f[i] = x.f;
        if (firstRfm === -1) firstRfm = k;
      }
    }
    this.rfmOf[i] = firstRfm;
    this.size++;
  }

  #segment(segment: Segment): number {
    let k = this.#segmentIndex.get(segment.key);
    if (k === undefined) {
      k = this.segments.length;
      this.segments.push(segment);
      this.#segmentIndex.set(segment.key, k);
    }
    return k;
  }

  /** The place of a component's columns (added when new). */
  #component(name: string): number {
    let k = this.#componentIndex.get(name);
    if (k === undefined) {
      k = this.components.length;
      this.components.push({
        name,
        value: new Float64Array(this.scores.length).fill(Number.NaN),
        rfm: undefined,
      });
      this.#componentIndex.set(name, k);
    }
    return k;
  }

  #rfmColumns(): RfmColumns {
    const n = this.scores.length;
    return {
      recency: new Float64Array(n).fill(Number.NaN),
      frequency: new Float64Array(n),
      monetary: new Float64Array(n),
      r: new Uint8Array(n),
      f: new Uint8Array(n),
    };
  }

  #grow(): void {
    const n = this.scores.length * 2;
    this.scores = grown(this.scores, new Float64Array(n));
    if (this.#revenueOf !== undefined) this.revenue = grown(this.revenue, new Float64Array(n));
    this.segmentCode = grown(this.segmentCode, new Int32Array(n));
    this.qualificationCode = grown(this.qualificationCode, new Int32Array(n));
    this.gradeCode = grown(this.gradeCode, new Int32Array(n));
    this.rfmOf = grown(this.rfmOf, new Int16Array(n));
    for (const c of this.components) {
      c.value = grown(c.value, new Float64Array(n).fill(Number.NaN));
      if (c.rfm !== undefined)
        c.rfm = {
          recency: grown(c.rfm.recency, new Float64Array(n).fill(Number.NaN)),
          frequency: grown(c.rfm.frequency, new Float64Array(n)),
          monetary: grown(c.rfm.monetary, new Float64Array(n)),
          r: grown(c.rfm.r, new Uint8Array(n)),
          f: grown(c.rfm.f, new Uint8Array(n)),
        };
    }
  }
}

function grown<T extends Float64Array | Int32Array | Int16Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function indexIn(index: Map<string, number>, list: string[], value: string): number {
  let k = index.get(value);
  if (k === undefined) {
    k = list.length;
    list.push(value);
    index.set(value, k);
  }
  return k;
}

/** The columns of results already made. */
export function columnsOf(
  results: readonly ScoredRecord[],
  revenue?: ((result: ScoredRecord) => number) | undefined,
): ResultColumns {
  const columns = new ResultColumns({ revenue });
  for (const r of results) columns.add(r);
  return columns;
}
