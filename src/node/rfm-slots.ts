// The RFM aggregates of a transaction file, kept beside their customer's id in one open-addressing hash table
// (linear probing) keyed by the id's UTF-8 bytes, so that no text is made per customer while the file is read.
// A slot is one cache line (16 int32, 64 bytes): the id's hash, length + 1 (0 when empty), its first 16 bytes
// (the whole of most ids; a longer one is compared in the byte arena), where it starts in the arena, the
// customer's number, its first taken row, first and last purchase day, purchases, rows not rejected, and its sum
// of millionths as a float64 in the last 8 bytes. Adding a row touches that one line: a million customers do
// not fit in the CPU cache, and rows come in random customer order.
//
// The rules are those of the core's accumulator (`take` in scorers/rfm/aggregate.ts): purchases after asOf,
// returns, missing order ids, distinct days or orders; `finish` gives its feature table, customers in the order
// of their first taken row, or the known customers first, in the order they are given (a customers file).
import type { AggregateOptions, RfmFeatureTable } from 'scorekit';
import { ByteArena, hashBytes, keyWord } from './byte-table.js';

const WORDS = 16;
const SHIFT = 4;
const INLINE = 16;
// Word offsets in a slot.
const HASH = 0;
const LENGTH = 1;
const KEY = 2; // 4 words
const PLACE = 6;
const NUMBER = 7;
const FIRST_ROW = 8;
const FIRST_DAY = 9;
const LAST_DAY = 10;
const PURCHASES = 11;
const ACCEPTED = 12;
// The lookup table kept for `positionOf`: the first 7 words of a slot, then the customer's position.
const LOOKUP = 8;
const POSITION = 7;
// The sum of millionths: float64 number 7 of the slot (its bytes 56 to 63).
const SUM = 7;
// The table grows past this share of slots used.
const LOAD = 0.7;
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

/** A UTF-8 decoder (a `TextDecoder`). */
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

/** The aggregates of an {@link RfmSlots}, as plain arrays that can be sent to another thread. */
export interface SlotsState {
  readonly slots: Int32Array;
  readonly capacity: number;
  readonly arena: Uint8Array;
  readonly pairs: Float64Array;
  readonly ignoredFuture: number;
  readonly ignoredReturns: number;
}

/** The known ids given as a list, and the position of each in the feature table (-1: none). */
interface InOrder {
  readonly ids: readonly string[];
  readonly positions: Int32Array;
}

