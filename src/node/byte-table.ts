// Interning byte strings without making strings: an open-addressing hash table (linear probing) from the bytes
// of a field, read in place in a file's buffer, to an integer. A slot is 8 int32 (half a cache line): hash,
// length + 1 (0 when empty), value, where a long key starts in the byte arena, and the first 16 bytes of the key.
// Keys of up to 16 bytes (most ids) are compared in the slot itself, so finding one reads one slot; a million
// customer ids cost two large typed arrays instead of a million strings and Map entries.

const WORDS = 8;
const SHIFT = 3;
const INLINE = 16;

/**
 * MurmurHash3 (x86, 32 bits; Austin Appleby, public domain) of `bytes[start, end)`, seeded with the length:
 * four bytes per round, so an id of 8 bytes costs two rounds and the final mix, which spreads every byte over
 * the low bits that pick the slot.
 *
 * @example
 * hashBytes(new TextEncoder().encode('c0000001'), 0, 8) === hashBytes(Buffer.from('xc0000001'), 1, 9) // → true
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = end - start;
  let i = start;
  for (; i + 4 <= end; i += 4)
    h = mixWord(
      h,
      (bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24),
    );
  if (i < end) {
    let k = 0;
    for (let shift = 0; i < end; i++, shift += 8) k |= (bytes[i] as number) << shift;
    h = mixTail(h, k);
  }
  return finalMix(h);
}

// The three steps of MurmurHash3 x86_32, shared by hashBytes and hashOfKey (small: the compiler inlines them).
/** One round: a whole little-endian word `k` into `h`. */
function mixWord(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = Math.imul((x << 15) | (x >>> 17), 0x1b873593);
  const y = h ^ x;
  return (Math.imul((y << 13) | (y >>> 19), 5) + 0xe6546b64) | 0;
}

/** The last, partial word `k` (its missing high bytes 0) into `h`. */
function mixTail(h: number, k: number): number {
  const x = Math.imul(k, 0xcc9e2d51);
  return h ^ Math.imul((x << 15) | (x >>> 17), 0x1b873593);
}

/** The final avalanche. */
function finalMix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * {@link hashBytes} of `bytes[start, end)` whose key words `w0` to `w3` (see {@link keyWord}) are already read:
 * from them alone for an id of up to 16 bytes (see {@link hashOfKey}), else from the bytes.
 *
 * @example
 * const id = Buffer.from('c0000001');
 * hashOfId(id, 0, 8, keyWord(id, 0, 8, 0), keyWord(id, 0, 8, 1), 0, 0) === hashBytes(id, 0, 8) // → true
 */
export function hashOfId(
  bytes: Uint8Array,
  start: number,
  end: number,
  w0: number,
  w1: number,
  w2: number,
  w3: number,
): number {
  const length = end - start;
  return length <= 16 ? hashOfKey(length, w0, w1, w2, w3) : hashBytes(bytes, start, end);
}

/**
 * {@link hashBytes} of an id of at most 16 bytes from its length and its key words (see {@link keyWord}):
 * MurmurHash3 reads the same little-endian words, the last one partial, so the bytes need not be read again.
 *
 * @example
 * const id = Buffer.from('c0000001');
 * hashOfKey(8, keyWord(id, 0, 8, 0), keyWord(id, 0, 8, 1), 0, 0) === hashBytes(id, 0, 8) // → true
 */
export function hashOfKey(length: number, w0: number, w1: number, w2: number, w3: number): number {
  let h = length;
  const full = length >> 2;
  for (let j = 0; j < full; j++) h = mixWord(h, j === 0 ? w0 : j === 1 ? w1 : j === 2 ? w2 : w3);
  if ((length & 3) !== 0) h = mixTail(h, full === 0 ? w0 : full === 1 ? w1 : full === 2 ? w2 : w3);
  return finalMix(h);
}

/**
 * The `w`-th little-endian 32-bit word of `bytes[start, end)`, zero-padded: the words keys are compared by.
 *
 * @example
 * keyWord(Buffer.from('abcde'), 0, 5, 1) // → 0x65 (the 'e', then zeros)
 */
export function keyWord(bytes: Uint8Array, start: number, end: number, w: number): number {
  const at = start + w * 4;
  if (at + 4 <= end) return wholeWord(bytes, at);
  let v = 0;
  for (let k = 0; k < 4 && at + k < end; k++) v |= (bytes[at + k] as number) << (8 * k);
  return v;
}

