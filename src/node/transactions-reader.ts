// The bytes of a transaction CSV into RFM aggregates, a batch of records at a time. The plainest records (one
// line, no quote, a plain ASCII id, a YYYY-MM-DD date, a plain amount) are read whole, one after the other in
// one loop that queues each in the table at once (`quickRun`); any other is split in place (`scan` for a plain
// one-line record, csv-records.ts for the rest), and its date and amount read from their bytes (byte-fields.ts)
// and its customer id hashed. A cell the fast paths
// do not read (a date with a time, an amount with an exponent, an empty cell, an id with doubled quotes or bytes
// beyond ASCII) is decoded and its row read by the core accumulator's `read`, whose rules every other input
// follows.
// Then the rows of the batch are added to the hash table of rfm-slots.ts, in a loop of their own, and the
// rejections of the batch are reported in file order, worded by the core's accumulator: the result is the one
// of the csv-parse path, row for row.
import type { AggregateOptions, Rejection, RfmAccumulator } from 'scorekit';
import { dayOf } from 'scorekit';
import { calendarKeyOf, EXACT_MICROS, microsOf, POW10 } from './byte-fields.js';
import { ByteTable, hashBytes, hashOfKey, keyWord, wholeWord } from './byte-table.js';
import { CellText } from './cell-text.js';
import { type CsvRecordReader, ESCAPED, INCOMPLETE, unescapeQuoted } from './csv-records.js';
import type { KnownIds } from './known-ids.js';
import { INLINE } from './rfm-slot-layout.js';
import {
  RfmSlots,
  type RowBatch,
  type RowOf,
  type SlotsResult,
  type SlotsState,
  type SplitSlots,
} from './rfm-slots.js';
import { readTransactionHeader } from './transactions-header.js';

/** A row that was not taken, where it is in the file, with the accumulator's code and message. */
export interface RejectedTransaction extends Rejection {
  /** The line (from 1, the header being line 1) where the row starts. */
  readonly line: number;
  /** The column at fault (`''` for a row with the wrong number of cells). */
  readonly column: string;
}

/** What the reader needs to know. */
export interface TransactionReaderSetup {
  /** The file's name in messages. */
  readonly file: string;
  /**
   * An accumulator with the pipeline's rules, never finished: it reads the rows the fast paths do not
   * (`read`) and words the rejections of the others, so that every message is the core's.
   */
  readonly acc: RfmAccumulator;
  /** The day number of asOf. */
  readonly asOfDay: number;
  /** How rows are counted, as `acc` counts them. */
  readonly options: AggregateOptions;
  /** The columns of the customer id, date, amount and order. */
  readonly keys: readonly [string, string, string, string | undefined];
  /** The zone of date-times, as the pipeline's. */
  readonly timeZone: string;
  /** The delimiter, or detected from the header line. */
  readonly delimiter?: string | undefined;
  /** Decimal commas are read (`,`). */
  readonly decimal?: '.' | ',' | undefined;
  /** UTF-8 (true) or Windows-1252 (false); a UTF-8 byte order mark at the start of the file sets UTF-8. */
  readonly utf8: boolean;
  /** Called with every row that is not taken, in file order. */
  readonly onRejected: (row: RejectedTransaction) => void;
  /** The customers known elsewhere: the rows of other customers are counted (see `finish`). */
  readonly known?: KnownIds | undefined;
  /** About how many customers there are, to size the table once. */
  readonly expected?: number | undefined;
  /** With two threads reading the file, how this one shares the parts with the other (see rfm-slots.ts). */
  readonly split?: SplitSlots | undefined;
}

const DATE_BITS = 12;
const DATE_SLOTS = 1 << DATE_BITS;

/** The slot of a date's calendar key (calendarKeyOf's) in the cache of days. */
function dateSlot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - DATE_BITS);
}

/**
 * Where the unquoted cell at `q` ends: its first delimiter, quote, line break or byte beyond ASCII, or `end`
 * (compared byte by byte: a table of these bytes read for each byte took longer).
 */
function cellEnd(bytes: Uint8Array, q: number, end: number, delimiter: number): number {
  for (; q < end; q++) {
    const c = bytes[q] as number;
    if (c === delimiter || c === 0x22 || c === 0x0a || c === 0x0d || c >= 0x80) break;
  }
  return q;
}

