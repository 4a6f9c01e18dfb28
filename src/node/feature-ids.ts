// The ids of an RFM feature table by position (rfm-feature-table.ts), without a copy of the known ones: the
// positions of the known customers (the customers file's) are their places in the known list, whose own ids
// are read when needed; only the other customers' ids are copied from their slots (position-ids.ts). For a
// million known customers, a copy of every id took 32 MB through the feature table and the fitting.
import { hashOfId, keyWord } from './byte-table.js';
import type { ByteIdList, IdList } from './known-ids.js';
import type { PositionIds } from './position-ids.js';
import { release } from './release.js';
import { IdBytes } from './rfm-slot-layout.js';

/**
 * Ids by `length` positions: positions `[from, to)` (the other customers) are in `others`, at `p - from`; the
 * rest are known ids, position `places[k]` being known id `k`'s (-1: none; a repeated id: the place of its first).
 *
 * @example
 * const ids = new FeatureIds(['c1', 'c2'], Int32Array.of(1, 0), 2, 2, new PositionIds(0, new ByteArena()), 2);
 * [ids.text(0), ids.text(1)] // → ['c2', 'c1']
 */
export class FeatureIds {
  /** How many positions there are. */
  readonly length: number;
  readonly #known: IdList | undefined;
  readonly #direct: ByteIdList | undefined;
  readonly #places: Int32Array | undefined;
  readonly #from: number;
  readonly #to: number;
  readonly #others: PositionIds;
  // The known id at each position (-1: an other's), made when first needed.
  #knownAt: Int32Array | undefined;
  // An open-addressing index of every position (position + 1, 0 for empty), made when first needed.
  #index: Int32Array | undefined;
  readonly #mine = new IdBytes();

  constructor(
    known: IdList | undefined,
    places: Int32Array | undefined,
    from: number,
    to: number,
    others: PositionIds,
    length: number,
  ) {
    this.#known = known;
    this.#direct = known !== undefined && 'bytesInto' in known ? (known as ByteIdList) : undefined;
    this.#places = places;
    this.#from = from;
    this.#to = to;
    this.#others = others;
    this.length = length;
  }

  /**
   * Copies the UTF-8 bytes of the id at position `p` into `target` from `at`: how many, or -1 when they are
   * more than `room` (or there is none).
   */
  bytesInto(p: number, target: Uint8Array, at: number, room: number): number {
    if (p >= this.#from && p < this.#to) return this.#others.bytesInto(p - this.#from, target, at, room);
    const length = this.#bytesOf(this.knownOf(p));
    if (length < 0 || length > room) return -1;
    target.set(this.#mine.bytes.subarray(0, length), at);
    return length;
  }

  /** The id at position `p`, as text. */
  text(p: number): string {
    if (p >= this.#from && p < this.#to) return this.#others.text(p - this.#from);
    return this.#known?.at(this.knownOf(p)) ?? '';
  }

  /**
   * Whether known id `k` is `key[0, length)` (the UTF-8 bytes of an id asked): the known id's bytes compared,
   * copied from the list when it can, else encoded from its text.
   */
  knownIs(k: number, key: Uint8Array, length: number): boolean {
    const same = this.#direct?.sameBytes?.(k, key, 0, length);
    if (same !== undefined) return same;
    const mine = this.#bytesOf(k);
    if (mine !== length) return false;
    const bytes = this.#mine.bytes;
    for (let i = 0; i < length; i++) if (bytes[i] !== key[i]) return false;
    return true;
  }

  /** Whether the id at position `p` is `key[0, length)`, of hash and key words as `keyWord` and `hashOfId` give. */
  same(
    p: number,
    key: Uint8Array,
    length: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): boolean {
    if (p >= this.#from && p < this.#to)
      return this.#others.same(p - this.#from, key, 0, length, hash, w0, w1, w2, w3);
    const k = this.knownOf(p);
    return k >= 0 && this.knownIs(k, key, length);
  }

  /** The position of the id `key[0, length)` (of hash and key words as for `same`), or -1. */
  find(
    key: Uint8Array,
    length: number,
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
      if (this.same(p, key, length, hash, w0, w1, w2, w3)) return p;
    }
  }

  /** Gives back the memory of the ids (see release.ts): they must not be read after. */
  release(): void {
    this.#others.release();
    release([
      ...(this.#index === undefined ? [] : [this.#index]),
      ...(this.#knownAt === undefined ? [] : [this.#knownAt]),
    ]);
    this.#index = undefined;
    this.#knownAt = undefined;
  }

  /** The known id at position `p` (its first place in the list), or -1. */
  knownOf(p: number): number {
    if (this.#knownAt === undefined) {
      const at = new Int32Array(this.length).fill(-1);
      const places = this.#places;
      if (places !== undefined)
        for (let k = places.length - 1; k >= 0; k--) {
          const q = places[k] as number;
          if (q >= 0) at[q] = k;
        }
      this.#knownAt = at;
    }
    return p >= 0 && p < this.length ? (this.#knownAt[p] as number) : -1;
  }

  /** Puts known id k's UTF-8 bytes at the start of `#mine.bytes`; returns how many (-1: no id). */
  #bytesOf(k: number): number {
    const mine = this.#mine;
    const copied = this.#direct?.bytesInto(k, mine.bytes, 0, mine.bytes.length) ?? -2;
    if (copied !== -2) return copied;
    const id = this.#known?.at(k);
    return id === undefined ? -1 : mine.encode(id);
  }

  /** Every position in an open-addressing table at most half full, by the hash of its id. */
  #indexed(): Int32Array {
    let size = 2;
    while (size < this.length * 2) size *= 2;
    const index = new Int32Array(size);
    const mask = size - 1;
    for (let p = 0; p < this.length; p++) {
      let hash: number;
      if (p >= this.#from && p < this.#to) hash = this.#others.hash(p - this.#from);
      else {
        const k = this.knownOf(p);
        if (k < 0) continue;
        const length = this.#bytesOf(k);
        if (length < 0) continue;
        const bytes = this.#mine.bytes;
        hash = hashOfId(
          bytes,
          0,
          length,
          keyWord(bytes, 0, length, 0),
          keyWord(bytes, 0, length, 1),
          keyWord(bytes, 0, length, 2),
          keyWord(bytes, 0, length, 3),
        );
      }
      let i = (hash >>> 0) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = p + 1;
    }
    return index;
  }
}
