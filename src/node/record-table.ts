// The rows of a CSV file kept as bytes, made into records only when read: a million customers of one short id
// take about 13 MB this way, against about 100 MB as a million objects with their strings, and no garbage
// collection has to copy them from one space to another while the file is read. A record is made by the same
// function as a row of `readTable` (header.ts `rowFields`), from the same cell texts, so it is the same record.
import type { InputRecord, RecordSource } from 'scorekit';
import { asciiText, trimmedAway } from './ascii-text.js';
import { cellValue, headerPaths, type RowOptions, rowFields } from './header.js';
import { type ByteIdList, distinctIn, idsOf } from './known-ids.js';

const encoder = new TextEncoder();

/**
 * Rows of cells kept in one byte arena (each cell's UTF-8 bytes, and where it ends), and their lines; `at(i)`
 * gives row `i` as the record `fieldsOf` makes of its cells. Rows are added a cell at a time: `bytes` copies
 * a cell that is the text of its bytes (plain ASCII), `text` any other, `end` closes the row.
 *
 * @example
 * const table = new RecordTable('customers.csv', ['id', 'plan']);
 * table.text('c-1');
 * table.text('pro');
 * table.end(2);
 * table.at(0) // → { id: 'c-1', plan: 'pro' }
 */
export class RecordTable implements RecordSource {
  #arena = Buffer.allocUnsafe(1 << 16);
  #used = 0;
  // The end of every cell in the arena, row after row (a row's first cell starts where the row before ended).
  #ends = new Int32Array(1 << 12);
  #cells = 0;
  // Whether a row has a byte ≥ 0x80 (read as UTF-8, else as Latin-1, which is faster).
  #wide = new Uint8Array(1 << 10);
  #lines = new Int32Array(1 << 10);
  #rows = 0;
  #rowWide = 0;
  readonly #texts: string[] = [];
  /** Cells per row. */
  readonly width: number;
  readonly #fieldsOf: (cells: readonly string[]) => Record<string, unknown>;
  // The column of each top-level field that is a column by itself (not nested), and the decimal comma.
  readonly #plain = new Map<string, number>();
  readonly #comma: boolean;
  // The last key of `fieldBytes` and its column.
  #lastKey: string | undefined;
  #lastColumn: number | undefined;

  /**
   * Rows of the columns `names` of `file`, made into records as `rowFields(file, names, options)` makes them.
   */
  constructor(file: string, names: readonly string[], options: RowOptions = {}) {
    this.width = names.length;
    this.#fieldsOf = rowFields(file, names, options);
    headerPaths(file, names, options).forEach((path, column) => {
      if (path.length === 1) this.#plain.set(path[0] as string, column);
    });
    this.#comma = options.decimal === ',';
  }

  /** The number of rows. */
  get length(): number {
    return this.#rows;
  }

  /** Adds the cell `source[start, end)`, plain ASCII bytes that are its text. */
  bytes(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    const at = this.#room(n);
    const arena = this.#arena;
    if (n <= 32) for (let k = 0; k < n; k++) arena[at + k] = source[start + k] as number;
    else arena.set(source.subarray(start, end), at);
    this.#endCell(at + n);
  }

