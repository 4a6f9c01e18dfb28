import type { RunSummary, ScoredRecord } from './types.js';

const NONE = '(none)';

/** Counts a run by segment and qualification, with score statistics. Internal: `run.summary`. */
export function summarizeRun(input: number, results: readonly ScoredRecord[], rejected: number): RunSummary {
  const bySegment: Record<string, number> = {};
  const byQualification: Record<string, number> = {};
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  const scores = new Float64Array(results.length);
  results.forEach((r, i) => {
    const s = r.segment?.key ?? NONE;
    bySegment[s] = (bySegment[s] ?? 0) + 1;
    const q = r.qualification ?? NONE;
    byQualification[q] = (byQualification[q] ?? 0) + 1;
    if (r.score < min) min = r.score;
    if (r.score > max) max = r.score;
    sum += r.score;
    scores[i] = r.score;
  });
  return {
    input,
    scored: results.length,
    rejected,
    bySegment,
    byQualification,
    score:
      results.length === 0
        ? null
        : { min, max, mean: sum / results.length, median: sortedMedian(scores.sort()) },
  };
}

/** The median of numbers sorted ascending: the middle one, or the mean of the two middle ones. */
function sortedMedian(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
