// A scored record's CSV line encoded straight into a byte buffer, cell by cell from the record: the bytes of
// `csvLine(scoredCells(record))` without making the array of cells first.
import type { ScoredRecord } from 'scorekit';
import { cellBound, delimiterCode, encodeCell, encodeNumber } from './csv-line-bytes.js';
import { ExplainBytes } from './explain-bytes.js';
import { COMPONENT, componentField, EXPLAIN, ID, ResultCells } from './result-cells.js';

/**
 * Encodes the CSV lines of scored records for given columns and dialect.
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5, reason: 'VIP' }] })] });
 * const [result] = scoreCustomers([{ id: 'a', vip: true }], pipeline).results;
 * const out = Buffer.alloc(256);
 * const end = new ScoredLineEncoder(['id', 'score', 'explain'], ',', '.').encode(out, 0, result);
 * out.toString('utf8', 0, end) // → 'a,5,VIP (+5)\r\n'
 */
export class ScoredLineEncoder {
  readonly #cells: ResultCells;
  readonly #delimiter: string;
  readonly #code: number;
  readonly #decimal: '.' | ',';
  readonly #reserve: number;
  // Whether a digit is written as itself (a delimiter that is not '-' nor a digit: see encodeNumber).
  readonly #digits: boolean;
  // Whether the columns read one component (kept in a local by `encode`), not several (looked up into `found`).
  readonly #one: boolean;
  // The explanation written piece by piece (one-byte delimiters), else from its text.
  readonly #explain: ExplainBytes | undefined;

  /** `columns`: the columns written, in their order (any of `pipelineColumns`). */
  constructor(columns: readonly string[], delimiter: string, decimal: '.' | ',') {
    this.#cells = new ResultCells(columns, decimal);
    this.#delimiter = delimiter;
    this.#code = delimiterCode(delimiter);
    this.#decimal = decimal;
    // A delimiter is at most 3 bytes a character, a number cell at most 34 bytes (quoted), the end 2.
    this.#reserve = columns.length * (delimiter.length * 3 + 34) + 2;
    this.#digits = this.#code >= 0 && this.#code !== 0x2d && (this.#code < 0x30 || this.#code > 0x39);
    this.#one = this.#cells.names.length === 1;
    this.#explain =
      this.#code >= 0 && !'"\r\n'.includes(delimiter) ? new ExplainBytes(delimiter, decimal) : undefined;
  }

  /**
   * Encodes the line of `result` at `at` (`\r\n` included): returns the position after it, or -1 when it
   * does not fit before the end of `out` (what was written past `at` is then to be ignored).
   */
  encode(out: Buffer, at: number, result: ScoredRecord): number {
    const cells = this.#cells;
    const kinds = cells.kinds;
    const n = kinds.length;
    const delimiter = this.#delimiter;
    const code = this.#code;
    const decimal = this.#decimal;
    // Room for every delimiter, number and the line's end, checked once; a text checks its own and this.
    const reserve = this.#reserve;
    const digits = this.#digits;
    if (at + reserve > out.length) return -1;
    // The components read: one (the common case) kept here, several looked up into `found`.
    const one = this.#one;
    const only = one ? cells.component(result, 0) : undefined;
    if (!one) cells.components(result);
    const found = cells.found;
    let p = at;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        if (code >= 0) out[p++] = code;
        else p += out.write(delimiter, p);
      }
      // The commonest columns first (a component's field, the id), read here rather than through `cell`.
      const kind = kinds[i] as number;
      let c: string | number | null;
      if (kind === COMPONENT) {
        const component = one ? only : found[cells.slots[i] as number];
        if (component === undefined) continue;
        c = componentField(component, cells.fields[i] as number);
      } else if (kind === ID) c = result.id;
      else if (kind === EXPLAIN && this.#explain !== undefined) {
        const end = this.#explain.encode(out, p, result.explain);
        if (end === -1 || end + reserve > out.length) return -1;
        if (end >= 0) {
          p = end;
          continue;
        }
        c = cells.cell(result, i);
      } else c = cells.cell(result, i);
      if (typeof c === 'number') {
        // A digit (RFM scores, most points) written here; any other number by encodeNumber.
        if (digits && c >= 0 && c <= 9 && (c | 0) === c) out[p++] = 0x30 + c;
        else p = encodeNumber(out, p, c, delimiter, code, decimal);
      } else if (c !== null) {
        if (p + cellBound(c) + reserve > out.length) return -1;
        p = encodeCell(out, p, c, delimiter, code, decimal);
      }
    }
    out[p] = 0x0d;
    out[p + 1] = 0x0a;
    return p + 2;
  }
}
