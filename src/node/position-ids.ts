// The ids of an RFM feature table by position, 8 int32 each (32 bytes: 32 MB for a million customers, where
// the lookup tables copied from the slots took 42 MB and the list of known ids 33 MB more): the id's hash,
// length + 1, first 16 bytes and, for a longer one, where its bytes are in the slots' arena. In the order of
// the positions, so that ids asked in that order (the command line's customers) are compared in the order of
// memory; the index from an id to its position is made only when an id is first asked out of order.
import { asciiText } from './ascii-text.js';
import type { ByteArena } from './byte-table.js';
import { release } from './release.js';
import { HASH, INLINE, KEY, LENGTH, PLACE } from './rfm-slot-layout.js';

const WORDS = 8;

/**
 * Ids by position: `set` each position once, in any order, from its slot; then `text`, `same` and `find`
 * read them.
 *
 * @example
 * const arena = new ByteArena();
 * const ids = new PositionIds(1, arena);
 * const key = Buffer.from('c1');
 * const slot = new Int32Array(16);
 * slot[0] = hashBytes(key, 0, 2); slot[1] = 3; slot[2] = keyWord(key, 0, 2, 0);
 * ids.set(0, slot, 0);
 * ids.text(0) // → 'c1'
 */
export class PositionIds {
  readonly #words: Int32Array;
  readonly #arena: ByteArena;
  #index: Int32Array | undefined;
  readonly #decoder = new TextDecoder();
  readonly #scratch = Buffer.alloc(INLINE);

  /** Room for `length` ids, whose long ones are in `arena`. */
  constructor(
    readonly length: number,
    arena: ByteArena,
  ) {
    this.#words = new Int32Array(length * WORDS);
    this.#arena = arena;
  }

  /** Position `p`'s id, from the slot at `at` of `slots` (see rfm-slot-layout.ts). */
  set(p: number, slots: Int32Array, at: number): void {
    const words = this.#words;
    const to = p * WORDS;
    words[to] = slots[at + HASH] as number;
    words[to + 1] = slots[at + LENGTH] as number;
    words[to + 2] = slots[at + KEY] as number;
    words[to + 3] = slots[at + KEY + 1] as number;
    words[to + 4] = slots[at + KEY + 2] as number;
    words[to + 5] = slots[at + KEY + 3] as number;
    words[to + 6] = slots[at + PLACE] as number;
  }

  /** The id at position `p`, as text. */
  text(p: number): string {
    const words = this.#words;
    const at = p * WORDS;
    const length = (words[at + 1] as number) - 1;
    if (length > INLINE) {
      const place = words[at + 6] as number;
      return this.#decoder.decode(this.#arena.bytes.subarray(place, place + length));
    }
    // The key words back to bytes (little-endian, as keyWord reads them, whatever the machine's order).
    const scratch = this.#scratch;
    let high = 0;
    for (let k = 0; k < length; k++) {
      const b = ((words[at + 2 + (k >> 2)] as number) >>> ((k & 3) * 8)) & 0xff;
      scratch[k] = b;
      high |= b;
    }
    return high < 0x80 ? asciiText(scratch, 0, length) : this.#decoder.decode(scratch.subarray(0, length));
  }

  /**
   * Whether the id at position `p` is `key[start, end)`, of hash `hash` and first key words `w0` to `w3`
   * (see `keyWord`).
   */
  same(
    p: number,
    key: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): boolean {
    const words = this.#words;
    const at = p * WORDS;
    const length = end - start;
    return (
      words[at] === hash &&
      words[at + 1] === length + 1 &&
      words[at + 2] === w0 &&
      words[at + 3] === w1 &&
      words[at + 4] === w2 &&
      words[at + 5] === w3 &&
      (length <= INLINE || this.#arena.same(key, start, end, words[at + 6] as number))
    );
  }

  /** The position of the id `key[start, end)` (of hash and key words as for `same`), or -1. */
  find(
    key: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): number {
    this.#index ??= this.#indexed();
    const index = this.#index;
    const mask = index.length - 1;
    for (let i = (hash >>> 0) & mask; ; i = (i + 1) & mask) {
      const p = (index[i] as number) - 1;
      if (p < 0) return -1;
      if (this.same(p, key, start, end, hash, w0, w1, w2, w3)) return p;
    }
  }

  /** Gives back the memory of the ids (see release.ts): they must not be read after. */
  release(): void {
    release([this.#words, ...(this.#index === undefined ? [] : [this.#index])]);
    this.#index = undefined;
  }

  /** Every position in an open-addressing table (position + 1, 0 for empty) at most half full. */
  #indexed(): Int32Array {
    let size = 2;
    while (size < this.length * 2) size *= 2;
    const index = new Int32Array(size);
    const mask = size - 1;
    const words = this.#words;
    for (let p = 0; p < this.length; p++) {
      let i = ((words[p * WORDS] as number) >>> 0) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = p + 1;
    }
    return index;
  }
}