/**
 * The little-endian word of `bytes[at, at + 4)`: a whole {@link keyWord} (small enough for the compiler to
 * inline it where each row's key is read).
 *
 * @example
 * wholeWord(Buffer.from('abcd'), 0) === keyWord(Buffer.from('abcd'), 0, 4, 0) // → true
 */
export function wholeWord(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)
  );
}

/**
 * The bytes of keys too long to be held in a table's slot, one after the other.
 *
 * @example
 * const arena = new ByteArena();
 * const at = arena.append(Buffer.from('a long customer id'), 2, 6); // → 0
 * arena.same(Buffer.from('long'), 0, 4, at) // → true
 */
export class ByteArena {
  /** The bytes; those from `used` on are free. */
  bytes = new Uint8Array(1024);
  /** How many bytes are taken. */
  used = 0;

  /** Copies `source[start, end)` in and returns where it starts. */
  append(source: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const more = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      more.set(this.bytes.subarray(0, this.used));
      this.bytes = more;
    }
    this.bytes.set(source.subarray(start, end), this.used);
    const place = this.used;
    this.used += length;
    return place;
  }

  /** Whether `source[start, end)` is the key that starts at `place`. */
  same(source: Uint8Array, start: number, end: number, place: number): boolean {
    const bytes = this.bytes;
    for (let k = start, a = place; k < end; k++, a++) if (bytes[a] !== source[k]) return false;
    return true;
  }
}

/**
 * A map from byte strings to non-negative integers. Keys are given as a range of a byte array (a field of a
 * CSV buffer, read in place) and copied into the table when set.
 *
 * @example
 * const table = new ByteTable();
 * const line = Buffer.from('c1,2026-01-01,12.50');
 * table.get(line, 0, 2) // → -1
 * table.set(line, 0, 2, 0);
 * table.get(Buffer.from('c1'), 0, 2) // → 0
 */
export class ByteTable {
  private slots: Int32Array;
  private mask: number;
  // The bytes of the keys longer than INLINE (all their bytes).
  private readonly arena = new ByteArena();
  private count = 0;

  /** A table sized for about `expected` keys before it first grows. */
  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * WORDS);
    this.mask = capacity - 1;
  }

  /** The number of keys. */
  get size(): number {
    return this.count;
  }

  /** The value of the key `bytes[start, end)`, or -1 when it is not in the table. */
  get(bytes: Uint8Array, start: number, end: number): number {
    return this.find(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** {@link ByteTable.get} with the key's hash already computed ({@link hashBytes}). */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const w0 = keyWord(bytes, start, end, 0);
    const w1 = keyWord(bytes, start, end, 1);
    const w2 = length > 8 ? keyWord(bytes, start, end, 2) : 0;
    const w3 = length > 12 ? keyWord(bytes, start, end, 3) : 0;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const at = i << SHIFT;
      const stored = slots[at + 1] as number;
      if (stored === 0) return -1;
      if (
        slots[at] === hash &&
        stored === length + 1 &&
        slots[at + 4] === w0 &&
        slots[at + 5] === w1 &&
        slots[at + 6] === w2 &&
        slots[at + 7] === w3 &&
        (length <= INLINE || this.arena.same(bytes, start + INLINE, end, (slots[at + 3] as number) + INLINE))
      )
        return slots[at + 2] as number;
      i = (i + 1) & mask;
    }
  }

  /**
   * Adds the key `bytes[start, end)`, which must not be in the table yet, with a value ≥ 0 (and its hash, when
   * the caller has it).
   */
  set(
    bytes: Uint8Array,
    start: number,
    end: number,
    value: number,
    hash = hashBytes(bytes, start, end),
  ): void {
    if (this.count * 2 >= this.mask) this.rehash();
    const length = end - start;
    const place = length > INLINE ? this.arena.append(bytes, start, end) : 0;
    const at = this.free(hash);
    const slots = this.slots;
    slots[at] = hash;
    slots[at + 1] = length + 1;
    slots[at + 2] = value;
    slots[at + 3] = place;
    for (let w = 0; w < 4; w++) slots[at + 4 + w] = keyWord(bytes, start, end, w);
    this.count++;
  }

  /** The first empty slot on the probe path of a hash. */
  private free(hash: number): number {
    let i = hash & this.mask;
    while (this.slots[(i << SHIFT) + 1] !== 0) i = (i + 1) & this.mask;
    return i << SHIFT;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at + 1] === 0) continue;
      const to = this.free(old[at] as number);
      this.slots.set(old.subarray(at, at + WORDS), to);
    }
  }
}
