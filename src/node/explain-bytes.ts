// The explanation cell of a scored line written piece by piece into the line's bytes, instead of joined into one
// text and encoded: the same bytes as `csvCell(explainText(result))` for the explanations that need no quote
// doubled nor a formula guard (all those of the built-in scorers); any other is left to the text path. A frozen
// contribution (scorers share them: an RFM batch has few distinct R and F lines, an attribute rule one) is
// encoded once, its bytes copied after; only the others' pieces (an RFM M line) are encoded for each result.
// Measured on a million RFM results (scratch/enc-ab.mjs): see the commit that brought it.
import type { Contribution } from 'scorekit';
import { breaksCell, formulaLike } from './csv-line-bytes.js';
import { explainPiece } from './result-cells.js';

/** A frozen contribution's piece as bytes, and what it asks of the cell. */
interface PieceBytes {
  readonly bytes: Uint8Array;
  /** It holds the delimiter, a CR or a LF: the cell is quoted. */
  readonly quotes: boolean;
  /** It holds a quote (doubled in the cell: the text path writes it). */
  readonly quote: boolean;
  /** It starts like a formula (guarded when it starts the cell: the text path writes it). */
  readonly formula: boolean;
}

/** Writes `; `, the separator of two pieces. */
const SEPARATOR = [0x3b, 0x20] as const;

/**
 * Encodes explanation cells for one delimiter of one ASCII character and one decimal mark.
 *
 * @example
 * const encoder = new ExplainBytes(',', '.');
 * const out = Buffer.alloc(64);
 * const end = encoder.encode(out, 0, [{ scorer: 'fit', rule: 'r', points: 5, reason: 'VIP, gold' }]);
 * out.toString('utf8', 0, end) // → '"VIP, gold (+5)"'
 */
export class ExplainBytes {
  readonly #delimiter: string;
  readonly #decimal: '.' | ',';
  // The separator `; ` holds the delimiter: a cell of two pieces or more is quoted.
  readonly #separatorQuotes: boolean;
  readonly #pieces = new WeakMap<Contribution, PieceBytes>();

  /** `delimiter`: one ASCII character (not a quote, CR or LF). */
  constructor(delimiter: string, decimal: '.' | ',') {
    this.#delimiter = delimiter;
    this.#decimal = decimal;
    this.#separatorQuotes = delimiter === ';' || delimiter === ' ';
  }

  /**
   * Writes the cell of `explain` at `at`: returns the position after it, -1 when it does not fit before the end
   * of `out`, or -2 when it is to be written from its text (a quote to double, a formula to guard). What was
   * written past `at` is to be ignored unless a position is returned.
   */
  encode(out: Buffer, at: number, explain: readonly Contribution[]): number {
    const n = explain.length;
    if (n === 0) return at;
    let quotes = n > 1 && this.#separatorQuotes;
    // The first byte is kept for the opening quote, and given back when the cell needs none.
    let p = at + 1;
    for (let k = 0; k < n; k++) {
      const e = explain[k] as Contribution;
      if (k > 0) {
        if (p + 2 > out.length) return -1;
        out[p++] = SEPARATOR[0];
        out[p++] = SEPARATOR[1];
      }
      if (Object.isFrozen(e)) {
        const piece = this.#piece(e);
        if (piece.quote || (k === 0 && piece.formula)) return -2;
        if (p + piece.bytes.length > out.length) return -1;
        out.set(piece.bytes, p);
        p += piece.bytes.length;
        quotes ||= piece.quotes;
        continue;
      }
      const text = explainPiece(e, this.#decimal);
      if ((k === 0 && formulaLike(text.charCodeAt(0))) || text.includes('"')) return -2;
      quotes ||= breaksCell(text, this.#delimiter);
      if (p + text.length * 3 > out.length) return -1;
      p += out.write(text, p);
    }
    if (!quotes) {
      out.copyWithin(at, at + 1, p);
      return p - 1;
    }
    if (p + 1 > out.length) return -1;
    out[at] = 0x22;
    out[p] = 0x22;
    return p + 1;
  }

  #piece(e: Contribution): PieceBytes {
    let piece = this.#pieces.get(e);
    if (piece === undefined) {
      const text = explainPiece(e, this.#decimal);
      piece = {
        bytes: Buffer.from(text, 'utf8'),
        quotes: breaksCell(text, this.#delimiter),
        quote: text.includes('"'),
        formula: formulaLike(text.charCodeAt(0)),
      };
      this.#pieces.set(e, piece);
    }
    return piece;
  }
}
