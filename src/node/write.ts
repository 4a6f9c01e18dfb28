// Writing scored records as CSV, NDJSON or JSON, by the output's extension.
import { closeSync, createWriteStream, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { csvCell, type PipelineConfig, type ScoredRecord } from 'scorekit';
import { formatCsvNumber } from './csv-number.js';
import { ResultCells } from './result-cells.js';
import { ScoredLineEncoder } from './scored-line.js';
import { formatOf } from './table.js';

export { formatCsvNumber };

/** How a CSV file is written: its delimiter and decimal mark. */
export interface CsvWriteOptions {
  /** The delimiter (default `,`). */
  readonly delimiter?: string | undefined;
  /** The decimal mark of numbers (default `.`); `,` for spreadsheets in French and most European locales. */
  readonly decimal?: '.' | ',' | undefined;
}

/**
 * One CSV line (with its CRLF end): numbers formatted by {@link formatCsvNumber}, text quoted per RFC 4180
 * and neutralized when a spreadsheet would run it as a formula (see `csvCell`).
 *
 * @example
 * csvLine(['a;b', 12.5, null], { delimiter: ';', decimal: ',' }) // → '"a;b";12,5;\r\n'
 */
export function csvLine(cells: readonly (string | number | null)[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string | number | null;
    let text: string;
    if (typeof c === 'number') {
      // A number as text is never a formula (csvCell keeps plain numbers as they are); it is quoted only when
      // its decimal mark is the delimiter.
      text = formatCsvNumber(c, options.decimal);
      if (text.includes(delimiter)) text = `"${text}"`;
    } else text = csvCell(c, delimiter);
    line = i === 0 ? text : `${line}${delimiter}${text}`;
  }
  return `${line}\r\n`;
}

/**
 * The flat columns of scored records, as written to CSV (and read back by `scorekit report`): `grade` when
 * the records have a grade, `stage_change` when they carry a transition.
 */
export function scoredColumns(results: readonly ScoredRecord[]): string[] {
  const columns = ['id', 'score', 'qualification'];
  if (results.some((r) => r.transition !== undefined)) columns.push('stage_change');
  if (results.some((r) => r.grade !== undefined)) columns.push('grade');
  columns.push('segment', 'segment_label', 'segment_color', 'segment_action');
  for (const [name, c] of Object.entries(results[0]?.components ?? {})) {
    columns.push(`${name}.value`, `${name}.normalized`);
    if (c.type === 'rfm')
      columns.push(
        `${name}.r`,
        `${name}.f`,
        `${name}.m`,
        `${name}.code`,
        `${name}.recency`,
        `${name}.frequency`,
        `${name}.monetary`,
      );
  }
  columns.push('explain');
  return columns;
}

/**
 * The cells of a scored record in the order of `scoredColumns` (give it the same `columns`). The
 * explanation's points are rounded like numbers, with the decimal mark asked for.
 */
export function scoredCells(
  result: ScoredRecord,
  options: CsvWriteOptions & {
    readonly columns?: readonly string[] | undefined;
    /** `false`: the explanation cell is left empty (it is the costliest to make). */
    readonly explain?: boolean | undefined;
  } = {},
): (string | number | null)[] {
  const columns = options.columns ?? scoredColumns([result]);
  return cellsFor(columns, options.decimal ?? '.', options.explain !== false).cells(result);
}

// The cell readers of a columns array given again and again (a writer's), one per decimal mark and explain.
const readers = new WeakMap<readonly string[], Map<string, ResultCells>>();

function cellsFor(columns: readonly string[], decimal: '.' | ',', explain: boolean): ResultCells {
  let byDialect = readers.get(columns);
  if (byDialect === undefined) {
    byDialect = new Map();
    readers.set(columns, byDialect);
  }
  const key = `${decimal}${explain}`;
  let cells = byDialect.get(key);
  if (cells === undefined) {
    cells = new ResultCells(columns, decimal, explain);
    byDialect.set(key, cells);
  }
  return cells;
}

/**
 * Writes lines to a file, waiting when the stream asks to. Lines are gathered into chunks of about 64 KiB:
 * one stream write per line costs more than the line itself when there are millions of them.
 */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const flush = async (chunk: string): Promise<void> => {
    if (!out.write(chunk))
      await Promise.race([failed, new Promise<void>((resolve) => out.once('drain', () => resolve()))]);
  };
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      await flush(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await flush(chunk);
  await Promise.race([
    failed,
    new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    ),
  ]);
}

