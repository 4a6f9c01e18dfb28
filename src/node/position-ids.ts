// The ids of an RFM feature table by position, 8 int32 each (32 bytes: 32 MB for a million customers, where
// the lookup tables copied from the slots took 42 MB and the list of known ids 33 MB more): the first 7 words of
// its slot (hash, length + 1, first 16 bytes and, for a longer one, where its bytes are in the slots' arena). In the order of
// the positions, so that ids asked in that order (the command line's customers) are compared in the order of
// memory; the index from an id to its position is made only when an id is first asked out of order.
import type { ByteArena } from './byte-table.js';
import { release } from './release.js';
import { HASH, INLINE, idText, PLACE, sameKey } from './rfm-slot-layout.js';

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
    // The first 7 words of the slot, where they are in a slot (rfm-slot-layout.ts), for sameKey and idText;
    // word by word: `set(subarray)` made a view per id (1M ids: 220-350 ms against 20-55).
    const words = this.#words;
    const o = p * WORDS;
    for (let k = 0; k <= PLACE; k++) words[o + k] = slots[at + k] as number;
  }

  /** The id at position `p`, as text. */
  text(p: number): string {
    return idText(this.#words, p * WORDS, this.#arena, this.#scratch, this.#decoder);
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
    return sameKey(this.#words, p * WORDS, this.#arena, key, start, end, hash, w0, w1, w2, w3);
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
      let i = ((words[p * WORDS + HASH] as number) >>> 0) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = p + 1;
    }
    return index;
  }
}
