// The layout of the RFM slot tables (rfm-slots.ts fills them, rfm-feature-table.ts reads them once filled): a
// slot is one cache line (16 int32, 64 bytes): the id's hash, length + 1 (0 when empty), its first 16 bytes (the
// whole of most ids; a longer one is compared in the byte arena), where it starts in the arena, the customer's
// number, its first taken row, first and last purchase day, purchases, rows not rejected, its place among the
// known ids, and its sum of millionths as a float64 in the last 8 bytes. The customers are in 256 parts, a table
// each: a customer's part is the low byte of its hash, its first slot in the part comes from the high bits.
import { asciiText } from './ascii-text.js';
import type { ByteArena } from './byte-table.js';

export const WORDS = 16;
export const SHIFT = 4;
export const INLINE = 16;
// Word offsets in a slot.
export const HASH = 0;
export const LENGTH = 1;
export const KEY = 2; // 4 words
export const PLACE = 6;
export const NUMBER = 7;
export const FIRST_ROW = 8;
export const FIRST_DAY = 9;
export const LAST_DAY = 10;
export const PURCHASES = 11;
export const ACCEPTED = 12;
// The customer's place in the known ids (-1: not known; see rfm-slots.ts `seed`).
export const KNOWN = 13;
// The sum of millionths: float64 number 7 of the slot (its bytes 56 to 63).
export const SUM = 7;
export const MICRO = 1e6;
export const MIN_DAY = -1_000_000;
// Pairs (customer number, day or order) packed in one exact float, as the core does.
export const PAIR = 67_108_864;
export const PARTS = 256;
export const PART_MASK = PARTS - 1;

/**
 * Where the id `bytes[start, end)` (its hash and first four key words given) is in `table` of `capacity` slots
 * of `width` words (a part's table, or its lookup table, whose used slots sit at the same places; a long id is
 * compared in `arena`): the word offset of its slot, or `-1 - offset` of the empty slot where it would go.
 *
 * @example
 * const table = new Int32Array(16 * 16); // an empty table of 16 slots
 * probeSlot(table, 16, 16, 16 / 2 ** 32, new ByteArena(), Buffer.from('c1'), 0, 2, 7, 0, 0, 0, 0) // → -1
 */
export function probeSlot(
  table: Int32Array,
  width: number,
  capacity: number,
  scale: number,
  arena: ByteArena,
  bytes: Uint8Array,
  start: number,
  end: number,
  hash: number,
  w0: number,
  w1: number,
  w2: number,
  w3: number,
): number {
  for (let i = Math.floor((hash >>> 0) * scale); ; i = i + 1 === capacity ? 0 : i + 1) {
    const at = i * width;
    if (table[at + LENGTH] === 0) return -1 - at;
    if (sameKey(table, at, arena, bytes, start, end, hash, w0, w1, w2, w3)) return at;
  }
}

/**
 * The word offset of the slot of a short id (at most INLINE bytes, all in its key words `words[w, w + 4)`) of
 * hash `hash` and `length` bytes in a slot table (of WORDS words a slot), or -1 when it has none:
 * {@link probeSlot} for a short id, small enough to be inlined where millions of rows or ids are looked up.
 *
 * @example
 * const key = Buffer.from('c1');
 * const table = new Int32Array(16 * 4);
 * const hash = hashBytes(key, 0, 2);
 * const words = Int32Array.of(keyWord(key, 0, 2, 0), 0, 0, 0);
 * shortSlot(table, 4, 4 / 2 ** 32, hash, 2, words, 0) // → -1
 */
export function shortSlot(
  slots: Int32Array,
  capacity: number,
  scale: number,
  hash: number,
  length: number,
  words: Int32Array,
  w: number,
): number {
  for (let i = Math.floor((hash >>> 0) * scale); ; i = i + 1 === capacity ? 0 : i + 1) {
    const s = i << SHIFT;
    const stored = slots[s + LENGTH] as number;
    if (stored === 0) return -1;
    if (
      slots[s + HASH] === hash &&
      stored === length + 1 &&
      slots[s + KEY] === words[w] &&
      slots[s + KEY + 1] === words[w + 1] &&
      slots[s + KEY + 2] === words[w + 2] &&
      slots[s + KEY + 3] === words[w + 3]
    )
      return s;
  }
}

