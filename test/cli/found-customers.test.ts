import fc from 'fast-check';
import { scoreCustomers } from 'scorekit';
import { describe, expect, it } from 'vitest';
import { foundCustomers, type IdSource, sortIds } from '../../src/cli/found-customers.js';

/** Whether every character of `id` is ASCII. */
function isAscii(id: string): boolean {
  return [...id].every((c) => c.charCodeAt(0) < 0x80);
}

/** The ids as sortIds takes them when it has only their texts. */
function textsOf(ids: readonly string[]): IdSource {
  return { length: ids.length, texts: () => ids };
}

/** The positions of `ids` sorted by comparing the ids as strings: what sortIds must give. */
function byComparison(ids: readonly string[]): number[] {
  return ids.map((_, i) => i).sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
}

// ASCII ids of 0-20 characters (NUL, controls and DEL included), and at times one beyond ASCII.
const ascii = fc.string({
  maxLength: 20,
  unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
});
const short = fc.string({
  maxLength: 16,
  unit: fc.constantFrom('a', 'b', 'c', '0', '1', '\u0000', ' ', '~'),
});

describe('sortIds', () => {
  it('orders positions as the ids compare as strings, ASCII or not, short or long (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof({ weight: 8, arbitrary: short }, { weight: 2, arbitrary: ascii }), {
          maxLength: 200,
        }),
        fc.option(fc.string({ minLength: 1, maxLength: 3, unit: 'binary' })),
        (list, other) => {
          const ids = other === null || list.includes(other) ? list : [...list, other];
          const { order, block } = sortIds(textsOf(ids));
          expect([...order]).toEqual(byComparison(ids));
          // ASCII ids of at most 16 characters: their bytes in that order too (an id of spaces has a negative end).
          const plain = ids.every((id) => id.length <= 16 && isAscii(id));
          expect(block !== undefined).toBe(plain);
          if (block === undefined) return;
          let start = 0;
          order.forEach((p, j) => {
            const end = block.ends[j] as number;
            const at = end < 0 ? -1 - end : end;
            expect(Buffer.from(block.bytes.subarray(start, at)).toString('latin1')).toBe(ids[p]);
            expect(end < 0).toBe([...(ids[p] as string)].every((c) => c === ' ' || (c >= '\t' && c <= '\r')));
            start = at;
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sorts ids given as bytes as their texts compare, falling back to the texts for others (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            { weight: 8, arbitrary: short },
            { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
            // Beyond ASCII (whose UTF-8 bytes do not always compare as its UTF-16 units: U+FFFF, U+10000).
            { weight: 1, arbitrary: fc.constantFrom('\uFFFF', '\u{10000}', 'é', 'z\u00e9') },
          ),
          { maxLength: 100 },
        ),
        (ids) => {
          let texts = 0;
          const source: IdSource = {
            length: ids.length,
            bytesInto: (p, target, at, room) => {
              const bytes = Buffer.from(ids[p] as string, 'utf8');
              if (bytes.length > room) return -1;
              target.set(bytes, at);
              return bytes.length;
            },
            texts: () => {
              texts++;
              return ids;
            },
          };
          const { order, block } = sortIds(source);
          expect([...order]).toEqual(byComparison(ids));
          // The texts are read only when the bytes could not be sorted.
          const plain = ids.every((id) => Buffer.byteLength(id) <= 16 && isAscii(id));
          expect(texts).toBe(plain ? 0 : 1);
          expect(block !== undefined).toBe(plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts a long list of short ASCII ids by their characters, a prefix first', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `c${((i * 7919) % 5000).toString(36)}`);
    ids.push('c', '');
    expect([...sortIds(textsOf(ids)).order]).toEqual(byComparison(ids));
    // A NUL at the end is no padding: the shorter id first, whatever their order.
    expect([...sortIds(textsOf(['a\u0000', 'a', '\u0000\u0000', '\u0000', ''])).order]).toEqual([
      4, 3, 2, 1, 0,
    ]);
  });
});

describe('foundCustomers', () => {
  it('gives the records of the ids in that order, by position, their ids all different', () => {
    const ids = ['b', 'a', 'c'];
    const customers = foundCustomers(textsOf(ids), sortIds(textsOf(ids)), 'id');
    expect(customers.length).toBe(3);
    expect([0, 1, 2, 3].map((i) => customers.at(i))).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
      undefined,
    ]);
    expect(customers.field?.(2, 'id')).toBe('c');
    expect(customers.field?.(2, 'other')).toBeUndefined();
    expect(customers.distinctIds?.('id')).toBe(true);
    expect(customers.distinctIds?.('other')).toBe(false);
    const block = customers.fieldBytesColumn?.('id');
    expect(block && Buffer.from(block.bytes).toString('latin1')).toBe('abc');
    expect(block?.ends).toEqual(Int32Array.of(1, 2, 3));
    expect(customers.fieldBytesColumn?.('other')).toBeUndefined();
    // A run on them: the same results as on the records in that order.
    const pipeline = {
      id: 'p',
      scorers: [
        { type: 'attributes' as const, name: 'fit', rules: [{ when: { field: 'id', eq: 'b' }, points: 5 }] },
      ],
    };
    const records = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(scoreCustomers(customers, pipeline).results).toEqual(scoreCustomers(records, pipeline).results);
  });
});
