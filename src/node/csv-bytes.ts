// CSV rows straight from the bytes of a file, for the files that are kept whole (customers, events): records
// are split in place (csv-records.ts), and each cell is decoded once, as a Latin-1 slice when its record is all
// ASCII (the same text as UTF-8 then) or through the file's decoder otherwise. The rows are exactly those of the
// csv-parse path (csv.ts), which stays for delimiters of more than one byte; a test holds the two to each other.
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { CellText } from './cell-text.js';
import type { CsvOptions, TableRow } from './csv.js';
import { CsvRecordReader, INCOMPLETE, PLAIN, QUOTED } from './csv-records.js';
import { TableError } from './errors.js';
import { rowFields } from './header.js';
import { RecordTable } from './record-table.js';

/** Bytes read from the file at a time. */
const CHUNK = 1 << 20;

/** Whether `delimiter` can be read by the byte reader: one ASCII character, not a quote or a line break. */
export function isByteDelimiter(delimiter: string): boolean {
  return delimiter.length === 1 && delimiter.charCodeAt(0) <= 0x7f && !'"\r\n'.includes(delimiter);
}

/** What a record of the file becomes: a row of the batch (or nothing, kept elsewhere). */
type RecordHandler = (
  reader: CsvRecordReader,
  bytes: Buffer,
  line: number,
  index: number,
) => TableRow | undefined;

/**
 * Reads the records of a CSV file a chunk of bytes at a time, with the delimiter already known: the header
 * first (not yielded; `start` makes the handler of the records from its cells), then every record, given to
 * the handler when it has as many cells as the header, else yielded as `bad`. Empty lines are skipped and
 * counted. A broken quote or invalid UTF-8 throws a `TableError` with its line.
 */
