// Reading a large transaction file with two threads. The file is cut into pieces of about `pieceBytes` (1 MiB
// by default), each from the first record after its place (a line feed's next byte); this thread reads the
// pieces from the start of the file on, and a worker thread (transactions-worker.ts) reads them from the end
// back, each taking its next piece from a counter both share (Atomics) when it is done with one: they end
// within a piece of each other, whatever the speed of each core, which moves from run to run on a shared
// machine. Then the worker's aggregates and rejections are taken in after the caller's own (rfm-slots.ts
// `absorb`), so the result is the one of a single reader: the worker numbers the rows of each piece from a
// place of its own (rfm-slots.ts `ROW_BIAS`), and each piece's rows and lines, counted, give every number its
// place in the file. Purchases counted by row, the two threads share the parts of the tables while they
// read (rfm-slots.ts `SplitSlots`, slot-ring.ts): each keeps half the customers.
//
// A piece starts at a line that reads as a record of the header's width (a line inside a quoted field with
// line breaks seldom does). Each piece is checked at its end, the first from the file's start: a piece that
// ends where the next starts began at a record, so the next does too; when a piece's last record goes on past
// the next piece's start, the thread that read it says so and the caller reads the whole file again alone,
// as it does when the worker cannot run.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TableError } from './errors.js';
import { ROW_BIAS, type SlotsState, type SplitSlots } from './rfm-slots.js';
import { type RingMemory, ringMemory } from './slot-ring.js';
import { countOf, type Target, type TargetSpec, type TransactionsFileOptions } from './transactions-csv.js';
import { headerShape, isRecordAt } from './transactions-header.js';
import type { RejectedTransaction, TransactionCsvReader } from './transactions-reader.js';

/** Files at least this large are read with two threads by default. */
const PARALLEL_BYTES = 32 * 2 ** 20;
/**
 * The pieces' size by default; less in a smaller file, so that it has at least MIN_PIECES. A piece is read in one
 * read, and 1 MiB stays in a core's second-level cache (1 MiB here) while it is parsed: the reading of 10M rows
 * took 1212 ms mean against 1232 with 2 MiB (26 alternated runs); 512 KiB was slower (1253 against 1231).
 */
const PIECE_BYTES = 2 ** 20;
const MIN_PIECES = 16;
/** At most this many pieces (larger pieces for a larger file). */
const MAX_PIECES = 512;
/** Known ids marked at a time between two pieces (about 3 ms; see RfmSlots `markKnownAhead`). */
export const KNOWN_AHEAD = 32_768;
/** Blocks of rows a ring between the threads holds (4 MB each way for 100). */
const RING_BLOCKS = 128;

/** The cores this process may use (`availableParallelism` is Node 18.14 and later). */
function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The pieces of a file read by two threads. */
export interface PiecePlan {
  /**
   * Where each piece starts, in bytes from the start of the file, and the file's size last (one more entry
   * than pieces). The first piece starts at 0: it holds the header, and is this thread's.
   */
  readonly starts: Float64Array;
  /**
   * The worker numbers the rows of piece k from `ROW_BIAS + k · room`: more numbers than a piece can have rows
   * (a row has at least one byte before a piece's end).
   */
  readonly room: number;
  /** Parts taken by either thread so far (one counter, shared): 2 at first, the first and the last. */
  readonly taken: Int32Array;
}

