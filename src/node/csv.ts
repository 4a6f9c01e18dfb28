// Streaming CSV reading (RFC 4180, through csv-parse): header row, delimiter detected or given, UTF-8 with or
// without BOM, quoted fields with line breaks, decimal commas for French exports. Rows come out one at a time
// with their line number, so a file of millions of rows is never held in memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';

/** Options of the CSV reader. */
export interface CsvOptions {
  /** The delimiter; detected from the header line when absent (`,` `;` tab or `|`). */
  readonly delimiter?: string | undefined;
  /** `,` to read decimal commas (`12,50`, `1 234,5`) as numbers written with a dot. */
  readonly decimal?: '.' | ',' | undefined;
  /** Called with the number of bytes read so far, for progress. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
}

/** One row of a table file: the cells by column name, or what is wrong with it. */
export type TableRow =
  | {
      readonly kind: 'row';
      readonly line: number;
      readonly index: number;
      readonly values: Record<string, unknown>;
    }
  | {
      readonly kind: 'bad';
      readonly line: number;
      readonly index: number;
      readonly column: string;
      readonly message: string;
    };

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * The delimiter of a CSV text, from its first line: the candidate (`,` `;` tab `|`) that occurs most often
 * outside quotes; `,` when none does.
 *
 * @example
 * detectDelimiter('id;name;"a;b"\n1;x;y') // → ';'
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && CANDIDATES.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) ?? 0;
    if (n > most) {
      best = c;
      most = n;
    }
  }
  return best;
}

const DECIMAL_COMMA = /^[+-]?(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+),\d+$/;

/**
 * Reads a number written with a decimal comma (`1 234,50`, `-0,5`) as text with a dot (`1234.50`); other text
 * is returned unchanged.
 *
 * @example
 * fromDecimalComma('1 234,50') // → '1234.50'
 * fromDecimalComma('Paris, 75001') // → 'Paris, 75001'
 */
export function fromDecimalComma(cell: string): string {
  if (!DECIMAL_COMMA.test(cell)) return cell;
  return cell.replace(/[ .\u00a0\u202f]/g, '').replace(',', '.');
}

async function firstBytes(path: string, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  } finally {
    await handle.close();
  }
}

/**
 * Reads a CSV file row by row. The first row is the header; a row with more or fewer cells than the header
 * comes out as `bad` with its line number, never silently dropped. Empty lines are skipped.
 */
export async function* readCsv(path: string, options: CsvOptions = {}): AsyncGenerator<TableRow> {
  const delimiter = options.delimiter ?? detectDelimiter(await firstBytes(path, 64 * 1024));
  const comma = options.decimal === ',';
  const stream = createReadStream(path);
  if (options.onBytes !== undefined) {
    let bytes = 0;
    const report = options.onBytes;
    stream.on('data', (chunk) => {
      bytes += chunk.length;
      report(bytes);
    });
  }
  const parser = stream.pipe(
    parse({
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: false,
    }),
  );
  let header: string[] | undefined;
  let lastLine = 0;
  let lastEmpty = 0;
  let index = 0;
  for await (const item of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; empty_lines: number };
  }>) {
    const { record, info } = item;
    const line = lastLine + 1 + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    if (header === undefined) {
      header = record.map((h) => h.trim());
      continue;
    }
    if (record.length !== header.length) {
      yield {
        kind: 'bad',
        line,
        index: index++,
        column: '',
        message: `expected ${header.length} cells like the header, got ${record.length}`,
      };
      continue;
    }
    const values: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < header.length; i++) {
      const cell = record[i] as string;
      values[header[i] as string] = comma ? fromDecimalComma(cell) : cell;
    }
    yield { kind: 'row', line, index: index++, values };
  }
}

/** The header of a CSV file (detected delimiter unless given), or `[]` for an empty file. */
export async function readCsvHeader(path: string, options: CsvOptions = {}): Promise<string[]> {
  const text = await firstBytes(path, 64 * 1024);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  // The first record ends at the first line break outside quotes.
  let quoted = false;
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      end = i;
      break;
    }
  }
  const cells: string[] = [];
  let cell = '';
  quoted = false;
  const first = text.slice(0, end);
  for (let i = 0; i < first.length; i++) {
    const ch = first[i] as string;
    if (ch === '"') {
      if (quoted && first[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delimiter && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  if (first.length > 0) cells.push(cell.trim());
  return cells;
}
