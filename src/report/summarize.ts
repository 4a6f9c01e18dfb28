import { compiledOfModel } from '../pipeline/model.js';
import type { ScoringRun } from '../pipeline/score-customers.js';
import { sumAndMedian } from '../pipeline/score-statistics.js';
import type { ScoredRecord, ScoreStatistics, Segment } from '../pipeline/types.js';
import { columnsOf, type ResultColumns } from './result-columns.js';

/**
 * One row of the scoring table: a segment (or a qualification level) with its customers, revenue and means.
 *
 * @example
 * const row: SummaryRow = { key: 'champions', label: 'Champions', color: '#1a7f37', action: 'Reward them', customers: 10, share: 0.1, revenue: 5000, revenueShare: 0.4, meanScore: 90, medianScore: 92, components: { rfm: 14 }, rfm: { recency: 5, frequency: 8, monetary: 500 } };
 */
export interface SummaryRow {
  /** Segment key or qualification label; `(none)` for records without one. */
  readonly key: string;
  /** Name shown to people. */
  readonly label: string;
  /** CSS colour (segments); grey for qualifications and `(none)`. */
  readonly color: string;
  /** Recommended action (segments); empty for qualifications. */
  readonly action: string;
  /** Number of scored records. */
  readonly customers: number;
  /** Share of the scored records, 0..1. */
  readonly share: number;
  /** Revenue of these records, or `null` when the run has no monetary value. */
  readonly revenue: number | null;
  /** Share of the revenue, 0..1, or `null`. */
  readonly revenueShare: number | null;
  /** Mean score. */
  readonly meanScore: number;
  /** Median score. */
  readonly medianScore: number;
  /** Mean value of each component, by scorer name. */
  readonly components: Readonly<Record<string, number>>;
  /** Mean raw recency (purchasers only), frequency and monetary value, when the run has an RFM component. */
  readonly rfm: {
    /** Mean days since the last purchase, over customers who bought (`null` when none did). */
    readonly recency: number | null;
    /** Mean number of purchases. */
    readonly frequency: number;
    /** Mean monetary value. */
    readonly monetary: number;
  } | null;
}

/**
 * One bin of the score histogram: records with `from ≤ score < to` (the last bin includes `to`).
 *
 * @example
 * const bin: HistogramBin = { from: 0, to: 10, count: 42 };
 */
export interface HistogramBin {
  /** Lower bound, included. */
  readonly from: number;
  /** Upper bound, excluded (included for the last bin). */
  readonly to: number;
  /** Number of records. */
  readonly count: number;
}

/**
 * A record among the top scores.
 *
 * @example
 * const top: TopRecord = { id: 'c-1', score: 98, segment: 'champions', qualification: null };
 */
export interface TopRecord {
  /** The record's id. */
  readonly id: string;
  /** Its score. */
  readonly score: number;
  /** Its segment key, or `null`. */
  readonly segment: string | null;
  /** Its qualification, or `null`. */
  readonly qualification: string | null;
}

/**
 * The scoring table of a run, as plain data: per segment and per qualification, the score distribution and
 * the top records. Render it with `toMarkdown`, `toCsv` or `toHtml`.
 *
 * @example
 * const run = scoreCustomers([{ id: 'a', vip: true }], definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5 }] })] }));
 * const summary: Summary = summarize(run);
 * summary.customers // → 1
 */
export interface Summary {
  /** Always `summary`. */
  readonly kind: 'summary';
  /** The pipeline's id. */
  readonly pipelineId: string;
  /** The run's asOf; `null` when the pipeline reads no dates (or the run is not known, as for a scored file). */
  readonly asOf: string | null;
  /** Scored records. */
  readonly customers: number;
  /** Rejected records. */
  readonly rejected: number;
  /** Total revenue, or `null` when the run has no monetary value. */
  readonly revenue: number | null;
  /** One row per segment, in the mapper's order; `(none)` last when some records have no segment. */
  readonly segments: readonly SummaryRow[];
  /** One row per qualification level, from the highest. */
  readonly qualifications: readonly SummaryRow[];
  /** The score distribution. */
  readonly histogram: readonly HistogramBin[];
  /** The records with the highest scores (ties by id). */
  readonly top: readonly TopRecord[];
}

/**
 * Options of {@link summarize}.
 *
 * @example
 * const options: SummarizeOptions = { bins: 20, top: 5, revenue: (r) => r.components.fit?.value ?? 0 };
 */
