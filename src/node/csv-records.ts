// RFC 4180 records straight from bytes: where each field of a record starts and ends in the buffer, with no
// string made. Quoted fields may hold the delimiter, doubled quotes and line breaks; records end at LF, CRLF or
// CR; empty lines are skipped and counted, so every record knows its line. A record cut by the end of a
// buffer is read again whole once more bytes have come.
import { TableError } from './errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** How a field was written: plain, quoted, or quoted with doubled quotes inside (to be unescaped). */
export const PLAIN = 0;
/** A quoted field without doubled quotes: its bytes are the value. */
export const QUOTED = 1;
/** A quoted field with doubled quotes inside: see {@link unescapeQuoted}. */
export const ESCAPED = 2;

/** What `read` returns when the bytes end inside a record and more are coming. */
export const INCOMPLETE = -1;

/**
 * Splits the records of a CSV text given as bytes. After each {@link CsvRecordReader.read}, `count` is the
 * number of fields of the record, and `starts`/`ends`/`kinds` describe the first `capacity` of them (the
 * content of a quoted field, without its quotes). Syntax errors (a quote inside an unquoted field, text after
 * a closing quote, a quote never closed) throw a {@link TableError} with the line, as csv-parse does.
 *
 * @example
 * const reader = new CsvRecordReader('a.csv', 0x2c, 4);
 * const bytes = Buffer.from('x,"a,""b"""\n');
 * reader.read(bytes, 0, bytes.length, true) // → 12
 * reader.count // → 2
 * unescapeQuoted(bytes, reader.starts[1] ?? 0, reader.ends[1] ?? 0, new Uint8Array(8)) // → 5 ('a,"b"')
 */
export class CsvRecordReader {
  /** The number of fields of the last record (0 when only empty lines were left). */
  count = 0;
  /** The line (from 1) where the last record starts. */
  line = 0;
  /** Where the last record starts in the buffer. */
  start = 0;
  /** True when the last record has a byte ≥ 0x80 (to be checked as UTF-8). */
  nonAscii = false;
  /** Field starts, ends and kinds ({@link PLAIN}, {@link QUOTED}, {@link ESCAPED}). */
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  private nextLine = 1;
  // 1 for the bytes that end an unquoted field or are wrong in it, 2 for the bytes ≥ 0x80 when they are tracked.
  private readonly special = new Uint8Array(256);

