// Reading a large transaction file with two threads: a worker thread (transactions-worker.ts) reads the file
// from the first record after its middle to its end while the calling thread reads it from the start up to
// there; then the worker's aggregates and rejections are taken in after the caller's own (rfm-slots.ts
// `absorb`), so the result is the one of a single reader. Under 1 GiB with purchases counted by row, the two
// threads share the parts of the tables while they read (rfm-slots.ts `SplitSlots`, slot-ring.ts): each keeps
// half the customers. The middle is guessed at the first line feed after half the bytes: when the caller
// finds that a record goes on past it (a line break inside quotes), or when the worker cannot run, the caller
// reads the rest itself, or, when they shared the parts, the whole file again.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TableError } from './errors.js';
import { ROW_BIAS, type SlotsState, type SplitSlots } from './rfm-slots.js';
import { type RingMemory, ringMemory } from './slot-ring.js';
import { countOf, type Target, type TargetSpec, type TransactionsFileOptions } from './transactions-csv.js';
import type { RejectedTransaction, TransactionCsvReader } from './transactions-reader.js';

/** Files at least this large are read with two threads by default. */
const PARALLEL_BYTES = 32 * 2 ** 20;
/**
 * Known ids read ahead at a time while this thread waits for the worker (about 3 ms: the worker's rows are
 * taken in between).
 */
const KNOWN_AHEAD = 32_768;
/** Blocks of rows a ring between the threads holds (4 MB each way for 100). */
const RING_BLOCKS = 128;

/** The cores this process may use (`availableParallelism` is Node 18.14 and later). */
function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** What the worker is given. */
export interface PartRequest {
  readonly path: string;
  readonly file: string;
  /** Where the worker's first record starts. */
  readonly start: number;
  /** The reader's target, as this thread resolved it from the pipeline. */
  readonly target: TargetSpec;
  readonly delimiter: string | undefined;
  readonly decimal: '.' | ',' | undefined;
  readonly encoding: TransactionsFileOptions['encoding'];
  readonly chunkSize: number;
  /** About how many customers there are. */
  readonly expected: number | undefined;
  /** When the threads share the parts: the worker's rings (see rfm-slots.ts `SplitSlots`). */
  readonly split: { readonly inbox: RingMemory; readonly outbox: RingMemory } | undefined;
}

/** What the worker sends back. */
export type PartMessage =
  | { readonly kind: 'progress'; readonly rows: number; readonly bytes: number }
  | {
      readonly kind: 'done';
      readonly state: SlotsState;
      readonly rows: number;
      readonly rejected: RejectedTransaction[];
      /** The worker's line of its first record (it numbers lines as if that record came after the header). */
      readonly firstLine: number;
    }
  | {
      readonly kind: 'failed';
      /** The file cannot be read past a line of the worker's part (as the worker numbers it). */
      readonly error: { readonly line: number | undefined; readonly code: string; readonly reason: string };
      readonly rejected: RejectedTransaction[];
      readonly firstLine: number;
    };

/** What {@link Part.join} did: took the worker's rows in, or the caller must read on, or read again from the start. */
export type Joined = 'joined' | 'read-on' | 'restart';

/** The worker reading the second part of a file. */
export interface Part {
  /** Where its first record starts, in bytes from the start of the file. */
  readonly start: number;
  /**
   * How the caller's reader shares the parts with the worker, when it does (files under 1 GiB, purchases
   * counted by row). The caller's tables then hold rows of the worker's: when the worker cannot finish, the
   * file is read again from its start (`join` says 'restart').
   */
  readonly split: SplitSlots | undefined;
  /** Rows and bytes it has read so far. */
  readonly rows: number;
  readonly bytes: number;
  /**
   * Takes in the worker's rows once `reader` has read everything before `start` (with `split`, first adds the
   * rows the worker sends until it is done); says 'read-on' (the caller reads on), or 'restart' with `split`,
   * when the worker could not run. Throws the worker's `TableError`, with its line in the file, after
   * reporting the rejections before it.
   */
  join(reader: TransactionCsvReader): Promise<Joined>;
  /** Stops the worker (its part is read by the caller). */
  stop(): void;
}

/**
 * The byte after the first line feed at or after `from`, or -1 when there is none before the end. Read
 * synchronously (a few kilobytes), like the file's size: the worker is then started in the tick of the call,
 * not after turns of the event loop that other work of the caller (reading the customers file) may hold up.
 */
