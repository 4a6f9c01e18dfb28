import { scoreStatisticsOf } from './score-statistics.js';
import type { RunSummary, ScoredRecord } from './types.js';

const NONE = '(none)';

/**
 * Counts results one at a time by segment and qualification, with score statistics, so that a run whose
 * results are handed out (`onResult`) and not kept still has its summary. Internal: `run.summary`.
 */
export class RunTally {
  private readonly bySegment: Record<string, number> = {};
  private readonly byQualification: Record<string, number> = {};
  private scores = new Float64Array(1024);
  private count = 0;

  /** Counts one result. */
  add(r: ScoredRecord): void {
    const s = r.segment?.key ?? NONE;
    this.bySegment[s] = (this.bySegment[s] ?? 0) + 1;
    const q = r.qualification ?? NONE;
    this.byQualification[q] = (this.byQualification[q] ?? 0) + 1;
    if (this.count === this.scores.length) {
      const more = new Float64Array(this.scores.length * 2);
      more.set(this.scores);
      this.scores = more;
    }
    this.scores[this.count++] = r.score;
  }

  /** The summary of a run of `input` records of which `rejected` were rejected. */
  finish(input: number, rejected: number): RunSummary {
    const n = this.count;
    return {
      input,
      scored: n,
      rejected,
      bySegment: this.bySegment,
      byQualification: this.byQualification,
      score: scoreStatisticsOf(this.scores.subarray(0, n), true),
    };
  }
}

/** Counts a run by segment and qualification, with score statistics. Internal: `run.summary`. */
export function summarizeRun(input: number, results: readonly ScoredRecord[], rejected: number): RunSummary {
  const tally = new RunTally();
  for (const r of results) tally.add(r);
  return tally.finish(input, rejected);
}
