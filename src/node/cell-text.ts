// The text of a CSV cell read in place as bytes, as the csv-parse path gives it: decoded in the file's encoding
// (UTF-8, checked, or Windows-1252), unescaped when quoted with doubled quotes, with decimal commas read for the
// data cells when asked. Used once per customer id and for the rare cells the byte fast paths do not read.
import * as nodeBuffer from 'node:buffer';
import { ESCAPED, unescapeQuoted } from './csv-records.js';
import { decodeWindows1252 } from './decode.js';
import { TableError } from './errors.js';
import { fromDecimalComma } from './header.js';

// `isUtf8` is native from Node 18.14; before, a fatal TextDecoder says the same.
const isUtf8: (bytes: Uint8Array) => boolean =
  typeof nodeBuffer.isUtf8 === 'function'
    ? nodeBuffer.isUtf8
    : (bytes) => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          return true;
        } catch {
          return false;
        }
      };

/**
 * Decodes cells of a CSV file given as bytes.
 *
 * @example
 * const cells = new CellText('tx.csv', true, ',');
 * const bytes = Buffer.from('"say ""hi""";"1 234,5"');
 * cells.text(bytes, 1, 12, ESCAPED, false) // → 'say "hi"'
 * cells.text(bytes, 15, 22, QUOTED, true) // → '1234.5'
 */
export class CellText {
  /** UTF-8 (true) or Windows-1252; a byte order mark found at the start of the file sets UTF-8. */
  utf8: boolean;
  private readonly comma: boolean;
  private readonly decoder = new TextDecoder();
  private scratch = new Uint8Array(256);

  /**
   * @param file - named in errors
   * @param utf8 - UTF-8 (true) or Windows-1252
   * @param decimal - `,` to read decimal commas in data cells (`1 234,50` → `1234.50`)
   */
  constructor(
    private readonly file: string,
    utf8: boolean,
    decimal: '.' | ',' | undefined,
  ) {
    this.utf8 = utf8;
    this.comma = decimal === ',';
  }

  /**
   * The text of `bytes[s, e)`, unescaped when `quoting` is ESCAPED, and for a `data` cell with decimal commas
   * read as the csv-parse path reads them (a header name is not).
   */
  text(bytes: Uint8Array, s: number, e: number, quoting: number, data: boolean): string {
    let view = bytes.subarray(s, e);
    if (quoting === ESCAPED) {
      const out = this.scratchFor(e - s);
      view = out.subarray(0, unescapeQuoted(bytes, s, e, out));
    }
    const text = this.utf8 ? this.decoder.decode(view) : decodeWindows1252(view);
    return data && this.comma ? fromDecimalComma(text) : text;
  }

  /** A buffer of at least `length` bytes, reused: its content lasts until the next call. */
  scratchFor(length: number): Uint8Array {
    if (this.scratch.length < length)
      this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2));
    return this.scratch;
  }

  /**
   * Throws a `TableError` when the UTF-8 record `bytes[from, to)`, which starts at `line`, is not valid UTF-8,
   * naming the line of the bad byte, as the csv-parse path does. Windows-1252 is always valid.
   */
  checkUtf8(bytes: Uint8Array, from: number, to: number, line: number): void {
    if (!this.utf8) return;
    let start = from;
    for (let i = from; i <= to; i++) {
      if (i === to || bytes[i] === 0x0a) {
        if (!isUtf8(bytes.subarray(start, i)))
          throw new TableError(this.file, line, 'invalid_encoding', 'not valid UTF-8 text');
        line++;
        start = i + 1;
      }
    }
  }
}
