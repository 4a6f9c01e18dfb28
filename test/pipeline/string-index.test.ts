import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../src/pipeline/string-index.js';

describe('StringIndex', () => {
  it('numbers strings densely in order of first sight', () => {
    const index = new StringIndex();
    expect(['b', 'a', 'b', 'c', 'a'].map((k) => index.add(k))).toEqual([0, 1, 0, 2, 1]);
    expect(index.size).toBe(3);
    expect(index.get('c')).toBe(2);
    expect(index.get('d')).toBeUndefined();
  });

  it('adds a key found missing with one lookup less, at the next position', () => {
    const index = new StringIndex();
    index.add('a');
    expect(index.get('__proto__')).toBeUndefined();
    expect(index.addMissing('__proto__')).toBe(1);
    expect(index.get('__proto__')).toBe(1);
    expect(index.add('__proto__')).toBe(1);
    expect(index.size).toBe(2);
  });

  it('treats names of Object.prototype and array-index-like strings as ordinary keys', () => {
    const index = new StringIndex();
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])
      expect(index.get(key)).toBeUndefined();
    const keys = ['__proto__', 'constructor', 'toString', '0', '007', '7', '4294967295', ''];
    expect(keys.map((k) => index.add(k))).toEqual(keys.map((_, i) => i));
    expect(keys.map((k) => index.get(k))).toEqual(keys.map((_, i) => i));
    expect(Object.prototype).not.toHaveProperty('constructor', 0);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('agrees with a Map on any strings (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '1', '01'))),
        (keys) => {
          const index = new StringIndex();
          const map = new Map<string, number>();
          for (const k of keys) {
            if (!map.has(k)) map.set(k, map.size);
            expect(index.add(k)).toBe(map.get(k));
          }
          expect(index.size).toBe(map.size);
          for (const [k, v] of map) expect(index.get(k)).toBe(v);
        },
      ),
    );
  });
});