function nextLineStart(path: string, from: number, size: number): number {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let at = from; at < size; at += buffer.length) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, at);
      if (bytesRead === 0) return -1;
      const lf = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (lf !== -1) return at + lf + 1 < size ? at + lf + 1 : -1;
    }
    return -1;
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts a worker on the second half of the file when it is worth it (see `threads`), or returns undefined.
 */
export async function startPart(
  path: string,
  options: TransactionsFileOptions,
  target: Target,
): Promise<Part | undefined> {
  if (target.options.frequency === 'orders') return undefined; // order numbers are the reader's own
  const size = statSync(path).size;
  const threads = options.threads ?? (size >= PARALLEL_BYTES && cores() > 1 ? 2 : 1);
  if (threads < 2 || size < 2) return undefined;
  const share = Math.min(0.9, Math.max(0.1, options.share ?? 0.5));
  const start = nextLineStart(path, Math.floor(size * share), size);
  if (start === -1) return undefined;
  // Shared parts need purchases counted by row (no pairs of customer numbers) and fewer than 2^30 rows a
  // thread (ROW_BIAS).
  const shared = target.options.frequency === 'transactions' && size < ROW_BIAS;
  const toMain = shared ? ringMemory(RING_BLOCKS) : undefined;
  const toWorker = shared ? ringMemory(RING_BLOCKS) : undefined;
  const request: PartRequest = {
    path,
    file: options.file ?? path,
    start,
    target: { asOf: target.asOf, options: target.options, keys: target.keys, timeZone: target.timeZone },
    delimiter: options.delimiter,
    decimal: options.decimal,
    encoding: options.encoding,
    chunkSize: Math.max(1, Math.floor(options.chunkSize ?? 1 << 22)),
    expected: options.expected ?? countOf(options.known),
    split: toMain === undefined || toWorker === undefined ? undefined : { inbox: toWorker, outbox: toMain },
  };
  const split: SplitSlots | undefined =
    toMain === undefined || toWorker === undefined
      ? undefined
      : { owner: 0, inbox: toMain, outbox: toWorker };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./transactions-worker.js', import.meta.url), { workerData: request });
  } catch {
    return undefined;
  }
  const progress = { rows: 0, bytes: 0 };
  // The worker's last message, or undefined when it stopped without one (it could not run).
  const ended = new Promise<PartMessage | undefined>((resolve) => {
    worker.on('message', (message: PartMessage) => {
      if (message.kind === 'progress') {
        progress.rows = message.rows;
        progress.bytes = message.bytes;
      } else resolve(message);
    });
    worker.on('error', () => resolve(undefined));
    worker.on('exit', () => resolve(undefined));
  });
  let stopped = false;
  void ended.then(() => {
    stopped = true;
  });
  return {
    start,
    split,
    get rows() {
      return progress.rows;
    },
    get bytes() {
      return progress.bytes;
    },
    async join(reader) {
      if (split !== undefined) {
        // The rows of the worker's parts go to it, and this thread adds those of its own parts that the
        // worker sends while it reads on; between them, it reads the known ids ahead of the table's end.
        reader.finishSending();
        let ahead = false;
        while (!reader.receive() && !stopped) {
          if (!ahead) ahead = reader.readKnownAhead(KNOWN_AHEAD);
          else await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
      const message = await ended;
      // Its thread is gone before the caller goes on (none is left running, or ending, when a program exits);
      // it ends (2-16 ms) while its rows are taken in.
      const terminated = worker.terminate();
      try {
        if (message === undefined || message.kind === 'progress')
          return split === undefined ? 'read-on' : 'restart';
        if (message.kind === 'done') {
          // The worker said 'done' once it had sent everything: what is left in the ring is added now.
          if (split !== undefined && !reader.receive())
            throw new Error('internal: the worker sent rows after its end');
          reader.absorb(message.state, message.rows, message.rejected, message.firstLine);
          return 'joined';
        }
        const lines = reader.nextLine - message.firstLine;
        reader.absorb(undefined, 0, message.rejected, message.firstLine);
        const { line, code, reason } = message.error;
        throw new TableError(request.file, line === undefined ? undefined : line + lines, code, reason);
      } finally {
        await terminated;
      }
    },
    stop() {
      void worker.terminate();
    },
  };
}
