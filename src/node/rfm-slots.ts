// The RFM aggregates of a transaction file, kept beside their customer's id in open-addressing hash tables
// (linear probing) keyed by the id's UTF-8 bytes, so that no text is made per customer while the file is read;
// rfm-slot-layout.ts says what a slot holds.
//
// The customers are split into 256 parts by their hash, each part a table of its own, and a row is not added
// at once: it waits in its part's queue, and a full queue is added in one go. A million customers take about
// 85 MB of slots, far more than the CPU cache, and rows come in random customer order: added one by one, each
// row waits for its slot to come from memory (about 300 ns here). A part's table is 1/256 of that: the rows of
// a full queue land in a few hundred kilobytes, in a tight loop whose loads overlap, and the queues themselves
// are written in order (about 180 ns a row in all, queueing included). Same rows, same result: a customer's rows
// all go to one queue, in order. With two threads reading one file, each keeps the tables of half the parts
// and sends the full queues of the other half to the other thread (`SplitSlots`).
//
// The rules are those of the core's accumulator (`take` in scorers/rfm/aggregate.ts): purchases after asOf,
// returns, missing order ids, distinct days or orders; `finish` gives its feature table (rfm-feature-table.ts).
import type { AggregateOptions } from 'scorekit';
import { ByteArena, hashOfId, keyWord } from './byte-table.js';
import { type ByteIdList, type IdList, type KnownIds, markDistinct } from './known-ids.js';
import { release } from './release.js';
import { featureTable, type SlotsResult } from './rfm-feature-table.js';
import {
  ACCEPTED,
  FIRST_DAY,
  FIRST_ROW,
  HASH,
  IdBytes,
  INLINE,
  KEY,
  KNOWN,
  LAST_DAY,
  LENGTH,
  MIN_DAY,
  NUMBER,
  PAIR,
  PART_MASK,
  PARTS,
  PLACE,
  PURCHASES,
  probeSlot,
  SHIFT,
  SUM,
  shortSlot,
  WORDS,
} from './rfm-slot-layout.js';
import { BLOCK_BYTES, BLOCK_ROWS, type BlockReader, type RingMemory, SlotRing } from './slot-ring.js';

export type { SlotsResult };

// A table grows past this share of slots used.
const LOAD = 0.8;
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
// Not a row: the mark of a known id, its place in the list where the row number goes (see `markKnown`).
const MARK = 3;
// Rows a part's queue holds: about its share of the customers expected, between these.
const QUEUE_MIN = 16;
const QUEUE_MAX = 1024;
// The bytes of long ids waiting in the queues, past which every queue is added.
const PENDING_MAX = 1 << 20;

/**
 * A fresh buffer, its pages written once (with zeros, in order) before anything reads it. A page of a new buffer
 * is mapped when first touched; one first *read* is mapped to the system's shared page of zeros, and mapped
 * again when first written, and while two threads run, that second mapping interrupts the other core to
 * flush its address cache (a TLB shootdown, dear in a virtual machine). The tables are read before they are
 * written (a row's first slots are read ahead, a probe reads a slot before it takes it): with two threads
 * reading, the first 130 000 rows of each were added at about 1.5 µs a row instead of 0.1 (measured: 40 MB of
 * pages each read then written by two threads at once took 120-137 ms, written only 19-22 ms; one thread
 * alone, 34-53 and 21 ms). Written first, a table's 40 MB take about 25 ms. Done with two threads only.
 */
function written(buffer: ArrayBufferLike): void {
  new Uint8Array(buffer).fill(0);
}

/** What {@link RfmSlots.add} did with a row. */
export const TAKEN = 0;
/** The row is after asOf (with `future: 'reject'`). */
export const FUTURE = 1;
/** The row of frequency `orders` has no order id. */
export const NO_ORDER = 2;

/** The aggregates of an {@link RfmSlots}, as plain arrays that can be sent to another thread. */
export interface SlotsState {
  /** The table of each part. */
  readonly tables: Int32Array[];
  readonly arena: Uint8Array;
  readonly pairs: Float64Array;
  /** How many customer numbers were given. */
  readonly count: number;
  /** The known ids found repeated as they were marked (see `RfmSlots.markKnown`). */
  readonly repeats: readonly number[];
  /** The slots used in each part's table. */
  readonly used: Int32Array;
  readonly ignoredFuture: number;
  readonly ignoredReturns: number;
}

