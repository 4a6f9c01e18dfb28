// Ids kept compact: the ids of a batch (run.ts) and of the results kept for the reports (result-columns.ts).
// A million ids as strings in an array hold about 30 MB of the heap, which every garbage collection goes
// through; as bytes they take 12 MB outside of it. ASCII ids (most) are kept as their bytes one after the
// other, any other id as its string, by position.

import type { RecordSource } from './types.js';

/**
 * A column of ids, one per position, some missing: `push` them in order, then read them with `at`. An ASCII id
 * is kept as bytes and made into a string again when it is read.
 *
 * @example
 * const ids = new IdColumn();
 * ids.push('c1'); ids.push(undefined); ids.push('café');
 * [ids.at(0), ids.at(1), ids.at(2), ids.has(1)] // → ['c1', undefined, 'café', false]
 */
export class IdColumn {
  /** How many positions were pushed. */
  length = 0;
  #bytes: Uint8Array;
  // Where each position's bytes end: -1 - end for a missing id, the end (no bytes) for a wide one.
  #ends: Int32Array;
  readonly #wide = new Map<number, string>();

  /** `capacity`: about how many ids will be pushed. */
  constructor(capacity = 1024) {
    const n = Math.max(16, Math.ceil(capacity));
    this.#ends = new Int32Array(n);
    this.#bytes = new Uint8Array(n * 8);
  }

  /**
   * The ids of a block of ASCII bytes, as a source's `fieldBytesColumn` gives them (see `RecordSource`): a
   * position whose end is `-1 - end` has no id until {@link IdColumn.fill} gives it one. `bytes` is read, never
   * changed; `ends` becomes the column's own.
   *
   * @example
   * const ids = IdColumn.fromBytes(new TextEncoder().encode('c1  c3'), Int32Array.of(2, -5, 6));
   * ids.fill(1, 'café');
   * [ids.at(0), ids.at(1), ids.at(2)] // → ['c1', 'café', 'c3']
   */
  static fromBytes(bytes: Uint8Array, ends: Int32Array): IdColumn {
    const column = new IdColumn(0);
    column.#bytes = bytes;
    column.#ends = ends;
    column.length = ends.length;
    return column;
  }

  /**
   * Gives position `i`, which has no id, the id `id` read as text (kept as a string; `undefined`: still none).
   * For the positions of a column made by {@link IdColumn.fromBytes} that its bytes could not give.
   */
  fill(i: number, id: string | undefined): void {
    const end = this.#ends[i] as number;
    if (id === undefined || end >= 0 || i >= this.length) return;
    this.#wide.set(i, id);
    // Its bytes (if any) stay in place, not read: the map is read first.
    this.#ends[i] = -1 - end;
  }

  /** The ids of a list, in its order. */
  static of(ids: readonly (string | undefined)[]): IdColumn {
    const column = new IdColumn(ids.length);
    for (const id of ids) column.push(id);
    return column;
  }

