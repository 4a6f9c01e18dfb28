// Reading the input files of `score` and `fit`: customers (kept), transactions (aggregated while read), events
// (kept, for behaviour scorers), with line numbers for every bad row and a progress line on a terminal.
import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import {
  aggregateTransactions,
  type Pipeline,
  type PreparedTransactions,
  type RecordSource,
  type RfmScorerConfig,
} from 'scorekit';
import { csvDelimiter, readCsvHeader } from '../node/csv.js';
import { isByteDelimiter, readCsvKept } from '../node/csv-bytes.js';
import { headerPaths } from '../node/header.js';
import { RecordTable } from '../node/record-table.js';
import { type CsvOptions, fileSize, formatOf, readTableRows, type TableRow } from '../node/table.js';
import { aggregateTransactionsFile, type IdList } from '../node/transactions-csv.js';
import { hasColumn, type NeededColumn, plainKeys } from './columns.js';
import { CliError, EXIT } from './errors.js';
import type { Progress } from './progress.js';

/** Which input a bad row comes from. */
export type Source = 'customers' | 'transactions' | 'events';

/** A row that could not be used, with where it is. */
export interface BadRow {
  readonly source: Source;
  readonly file: string;
  readonly line: number;
  readonly id?: string | undefined;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** Options shared by the readers. */
export interface ReadOptions extends CsvOptions {
  readonly failFast: boolean;
  /** Threads reading a CSV transactions file (default: aggregateTransactionsFile's). */
  readonly threads?: 1 | 2 | undefined;
  readonly progress: Progress;
}

/** Fails with exit code 1 when the file is missing or is not a file. */
export async function mustExist(path: string, what: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new CliError(`the ${what} file "${path}" does not exist`);
  }
  if (!isFile) throw new CliError(`the ${what} file "${path}" is not a file`);
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new CliError(`cannot read the ${what} file "${path}": permission denied`);
  }
}

/**
 * Fails with one clear line when a column the pipeline needs is not in a CSV file's header. JSON and NDJSON
 * have no header: a field missing from one object is a missing value, not a missing column.
 */
export async function requireColumns(
  path: string,
  needed: readonly NeededColumn[],
  options: CsvOptions,
): Promise<void> {
  if (formatOf(path) !== 'csv') return;
  const columns = await readCsvHeader(path, options);
  if (columns.length === 0) return;
  // A header that cannot become field paths is said first.
  headerPaths(path, columns, { ...options, nested: true, plainKeys: plainKeys(needed) });
  for (const n of needed) {
    if (!hasColumn(columns, n))
      throw new CliError(
        `${path}: no column "${n.column}" (${n.why}); the columns are: ${columns.join(', ')}`,
      );
  }
}

/** Stops at the first bad row with `--on-invalid fail` (exit code 2). */
export function failOn(bad: BadRow): never {
  const where = `${bad.file}, line ${bad.line}${bad.column === '' ? '' : `, column "${bad.column}"`}`;
  throw new CliError(`${where}: ${bad.message}`, EXIT.invalidRow);
}

/** A bad row of the reader, as a rejected row. */
function unreadable(source: Source, path: string, row: TableRow & { kind: 'bad' }): BadRow {
  return {
    source,
    file: path,
    line: row.line,
    column: row.column,
    code: 'unreadable_row',
    message: row.message,
  };
}

/** The rows of a file that is kept whole: its records (with the line of each), and its bad rows. */
export interface KeptRows<R extends RecordSource = RecordSource> {
  readonly records: R;
  readonly lines: ArrayLike<number>;
  readonly bad: BadRow[];
}

/** Reads every row of a file that is kept whole (customers, events); bad rows are returned with their line. */
async function readRows(
  source: Source,
  path: string,
  needed: readonly NeededColumn[],
  options: ReadOptions,
): Promise<KeptRows<Record<string, unknown>[]>> {
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const bad: BadRow[] = [];
  const { read, bytes } = await startReading(path, needed, options);
  let n = 0;
  for await (const batch of readTableRows(path, read)) {
    for (const row of batch) {
      if (row.kind === 'bad') {
        const b = unreadable(source, path, row);
        if (options.failFast) failOn(b);
        bad.push(b);
      } else {
        records.push(row.values);
        lines.push(row.line);
      }
    }
    n += batch.length;
    options.progress.update(n, bytes.read);
  }
  options.progress.done();
  return { records, lines, bad };
}

/**
 * Reads every customer row; bad rows are returned with their line. A CSV file's rows are kept as bytes
 * (node/record-table.ts: a few bytes a customer instead of an object), made into records as the core reads
 * them; JSON and NDJSON rows, already objects, are kept as they are.
 */
