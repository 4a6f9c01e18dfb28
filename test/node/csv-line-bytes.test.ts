// CSV cells encoded into bytes, with the delimiter between them, are csvLine's text in UTF-8, whatever the
// cells, delimiter and decimal mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellBound, delimiterCode, encodeCell, encodeNumber } from '../../src/node/csv-line-bytes.js';
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
        fc.constantFrom(',', ';', '\t', '|', '::', '€', '-', '5'),
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

describe('encodeNumber', () => {
  const cents = fc
    .tuple(fc.integer({ min: -(2 ** 33), max: 2 ** 33 }), fc.integer({ min: 0, max: 99 }))
    .map(([whole, hundredths]) => (whole * 100 + (whole < 0 ? -hundredths : hundredths)) / 100);

  it("writes csvLine's bytes for any number, delimiter and decimal mark, within 34 bytes (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.oneof(number, cents),
        // Delimiters a number's text may hold (the marks, a sign, a digit) or not, and one of two bytes.
        fc.constantFrom(',', ';', '.', '-', '5', '0', '\t', '::', '€'),
        fc.constantFrom('.' as const, ',' as const),
        fc.nat({ max: 7 }),
        (value, delimiter, decimal, at) => {
          const expected = Buffer.from(csvLine([value], { delimiter, decimal }).slice(0, -2), 'utf8');
          const out = Buffer.alloc(at + 34);
          const end = encodeNumber(out, at, value, delimiter, delimiterCode(delimiter), decimal);
          expect(out.subarray(at, end)).toEqual(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('writes cents digit by digit as formatCsvNumber spells them (by hand)', () => {
    const out = Buffer.alloc(34);
    const spell = (value: number, delimiter: string, decimal: '.' | ',') =>
      out.toString('utf8', 0, encodeNumber(out, 0, value, delimiter, delimiterCode(delimiter), decimal));
    expect(spell(194.29, ',', '.')).toBe('194.29');
    expect(spell(-0.05, ';', ',')).toBe('-0,05');
    expect(spell(12.5, ',', '.')).toBe('12.5');
    expect(spell(7, ',', '.')).toBe('7');
    expect(spell(-0, ',', '.')).toBe('0');
    expect(spell(0.5, ',', ',')).toBe('"0,5"');
    expect(spell(2 ** 31, ',', '.')).toBe('2147483648');
    expect(spell(1 / 3, ',', '.')).toBe('0.333333');
  });
});
