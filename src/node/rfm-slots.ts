// The RFM aggregates of a transaction file, kept beside their customer's id in one open-addressing hash table
// (linear probing) keyed by the id's UTF-8 bytes, so that no text is made per customer while the file is read.
// A slot is 8 int32: hash, length + 1 (0 when empty), the first 4 bytes of the id, the next 4 (or, for an id
// longer than 8 bytes, where it starts in the byte arena), the customer's number, its first taken row, its first
// and last purchase day; its count and sum of millionths sit at the same position of a Float64Array. Adding a
// row touches one slot and its sums: a million customers do not fit in the CPU cache, and rows come in random
// customer order.
//
// The rules are those of the core's accumulator (`take` in scorers/rfm/aggregate.ts): purchases after asOf,
// returns, missing order ids, distinct days or orders; `finish` gives its feature table, customers in the order
// of their first taken row.
import type { AggregateOptions, RfmFeatureTable } from 'scorekit';
import { hashBytes } from './byte-table.js';

const WORDS = 8;
const SHIFT = 3;
const INLINE = 8;
const MICRO = 1e6;
const MIN_DAY = -1_000_000;
// Pairs (customer number, day or order) packed in one exact float, as the core does.
const PAIR = 67_108_864;

/** What {@link RfmSlots.take} did with a row. */
export const TAKEN = 0;
/** The row is after asOf (with `future: 'reject'`). */
export const FUTURE = 1;
/** The row of frequency `orders` has no order id. */
export const NO_ORDER = 2;

/**
 * The `w`-th little-endian 32-bit word of `bytes[start, end)`, zero-padded: the words an id is compared by.
 *
 * @example
 * keyWord(Buffer.from('abcde'), 0, 5, 1) // → 0x65 (the 'e', then zeros)
 */
export function keyWord(bytes: Uint8Array, start: number, end: number, w: number): number {
  const at = start + w * 4;
  if (at + 4 <= end)
    return (
      (bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)
    );
  let v = 0;
  for (let k = 0; k < 4 && at + k < end; k++) v |= (bytes[at + k] as number) << (8 * k);
  return v;
}

/** A UTF-8 decoder (a `TextDecoder`). */
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

/** What {@link RfmSlots.finish} gives: the feature table, and the customers not in `known`. */
export interface SlotsResult {
  readonly table: RfmFeatureTable;
  /** With `known`: the rows not rejected whose customer is not in it, and those customers. */
  readonly unknown: { readonly rows: number; readonly ids: Set<string> };
}

/**
 * Per-customer RFM aggregates keyed by the UTF-8 bytes of the customer id.
 *
 * @example
 * const slots = new RfmSlots(20_454, { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' }, false);
 * const id = Buffer.from('c1');
 * slots.take(slots.slotOf(id, 0, 2, hashBytes(id, 0, 2)), 0, 20_450, 12_500_000, false, -1); // → TAKEN
 * slots.finish().table.recency // → Int32Array.of(4)
 */
export class RfmSlots {
  private slots: Int32Array;
  private sums: Float64Array;
  // Rows not rejected per slot, kept only to count the rows of customers not in `known`.
  private accepted: Int32Array;
  private mask: number;
  private arena = new Uint8Array(1024);
  private used = 0;
  private count = 0;
  private pairs = new Float64Array(0);
  private pairCount = 0;
  private readonly distinct: boolean;
  private readonly byOrder: boolean;
  /** Rows left out because they were after asOf, with `future: 'ignore'`. */
  ignoredFuture = 0;
  /** Rows left out because they were returns, with `returns: 'ignore'`. */
  ignoredReturns = 0;