export interface SummarizeOptions {
  /** Number of histogram bins (default 10); 0 for no histogram. */
  readonly bins?: number;
  /** Number of top records (default 10); 0 for none (the only choice with columns that keep no ids). */
  readonly top?: number;
  /** Revenue of a record; by default the `monetary` of the run's RFM component, if any. */
  readonly revenue?: (result: ScoredRecord) => number;
  /**
   * The results as columns, for a run that handed them out (`onResult`) instead of keeping them: collect them
   * in a {@link ResultColumns} (made with the same `revenue`), and the summary is the one of the results.
   */
  readonly columns?: ResultColumns | undefined;
}

const NONE = '(none)';
const GREY = '#8c959f';

/** The revenue of result `i`: the `revenue` function's, else its RFM monetary value (0 without one). */
type RevenueAt = ((i: number) => number) | undefined;

function revenueAtOf(columns: ResultColumns): RevenueAt {
  if (columns.hasRevenue) return (i) => columns.revenue[i] as number;
  let hasRfm = false;
  for (let i = 0; i < columns.size && !hasRfm; i++) hasRfm = (columns.rfmOf[i] as number) >= 0;
  if (!hasRfm) return undefined;
  const rfmOf = columns.rfmOf;
  const all = columns.components;
  return (i) => {
    const k = rfmOf[i] as number;
    return k < 0 ? 0 : (all[k]?.rfm?.monetary[i] as number);
  };
}

function row(
  columns: ResultColumns,
  key: string,
  label: string,
  color: string,
  action: string,
  group: Group,
  total: number,
  revenueAt: RevenueAt,
  totalRevenue: number | null,
  allScores: ScoreStatistics | null | undefined,
): SummaryRow {
  const members = group.members;
  // The mean and median score, whatever the members' order. A group of every result (members ascending: all
  // of them in order, as a run without segments has) reads the scores where they are, without a copy, or
  // takes the statistics of every score when the run gives them (the same: sumAndMedian's, in any order).
  const every = group.size === total;
  let meanScore: number;
  let medianScore: number;
  if (every && allScores !== undefined && allScores !== null && total > 0) {
    meanScore = allScores.mean;
    medianScore = allScores.median;
  } else {
    let scores = columns.scores.subarray(0, total);
    if (!every && members !== undefined) {
      scores = new Float64Array(members.length);
      for (let k = 0; k < members.length; k++) scores[k] = columns.scores[members[k] as number] as number;
    }
    const statistics = sumAndMedian(scores, !every);
    meanScore = statistics.sum / scores.length;
    medianScore = statistics.median;
  }
  // Means in the order of the members, component by component in the order they were met.
  const n = group.size;
  const components: Record<string, number> = {};
  for (const c of columns.components) {
    const value = c.value;
    let sum = 0;
    let present = false;
    for (let m = 0; m < n; m++) {
      const v = value[members === undefined ? m : (members[m] as number)] as number;
      if (Number.isNaN(v)) continue;
      sum += v;
      present = true;
    }
    if (present) components[c.name] = sum / n;
  }
  let rfms = 0;
  let purchasers = 0;
  let recency = 0;
  let frequency = 0;
  let monetary = 0;
  const rfmOf = columns.rfmOf;
  const all = columns.components;
  for (let m = 0; m < n; m++) {
    const i = members === undefined ? m : (members[m] as number);
    const k = rfmOf[i] as number;
    const rfm = k < 0 ? undefined : all[k]?.rfm;
    if (rfm === undefined) continue;
    rfms++;
    const days = rfm.recency[i] as number;
    if (!Number.isNaN(days)) {
      purchasers++;
      recency += days;
    }
    frequency += rfm.frequency[i] as number;
    monetary += rfm.monetary[i] as number;
  }
  // The revenue by default is the RFM monetary value (0 without one): the sum just made, in the same order.
  let revenue: number | null = null;
  if (revenueAt !== undefined && columns.hasRevenue) {
    revenue = 0;
    for (let m = 0; m < n; m++) revenue += revenueAt(members === undefined ? m : (members[m] as number));
  } else if (revenueAt !== undefined) revenue = monetary;
  return {
    key,
    label,
    color,
    action,
    customers: n,
    share: total === 0 ? 0 : n / total,
    revenue,
    revenueShare:
      revenue === null || totalRevenue === null || totalRevenue === 0 ? null : revenue / totalRevenue,
    meanScore,
    medianScore,
    components,
    rfm:
      rfms === 0
        ? null
        : {
            recency: purchasers === 0 ? null : recency / purchasers,
            frequency: frequency / rfms,
            monetary: monetary / rfms,
          },
  };
}