const BATCH = 1 << 14;
// Kinds of rows in a batch.
const FAST = 0;
const SLOW = 1;
const BAD_WIDTH = 2;
// A row rejected before it is added (bad width, or a cell read as text that is wrong).
const REJECTED = 3;
// A row read whole by `quickRun` that the table does not queue at once: ready to add.
const QUICK = 4;
// A row of `quickRun` already queued by the table (RfmSlots.put): skipped when the batch is added.
const QUEUED = 5;

/**
 * Turns the bytes of a transaction CSV into RFM aggregates. `push` takes the bytes read so far and returns
 * how many it used: the rest (a record cut by the end of the bytes) comes again with the next bytes; `finish`
 * gives the feature table once every byte has been pushed.
 *
 * @example
 * const asOf = resolveAsOf('2026-01-01');
 * const options = { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' } as const;
 * const reader = new TransactionCsvReader({
 *   file: 'tx.csv', acc: createRfmAccumulator(asOf, options), asOfDay: asOf.day, options,
 *   keys: ['customerId', 'date', 'amount', undefined], timeZone: 'UTC',
 *   utf8: true, onRejected: (row) => console.log(row.line, row.message),
 * });
 * const bytes = Buffer.from('customerId,date,amount\nc1,2025-12-30,12.50\n');
 * reader.push(bytes, bytes.length, true) // → 43
 * reader.finish().table.monetary // → Float64Array [12.5]
 */
export class TransactionCsvReader {
  /** Data rows read so far (bad ones included). */
  rows = 0;
  /** Rows reported as not taken. */
  rejected = 0;
  private started = false;
  private readonly cellText: CellText;
  private records: CsvRecordReader | undefined;
  private width = 0;
  // Columns of the customer id, date, amount and order (-1: none).
  private columns: readonly number[] = [-1, -1, -1, -1];
  private slots: RfmSlots;
  private orders = new ByteTable(1024);
  private readonly byOrder: boolean;
  private readonly dateKeys = new Int32Array(DATE_SLOTS).fill(-1);
  private readonly dateDays = new Float64Array(DATE_SLOTS);
  private readonly negative = new Uint8Array(1);
  private readonly comma: boolean;
  // The batch: per row its kind, line, where its record starts and ends, the start, end and kind of its id,
  // date, amount and order cells, the hash of its id, its day, millionths and sign (or its number of cells).
  private readonly kind = new Uint8Array(BATCH);
  private readonly line = new Int32Array(BATCH);
  private readonly from = new Int32Array(BATCH);
  private readonly to = new Int32Array(BATCH);
  private readonly cells = new Int32Array(BATCH * 8);
  private readonly quoting = new Uint8Array(BATCH * 4);
  private readonly hash = new Int32Array(BATCH);
  private readonly day = new Float64Array(BATCH);
  private readonly micros = new Float64Array(BATCH);
  private readonly minus = new Uint8Array(BATCH);
  private readonly nonAscii = new Uint8Array(BATCH);
  // The fast path: the role of each column (0 id, 1 date, 2 amount, 3 order, -1 none) and the bytes that
  // stop it (delimiter, quote, line breaks, bytes ≥ 0x80).
  private roles: Int8Array = new Int8Array(0);
  private readonly special = new Uint8Array(256);
  private delimiter = 0x2c;
  private readonly dateKey = new Int32Array(BATCH);
  // Rows of the batch to add: where the UTF-8 bytes of their id are (in the file's bytes, or in `decoded` for
  // an id read as text), their order number, and the rows in the order they are added.
  private readonly keyFrom = new Int32Array(BATCH);
  private readonly keyTo = new Int32Array(BATCH);
  private readonly keyDecoded = new Uint8Array(BATCH);
  private readonly keyW0 = new Int32Array(BATCH);
  private readonly keyW1 = new Int32Array(BATCH);
  private readonly keyW2 = new Int32Array(BATCH);
  private readonly keyW3 = new Int32Array(BATCH);
  private readonly orderNo = new Int32Array(BATCH);
  private decoded = new Uint8Array(1 << 16);
  private decodedEnd = 0;
  private readonly encoder = new TextEncoder();
  // The rejected rows of the batch (their position in it) and why.
  private problemRows: number[] = [];
  private problems: Omit<Rejection, 'index' | 'source'>[] = [];
  private headerOnly = false;
  // Whether `quickRun` may read the rows (not when they are counted by order).
  private quickly = false;
  // The columns are id, date and amount, in that order, and no other (`quickRun` reads them field by field).
  private plain = false;
  // Where `quickRun` stopped, and how many rows of the batch it queued.
  private runEnd = 0;
  private queuedRows = 0;
  // The rows of the batch as the table takes them.
  private readonly batch: RowBatch;

