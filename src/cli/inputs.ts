// Reading the input files of `score` and `fit`: customers (kept), transactions (aggregated while read),
// with line numbers for every bad row and a progress line on a terminal.
import { access } from 'node:fs/promises';
import {
  aggregateTransactions,
  type Pipeline,
  type PreparedTransactions,
  type RfmScorerConfig,
} from 'scorekit';
import { type CsvOptions, fileSize, readColumns, readTable } from '../node/table.js';
import { CliError, EXIT } from './errors.js';
import type { Progress } from './progress.js';

/** A row that could not be used, with where it is. */
export interface BadRow {
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
  readonly progress: Progress;
}

/** Fails with exit code 1 when the file is missing. */
export async function mustExist(path: string, what: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new CliError(`the ${what} file "${path}" does not exist`);
  }
}

/** Fails with one clear line when a column the pipeline needs is not in the file. */
export async function requireColumns(
  path: string,
  needed: readonly { column: string; why: string }[],
  options: CsvOptions,
): Promise<void> {
  const columns = await readColumns(path, options);
  if (columns.length === 0) return;
  for (const { column, why } of needed) {
    if (!columns.includes(column)) {
      throw new CliError(`${path}: no column "${column}" (${why}); the columns are: ${columns.join(', ')}`);
    }
  }
}

/** Stops at the first bad row with `--on-invalid fail` (exit code 2). */
export function failOn(bad: BadRow): never {
  const where = `${bad.file}, line ${bad.line}${bad.column === '' ? '' : `, column "${bad.column}"`}`;
  throw new CliError(`${where}: ${bad.message}`, EXIT.invalidRow);
}

/** Reads every customer row; bad rows are returned with their line. */
export async function readCustomers(
  path: string,
  options: ReadOptions,
): Promise<{ records: Record<string, unknown>[]; lines: number[]; bad: BadRow[] }> {
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const bad: BadRow[] = [];
  options.progress.start(path, await fileSize(path));
  let bytes = 0;
  let n = 0;
  for await (const row of readTable(path, { ...options, onBytes: (b) => (bytes = b) })) {
    n++;
    if (row.kind === 'bad') {
      const b = {
        file: path,
        line: row.line,
        column: row.column,
        code: 'unreadable_row',
        message: row.message,
      };
      if (options.failFast) failOn(b);
      bad.push(b);
    } else {
      records.push(row.values);
      lines.push(row.line);
    }
    if ((n & 1023) === 0) options.progress.update(n, bytes);
  }
  options.progress.done();
  return { records, lines, bad };
}

/** The RFM scorer fed by transactions, if the pipeline has one. */
export function transactionScorer(pipeline: Pipeline): RfmScorerConfig | undefined {
  return pipeline.config.scorers.find(
    (s): s is RfmScorerConfig => s.type === 'rfm' && s.source !== 'fields' && s.recency === undefined,
  );
}

/** Aggregates the transactions file while it is read: no row is kept. */
export async function readTransactions(
  path: string,
  pipeline: Pipeline,
  asOf: string,
  options: ReadOptions,
): Promise<{ table: PreparedTransactions; rows: number; bad: BadRow[] }> {
  const aggregator = aggregateTransactions(pipeline, { asOf });
  const bad: BadRow[] = [];
  options.progress.start(path, await fileSize(path));
  let bytes = 0;
  let rows = 0;
  for await (const row of readTable(path, { ...options, onBytes: (b) => (bytes = b) })) {
    rows++;
    let problem: BadRow | undefined;
    if (row.kind === 'bad')
      problem = {
        file: path,
        line: row.line,
        column: row.column,
        code: 'unreadable_row',
        message: row.message,
      };
    else {
      const rejection = aggregator.add(row.values, row.index);
      if (rejection !== undefined) {
        problem = {
          file: path,
          line: row.line,
          id: rejection.id,
          column: String(rejection.path[0] ?? ''),
          code: rejection.code,
          message: rejection.message,
        };
      }
    }
    if (problem !== undefined) {
      if (options.failFast) failOn(problem);
      bad.push(problem);
    }
    if ((rows & 4095) === 0) options.progress.update(rows, bytes);
  }
  options.progress.done();
  return { table: aggregator.finish(), rows, bad };
}