/** The buffers of a state, to be moved to another thread rather than copied. */
export function buffersOf(state: SlotsState): ArrayBuffer[] {
  // (The tables share buffers: each is given once.)
  return [
    ...new Set([...state.tables.map((t) => t.buffer), state.arena.buffer, state.pairs.buffer]),
  ] as ArrayBuffer[];
}

/**
 * The row numbers of the worker's pieces of a file read by two threads (see transactions-split.ts) start here:
 * the thread that reads the start of the file numbers its rows from 0, the worker those of piece k of the file
 * from ROW_BIAS + k · room (see {@link RfmSlots.setRowNumber}), so that a smaller number is an earlier row
 * whichever thread read it, and the numbers become the rows' places in the file once the rows of each piece
 * are counted (`absorb`). Files of less than 1 GiB are split this way (a row has at least its line feed).
 */
export const ROW_BIAS = 2 ** 30;

/**
 * The row of the file of a row number given while the pieces were read (see {@link ROW_BIAS}): a number below
 * ROW_BIAS is its own.
 */
export type RowOf = (row: number) => number;

/**
 * How one of two threads reading one file shares the tables with the other: it keeps the tables of half the
 * parts (those whose low bit is `owner`), sends the rows of the other half to the other thread through
 * `outbox` and adds those the other thread sends it through `inbox` (slot-ring.ts). Each customer's slot is
 * then in one of the two threads, instead of both threads having a table of every customer (85 MB each for a
 * million customers). A row the ring cannot take (full), or of a long id, goes to a table of the thread's own
 * for that part, merged at the end (`absorb`).
 */
export interface SplitSlots {
  readonly owner: 0 | 1;
  readonly inbox: RingMemory;
  readonly outbox: RingMemory;
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
  // The known ids repeated: pairs (place of a copy, place of an earlier copy) found as they were marked.
  private repeats: number[] = [];
  private readonly idBytes = new IdBytes();
  // With two threads sharing the parts: this thread's parts' low bit, the rings, and the parts whose queue
  // holds a long id. The number of the next row is the reader's count plus the bias (see `setRowNumber`).
  private owner: number;
  private inbox: SlotRing | undefined;
  private outbox: SlotRing | undefined;
  private rowBias = 0;
  // The rows in the file of the numbers given by two threads (see `absorb`).
  private rowOf: RowOf | undefined;
  private readonly longIn = new Uint8Array(PARTS);
  // What `apply` reads ahead, kept so that the reads are made.
  private readonly readAhead = new Int32Array(1);
  // The known ids marked so far (see `markKnown`).
  private marking: Marking | undefined;
  /** Rows left out because they were after asOf, with `future: 'ignore'`. */
  ignoredFuture = 0;
  /** Rows left out because they were returns, with `returns: 'ignore'`. */
  ignoredReturns = 0;

