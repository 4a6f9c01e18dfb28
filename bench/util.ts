// Small helpers shared by the benchmarks.

export { mulberry32 } from '../examples/random.js';

/** Best wall time of `runs` runs of `fn`, in milliseconds (the least disturbed by other work on the machine). */
export function timeBest(runs: number, fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Peak resident memory of this process so far, in MiB (Node reports it in KiB). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
