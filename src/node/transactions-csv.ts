// Aggregating a transaction CSV for RFM straight from its bytes (see transactions-reader.ts): the file, or a
// stream, is read chunk by chunk into one buffer; the reader uses the whole records and the rest (a record cut
// by the end of the chunk) stays at the start of the buffer for the next read.
import { open } from 'node:fs/promises';
import {
  type AggregateOptions,
  aggregateTransactions,
  ConfigError,
  createRfmAccumulator,
  type Pipeline,
  type PreparedTransactions,
  type RfmAccumulator,
  type RfmScorerConfig,
  resolveAsOf,
} from 'scorekit';
import type { TextEncoding } from './decode.js';
import { countOf, type IdList, type KnownIds } from './known-ids.js';
import { release } from './release.js';
import type { SplitSlots } from './rfm-slots.js';
import { type RejectedTransaction, TransactionCsvReader } from './transactions-reader.js';
import { KNOWN_AHEAD, type Part, startPart } from './transactions-split.js';

export type { RejectedTransaction };
export { countOf, type IdList, type KnownIds };

/** Options of {@link aggregateTransactionsFile}. */
export interface TransactionsFileOptions {
  /** The reference date of the run, as for `scoreCustomers`. */
  readonly asOf: string | Date | number;
  /** The name of the RFM scorer, when the pipeline has several. */
  readonly scorer?: string | undefined;
  /** The delimiter; detected from the header line when absent (`,` `;` tab or `|`). */
  readonly delimiter?: string | undefined;
  /** `,` to read decimal commas (`12,50`, `1 234,5`) as the CSV reader does. */
  readonly decimal?: '.' | ',' | undefined;
  /** The file's encoding (default `utf-8`; a UTF-8 byte order mark wins). */
  readonly encoding?: TextEncoding | undefined;
  /** The file's name in messages, for a stream (default: the path, or `transactions`). */
  readonly file?: string | undefined;
  /** Bytes read at a time (default 4 MiB). */
  readonly chunkSize?: number | undefined;
  /**
   * Threads reading a file given by its path: with 2, the file is cut into pieces (see `pieceBytes`) that this
   * thread reads from the start on and a worker thread from the end back, each taking the next piece when it
   * is done with one, and the two are put together (the same result, rejections in file order). By default 2
   * for a file of 32 MiB or more on a machine with more than one core, else 1. Frequency `orders`, a file of
   * 1 GiB or more, and a file where a piece's last record goes on past the next piece's start (a line break
   * inside quotes; found as the pieces are read) are read by one thread.
   */
  readonly threads?: 1 | 2 | undefined;
  /**
   * With two threads, about how many bytes a piece of the file has (default 1 MiB, or a 16th of a smaller file;
   * more when that makes over 512 pieces): each piece starts at the first line after its place.
   */
  readonly pieceBytes?: number | undefined;
  /** About how many customers there are, to size the tables at once (default: the number of `known` ids). */
  readonly expected?: number | undefined;
  /**
   * The order of the customers not in `known` (all of them without it) in the table: `'first-row'` (default),
   * that of their first taken row; `'any'`, no given order (it may change from one run to the next, with two
   * threads), for a caller that sorts them itself: about 0.15 s less for a million, without a sort.
   */
  readonly order?: 'first-row' | 'any' | undefined;
  /** Called with every row that is not taken, in file order: no bad row is dropped silently. */
  readonly onRejected: (row: RejectedTransaction) => void;
  /** Called after each chunk with the rows and bytes read so far. */
  readonly onProgress?: ((rows: number, bytes: number) => void) | undefined;
  /**
   * The customer ids known elsewhere (the customers file), as a set, an array or an {@link IdList} (repeats do no harm): the rows
   * taken for any other customer are counted in `unmatched`, without a lookup per row (once per customer, at
   * the end). The feature table then holds the known customers first, in this order, then the others in the
   * order of their first row (without `known`, all in that order): scoring the customers in the order of an
   * array reads the features in order, and `positionOf` asked in that order makes no lookup.
   *
   * A promise of them lets the work start before they are known: a worker thread (see `threads`) starts
   * reading at once, and this thread reads its pieces once the promise is settled (meanwhile it can read the
   * customers file, as `scorekit score` does). A rejected promise stops the worker and rejects with it.
   */
  readonly known?: KnownIds | PromiseLike<KnownIds> | undefined;
}