  /**
   * @param asOfDay - the day number of asOf
   * @param options - how rows are counted, as the core's accumulator takes them
   * @param expected - about how many customers there will be
   * @param split - with another thread reading the same file, how the parts are shared with it
   */
  constructor(
    private readonly asOfDay: number,
    private readonly options: AggregateOptions,
    expected = 1 << 15,
    split?: SplitSlots,
  ) {
    this.owner = split?.owner ?? -1;
    this.inbox = split === undefined ? undefined : new SlotRing(split.inbox);
    this.outbox = split === undefined ? undefined : new SlotRing(split.outbox);
    // The parts' tables in one buffer: a buffer this large is mapped on its own by the C library, and given
    // back to the system when freed; 256 tables of a few hundred kilobytes each were placed among the
    // process's other allocations and, freed, stayed in its memory (about 85 MB for a million customers,
    // through the whole scoring). A table that grows gets a buffer of its own. The other thread's parts
    // (with two threads) start small: they hold only what could not be sent.
    const capacity = capacityFor(expected);
    const small = capacityFor(0);
    const sizeOf = (p: number) => (this.owns(p) ? capacity : small) * WORDS;
    let words = 0;
    for (let p = 0; p < PARTS; p++) words += sizeOf(p);
    // With two threads, written first (see `written`); one thread alone pays only a second fault per page, and a
    // table sized for more customers than come keeps its untouched pages out of memory.
    const buffer = new ArrayBuffer(words * 4);
    if (this.outbox !== undefined) written(buffer);
    for (let p = 0, at = 0; p < PARTS; at += sizeOf(p), p++)
      this.setTable(p, new Int32Array(buffer, at * 4, sizeOf(p)));
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

  /**
   * Numbers the rows added from now on from `number`, the reader having counted `count` rows so far (rows
   * given to `put` or `addBatch` as `count`, `count + 1`, … get `number`, `number + 1`, …): for a thread that
   * reads a file's parts out of their order (see {@link ROW_BIAS}).
   */
  setRowNumber(number: number, count: number): void {
    this.rowBias = number - count;
  }

  /** Whether this thread keeps part p's table (always, with one thread). */
  private owns(p: number): boolean {
    return this.owner < 0 || (p & 1) === this.owner;
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
    this.one ??= rowBatch(1);
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

  // The batch of one row of `add`, made when first needed (the reader adds whole batches).
  private one: RowBatch | undefined;

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
  ): void {
    this.enqueue(batch, n, bytes, decoded, first, refused);
  }

  /**
   * Puts a row at the end of its part's queue (the part's full queue added first): its id's hash, length,
   * flags (RETURN, COUNT_ONLY or 0), key words, row number, day and millionths; for the reader's fast path
   * (transactions-reader.ts `quickRun`), a row of an id of at most 16 bytes, not after asOf, with flags 0 or
   * RETURN (1), whose order is not counted. Returns its place in the queues, for the arrays beside them (a long
   * id's place in `pending`, an order number).
   */
  put(
    h: number,
    length: number,
    flags: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    row: number,
    day: number,
    micros: number,
  ): number {
    const size = length | (flags << FLAGS_SHIFT);
    const p = h & PART_MASK;
    const queued = this.queued;
    if (queued[p] === this.queueRows) this.makeRoom(p);
    const r = queued[p] as number;
    queued[p] = r + 1;
    const q = this.queue;
    const at = p * this.queueRows + r;
    const o = at << Q_SHIFT;
    q[o + HASH] = h;
    q[o + Q_SIZE] = size;
    q[o + KEY] = w0;
    q[o + KEY + 1] = w1;
    q[o + KEY + 2] = w2;
    q[o + KEY + 3] = w3;
    q[o + Q_ROW] = row + this.rowBias;
    q[o + Q_DAY] = day;
    this.queueMicros[at] = micros;
    return at;
  }

  /** {@link RfmSlots.addBatch}. */
  private enqueue(
    batch: RowBatch,
    n: number,
    bytes: Uint8Array,
    decoded: Uint8Array,
    first: number,
    refused: (i: number, why: number) => void,
  ): void {
    const { skip, hash, w0, w1, w2, w3, from, to, day, micros, minus, order } = batch;
    const asOfDay = this.asOfDay;
    const rejectFuture = this.options.future === 'reject';
    const ignoreReturns = this.options.returns === 'ignore';
    const byOrder = this.byOrder;
    const _queued = this.queued;
    for (let i = 0; i < n; i++) {
      if (skip[i] !== 0) continue;
      const d = day[i] as number;
      const isReturn = minus[i] === 1;
      let flags = isReturn ? RETURN : 0;
      if (d > asOfDay) {
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
      const start = from[i] as number;
      const length = (to[i] as number) - start;
      if (length > MAX_LENGTH) throw new RangeError(`an id of ${length} bytes is longer than ${MAX_LENGTH}`);
      const at = this.put(
        hash[i] as number,
        length,
        flags,
        w0[i] as number,
        w1[i] as number,
        w2[i] as number,
        w3[i] as number,
        first + i,
        d,
        micros[i] as number,
      );
      if (byOrder) this.queueOrders[at] = order[i] as number;
      if (length > INLINE) {
        this.longIn[(hash[i] as number) & PART_MASK] = 1;
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

  /**
   * Adds the rows of part p's queue, in order; with two threads, sends them to the other thread when it keeps
   * the part (and the ring has room), then adds the rows the other thread sent.
   */
  private flush(p: number): void {
    const n = this.queued[p] as number;
    const outbox = this.outbox;
    const from = p * this.queueRows;
    if (outbox === undefined || this.owns(p) || n === 0 || !this.send(outbox, p, from, n))
      this.apply(
        p,
        this.queue,
        this.queueMicros,
        this.queuePlaces,
        this.queueOrders,
        from,
        n,
        this.pending.bytes,
      );
    this.queued[p] = 0;
    this.longIn[p] = 0;
    this.receive();
  }

  /** Sends rows `[from, from + n)` of the queues as part p's block, the bytes of their long ids with them. */
  private send(outbox: SlotRing, p: number, from: number, n: number): boolean {
    const places = this.blockPlaces;
    let used = 0;
    if (this.longIn[p] === 1) {
      const q = this.queue;
      const pending = this.pending.bytes;
      const bytes = this.blockBytes;
      for (let j = 0; j < n; j++) {
        const length = (q[((from + j) << Q_SHIFT) + Q_SIZE] as number) & MAX_LENGTH;
        if (length <= INLINE) continue;
        if (used + length > bytes.length) return false; // kept here: the ring's block is too small
        const place = this.queuePlaces[from + j] as number;
        bytes.set(pending.subarray(place, place + length), used);
        places[j] = used;
        used += length;
      }
    }
    return outbox.send(p, this.queue, this.queueMicros, from, n, places, this.blockBytes, used);
  }

  // A block's long ids, made by `send`: where each row's starts in the bytes.
  private readonly blockPlaces = new Int32Array(BLOCK_ROWS);
  private readonly blockBytes = new Uint8Array(BLOCK_BYTES);

  /**
   * Adds the rows the other thread sent (with two threads). Returns whether it sends no more and all were
   * added.
   */
  receive(): boolean {
    const inbox = this.inbox;
    if (inbox === undefined) return true;
    inbox.drain(this.applyBlock);
    return inbox.finished;
  }

  private readonly applyBlock: BlockReader = (p, rows, micros, places, bytes, at, n) =>
    this.apply(p, rows, micros, places, this.queueOrders, at, n, bytes);

  /**
   * With two threads: sends or adds every queued row, then tells the other thread that no more will come.
   */
  finishSending(): void {
    this.flushAll();
    this.outbox?.close();
  }

  /**
   * With two threads, once `finishSending` was called: adds what the other thread sends until it sends no
   * more, waiting for it (blocking this thread).
   */
  receiveAll(): void {
    while (!this.receive()) this.inbox?.wait(5);
  }

  /**
   * Adds rows `[at0, at0 + n)` of queue arrays (`q`: 8 words a row; `micros`; for long ids, their places in
   * `pending`; order numbers) to part p's table, in order.
   */
  private apply(
    p: number,
    q: Int32Array,
    micros: Float64Array,
    places: Int32Array,
    orders: Int32Array,
    at0: number,
    n: number,
    pending: Uint8Array,
  ): void {
    const distinct = this.distinct;
    let slots = this.tables[p] as Int32Array;
    let sums = this.sums[p] as Float64Array;
    let capacity = this.capacities[p] as number;
    let scale = this.scales[p] as number;
    // Each row's first three slots (where its probe most likely ends), asked for from memory all at once (the
    // loads overlap) before they are used.
    let touched = 0;
    const lastSlot = slots.length - WORDS;
    for (let o = at0 << Q_SHIFT, last = (at0 + n) << Q_SHIFT; o < last; o += Q_WORDS) {
      const s = Math.floor(((q[o + HASH] as number) >>> 0) * scale) << SHIFT;
      touched ^=
        (slots[s + LENGTH] as number) ^
        (slots[Math.min(s + WORDS, lastSlot) + LENGTH] as number) ^
        (slots[Math.min(s + 2 * WORDS, lastSlot) + LENGTH] as number);
    }
    this.readAhead[0] = touched;
    for (let o = at0 << Q_SHIFT, last = (at0 + n) << Q_SHIFT; o < last; o += Q_WORDS) {
      const hash = q[o + HASH] as number;
      const size = q[o + Q_SIZE] as number;
      const length = size & MAX_LENGTH;
      // The slot of an id already there, found here for a short id (most rows); else by slotIn.
      let at = length <= INLINE ? shortSlot(slots, capacity, scale, hash, length, q, o + KEY) : -1;
      const flags = size >>> FLAGS_SHIFT;
      if (at < 0) {
        const place = length > INLINE ? (places[o >> Q_SHIFT] as number) : 0;
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
      if (flags === MARK) {
        this.mark(slots, at, q[o + Q_ROW] as number);
        continue;
      }
      slots[at + ACCEPTED] = (slots[at + ACCEPTED] as number) + 1;
      if (flags === COUNT_ONLY) continue;
      // The earliest taken row: rows may come to a queue out of their order (see `queueRow`).
      const row = q[o + Q_ROW] as number;
      const firstRow = slots[at + FIRST_ROW] as number;
      if (firstRow < 0 || row < firstRow) slots[at + FIRST_ROW] = row;
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
            (this.byOrder ? (orders[o >> Q_SHIFT] as number) : day - MIN_DAY),
        );
    }
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
    const at = probeSlot(
      table,
      WORDS,
      this.capacities[p] as number,
      this.scales[p] as number,
      this.arena,
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

  private grow(p: number): void {
    const old = this.tables[p] as Int32Array;
    const grown = new Int32Array(old.length * 2);
    if (this.outbox !== undefined) written(grown.buffer);
    this.setTable(p, grown);
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
      repeats: this.repeats,
      used: this.used.slice(),
      ignoredFuture: this.ignoredFuture,
      ignoredReturns: this.ignoredReturns,
    };
    this.tables = [];
    this.sums = [];
    return state;
  }

  /**
   * Adds the aggregates of another table, read by the worker of a file read by two threads (its rows numbered
   * from {@link ROW_BIAS} on): sums and counts add up, first and last days are the earliest and latest, a
   * customer's first taken row is the smaller, and distinct days or orders are counted once over both. Part
   * by part, each small enough for the cache. With two threads sharing the parts (see {@link SplitSlots}), the
   * other thread's tables of its parts are taken as they are, and each thread's rows of the other's parts
   * merged. A first row's number is its row in the file by `rowOf` (compared as they are, the numbers are in
   * the file's order): the feature table reads it so, for the customers it puts in that order.
   */
  absorb(other: SlotsState, rowOf: RowOf): void {
    this.flushAll();
    if (this.outbox !== undefined) this.adopt(other);
    else this.merge(other);
    for (const r of other.repeats) this.repeats.push(r);
    this.rowOf = rowOf;
  }

  /** {@link RfmSlots.absorb} with two threads each keeping tables of every part. */
  private merge(other: SlotsState): void {
    // Customer numbers of the other table → this one's, for its pairs.
    const numbers = new Int32Array(other.count);
    for (let p = 0; p < PARTS; p++) this.mergePart(p, other.tables[p] as Int32Array, other.arena, numbers);
    for (const pair of other.pairs) {
      const number = Math.floor(pair / PAIR);
      this.pushPair((numbers[number] as number) * PAIR + (pair - number * PAIR));
    }
    this.ignoredFuture += other.ignoredFuture;
    this.ignoredReturns += other.ignoredReturns;
    release(other.tables);
  }

  /**
   * {@link RfmSlots.absorb} with two threads sharing the parts: the other thread's tables of its parts become
   * this one's (their long ids' bytes put after this arena's), then the rows each thread kept of the other's
   * parts are merged (no pairs: parts are shared only without them).
   */
  private adopt(other: SlotsState): void {
    const kept = this.tables.slice();
    // (A growing arena gets new bytes: these keep this thread's long ids while the merges below append.)
    const arena = this.arena.bytes;
    const shift = this.arena.append(other.arena, 0, other.arena.length);
    for (let p = 0; p < PARTS; p++) {
      if (this.owns(p)) continue;
      const table = other.tables[p] as Int32Array;
      // Long ids' places moved past this arena's bytes (none to move without long ids in the other's arena).
      if (shift > 0 && other.arena.length > 0)
        for (let at = 0; at < table.length; at += WORDS) {
          const length = (table[at + LENGTH] as number) - 1;
          if (length > INLINE) table[at + PLACE] = (table[at + PLACE] as number) + shift;
        }
      this.setTable(p, table);
      this.used[p] = other.used[p] as number;
    }
    // (The small tables merged share their buffers with the tables kept: they are not released.)
    const numbers = new Int32Array(Math.max(this.count, other.count));
    for (let p = 0; p < PARTS; p++) {
      if (this.owns(p)) this.mergePart(p, other.tables[p] as Int32Array, other.arena, numbers);
      else this.mergePart(p, kept[p] as Int32Array, arena, numbers);
    }
    this.ignoredFuture += other.ignoredFuture;
    this.ignoredReturns += other.ignoredReturns;
    // Every part's table is this thread's now: what is queued from here on is added here (the rings can go).
    this.owner = -1;
    this.inbox = undefined;
    this.outbox = undefined;
  }

  /**
   * Adds the slots of `from` (a table of part p, its long ids in `arena`) to part p's table; `numbers[n]` is
   * set to this table's number of the customer numbered n there.
   */
  private mergePart(p: number, from: Int32Array, arena: Uint8Array, numbers: Int32Array): void {
    const fromSums = new Float64Array(from.buffer, from.byteOffset, from.length / 2);
    for (let at = 0; at < from.length; at += WORDS) {
      const length = (from[at + LENGTH] as number) - 1;
      if (length < 0) continue;
      const place = length > INLINE ? (from[at + PLACE] as number) : 0;
      const to = this.slotIn(
        p,
        arena,
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
      const known = from[at + KNOWN] as number;
      if (known >= 0) this.mark(slots, to, known);
      const firstRow = from[at + FIRST_ROW] as number;
      const mine = slots[to + FIRST_ROW] as number;
      if (firstRow >= 0 && (mine < 0 || firstRow < mine)) slots[to + FIRST_ROW] = firstRow;
      slots[to + FIRST_DAY] = Math.min(slots[to + FIRST_DAY] as number, from[at + FIRST_DAY] as number);
      slots[to + LAST_DAY] = Math.max(slots[to + LAST_DAY] as number, from[at + LAST_DAY] as number);
      slots[to + PURCHASES] = (slots[to + PURCHASES] as number) + (from[at + PURCHASES] as number);
      slots[to + ACCEPTED] = (slots[to + ACCEPTED] as number) + (from[at + ACCEPTED] as number);
      const sums = this.sums[p] as Float64Array;
      sums[(to >> 1) + SUM] = (sums[(to >> 1) + SUM] as number) + (fromSums[(at >> 1) + SUM] as number);
    }
  }

  private pushPair(pair: number): void {
    if (this.pairCount === this.pairs.length) {
      const more = new Float64Array(Math.max(1024, this.pairs.length * 2));
      more.set(this.pairs);
      this.pairs = more;
    }
    this.pairs[this.pairCount++] = pair;
  }

  /**
   * Marks up to `count` more ids of the known list (see `markKnown`) ahead of `finish`, by a thread that reads a
   * file with another one (between two pieces of it, while the other reads on): returns whether all are
   * marked. With two threads sharing the parts, none may be marked between `finishSending` and `absorb` (their
   * marks would go to a thread that no longer reads them); after `absorb`, this thread keeps every part.
   */
  markKnownAhead(known: KnownIds | undefined, count: number): boolean {
    if (known === undefined) return true;
    const marking = this.markingOf(known);
    this.markKnown(marking, Math.min(marking.list.length, marking.next + count));
    return marking.next === marking.list.length;
  }

  /** The marking of `known` (its list made once for a set), as far as it went. */
  private markingOf(known: KnownIds): Marking {
    let marking = this.marking;
    if (marking === undefined || marking.known !== known) {
      marking = { known, list: 'size' in known ? [...known] : known, next: 0, empty: false };
      this.marking = marking;
    }
    return marking;
  }

  /**
   * Marks the known ids of the list up to `until`: each goes to its part's queue like a row (flag MARK, its
   * place in the list where a row's number goes), and its slot, made when the id has no row yet, gets the
   * place (`apply`). A repeated id's slot keeps its first place, and the pair goes to `repeats`. Queued with
   * the rows, the marks are added part by part like them, each part's table in the caches (looked up one by
   * one in the list's order, a million ids waited for memory 0.15-0.25 s), and with two threads, they go
   * to the thread that keeps their part, while the file is still read.
   */
  private markKnown(marking: Marking, until: number): void {
    const { list } = marking;
    const direct = 'bytesInto' in list ? (list as ByteIdList) : undefined;
    let scratch = this.markBytes;
    for (let k = marking.next; k < until; k++) {
      // The id's bytes: copied when the list can, else encoded from its text. A place without an id is an
      // empty one, which no slot has.
      let length = direct === undefined ? -2 : direct.bytesInto(k, scratch, 0, scratch.length);
      if (length === -2) {
        const id = list.at(k) ?? '';
        if (id.length * 3 > scratch.length) scratch = this.markBytes = new Uint8Array(id.length * 3);
        length = this.idBytes.encodeAt(id, scratch, 0);
      }
      if (length <= 0) {
        marking.empty = true;
        continue;
      }
      if (length > MAX_LENGTH) throw new RangeError(`an id of ${length} bytes is longer than ${MAX_LENGTH}`);
      const w0 = keyWord(scratch, 0, length, 0);
      const w1 = keyWord(scratch, 0, length, 1);
      const w2 = keyWord(scratch, 0, length, 2);
      const w3 = keyWord(scratch, 0, length, 3);
      const hash = hashOfId(scratch, 0, length, w0, w1, w2, w3);
      // (`put` adds the bias of the rows' numbers: a mark's is its place.)
      const at = this.put(hash, length, MARK, w0, w1, w2, w3, k - this.rowBias, 0, 0);
      if (length > INLINE) {
        this.longIn[hash & PART_MASK] = 1;
        this.queuePlaces[at] = this.pending.append(scratch, 0, length);
        if (this.pending.used > PENDING_MAX) this.flushAll();
      }
    }
    marking.next = Math.max(marking.next, until);
  }

  // The bytes of the id being marked.
  private markBytes = new Uint8Array(1 << 12);

  /** Slot `at` of `slots` is the known id of place `k`: marked, or its repeat noted (see `markKnown`). */
  private mark(slots: Int32Array, at: number, k: number): void {
    const marked = slots[at + KNOWN] as number;
    if (marked < 0) slots[at + KNOWN] = k;
    else if (marked < k) this.repeats.push(k, marked);
    else if (marked > k) {
      slots[at + KNOWN] = k;
      this.repeats.push(marked, k);
    }
  }

  /**
   * The features of every customer with a taken row, as the core's accumulator gives them: with `known`, the
   * known customers first, in its order, then the others in the order of their first taken row (without
   * `known`, all in that order; with `order` `'any'`, those others in no given order, which may change from run
   * to run, for a caller that orders them itself); and the customers not in `known` that have rows not rejected
   * (see rfm-feature-table.ts). Call it once, at the end: the tables are let go.
   */
  finish(known?: KnownIds, order: 'first-row' | 'any' = 'first-row'): SlotsResult {
    // The known ids not marked yet, then every queue added.
    const marking = known === undefined ? undefined : this.markingOf(known);
    if (marking !== undefined) this.markKnown(marking, marking.list.length);
    this.flushAll();
    const list = marking?.list;
    // For each known id repeated, the place of an earlier copy (-1 for the others; none without repeats).
    let firstOf: Int32Array | undefined;
    const repeats = this.repeats;
    if (list !== undefined && repeats.length > 0) {
      firstOf = new Int32Array(list.length).fill(-1);
      for (let r = 0; r < repeats.length; r += 2) firstOf[repeats[r] as number] = repeats[r + 1] as number;
    }
    // Every id there and none twice: the list is marked so (see known-ids.ts).
    if (list !== undefined && repeats.length === 0 && marking?.empty === false) markDistinct(list);
    this.marking = undefined;
    this.repeats = [];
    // The queues' memory (11 MB for a million customers) given back before the feature table is made, the
    // peak of a run, rather than at the next full collection.
    release([this.queue, this.queueMicros, this.queuePlaces, this.queueOrders]);
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
    const result = featureTable(
      {
        tables: this.tables,
        capacities: this.capacities,
        arena: this.arena,
        counts,
        asOfDay: this.asOfDay,
        mean: this.options.monetary === 'mean',
        firstOf,
        rowOf: this.rowOf,
        byFirstRow: order === 'first-row',
        ignoredFuture: this.ignoredFuture,
        ignoredReturns: this.ignoredReturns,
      },
      list,
      known !== undefined && !('size' in known),
    );
    release(this.tables);
    this.tables = [];
    this.sums = [];
    this.pairs = new Float64Array(0);
    return result;
  }
}

/** How far the known ids are marked (see `RfmSlots.markKnown`). */
interface Marking {
  readonly known: KnownIds;
  /** The ids in their order (a set's made into a list once). */
  readonly list: IdList;
  /** The ids marked so far: `[0, next)`. */
  next: number;
  /** Whether a place of the list has no id. */
  empty: boolean;
}