  /**
   * @param asOfDay - the day number of asOf
   * @param options - how rows are counted, as the core's accumulator takes them
   * @param trackAccepted - count the rows not rejected per customer, for `known` at the end
   * @param expected - about how many customers there will be
   */
  constructor(
    private readonly asOfDay: number,
    private readonly options: AggregateOptions,
    private readonly trackAccepted: boolean,
    expected = 1 << 15,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * WORDS);
    this.sums = new Float64Array(capacity * 2);
    this.accepted = new Int32Array(trackAccepted ? capacity : 0);
    this.mask = capacity - 1;
    this.distinct = options.frequency !== 'transactions';
    this.byOrder = options.frequency === 'orders';
    if (this.distinct) this.pairs = new Float64Array(1024);
  }

  /** How many slots the table has (a power of two): hashes are sorted by `hash & (capacity - 1)`. */
  get capacity(): number {
    return this.mask + 1;
  }

  /**
   * The slot of the id `bytes[start, end)` (its UTF-8 bytes, with `hash` from `hashBytes`), added when new.
   * A slot's number stays valid until the next call (the table may grow). `w0` and `w1` are the id's first
   * two {@link keyWord}s, for a caller that read them already (`w1` is not read for an id of more than 8 bytes).
   */
  slotOf(
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0 = keyWord(bytes, start, end, 0),
    w1 = keyWord(bytes, start, end, 1),
  ): number {
    const length = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const at = i << SHIFT;
      const stored = slots[at + 1] as number;
      if (stored === 0) return this.add(bytes, start, end, hash, w0, w1, at);
      if (
        slots[at] === hash &&
        stored === length + 1 &&
        slots[at + 2] === w0 &&
        (length <= INLINE ? slots[at + 3] === w1 : this.sameBytes(bytes, start, end, slots[at + 3] as number))
      )
        return i;
      i = (i + 1) & mask;
    }
  }

  private add(
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    at: number,
  ): number {
    if ((this.count + 1) * 2 > this.mask + 1) {
      this.grow();
      return this.slotOf(bytes, start, end, hash, w0, w1);
    }
    const length = end - start;
    let second = w1;
    if (length > INLINE) {
      if (this.used + length > this.arena.length) {
        const more = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
        more.set(this.arena.subarray(0, this.used));
        this.arena = more;
      }
      this.arena.set(bytes.subarray(start, end), this.used);
      second = this.used;
      this.used += length;
    }
    const slots = this.slots;
    slots[at] = hash;
    slots[at + 1] = length + 1;
    slots[at + 2] = w0;
    slots[at + 3] = second;
    slots[at + 4] = this.count++;
    slots[at + 5] = -1;
    slots[at + 6] = 2_147_483_647;
    slots[at + 7] = MIN_DAY;
    return at >> SHIFT;
  }

  private sameBytes(bytes: Uint8Array, start: number, end: number, place: number): boolean {
    const arena = this.arena;
    for (let k = start, a = place; k < end; k++, a++) if (arena[a] !== bytes[k]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const oldSums = this.sums;
    const oldAccepted = this.accepted;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * WORDS);
    this.sums = new Float64Array(capacity * 2);
    this.accepted = new Int32Array(this.trackAccepted ? capacity : 0);
    this.mask = capacity - 1;
    const slots = this.slots;
    for (let from = 0; from < old.length; from += WORDS) {
      if (old[from + 1] === 0) continue;
      let i = (old[from] as number) & this.mask;
      while (slots[(i << SHIFT) + 1] !== 0) i = (i + 1) & this.mask;
      slots.set(old.subarray(from, from + WORDS), i << SHIFT);
      const f = from >> SHIFT;
      this.sums[i * 2] = oldSums[f * 2] as number;
      this.sums[i * 2 + 1] = oldSums[f * 2 + 1] as number;
      if (this.trackAccepted) this.accepted[i] = oldAccepted[f] as number;
    }
  }

  /**
   * Adds row number `row` (rows of one customer come in file order) to the customer of `slot`: its day, amount
   * in millionths, whether it is a return, and its order number (-1 for none). Returns TAKEN (also for a row left
   * out by option), FUTURE or NO_ORDER, as the core's accumulator rejects them.
   */
  take(slot: number, row: number, day: number, micro: number, isReturn: boolean, order: number): number {
    const options = this.options;
    if (day > this.asOfDay) {
      if (options.future === 'reject') return FUTURE;
      this.ignoredFuture++;
      this.accept(slot);
      return TAKEN;
    }
    if (isReturn && options.returns === 'ignore') {
      this.ignoredReturns++;
      this.accept(slot);
      return TAKEN;
    }
    if (this.byOrder && !isReturn && order < 0) return NO_ORDER;
    this.accept(slot);
    const slots = this.slots;
    const at = slot << SHIFT;
    if ((slots[at + 5] as number) < 0) slots[at + 5] = row;
    const sums = this.sums;
    sums[slot * 2 + 1] = (sums[slot * 2 + 1] as number) + micro;
    if (isReturn) return TAKEN;
    sums[slot * 2] = (sums[slot * 2] as number) + 1;
    if (day < (slots[at + 6] as number)) slots[at + 6] = day;
    if (day > (slots[at + 7] as number)) slots[at + 7] = day;
    if (this.distinct) {
      if (this.pairCount === this.pairs.length) {
        const more = new Float64Array(this.pairs.length * 2);
        more.set(this.pairs);
        this.pairs = more;
      }
      this.pairs[this.pairCount++] =
        (slots[at + 4] as number) * PAIR + (this.byOrder ? order : day - MIN_DAY);
    }
    return TAKEN;
  }

  private accept(slot: number): void {
    if (this.trackAccepted) this.accepted[slot] = (this.accepted[slot] as number) + 1;
  }

  /** The id of a slot, decoded from its UTF-8 bytes. */
  private idOf(slot: number, decoder: Utf8Decoder): string {
    const at = slot << SHIFT;
    const length = (this.slots[at + 1] as number) - 1;
    if (length > INLINE) {
      const place = this.slots[at + 3] as number;
      return decoder.decode(this.arena.subarray(place, place + length));
    }
    const w0 = this.slots[at + 2] as number;
    const w1 = this.slots[at + 3] as number;
    const words = this.words;
    words[0] = w0;
    words[1] = w1;
    // ASCII (most ids) as Latin-1, which is the same for these bytes and has no UTF-8 checks to make.
    if (((w0 | w1) & 0x80808080) === 0) return this.wordBytes.toString('latin1', 0, length);
    return decoder.decode(this.wordBytes.subarray(0, length));
  }

  private readonly wordBytes = Buffer.alloc(8);
  private readonly words = new Int32Array(this.wordBytes.buffer, this.wordBytes.byteOffset, 2);
  private keyBuffer = new Uint8Array(64);
  private readonly encoder = new TextEncoder();

  /** The slot of an id given as text, or -1 when it is not in the table. */
  private find(id: string): number {
    // The UTF-8 bytes of the id: ASCII by hand (most ids, and shorter), any other text by the encoder.
    let length = id.length;
    if (this.keyBuffer.length < length * 3) this.keyBuffer = new Uint8Array(length * 3);
    const key = this.keyBuffer;
    for (let k = 0; k < length; k++) {
      const c = id.charCodeAt(k);
      if (c >= 0x80) {
        length = this.encoder.encodeInto(id, key).written;
        break;
      }
      key[k] = c;
    }
    const hash = hashBytes(key, 0, length);
    const w0 = keyWord(key, 0, length, 0);
    const w1 = length > INLINE ? -1 : keyWord(key, 0, length, 1);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = i << SHIFT;
      const stored = slots[at + 1] as number;
      if (stored === 0) return -1;
      if (
        slots[at] === hash &&
        stored === length + 1 &&
        slots[at + 2] === w0 &&
        (length <= INLINE ? slots[at + 3] === w1 : this.sameBytes(key, 0, length, slots[at + 3] as number))
      )
        return i;
    }
  }

  /**
   * The features of every customer with a taken row, in the order of their first one, as the core's
   * accumulator gives them; with `known`, the customers not in it that have rows not rejected. The table is
   * kept for `positionOf` (its sums and counts are let go); `ids` are decoded when first read.
   */
  finish(known?: ReadonlySet<string>): SlotsResult {
    const slots = this.slots;
    const capacity = this.mask + 1;
    // Taken slots sorted by their first row: (first row · capacity + slot) is exact below 2^53.
    // (An empty slot's first row is 0 too, so it is told apart by its length.)
    const taken = (i: number) => slots[(i << SHIFT) + 1] !== 0 && (slots[(i << SHIFT) + 5] as number) >= 0;
    let n = 0;
    for (let i = 0; i < capacity; i++) if (taken(i)) n++;
    const keys = new Float64Array(n);
    n = 0;
    for (let i = 0; i < capacity; i++)
      if (taken(i)) keys[n++] = (slots[(i << SHIFT) + 5] as number) * capacity + i;
    keys.sort();
    // Purchases per customer number: rows, or distinct (customer, key) pairs.
    let counts: Float64Array | undefined;
    if (this.distinct) {
      counts = new Float64Array(this.count);
      const sorted = this.pairs.subarray(0, this.pairCount).sort();
      for (let i = 0; i < sorted.length; i++) {
        if (i > 0 && sorted[i] === sorted[i - 1]) continue;
        const c = Math.floor((sorted[i] as number) / PAIR);
        counts[c] = (counts[c] as number) + 1;
      }
    }
    const order = new Int32Array(n);
    const hasPurchase = new Uint8Array(n);
    const recency = new Int32Array(n);
    const frequency = new Float64Array(n);
    const monetary = new Float64Array(n);
    const firstDay = new Int32Array(n);
    const lastDay = new Int32Array(n);
    const mean = this.options.monetary === 'mean';
    const sums = this.sums;
    for (let p = 0; p < n; p++) {
      const slot = (keys[p] as number) % capacity;
      const at = slot << SHIFT;
      order[p] = slot;
      const purchases = sums[slot * 2] as number;
      const f = counts === undefined ? purchases : (counts[slots[at + 4] as number] as number);
      frequency[p] = f;
      firstDay[p] = slots[at + 6] as number;
      lastDay[p] = slots[at + 7] as number;
      hasPurchase[p] = purchases > 0 ? 1 : 0;
      recency[p] = purchases > 0 ? this.asOfDay - (slots[at + 7] as number) : -1;
      const total = sums[slot * 2 + 1] as number;
      monetary[p] = (mean ? (f > 0 ? Math.round(total / f) : 0) : total) / MICRO;
    }
    const unknown = this.unknown(known);
    // From here on a slot's fifth word is the position of its customer (-1 for none), for `positionOf`.
    for (let i = 0; i < capacity; i++) slots[(i << SHIFT) + 4] = -1;
    for (let p = 0; p < n; p++) slots[((order[p] as number) << SHIFT) + 4] = p;
    this.sums = new Float64Array(0);
    this.accepted = new Int32Array(0);
    this.pairs = new Float64Array(0);
    let ids: string[] | undefined;
    const idOf = (slot: number, decoder: Utf8Decoder) => this.idOf(slot, decoder);
    const table: RfmFeatureTable = {
      get ids(): string[] {
        if (ids === undefined) {
          const decoder = new TextDecoder();
          ids = Array.from(order, (slot) => idOf(slot, decoder));
        }
        return ids;
      },
      positionOf: (id) => {
        const slot = this.find(id);
        const p = slot === -1 ? -1 : (slots[(slot << SHIFT) + 4] as number);
        return p === -1 ? undefined : p;
      },
      hasPurchase,
      recency,
      frequency,
      monetary,
      firstDay,
      lastDay,
      ignoredFuture: this.ignoredFuture,
      ignoredReturns: this.ignoredReturns,
    };
    return { table, unknown };
  }

  /**
   * The rows not rejected of the customers not in `known`, and those customers: the known ids are looked up in
   * the table (no text is made for the others), then the customers left are decoded.
   */
  private unknown(known: ReadonlySet<string> | undefined): SlotsResult['unknown'] {
    const unknown = { rows: 0, ids: new Set<string>() };
    if (known === undefined || !this.trackAccepted) return unknown;
    const seen = new Uint8Array(this.mask + 1);
    for (const id of known) {
      const slot = this.find(id);
      if (slot !== -1) seen[slot] = 1;
    }
    const decoder = new TextDecoder();
    for (let i = 0; i <= this.mask; i++) {
      const rows = this.accepted[i] as number;
      if (rows === 0 || seen[i] === 1) continue;
      unknown.rows += rows;
      unknown.ids.add(this.idOf(i, decoder));
    }
    return unknown;
  }
}