export async function readCustomers(
  path: string,
  needed: readonly NeededColumn[],
  options: ReadOptions,
): Promise<KeptRows> {
  const delimiter = formatOf(path) === 'csv' ? await csvDelimiter(path, options) : undefined;
  if (delimiter === undefined || !isByteDelimiter(delimiter))
    return readRows('customers', path, needed, options);
  const bad: BadRow[] = [];
  const { read, bytes } = await startReading(path, needed, options);
  let table: RecordTable | undefined;
  for await (const chunk of readCsvKept(path, delimiter, read)) {
    for (const row of chunk.bad) {
      const b = unreadable('customers', path, row as TableRow & { kind: 'bad' });
      if (options.failFast) failOn(b);
      bad.push(b);
    }
    table = chunk.table;
    options.progress.update(chunk.rows, bytes.read);
  }
  options.progress.done();
  return table === undefined ? { records: [], lines: [], bad } : { records: table, lines: table.lines, bad };
}

/** Reads every event row (the core needs them all, grouped by lead); bad rows are returned with their line. */
export function readEvents(
  path: string,
  needed: readonly NeededColumn[],
  options: ReadOptions,
): Promise<KeptRows<Record<string, unknown>[]>> {
  return readRows('events', path, needed, options);
}

/** An id as the core reads it: a non-blank string as it is, a finite number as text; else `undefined`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Starts the progress bar of a file and the options to read it row by row, counting the bytes read. */
async function startReading(
  path: string,
  needed: readonly NeededColumn[],
  options: ReadOptions,
): Promise<{ read: CsvOptions & { onBytes: (b: number) => void }; bytes: { read: number } }> {
  options.progress.start(path, await fileSize(path));
  const bytes = { read: 0 };
  const read = {
    ...options,
    nested: true,
    plainKeys: plainKeys(needed),
    onBytes: (b: number) => {
      bytes.read = b;
    },
  };
  return { read, bytes };
}

/**
 * The ids of the customers file: as a list (the transaction reader looks each one up once), and as a set made
 * when first needed (rows read one at a time, events).
 */
export class KnownCustomers {
  #set: ReadonlySet<string> | undefined;

  constructor(readonly ids: IdList) {}

  /** The ids as a set. */
  get set(): ReadonlySet<string> {
    if (this.#set === undefined) {
      const set = new Set<string>();
      for (let i = 0; i < this.ids.length; i++) {
        const id = this.ids.at(i);
        if (id !== undefined) set.add(id);
      }
      this.#set = set;
    }
    return this.#set;
  }
}

/**
 * The ids of records read by position, each record made when its id is read (`undefined` for one without a
 * usable id): a million customers kept as bytes give their ids to the transaction reader without a million
 * strings held while it reads.
 */
export function recordIds(records: RecordSource, idKey: string): IdList {
  // A table's ids also give their bytes (RecordTable `ids`), copied into the transaction reader's lookups.
  if (records instanceof RecordTable) return records.ids(idKey);
  return {
    length: records.length,
    at: (i) => {
      const r = records.at(i) as Record<string, unknown> | undefined;
      return r !== undefined && Object.hasOwn(r, idKey) ? idOf(r[idKey]) : undefined;
    },
  };
}

/**
 * About how many customers the customers file has, to size the transaction reader's tables at once: guessed
 * from the lines of its first 64 KiB. Read synchronously, like the transactions file's size and its parts'
 * starts (transactions-split.ts): awaited, those reads waited behind the customers file's chunks and started
 * the worker thread 0.2–0.3 s later. (The worker reads parts of the transactions file from its end while this
 * thread reads the customers file, then both take parts until none is left.)
 */