/** What the worker is given. */
export interface PartRequest {
  readonly path: string;
  readonly file: string;
  readonly plan: PiecePlan;
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

/**
 * A piece of the file the worker read: its index, and its rows and lines, with the worker's counts of rows and
 * lines when it started it (its rejections' `index` and `line` are the worker's counts).
 */
export interface PieceCount {
  readonly index: number;
  readonly rows: number;
  readonly lines: number;
  readonly firstRow: number;
  readonly firstLine: number;
}

/** What the worker sends back. */
export type PartMessage =
  | { readonly kind: 'progress'; readonly rows: number; readonly bytes: number }
  | {
      readonly kind: 'done';
      readonly state: SlotsState;
      readonly rows: number;
      /** The pieces it read, in the order it read them (from the end of the file back). */
      readonly pieces: readonly PieceCount[];
      /** Its rejections, and the index of the piece of each. */
      readonly rejected: readonly RejectedTransaction[];
      readonly rejectedPieces: readonly number[];
    }
  | {
      readonly kind: 'failed';
      /** The file cannot be read past a line of the worker's last piece (as the worker numbers it). */
      readonly error: { readonly line: number | undefined; readonly code: string; readonly reason: string };
      /** That piece, counted up to the error. */
      readonly piece: PieceCount;
      /** Its rejections in that piece, before the error. */
      readonly rejected: readonly RejectedTransaction[];
    }
  | {
      /** The last record of a piece went on past its end (a line break inside quotes). */
      readonly kind: 'misread';
    };

/** What {@link Part.join} did: took the worker's rows in, or the caller must read the file again alone. */
export type Joined = 'joined' | 'restart';

/** The worker reading pieces of a file from its end back. */
export interface Part {
  /**
   * How the caller's reader shares the parts of the tables with the worker, when it does (purchases counted by
   * row). The caller's tables then hold rows of the worker's: when the worker cannot finish, the file is read
   * again from its start.
   */
  readonly split: SplitSlots | undefined;
  /** Rows and bytes it has read so far. */
  readonly rows: number;
  readonly bytes: number;
  /** Where the caller's pieces end, in bytes from the start of the file: the first's end, then further. */
  readonly end: number;
  /** The file's size when its pieces were found. */
  readonly size: number;
  /**
   * Takes the next piece for the caller, once it has read up to `end`: whether there was one (`end` is then
   * its end), or the worker has the rest.
   */
  claim(): boolean;
  /**
   * Takes in the worker's rows once `reader` has read everything up to `end` and no piece is left (with
   * `split`, first adds the rows the worker sends until it is done); says 'restart' when the worker could not
   * run or a piece's last record went on past its end. Throws the worker's `TableError`, with its line in the
   * file, after reporting the rejections before it.
   */
  join(reader: TransactionCsvReader): Promise<Joined>;
  /** Stops the worker (the caller reads the file alone). */
  stop(): void;
}

/** Lines tried for a piece's start before the first one is taken as it is (see `pieceStarts`). */
const START_TRIES = 16;

/** The byte after the first line feed at or after `from` (read through `buffer`), or `size` when there is none. */
function lineAfter(fd: number, buffer: Buffer, from: number, size: number): number {
  for (let at = from; at < size; ) {
    const bytesRead = readSync(fd, buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    const lf = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (lf !== -1) return at + lf + 1;
    at += bytesRead;
  }
  return size;
}

/**
 * Where each piece starts (see {@link PiecePlan.starts}): for piece k > 0, the first line at or after
 * `k · bytes` that reads as a record of the header's width (a line inside a quoted field seldom does), among
 * the next START_TRIES lines, else the first of them (the pieces' end checks find a wrong one). Read
 * synchronously (a few kilobytes a piece), like the file's size: the worker is then started in the tick of the
 * call, not after turns of the event loop that other work of the caller (reading the customers file) may hold
 * up.
 */
function pieceStarts(
  path: string,
  size: number,
  bytes: number,
  pieces: number,
  delimiter: string | undefined,
): Float64Array {
  const starts = new Float64Array(pieces + 1);
  starts[pieces] = size;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 12);
    const window = Buffer.allocUnsafe(1 << 14);
    const shape = headerShape(window, readSync(fd, window, 0, window.length, 0), delimiter);
    let from = 0;
    for (let k = 1; k < pieces; k++) {
      let at = lineAfter(fd, buffer, Math.max(from, k * bytes), size);
      const first = at;
      for (let tries = 1; shape !== undefined && at < size; tries++) {
        if (isRecordAt(window, 0, readSync(fd, window, 0, window.length, at), shape)) break;
        if (tries === START_TRIES) {
          at = first;
          break;
        }
        at = lineAfter(fd, buffer, at, size);
      }
      starts[k] = at;
      from = at;
    }
    return starts;
  } finally {
    closeSync(fd);
  }
}

/** Where the worker's rows and lines are in the file (see {@link renumber}). */
export interface Renumbering {
  /** The row of the file of a first row's number (the worker's from ROW_BIAS on; the others are their own). */
  readonly rowOf: (row: number) => number;
  /** A rejection of the worker's in `piece` (its row and line the worker's counts), at its place in the file. */
  readonly rejection: (piece: PieceCount, row: RejectedTransaction) => RejectedTransaction;
  /** The line of the file of the worker's line `line` (its count), in `piece`. */
  readonly lineIn: (piece: PieceCount, line: number) => number;
}

/**
 * Where the worker's rows and lines are in the file, from the pieces it read (`pieces`) and where the caller's
 * pieces end (`rows`: the caller's rows; `line`: the line of the first record after them).
 */