  /**
   * @param file - named in syntax errors
   * @param delimiter - the delimiter byte
   * @param capacity - fields kept per record (more are counted, not kept); grows with {@link grow}
   * @param trackNonAscii - flag records with bytes ≥ 0x80
   */
  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    capacity: number,
    trackNonAscii = false,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.special[delimiter] = 1;
    this.special[QUOTE] = 1;
    this.special[LF] = 1;
    this.special[CR] = 1;
    if (trackNonAscii) this.special.fill(2, 0x80);
  }

  /**
   * Counts a record of one line read by the caller's own fast path (no quotes, no empty line before it) and
   * returns its line: the numbering goes on as if `read` had read it.
   */
  advance(): number {
    this.line = this.nextLine++;
    return this.line;
  }

  /** {@link CsvRecordReader.advance} for `n` one-line records read elsewhere. */
  advanceBy(n: number): void {
    this.nextLine += n;
    this.line = this.nextLine - 1;
  }

  /** The line (from 1) where the next record starts, empty lines before it counted as they are read. */
  get nextRecordLine(): number {
    return this.nextLine;
  }

  /** The number of fields kept per record. */
  get capacity(): number {
    return this.starts.length;
  }

  /**
   * Takes back the last record, to be read again (after {@link CsvRecordReader.grow}, when it had more fields
   * than kept): returns where to read it from, its line being counted again from there.
   */
  rewind(): number {
    this.nextLine = this.line;
    return this.start;
  }

  /** Keeps up to `capacity` fields per record from now on. */
  grow(capacity: number): void {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /**
   * Reads the next record of `bytes[at, end)`, skipping empty lines: returns the position after it (after its
   * line break), or {@link INCOMPLETE} when the bytes end inside it and `final` is false. `count` is 0 when
   * only empty lines were left.
   */
  read(bytes: Uint8Array, at: number, end: number, final: boolean): number {
    let p = at;
    let line = this.nextLine;
    // Empty lines are skipped (csv-parse's skip_empty_lines) but counted.
    for (;;) {
      if (p >= end) {
        this.count = 0;
        this.nextLine = line;
        return p;
      }
      const c = bytes[p];
      if (c === LF) p++;
      else if (c === CR) {
        if (p + 1 < end) p += bytes[p + 1] === LF ? 2 : 1;
        else if (final) p++;
        else return INCOMPLETE;
      } else break;
      line++;
    }
    this.start = p;
    this.line = line;
    const special = this.special;
    const delimiter = this.delimiter;
    const capacity = this.starts.length;
    let count = 0;
    let breaks = 0;
    let nonAscii = false;
    for (;;) {
      let s = p;
      let e: number;
      let kind = PLAIN;
      if (p < end && bytes[p] === QUOTE) {
        kind = QUOTED;
        s = p + 1;
        let q = s;
        for (;;) {
          if (q >= end) {
            if (!final) return INCOMPLETE;
            throw this.error(line, 'a quoted field is never closed (a " is missing)');
          }
          const c = bytes[q] as number;
          if (c === QUOTE) {
            if (q + 1 >= end) {
              if (!final) return INCOMPLETE;
              break;
            }
            if (bytes[q + 1] !== QUOTE) break;
            kind = ESCAPED;
            q += 2;
          } else if (c === LF) {
            breaks++;
            q++;
          } else if (c === CR) {
            if (q + 1 < end) q += bytes[q + 1] === LF ? 2 : 1;
            else if (final) q++;
            else return INCOMPLETE;
            breaks++;
          } else {
            if (c >= 0x80) nonAscii = true;
            q++;
          }
        }
        e = q;
        p = q + 1;
        if (p < end) {
          const c = bytes[p] as number;
          if (c !== delimiter && c !== LF && c !== CR)
            throw this.error(
              line + breaks,
              'a quoted field goes on after its closing " (double a " inside a quoted field)',
            );
        } else if (!final) return INCOMPLETE;
      } else {
        let q = p;
        for (;;) {
          while (q < end && special[bytes[q] as number] === 0) q++;
          if (q < end && special[bytes[q] as number] === 2) {
            nonAscii = true;
            q++;
          } else break;
        }
        if (q >= end && !final) return INCOMPLETE;
        if (q < end && bytes[q] === QUOTE)
          throw this.error(
            line + breaks,
            'a " inside a field that is not quoted (quote the field and double the ")',
          );
        e = q;
        p = q;
      }
      if (count < capacity) {
        this.starts[count] = s;
        this.ends[count] = e;
        this.kinds[count] = kind;
      }
      count++;
      // p is at the byte after the field: a delimiter, a line break, or the end of the bytes.
      if (p >= end) break;
      const c = bytes[p];
      if (c === delimiter) {
        p++;
        continue;
      }
      if (c === LF) p++;
      else if (p + 1 < end) p += bytes[p + 1] === LF ? 2 : 1;
      else if (final) p++;
      else return INCOMPLETE;
      break;
    }
    this.count = count;
    this.nonAscii = nonAscii;
    this.nextLine = line + breaks + 1;
    return p;
  }

  private error(line: number, reason: string): TableError {
    return new TableError(this.file, line, 'invalid_csv', reason);
  }
}

/**
 * Copies the content of a quoted field with doubled quotes into `out`, one quote for each pair; returns its
 * length. `out` must hold `end - start` bytes.
 *
 * @example
 * unescapeQuoted(Buffer.from('a""b'), 0, 4, new Uint8Array(4)) // → 3 (a"b)
 */
export function unescapeQuoted(bytes: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    out[n++] = c;
    if (c === QUOTE) i++;
  }
  return n;
}
