// CSV cells encoded straight into a byte buffer (scored-line.ts puts a record's cells and delimiters one after
// the other): the bytes of `csvLine` (write.ts) without its text. Joining a million lines of 17 cells makes 17
// strings and a rope per line, which are then flattened and encoded; here an integer becomes its digits, and a
// short ASCII cell is copied byte by byte. Anything else (a cell to quote or to guard against formulas, text
// beyond ASCII) goes through `csvCell` and the buffer's own UTF-8 encoder, and a long text is encoded by it
// between quotes when it needs them, so that the bytes are always the same as csvLine's.
import { csvCell } from 'scorekit';
import { formatCsvNumber } from './csv-number.js';

// Short texts are copied by hand; longer ones by the buffer's encoder (one native call).
const BY_HAND = 48;

/**
 * The most bytes a cell can take: a UTF-16 unit is at most 3 UTF-8 bytes, doubled when it is a quote, plus
 * the quotes and the formula guard; a number at most 32 characters.
 *
 * @example
 * cellBound('a"b') // → 3 * 6 + 3
 * cellBound(12.5) // → 32
 */
export function cellBound(c: string | number | null): number {
  return typeof c === 'string' ? c.length * 6 + 3 : 32;
}

/**
 * Writes `text` (an ASCII string) at `at`; returns the position after it.
 */
function putAscii(out: Uint8Array, at: number, text: string): number {
  for (let k = 0; k < text.length; k++) out[at + k] = text.charCodeAt(k);
  return at + text.length;
}

/** Writes the digits of a safe integer at `at`; returns the position after them. */
function putInteger(out: Uint8Array, at: number, value: number): number {
  let v = value;
  if (v < 0) {
    out[at++] = 0x2d;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    const q = (v / 10) | 0; // v < 2^31
    out[k] = 0x30 + v - q * 10;
    v = q;
  }
  return at + digits;
}

/**
 * Writes one text cell at `at`, as `csvCell` makes it; returns the position after it. `delimiter` is a
 * character code when the delimiter is one ASCII character, else -1 (the cell then goes through csvCell).
 */
function putText(out: Buffer, at: number, text: string, delimiter: string, code: number): number {
  const formula = formulaLike(text.charCodeAt(0));
  if (text.length <= BY_HAND && code >= 0) {
    // A plain ASCII cell, neither quoted nor guarded, is its own bytes: copied while checked, and written
    // over by csvCell's text at the first byte that is not plain.
    if (!formula) {
      let k = 0;
      for (; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c >= 0x80 || c === 0x22 || c === code || c === 0x0a || c === 0x0d) break;
        out[at + k] = c;
      }
      if (k === text.length) return at + k;
    }
    return at + out.write(csvCell(text, delimiter), at);
  }
  // A long text (an explanation): its quotes written around it rather than joined to it, which would make a
  // copy of the text to flatten again. Any text that starts like a formula or holds a quote goes through csvCell.
  if (formula || text.includes('"')) return at + out.write(csvCell(text, delimiter), at);
  if (!breaksCell(text, delimiter)) return at + out.write(text, at);
  out[at] = 0x22;
  const end = at + 1 + out.write(text, at + 1);
  out[end] = 0x22;
  return end + 1;
}

/**
 * The first characters that make a spreadsheet run a cell as a formula: `csvCell` guards a text that starts with
 * one (unless it is a plain number), so such a text is always left to it.
 *
 * @example
 * formulaLike('='.charCodeAt(0)) // → true
 */
export function formulaLike(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}

/**
 * Whether `text` holds the delimiter or a line break: its cell is then quoted.
 *
 * @example
 * breaksCell('a;b', ';') // → true
 */
export function breaksCell(text: string, delimiter: string): boolean {
  return text.includes(delimiter) || text.includes('\n') || text.includes('\r');
}

/**
 * Writes one cell at `at` as `csvLine` writes it (without the delimiter); returns the position after it.
 * `code` is the delimiter's character code when it is one ASCII character, else -1. `out` must have room for
 * {@link cellBound} bytes.
 *
 * @example
 * const out = Buffer.alloc(16);
 * out.toString('utf8', 0, encodeCell(out, 0, 'a,b', ',', 0x2c, '.')) // → '"a,b"'
 */
export function encodeCell(
  out: Buffer,
  at: number,
  c: string | number | null,
  delimiter: string,
  code: number,
  decimal: '.' | ',',
): number {
  if (c === null) return at;
  if (typeof c === 'number') return encodeNumber(out, at, c, delimiter, code, decimal);
  return putText(out, at, c, delimiter, code);
}

/**
 * Writes a number cell at `at` as `csvLine` writes it (without the delimiter); returns the position after it.
 * Whole numbers and amounts in cents (most cells of a scored file: scores, counts, days, money) are written
 * digit by digit, with no text made, when the delimiter cannot be in their text (neither a sign, a digit nor the
 * decimal mark); any other goes through `formatCsvNumber`, quoted when its text holds the delimiter. `code`:
 * as for {@link encodeCell}; `out` must have room for 34 bytes.
 *
 * @example
 * const out = Buffer.alloc(34);
 * out.toString('utf8', 0, encodeNumber(out, 0, -194.5, ';', 0x3b, ',')) // → '-194,5'
 */
export function encodeNumber(
  out: Buffer,
  at: number,
  value: number,
  delimiter: string,
  code: number,
  decimal: '.' | ',',
): number {
  const mark = decimal === '.' ? 0x2e : 0x2c;
  if (code >= 0 && code !== 0x2d && (code < 0x30 || code > 0x39)) {
    if ((value | 0) === value) {
      // An integer of 32 bits (-0 is written 0, as formatCsvNumber writes it).
      if (value >= 0 && value < 10) {
        out[at] = 0x30 + value;
        return at + 1;
      }
      return putInteger(out, at, value);
    }
    if (code !== mark && !Number.isInteger(value)) {
      const cents = Math.round(value * 100);
      if (cents / 100 === value && cents > -(2 ** 31) * 100 && cents < 2 ** 31 * 100) {
        // formatCsvNumber's cents: the whole part, the mark, the hundredths without a trailing zero.
        let p = at;
        if (cents < 0) out[p++] = 0x2d;
        const positive = cents < 0 ? -cents : cents;
        const whole = Math.floor(positive / 100);
        const hundredths = positive - whole * 100;
        p = putInteger(out, p, whole);
        out[p++] = mark;
        const tens = (hundredths / 10) | 0;
        out[p++] = 0x30 + tens;
        const ones = hundredths - tens * 10;
        if (ones !== 0) out[p++] = 0x30 + ones;
        return p;
      }
    }
  }
  // As csvLine: the number's text, quoted when it holds the delimiter.
  const text = formatCsvNumber(value, decimal);
  return text.includes(delimiter)
    ? putAscii(out, putAscii(out, putAscii(out, at, '"'), text), '"')
    : putAscii(out, at, text);
}

/** The character code of a delimiter of one ASCII character, else -1. */
export function delimiterCode(delimiter: string): number {
  return delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80 ? delimiter.charCodeAt(0) : -1;
}