async function* readCsvChunks(
  path: string,
  delimiter: string,
  options: CsvOptions,
  chunkSize: number,
  start: (header: string[], cells: CellText) => RecordHandler,
): AsyncGenerator<TableRow[]> {
  const cells = new CellText(path, (options.encoding ?? 'utf-8') === 'utf-8', undefined);
  let records: CsvRecordReader | undefined;
  let width = -1;
  let handle: RecordHandler | undefined;
  let index = 0;
  let started = false;
  let buffer = Buffer.allocUnsafe(Math.max(1, chunkSize));
  let filled = 0;
  let bytesRead = 0;

  /** Reads the whole records of `buffer[0, filled)`: the rows, and how many bytes were used. */
  const use = (final: boolean): { rows: TableRow[]; used: number } => {
    const rows: TableRow[] = [];
    let p = 0;
    if (!started) {
      if (filled < 3 && !final) return { rows, used: 0 };
      if (filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
        p = 3;
        cells.utf8 = true;
      }
      started = true;
      records = new CsvRecordReader(path, delimiter.charCodeAt(0), 64, true);
    }
    const reader = records as CsvRecordReader;
    for (;;) {
      let next: number;
      try {
        next = reader.read(buffer, p, filled, final);
      } catch (error) {
        // A broken quote found at the end of the file (a quoted field never closed runs to it): the csv-parse
        // path decodes every byte before it parses, so invalid UTF-8 in the rest of the file is said first.
        if (final && error instanceof TableError && error.code === 'invalid_csv')
          cells.checkUtf8(buffer, reader.start, filled, reader.line);
        throw error;
      }
      if (next === INCOMPLETE) break;
      if (reader.count === 0) {
        p = next;
        break;
      }
      if (reader.count > reader.capacity) {
        // More cells than kept: read the record again with room for all of them.
        reader.grow(reader.count * 2);
        p = reader.rewind();
        continue;
      }
      if (reader.nonAscii) cells.checkUtf8(buffer, reader.start, next, reader.line);
      const line = reader.line;
      if (handle === undefined) {
        const header = decodeCells(reader, buffer, cells, []).map((h) => h.trim());
        width = header.length;
        handle = start(header, cells);
      } else if (reader.count !== width) {
        rows.push({
          kind: 'bad',
          line,
          index: index++,
          column: '',
          message: `expected ${width} cells like the header, got ${reader.count}`,
        });
      } else {
        const row = handle(reader, buffer, line, index++);
        if (row !== undefined) rows.push(row);
      }
      p = next;
    }
    return { rows, used: p };
  };

  const file = await open(path, 'r');
  try {
    for (;;) {
      if (filled === buffer.length) {
        // A record longer than the buffer: room for more.
        const more = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(more, 0, 0, filled);
        buffer = more;
      }
      // Read synchronously: an asynchronous read waits for a core in Node's pool of I/O threads, which the
      // command line's transactions worker keeps busy while this file is read.
      const n = readSync(file.fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      bytesRead += n;
      options.onBytes?.(bytesRead);
      const { rows, used } = use(false);
      buffer.copyWithin(0, used, filled);
      filled -= used;
      yield rows;
    }
    const { rows, used } = use(true);
    if (used < filled) throw new Error(`internal: ${filled - used} bytes left at the end of ${path}`);
    yield rows;
  } finally {
    await file.close();
  }
}

/**
 * The cells of the record `reader` has just read, decoded into `texts`: a Latin-1 slice when the record is all
 * ASCII (the same text as UTF-8 then), else through the file's decoder.
 */
function decodeCells(reader: CsvRecordReader, bytes: Buffer, cells: CellText, texts: string[]): string[] {
  texts.length = 0;
  const ascii = !reader.nonAscii;
  for (let i = 0; i < reader.count; i++) {
    const s = reader.starts[i] as number;
    const e = reader.ends[i] as number;
    const kind = reader.kinds[i] as number;
    texts.push(
      ascii && (kind === PLAIN || kind === QUOTED)
        ? bytes.toString('latin1', s, e)
        : cells.text(bytes, s, e, kind, false),
    );
  }
  return texts;
}

/**
 * Reads the rows of a CSV file in batches (one per chunk of bytes), with the delimiter already known: the
 * header first (not yielded), then every record as a row, or as `bad` when its number of cells is not the
 * header's. Empty lines are skipped and counted. A broken quote or invalid UTF-8 throws a `TableError` with
 * its line. `chunkSize` is the number of bytes read at a time (tests make it small, to cut records).
 */
export async function* readCsvBatches(
  path: string,
  delimiter: string,
  options: CsvOptions = {},
  chunkSize = CHUNK,
): AsyncGenerator<TableRow[]> {
  const texts: string[] = [];
  const chunks = readCsvChunks(path, delimiter, options, chunkSize, (header, cells) => {
    const fieldsOf = rowFields(path, header, options);
    return (reader, bytes, line, index) => ({
      kind: 'row',
      line,
      index,
      values: fieldsOf(decodeCells(reader, bytes, cells, texts)),
    });
  });
  for await (const rows of chunks) if (rows.length > 0) yield rows;
}

/** The rows of a CSV file kept as bytes (see {@link readCsvKept}): its bad rows, chunk by chunk, and then the table. */
export interface KeptRows {
  /** The good rows so far; `undefined` until the header is read (and for a file without one). */
  readonly table: RecordTable | undefined;
  /** The rows of this chunk with another number of cells than the header. */
  readonly bad: TableRow[];
  /** The rows read so far, good and bad. */
  readonly rows: number;
}

/**
 * Reads a CSV file as {@link readCsvBatches} does, but keeps the good rows as bytes in a {@link RecordTable}
 * (whose records are the rows' `values`) instead of making an object of each: for a file of millions of rows
 * that are all kept. Yields once per chunk of bytes.
 */
export async function* readCsvKept(
  path: string,
  delimiter: string,
  options: CsvOptions = {},
  chunkSize = CHUNK,
): AsyncGenerator<KeptRows> {
  let table: RecordTable | undefined;
  let badRows = 0;
  const chunks = readCsvChunks(path, delimiter, options, chunkSize, (header, cells) => {
    const kept = new RecordTable(path, header, options);
    table = kept;
    return (reader, bytes, line) => {
      const ascii = !reader.nonAscii;
      for (let i = 0; i < reader.count; i++) {
        const s = reader.starts[i] as number;
        const e = reader.ends[i] as number;
        const kind = reader.kinds[i] as number;
        if (ascii && (kind === PLAIN || kind === QUOTED)) kept.bytes(bytes, s, e);
        else kept.text(cells.text(bytes, s, e, kind, false));
      }
      kept.end(line);
      return undefined;
    };
  });
  for await (const bad of chunks) {
    badRows += bad.length;
    yield { table, bad, rows: (table?.length ?? 0) + badRows };
  }
}