  constructor(private readonly setup: TransactionReaderSetup) {
    this.cellText = new CellText(setup.file, setup.utf8, setup.decimal);
    this.comma = setup.decimal === ',';
    this.byOrder = setup.options.frequency === 'orders';
    this.slots = new RfmSlots(setup.asOfDay, setup.options, setup.expected, setup.split);
    this.batch = {
      skip: new Uint8Array(BATCH),
      hash: this.hash,
      w0: this.keyW0,
      w1: this.keyW1,
      w2: this.keyW2,
      w3: this.keyW3,
      from: this.keyFrom,
      to: this.keyTo,
      decoded: this.keyDecoded,
      day: this.day,
      micros: this.micros,
      minus: this.minus,
      order: this.orderNo,
    };
  }

  /** Reads the records of `bytes[0, end)`; returns how many bytes were used. */
  push(bytes: Uint8Array, end: number, final: boolean): number {
    let p = 0;
    if (!this.started) {
      if (end < 3 && !final) return 0;
      if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        p = 3;
        this.cellText.utf8 = true;
      }
      this.started = true;
    }
    let records = this.records;
    if (records === undefined) {
      const after = this.header(bytes, p, end, final);
      if (after < 0) return p;
      p = after;
      records = this.records;
      if (records === undefined || this.headerOnly) return p;
    }
    for (;;) {
      let n = 0;
      let next = p;
      while (n < BATCH && p < end) {
        const k = this.quickly ? this.quickRun(bytes, p, end, n, records.nextRecordLine) : 0;
        if (k > 0) {
          records.advanceBy(k);
          n += k;
          p = this.runEnd;
          continue;
        }
        next = this.scan(bytes, p, end, n);
        if (next >= 0) records.advance();
        else {
          next = records.read(bytes, p, end, final);
          if (next === INCOMPLETE) break;
          if (records.count === 0) {
            p = next;
            continue;
          }
          this.read(records, n, next);
        }
        this.line[n] = records.line;
        this.decide(bytes, n++);
        p = next;
      }
      if (n > 0) this.apply(bytes, n);
      if (n < BATCH) return p;
    }
  }

  /**
   * Reads the byte order mark and the header only, as {@link TransactionCsvReader.push} does, and returns how
   * many bytes were used: for a reader that goes on from another place of the file (see {@link ready}).
   */
  pushHeader(bytes: Uint8Array, end: number, final: boolean): number {
    this.headerOnly = true;
    try {
      return this.push(bytes, end, final);
    } finally {
      this.headerOnly = false;
    }
  }

  /** The header has been read. */
  get ready(): boolean {
    return this.records !== undefined;
  }

  /** The line (from 1) where the next record starts. */
  get nextLine(): number {
    return this.records?.nextRecordLine ?? 1;
  }

  /**
   * With two threads sharing the parts, once this one has read its part: sends or adds its queued rows and
   * tells the other thread that no more will come (see `receive`).
   */
  finishSending(): void {
    this.slots.finishSending();
  }

  /**
   * With two threads sharing the parts: adds the rows the other thread has sent; returns whether it sends no
   * more and all were added. `wait`: blocks this thread until then.
   */
  receive(wait = false): boolean {
    if (wait) this.slots.receiveAll();
    return this.slots.receive();
  }

  /**
   * Marks up to `count` more of the known ids ahead of `finish` (see RfmSlots `markKnownAhead`), for a thread
   * that reads a file with another one; returns whether all are marked.
   */
  markKnownAhead(count: number): boolean {
    return this.slots.markKnownAhead(this.setup.known, count);
  }

  /** The aggregates read so far, as plain arrays that can be sent to another thread (see `absorb`). */
  exportSlots(): SlotsState {
    return this.slots.export();
  }

  /**
   * Numbers the rows read from now on from `number` (see rfm-slots.ts `ROW_BIAS`): for the worker of a file
   * read by two threads, at the start of each part of the file it reads.
   */
  numberFrom(number: number): void {
    this.slots.setRowNumber(number, this.rows);
  }

  /**
   * Takes in the rows the worker of a file read by two threads read from the rest of the file (from the record
   * after this reader's last one): its aggregates (their first rows numbered in the file by `rowOf`), its
   * number of rows, and its rejections, already numbered in the file, reported in order. Without `state`, only
   * the rejections are reported (the worker stopped at an error).
   */
  absorb(
    state: SlotsState | undefined,
    rows: number,
    rejected: readonly RejectedTransaction[],
    rowOf: RowOf,
  ): void {
    if (state !== undefined) this.slots.absorb(state, rowOf);
    this.rows += rows;
    for (const r of rejected) {
      this.rejected++;
      this.setup.onRejected(r);
    }
  }

  /**
   * The features of every customer with a taken row, as the core's accumulator gives them for the same rows;
   * with `known`, the rows not rejected whose customer is not in it, and those customers (`order`: see RfmSlots
   * `finish`). Call it once, after the last `push`: the reader's tables are let go.
   */
  finish(order: 'first-row' | 'any' = 'first-row'): SlotsResult {
    const result = this.slots.finish(this.setup.known, order);
    this.slots = new RfmSlots(this.setup.asOfDay, this.setup.options, 0);
    this.orders = new ByteTable(0);
    return result;
  }

  /** Reads the header: returns the position after it, or -1 when more bytes are needed. */
  private header(bytes: Uint8Array, at: number, end: number, final: boolean): number {
    const { file, delimiter, keys } = this.setup;
    const byOrder = this.byOrder;
    const header = readTransactionHeader(
      bytes,
      at,
      end,
      final,
      file,
      delimiter,
      keys,
      byOrder,
      this.cellText,
    );
    if (header === 'more') return -1;
    if (header === undefined) return end; // an empty file
    this.records = header.records;
    this.width = header.width;
    this.columns = header.columns;
    this.roles = header.roles;
    this.delimiter = header.delimiter;
    for (const c of [this.delimiter, 0x22, 0x0a, 0x0d]) this.special[c] = 1;
    this.special.fill(1, 0x80);
    this.quickly = !this.byOrder;
    const roles = this.roles;
    this.plain = this.width === 3 && roles[0] === 0 && roles[1] === 1 && roles[2] === 2;
    return header.next;
  }

  /**
   * The fast path of the common record: one line, no quote, no byte ≥ 0x80, as many cells as the header.
   * Puts row `i` of the batch and returns the position after the record, or -1 for any other record (or one
   * cut by the end of the bytes), which `CsvRecordReader.read` then reads.
   */
  private scan(bytes: Uint8Array, at: number, end: number, i: number): number {
    const special = this.special;
    const roles = this.roles;
    const cells = this.cells;
    const last = this.width - 1;
    const delimiter = this.delimiter;
    let q = at;
    this.dateKey[i] = -1;
    for (let column = 0; ; column++) {
      const s = q;
      const role = roles[column] as number;
      // A date `YYYY-MM-DD` is read as it is passed over.
      const key =
        role === 1 && q + 10 < end && special[bytes[q + 10] as number] === 1
          ? calendarKeyOf(bytes, q, q + 10)
          : -1;
      if (key >= 0) {
        this.dateKey[i] = key;
        q += 10;
      } else while (q < end && special[bytes[q] as number] === 0) q++;
      if (q >= end) return -1;
      const c = bytes[q] as number;
      if (role >= 0) {
        cells[i * 8 + role * 2] = s;
        cells[i * 8 + role * 2 + 1] = q;
      }
      if (c === delimiter) {
        if (column === last) return -1;
        q++;
        continue;
      }
      if (column !== last || q === at) return -1;
      if (c === 0x0a) q++;
      else if (c === 0x0d && q + 1 < end) q += bytes[q + 1] === 0x0a ? 2 : 1;
      else return -1;
      break;
    }
    this.from[i] = at;
    this.to[i] = q;
    this.nonAscii[i] = 0;
    this.kind[i] = FAST;
    const quoting = this.quoting;
    quoting[i * 4] = 0;
    quoting[i * 4 + 1] = 0;
    quoting[i * 4 + 2] = 0;
    quoting[i * 4 + 3] = 0;
    return q;
  }

  /**
   * The plainest records, read whole in one pass each, one after the other from `at`: one line, no quote, no
   * byte ≥ 0x80, as many cells as the header, an id that `plainId` takes, a `YYYY-MM-DD` date and an amount
   * that `microsOf` reads. They take rows `i0`, `i0 + 1`, … of the batch: a row that `RfmSlots.put` may take
   * at once (an id of at most 16 bytes, not after asOf, not a return left out) is queued there (QUEUED), any
   * other is ready to be added with the batch (QUICK), with what `decide` and `prepare` would have given it.
   * Stops before the first other record (which `scan` or `CsvRecordReader.read` then read), a record cut by
   * `end`, or when the batch is full; returns how many rows it read and sets `runEnd` to where it stopped.
   * `line0`: the line of the record at `at`.
   */
  private quickRun(bytes: Uint8Array, at: number, end: number, i0: number, line0: number): number {
    const roles = this.roles;
    const plain = this.plain;
    const special = this.special;
    const comma = this.comma;
    const last = this.width - 1;
    const delimiter = this.delimiter;
    const dateKeys = this.dateKeys;
    const dateDays = this.dateDays;
    const kind = this.kind;
    const slots = this.slots;
    const asOfDay = this.setup.asOfDay;
    const ignoreReturns = this.setup.options.returns === 'ignore';
    const first = this.rows;
    let p = at;
    let i = i0;
    let queued = 0;
    rows: for (; i < BATCH; i++) {
      let q = p;
      let idStart = 0;
      let idEnd = 0;
      let day = Number.NaN;
      let micros = Number.NaN;
      let minus = 0;
      // Where the date and the amount are (the amount's end, with the columns located one by one).
      let dateAt = -1;
      let amountAt = -1;
      let amountEnd = -1;
      if (plain) {
        // The columns id, date, amount and no other (most exports): each field's end tested where it must be,
        // without the loop over the columns below (a sixth of a row's time, with the id's end found by
        // comparisons rather than the table of special bytes); the amount, last, ends where its reading does.
        q = cellEnd(bytes, q, end, delimiter);
        idStart = p;
        idEnd = q;
        if (q + 12 >= end || bytes[q] !== delimiter || bytes[q + 11] !== delimiter) break;
        dateAt = q + 1;
        amountAt = q + 12;
      } else
        for (let column = 0; ; column++) {
          const s = q;
          const role = roles[column] as number;
          if (role === 1) {
            if (q + 10 >= end) break rows;
            dateAt = q;
            q += 10;
          } else {
            q = cellEnd(bytes, q, end, delimiter);
            if (role === 0) {
              idStart = s;
              idEnd = q;
            } else if (role === 2) {
              amountAt = s;
              amountEnd = q;
            }
          }
          if (q >= end) break rows;
          const c = bytes[q] as number;
          if (c === delimiter) {
            if (column === last) break rows;
            q++;
            continue;
          }
          if (column !== last) break rows;
          if (c === 0x0a) q++;
          else if (c === 0x0d && q + 1 < end) q += bytes[q + 1] === 0x0a ? 2 : 1;
          else break rows;
          break;
        }
      // YYYY-MM-DD, its day through the cache by its digits (calendarKeyOf's key).
      if (bytes[dateAt + 4] !== 0x2d || bytes[dateAt + 7] !== 0x2d) break;
      const y0 = (bytes[dateAt] as number) - 0x30;
      const y1 = (bytes[dateAt + 1] as number) - 0x30;
      const y2 = (bytes[dateAt + 2] as number) - 0x30;
      const y3 = (bytes[dateAt + 3] as number) - 0x30;
      const m0 = (bytes[dateAt + 5] as number) - 0x30;
      const m1 = (bytes[dateAt + 6] as number) - 0x30;
      const d0 = (bytes[dateAt + 8] as number) - 0x30;
      const d1 = (bytes[dateAt + 9] as number) - 0x30;
      // Each a digit: none below 0 (the sign bit) nor above 9.
      if (((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) & ~15) !== 0) break;
      if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) break;
      const key =
        (((((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10 + m0) * 10 + m1) * 10 + d0) * 10 + d1) * 2 + 1;
      const slot = dateSlot(key);
      day =
        dateKeys[slot] === key ? (dateDays[slot] as number) : this.dayAt(bytes, dateAt, dateAt + 10, 0, key);
      if (Number.isNaN(day)) break;
      // Most amounts: digits, a point and at most 6 decimals; any other text is read by microsOf.
      let a = amountAt;
      let c = bytes[a] as number;
      let sign = false;
      if (c === 0x2d) {
        sign = true;
        a++;
      }
      let m = 0;
      let digits = 0;
      let decimals = -1;
      for (; a < end; a++) {
        c = bytes[a] as number;
        const d = c - 0x30;
        if (d >= 0 && d <= 9) {
          m = m * 10 + d;
          digits++;
          if (decimals >= 0) decimals++;
        } else if (c === 0x2e && decimals < 0 && !comma) decimals = 0;
        else break;
      }
      // Another byte in the cell (passed as scan would), no digit, too many: the cell is read by microsOf.
      const other = a < end && special[c] === 0;
      if (other) while (a < end && special[bytes[a] as number] === 0) a++;
      // (Located by the loop over the columns, the cell ends there too: at its first special byte.)
      if (amountEnd < 0) amountEnd = a;
      if (other || digits === 0 || digits > 15 || decimals > 6) {
        micros = microsOf(bytes, amountAt, amountEnd, comma, this.negative);
        if (Number.isNaN(micros)) break;
        minus = this.negative[0] as number;
      } else {
        const whole = m * (POW10[6 - Math.max(decimals, 0)] as number);
        if (whole > EXACT_MICROS) break;
        micros = sign ? -whole : whole;
        minus = sign && m > 0 ? 1 : 0;
      }
      if (plain) {
        // The end of the row, after the amount.
        if (amountEnd >= end) break;
        const e = bytes[amountEnd] as number;
        if (e === 0x0a) q = amountEnd + 1;
        else if (e === 0x0d && amountEnd + 1 < end) q = amountEnd + (bytes[amountEnd + 1] === 0x0a ? 2 : 1);
        else break;
      }
      this.nonAscii[i] = 0;
      if (idEnd === idStart || !this.plainId(bytes, idStart, idEnd, i)) break;
      const length = idEnd - idStart;
      if (length <= INLINE && day <= asOfDay && !(minus === 1 && ignoreReturns)) {
        // Most rows go straight to their part's queue.
        // Its key words (keyWord's): whole words read at once, the last one's bytes one by one.
        let w0 = 0;
        let w1 = 0;
        let w2 = 0;
        let w3 = 0;
        let k = idStart;
        if (k + 4 <= idEnd) {
          w0 = wholeWord(bytes, k);
          k += 4;
          if (k + 4 <= idEnd) {
            w1 = wholeWord(bytes, k);
            k += 4;
            if (k + 4 <= idEnd) {
              w2 = wholeWord(bytes, k);
              k += 4;
              if (k + 4 <= idEnd) {
                w3 = wholeWord(bytes, k);
                k += 4;
              }
            }
          }
        }
        if (k < idEnd) {
          const word = (k - idStart) >> 2;
          let tail = 0;
          for (let shift = 0; k < idEnd; k++, shift += 8) tail |= (bytes[k] as number) << shift;
          if (word === 0) w0 = tail;
          else if (word === 1) w1 = tail;
          else if (word === 2) w2 = tail;
          else w3 = tail;
        }
        slots.put(hashOfKey(length, w0, w1, w2, w3), length, minus, w0, w1, w2, w3, first + i, day, micros);
        kind[i] = QUEUED;
        queued++;
      } else {
        kind[i] = QUICK;
        this.line[i] = line0 + i - i0;
        this.day[i] = day;
        this.micros[i] = micros;
        this.minus[i] = minus;
        this.orderNo[i] = -1;
        this.keyFrom[i] = idStart;
        this.keyTo[i] = idEnd;
        this.keyDecoded[i] = 0;
        this.keyOf(bytes, idStart, idEnd, i);
      }
      p = q;
    }
    this.runEnd = p;
    this.queuedRows += queued;
    return i - i0;
  }

  /** Reads record `i` of the batch, which `records` has just read and ends at `next`: where its cells are. */
  private read(records: CsvRecordReader, i: number, next: number): void {
    this.dateKey[i] = -1;
    this.from[i] = records.start;
    this.to[i] = next;
    this.nonAscii[i] = records.nonAscii ? 1 : 0;
    if (records.count !== this.width) {
      this.kind[i] = BAD_WIDTH;
      this.hash[i] = records.count;
      return;
    }
    this.kind[i] = FAST;
    const cells = this.cells;
    for (let role = 0; role < 4; role++) {
      const column = this.columns[role] as number;
      const at = i * 8 + role * 2;
      if (column < 0) {
        cells[at] = 0;
        cells[at + 1] = 0;
        this.quoting[i * 4 + role] = 0;
      } else {
        cells[at] = records.starts[column] as number;
        cells[at + 1] = records.ends[column] as number;
        this.quoting[i * 4 + role] = records.kinds[column] as number;
      }
    }
  }

  /** What the fast paths make of the cells of row `i`: its day, millionths, sign and id hash, or SLOW. */
  private decide(bytes: Uint8Array, i: number): void {
    if (this.kind[i] === BAD_WIDTH) return;
    const cells = this.cells;
    const at = i * 8;
    const idStart = cells[at] as number;
    const idEnd = cells[at + 1] as number;
    const day = this.dayAt(
      bytes,
      cells[at + 2] as number,
      cells[at + 3] as number,
      this.quoting[i * 4 + 1] as number,
      this.dateKey[i] as number,
    );
    const micros =
      this.quoting[i * 4 + 2] === ESCAPED
        ? Number.NaN
        : microsOf(bytes, cells[at + 4] as number, cells[at + 5] as number, this.comma, this.negative);
    this.day[i] = day;
    this.micros[i] = micros;
    this.minus[i] = this.negative[0] as number;
    if (idStart === idEnd || this.quoting[i * 4] === ESCAPED || Number.isNaN(day) || Number.isNaN(micros)) {
      this.kind[i] = SLOW;
      return;
    }
    this.kind[i] = FAST;
    this.keyOf(bytes, idStart, idEnd, i);
  }

  /**
   * Adds the `n` rows of the batch: first, in file order, the rows the fast paths could not read are read as
   * text and every row's order id is numbered; then the rows are added; then the rejections are reported in
   * file order.
   */
  private apply(bytes: Uint8Array, n: number): void {
    const queued = this.queuedRows;
    this.queuedRows = 0;
    if (queued === n) {
      // Every row is in the queues already.
      this.rows += n;
      return;
    }
    this.problemRows.length = 0;
    this.problems.length = 0;
    this.decodedEnd = 0;
    let failure: unknown;
    let count = n;
    for (let i = 0; i < n; i++) {
      if (this.nonAscii[i] === 1)
        try {
          this.cellText.checkUtf8(
            bytes,
            this.from[i] as number,
            this.to[i] as number,
            this.line[i] as number,
          );
        } catch (error) {
          // The rows before it are still added and their rejections reported, as they would be one by one.
          failure = error;
          count = i;
          break;
        }
      this.prepare(bytes, i);
    }
    this.addAll(bytes, count);
    this.report();
    this.rows += count;
    if (failure !== undefined) throw failure;
  }

  /** Row `i` of the batch as it is added (its id's bytes, order number), or its rejection. */
  private prepare(bytes: Uint8Array, i: number): void {
    const k = this.kind[i];
    if (k === QUICK || k === QUEUED) return;
    if (k === BAD_WIDTH) {
      this.reject(i, {
        path: [],
        code: 'unreadable_row',
        message: `expected ${this.width} cells like the header, got ${this.hash[i]}`,
      });
      return;
    }
    const s = this.cells[i * 8] as number;
    const e = this.cells[i * 8 + 1] as number;
    if (k === FAST && this.plainId(bytes, s, e, i)) {
      this.keyFrom[i] = s;
      this.keyTo[i] = e;
      this.keyDecoded[i] = 0;
      this.orderNo[i] = this.byOrder ? this.order(bytes, i) : -1;
      return;
    }
    // A cell the fast paths do not read: the row is read from its cells as text, by the core's rules.
    const row = this.setup.acc.read(
      this.cell(bytes, i, 0),
      this.cell(bytes, i, 1),
      this.cell(bytes, i, 2),
      this.cell(bytes, i, 3),
    );
    if ('code' in row) {
      this.reject(i, row);
      return;
    }
    this.day[i] = row.day;
    this.micros[i] = row.micro;
    this.minus[i] = row.isReturn ? 1 : 0;
    this.orderNo[i] = row.order === undefined ? -1 : this.setup.acc.internOrder(row.order);
    // The id's UTF-8 bytes, as those of a plain id are.
    let at = this.decodedEnd;
    const room = at + row.id.length * 3;
    if (room > this.decoded.length) {
      const more = new Uint8Array(Math.max(room, this.decoded.length * 2));
      more.set(this.decoded.subarray(0, at));
      this.decoded = more;
    }
    const { written } = this.encoder.encodeInto(row.id, this.decoded.subarray(at));
    this.keyFrom[i] = at;
    at += written;
    this.keyTo[i] = at;
    this.decodedEnd = at;
    this.keyDecoded[i] = 1;
    this.keyOf(this.decoded, this.keyFrom[i] as number, at, i);
  }

  /** The hash and first four words of row `i`'s id, `source[s, e)`, by which its slot is found. */
  private keyOf(source: Uint8Array, s: number, e: number, i: number): void {
    this.hash[i] = hashBytes(source, s, e);
    this.keyW0[i] = keyWord(source, s, e, 0);
    this.keyW1[i] = keyWord(source, s, e, 1);
    this.keyW2[i] = keyWord(source, s, e, 2);
    this.keyW3[i] = keyWord(source, s, e, 3);
  }

  /**
   * The id cell of a fast row is its UTF-8 text as it is: ASCII, not padded with spaces (a blank id is
   * rejected as text), and without a comma when decimal commas are read (`1,5` is read as `1.5`, as every
   * data cell is).
   */
  private plainId(bytes: Uint8Array, s: number, e: number, i: number): boolean {
    if (this.nonAscii[i] === 1 || (bytes[s] as number) <= 0x20 || (bytes[e - 1] as number) <= 0x20)
      return false;
    if (this.comma) for (let k = s; k < e; k++) if (bytes[k] === 0x2c) return false;
    return true;
  }

  private reject(i: number, problem: Omit<Rejection, 'index' | 'source'>): void {
    this.kind[i] = REJECTED;
    this.problemRows.push(i);
    this.problems.push(problem);
  }

  /** Adds the rows of the batch that were read (rfm-slots.ts queues them by part of the customers). */
  private addAll(bytes: Uint8Array, n: number): void {
    const kind = this.kind;
    const skip = this.batch.skip;
    for (let i = 0; i < n; i++) skip[i] = kind[i] === REJECTED || kind[i] === QUEUED ? 1 : 0;
    this.slots.addBatch(this.batch, n, bytes, this.decoded, this.rows, (i) => this.refused(bytes, i));
  }

  /**
   * Row `i` was refused by the rules that apply once its values are read (after asOf, no order id): the
   * rules' accumulator words the rejection, as it would have refused the row.
   */
  private refused(bytes: Uint8Array, i: number): void {
    const acc = this.setup.acc;
    const source = this.keyDecoded[i] === 1 ? this.decoded : bytes;
    const id = new TextDecoder().decode(source.subarray(this.keyFrom[i] as number, this.keyTo[i] as number));
    const problem = acc.addAt(
      acc.intern(id),
      this.day[i] as number,
      this.micros[i] as number,
      this.minus[i] === 1,
      this.orderNo[i] as number,
    );
    if (problem === undefined) throw new Error(`internal: row ${this.rows + i} refused, then taken`);
    this.problemRows.push(i);
    this.problems.push(problem);
  }

  /** Reports the rejections of the batch in file order. */
  private report(): void {
    const rows = this.problemRows;
    if (rows.length === 0) return;
    const order = rows.map((_, k) => k).sort((a, b) => (rows[a] as number) - (rows[b] as number));
    for (const k of order) {
      const i = rows[k] as number;
      const problem = this.problems[k] as Omit<Rejection, 'index' | 'source'>;
      this.rejected++;
      this.setup.onRejected({
        ...problem,
        index: this.rows + i,
        source: 'transactions',
        line: this.line[i] as number,
        column: String(problem.path[0] ?? ''),
      });
    }
  }

  /** The order number of row `i`, interned by its bytes; -1 when the cell is empty. */
  private order(bytes: Uint8Array, i: number): number {
    let s = this.cells[i * 8 + 6] as number;
    let e = this.cells[i * 8 + 7] as number;
    if (s === e) return -1;
    let source = bytes;
    if (this.quoting[i * 4 + 3] === ESCAPED) {
      source = this.cellText.scratchFor(e - s);
      e = unescapeQuoted(bytes, s, e, source);
      s = 0;
    }
    let order = this.orders.get(source, s, e);
    if (order === -1) {
      order = this.setup.acc.internOrder(this.cellText.text(source, s, e, 0, true));
      this.orders.set(source, s, e, order);
    }
    return order;
  }

  /** The day of a date cell: `YYYY-MM-DD`/`YYYYMMDD` through a small cache by their digits, else its text. */
  private dayAt(bytes: Uint8Array, s: number, e: number, quoting: number, known: number): number {
    const key = known >= 0 ? known : quoting === ESCAPED ? -1 : calendarKeyOf(bytes, s, e);
    if (key < 0)
      return s === e
        ? Number.NaN
        : dayOf(this.cellText.text(bytes, s, e, quoting, true), this.setup.timeZone);
    const slot = dateSlot(key);
    if (this.dateKeys[slot] === key) return this.dateDays[slot] as number;
    const day = dayOf(this.cellText.text(bytes, s, e, 0, false), this.setup.timeZone);
    this.dateKeys[slot] = key;
    this.dateDays[slot] = day;
    return day;
  }

  /** Cell `role` of row `i` as the csv-parse path gives it: `undefined` when empty, else its text. */
  private cell(bytes: Uint8Array, i: number, role: number): string | undefined {
    if (this.columns[role] === -1) return undefined;
    const s = this.cells[i * 8 + role * 2] as number;
    const e = this.cells[i * 8 + role * 2 + 1] as number;
    return s === e ? undefined : this.cellText.text(bytes, s, e, this.quoting[i * 4 + role] as number, true);
  }
}
