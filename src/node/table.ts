// Reading table files by their extension: CSV (and .tsv/.txt), NDJSON (.ndjson/.jsonl) or JSON.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { batched, type CsvOptions, readCsv, readCsvHeader, readCsvRows, type TableRow } from './csv.js';
import { decodeBytes, readText, type TextOptions } from './decode.js';
import { TableError } from './errors.js';
import { jsonSyntaxError } from './json.js';

/** A table file format. */
export type TableFormat = 'csv' | 'ndjson' | 'json';

/**
 * The format of a table file from its extension: `.ndjson`/`.jsonl` → NDJSON, `.json` → JSON, anything else
 * (`.csv`, `.tsv`, `.txt`) → CSV.
 *
 * @example
 * formatOf('customers.jsonl') // → 'ndjson'
 */
export function formatOf(path: string): TableFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  return 'csv';
}

/** What is wrong with a JSON text, in one line: where it breaks and what was found there. */
function jsonProblem(text: string): { line: number; reason: string } {
  const at = jsonSyntaxError(text);
  if (at === undefined) return { line: 1, reason: 'not valid JSON' };
  return { line: at.line, reason: `not valid JSON: unexpected ${at.found} at column ${at.column}` };
}

/** Lines of a text read in chunks, without their line ends. */
async function* linesOf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() as string;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (carry !== '') yield carry.endsWith('\r') ? carry.slice(0, -1) : carry;
}

async function* readNdjson(path: string, options: TextOptions): AsyncGenerator<TableRow> {
  let line = 0;
  let index = 0;
  for await (const text of linesOf(readText(path, options))) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\ufeff/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { kind: 'bad', line, index: index++, column: '', message: jsonProblem(trimmed).reason };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'bad', line, index: index++, column: '', message: 'expected a JSON object on the line' };
      continue;
    }
    yield { kind: 'row', line, index: index++, values: value as Record<string, unknown> };
  }
}

async function* readJson(path: string, options: TextOptions): AsyncGenerator<TableRow> {
  const bytes = await readFile(path);
  options.onBytes?.(bytes.length);
  const text = (await decodeBytes(path, bytes, options.encoding)).replace(/^\ufeff/, '');
  let data: unknown;
  try {
    data = text.trim() === '' ? [] : JSON.parse(text);
  } catch {
    const { line, reason } = jsonProblem(text);
    throw new TableError(path, line, 'invalid_json', reason);
  }
  const rows = Array.isArray(data) ? data : [data];
  for (let i = 0; i < rows.length; i++) {
    const value: unknown = rows[i];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'bad', line: i + 1, index: i, column: '', message: `item ${i} is not a JSON object` };
    } else yield { kind: 'row', line: i + 1, index: i, values: value as Record<string, unknown> };
  }
}

/**
 * Reads a table file row by row, by its extension. Rows that cannot be read come out as `bad` with their line
 * (CSV, NDJSON) or item number (JSON). `line` counts from 1, the CSV header being line 1. A file that cannot
 * be read at all (JSON that is not JSON, invalid UTF-8, a broken CSV quote) throws a {@link TableError} with
 * its line.
 *
 * @example
 * for await (const row of readTable('customers.csv', { delimiter: ';', decimal: ',' })) {
 *   if (row.kind === 'row') console.log(row.line, row.values);
 * }
 */
export function readTable(path: string, options: CsvOptions = {}): AsyncGenerator<TableRow> {
  const format = formatOf(path);
  if (format === 'ndjson') return readNdjson(path, options);
  if (format === 'json') return readJson(path, options);
  return readCsv(path, options);
}

/**
 * The rows of {@link readTable} in batches (a CSV file a chunk of bytes at a time), for a reader of millions
 * of rows: one await per batch instead of one per row.
 */
export async function* readTableRows(path: string, options: CsvOptions = {}): AsyncGenerator<TableRow[]> {
  if (formatOf(path) === 'csv') yield* readCsvRows(path, options);
  else yield* batched(readTable(path, options));
}

/** The columns of a table file: the CSV header, or the keys of the first object of a JSON/NDJSON file. */
export async function readColumns(path: string, options: CsvOptions = {}): Promise<string[]> {
  if (formatOf(path) === 'csv') return readCsvHeader(path, options);
  for await (const row of readTable(path, options)) if (row.kind === 'row') return Object.keys(row.values);
  return [];
}

/** The size of a file in bytes. */
export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

export type { CsvOptions, TableRow };
