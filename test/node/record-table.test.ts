import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiText } from '../../src/node/ascii-text.js';
import { rowFields } from '../../src/node/header.js';
import { RecordTable } from '../../src/node/record-table.js';

/** Whether every character of `text` is ASCII. */
function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) >= 0x80) return false;
  return true;
}

describe('asciiText', () => {
  it('is the Latin-1 text of the bytes, whatever their length (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(3), (bytes, pad) => {
        const b = Buffer.concat([Buffer.alloc(pad, 0x41), bytes, Buffer.alloc(pad, 0x42)]);
        expect(asciiText(b, pad, pad + bytes.length)).toBe(Buffer.from(bytes).toString('latin1'));
      }),
    );
  });
});

describe('RecordTable', () => {
  const cellText = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', 'café', '€ 12,5', 'x'.repeat(40), '𝄞 clef', 'c0000001', '  ', ' c-2 ', '1,5', '\t'),
  );

  it('gives back each row and its fields as rowFields makes them of the same cells, with its line (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.tuple(
            fc.constant(width),
            fc.array(fc.tuple(fc.array(cellText, { minLength: width, maxLength: width }), fc.boolean()), {
              maxLength: 30,
            }),
          ),
        ),
        fc.constantFrom('.' as const, ',' as const),
        ([width, rows], decimal) => {
          const names = ['id', 'plan', 'company.size', 'score'].slice(0, width);
          const fieldsOf = rowFields('t.csv', names, { nested: true, decimal });
          const table = new RecordTable('t.csv', names, { nested: true, decimal });
          rows.forEach(([cells, asBytes], r) => {
            for (const cell of cells) {
              // A plain ASCII cell may be given as its bytes, as the CSV reader gives it.
              const bytes = Buffer.from(`..${cell}..`, 'latin1');
              if (asBytes && /^[\x20-\x7e]*$/.test(cell)) table.bytes(bytes, 2, bytes.length - 2);
              else table.text(cell);
            }
            table.end(10 + 3 * r);
          });
          expect(table.length).toBe(rows.length);
          expect([...table.lines]).toEqual(rows.map((_, r) => 10 + 3 * r));
          rows.forEach(([cells], r) => {
            const record = fieldsOf(cells);
            expect(table.at(r)).toEqual(record);
            for (const key of ['id', 'plan', 'company', 'score', 'none'])
              expect(table.field(r, key)).toEqual(Object.hasOwn(record, key) ? record[key] : undefined);
            cells.forEach((cell, c) => {
              expect(table.cell(r, c)).toBe(cell);
            });
          });
          // Its ids: the core's reading of field `id` (a non-blank string), as text and as bytes.
          const ids = table.ids('id');
          const sameBytes = ids.sameBytes;
          if (sameBytes === undefined) throw new Error('RecordTable.ids has sameBytes');
          const target = new Uint8Array(64);
          rows.forEach(([cells], r) => {
            const value = fieldsOf(cells).id;
            const id = typeof value === 'string' && value.trim() !== '' ? value : undefined;
            expect(ids.at(r)).toBe(id);
            const n = ids.bytesInto(r, target, 3, 61);
            if (n === -1) expect(id).toBeUndefined();
            else if (n >= 0) expect(Buffer.from(target.subarray(3, 3 + n)).toString('utf8')).toBe(id);
            // Compared in place: true for the id's own bytes, false for others; undefined only where
            // bytesInto cannot copy them (then compared from the text).
            if (id !== undefined) {
              const key = Buffer.from(`#${id}#`, 'utf8');
              const same = sameBytes(r, key, 1, key.length - 1);
              if (same === undefined) expect(n).toBe(-2);
              else expect(same).toBe(true);
              expect(sameBytes(r, key, 0, key.length - 1)).not.toBe(true);
            } else
              expect(
                sameBytes(r, Buffer.from(`#${cells[0]}#`), 1, 1 + Buffer.byteLength(cells[0] as string)),
              ).not.toBe(true);
            // The core's fast path: an ASCII id's bytes, -1 for any other (then read as text).
            const m = table.fieldBytes(r, 'id', target, 5, 59);
            if (m >= 0) expect(Buffer.from(target.subarray(5, 5 + m)).toString('latin1')).toBe(id);
            else expect(m).toBe(-1);
            if (id === undefined || !isAscii(id)) expect(m).toBe(-1);
            // Taken as bytes whenever the row is all ASCII and the id has no decimal comma to read.
            const plainRow = cells.every((cell) => isAscii(cell));
            if (id !== undefined && plainRow && !(decimal === ',' && (cells[0] as string).includes(',')))
              expect(m).toBe(id.length);
            // A key that is no column by itself (or none) is read with `field`.
            expect(table.fieldBytes(r, 'none', target, 5, 59)).toBe(-1);
            expect(table.fieldBytes(r, 'company', target, 5, 59)).toBe(-1);
          });
          // The whole column at once: each row's bytes as fieldBytes gives them, -1 - end where it gives -1.
          for (const key of ['id', 'plan', 'score']) {
            const block = table.fieldBytesColumn(key);
            if (names.indexOf(key) < 0) {
              expect(block).toBeUndefined();
              continue;
            }
            if (block === undefined) throw new Error(`a column ${key} gives its bytes`);
            expect(block.ends.length).toBe(rows.length);
            let start = 0;
            rows.forEach((_, r) => {
              const end = block.ends[r] as number;
              const m = table.fieldBytes(r, key, target, 0, 64);
              if (m === -1) expect(end).toBeLessThan(0);
              else
                expect(Buffer.from(block.bytes.subarray(start, end))).toEqual(
                  Buffer.from(target.subarray(0, m)),
                );
              start = end < 0 ? -1 - end : end;
            });
          }
          expect(table.fieldBytesColumn('company')).toBeUndefined();
          expect(table.at(rows.length)).toBeUndefined();
          expect(table.at(-1)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