/**
 * The scoring table of a run: per segment and per qualification level, customers and their share, revenue and
 * its share (from the RFM component's monetary value, or the `revenue` option), mean and median score, mean
 * components; the score histogram; the top records.
 *
 * @example
 * const pipeline = definePipeline({
 *   id: 'p',
 *   scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 10 }] })],
 *   qualify: thresholds([{ label: 'hot', min: 10 }, { label: 'cold', min: 0 }]),
 * });
 * const summary = summarize(scoreCustomers([{ id: 'a', vip: true }, { id: 'b' }], pipeline));
 * summary.qualifications.map((q) => [q.key, q.customers]) // → [['hot', 1], ['cold', 1]]
 */
export function summarize(run: ScoringRun, options: SummarizeOptions = {}): Summary {
  const mapper = run.model.pipeline.segment;
  return summarizeResults(
    run.results,
    {
      pipelineId: run.pipelineId,
      asOf: readsDates(run) ? run.asOf : null,
      rejected: run.rejected.length,
      segments:
        mapper === undefined
          ? []
          : [
              ...mapper.rules.map((r) => r.segment),
              ...(mapper.otherwise === undefined ? [] : [mapper.otherwise]),
            ],
      levels: run.model.pipeline.qualify?.levels.map((l) => l.label) ?? [],
      // The run's statistics are those of its results (or of the columns collected from them, as many).
      ...((options.columns?.size ?? run.results.length) === run.summary.scored
        ? { scores: run.summary.score }
        : {}),
    },
    options,
  );
}

/** Whether the run's asOf mattered: its pipeline reads dates or fits a population on them (RFM). */
function readsDates(run: ScoringRun): boolean {
  const compiled = compiledOfModel(run.model);
  return compiled.usesTime || compiled.hasPopulationScorers;
}

/**
 * What {@link summarizeResults} needs to know of the run besides its results.
 *
 * @example
 * const about: RunDescription = { pipelineId: 'p', asOf: '2026-01-01', rejected: 0, segments: [], levels: ['SQL', 'MQL'] };
 */
export interface RunDescription {
  /** The pipeline's id. */
  readonly pipelineId: string;
  /** The run's asOf; `null` when it means nothing (a pipeline that reads no dates) or is not known. */
  readonly asOf: string | null;
  /** How many records were rejected. */
  readonly rejected: number;
  /** The segments in the mapper's order. */
  readonly segments: readonly Segment[];
  /** The qualification levels, from the highest. */
  readonly levels: readonly string[];
  /**
   * Optional: the statistics of every result's score (the run's `summary.score`), taken for a row of every
   * result instead of computed again. Give them only for these very results.
   */
  readonly scores?: ScoreStatistics | null | undefined;
}

/**
 * The scoring table of results read back from a file (e.g. a scored CSV): the same as `summarize(run)`,
 * with what it needs of the run given explicitly.
 *
 * @example
 * const summary = summarizeResults([], { pipelineId: 'p', asOf: '2026-01-01', rejected: 0, segments: [], levels: [] });
 * summary.customers // → 0
 */
export function summarizeResults(
  results: readonly ScoredRecord[],
  about: RunDescription,
  options: SummarizeOptions = {},
): Summary {
  return summarizeColumns(options.columns ?? columnsOf(results, options.revenue), about, options);
}

/** The results of one group: `members` in ascending order, or none for the group of every result (0…size − 1). */
interface Group {
  /** Its code (see {@link groupsOf}). */
  readonly code: number;
  readonly size: number;
  readonly members: Int32Array | undefined;
}

/**
 * The results `0…total − 1` grouped by `codes[i]` (1 + an index into the `distinct` values met, 0 for none):
 * the members of each group in ascending order, the groups by the key `keyOf(index)` (or NONE) in the order
 * their code first appears. A counting sort, with no array that grows by one per result; a single group (a run
 * without segments, or without levels) is every result, with no list of them made.
 */
function groupsOf(
  codes: Int32Array,
  total: number,
  distinct: number,
  keyOf: (index: number) => string,
): Map<string, Group> {
  const counts = new Int32Array(distinct + 1);
  const order: number[] = [];
  for (let i = 0; i < total; i++) {
    const code = codes[i] as number;
    if (counts[code] === 0) order.push(code);
    counts[code] = (counts[code] as number) + 1;
  }
  const groups = new Map<string, Group>();
  const keyOfCode = (code: number) => (code === 0 ? NONE : keyOf(code - 1));
  if (order.length === 1) {
    const code = order[0] as number;
    groups.set(keyOfCode(code), { code, size: total, members: undefined });
    return groups;
  }
  const members = order.map((code) => new Int32Array(counts[code] as number));
  const at = new Int32Array(distinct + 1);
  const index = new Int32Array(distinct + 1);
  order.forEach((code, g) => {
    index[code] = g;
  });
  for (let i = 0; i < total; i++) {
    const code = codes[i] as number;
    const g = index[code] as number;
    (members[g] as Int32Array)[at[code] as number] = i;
    at[code] = (at[code] as number) + 1;
  }
  order.forEach((code, g) => {
    const list = members[g] as Int32Array;
    groups.set(keyOfCode(code), { code, size: list.length, members: list });
  });
  return groups;
}