/** What {@link aggregateTransactionsFile} read. */
export interface TransactionsFileResult {
  /** The aggregated transactions, for `scoreCustomers(…, { asOf, transactions })`. */
  readonly transactions: PreparedTransactions;
  /** Data rows read (header and empty lines left out), bad ones included. */
  readonly rows: number;
  /** Rows reported to `onRejected`. */
  readonly rejected: number;
  /**
   * With `known`: the rows taken (not rejected, including those left out by option) whose customer is not in
   * it, and those customers' ids.
   */
  readonly unmatched: { readonly rows: number; readonly ids: Set<string> } | undefined;
  /** The threads that read the file: 2 when a worker read pieces of it (see `threads`), else 1. */
  readonly threads: 1 | 2;
  /**
   * Gives back the memory of `transactions` at once (its arrays are emptied: it must not be read after): for
   * a caller that scores with it and then goes on, once the run has read it, that is when the first result
   * comes out (`ScoreOptions.onResult`). The command line does, so that a million customers' features and
   * ids (about 60 MB) are not held through the scoring; without it they would stay until the garbage
   * collector next goes over the old generation, which in a short run may be never.
   */
  readonly release: () => void;
}

/** The pieces of the pipeline the reader needs, resolved by the core as `aggregateTransactions` does. */
export interface Target extends TargetSpec {
  readonly acc: RfmAccumulator;
  readonly asOfDay: number;
}

/**
 * What a {@link Target} is made of, plain data that a worker thread can be given (it makes the same target
 * with `targetFrom`, without reading the pipeline again).
 */
export interface TargetSpec {
  readonly asOf: string | Date | number;
  readonly options: AggregateOptions;
  readonly keys: readonly [string, string, string, string | undefined];
  readonly timeZone: string;
}

/** The pieces of the pipeline the reader needs, as the core's `aggregateTransactions` resolves them. */
export function targetOf(
  pipeline: Pipeline,
  options: Pick<TransactionsFileOptions, 'asOf' | 'scorer'>,
): Target {
  const named = options.scorer === undefined ? {} : { scorer: options.scorer };
  // The core checks the pipeline and asOf (throwing its ConfigError) and gives the options it would use.
  const { options: aggregate } = aggregateTransactions(pipeline, {
    asOf: options.asOf,
    ...named,
  }).finish();
  const scorer = pipeline.config.scorers.find(
    (s): s is RfmScorerConfig =>
      s.type === 'rfm' && (options.scorer === undefined || s.name === options.scorer),
  ) as RfmScorerConfig;
  if (scorer.quantityKey !== undefined)
    throw new ConfigError(`the pipeline "${pipeline.id}"`, [
      {
        code: 'not_supported',
        path: ['scorers', pipeline.config.scorers.indexOf(scorer), 'quantityKey'],
        message: `the rfm scorer "${scorer.name}" multiplies a quantity by a unit price, which aggregateTransactionsFile does not read: read the file with readTable and give each row to aggregateTransactions`,
      },
    ]);
  return targetFrom({
    asOf: options.asOf,
    options: aggregate,
    keys: [
      scorer.customerKey ?? 'customerId',
      scorer.dateKey ?? 'date',
      scorer.amountKey ?? 'amount',
      scorer.orderKey,
    ],
    timeZone: pipeline.config.timeZone ?? 'UTC',
  });
}

/** The target of a {@link TargetSpec}: its accumulator and asOf's day made. */
export function targetFrom(spec: TargetSpec): Target {
  const [customerKey, dateKey, amountKey, orderKey] = spec.keys;
  const asOf = resolveAsOf(spec.asOf, spec.timeZone);
  const acc = createRfmAccumulator(asOf, spec.options, { customerKey, dateKey, amountKey, orderKey });
  return { ...spec, acc, asOfDay: asOf.day };
}

