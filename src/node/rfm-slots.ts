// The RFM aggregates of a transaction file, kept beside their customer's id in open-addressing hash tables
// (linear probing) keyed by the id's UTF-8 bytes, so that no text is made per customer while the file is read.
// A slot is one cache line (16 int32, 64 bytes): the id's hash, length + 1 (0 when empty), its first 16 bytes
// (the whole of most ids; a longer one is compared in the byte arena), where it starts in the arena, the
// customer's number, its first taken row, first and last purchase day, purchases, rows not rejected, its place
// among the known ids (see `finish`), and its sum of millionths as a float64 in the last 8 bytes.
//
// The customers are split into 256 parts by their hash, each part a table of its own, and a row is not added
// at once: it waits in its part's queue, and a full queue is added in one go. A million customers take about
// 85 MB of slots, far more than the CPU cache, and rows come in random customer order: added one by one, each
// row waits for its slot to come from memory (about 300 ns here). A part's table is 1/256 of that and stays in
// the cache while its queue is added; the queues are written in order. Same rows, same result: a customer's
// rows all go to one queue, in order.
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
// The customer's place in the known ids (-1: not known; see `finish`).
const KNOWN = 13;
// The lookup table kept for `positionOf`: the first 7 words of a slot, then the customer's position.
const LOOKUP = 8;
const POSITION = 7;
// The sum of millionths: float64 number 7 of the slot (its bytes 56 to 63).
const SUM = 7;
// A table grows past this share of slots used.
const LOAD = 0.8;
const MICRO = 1e6;
const MIN_DAY = -1_000_000;
// Pairs (customer number, day or order) packed in one exact float, as the core does.
const PAIR = 67_108_864;
// The parts: a customer's part is the low byte of its hash (its first slot in the part comes from the high bits).
const PARTS = 256;
const PART_MASK = PARTS - 1;
// A queued row, 8 words (half a cache line): the id's hash, its length and the row's flags (above bit 28), the
// id's first four words, the row's number and day. Its millionths, where a long id is in the pending bytes and
// its order number are in arrays of their own, the last two written only when there is one.
const Q_WORDS = 8;
const Q_SHIFT = 3;
const Q_SIZE = 1;
const Q_ROW = 6;
const Q_DAY = 7;
const FLAGS_SHIFT = 28;
const MAX_LENGTH = (1 << FLAGS_SHIFT) - 1;
const RETURN = 1;
// A row left out by an option: counted as not rejected, nothing else.
const COUNT_ONLY = 2;
// A known id (its row number is its place in the known ids): marks its customer's slot, when there is one.
const SEED = 3;
// Known ids are queued this many at a time.
const SEED_BATCH = 4096;
// Rows a part's queue holds: about its share of the customers expected, between these.
const QUEUE_MIN = 16;
const QUEUE_MAX = 1024;
// The bytes of long ids waiting in the queues, past which every queue is added.
const PENDING_MAX = 1 << 20;

/** What {@link RfmSlots.add} did with a row. */
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
  /** The table of each part. */
  readonly tables: Int32Array[];
  readonly arena: Uint8Array;
  readonly pairs: Float64Array;
  /** How many customer numbers were given. */
  readonly count: number;
  readonly ignoredFuture: number;
  readonly ignoredReturns: number;
}

/** The buffers of a state, to be moved to another thread rather than copied. */
export function buffersOf(state: SlotsState): ArrayBuffer[] {
  return [...state.tables.map((t) => t.buffer), state.arena.buffer, state.pairs.buffer] as ArrayBuffer[];
}

/**
 * Rows to add (see {@link RfmSlots.addBatch}), row i of each array being row i of the batch: whether to skip
 * it, its id's hash, first four key words, where its bytes are and whether in the decoded bytes, its day,
 * millionths, whether it is a return, and its order number (-1 for none).
 */