/**
 * Whether the id of the slot at `at` (a word offset) of `table` (a slot table, a lookup or PositionIds: the
 * first 7 words of the layout above) is `bytes[start, end)`, of hash `hash` and key words `w0` to `w3`.
 *
 * @example
 * const key = Buffer.from('c1');
 * const slot = new Int32Array(16);
 * slot[0] = hashBytes(key, 0, 2); slot[1] = 3; slot[2] = keyWord(key, 0, 2, 0);
 * sameKey(slot, 0, new ByteArena(), key, 0, 2, slot[0], slot[2], 0, 0, 0) // → true
 */
export function sameKey(
  table: Int32Array,
  at: number,
  arena: ByteArena,
  bytes: Uint8Array,
  start: number,
  end: number,
  hash: number,
  w0: number,
  w1: number,
  w2: number,
  w3: number,
): boolean {
  const length = end - start;
  return (
    table[at + HASH] === hash &&
    table[at + LENGTH] === length + 1 &&
    table[at + KEY] === w0 &&
    table[at + KEY + 1] === w1 &&
    table[at + KEY + 2] === w2 &&
    table[at + KEY + 3] === w3 &&
    (length <= INLINE || arena.same(bytes, start, end, table[at + PLACE] as number))
  );
}

/**
 * The id of the slot at `at` (a word offset) of `table` (as for {@link sameKey}), decoded from its UTF-8 bytes:
 * its key words back to bytes (in `scratch`, of at least 16 bytes), or its bytes in `arena` for a long one.
 *
 * @example
 * const key = Buffer.from('c1');
 * const slot = new Int32Array(16);
 * slot[1] = 3; slot[2] = keyWord(key, 0, 2, 0);
 * idText(slot, 0, new ByteArena(), Buffer.alloc(16), new TextDecoder()) // → 'c1'
 */
export function idText(
  table: Int32Array,
  at: number,
  arena: ByteArena,
  scratch: Buffer,
  decoder: { decode(bytes: Uint8Array): string },
): string {
  const length = (table[at + LENGTH] as number) - 1;
  if (length > INLINE) {
    const place = table[at + PLACE] as number;
    return decoder.decode(arena.bytes.subarray(place, place + length));
  }
  const high = keyBytes(table, at, length, scratch, 0);
  // ASCII (most ids) without the UTF-8 checks.
  return high < 0x80 ? asciiText(scratch, 0, length) : decoder.decode(scratch.subarray(0, length));
}

/**
 * Puts the first `length` bytes (at most 16) of the key words of the slot at `at` of `table` into `target`
 * from `start`: the key words back to bytes, little-endian as keyWord reads them, whatever the machine's
 * order. Returns the bytes or-ed together (below 0x80: all ASCII).
 *
 * @example
 * const slot = Int32Array.of(0, 3, keyWord(Buffer.from('c1'), 0, 2, 0));
 * const out = new Uint8Array(2);
 * keyBytes(slot, 0, 2, out, 0); // → 0x73
 * Buffer.from(out).toString() // → 'c1'
 */
export function keyBytes(
  table: Int32Array,
  at: number,
  length: number,
  target: Uint8Array,
  start: number,
): number {
  let high = 0;
  for (let k = 0; k < length; k++) {
    const b = ((table[at + KEY + (k >> 2)] as number) >>> ((k & 3) * 8)) & 0xff;
    target[start + k] = b;
    high |= b;
  }
  return high;
}

/**
 * The UTF-8 bytes of ids given as text, in a buffer of its own: ASCII by hand (most ids), any other text by
 * the encoder.
 *
 * @example
 * const ids = new IdBytes();
 * ids.encode('café') // → 5
 */
export class IdBytes {
  /** The bytes of the last id encoded. */
  bytes = new Uint8Array(64);
  private readonly encoder = new TextEncoder();

  /** Puts the UTF-8 bytes of `id` at the start of `bytes`; returns how many. */
  encode(id: string): number {
    if (this.bytes.length < id.length * 3) this.bytes = new Uint8Array(id.length * 3);
    return this.encodeAt(id, this.bytes, 0);
  }

  /** Puts the UTF-8 bytes of `id` in `target` from `at`, which has room for 3 bytes a character; returns how many. */
  encodeAt(id: string, target: Uint8Array, at: number): number {
    const length = id.length;
    for (let k = 0; k < length; k++) {
      const c = id.charCodeAt(k);
      if (c >= 0x80) return this.encoder.encodeInto(id, target.subarray(at)).written;
      target[at + k] = c;
    }
    return length;
  }
}
