// The explanation cell written piece by piece (ExplainBytes, in ScoredLineEncoder) against the text path it
// stands for: csvCell of the joined explanation (explainText), for any reasons, points, delimiter and decimal mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Contribution, csvCell, type ScoredRecord } from '../../src/index.js';
import { ExplainBytes } from '../../src/node/explain-bytes.js';
import { explainText } from '../../src/node/result-cells.js';
import { ScoredLineEncoder } from '../../src/node/scored-line.js';

const reason = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      '7',
      ' ',
      ',',
      ';',
      '|',
      '\t',
      '"',
      '\n',
      '\r',
      'é',
      '€',
      '=',
      '-',
      '+',
      '@',
      ': +5',
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));
const contribution = fc
  .record({
    reason,
    points: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom(0.5, -2.25, 12.4)),
    frozen: fc.boolean(),
  })
  .map(({ reason, points, frozen }): Contribution => {
    const c = { scorer: 's', rule: 'r', points, reason };
    return frozen ? Object.freeze(c) : c;
  });
const delimiter = fc.constantFrom(',', ';', '\t', '|', ' ');
const decimal = fc.constantFrom('.' as const, ',' as const);

describe('the explanation cell written piece by piece', () => {
  it('is the bytes of csvCell(explainText), or says to write it from its text (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(contribution, { maxLength: 5 }), delimiter, decimal, (explain, d, m) => {
        const result = { explain } as unknown as ScoredRecord;
        const text = csvCell(explainText(result, m), d);
        const encoder = new ExplainBytes(d, m);
        const out = Buffer.alloc(4096);
        const end = encoder.encode(out, 7, explain);
        const joined = explainText(result, m);
        // Left to the text path exactly when a quote is to be doubled or the cell starts like a formula.
        const other = joined.includes('"') || /^[=+\-@\t\r]/.test(joined);
        expect(end === -2).toBe(other);
        if (end >= 0) expect(out.toString('utf8', 7, end)).toBe(text);
        // Twice, the frozen pieces' bytes now kept: the same.
        if (end >= 0) expect(out.toString('utf8', 7, encoder.encode(out, 7, explain))).toBe(text);
        // Too little room: -1, never a cell cut short.
        const small = Buffer.alloc(7 + Math.max(0, Buffer.byteLength(text) - 1));
        const cut = encoder.encode(small, 7, explain);
        if (!other && Buffer.byteLength(text) > 0) expect(cut).toBe(-1);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes the lines of ScoredLineEncoder the same bytes as the text path', () => {
    fc.assert(
      fc.property(fc.array(contribution, { maxLength: 5 }), delimiter, decimal, (explain, d, m) => {
        const result = { id: 'c1', score: 1, components: {}, explain } as unknown as ScoredRecord;
        const out = Buffer.alloc(4096);
        const end = new ScoredLineEncoder(['id', 'explain'], d, m).encode(out, 0, result);
        expect(out.toString('utf8', 0, end)).toBe(`c1${d}${csvCell(explainText(result, m), d)}\r\n`);
      }),
      { numRuns: 1000 },
    );
  });
});
