// Reading and writing table files by their extension: CSV (and .tsv/.txt), NDJSON (.ndjson/.jsonl) or JSON.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { type CsvOptions, readCsv, readCsvHeader, type TableRow } from './csv.js';

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

async function* readNdjson(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<TableRow> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  if (onBytes !== undefined) {
    let bytes = 0;
    stream.on('data', (chunk) => {
      bytes += Buffer.byteLength(chunk as string);
      onBytes(bytes);
    });
  }
  let line = 0;
  let index = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\ufeff/, '') : text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield {
        kind: 'bad',
        line,
        index: index++,
        column: '',
        message: `not valid JSON: ${(error as Error).message}`,
      };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'bad', line, index: index++, column: '', message: 'expected a JSON object on the line' };
      continue;
    }
    yield { kind: 'row', line, index: index++, values: value as Record<string, unknown> };
  }
}

async function* readJson(path: string): AsyncGenerator<TableRow> {
  const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  const data: unknown = text.trim() === '' ? [] : JSON.parse(text);
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
 * (CSV, NDJSON) or item number (JSON). `line` counts from 1, the CSV header being line 1.
 *
 * @example
 * for await (const row of readTable('customers.csv', { delimiter: ';', decimal: ',' })) {
 *   if (row.kind === 'row') console.log(row.line, row.values);
 * }
 */
export function readTable(path: string, options: CsvOptions = {}): AsyncGenerator<TableRow> {
  const format = formatOf(path);
  if (format === 'ndjson') return readNdjson(path, options.onBytes);
  if (format === 'json') return readJson(path);
  return readCsv(path, options);
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
