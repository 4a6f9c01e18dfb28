// The ids of the customers of an RFM feature table that are not known (feature-ids.ts: the known ones are
// read from their list), by position, 8 int32 each: the first 7 words of its slot (hash, length + 1, first 16
// bytes and, for a longer one, where its bytes are in the slots' arena), so that the slots can go.
import type { ByteArena } from './byte-table.js';
import { release } from './release.js';
import { HASH, INLINE, idText, keyBytes, LENGTH, PLACE, sameKey } from './rfm-slot-layout.js';

const WORDS = 8;

/**
 * Ids by position: `set` each position once, in any order, from its slot; then `text`, `same` and `hash`
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

  /**
   * Copies the UTF-8 bytes of the id at position `p` into `target` from `at`: how many, or -1 when they are
   * more than `room`.
   */
  bytesInto(p: number, target: Uint8Array, at: number, room: number): number {
    const words = this.#words;
    const o = p * WORDS;
    const length = (words[o + LENGTH] as number) - 1;
    if (length > room) return -1;
    if (length > INLINE) {
      const place = words[o + PLACE] as number;
      target.set(this.#arena.bytes.subarray(place, place + length), at);
      return length;
    }
    keyBytes(words, o, length, target, at);
    return length;
  }

  /** The hash of the id at position `p`. */
  hash(p: number): number {
    return this.#words[p * WORDS + HASH] as number;
  }

  /** Gives back the memory of the ids (see release.ts): they must not be read after. */
  release(): void {
    release([this.#words]);
  }
}