export interface RowBatch {
  readonly skip: Uint8Array;
  readonly hash: Int32Array;
  readonly w0: Int32Array;
  readonly w1: Int32Array;
  readonly w2: Int32Array;
  readonly w3: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly decoded: Uint8Array;
  readonly day: Float64Array;
  readonly micros: Float64Array;
  readonly minus: Uint8Array;
  readonly order: Int32Array;
}

/** A {@link RowBatch} of `n` rows. */
function rowBatch(n: number): RowBatch {
  return {
    skip: new Uint8Array(n),
    hash: new Int32Array(n),
    w0: new Int32Array(n),
    w1: new Int32Array(n),
    w2: new Int32Array(n),
    w3: new Int32Array(n),
    from: new Int32Array(n),
    to: new Int32Array(n),
    decoded: new Uint8Array(n),
    day: new Float64Array(n),
    micros: new Float64Array(n),
    minus: new Uint8Array(n),
    order: new Int32Array(n).fill(-1),
  };
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
 * The capacity of a part's table for `count` customers in all: its share and 5 % (three standard deviations of
 * a part's count for a million customers), so that few tables grow.
 */
function capacityFor(count: number): number {
  return Math.max(16, Math.ceil((1.05 * count) / PARTS / LOAD) + 1);
}

/** The smallest power of two at least `n`. */
function powerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

/**
 * Per-customer RFM aggregates keyed by the UTF-8 bytes of the customer id.
 *
 * @example
 * const slots = new RfmSlots(20_454, { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' });
 * const id = Buffer.from('c1');
 * const [h, w0, w1, w2, w3] = [hashBytes(id, 0, 2), keyWord(id, 0, 2, 0), 0, 0, 0];
 * slots.add(id, 0, 2, h, w0, w1, w2, w3, 0, 20_450, 12_500_000, false, -1); // → TAKEN
 * slots.finish().table.recency // → Int32Array.of(4)
 */
export class RfmSlots {
  // Each part's table, the same bytes as float64 (for the sums), its capacity and scale (a hash's first
  // slot is floor(hash · scale), scale = capacity / 2^32) and how many customers it has.
  private tables: Int32Array[] = [];
  private sums: Float64Array[] = [];
  private readonly capacities = new Int32Array(PARTS);
  private readonly scales = new Float64Array(PARTS);
  private readonly used = new Int32Array(PARTS);
  private readonly arena = new ByteArena();
  // Customer numbers given (for the pairs).
  private count = 0;
  private pairs = new Float64Array(0);
  private pairCount = 0;
  private readonly distinct: boolean;
  private readonly byOrder: boolean;
  // The queues: `queueRows` rows a part, part p's from row p · queueRows; how many each holds; the bytes of
  // the long ids they hold.
  private queueRows: number;
  private queue: Int32Array;
  private queueMicros: Float64Array;
  private queuePlaces: Int32Array;
  private queueOrders: Int32Array;
  private readonly queued = new Int32Array(PARTS);
  private readonly pending = new ByteArena();
  // For each known id repeated, the place of its first (-1 for the others); see `mark`.
  private firstOf = new Int32Array(0);
  // The part of the last id `find` found.
  private foundPart = 0;
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
    const capacity = capacityFor(expected);
    for (let p = 0; p < PARTS; p++) this.setTable(p, new Int32Array(capacity * WORDS));
    this.distinct = options.frequency !== 'transactions';
    this.byOrder = options.frequency === 'orders';
    if (this.distinct) this.pairs = new Float64Array(1024);
    this.queueRows = Math.min(QUEUE_MAX, Math.max(QUEUE_MIN, powerOfTwo(expected / PARTS)));
    this.queue = new Int32Array(0);
    this.queueMicros = new Float64Array(0);
    this.queuePlaces = new Int32Array(0);
    this.queueOrders = new Int32Array(0);
    this.makeQueues();
  }

  private setTable(p: number, table: Int32Array): void {
    const capacity = table.length / WORDS;
    this.tables[p] = table;
    this.sums[p] = new Float64Array(table.buffer, table.byteOffset, table.length / 2);
    this.capacities[p] = capacity;
    this.scales[p] = capacity / 2 ** 32;
  }

  /**
   * Adds row number `row` (the rows of a customer come in file order) of the id `bytes[start, end)` (its UTF-8
   * bytes; `hash` from `hashBytes`, `w0` to `w3` its first four {@link keyWord}s): its day, amount in
   * millionths, whether it is a return, and its order number (-1 for none). Returns TAKEN (also for a row left
   * out by option), FUTURE or NO_ORDER, as the core's accumulator rejects them; a refused row is not added.
   * The row waits in a queue: the bytes may change once this returns.
   */
  add(
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    row: number,
    day: number,
    micro: number,
    isReturn: boolean,
    order: number,
  ): number {
    const one = this.one;
    one.hash[0] = hash;
    one.w0[0] = w0;
    one.w1[0] = w1;
    one.w2[0] = w2;
    one.w3[0] = w3;
    one.from[0] = start;
    one.to[0] = end;
    one.day[0] = day;
    one.micros[0] = micro;
    one.minus[0] = isReturn ? 1 : 0;
    one.order[0] = order;
    let said = TAKEN;
    this.addBatch(one, 1, bytes, bytes, row, (_, why) => {
      said = why;
    });
    return said;
  }

  private readonly one = rowBatch(1);

  /**
   * Adds rows `[0, n)` of `batch` but those it says to skip, numbered from `first` on, their ids in `bytes`
   * (or in `decoded`, as the batch says): {@link RfmSlots.add} for each, with `refused` called for a row
   * FUTURE or NO_ORDER (not added), in order. The rows wait in the queues: the bytes may change once this
   * returns.
   */
  addBatch(
    batch: RowBatch,
    n: number,
    bytes: Uint8Array,
    decoded: Uint8Array,
    first: number,
    refused: (i: number, why: number) => void,
    seed = false,
  ): void {
    const { skip, hash, w0, w1, w2, w3, from, to, day, micros, minus, order } = batch;
    const asOfDay = this.asOfDay;
    const rejectFuture = this.options.future === 'reject';
    const ignoreReturns = this.options.returns === 'ignore';
    const byOrder = this.byOrder;
    const queued = this.queued;
    for (let i = 0; i < n; i++) {
      if (skip[i] !== 0) continue;
      const d = day[i] as number;
      const isReturn = minus[i] === 1;
      let flags = isReturn ? RETURN : 0;
      if (seed) flags = SEED;
      else if (d > asOfDay) {
        if (rejectFuture) {
          refused(i, FUTURE);
          continue;
        }
        this.ignoredFuture++;
        flags = COUNT_ONLY;
      } else if (isReturn && ignoreReturns) {
        this.ignoredReturns++;
        flags = COUNT_ONLY;
      } else if (byOrder && !isReturn && (order[i] as number) < 0) {
        refused(i, NO_ORDER);
        continue;
      }
      const h = hash[i] as number;
      const p = h & PART_MASK;
      if (queued[p] === this.queueRows) this.makeRoom(p);
      const r = queued[p] as number;
      queued[p] = r + 1;
      const q = this.queue;
      const at = p * this.queueRows + r;
      const o = at << Q_SHIFT;
      const start = from[i] as number;
      const length = (to[i] as number) - start;
      if (length > MAX_LENGTH) throw new RangeError(`an id of ${length} bytes is longer than ${MAX_LENGTH}`);
      q[o + HASH] = h;
      q[o + Q_SIZE] = length | (flags << FLAGS_SHIFT);
      q[o + KEY] = w0[i] as number;
      q[o + KEY + 1] = w1[i] as number;
      q[o + KEY + 2] = w2[i] as number;
      q[o + KEY + 3] = w3[i] as number;
      q[o + Q_ROW] = first + i;
      q[o + Q_DAY] = d;
      this.queueMicros[at] = micros[i] as number;
      if (byOrder) this.queueOrders[at] = order[i] as number;
      if (length > INLINE) {
        this.queuePlaces[at] = this.pending.append(
          batch.decoded[i] === 1 ? decoded : bytes,
          start,
          start + length,
        );
        if (this.pending.used > PENDING_MAX) this.flushAll();
      }
    }
  }

  /** Adds part p's full queue; first makes the queues longer when the part has far more customers. */
  private makeRoom(p: number): void {
    if ((this.used[p] as number) <= this.queueRows * 2 || this.queueRows >= QUEUE_MAX) {
      this.flush(p);
      return;
    }
    this.flushAll();
    this.queueRows *= 2;
    this.makeQueues();
  }

  private makeQueues(): void {
    const rows = PARTS * this.queueRows;
    this.queue = new Int32Array(rows * Q_WORDS);
    this.queueMicros = new Float64Array(rows);
    this.queuePlaces = new Int32Array(rows);
    if (this.byOrder) this.queueOrders = new Int32Array(rows);
  }

  /** Adds every queued row. */
  private flushAll(): void {
    for (let p = 0; p < PARTS; p++) this.flush(p);
    this.pending.used = 0;
  }

  /** Adds the rows of part p's queue, in order. */
  private flush(p: number): void {
    const n = this.queued[p] as number;
    const q = this.queue;
    const micros = this.queueMicros;
    const pending = this.pending.bytes;
    const distinct = this.distinct;
    let slots = this.tables[p] as Int32Array;
    let sums = this.sums[p] as Float64Array;
    let capacity = this.capacities[p] as number;
    let scale = this.scales[p] as number;
    for (
      let at0 = p * this.queueRows, o = at0 << Q_SHIFT, last = (at0 + n) << Q_SHIFT;
      o < last;
      o += Q_WORDS
    ) {
      const hash = q[o + HASH] as number;
      const size = q[o + Q_SIZE] as number;
      const length = size & MAX_LENGTH;
      // The slot of an id already there, found here for a short id (most rows); else by slotIn.
      let at = -1;
      if (length <= INLINE)
        for (let i = Math.floor((hash >>> 0) * scale); ; i = i + 1 === capacity ? 0 : i + 1) {
          const s = i << SHIFT;
          const stored = slots[s + LENGTH] as number;
          if (stored === 0) break;
          if (
            slots[s + HASH] === hash &&
            stored === length + 1 &&
            slots[s + KEY] === q[o + KEY] &&
            slots[s + KEY + 1] === q[o + KEY + 1] &&
            slots[s + KEY + 2] === q[o + KEY + 2] &&
            slots[s + KEY + 3] === q[o + KEY + 3]
          ) {
            at = s;
            break;
          }
        }
      const flags = size >>> FLAGS_SHIFT;
      if (flags === SEED) {
        this.mark(p, at, o);
        continue;
      }
      if (at < 0) {
        const place = length > INLINE ? (this.queuePlaces[o >> Q_SHIFT] as number) : 0;
        at = this.slotIn(
          p,
          pending,
          place,
          place + length,
          hash,
          q[o + KEY] as number,
          q[o + KEY + 1] as number,
          q[o + KEY + 2] as number,
          q[o + KEY + 3] as number,
        );
        slots = this.tables[p] as Int32Array;
        sums = this.sums[p] as Float64Array;
        capacity = this.capacities[p] as number;
        scale = this.scales[p] as number;
      }
      slots[at + ACCEPTED] = (slots[at + ACCEPTED] as number) + 1;
      if (flags === COUNT_ONLY) continue;
      if ((slots[at + FIRST_ROW] as number) < 0) slots[at + FIRST_ROW] = q[o + Q_ROW] as number;
      const s = (at >> 1) + SUM;
      sums[s] = (sums[s] as number) + (micros[o >> Q_SHIFT] as number);
      if (flags === RETURN) continue;
      const day = q[o + Q_DAY] as number;
      slots[at + PURCHASES] = (slots[at + PURCHASES] as number) + 1;
      if (day < (slots[at + FIRST_DAY] as number)) slots[at + FIRST_DAY] = day;
      if (day > (slots[at + LAST_DAY] as number)) slots[at + LAST_DAY] = day;
      if (distinct)
        this.pushPair(
          (slots[at + NUMBER] as number) * PAIR +
            (this.byOrder ? (this.queueOrders[o >> Q_SHIFT] as number) : day - MIN_DAY),
        );
    }
    this.queued[p] = 0;
  }

  /**
   * Marks the slot of the known id queued at `o` in part p (at `at`, or -1 when not found yet: a long id)
   * with its place in the known ids, when it has a slot and is not marked yet; a repeated id is sent to
   * its first place (`firstOf`).
   */
  private mark(p: number, at: number, o: number): void {
    const q = this.queue;
    const slots = this.tables[p] as Int32Array;
    if (at < 0) {
      // A short id not found by `flush` has no slot.
      const length = (q[o + Q_SIZE] as number) & MAX_LENGTH;
      if (length <= INLINE) return;
      const place = this.queuePlaces[o >> Q_SHIFT] as number;
      at = this.probe(
        slots,
        WORDS,
        this.capacities[p] as number,
        this.scales[p] as number,
        this.pending.bytes,
        place,
        place + length,
        q[o + HASH] as number,
        q[o + KEY] as number,
        q[o + KEY + 1] as number,
        q[o + KEY + 2] as number,
        q[o + KEY + 3] as number,
      );
      if (at < 0) return;
    }
    const k = q[o + Q_ROW] as number;
    const marked = slots[at + KNOWN] as number;
    if (marked < 0) slots[at + KNOWN] = k;
    else this.firstOf[k] = marked;
  }

  /**
   * The word offset of the slot of the id `bytes[start, end)` (its hash and first four key words given) in part
   * p's table, added when new. It stays valid until the next call (the table may grow).
   */
  private slotIn(
    p: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    hash: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): number {
    const table = this.tables[p] as Int32Array;
    const at = this.probe(
      table,
      WORDS,
      this.capacities[p] as number,
      this.scales[p] as number,
      bytes,
      start,
      end,
      hash,
      w0,
      w1,
      w2,
      w3,
    );
    if (at >= 0) return at;
    if ((this.used[p] as number) + 1 > (this.capacities[p] as number) * LOAD) {
      this.grow(p);
      return this.slotIn(p, bytes, start, end, hash, w0, w1, w2, w3);
    }
    const slot = -1 - at;
    const length = end - start;
    if (length > INLINE) table[slot + PLACE] = this.arena.append(bytes, start, end);
    table[slot + HASH] = hash;
    table[slot + LENGTH] = length + 1;
    table[slot + KEY] = w0;
    table[slot + KEY + 1] = w1;
    table[slot + KEY + 2] = w2;
    table[slot + KEY + 3] = w3;
    table[slot + NUMBER] = this.count++;
    table[slot + FIRST_ROW] = -1;
    table[slot + FIRST_DAY] = 2_147_483_647;
    table[slot + LAST_DAY] = MIN_DAY;
    table[slot + KNOWN] = -1;
    this.used[p] = (this.used[p] as number) + 1;
    return slot;
  }

  /**
   * Where the id `bytes[start, end)` (its hash and first four key words given) is in `table` of `capacity`
   * slots of `width` words (a part's table, or its lookup table, whose used slots sit at the same places): the
   * word offset of its slot, or `-1 - offset` of the empty slot where it would go.
   */
  private probe(
    table: Int32Array,
    width: number,
    capacity: number,
    scale: number,
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
    for (let i = Math.floor((hash >>> 0) * scale); ; i = i + 1 === capacity ? 0 : i + 1) {
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

  private grow(p: number): void {
    const old = this.tables[p] as Int32Array;
    this.setTable(p, new Int32Array(old.length * 2));
    const slots = this.tables[p] as Int32Array;
    const capacity = this.capacities[p] as number;
    const scale = this.scales[p] as number;
    for (let from = 0; from < old.length; from += WORDS) {
      if (old[from + LENGTH] === 0) continue;
      let i = Math.floor(((old[from + HASH] as number) >>> 0) * scale);
      while (slots[(i << SHIFT) + LENGTH] !== 0) i = i + 1 === capacity ? 0 : i + 1;
      slots.set(old.subarray(from, from + WORDS), i << SHIFT);
    }
  }

  /** The aggregates so far, as plain arrays (the tables are let go: call it once, at the end). */
  export(): SlotsState {
    this.flushAll();
    const state = {
      tables: this.tables,
      arena: this.arena.bytes.slice(0, this.arena.used),
      pairs: this.pairs.slice(0, this.pairCount),
      count: this.count,
      ignoredFuture: this.ignoredFuture,
      ignoredReturns: this.ignoredReturns,
    };
    this.tables = [];
    this.sums = [];
    return state;
  }

  /**
   * Adds the aggregates of another table, read from rows that come after all of this one's, numbered from
   * `rowOffset` on: sums and counts add up, first and last days are the earliest and latest, a customer's first
   * taken row is this table's when it has one, and distinct days or orders are counted once over both. Part by
   * part, each small enough for the cache.
   */
  absorb(other: SlotsState, rowOffset: number): void {
    this.flushAll();
    // Customer numbers of the other table → this one's, for its pairs.
    const numbers = new Int32Array(other.count);
    for (let p = 0; p < PARTS; p++) {
      const from = other.tables[p] as Int32Array;
      const fromSums = new Float64Array(from.buffer, from.byteOffset, from.length / 2);
      for (let at = 0; at < from.length; at += WORDS) {
        const length = (from[at + LENGTH] as number) - 1;
        if (length < 0) continue;
        const place = length > INLINE ? (from[at + PLACE] as number) : 0;
        const to = this.slotIn(
          p,
          other.arena,
          place,
          place + length,
          from[at + HASH] as number,
          from[at + KEY] as number,
          from[at + KEY + 1] as number,
          from[at + KEY + 2] as number,
          from[at + KEY + 3] as number,
        );
        const slots = this.tables[p] as Int32Array;
        numbers[from[at + NUMBER] as number] = slots[to + NUMBER] as number;
        const firstRow = from[at + FIRST_ROW] as number;
        if ((slots[to + FIRST_ROW] as number) < 0 && firstRow >= 0)
          slots[to + FIRST_ROW] = firstRow + rowOffset;
        slots[to + FIRST_DAY] = Math.min(slots[to + FIRST_DAY] as number, from[at + FIRST_DAY] as number);
        slots[to + LAST_DAY] = Math.max(slots[to + LAST_DAY] as number, from[at + LAST_DAY] as number);
        slots[to + PURCHASES] = (slots[to + PURCHASES] as number) + (from[at + PURCHASES] as number);
        slots[to + ACCEPTED] = (slots[to + ACCEPTED] as number) + (from[at + ACCEPTED] as number);
        const sums = this.sums[p] as Float64Array;
        sums[(to >> 1) + SUM] = (sums[(to >> 1) + SUM] as number) + (fromSums[(at >> 1) + SUM] as number);
      }
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

  /** The UTF-8 bytes of `id` in `keyBuffer`; returns how many: ASCII by hand (most ids), any other by the encoder. */
  private encode(id: string): number {
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
    return length;
  }

  /**
   * Where the id given as text is in `tables` (the parts' tables, or their lookup tables, of `width` words a
   * slot), as a word offset in the table of part `foundPart`, or -1 when it is not there.
   */
  private find(tables: Int32Array[], width: number, id: string): number {
    const length = this.encode(id);
    const key = this.keyBuffer;
    const hash = hashBytes(key, 0, length);
    const p = hash & PART_MASK;
    this.foundPart = p;
    const at = this.probe(
      tables[p] as Int32Array,
      width,
      this.capacities[p] as number,
      this.scales[p] as number,
      key,
      0,
      length,
      hash,
      keyWord(key, 0, length, 0),
      keyWord(key, 0, length, 1),
      keyWord(key, 0, length, 2),
      keyWord(key, 0, length, 3),
    );
    return at >= 0 ? at : -1;
  }

  /** Where each part's slots start in a numbering of all the slots, and how many slots there are in all. */
  private bases(): { base: Int32Array; total: number } {
    const base = new Int32Array(PARTS);
    let total = 0;
    for (let p = 0; p < PARTS; p++) {
      base[p] = total;
      total += this.capacities[p] as number;
    }
    return { base, total };
  }

  /**
   * Marks the slots of the known ids with their places in the list (see `mark`): they go through the queues,
   * so that each part's table is read while in the cache.
   */
  private seed(known: readonly string[]): void {
    this.flushAll();
    this.firstOf = new Int32Array(known.length).fill(-1);
    const batch = rowBatch(SEED_BATCH);
    let bytes = new Uint8Array(SEED_BATCH * 16);
    for (let first = 0; first < known.length; first += SEED_BATCH) {
      const n = Math.min(SEED_BATCH, known.length - first);
      let end = 0;
      for (let i = 0; i < n; i++) {
        const length = this.encode(known[first + i] as string);
        if (end + length > bytes.length) {
          const more = new Uint8Array(Math.max(bytes.length * 2, end + length));
          more.set(bytes.subarray(0, end));
          bytes = more;
        }
        bytes.set(this.keyBuffer.subarray(0, length), end);
        batch.from[i] = end;
        end += length;
        batch.to[i] = end;
        batch.hash[i] = hashBytes(bytes, end - length, end);
        batch.w0[i] = keyWord(bytes, end - length, end, 0);
        batch.w1[i] = keyWord(bytes, end - length, end, 1);
        batch.w2[i] = keyWord(bytes, end - length, end, 2);
        batch.w3[i] = keyWord(bytes, end - length, end, 3);
      }
      this.addBatch(batch, n, bytes, bytes, first, () => undefined, true);
    }
    this.flushAll();
  }

  /**
   * Each taken slot's position in the feature table (`rank`, by slot number among all, -1 for a slot without a
   * taken row): the known customers first, in the order of `known` (the core then reads the features of a
   * customers file in order), then the others by their first row; the slots of known customers (`seen`); for
   * a list, the position of each of its ids (`inOrder`), which `positionOf` is then likely to be asked in that
   * order.
   */
  private positions(
    known: Iterable<string> | undefined,
    base: Int32Array,
    total: number,
  ): { rank: Int32Array; seen: Uint8Array | undefined; inOrder: InOrder | undefined; n: number } {
    const rank = new Int32Array(total).fill(-1);
    const seen = known === undefined ? undefined : new Uint8Array(total);
    const list =
      known === undefined ? undefined : Array.isArray(known) ? (known as readonly string[]) : [...known];
    const inOrder: InOrder | undefined =
      list !== undefined && Array.isArray(known)
        ? { ids: list, positions: new Int32Array(list.length) }
        : undefined;
    let n = 0;
    if (list !== undefined) {
      this.seed(list);
      // The slot of each known id, and whether it has a taken row, from the marks.
      const slotOf = new Int32Array(list.length).fill(-1);
      const taken = new Uint8Array(list.length);
      for (let p = 0; p < PARTS; p++) {
        const slots = this.tables[p] as Int32Array;
        for (let at = 0; at < slots.length; at += WORDS) {
          const k = slots[at + KNOWN] as number;
          if (slots[at + LENGTH] === 0 || k < 0) continue;
          const s = (base[p] as number) + (at >> SHIFT);
          slotOf[k] = s;
          taken[k] = (slots[at + FIRST_ROW] as number) >= 0 ? 1 : 0;
          (seen as Uint8Array)[s] = 1;
        }
      }
      const placed = inOrder?.positions ?? new Int32Array(list.length);
      for (let k = 0; k < list.length; k++) {
        const first = this.firstOf[k] as number;
        const s = slotOf[k] as number;
        if (first >= 0) placed[k] = placed[first] as number;
        else if (s >= 0 && taken[k] === 1) {
          rank[s] = n;
          placed[k] = n++;
        } else placed[k] = -1;
      }
    }
    // The others by their first row: (first row · total + slot number) is exact below 2^53.
    let others = 0;
    for (let p = 0; p < PARTS; p++) {
      const slots = this.tables[p] as Int32Array;
      for (let at = 0; at < slots.length; at += WORDS)
        if (
          slots[at + LENGTH] !== 0 &&
          (slots[at + FIRST_ROW] as number) >= 0 &&
          (rank[(base[p] as number) + (at >> SHIFT)] as number) < 0
        )
          others++;
    }
    const keys = new Float64Array(others);
    others = 0;
    for (let p = 0; p < PARTS; p++) {
      const slots = this.tables[p] as Int32Array;
      for (let at = 0; at < slots.length; at += WORDS) {
        const s = (base[p] as number) + (at >> SHIFT);
        if (slots[at + LENGTH] !== 0 && (slots[at + FIRST_ROW] as number) >= 0 && (rank[s] as number) < 0)
          keys[others++] = (slots[at + FIRST_ROW] as number) * total + s;
      }
    }
    keys.sort();
    for (const key of keys) rank[key - Math.floor(key / total) * total] = n++;
    return { rank, seen, inOrder, n };
  }

  /**
   * The features of every customer with a taken row, as the core's accumulator gives them: with `known`, the
   * known customers first, in its order, then the others in the order of their first taken row (without
   * `known`, all in that order); and the customers not in `known` that have rows not rejected. Then the tables
   * are let go, but for lookup tables of half their size for `positionOf`; `ids` are decoded when first read.
   */
  finish(known?: Iterable<string>): SlotsResult {
    this.flushAll();
    const { base, total } = this.bases();
    const { rank, seen, inOrder, n } = this.positions(known, base, total);
    this.queue = new Int32Array(0);
    this.queueMicros = new Float64Array(0);
    this.queuePlaces = new Int32Array(0);
    this.queueOrders = new Int32Array(0);
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
    // One pass over each table in its order: the features go to their positions, and every used slot to the
    // same place of the part's lookup table (its hash, length, key words, arena place and position, -1 for a
    // customer without a taken row), so probing it finds what probing the table found. The customers not
    // known are gathered on the way.
    const lookups: Int32Array[] = [];
    const unknown = { rows: 0, ids: new Set<string>() };
    const decoder = new TextDecoder();
    for (let part = 0; part < PARTS; part++) {
      const slots = this.tables[part] as Int32Array;
      const sums = this.sums[part] as Float64Array;
      const lookup = new Int32Array((this.capacities[part] as number) * LOOKUP);
      lookups.push(lookup);
      for (let at = 0; at < slots.length; at += WORDS) {
        if (slots[at + LENGTH] === 0) continue;
        const s = (base[part] as number) + (at >> SHIFT);
        const accepted = slots[at + ACCEPTED] as number;
        if (seen !== undefined && seen[s] !== 1 && accepted > 0) {
          unknown.rows += accepted;
          unknown.ids.add(this.idAt(slots, at, decoder));
        }
        const to = (at >> SHIFT) * LOOKUP;
        for (let w = 0; w < POSITION; w++) lookup[to + w] = slots[at + w] as number;
        const p = rank[s] as number;
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
        const sum = sums[(at >> 1) + SUM] as number;
        monetary[p] = (mean ? (f > 0 ? Math.round(sum / f) : 0) : sum) / MICRO;
      }
    }
    this.tables = [];
    this.sums = [];
    this.pairs = new Float64Array(0);
    let next = 0;
    let ids: string[] | undefined;
    const decode = (): string[] => {
      const out: string[] = new Array(n);
      for (const lookup of lookups)
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
        const at = this.find(lookups, LOOKUP, id);
        return positionAt(at === -1 ? -1 : (lookups[this.foundPart] as Int32Array)[at + POSITION]);
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