/** A position of the lookup table as `positionOf` gives it. */
function positionAt(p: number | undefined): number | undefined {
  return p === undefined || p < 0 ? undefined : p;
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
 * const slots = new RfmSlots(20_454, { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' });
 * const id = Buffer.from('c1');
 * slots.take(slots.slotOf(id, 0, 2, hashBytes(id, 0, 2)), 0, 20_450, 12_500_000, false, -1); // → TAKEN
 * slots.finish().table.recency // → Int32Array.of(4)
 */
export class RfmSlots {
  private slots: Int32Array;
  // The same bytes as float64, for the sums.
  private sums: Float64Array;
  private capacity: number;
  // A hash's first slot is floor(hash · scale), scale = capacity / 2^32.
  private scale: number;
  private readonly arena = new ByteArena();
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
   * @param expected - about how many customers there will be
   */
  constructor(
    private readonly asOfDay: number,
    private readonly options: AggregateOptions,
    expected = 1 << 15,
  ) {
    this.capacity = Math.max(16, Math.ceil(expected / LOAD) + 1);
    this.scale = this.capacity / 2 ** 32;
    this.slots = new Int32Array(this.capacity * WORDS);
    this.sums = new Float64Array(this.slots.buffer);
    this.distinct = options.frequency !== 'transactions';
    this.byOrder = options.frequency === 'orders';
    if (this.distinct) this.pairs = new Float64Array(1024);
  }

  /**
   * The slot of the id `bytes[start, end)` (its UTF-8 bytes, with `hash` from `hashBytes`), added when new.
   * A slot's number stays valid until the next call (the table may grow). `w0` to `w3` are the id's first four
   * {@link keyWord}s, for a caller that read them already.
   */
  slotOf(
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0 = keyWord(bytes, start, end, 0),
    w1 = keyWord(bytes, start, end, 1),
    w2 = keyWord(bytes, start, end, 2),
    w3 = keyWord(bytes, start, end, 3),
  ): number {
    const at = this.probe(this.slots, WORDS, bytes, start, end, hash, w0, w1, w2, w3);
    return at >= 0 ? at >> SHIFT : this.add(bytes, start, end, hash, w0, w1, w2, w3, -1 - at);
  }

  /**
   * Where the id `bytes[start, end)` (its hash and first four key words given) is in `table`, of `width` words
   * a slot (the slots, or the lookup table, whose used slots sit at the same places): the word offset of its
   * slot, or `-1 - offset` of the empty slot where it would go.
   */
  private probe(
    table: Int32Array,
    width: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): number {
    const length = end - start;
    const capacity = this.capacity;
    for (let i = Math.floor((hash >>> 0) * this.scale); ; i = i + 1 === capacity ? 0 : i + 1) {
      const at = i * width;
      const stored = table[at + LENGTH] as number;
      if (stored === 0) return -1 - at;
      if (
        table[at + HASH] === hash &&
        stored === length + 1 &&
        table[at + KEY] === w0 &&
        table[at + KEY + 1] === w1 &&
        table[at + KEY + 2] === w2 &&
        table[at + KEY + 3] === w3 &&
        (length <= INLINE || this.arena.same(bytes, start, end, table[at + PLACE] as number))
      )
        return at;
    }
  }

  private add(
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    at: number,
  ): number {
    if (this.count + 1 > this.capacity * LOAD) {
      this.grow();
      return this.slotOf(bytes, start, end, hash, w0, w1, w2, w3);
    }
    const length = end - start;
    const slots = this.slots;
    if (length > INLINE) slots[at + PLACE] = this.arena.append(bytes, start, end);
    slots[at + HASH] = hash;
    slots[at + LENGTH] = length + 1;
    slots[at + KEY] = w0;
    slots[at + KEY + 1] = w1;
    slots[at + KEY + 2] = w2;
    slots[at + KEY + 3] = w3;
    slots[at + NUMBER] = this.count++;
    slots[at + FIRST_ROW] = -1;
    slots[at + FIRST_DAY] = 2_147_483_647;
    slots[at + LAST_DAY] = MIN_DAY;
    return at >> SHIFT;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.scale = this.capacity / 2 ** 32;
    this.slots = new Int32Array(this.capacity * WORDS);
    this.sums = new Float64Array(this.slots.buffer);
    const slots = this.slots;
    for (let from = 0; from < old.length; from += WORDS) {
      if (old[from + LENGTH] === 0) continue;
      let i = Math.floor(((old[from + HASH] as number) >>> 0) * this.scale);
      while (slots[(i << SHIFT) + LENGTH] !== 0) i = i + 1 === this.capacity ? 0 : i + 1;
      slots.set(old.subarray(from, from + WORDS), i << SHIFT);
    }
  }

  /**
   * Adds row number `row` (rows of one customer come in file order) to the customer of `slot`: its day, amount
   * in millionths, whether it is a return, and its order number (-1 for none). Returns TAKEN (also for a row left
   * out by option), FUTURE or NO_ORDER, as the core's accumulator rejects them.
   */
  take(slot: number, row: number, day: number, micro: number, isReturn: boolean, order: number): number {
    const options = this.options;
    const slots = this.slots;
    const at = slot << SHIFT;
    if (day > this.asOfDay) {
      if (options.future === 'reject') return FUTURE;
      this.ignoredFuture++;
      slots[at + ACCEPTED] = (slots[at + ACCEPTED] as number) + 1;
      return TAKEN;
    }
    if (isReturn && options.returns === 'ignore') {
      this.ignoredReturns++;
      slots[at + ACCEPTED] = (slots[at + ACCEPTED] as number) + 1;
      return TAKEN;
    }
    if (this.byOrder && !isReturn && order < 0) return NO_ORDER;
    slots[at + ACCEPTED] = (slots[at + ACCEPTED] as number) + 1;
    if ((slots[at + FIRST_ROW] as number) < 0) slots[at + FIRST_ROW] = row;
    const sums = this.sums;
    sums[slot * 8 + SUM] = (sums[slot * 8 + SUM] as number) + micro;
    if (isReturn) return TAKEN;
    slots[at + PURCHASES] = (slots[at + PURCHASES] as number) + 1;
    if (day < (slots[at + FIRST_DAY] as number)) slots[at + FIRST_DAY] = day;
    if (day > (slots[at + LAST_DAY] as number)) slots[at + LAST_DAY] = day;
    if (this.distinct)
      this.pushPair((slots[at + NUMBER] as number) * PAIR + (this.byOrder ? order : day - MIN_DAY));
    return TAKEN;
  }

  /** The aggregates so far, as plain arrays (the table is let go: call it once, at the end). */
  export(): SlotsState {
    const state = {
      slots: this.slots,
      capacity: this.capacity,
      arena: this.arena.bytes.slice(0, this.arena.used),
      pairs: this.pairs.slice(0, this.pairCount),
      ignoredFuture: this.ignoredFuture,
      ignoredReturns: this.ignoredReturns,
    };
    this.slots = new Int32Array(0);
    this.sums = new Float64Array(0);
    return state;
  }

  /**
   * Adds the aggregates of another table, read from rows that come after all of this one's, numbered from
   * `rowOffset` on: sums and counts add up, first and last days are the earliest and latest, a customer's first
   * taken row is this table's when it has one, and distinct days or orders are counted once over both.
   */
  absorb(other: SlotsState, rowOffset: number): void {
    const from = other.slots;
    const fromSums = new Float64Array(from.buffer, from.byteOffset, from.length / 2);
    // Customer numbers of the other table → this one's, for its pairs.
    const numbers = new Int32Array(other.capacity);
    for (let at = 0; at < from.length; at += WORDS) {
      const length = (from[at + LENGTH] as number) - 1;
      if (length < 0) continue;
      const place = length > INLINE ? (from[at + PLACE] as number) : 0;
      const slot = this.slotOf(
        other.arena,
        place,
        place + length,
        from[at + HASH] as number,
        from[at + KEY] as number,
        from[at + KEY + 1] as number,
        from[at + KEY + 2] as number,
        from[at + KEY + 3] as number,
      );
      const to = slot << SHIFT;
      const slots = this.slots;
      numbers[from[at + NUMBER] as number] = slots[to + NUMBER] as number;
      const firstRow = from[at + FIRST_ROW] as number;
      if ((slots[to + FIRST_ROW] as number) < 0 && firstRow >= 0)
        slots[to + FIRST_ROW] = firstRow + rowOffset;
      slots[to + FIRST_DAY] = Math.min(slots[to + FIRST_DAY] as number, from[at + FIRST_DAY] as number);
      slots[to + LAST_DAY] = Math.max(slots[to + LAST_DAY] as number, from[at + LAST_DAY] as number);
      slots[to + PURCHASES] = (slots[to + PURCHASES] as number) + (from[at + PURCHASES] as number);
      slots[to + ACCEPTED] = (slots[to + ACCEPTED] as number) + (from[at + ACCEPTED] as number);
      const sums = this.sums;
      sums[slot * 8 + SUM] = (sums[slot * 8 + SUM] as number) + (fromSums[(at >> SHIFT) * 8 + SUM] as number);
    }
    for (const pair of other.pairs) {
      const number = Math.floor(pair / PAIR);
      this.pushPair((numbers[number] as number) * PAIR + (pair - number * PAIR));
    }
    this.ignoredFuture += other.ignoredFuture;
    this.ignoredReturns += other.ignoredReturns;
  }

  private pushPair(pair: number): void {
    if (this.pairCount === this.pairs.length) {
      const more = new Float64Array(Math.max(1024, this.pairs.length * 2));
      more.set(this.pairs);
      this.pairs = more;
    }
    this.pairs[this.pairCount++] = pair;
  }

  /** The id in slot `at` (a word offset) of `table`, decoded from its UTF-8 bytes. */
  private idAt(table: Int32Array, at: number, decoder: Utf8Decoder): string {
    const length = (table[at + LENGTH] as number) - 1;
    if (length > INLINE) {
      const place = table[at + PLACE] as number;
      return decoder.decode(this.arena.bytes.subarray(place, place + length));
    }
    // The key words back to bytes (little-endian, as keyWord reads them, whatever the machine's order).
    const bytes = this.wordBytes;
    let high = 0;
    for (let k = 0; k < length; k++) {
      const b = ((table[at + KEY + (k >> 2)] as number) >>> ((k & 3) * 8)) & 0xff;
      bytes[k] = b;
      high |= b;
    }
    // ASCII (most ids) as Latin-1, which is the same for these bytes and has no UTF-8 checks to make.
    if (high < 0x80) return bytes.toString('latin1', 0, length);
    return decoder.decode(bytes.subarray(0, length));
  }

  private readonly wordBytes = Buffer.alloc(INLINE);
  private keyBuffer = new Uint8Array(64);
  private readonly encoder = new TextEncoder();

  /**
   * Where the id given as text is in `table` (the slots, or the lookup table, of `width` words a slot), as a
   * word offset, or -1 when it is not there.
   */
  private find(table: Int32Array, width: number, id: string): number {
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
    const at = this.probe(
      table,
      width,
      key,
      0,
      length,
      hashBytes(key, 0, length),
      keyWord(key, 0, length, 0),
      keyWord(key, 0, length, 1),
      keyWord(key, 0, length, 2),
      keyWord(key, 0, length, 3),
    );
    return at >= 0 ? at : -1;
  }

  /**
   * Each taken slot's position in the feature table (`rank`, -1 for a slot without a taken row): the known
   * customers first, in the order of `known` (the core then reads the features of a customers file in order),
   * then the others by their first row; the slots of known customers (`seen`); for a list, the position of each
   * of its ids (`inOrder`), which `positionOf` is then likely to be asked in that order.
   */
  private positions(known: Iterable<string> | undefined): {
    rank: Int32Array;
    seen: Uint8Array | undefined;
    inOrder: InOrder | undefined;
    n: number;
  } {
    const slots = this.slots;
    const capacity = this.capacity;
    const rank = new Int32Array(capacity).fill(-1);
    const seen = known === undefined ? undefined : new Uint8Array(capacity);
    const inOrder: InOrder | undefined = Array.isArray(known)
      ? { ids: known as readonly string[], positions: new Int32Array(known.length) }
      : undefined;
    let n = 0;
    let k = 0;
    if (known !== undefined)
      for (const id of known) {
        const at = this.find(slots, WORDS, id);
        const slot = at >> SHIFT;
        if (at !== -1) {
          (seen as Uint8Array)[slot] = 1;
          if ((rank[slot] as number) < 0 && (slots[at + FIRST_ROW] as number) >= 0) rank[slot] = n++;
        }
        if (inOrder !== undefined) inOrder.positions[k++] = at === -1 ? -1 : (rank[slot] as number);
      }
    // The others by their first row: (first row · capacity + slot) is exact below 2^53.
    const other = (at: number): boolean =>
      slots[at + LENGTH] !== 0 && (slots[at + FIRST_ROW] as number) >= 0 && (rank[at >> SHIFT] as number) < 0;
    let others = 0;
    for (let at = 0; at < slots.length; at += WORDS) if (other(at)) others++;
    const keys = new Float64Array(others);
    others = 0;
    for (let at = 0; at < slots.length; at += WORDS)
      if (other(at)) keys[others++] = (slots[at + FIRST_ROW] as number) * capacity + (at >> SHIFT);
    keys.sort();
    for (const key of keys) rank[key - Math.floor(key / capacity) * capacity] = n++;
    return { rank, seen, inOrder, n };
  }

  /**
   * The features of every customer with a taken row, as the core's accumulator gives them: with `known`, the
   * known customers first, in its order, then the others in the order of their first taken row (without
   * `known`, all in that order); and the customers not in `known` that have rows not rejected. Then the table
   * is let go, but for a lookup table of half its size for `positionOf`; `ids` are decoded when first read.
   */
  finish(known?: Iterable<string>): SlotsResult {
    const slots = this.slots;
    const capacity = this.capacity;
    const { rank, seen, inOrder, n } = this.positions(known);
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
    const hasPurchase = new Uint8Array(n);
    const recency = new Int32Array(n);
    const frequency = new Float64Array(n);
    const monetary = new Float64Array(n);
    const firstDay = new Int32Array(n);
    const lastDay = new Int32Array(n);
    const mean = this.options.monetary === 'mean';
    const sums = this.sums;
    // One pass over the table in its order: the features go to their positions, and every used slot to the
    // same place of the lookup table (its hash, length, key words, arena place and position, -1 for a customer
    // without a taken row), so probing it finds what probing the table found. The customers not known are
    // gathered on the way.
    const lookup = new Int32Array(capacity * LOOKUP);
    const unknown = { rows: 0, ids: new Set<string>() };
    const decoder = new TextDecoder();
    for (let slot = 0; slot < capacity; slot++) {
      const at = slot << SHIFT;
      if (slots[at + LENGTH] === 0) continue;
      const accepted = slots[at + ACCEPTED] as number;
      if (seen !== undefined && seen[slot] !== 1 && accepted > 0) {
        unknown.rows += accepted;
        unknown.ids.add(this.idAt(slots, at, decoder));
      }
      const to = slot * LOOKUP;
      for (let w = 0; w < POSITION; w++) lookup[to + w] = slots[at + w] as number;
      const p = rank[slot] as number;
      lookup[to + POSITION] = p;
      if (p < 0) continue;
      // The features as the core's accumulator makes them from its cells (scorers/rfm/aggregate.ts, finish).
      const purchases = slots[at + PURCHASES] as number;
      const f = counts === undefined ? purchases : (counts[slots[at + NUMBER] as number] as number);
      frequency[p] = f;
      firstDay[p] = slots[at + FIRST_DAY] as number;
      lastDay[p] = slots[at + LAST_DAY] as number;
      hasPurchase[p] = purchases > 0 ? 1 : 0;
      recency[p] = purchases > 0 ? this.asOfDay - (slots[at + LAST_DAY] as number) : -1;
      const total = sums[slot * 8 + SUM] as number;
      monetary[p] = (mean ? (f > 0 ? Math.round(total / f) : 0) : total) / MICRO;
    }
    this.slots = new Int32Array(0);
    this.sums = new Float64Array(0);
    this.pairs = new Float64Array(0);
    let next = 0;
    let ids: string[] | undefined;
    const decode = (): string[] => {
      const out: string[] = new Array(n);
      for (let at = 0; at < lookup.length; at += LOOKUP)
        if (lookup[at + LENGTH] !== 0 && (lookup[at + POSITION] as number) >= 0)
          out[lookup[at + POSITION] as number] = this.idAt(lookup, at, decoder);
      return out;
    };
    const table: RfmFeatureTable = {
      get ids(): string[] {
        ids ??= decode();
        return ids;
      },
      positionOf: (id) => {
        // Asked in the order of `known` (the core binds records in their order, and the CLI's known ids are
        // its records'): the next known id is compared, no lookup made; the first one starts the list again.
        if (inOrder !== undefined) {
          if (inOrder.ids[next] !== id && inOrder.ids[0] === id) next = 0;
          if (inOrder.ids[next] === id) return positionAt(inOrder.positions[next++]);
        }
        const at = this.find(lookup, LOOKUP, id);
        return positionAt(at === -1 ? -1 : lookup[at + POSITION]);
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
}