/**
 * The CSV columns of the results of a pipeline, known before any record is scored (so that a file can be
 * written while records are scored): `stage_change` when the qualification has a `previous` field or a
 * `margin` (then every result carries a transition), `grade` when the pipeline grades, then each scorer's
 * columns in the pipeline's order. For the same pipeline, the columns `scoredColumns` finds in the results.
 *
 * @example
 * pipelineColumns({ id: 'p', scorers: [{ type: 'attributes', name: 'fit', rules: [] }] })
 * // → ['id', 'score', 'qualification', 'segment', 'segment_label', 'segment_color', 'segment_action', 'fit.value', 'fit.normalized', 'explain']
 */
export function pipelineColumns(config: PipelineConfig): string[] {
  const columns = ['id', 'score', 'qualification'];
  if (config.qualify?.previous !== undefined || config.qualify?.margin !== undefined)
    columns.push('stage_change');
  if (config.grade !== undefined) columns.push('grade');
  columns.push('segment', 'segment_label', 'segment_color', 'segment_action');
  for (const scorer of config.scorers) {
    const name = scorer.name;
    columns.push(`${name}.value`, `${name}.normalized`);
    if (scorer.type === 'rfm')
      columns.push(
        `${name}.r`,
        `${name}.f`,
        `${name}.m`,
        `${name}.code`,
        `${name}.recency`,
        `${name}.frequency`,
        `${name}.monetary`,
      );
  }
  columns.push('explain');
  return columns;
}

const CHUNK = 1 << 20;
// The buffer's first part, written out when full: so that the scoring loop has been through a flush before V8
// optimizes it (a first flush after 65k lines of four columns sent the whole loop back to the interpreter).
const FIRST_CHUNK = 1 << 14;

/** How {@link ScoredFileWriter} writes: the CSV dialect, and which columns. */
export interface ScoredWriteOptions extends CsvWriteOptions {
  /**
   * The columns to write, in this order: any of the writer's `columns` (default: all of them). In NDJSON and
   * JSON, each record is then a flat object of these columns instead of the full result.
   */
  readonly select?: readonly string[] | undefined;
}

/**
 * The columns of `select` that are not in `columns` (none: the selection can be written).
 *
 * @example
 * unknownColumns(['id', 'score', 'explain'], ['id', 'segment']) // → ['segment']
 */
export function unknownColumns(columns: readonly string[], select: readonly string[]): string[] {
  const known = new Set(columns);
  return select.filter((c) => !known.has(c));
}

/**
 * Writes scored records to a file one at a time, as they are made (`scoreCustomers(..., { onResult })`):
 * CSV with the given columns, NDJSON or JSON by the file's extension, in chunks of 1 MiB written
 * synchronously. The records go to a temporary file beside the target, which `close` renames into place and
 * `abort` removes: a run that fails half-way leaves the target as it was.
 *
 * @example
 * const writer = new ScoredFileWriter('scored.csv', pipelineColumns(pipeline.config));
 * scoreCustomers(customers, pipeline, { onResult: (result) => writer.write(result) });
 * writer.close();
 */
export class ScoredFileWriter {
  readonly #path: string;
  readonly #partial: string;
  readonly #format: ReturnType<typeof formatOf>;
  readonly #options: CsvWriteOptions;
  // The columns written (the selected ones, or all) and how their cells are read.
  readonly #names: readonly string[];
  readonly #selected: boolean;
  readonly #cells: ResultCells;
  readonly #encoder: ScoredLineEncoder;
  #fd: number | undefined;
  // Lines are encoded into this buffer as they come and written when it is full: a string of joined lines
  // would be copied once more when flattened before the write.
  readonly #whole = Buffer.allocUnsafe(CHUNK);
  #buffer = this.#whole.subarray(0, FIRST_CHUNK);
  #used = 0;
  #count = 0;