/** A reader of the file for the pipeline's RFM scorer. */
export function readerOf(
  file: string,
  target: Target,
  options: Pick<TransactionsFileOptions, 'delimiter' | 'decimal' | 'encoding'>,
  onRejected: (row: RejectedTransaction) => void,
  customers: { readonly known?: KnownIds | undefined; readonly expected?: number | undefined },
  split?: SplitSlots,
): TransactionCsvReader {
  return new TransactionCsvReader({
    file,
    acc: target.acc,
    asOfDay: target.asOfDay,
    options: target.options,
    keys: target.keys,
    timeZone: target.timeZone,
    delimiter: options.delimiter,
    decimal: options.decimal,
    utf8: (options.encoding ?? 'utf-8') === 'utf-8',
    onRejected,
    known: customers.known,
    expected: customers.expected ?? countOf(customers.known),
    split,
  });
}

/**
 * Reads the records of `source` with a new reader, the pieces of the file this thread takes when there is a
 * worker (then takes its rows in): the reader, and whether the worker's pieces were joined; or 'restart' when
 * the worker could not end its pieces, or a piece's last record went on past its end (the file must be read
 * again, by this thread alone). With a worker, the rejections are held until its pieces are joined, and
 * dropped with the reader on a restart, so that each is reported once.
 */
async function readWith(
  source: string | AsyncIterable<Uint8Array>,
  file: string,
  target: Target,
  options: TransactionsFileOptions,
  customers: { readonly known: KnownIds | undefined; readonly expected: number | undefined },
  first: Part | undefined,
): Promise<{ reader: TransactionCsvReader; done: boolean } | 'restart'> {
  let part = first;
  const held: RejectedTransaction[] | undefined = part === undefined ? undefined : [];
  const report = (): void => {
    if (held === undefined) return;
    for (const row of held.splice(0)) options.onRejected(row);
  };
  let reader: TransactionCsvReader;
  try {
    reader = readerOf(
      file,
      target,
      options,
      held === undefined ? options.onRejected : (row) => held.push(row),
      { known: customers.known, expected: customers.expected },
      part?.split,
    );
  } catch (error) {
    part?.stop();
    throw error;
  }
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 1 << 22));
  let buffer = Buffer.allocUnsafe(chunkSize);
  let filled = 0;
  let bytes = 0;
  // The bytes of the file before `buffer`.
  let consumed = 0;
  // Uses what the reader can of the buffer and keeps the rest (a cut record) at its start.
  const use = (final: boolean): void => {
    const used = reader.push(buffer, filled, final);
    if (final && used < filled)
      throw new Error(`internal: ${filled - used} bytes left at the end of ${file}`);
    buffer.copyWithin(0, used, filled);
    filled -= used;
    consumed += used;
    options.onProgress?.(reader.rows + (part?.rows ?? 0), bytes + (part?.bytes ?? 0));
  };
  const room = (length: number): void => {
    if (filled + length <= buffer.length) return;
    const more = Buffer.allocUnsafe(Math.max(buffer.length * 2, filled + length));
    buffer.copy(more, 0, 0, filled);
    buffer = more;
  };
  let done = false;
  let restart = false;
  let ahead = false;
  try {
    if (typeof source === 'string') {
      const handle = await open(source, 'r');
      try {
        for (;;) {
          if (part !== undefined && consumed + filled === part.end) {
            if (part.claim()) {
              // Between two pieces, some of the known ids are marked in the tables (see RfmSlots
              // `markKnownAhead`): work taken off the one-thread end, made up for by the worker taking more
              // pieces.
              if (!ahead) ahead = reader.markKnownAhead(KNOWN_AHEAD);
              continue;
            }
            // This thread has read its pieces, and the worker has the rest of the file (none when no line
            // feed comes after this thread's pieces: the worker's are empty).
            if (filled > 0 && part.end === part.size) use(true);
            if (filled > 0) {
              // The last record goes on past the worker's first piece (a line break inside quotes): this
              // thread reads the file again alone.
              part.stop();
              restart = true;
              return 'restart';
            }
            const joined = await part.join(reader);
            part = undefined; // (its arrays, taken in, can go)
            if (joined === 'restart') {
              restart = true;
              return 'restart';
            }
            done = true;
            break;
          }
          if (filled === buffer.length) room(chunkSize); // a record longer than the buffer
          const length = Math.min(
            chunkSize,
            buffer.length - filled,
            (part?.end ?? Number.POSITIVE_INFINITY) - consumed - filled,
          );
          const { bytesRead } = await handle.read(buffer, filled, length, consumed + filled);
          if (bytesRead === 0 && part !== undefined) {
            // The file is shorter than when its pieces were found: read again by this thread alone.
            part.stop();
            restart = true;
            return 'restart';
          }
          if (bytesRead === 0) break;
          filled += bytesRead;
          bytes += bytesRead;
          use(false);
        }
      } finally {
        part?.stop();
        await handle.close();
      }
    } else {
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array))
          throw new TypeError(`${file}: expected chunks of bytes, not text`);
        room(chunk.length);
        buffer.set(chunk, filled);
        filled += chunk.length;
        bytes += chunk.length;
        use(false);
      }
    }
    if (!done) use(true);
    // Its 4 MiB given back now rather than at the next full collection (the feature table, made next, is the
    // peak of a run).
    release([buffer]);
  } finally {
    // Reported in order, also before an error of the file (not on a restart, which reads them again).
    if (!restart) report();
  }
  return { reader, done };
}

