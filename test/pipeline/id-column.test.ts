import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdColumn } from '../../src/pipeline/id-column.js';

// Ids of every kind: ASCII (kept as bytes), any other text (kept as strings, lone surrogates too), missing.
const id = fc.option(
  fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc.constantFrom('', 'a', 'c1', 'é', '\uD83D'),
  ),
  { nil: undefined },
);

describe('IdColumn', () => {
  it('gives back every id pushed, as the array of them does (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (ids, capacity) => {
        const column = new IdColumn(capacity);
        for (const x of ids) column.push(x);
        expect(column.length).toBe(ids.length);
        expect(Array.from({ length: ids.length }, (_, i) => column.at(i))).toEqual(ids);
        expect(Array.from({ length: ids.length }, (_, i) => column.has(i))).toEqual(
          ids.map((x) => x !== undefined),
        );
        expect(column.has(ids.length)).toBe(false);
        expect(column.at(ids.length)).toBeUndefined();
        // The bytes of an ASCII id, none for any other or a missing one.
        const decoder = new TextDecoder();
        ids.forEach((x, i) => {
          const start = column.startOf(i);
          const ascii = x !== undefined && [...x].every((c) => c.charCodeAt(0) < 0x80);
          expect(start >= 0).toBe(ascii);
          if (start >= 0) expect(decoder.decode(column.bytes.subarray(start, column.endOf(i)))).toBe(x);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('compares, matches and hashes as the strings do (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 30 }), fc.integer(), (ids, seed) => {
        const column = IdColumn.of(ids);
        for (let a = 0; a < ids.length; a++)
          for (let b = 0; b < ids.length; b++) {
            const x = ids[a];
            const y = ids[b];
            if (x === undefined || y === undefined) continue;
            expect(column.before(a, b)).toBe(x < y);
            expect(column.same(a, b)).toBe(x === y);
            if (x === y) expect(column.hash(a, seed)).toBe(column.hash(b, seed));
          }
      }),
      { numRuns: 300 },
    );
  });

  it('made from a block of bytes and filled, is the column of the same ids pushed (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), fc.integer(), (ids, seed) => {
        // The ASCII ids (not all spaces) as bytes, as a source's fieldBytesColumn gives them; any other has a
        // negative end, after bytes that are not its id, and is filled as text.
        const plain = (x: string | undefined): x is string =>
          x !== undefined && x.trim() !== '' && [...x].every((c) => c.charCodeAt(0) < 0x80);
        const bytes = Buffer.alloc(ids.reduce((n, x) => n + (plain(x) ? x.length : 3), 0));
        const ends = new Int32Array(ids.length);
        let at = 0;
        ids.forEach((x, i) => {
          at += plain(x) ? bytes.write(x, at, 'latin1') : bytes.write('#?#', at, 'latin1');
          ends[i] = plain(x) ? at : -1 - at;
        });
        const column = IdColumn.fromBytes(bytes, ends);
        ids.forEach((x, i) => {
          if (!plain(x)) column.fill(i, x);
        });
        const pushed = IdColumn.of(ids);
        expect(column.length).toBe(ids.length);
        expect(Array.from({ length: ids.length }, (_, i) => column.at(i))).toEqual(ids);
        expect(Array.from({ length: ids.length }, (_, i) => column.has(i))).toEqual(
          ids.map((x) => x !== undefined),
        );
        ids.forEach((x, i) => {
          expect(column.startOf(i) >= 0).toBe(plain(x));
          if (x !== undefined) expect(column.hash(i, seed)).toBe(pushed.hash(i, seed));
          ids.forEach((y, j) => {
            if (x === undefined || y === undefined) return;
            expect(column.before(i, j)).toBe(x < y);
            expect(column.same(i, j)).toBe(x === y);
          });
        });
        expect(column.hasRepeats()).toBe(pushed.hasRepeats());
        // Filling a position that has an id changes nothing.
        if (ids.length > 0 && ids[0] !== undefined) {
          column.fill(0, 'other');
          expect(column.at(0)).toBe(ids[0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('drops an id without moving the others', () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 30 }), fc.array(fc.nat()), (ids, drops) => {
        const column = IdColumn.of(ids);
        const expected = [...ids];
        for (const d of drops) {
          const i = d % ids.length;
          column.drop(i);
          expected[i] = undefined;
        }
        expect(Array.from({ length: ids.length }, (_, i) => column.at(i))).toEqual(expected);
        expected.forEach((x, i) => {
          if (x === undefined) expect(column.startOf(i)).toBe(-1);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a long ASCII id whole', () => {
    const long = 'x'.repeat(10_000);
    const column = IdColumn.of(['a', long, 'b']);
    expect([column.at(0), column.at(1), column.at(2)]).toEqual(['a', long, 'b']);
  });
});