function expectedCustomers(customersFile: string | undefined): { expected?: number } {
  if (customersFile === undefined || formatOf(customersFile) !== 'csv') return {};
  const bytes = statSync(customersFile).size;
  const fd = openSync(customersFile, 'r');
  try {
    const head = Buffer.alloc(Math.min(bytes, 1 << 16));
    const bytesRead = readSync(fd, head, 0, head.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (head[i] === 0x0a) lines++;
    return lines === 0 ? {} : { expected: Math.ceil((lines * bytes) / bytesRead) };
  } finally {
    closeSync(fd);
  }
}

/** What was read of a transactions file. */
export interface TransactionsRead {
  readonly table: PreparedTransactions;
  /** Gives back the memory of `table` (see `TransactionsFileResult.release`); it is not read after. */
  readonly release: () => void;
  readonly rows: number;
  readonly bad: BadRow[];
  readonly unmatched: Unmatched;
  /** The threads that read it (2: a worker thread read parts of it). */
  readonly threads: 1 | 2;
}

/** Rows of a side file that name someone who is not in the customers file: counted, never silently lost. */
export interface Unmatched {
  rows: number;
  readonly ids: Set<string>;
}

/**
 * A CSV transactions file, read by the byte-level reader of scorekit/node: no string or object per row (ids
 * are interned by their bytes, dates and amounts parsed from bytes), so a 10-million-row export streams
 * through in seconds with the same results and rejections as the row-by-row path.
 */
async function readTransactionsCsv(
  path: string,
  pipeline: Pipeline,
  rfm: RfmScorerConfig,
  asOf: string,
  known: KnownCustomers | Promise<KnownCustomers> | undefined,
  options: ReadOptions,
  customersFile: string | undefined,
): Promise<TransactionsRead> {
  const bad: BadRow[] = [];
  // The file's size and the customers file's head are read synchronously, so that the worker starts in this
  // tick, before the customers file, read at the same time, holds the event loop (see expectedCustomers).
  const size = statSync(path).size;
  // Its bar starts with this thread's reading (the customers file may still be read until then).
  let started = false;
  const start = () => {
    if (!started) options.progress.start(path, size);
    started = true;
  };
  const early = known instanceof Promise ? expectedCustomers(customersFile) : {};
  const out = await aggregateTransactionsFile(path, pipeline, {
    ...early,
    asOf,
    scorer: rfm.name,
    delimiter: options.delimiter,
    decimal: options.decimal,
    encoding: options.encoding,
    known: known instanceof Promise ? known.then((k) => k.ids) : known?.ids,
    // The customers not in the list are only counted, and without a list they are sorted by id: the table
    // need not order them by their first row.
    order: 'any',
    threads: options.threads,
    onRejected: (r) => {
      const problem: BadRow = {
        source: 'transactions',
        file: path,
        line: r.line,
        id: r.id,
        column: r.column,
        code: r.code,
        message: r.message,
      };
      if (options.failFast) failOn(problem);
      bad.push(problem);
    },
    onProgress: (rows, bytes) => {
      start();
      options.progress.update(rows, bytes);
    },
  });
  start();
  options.progress.done();
  return {
    table: out.transactions,
    release: out.release,
    rows: out.rows,
    bad,
    unmatched: out.unmatched ?? { rows: 0, ids: new Set() },
    threads: out.threads,
  };
}

/**
 * Aggregates the transactions file while it is read: no row is kept. Rows of customers not in `known` are
 * counted (`unmatched`); without `known` (no customers file), every customer is known.
 */
export async function readTransactions(
  path: string,
  pipeline: Pipeline,
  rfm: RfmScorerConfig,
  asOf: string,
  knownLater: KnownCustomers | Promise<KnownCustomers> | undefined,
  needed: readonly NeededColumn[],
  options: ReadOptions,
  customersFile?: string,
): Promise<TransactionsRead> {
  // Invoice lines (a quantity times a unit price) go row by row: the byte reader reads one amount per row.
  if (formatOf(path) === 'csv' && rfm.quantityKey === undefined)
    return readTransactionsCsv(path, pipeline, rfm, asOf, knownLater, options, customersFile);
  const known = await knownLater;
  const aggregator = aggregateTransactions(pipeline, { asOf, scorer: rfm.name });
  const customerKey = rfm.customerKey ?? 'customerId';
  const unmatched: Unmatched = { rows: 0, ids: new Set() };
  const bad: BadRow[] = [];
  const { read, bytes } = await startReading(path, needed, options);
  let rows = 0;
  for await (const batch of readTableRows(path, read))
    for (const row of batch) {
      rows++;
      let problem: BadRow | undefined;
      if (row.kind === 'bad') problem = unreadable('transactions', path, row);
      else {
        const rejection = aggregator.add(row.values, row.index);
        if (rejection !== undefined) {
          problem = {
            source: 'transactions',
            file: path,
            line: row.line,
            id: rejection.id,
            column: rejection.path.join('.'),
            code: rejection.code,
            message: rejection.message,
          };
        } else {
          const id = Object.hasOwn(row.values, customerKey) ? idOf(row.values[customerKey]) : undefined;
          if (id !== undefined && known !== undefined && !known.set.has(id)) {
            unmatched.rows++;
            unmatched.ids.add(id);
          }
        }
      }
      if (problem !== undefined) {
        if (options.failFast) failOn(problem);
        bad.push(problem);
      }
      if ((rows & 4095) === 0) options.progress.update(rows, bytes.read);
    }
  options.progress.done();
  // (Rows read one at a time, by the core's accumulator: nothing to give back before the end.)
  return { table: aggregator.finish(), release: () => undefined, rows, bad, unmatched, threads: 1 };
}
