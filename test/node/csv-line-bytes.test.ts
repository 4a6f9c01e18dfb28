// CSV cells encoded into bytes, with the delimiter between them, are csvLine's text in UTF-8, whatever the
// cells, delimiter and decimal mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellBound, delimiterCode, encodeCell } from '../../src/node/csv-line-bytes.js';
import { csvLine } from '../../src/node/write.js';

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ maxLength: 80 }),
  // Long texts (explanations) of pieces that need quotes, doubled quotes, a formula guard or UTF-8.
  fc
    .array(
      fc.constantFrom(
        'R=1: last purchase ',
        '498 days',
        ', ',
        '; ',
        '"',
        '\n',
        '\r',
        '€',
        'é',
        '=',
        '-',
        '\t',
        '|',
        '::',
      ),
      {
        minLength: 8,
        maxLength: 30,
      },
    )
    .map((pieces) => pieces.join('')),
  fc.constantFrom(
    '',
    '=1+1',
    '+33 6',
    '-12',
    '-x',
    '@home',
    '\tx',
    '\rx',
    'a"b',
    'a,b',
    'a;b',
    'a\nb',
    'café',
    '😀',
    '€',
  ),
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 1e21, -1e21, 1 / 3, Number.NaN, Infinity),
);
const cell = fc.oneof(text, number, fc.constant(null));

/** The line of `cells` as the scored-line encoder makes it: each cell encoded, the delimiter between. */
function encodeLine(
  out: Buffer,
  at: number,
  cells: readonly (string | number | null)[],
  delimiter: string,
  decimal: '.' | ',',
): number {
  const code = delimiterCode(delimiter);
  let p = at;
  cells.forEach((c, i) => {
    if (i > 0) p += out.write(delimiter, p);
    const start = p;
    p = encodeCell(out, p, c, delimiter, code, decimal);
    expect(p - start).toBeLessThanOrEqual(cellBound(c));
  });
  return p + out.write('\r\n', p);
}

describe('encodeCell', () => {
  it("writes csvLine's bytes, each cell within cellBound, at any place of the buffer (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 20 }),
        fc.constantFrom(',', ';', '\t', '|', '::', '€'),
        fc.constantFrom('.' as const, ',' as const),
        fc.nat({ max: 7 }),
        (cells, delimiter, decimal, at) => {
          const expected = Buffer.from(csvLine(cells, { delimiter, decimal }), 'utf8');
          const out = Buffer.alloc(
            at + cells.reduce((b: number, c) => b + cellBound(c) + 3 * delimiter.length, 2),
          );
          const end = encodeLine(out, at, cells, delimiter, decimal);
          expect(out.subarray(at, end)).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('quotes, guards and spells numbers as csvLine does (by hand)', () => {
    const out = Buffer.alloc(256);
    const end = encodeLine(out, 0, ['c1', -42, 0.5, null, 'a,b', '=SUM(A1)', 'x"y', 'été'], ',', ',');
    expect(out.toString('utf8', 0, end)).toBe('c1,-42,"0,5",,"a,b",\'=SUM(A1),"x""y",été\r\n');
  });
});