  /** Adds a cell by its text. */
  text(text: string): void {
    const n = text.length;
    const at = this.#room(n * 3);
    const arena = this.#arena;
    let k = 0;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) break;
      arena[at + k] = c;
    }
    if (k < n) {
      k = encoder.encodeInto(text, arena.subarray(at)).written;
      this.#rowWide = 1;
    }
    this.#endCell(at + k);
  }

  /** Ends the row of the cells added since the last `end`; `line` is where it is in its file. */
  end(line: number): void {
    if (this.#rows === this.#lines.length) {
      this.#lines = grown(this.#lines, this.#rows * 2);
      this.#wide = grown(this.#wide, this.#rows * 2);
    }
    this.#lines[this.#rows] = line;
    this.#wide[this.#rows] = this.#rowWide;
    this.#rowWide = 0;
    this.#rows++;
  }

  /**
   * The ids of the rows, read in field `key` as the core reads an id (a non-blank string; `undefined` for a
   * row without one), and as bytes (see {@link ByteIdList}): a cell of a row all ASCII, with no decimal comma
   * to read and something else than spaces, is copied from the arena.
   */
  ids(key: string): ByteIdList {
    const column = this.#plain.get(key);
    const idAt = (index: number): string | undefined => {
      const value = this.field(index, key);
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
    };
    const list: ByteIdList = {
      length: this.#rows,
      at: idAt,
      bytesInto: (index, target, at, room) =>
        column === undefined ? -2 : this.#bytesInto(index, column, target, at, room),
      sameBytes: (index, key, start, end) =>
        column === undefined ? undefined : this.#sameBytes(index, column, key, start, end),
    };
    // Each id as the core reads it: `field`, a string that is not blank (a number's place has none: it says
    // nothing of that record).
    return idsOf(list, this, key);
  }

  /**
   * Whether cell `column` of row `index` is the bytes `key[start, end)` as `#bytesInto` would copy them (an id
   * of spaces only is no id: false); `undefined` when `#bytesInto` would give -2 for other reasons than room.
   */
  #sameBytes(
    index: number,
    column: number,
    key: Uint8Array,
    start: number,
    end: number,
  ): boolean | undefined {
    if (this.#wide[index] === 1) return undefined;
    const c = index * this.width + column;
    const from = c === 0 ? 0 : (this.#ends[c - 1] as number);
    const to = this.#ends[c] as number;
    const arena = this.#arena;
    if (this.#comma) for (let k = from; k < to; k++) if (arena[k] === 0x2c) return undefined;
    if (to - from !== end - start) return false;
    let plain = false;
    for (let k = from, j = start; k < to; k++, j++) {
      const b = arena[k] as number;
      if (b !== key[j]) return false;
      if (!trimmedAway(b)) plain = true;
    }
    return plain;
  }

  /**
   * Whether every row has an id in field `key` and no two the same (see `RecordSource.distinctIds`): known when
   * a transaction file was read for these rows' ids, which looks each one up (rfm-slots.ts `seed`).
   */
  distinctIds(key: string): boolean {
    return distinctIn(this, key);
  }

  /**
   * The bytes of field `key` of row `index` (see `RecordSource.fieldBytes`): those of its cell, when `key` is a
   * column by itself and the cell is read as it is (ASCII, not all spaces, no decimal comma to read).
   */
  fieldBytes(index: number, key: string, target: Uint8Array, at: number, room: number): number {
    // Asked a million times in a row for the same key (the ids): its column kept, no map lookup.
    let column: number | undefined;
    if (key === this.#lastKey) column = this.#lastColumn;
    else {
      column = this.#plain.get(key);
      this.#lastKey = key;
      this.#lastColumn = column;
    }
    if (column === undefined || !(index >= 0 && index < this.#rows)) return -1;
    return Math.max(-1, this.#bytesInto(index, column, target, at, room));
  }

  /**
   * The bytes of field `key` of every row (see `RecordSource.fieldBytesColumn`), as `fieldBytes` gives them:
   * the arena itself when the rows have that one cell, else a copy of the column's cells.
   *
   * @example
   * const table = new RecordTable('customers.csv', ['id']);
   * table.text('c1'); table.end(2);
   * table.text('   '); table.end(3);
   * table.fieldBytesColumn('id')?.ends // → Int32Array.of(2, -6)
   */
  fieldBytesColumn(key: string): { bytes: Uint8Array; ends: Int32Array } | undefined {
    const column = this.#plain.get(key);
    if (column === undefined) return undefined;
    const n = this.#rows;
    const width = this.width;
    const cellEnds = this.#ends;
    const ends = new Int32Array(n);
    let bytes: Uint8Array;
    if (width === 1) {
      bytes = this.#arena.subarray(0, this.#used);
      ends.set(cellEnds.subarray(0, n));
    } else {
      const arena = this.#arena;
      bytes = new Uint8Array(this.#used);
      for (let i = 0, at = 0; i < n; i++) {
        const c = i * width + column;
        const end = cellEnds[c] as number;
        for (let k = c === 0 ? 0 : (cellEnds[c - 1] as number); k < end; k++)
          bytes[at++] = arena[k] as number;
        ends[i] = at;
      }
    }
    // The rows whose bytes are not their field's text (as #bytesInto refuses them) are read as text.
    const wide = this.#wide;
    const comma = this.#comma;
    for (let i = 0, start = 0; i < n; i++) {
      const end = ends[i] as number;
      let plain = false;
      for (let k = start; k < end; k++) {
        const b = bytes[k] as number;
        if (b === 0x2c && comma) {
          plain = false;
          break;
        }
        if (!trimmedAway(b)) {
          plain = true;
          if (!comma) break;
        }
      }
      if (!plain || wide[i] === 1) ends[i] = -1 - end;
      start = end;
    }
    return { bytes, ends };
  }

  /**
   * Copies the bytes of cell `column` of row `index` into `target` from `at`: how many, -1 for a cell of spaces
   * only (or empty), -2 when its text is not its bytes (a row with bytes beyond ASCII, a comma to read as a
   * decimal mark) or `room` is too small.
   */
  #bytesInto(index: number, column: number, target: Uint8Array, at: number, room: number): number {
    if (this.#wide[index] === 1) return -2;
    const c = index * this.width + column;
    const start = c === 0 ? 0 : (this.#ends[c - 1] as number);
    const end = this.#ends[c] as number;
    if (end - start > room) return -2;
    const arena = this.#arena;
    const comma = this.#comma;
    let plain = false;
    for (let k = start; k < end; k++) {
      const b = arena[k] as number;
      if (b === 0x2c && comma) return -2;
      if (!trimmedAway(b)) plain = true;
      target[at + k - start] = b;
    }
    return plain ? end - start : -1;
  }

  /** The line of row `index` in its file. */
  lineOf(index: number): number {
    return this.#lines[index] as number;
  }

  /** The lines of the rows, in order. */
  get lines(): Int32Array {
    return this.#lines.subarray(0, this.#rows);
  }

  /** The text of cell `column` of row `index`. */
  cell(index: number, column: number): string {
    const c = index * this.width + column;
    const start = c === 0 ? 0 : (this.#ends[c - 1] as number);
    return this.#decode(start, this.#ends[c] as number, this.#wide[index] === 1);
  }

  /** Row `index` as a record (a new object each time), or `undefined` out of range. */
  at(index: number): InputRecord | undefined {
    if (!(index >= 0 && index < this.#rows)) return undefined;
    const texts = this.#texts;
    const width = this.width;
    const wide = this.#wide[index] === 1;
    const ends = this.#ends;
    let c = index * width;
    let start = c === 0 ? 0 : (ends[c - 1] as number);
    for (let k = 0; k < width; k++, c++) {
      const end = ends[c] as number;
      texts[k] = this.#decode(start, end, wide);
      start = end;
    }
    return this.#fieldsOf(texts);
  }

  /**
   * The top-level field `key` of row `index` as its record has it (`undefined` when it has none), made
   * without the record when `key` is a column by itself: the ids of a million rows cost a million strings,
   * not a million records.
   */
  field(index: number, key: string): unknown {
    const column = this.#plain.get(key);
    if (column === undefined) {
      const record = this.at(index) as Record<string, unknown> | undefined;
      return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
    }
    if (!(index >= 0 && index < this.#rows)) return undefined;
    return cellValue(this.cell(index, column), this.#comma);
  }

  #decode(start: number, end: number, wide: boolean): string {
    return wide ? this.#arena.toString('utf8', start, end) : asciiText(this.#arena, start, end);
  }

  /** Room for `n` more bytes in the arena: where they go. */
  #room(n: number): number {
    const arena = this.#arena;
    if (this.#used + n > arena.length) {
      this.#arena = Buffer.allocUnsafe(Math.max(arena.length * 2, this.#used + n));
      arena.copy(this.#arena, 0, 0, this.#used);
    }
    return this.#used;
  }

  #endCell(end: number): void {
    if (this.#cells === this.#ends.length) this.#ends = grown(this.#ends, this.#cells * 2);
    this.#ends[this.#cells++] = end;
    this.#used = end;
  }
}

/** A copy of `array` in a new one of `length` elements. */
function grown<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  const more = new (array.constructor as new (n: number) => T)(length);
  more.set(array);
  return more;
}
