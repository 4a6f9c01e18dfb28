// A young-generation collection run on purpose, once the transactions are read: the command line gives back
// the memory of its tables (src/node/release.ts moves each table's memory to a new, young buffer that nothing
// holds), and that memory is freed at the next young collection, which usually comes within milliseconds, as
// the run allocates. In about one run in twelve it came only after the scorers had allocated their arrays, and
// the run peaked at 266 MiB instead of 228 (the 85 MB of a million customers' tables still there). This is the
// command's own process: V8's `gc` is taken from a new context once `--expose-gc` is set, the usual way when a
// process was not started with it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' }) => void;

let collect: Collect | null | undefined;

/**
 * Runs a young-generation collection now (about 4 ms): buffers given back with `release` are freed at once. Does
 * nothing where V8's `gc` cannot be had.
 *
 * @example
 * collectYoung();
 */
export function collectYoung(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}