/**
 * Aggregates a transaction CSV (a path, or a stream of bytes such as a `Readable`) for the RFM scorer of
 * `pipeline`, reading its bytes directly: the result is what `aggregateTransactions` gives for the same rows
 * read with csv-parse, without a string or an object per row (a customer id is decoded once). The header names
 * the columns (the scorer's `customerKey`, `dateKey`, `amountKey`, and `orderKey` for frequency `orders`);
 * a scorer with a `quantityKey` (invoice lines) is refused with a `ConfigError`: read such a file with
 * `readTable` and `aggregateTransactions`, as `scorekit score` does;
 * a missing one throws a `TableError`, as do a broken quote and invalid UTF-8. Every row that is not taken
 * goes to `onRejected` with its line, column, code and message.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [rfm()] });
 * const bad: RejectedTransaction[] = [];
 * const { transactions, rows } = await aggregateTransactionsFile('transactions.csv', pipeline, {
 *   asOf: '2026-01-01',
 *   onRejected: (row) => bad.push(row),
 * });
 * const run = scoreCustomers([{ id: 'c1' }], pipeline, { asOf: '2026-01-01', transactions });
 */
export async function aggregateTransactionsFile(
  source: string | AsyncIterable<Uint8Array>,
  pipeline: Pipeline,
  options: TransactionsFileOptions,
): Promise<TransactionsFileResult> {
  // Known ids given later are watched at once: a promise that fails while the worker starts is not left
  // unhandled (it fails this call below).
  const knownLater = Promise.resolve(options.known);
  knownLater.catch(() => undefined);
  const file = options.file ?? (typeof source === 'string' ? source : 'transactions');
  const { pieceBytes } = options;
  if (pieceBytes !== undefined && !(Number.isFinite(pieceBytes) && pieceBytes >= 1))
    throw new RangeError(`pieceBytes: expected a number of bytes of at least 1, got ${String(pieceBytes)}`);
  if (options.order !== undefined && options.order !== 'first-row' && options.order !== 'any')
    throw new RangeError(`order: expected 'first-row' or 'any', got ${String(options.order)}`);
  const target = targetOf(pipeline, options);
  // The worker (when there is one) starts before the known ids are awaited.
  const part = typeof source === 'string' ? await startPart(source, options, target) : undefined;
  let known: KnownIds | undefined;
  try {
    known = await knownLater;
  } catch (error) {
    part?.stop();
    throw error;
  }
  const customers = { known, expected: options.expected };
  let read = await readWith(source, file, target, options, customers, part);
  // The worker could not end its part after taking rows of this thread's (see transactions-split.ts): the
  // file is read again, by this thread alone.
  if (read === 'restart') read = await readWith(source, file, target, options, customers, undefined);
  if (read === 'restart') throw new Error('internal: a read without a worker cannot restart');
  const { reader, done } = read;
  const { table, unknown, release } = reader.finish(options.order);
  // (Not spread: the table's ids are decoded only when read.)
  const transactions: PreparedTransactions = Object.assign(table, {
    asOfDay: target.asOfDay,
    options: target.options,
  });
  return {
    transactions,
    rows: reader.rows,
    rejected: reader.rejected,
    unmatched: known === undefined ? undefined : unknown,
    threads: done ? 2 : 1,
    release,
  };
}
