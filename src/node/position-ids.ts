// The ids of an RFM feature table by position, as UTF-8 bytes (about 13 bytes a customer, where a million id
// strings take about 33 MB and lookup tables copied from the slots 42 MB), with each one's hash; the index from
// an id to its position is made only when an id is first looked up out of order (the command line never does:
// it asks for its customers in the order it gave them).
import { asciiText } from './ascii-text.js';

/**
 * Ids by position: `set` each position once (in any order, with its hash and bytes) after `reserve`-ing room
 * for all, then `text`, `same` and `find` read them.
 *
 * @example
 * const ids = new PositionIds(2);
 * const c1 = Buffer.from('c1');
 * ids.reserve(0, 2); ids.reserve(1, 2); ids.layOut();
 * ids.set(1, hashBytes(c1, 0, 2), c1, 0, 2);
 * ids.find(c1, 0, 2, hashBytes(c1, 0, 2)) // → 1
 */
export class PositionIds {
  readonly #ends: Int32Array;
  readonly #hashes: Int32Array;
  #bytes = Buffer.alloc(0);
  // Whether a position's id has a byte ≥ 0x80 (decoded as UTF-8, else as Latin-1).
  readonly #wide: Uint8Array;
  #index: Int32Array | undefined;
  readonly #decoder = new TextDecoder();

  constructor(readonly length: number) {
    this.#ends = new Int32Array(length);
    this.#hashes = new Int32Array(length);
    this.#wide = new Uint8Array(length);
  }

  /** Notes that position `p`'s id has `bytes` bytes (before `layOut`). */
  reserve(p: number, bytes: number): void {
    this.#ends[p] = bytes;
  }

  /** Places the ids one after the other, with the room reserved for each. */
  layOut(): void {
    const ends = this.#ends;
    let total = 0;
    for (let p = 0; p < ends.length; p++) {
      total += ends[p] as number;
      ends[p] = total;
    }
    this.#bytes = Buffer.allocUnsafe(total);
  }

  #start(p: number): number {
    return p === 0 ? 0 : (this.#ends[p - 1] as number);
  }

  /** Position `p`'s id: its hash (`hashBytes`) and its bytes `source[start, end)`, as many as reserved. */
  set(p: number, hash: number, source: Uint8Array, start: number, end: number): void {
    const bytes = this.#bytes;
    let high = 0;
    for (let k = start, at = this.#start(p); k < end; k++, at++) {
      const b = source[k] as number;
      bytes[at] = b;
      high |= b;
    }
    this.#hashes[p] = hash;
    this.#wide[p] = high >= 0x80 ? 1 : 0;
  }

  /** The id at position `p`, as text. */
  text(p: number): string {
    const start = this.#start(p);
    const end = this.#ends[p] as number;
    return this.#wide[p] === 1
      ? this.#decoder.decode(this.#bytes.subarray(start, end))
      : asciiText(this.#bytes, start, end);
  }

  /** Whether the id at position `p` is `key[0, length)`, of hash `hash`. */
  same(p: number, key: Uint8Array, length: number, hash: number): boolean {
    if (this.#hashes[p] !== hash) return false;
    const start = this.#start(p);
    if ((this.#ends[p] as number) - start !== length) return false;
    const bytes = this.#bytes;
    for (let k = 0; k < length; k++) if (bytes[start + k] !== key[k]) return false;
    return true;
  }

  /** The position of the id `key[start, end)` of hash `hash`, or -1. */
  find(key: Uint8Array, start: number, end: number, hash: number): number {
    this.#index ??= this.#indexed();
    const index = this.#index;
    const mask = index.length - 1;
    const bytes = key.subarray(start, end);
    for (let i = (hash >>> 0) & mask; ; i = (i + 1) & mask) {
      const p = (index[i] as number) - 1;
      if (p < 0) return -1;
      if (this.same(p, bytes, end - start, hash)) return p;
    }
  }

  /** Every position in an open-addressing table (position + 1, 0 for empty) at most half full. */
  #indexed(): Int32Array {
    let size = 2;
    while (size < this.length * 2) size *= 2;
    const index = new Int32Array(size);
    const mask = size - 1;
    for (let p = 0; p < this.length; p++) {
      let i = ((this.#hashes[p] as number) >>> 0) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = p + 1;
    }
    return index;
  }
}
