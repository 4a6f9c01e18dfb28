import type { ScoringRun } from '../pipeline/score-customers.js';
import type { ScoredRecord, Segment } from '../pipeline/types.js';

/**
 * One cell of the migration matrix: how many records went from one segment to another.
 *
 * @example
 * const move: Migration = { from: 'loyal', to: 'at_risk', customers: 12 };
 */
export interface Migration {
  /** Segment key in the first run (`(none)`, or `(new)` for records only in the second run). */
  readonly from: string;
  /** Segment key in the second run (`(none)`, or `(gone)` for records only in the first run). */
  readonly to: string;
  /** Number of records. */
  readonly customers: number;
}

/**
 * A record whose score moved the most.
 *
 * @example
 * const mover: Mover = { id: 'c-9', before: 80, after: 35, delta: -45, from: 'loyal', to: 'at_risk' };
 */
export interface Mover {
  /** The record's id. */
  readonly id: string;
  /** Score in the first run. */
  readonly before: number;
  /** Score in the second run. */
  readonly after: number;
  /** after − before. */
  readonly delta: number;
  /** Segment key before. */
  readonly from: string;
  /** Segment key after. */
  readonly to: string;
}

/**
 * What changed between two runs: the segment migration matrix, promotions and demotions, score deltas.
 *
 * @example
 * const report: Drift = { kind: 'drift', before: '2026-01-01', after: '2026-02-01', common: 0, entered: 0, left: 0, segments: [], migrations: [], promoted: 0, demoted: 0, unchanged: 0, meanDelta: null, medianDelta: null, movers: [] };
 */
export interface Drift {
  /** Always `drift`. */
  readonly kind: 'drift';
  /** asOf of the first run. */
  readonly before: string;
  /** asOf of the second run. */
  readonly after: string;
  /** Records scored in both runs. */
  readonly common: number;
  /** Records only in the second run. */
  readonly entered: number;
  /** Records only in the first run. */
  readonly left: number;
  /** Segment keys in the order of the matrix, with labels and colours. */
  readonly segments: readonly Pick<Segment, 'key' | 'label' | 'color'>[];
  /** Non-empty cells of the migration matrix. */
  readonly migrations: readonly Migration[];
  /** Records whose qualification went up a level (or, without levels, whose score went up). */
  readonly promoted: number;
  /** Records whose qualification went down a level (or, without levels, whose score went down). */
  readonly demoted: number;
  /** Records that kept their level (or score). */
  readonly unchanged: number;
  /** Mean score change of the common records. */
  readonly meanDelta: number | null;
  /** Median score change. */
  readonly medianDelta: number | null;
  /** The ten largest score changes, by absolute value (ties by id). */
  readonly movers: readonly Mover[];
}

const NONE = '(none)';

/**
 * Compares two runs of the same scoring (e.g. last month and this month): who moved from which segment to
 * which, how many were promoted or demoted, and how scores changed.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'n', gte: 1 }, points: 1 }] })] });
 * const before = scoreCustomers([{ id: 'a', n: 0 }], pipeline);
 * const after = scoreCustomers([{ id: 'a', n: 1 }], pipeline);
 * drift(before, after).promoted // → 1
 */
export function drift(before: ScoringRun, after: ScoringRun): Drift {
  const a = new Map(before.results.map((r) => [r.id, r]));
  const b = new Map(after.results.map((r) => [r.id, r]));
  const levels =
    after.model.pipeline.qualify?.levels.map((l) => l.label) ??
    before.model.pipeline.qualify?.levels.map((l) => l.label) ??
    [];
  const rank = (r: ScoredRecord) =>
    r.qualification === null ? levels.length : levels.indexOf(r.qualification);
  const segments = new Map<string, { key: string; label: string; color: string }>();
  const note = (r: ScoredRecord | undefined, fallback: string): string => {
    if (r === undefined) return fallback;
    const key = r.segment?.key ?? NONE;
    if (!segments.has(key))
      segments.set(key, { key, label: r.segment?.label ?? NONE, color: r.segment?.color ?? '#8c959f' });
    return key;
  };
  // Declared order of the mapper first, so the matrix reads like the grid.
  for (const run of [before, after]) {
    const m = run.model.pipeline.segment;
    for (const s of m === undefined
      ? []
      : [...m.rules.map((x) => x.segment), ...(m.otherwise === undefined ? [] : [m.otherwise])]) {
      if (!segments.has(s.key)) segments.set(s.key, { key: s.key, label: s.label, color: s.color });
    }
  }
  const cells = new Map<string, number>();
  const count = (from: string, to: string) =>
    cells.set(`${from}\u0000${to}`, (cells.get(`${from}\u0000${to}`) ?? 0) + 1);
  let promoted = 0;
  let demoted = 0;
  let unchanged = 0;
  const deltas: number[] = [];
  const movers: Mover[] = [];
  for (const [id, x] of a) {
    const y = b.get(id);
    const from = note(x, NONE);
    if (y === undefined) {
      count(from, '(gone)');
      continue;
    }
    const to = note(y, NONE);
    count(from, to);
    const delta = y.score - x.score;
    deltas.push(delta);
    movers.push({ id, before: x.score, after: y.score, delta, from, to });
    const change = levels.length > 0 ? rank(x) - rank(y) : Math.sign(delta);
    if (change > 0) promoted++;
    else if (change < 0) demoted++;
    else unchanged++;
  }
  let entered = 0;
  for (const [id, y] of b) {
    if (a.has(id)) continue;
    entered++;
    count('(new)', note(y, NONE));
  }
  deltas.sort((p, q) => p - q);
  const mid = deltas.length >> 1;
  return {
    kind: 'drift',
    before: before.asOf,
    after: after.asOf,
    common: deltas.length,
    entered,
    left: a.size - deltas.length,
    segments: [...segments.values()],
    migrations: [...cells]
      .map(([k, customers]) => {
        const [from, to] = k.split('\u0000') as [string, string];
        return { from, to, customers };
      })
      .sort((p, q) => (p.from < q.from ? -1 : p.from > q.from ? 1 : p.to < q.to ? -1 : p.to > q.to ? 1 : 0)),
    promoted,
    demoted,
    unchanged,
    meanDelta: deltas.length === 0 ? null : deltas.reduce((s, d) => s + d, 0) / deltas.length,
    medianDelta:
      deltas.length === 0
        ? null
        : deltas.length % 2 === 1
          ? (deltas[mid] as number)
          : ((deltas[mid - 1] as number) + (deltas[mid] as number)) / 2,
    movers: movers
      .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || (p.id < q.id ? -1 : 1))
      .slice(0, 10),
  };
}
