// From the header of a transaction CSV to the columns the RFM scorer reads: the delimiter (given, or detected
// from the first line as the csv-parse path detects it), the header's cells, and the column of the customer id,
// date, amount and order, found by name, or a clear error.
import type { CellText } from './cell-text.js';
import { detectDelimiter } from './csv.js';
import { CsvRecordReader, INCOMPLETE } from './csv-records.js';
import { TableError } from './errors.js';

/** The columns of a transaction file, and the reader of its records that comes after the header. */
export interface TransactionColumns {
  /** Reads the records after the header, with lines counted from the start of the file. */
  readonly records: CsvRecordReader;
  /** The delimiter byte. */
  readonly delimiter: number;
  /** The number of cells of the header. */
  readonly width: number;
  /** The column of the customer id, date, amount and order (-1 when there is none). */
  readonly columns: readonly [number, number, number, number];
  /** The role of each column: 0 id, 1 date, 2 amount, 3 order, -1 none. */
  readonly roles: Int8Array;
}

/** What is read of each key, in errors. */
const WHAT = ['customer ids', 'purchase dates', 'amounts', 'order ids'];

/**
 * Reads the header of `bytes[at, end)`: the columns, the position after the header in `next`, or `'more'` when
 * the header is not all there yet and `final` is false, or `undefined` for a file without any line. Nothing is
 * used before the whole header is there, so that lines are counted from the first byte.
 *
 * @param keys - the customer id, date, amount and order columns of the scorer
 * @param needsOrder - the order column is needed (frequency `orders`)
 *
 * @example
 * const bytes = Buffer.from('customerId;date;amount\nc1;2025-12-30;12,50\n');
 * const header = readTransactionHeader(bytes, 0, bytes.length, true, 'tx.csv', undefined, ['customerId', 'date', 'amount', undefined], false, new CellText('tx.csv', true, ','));
 * header !== 'more' && header?.columns // → [0, 1, 2, -1]
 */
export function readTransactionHeader(
  bytes: Uint8Array,
  at: number,
  end: number,
  final: boolean,
  file: string,
  delimiter: string | undefined,
  keys: readonly [string, string, string, string | undefined],
  needsOrder: boolean,
  cells: CellText,
): (TransactionColumns & { readonly next: number }) | 'more' | undefined {
  const given = delimiter ?? detect(bytes, at, end, final);
  if (given === undefined) return 'more';
  if (!isDelimiter(given))
    throw new TableError(
      file,
      undefined,
      'invalid_csv',
      `the delimiter ${JSON.stringify(given)} is not one ASCII character`,
    );
  const byte = given.charCodeAt(0);
  const records = new CsvRecordReader(file, byte, 64, true);
  let next = records.read(bytes, at, end, final);
  while (next !== INCOMPLETE && records.count > records.capacity) {
    records.grow(records.count);
    next = records.read(bytes, at, end, final);
  }
  if (next === INCOMPLETE || (records.count === 0 && !final)) return 'more';
  if (records.count === 0) return undefined;
  cells.checkUtf8(bytes, records.start, next, records.line);
  const names: string[] = [];
  for (let c = 0; c < records.count; c++) {
    const s = records.starts[c] as number;
    const e = records.ends[c] as number;
    names.push(cells.text(bytes, s, e, records.kinds[c] as number, false).trim());
  }
  const columns = keys.map((name, role) => {
    if (name === undefined) return -1;
    const column = names.indexOf(name);
    if (column !== names.lastIndexOf(name))
      throw new TableError(file, records.line, 'invalid_header', `the column "${name}" appears twice`);
    if (column < 0 && (role < 3 || needsOrder))
      throw new TableError(
        file,
        records.line,
        'invalid_header',
        `no column "${name}" (the ${WHAT[role]} of the RFM scorer); the columns are: ${names.join(', ')}`,
      );
    return column;
  }) as unknown as readonly [number, number, number, number];
  const width = records.count;
  const roles = new Int8Array(width).fill(-1);
  columns.forEach((column, role) => {
    if (column >= 0) roles[column] = role;
  });
  records.grow(width + 1);
  return { records, delimiter: byte, width, columns, roles, next };
}

/** The delimiter and the number of cells of a file's header (see {@link headerShape}). */
export interface HeaderShape {
  readonly delimiter: number;
  readonly width: number;
}

/**
 * The delimiter byte (given, or detected as {@link readTransactionHeader} detects it) and the number of cells
 * of the header at the start of `bytes[0, end)` (a byte order mark skipped), or undefined when they cannot be
 * told from these bytes: for a reader that looks for records elsewhere in the file (see
 * {@link isRecordAt}).
 *
 * @example
 * headerShape(Buffer.from('customerId;date;amount\nc1;2025-12-30;12,50\n'), 43, undefined) // → { delimiter: 59, width: 3 }
 */
export function headerShape(
  bytes: Uint8Array,
  end: number,
  delimiter: string | undefined,
): HeaderShape | undefined {
  const at = end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const given = delimiter ?? detect(bytes, at, end, true);
  if (given === undefined || !isDelimiter(given)) return undefined;
  const width = cellsAt(bytes, at, end, given.charCodeAt(0));
  return width > 0 ? { delimiter: given.charCodeAt(0), width } : undefined;
}

/**
 * Whether `bytes[at, end)` starts with a record of `shape.width` cells that ends before `end`: read from a
 * line that is not a record's start (inside a quoted field), the cells seldom come out that way.
 *
 * @example
 * const bytes = Buffer.from('"a\nb",2025-12-30,1\nc1,2025-12-30,2\n');
 * [isRecordAt(bytes, 3, bytes.length, { delimiter: 44, width: 3 }), isRecordAt(bytes, 20, bytes.length, { delimiter: 44, width: 3 })] // → [false, true]
 */
export function isRecordAt(bytes: Uint8Array, at: number, end: number, shape: HeaderShape): boolean {
  return cellsAt(bytes, at, end, shape.delimiter) === shape.width;
}

/** The cells of the record at the start of `bytes[at, end)`, or -1 when it does not end before `end` or is not CSV. */
function cellsAt(bytes: Uint8Array, at: number, end: number, delimiter: number): number {
  const records = new CsvRecordReader('', delimiter, 1);
  try {
    return records.read(bytes, at, end, false) === INCOMPLETE ? -1 : records.count;
  } catch {
    return -1;
  }
}

/** Whether `given` can be the delimiter: one ASCII character, not a quote or a line break. */
function isDelimiter(given: string): boolean {
  return given.length === 1 && given.charCodeAt(0) <= 0x7f && !'"\r\n'.includes(given);
}

/** The delimiter seen most often in the first line, outside quotes; `undefined` until that line is all there. */
function detect(bytes: Uint8Array, at: number, end: number, final: boolean): string | undefined {
  const look = Math.min(end, at + 65_536);
  let quoted = false;
  let lineEnd = -1;
  for (let i = at; i < look && lineEnd < 0; i++) {
    const c = bytes[i];
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) lineEnd = i;
  }
  if (lineEnd < 0 && look === end && !final) return undefined;
  return detectDelimiter(Buffer.from(bytes.buffer, bytes.byteOffset + at, look - at).toString('latin1'));
}