  /**
   * Opens the temporary file and writes the CSV header or the JSON opening bracket. `columns` are the
   * pipeline's ({@link pipelineColumns}); a column of `options.select` that is not one of them is a `RangeError`.
   */
  constructor(path: string, columns: readonly string[], options: ScoredWriteOptions = {}) {
    const select = options.select;
    const unknown = select === undefined ? [] : unknownColumns(columns, select);
    if (unknown.length > 0)
      throw new RangeError(
        `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')}: the scores have ${columns.join(', ')}`,
      );
    this.#path = path;
    this.#partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    this.#format = formatOf(path);
    this.#options = options;
    this.#names = select ?? columns;
    this.#selected = select !== undefined;
    this.#cells = cellsFor(this.#names, options.decimal ?? '.', true);
    this.#encoder = new ScoredLineEncoder(this.#names, options.delimiter ?? ',', options.decimal ?? '.');
    this.#fd = openSync(this.#partial, 'w');
    if (this.#format === 'csv') this.#add(csvLine(this.#names, options));
    else if (this.#format === 'json') this.#add('[');
  }

  /** Adds one record. */
  write(result: ScoredRecord): void {
    if (this.#format === 'csv') this.#record(result);
    else {
      const json = JSON.stringify(this.#selected ? this.#flat(result) : result);
      if (this.#format === 'json') this.#add(`${this.#count === 0 ? '\n' : ',\n'}${json}`);
      else this.#add(`${json}\n`);
    }
    this.#count++;
  }

  /** The cells of the columns written. */
  #picked(result: ScoredRecord): (string | number | null)[] {
    return this.#cells.cells(result);
  }

  /** The selected columns as one flat object, for NDJSON and JSON. */
  #flat(result: ScoredRecord): Record<string, string | number | null> {
    const cells = this.#picked(result);
    // No prototype: a column named like one of Object's properties is an ordinary key.
    const out = Object.create(null) as Record<string, string | number | null>;
    for (let i = 0; i < cells.length; i++) out[this.#names[i] as string] = cells[i] ?? null;
    return out;
  }

  /** Writes what is left, closes the file and moves it to its path. */
  close(): void {
    if (this.#format === 'json') this.#add('\n]\n');
    this.#flush();
    closeSync(this.#descriptor());
    this.#fd = undefined;
    renameSync(this.#partial, this.#path);
  }

  /** Closes and removes the temporary file; the target is left untouched. Safe to call at any time. */
  abort(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#partial, { force: true });
  }

  #descriptor(): number {
    if (this.#fd === undefined) throw new Error(`the scores file "${this.#path}" is already closed`);
    return this.#fd;
  }

  #add(text: string): void {
    // A UTF-8 byte per UTF-16 unit, up to three.
    if (this.#used + text.length * 3 > this.#buffer.length) {
      this.#flush();
      if (text.length * 3 > this.#buffer.length) {
        writeSync(this.#descriptor(), text);
        return;
      }
    }
    this.#used += this.#buffer.write(text, this.#used);
  }

  /**
   * Encodes the line of a record into the buffer (csvLine's bytes), after writing the buffer out when the
   * line does not fit in what is left of it; a line longer than the whole buffer is made as text and written.
   */
  #record(result: ScoredRecord): void {
    let end = this.#encoder.encode(this.#buffer, this.#used, result);
    if (end < 0) {
      this.#flush();
      end = this.#encoder.encode(this.#buffer, 0, result);
    }
    if (end < 0) writeSync(this.#descriptor(), csvLine(this.#picked(result), this.#options));
    else this.#used = end;
  }

  #flush(): void {
    let done = 0;
    while (done < this.#used) done += writeSync(this.#descriptor(), this.#buffer, done, this.#used - done);
    this.#used = 0;
    this.#buffer = this.#whole;
  }
}

/**
 * Writes scored records to a file: CSV (one flat row per record: id, score, qualification, grade, segment,
 * each component, the explanation; numbers rounded to 6 decimals, with the delimiter and decimal mark
 * asked for), NDJSON or JSON (the full results, numbers at full precision), by the file's extension.
 *
 * @example
 * await writeScored('scored.csv', run.results, { delimiter: ';', decimal: ',' });
 */
export async function writeScored(
  path: string,
  results: readonly ScoredRecord[],
  options: CsvWriteOptions = {},
): Promise<void> {
  const writer = new ScoredFileWriter(path, scoredColumns(results), options);
  try {
    for (const result of results) writer.write(result);
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