export function renumber(
  plan: Pick<PiecePlan, 'room' | 'starts'>,
  pieces: readonly PieceCount[],
  rows: number,
  line: number,
): Renumbering {
  const firstRows = new Float64Array(plan.starts.length).fill(-1);
  const firstLines = new Float64Array(plan.starts.length);
  for (const piece of [...pieces].sort((a, b) => a.index - b.index)) {
    firstRows[piece.index] = rows;
    firstLines[piece.index] = line;
    rows += piece.rows;
    line += piece.lines;
  }
  const room = plan.room;
  return {
    rowOf(row) {
      if (row < ROW_BIAS) return row;
      const k = Math.floor((row - ROW_BIAS) / room);
      const first = firstRows[k] ?? -1;
      if (first < 0) throw new Error(`internal: row ${row} of no piece read`);
      return first + (row - ROW_BIAS - k * room);
    },
    rejection: (piece, row) => ({
      ...row,
      index: (firstRows[piece.index] as number) + (row.index - piece.firstRow),
      line: (firstLines[piece.index] as number) + (row.line - piece.firstLine),
    }),
    lineIn: (piece, at) => (firstLines[piece.index] as number) + (at - piece.firstLine),
  };
}

/**
 * Starts a worker on the pieces of the file from its end back when it is worth it (see `threads`), or returns
 * undefined.
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
  const bytes = Math.max(
    1,
    Math.floor(options.pieceBytes ?? Math.min(PIECE_BYTES, size / MIN_PIECES)),
    Math.ceil(size / MAX_PIECES),
  );
  const count = Math.ceil(size / bytes);
  const room = Math.floor(ROW_BIAS / count);
  // Fewer than 2 pieces, or too many rows for the numbers (files of 1 GiB or more): one thread.
  if (count < 2 || room < bytes + 2) return undefined;
  const taken = new Int32Array(new SharedArrayBuffer(4));
  taken[0] = 2;
  const plan: PiecePlan = {
    starts: pieceStarts(path, size, bytes, count, options.delimiter),
    room,
    taken,
  };
  // Parts of the tables are shared with purchases counted by row (no pairs of customer numbers).
  const shared = target.options.frequency === 'transactions';
  const toMain = shared ? ringMemory(RING_BLOCKS) : undefined;
  const toWorker = shared ? ringMemory(RING_BLOCKS) : undefined;
  const request: PartRequest = {
    path,
    file: options.file ?? path,
    plan,
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
  // The caller's pieces: [0, mine).
  let mine = 1;
  return {
    split,
    get rows() {
      return progress.rows;
    },
    get bytes() {
      return progress.bytes;
    },
    get end() {
      return plan.starts[mine] as number;
    },
    size,
    claim() {
      if (Atomics.add(taken, 0, 1) >= count) return false;
      mine++;
      return true;
    },
    async join(reader) {
      if (split !== undefined) {
        // The known ids not marked yet are marked (the marks of the worker's parts of the tables go to it with
        // the rows), then this thread adds the rows of its own parts that the worker sends while it reads on.
        reader.markKnownAhead(Number.POSITIVE_INFINITY);
        reader.finishSending();
        while (!reader.receive() && !stopped) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const message = await ended;
      // Its thread is gone before the caller goes on (none is left running, or ending, when a program exits);
      // it ends (2-16 ms) while its rows are taken in.
      const terminated = worker.terminate();
      try {
        if (message === undefined || message.kind === 'progress' || message.kind === 'misread')
          return 'restart';
        if (message.kind === 'done') {
          // The worker said 'done' once it had sent everything: what is left in the ring is added now.
          if (split !== undefined && !reader.receive())
            throw new Error('internal: the worker sent rows after its end');
          const where = renumber(plan, message.pieces, reader.rows, reader.nextLine);
          const pieces = new Map(message.pieces.map((piece) => [piece.index, piece]));
          const rejected = message.rejected
            .map((row, k) =>
              where.rejection(pieces.get(message.rejectedPieces[k] as number) as PieceCount, row),
            )
            .sort((a, b) => a.index - b.index);
          reader.absorb(message.state, message.rows, rejected, where.rowOf);
          return 'joined';
        }
        // The worker stopped at an error in its last piece, the piece after the caller's (it takes no more).
        if (message.piece.index !== mine)
          throw new Error("internal: the worker failed in a piece not next to the caller's");
        const where = renumber(plan, [message.piece], reader.rows, reader.nextLine);
        const rejected = message.rejected.map((row) => where.rejection(message.piece, row));
        reader.absorb(undefined, 0, rejected, where.rowOf);
        const { line, code, reason } = message.error;
        throw new TableError(
          request.file,
          line === undefined ? undefined : where.lineIn(message.piece, line),
          code,
          reason,
        );
      } finally {
        await terminated;
      }
    },
    stop() {
      void worker.terminate();
    },
  };
}
