// A scored record's line encoded as bytes (ScoredLineEncoder) against the text path it stands for: csvLine of
// the cells read from the record by hand, for any ids, component fields, delimiter and decimal mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentScore, ScoredRecord } from '../../src/index.js';
import { ScoredLineEncoder } from '../../src/node/scored-line.js';
import { csvLine } from '../../src/node/write.js';

const number = fc.oneof(
  fc.integer({ min: 0, max: 9 }),
  fc.integer({ min: -20, max: 2000 }),
  fc.constantFrom(-0, 0.5, -2.25, 12.4, 1e21, 1 / 3),
);
const component = fc.record({
  value: number,
  r: number,
  f: number,
  m: number,
  code: fc.constantFrom('544', '=1'),
});
const id = fc.oneof(fc.constantFrom('c0000001', '-7', '=x', 'a,b', 'é1', '0'), fc.string({ maxLength: 6 }));
// One-byte delimiters, among them a digit and a minus sign (no fast path then), and a longer one.
const delimiter = fc.constantFrom(',', ';', '\t', '|', ' ', '5', '-', '::');
const decimal = fc.constantFrom('.' as const, ',' as const);

/** A result with an RFM-like component `rfm` and, when `other`, a component kept under a name not its scorer's. */
function resultOf(
  i: string,
  c: { value: number; r: number; f: number; m: number; code: string },
  other: boolean,
): ScoredRecord {
  const rfm = { scorer: 'rfm', type: 'rfm', max: 15, normalized: 0.5, detail: [], ...c };
  const components: Record<string, ComponentScore> = { rfm: rfm as unknown as ComponentScore };
  if (other) components.fit = { ...rfm, scorer: 'renamed' } as unknown as ComponentScore;
  return { id: i, score: c.value, components, qualification: null, segment: null, explain: [] };
}

describe('ScoredLineEncoder', () => {
  it("writes csvLine's bytes of the cells read by hand (fast-check)", () => {
    const columns = ['id', 'rfm.r', 'rfm.f', 'rfm.m', 'rfm.code', 'fit.value', 'toString.value', 'score'];
    fc.assert(
      fc.property(id, component, fc.boolean(), delimiter, decimal, (i, c, other, d, m) => {
        const result = resultOf(i, c, other);
        // A component is found under its own name only: `toString` is Object.prototype's, never a component.
        const cells = [i, c.r, c.f, c.m, c.code, other ? c.value : null, null, c.value];
        const out = Buffer.alloc(1024);
        const end = new ScoredLineEncoder(columns, d, m).encode(out, 3, result);
        expect(out.toString('utf8', 3, end)).toBe(csvLine(cells, { delimiter: d, decimal: m }));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads one component as several do (fast-check)', () => {
    // Columns of one component each: the encoder keeps it in a local, not in the list of found components.
    const sets: [
      string[],
      (i: string, c: { r: number; m: number; value: number }, other: boolean) => unknown[],
    ][] = [
      [['id', 'rfm.r', 'rfm.m', 'score'], (i, c) => [i, c.r, c.m, c.value]],
      [['fit.value', 'id'], (i, c, other) => [other ? c.value : null, i]],
      [['score', 'toString.value'], (_, c) => [c.value, null]],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sets.length - 1 }),
        id,
        component,
        fc.boolean(),
        delimiter,
        decimal,
        (k, i, c, other, d, m) => {
          const [columns, cellsOf] = sets[k] as (typeof sets)[number];
          const out = Buffer.alloc(1024);
          const end = new ScoredLineEncoder(columns, d, m).encode(out, 0, resultOf(i, c, other));
          const cells = cellsOf(i, c, other) as (string | number | null)[];
          expect(out.toString('utf8', 0, end)).toBe(csvLine(cells, { delimiter: d, decimal: m }));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes a one-digit score as its digit, and -0 as 0 (by hand)', () => {
    const out = Buffer.alloc(256);
    const encoder = new ScoredLineEncoder(['id', 'rfm.r', 'rfm.f', 'rfm.m'], ';', ',');
    const end = encoder.encode(out, 0, resultOf('c1', { value: 0, r: 5, f: -0, m: 10, code: '' }, false));
    expect(out.toString('utf8', 0, end)).toBe('c1;5;0;10\r\n');
  });
});