  /** Adds the id of the next position (`undefined`: none). */
  push(id: string | undefined): void {
    const i = this.length;
    const start = this.#room(id?.length ?? 0);
    this.length++;
    if (id === undefined) {
      this.#ends[i] = -1 - start;
      return;
    }
    const bytes = this.#bytes;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c >= 0x80) {
        this.#wide.set(i, id);
        this.#ends[i] = start;
        return;
      }
      bytes[start + k] = c;
    }
    this.#ends[i] = start + id.length;
  }

  /**
   * Adds the id of the next position from the ASCII bytes of field `key` of record `index`, copied by the
   * source's `fieldBytes`; returns false, adding nothing, when the source cannot give them (the caller then
   * pushes the id it reads as text).
   */
  pushField(records: RecordSource, index: number, key: string): boolean {
    if (records.fieldBytes === undefined) return false;
    const start = this.#room(64);
    const length = records.fieldBytes(index, key, this.#bytes, start, this.#bytes.length - start);
    if (length < 0) return false;
    this.#ends[this.length++] = start + length;
    return true;
  }

  /** Room for the next position and `n` bytes of its id: where they start. */
  #room(n: number): number {
    const i = this.length;
    if (i === this.#ends.length) {
      const more = new Int32Array(i * 2);
      more.set(this.#ends);
      this.#ends = more;
    }
    const start = this.#startOf(i);
    if (start + n > this.#bytes.length) {
      const more = new Uint8Array(Math.max(this.#bytes.length * 2, start + n));
      more.set(this.#bytes.subarray(0, start));
      this.#bytes = more;
    }
    return start;
  }

  /** Whether position `i` has an id. */
  has(i: number): boolean {
    return i < this.length && (this.#ends[i] as number) >= 0;
  }

  /** The id at position `i`, or `undefined`. */
  at(i: number): string | undefined {
    const end = this.#ends[i] as number;
    if (end < 0 || i >= this.length) return undefined;
    const wide = this.#wide.size > 0 ? this.#wide.get(i) : undefined;
    if (wide !== undefined) return wide;
    const start = this.#startOf(i);
    const b = this.#bytes;
    if (end - start > 64) {
      let id = '';
      for (let at = start; at < end; at += 4096)
        id += String.fromCharCode(...b.subarray(at, Math.min(end, at + 4096)));
      return id;
    }
    // Eight characters a call, then four, then one: about half the time of one a call for an id of 8.
    const text = String.fromCharCode;
    let id = '';
    let k = start;
    for (; k + 8 <= end; k += 8)
      id += text(
        b[k] as number,
        b[k + 1] as number,
        b[k + 2] as number,
        b[k + 3] as number,
        b[k + 4] as number,
        b[k + 5] as number,
        b[k + 6] as number,
        b[k + 7] as number,
      );
    for (; k + 4 <= end; k += 4)
      id += text(b[k] as number, b[k + 1] as number, b[k + 2] as number, b[k + 3] as number);
    for (; k < end; k++) id += text(b[k] as number);
    return id;
  }

  /**
   * Where the bytes of position `i`'s id start in {@link IdColumn.bytes} (they end at `endOf(i)`): an ASCII id
   * only, -1 for a missing or any other id (read it with `at`).
   */
  startOf(i: number): number {
    if (i >= this.length || (this.#ends[i] as number) < 0 || (this.#wide.size > 0 && this.#wide.has(i)))
      return -1;
    return this.#startOf(i);
  }

  /** Where the bytes of position `i`'s id end, for an id whose start `startOf` gives. */
  endOf(i: number): number {
    return this.#ends[i] as number;
  }

  /** The ASCII ids' bytes, one after the other (see `startOf`); valid until the next `push`. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Makes position `i` have no id. */
  drop(i: number): void {
    const end = this.#ends[i] as number;
    if (end < 0) return;
    this.#wide.delete(i);
    // Its bytes stay in place (the next position starts after them): only the mark changes.
    this.#ends[i] = -1 - end;
  }

  /** Whether the id at `a` comes before the id at `b` as strings compare (by UTF-16 code units); both present. */
  before(a: number, b: number): boolean {
    if (this.#wide.size > 0 && (this.#wide.has(a) || this.#wide.has(b)))
      return (this.at(a) as string) < (this.at(b) as string);
    // Two ASCII ids: their bytes compare as their strings do.
    const bytes = this.#bytes;
    const startA = this.#startOf(a);
    const startB = this.#startOf(b);
    const lengthA = (this.#ends[a] as number) - startA;
    const lengthB = (this.#ends[b] as number) - startB;
    for (let k = 0, last = Math.min(lengthA, lengthB); k < last; k++) {
      const x = bytes[startA + k] as number;
      const y = bytes[startB + k] as number;
      if (x !== y) return x < y;
    }
    return lengthA < lengthB;
  }

  /** Whether the ids at `a` and `b` are the same; both present. */
  same(a: number, b: number): boolean {
    if (this.#wide.size > 0 && (this.#wide.has(a) || this.#wide.has(b))) return this.at(a) === this.at(b);
    const bytes = this.#bytes;
    const startA = this.#startOf(a);
    const startB = this.#startOf(b);
    const length = (this.#ends[a] as number) - startA;
    if ((this.#ends[b] as number) - startB !== length) return false;
    for (let k = 0; k < length; k++) if (bytes[startA + k] !== bytes[startB + k]) return false;
    return true;
  }

  /**
   * A hash of the id at `i` (present), seeded: FNV-1a over its UTF-16 code units, then mixed so that the high
   * and the low bits depend on every one. The same id gives the same hash, whether kept as bytes or not.
   */
  hash(i: number, seed: number): number {
    let h = 0x811c9dc5 ^ seed;
    const wide = this.#wide.size > 0 ? this.#wide.get(i) : undefined;
    if (wide !== undefined)
      for (let k = 0; k < wide.length; k++) h = Math.imul(h ^ wide.charCodeAt(k), 0x01000193);
    else {
      const bytes = this.#bytes;
      for (let k = this.#startOf(i), end = this.#ends[i] as number; k < end; k++)
        h = Math.imul(h ^ (bytes[k] as number), 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h;
  }

  /**
   * Whether any id appears more than once (missing ones are skipped). `maxProbes` bounds the probes of one id
   * before the check goes to a `Set` (a test sets it to 0 to check that path).
   *
   * @example
   * IdColumn.of(['a', undefined, 'b', undefined]).hasRepeats() // → false
   * IdColumn.of(['a', 'b', 'a']).hasRepeats() // → true
   */
  hasRepeats(maxProbes = 64): boolean {
    return hasRepeatedIds(this, maxProbes);
  }

  /** Where the bytes of position `i` start: where those of the position before end. */
  #startOf(i: number): number {
    if (i === 0) return 0;
    const end = this.#ends[i - 1] as number;
    return end < 0 ? -1 - end : end;
  }
}

// Whether a batch repeats an id (`hasRepeats`): asked of every batch, so it must cost little on a million ids.
//
// The ids are hashed in their order (a hash of their characters, seeded at random per call: IdColumn `hash`), then put in 64
// groups by the hash's top bits, and each group goes through a small open-addressing table of positions that
// stays in the CPU cache: one table of a million slots would be read out of order, a cache miss per id. A slot
// keeps its id's hash, so that passing a slot taken by another id reads no string. 1M ids: 0.04-0.07 s, against
// 0.13-0.19 s for one large table and 0.5 s for a `Set` (which internalizes and hashes each string and grows a
// table of objects). A probe that runs long hands the batch to a `Set`, so ids made to collide cost time,
// never a wrong answer; the answer itself never depends on the seed.

// The groups: the top 6 bits of the hash.
const GROUP_BITS = 6;
const GROUPS = 1 << GROUP_BITS;

/** Whether any id of `ids` appears more than once: see IdColumn `hasRepeats`. */
function hasRepeatedIds(ids: IdColumn, maxProbes: number): boolean {
  const n = ids.length;
  const seed = (Math.random() * 0x7fffffff) | 0;
  const hashOf = new Int32Array(n);
  const starts = new Int32Array(GROUPS + 1);
  for (let i = 0; i < n; i++) {
    if (!ids.has(i)) continue;
    const h = ids.hash(i, seed);
    hashOf[i] = h;
    const g = (h >>> (32 - GROUP_BITS)) + 1;
    starts[g] = (starts[g] as number) + 1;
  }
  for (let g = 0; g < GROUPS; g++) starts[g + 1] = (starts[g + 1] as number) + (starts[g] as number);
  // The ids of each group, in their order, with their hashes (read in that order below, not out of it).
  const byGroup = new Int32Array(starts[GROUPS] as number);
  const hashByGroup = new Int32Array(starts[GROUPS] as number);
  const next = starts.slice(0, GROUPS);
  for (let i = 0; i < n; i++) {
    if (!ids.has(i)) continue;
    const h = hashOf[i] as number;
    const g = h >>> (32 - GROUP_BITS);
    byGroup[next[g] as number] = i;
    hashByGroup[next[g] as number] = h;
    next[g] = (next[g] as number) + 1;
  }
  let largest = 0;
  for (let g = 0; g < GROUPS; g++)
    largest = Math.max(largest, (starts[g + 1] as number) - (starts[g] as number));
  let size = 16;
  while (size < largest * 2) size *= 2;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(size);
  for (let g = 0; g < GROUPS; g++) {
    const from = starts[g] as number;
    const to = starts[g + 1] as number;
    let groupSize = 16;
    while (groupSize < (to - from) * 2) groupSize *= 2;
    const mask = groupSize - 1;
    slots.fill(-1, 0, groupSize);
    for (let k = from; k < to; k++) {
      const i = byGroup[k] as number;
      const h = hashByGroup[k] as number;
      let p = h & mask;
      for (let probes = 0; ; probes++) {
        const j = slots[p] as number;
        if (j === -1) {
          slots[p] = i;
          hashes[p] = h;
          break;
        }
        if (hashes[p] === h && ids.same(j, i)) return true;
        if (probes >= maxProbes) return hasRepeatedIdsBySet(ids);
        p = (p + 1) & mask;
      }
    }
  }
  return false;
}

function hasRepeatedIdsBySet(ids: IdColumn): boolean {
  const seen = new Set<string>();
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids.at(i);
    if (id === undefined) continue;
    seen.add(id);
    count++;
  }
  return seen.size !== count;
}