/** The scoring table from the columns of the results (see {@link ResultColumns}). */
function summarizeColumns(columns: ResultColumns, about: RunDescription, options: SummarizeOptions): Summary {
  const total = columns.size;
  const revenueAt = revenueAtOf(columns);
  let totalRevenue: number | null = null;
  if (revenueAt !== undefined) {
    totalRevenue = 0;
    for (let i = 0; i < total; i++) totalRevenue += revenueAt(i);
  }

  // Segments in the mapper's order, then any other key met, then (none).
  const bySegment = groupsOf(
    columns.segmentCode,
    total,
    columns.segments.length,
    (k) => (columns.segments[k] as Segment).key,
  );
  const seen = new Set<string>();
  const segments: SummaryRow[] = [];
  const rowOf = (key: string, label: string, color: string, action: string, group: Group) =>
    row(columns, key, label, color, action, group, total, revenueAt, totalRevenue, about.scores);
  for (const s of about.segments) {
    if (seen.has(s.key)) continue;
    seen.add(s.key);
    const group = bySegment.get(s.key);
    if (group !== undefined) segments.push(rowOf(s.key, s.label, s.color, s.action, group));
  }
  for (const [key, group] of bySegment) {
    if (seen.has(key)) continue;
    const k = group.code - 1;
    const s = k < 0 ? undefined : columns.segments[k];
    segments.push(rowOf(key, s?.label ?? NONE, s?.color ?? GREY, s?.action ?? '', group));
  }

  // Without qualification levels there is no row of them: the results are not grouped by level at all.
  const levels = about.levels;
  let qualifications: SummaryRow[] = [];
  if (levels.length > 0) {
    const byLevel = groupsOf(
      columns.qualificationCode,
      total,
      columns.qualifications.length,
      (k) => columns.qualifications[k] as string,
    );
    qualifications = [...levels, NONE]
      .filter((l) => byLevel.has(l))
      .map((l) => rowOf(l, l, GREY, '', byLevel.get(l) as Group));
  }

  return {
    kind: 'summary',
    pipelineId: about.pipelineId,
    asOf: about.asOf,
    customers: total,
    rejected: about.rejected,
    revenue: totalRevenue,
    segments,
    qualifications,
    histogram: histogram(columns.scores.subarray(0, total), options.bins ?? 10),
    top: topOf(columns, options.top ?? 10).map((i) => {
      const k = (columns.segmentCode[i] as number) - 1;
      const q = (columns.qualificationCode[i] as number) - 1;
      return {
        id: columns.idAt(i),
        score: columns.scores[i] as number,
        segment: k < 0 ? null : (columns.segments[k] as Segment).key,
        qualification: q < 0 ? null : (columns.qualifications[q] as string),
      };
    }),
  };
}

/**
 * The `n` results with the highest scores (ties by ascending id, then input order), in one pass: the order a
 * stable sort of every result would give, without sorting a million of them.
 */
function topOf(columns: ResultColumns, n: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number): boolean => {
    const sa = columns.scores[a] as number;
    const sb = columns.scores[b] as number;
    if (sa !== sb) return sa > sb;
    return columns.idBefore(a, b);
  };
  for (let i = 0; i < columns.size && n > 0; i++) {
    if (top.length === n && !before(i, top[n - 1] as number)) continue;
    let at = top.length;
    while (at > 0 && before(i, top[at - 1] as number)) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  }
  return top;
}

/**
 * Equal-width bins from the lowest to the highest score: `from ≤ score < to`, the last bin including its upper
 * bound. All scores equal: one bin. No score, or fewer than one bin asked: none.
 *
 * @example
 * histogram([0, 1, 2, 3, 4], 2) // → [{ from: 0, to: 2, count: 2 }, { from: 2, to: 4, count: 3 }]
 */
export function histogram(scores: ArrayLike<number>, bins: number): HistogramBin[] {
  if (scores.length === 0 || !(bins >= 1)) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < scores.length; k++) {
    const s = scores[k] as number;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (lo === hi) return [{ from: lo, to: hi, count: scores.length }];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < scores.length; k++) {
    const i = Math.min(bins - 1, Math.floor(((scores[k] as number) - lo) / width));
    counts[i] = (counts[i] as number) + 1;
  }
  return counts.map((count, i) => ({
    from: lo + i * width,
    to: i === bins - 1 ? hi : lo + (i + 1) * width,
    count,
  }));
}
