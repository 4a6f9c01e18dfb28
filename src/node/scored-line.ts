// A scored record's CSV line encoded straight into a byte buffer, cell by cell from the record: the bytes of
// `csvLine(scoredCells(record))` without making the array of cells first.
import type { ScoredRecord } from 'scorekit';
import { cellBound, delimiterCode, encodeCell } from './csv-line-bytes.js';
import { ResultCells } from './result-cells.js';

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

  /** `columns`: the columns written, in their order (any of `pipelineColumns`). */
  constructor(columns: readonly string[], delimiter: string, decimal: '.' | ',') {
    this.#cells = new ResultCells(columns, decimal);
    this.#delimiter = delimiter;
    this.#code = delimiterCode(delimiter);
    this.#decimal = decimal;
  }

  /**
   * Encodes the line of `result` at `at` (`\r\n` included): returns the position after it, or -1 when it
   * does not fit before the end of `out` (what was written past `at` is then to be ignored).
   */
  encode(out: Buffer, at: number, result: ScoredRecord): number {
    const cells = this.#cells;
    const n = cells.kinds.length;
    const delimiter = this.#delimiter;
    const code = this.#code;
    cells.components(result);
    let p = at;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        if (p + delimiter.length * 3 > out.length) return -1;
        if (code >= 0) out[p++] = code;
        else p += out.write(delimiter, p);
      }
      const c = cells.cell(result, i);
      if (p + cellBound(c) > out.length) return -1;
      p = encodeCell(out, p, c, delimiter, code, this.#decimal);
    }
    if (p + 2 > out.length) return -1;
    out[p] = 0x0d;
    out[p + 1] = 0x0a;
    return p + 2;
  }
}
