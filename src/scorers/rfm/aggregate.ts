// Transactions → per-customer RFM features, columnar: customers get a dense index, every per-customer
// figure lives in a typed array, dates become integer day numbers and amounts integer micro-units, so the
// result does not depend on the order of the rows and no object is made per transaction.

import { describeValue } from '../../conditions/coerce.js';
import type { Rejection } from '../../errors/errors.js';
import { StringIndex } from '../../pipeline/string-index.js';
import type { RecordSource } from '../../pipeline/types.js';
import type { AsOf } from '../../time/as-of.js';
import { dayOf } from '../../time/day.js';

/** How transactions are read and counted. */
export interface AggregateOptions {
  /** Frequency counts rows (`transactions`), distinct purchase `days` or distinct `orders`. */
  readonly frequency: 'transactions' | 'days' | 'orders';
  /** Monetary value is the `sum` or the `mean` per frequency unit. */
  readonly monetary: 'sum' | 'mean';
  /** Negative amounts are subtracted (`net`) or left out (`ignore`). */
  readonly returns: 'net' | 'ignore';
  /** Purchases after asOf are rejected or left out and counted. */
  readonly future: 'reject' | 'ignore';
}

/**
 * The position of each record of a list of customers in an {@link RfmFeatureTable} made for them: see
 * {@link RfmFeatureTable.recordPositions}.
 *
 * @example
 * const records = [{ id: 'a' }, { id: 'b' }];
 * const given: RecordPositions = { records, idKey: 'id', positions: Int32Array.of(0, -1) };
 * given.positions[0] // → 0
 */
export interface RecordPositions {
  /** The records the positions are of. */
  readonly records: RecordSource | readonly unknown[];
  /** The field their ids are read from. */
  readonly idKey: string;
  /** One per record: see {@link RfmFeatureTable.recordPositions}. */
  readonly positions: Int32Array;
}

/**
 * Per-customer features, one position per customer. `recency` is `-1` for a customer without any purchase
 * (only returns): see {@link RfmFeatureTable.hasPurchase}.
 */
export interface RfmFeatureTable {
  /** The customer ids, in order of first appearance. */
  readonly ids: readonly string[];
  /**
   * The position of a customer id in these arrays (its index in `ids`), `undefined` for an id without any
   * taken row. Looked up in a dictionary built while the rows were read, so it costs no pass over `ids`.
   */
  positionOf(id: string): number | undefined;
  /**
   * `positionOf` for the id whose UTF-8 bytes are `bytes[start, end)`, when the table can look an id up by its
   * bytes: the core then asks it for ids it keeps as bytes, without making their text (a table made from a
   * file's bytes need not encode the text again).
   */
  positionOfBytes?(bytes: Uint8Array, start: number, end: number): number | undefined;
  /**
   * Optional: copies the UTF-8 bytes of the id at `position` into `target` from `at`, and returns how many; -1
   * when they are more than `room` or the position has none. A table made from a file's bytes gives them
   * without making the id's text (the command line sorts a million ids so, without a million strings).
   */
  idBytesInto?(position: number, target: Uint8Array, at: number, room: number): number;
  /**
   * Optional: where the features of each record of a list of customers are, by the record's index, in a table
   * made for that list (the command line's customers file): a run on those very records (`records`, the same
   * object, their ids read from the field `idKey`) then takes each record's position from here instead of
   * looking its id up. `positions[i]` is the position of record `i`'s id as `positionOf` gives it, a number at
   * least `recency.length` for a listed customer without any taken row, or -1 when it says nothing of record `i`
   * (its id is then looked up).
   */
  readonly recordPositions?: RecordPositions;
  /** 1 when the customer made at least one purchase (amount ≥ 0) on or before asOf. */
  readonly hasPurchase: Uint8Array;
  /** Whole days from the last purchase to asOf. */
  readonly recency: Int32Array;
  /** Purchases counted per the frequency option. */
  readonly frequency: Float64Array;
  /** Monetary value, rounded to 6 decimal places. */
  readonly monetary: Float64Array;
  /** Day number of the first and last purchase. */
  readonly firstDay: Int32Array;
  /** Day number of the last purchase. */
  readonly lastDay: Int32Array;
  /** Rows left out because they were after asOf, with `future: 'ignore'`. */
  readonly ignoredFuture: number;
  /** Rows left out because they were returns, with `returns: 'ignore'`. */
  readonly ignoredReturns: number;
}

const MICRO = 1e6;

/**
 * A row the accumulator did not take: what is wrong with it (without `index`/`source`, which the caller knows).
 *
 * @example
 * const problem: RowProblem = { id: 'c1', path: ['date'], code: 'invalid_date', message: 'expected a date, got "soon"' };
 */
export type RowProblem = Omit<Rejection, 'index' | 'source'>;

/**
 * A transaction row as {@link RfmAccumulator.read} reads it: what `add` gives `addAt`.
 *
 * @example
 * const acc = createRfmAccumulator(resolveAsOf('2026-01-10'), { frequency: 'orders', monetary: 'sum', returns: 'net', future: 'reject' });
 * acc.read('c1', '2026-01-01', '-12.5', 'o7')
 * // → { id: 'c1', day: 20454, micro: -12500000, isReturn: true, order: 'o7' }
 */
export interface TransactionRead {
  /** The customer id, never blank. */
  readonly id: string;
  /** The purchase day number (days since 1970-01-01 in the pipeline's time zone). */
  readonly day: number;
  /** The amount in integer millionths, `Math.round(amount × 1e6)`. */
  readonly micro: number;
  /** The amount is negative. */
  readonly isReturn: boolean;
  /** The order id as text, `undefined` when the row has none (or frequency does not count orders). */
  readonly order: string | undefined;
}

/** A streaming accumulator: add rows one at a time, read the features at the end. */
export interface RfmAccumulator {
  /**
   * Adds one transaction row. Returns `undefined` when the row was taken (or left out by option), or a
   * rejection (without `index`/`source`, which the caller knows) when the row is bad. With a `quantityKey`,
   * the amount is a unit price and `quantity` multiplies it.
   */
  add(
    customer: unknown,
    date: unknown,
    amount: unknown,
    order?: unknown,
    quantity?: unknown,
  ): RowProblem | undefined;
  /**
   * The index of a customer id for {@link RfmAccumulator.addAt}, registered on first sight: the way in for a
   * reader that has already parsed its rows (a byte-level CSV reader interns each id once, not once per row).
   * A customer is part of the features only once one of its rows is taken, in the order of those first rows,
   * exactly as with `add`. Throws a `RangeError` for a blank id, which `add` rejects as `missing_customer`.
   */
  intern(id: string): number;
  /**
   * Reads one transaction row by the rules of {@link RfmAccumulator.add} without adding it: the values `add`
   * would give `addAt` (the id, the day number, the amount in millionths, whether it is a return, the order id
   * as text), or the problem `add` would return. For a reader that aggregates rows itself and wants the same
   * rejections, word for word.
   */
  read(
    customer: unknown,
    date: unknown,
    amount: unknown,
    order?: unknown,
    quantity?: unknown,
  ): TransactionRead | RowProblem;
  /** The number of an order id for {@link RfmAccumulator.addAt}, registered on first sight. */
  internOrder(order: string): number;
  /**
   * Adds a row already read: the customer's index from `intern`, the purchase day number, the amount in
   * integer millionths (`Math.round(amount × 1e6)`), whether the amount is negative (a return; `-0.0000001`
   * rounds to 0 millionths but is still a return), and the order number from `internOrder` (`-1` for none).
   * Applies the rules of `add` after reading: purchases after asOf, returns, missing order ids (whose message
   * shows `orderValue`). `add` is this, after reading its values.
   */
  addAt(
    index: number,
    day: number,
    micro: number,
    isReturn: boolean,
    order?: number,
    orderValue?: unknown,
  ): RowProblem | undefined;
  /** The features of every customer seen so far. */
  finish(): RfmFeatureTable;
}

/**
 * Makes an accumulator of transactions into RFM features. Rows are added one at a time (from an array or
 * while a file is read), so a 10-million-row export is never held as objects.
 *
 * @example
 * const acc = createRfmAccumulator(resolveAsOf('2026-01-10'), { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' });
 * acc.add('c1', '2026-01-01', 20);
 * acc.addAt(acc.intern('c1'), 20_461, 15_500_000, false); // 2026-01-08, 15.5, already read
 * acc.finish().recency // → Int32Array.of(2)
 */
export function createRfmAccumulator(
  asOf: AsOf,
  options: AggregateOptions,
  keys: TransactionKeys = DEFAULT_KEYS,
): RfmAccumulator {
  return makeAccumulator(asOf, options, keys).accumulator;
}

/** What `aggregateRows` reaches past the public accumulator: lookups and adds without their checks. */
interface AccumulatorCore {
  readonly accumulator: RfmAccumulator;
  /** The handle of an id already interned, `undefined` for a new one (which `add` or `intern` registers). */
  handleOf(id: string): number | undefined;
  /** `addAt` without its argument checks, for a caller that made its values itself. */
  take(idx: number, day: number, micro: number, isReturn: boolean): RowProblem | undefined;
}

function makeAccumulator(asOf: AsOf, options: AggregateOptions, keys: TransactionKeys): AccumulatorCore {
  // Customers are numbered by `intern` (handles) as soon as a row names them; they become part of the result,
  // in that order, only when a row of theirs is taken, so a customer seen only in rejected rows never shows up.
  const handleOf = new StringIndex();
  const handleIds: string[] = [];
  let cap = 1024;
  // One row of four numbers per customer (first day, last day, purchases, amount in millionths), side by side
  // so that adding a transaction touches one cache line, not four: rows come in random customer order. The
  // first day is NaN until a row of the customer is taken.
  let cells: Float64Array = new Float64Array(cap * 4);
  // Handles in the order of their first taken row; `inOrder` while that is the order of `intern`.
  let order: Int32Array = new Int32Array(cap);
  let taken = 0;
  let inOrder = true;
  // Distinct days/orders are counted at the end from (customer, key) pairs, sorted natively.
  const distinct = options.frequency !== 'transactions';
  const byOrder = options.frequency === 'orders';
  let pairs: Float64Array = new Float64Array(distinct ? 1024 : 0);
  let pairCount = 0;
  const orderIndex = new StringIndex();
  let ignoredFuture = 0;
  let ignoredReturns = 0;
  let lastId = '';
  let lastIdx = -1;
  let lastDateValue: unknown;
  let lastDate = Number.NaN;
  const MIN_DAY = -1_000_000;

  const grow = (): void => {
    cap *= 2;
    const more = new Float64Array(cap * 4);
    more.set(cells);
    cells = more;
    const moreOrder = new Int32Array(cap);
    moreOrder.set(order);
    order = moreOrder;
  };

  const intern = (id: string): number => {
    let idx = handleOf.get(id);
    if (idx === undefined) {
      if (id.trim() === '') throw new RangeError('a customer id cannot be blank');
      idx = handleOf.addMissing(id);
      handleIds.push(id);
      if (idx >= cap) grow();
      cells[idx * 4] = Number.NaN;
      cells[idx * 4 + 1] = MIN_DAY;
    }
    return idx;
  };

  const internOrder = (key: string): number => {
    return orderIndex.add(key);
  };

  const take = (
    idx: number,
    day: number,
    micro: number,
    isReturn: boolean,
    orderNo = -1,
    orderValue?: unknown,
  ): RowProblem | undefined => {
    if (day > asOf.day) {
      if (options.future === 'ignore') {
        ignoredFuture++;
        return undefined;
      }
      return {
        id: handleIds[idx] as string,
        path: [keys.dateKey],
        code: 'future_purchase',
        message: `the purchase date is after asOf (${asOf.date})`,
      };
    }
    if (isReturn && options.returns === 'ignore') {
      ignoredReturns++;
      return undefined;
    }
    if (byOrder && !isReturn && orderNo < 0)
      return {
        id: handleIds[idx] as string,
        path: [keys.orderKey ?? 'order'],
        code: 'missing_order',
        message: `expected an order id, got ${describeValue(orderValue)}`,
      };
    const at = idx * 4;
    if (Number.isNaN(cells[at])) {
      cells[at] = 2_147_483_647;
      order[taken] = idx;
      if (idx !== taken) inOrder = false;
      taken++;
    }
    cells[at + 3] = (cells[at + 3] as number) + micro;
    if (isReturn) return undefined;
    cells[at + 2] = (cells[at + 2] as number) + 1;
    if (day < (cells[at] as number)) cells[at] = day;
    if (day > (cells[at + 1] as number)) cells[at + 1] = day;
    if (distinct) {
      if (pairCount === pairs.length) {
        const b = new Float64Array(pairs.length * 2);
        b.set(pairs);
        pairs = b;
      }
      // Pack (customer, day or order) into one exact float: customer · 2^26 + key (2^26 days ≈ 180,000 years).
      pairs[pairCount++] = idx * 67_108_864 + (byOrder ? orderNo : day - MIN_DAY);
    }
    return undefined;
  };

  // `take` after checking what a caller outside gave: an interned index, a whole day number, finite millionths.
  const addAt: typeof take = (idx, day, micro, isReturn, orderNo, orderValue) => {
    if (!(idx >= 0 && idx < handleIds.length) || !Number.isInteger(day) || !Number.isFinite(micro))
      throw new RangeError(
        `addAt expects an interned index, a day number and millionths, got ${idx}, ${day}, ${micro}`,
      );
    return take(idx, day, micro, isReturn, orderNo, orderValue);
  };

  const accumulator: RfmAccumulator = {
    intern,
    internOrder,
    addAt,

    read(customer, date, amount, orderValue, quantity) {
      // A blank id is never interned: the (costly) blank test runs only for an id not seen before.
      let id: string;
      if (typeof customer === 'string') {
        id = customer;
        if (customer !== lastId && handleOf.get(customer) === undefined && customer.trim() === '') id = '';
      } else if (typeof customer === 'number' && Number.isFinite(customer)) id = String(customer);
      else id = '';
      if (id === '')
        return {
          path: [keys.customerKey],
          code: 'missing_customer',
          message: `the transaction has no customer id, got ${describeValue(customer)}`,
        };
      let day: number;
      if (date === lastDateValue && typeof date === 'string') day = lastDate;
      else {
        day = dayOf(date, asOf.timeZone);
        lastDateValue = date;
        lastDate = day;
      }
      if (Number.isNaN(day))
        return {
          id,
          path: [keys.dateKey],
          code: 'invalid_date',
          message: `expected a date, got ${describeValue(date)}`,
        };
      let value = numberOf(amount);
      if (!Number.isFinite(value))
        return {
          id,
          path: [keys.amountKey],
          code: 'invalid_amount',
          message: `expected a finite amount, got ${describeValue(amount)}`,
        };
      if (keys.quantityKey !== undefined) {
        const count = numberOf(quantity);
        if (!Number.isFinite(count))
          return {
            id,
            path: [keys.quantityKey],
            code: 'invalid_quantity',
            message: `expected a finite quantity, got ${describeValue(quantity)}`,
          };
        value *= count;
      }
      let order: string | undefined;
      if (byOrder && (typeof orderValue === 'string' || typeof orderValue === 'number')) {
        const key = String(orderValue);
        if (key !== '') order = key;
      }
      return { id, day, micro: Math.round(value * MICRO), isReturn: value < 0, order };
    },

    add(customer, date, amount, orderValue, quantity) {
      const row = accumulator.read(customer, date, amount, orderValue, quantity);
      if ('code' in row) return row;
      if (row.id !== lastId) {
        lastIdx = intern(row.id);
        lastId = row.id;
      }
      const orderNo = row.order === undefined ? -1 : internOrder(row.order);
      return addAt(lastIdx, row.day, row.micro, row.isReturn, orderNo, orderValue);
    },

    finish() {
      // Without a customer seen only in rejected rows nor taken out of order, handles are the positions.
      const same = inOrder && taken === handleIds.length;
      const n = taken;
      const ids = same ? handleIds : Array.from(order.subarray(0, n), (h) => handleIds[h] as string);
      let positions = handleOf;
      if (!same) {
        positions = new StringIndex();
        for (const id of ids) positions.add(id);
      }
      const hasPurchase = new Uint8Array(n);
      const recency = new Int32Array(n);
      const frequency = new Float64Array(n);
      const monetary = new Float64Array(n);
      // Purchases per handle: rows, or distinct (customer, key) pairs.
      let counts: Float64Array | undefined;
      if (distinct) {
        counts = new Float64Array(handleIds.length);
        const sorted = pairs.subarray(0, pairCount).sort();
        for (let i = 0; i < sorted.length; i++) {
          if (i > 0 && sorted[i] === sorted[i - 1]) continue;
          const h = Math.floor((sorted[i] as number) / 67_108_864);
          counts[h] = (counts[h] as number) + 1;
        }
      }
      const firstDay = new Int32Array(n);
      const lastDay = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const h = same ? i : (order[i] as number);
        const at = h * 4;
        frequency[i] = counts === undefined ? (cells[at + 2] as number) : (counts[h] as number);
        firstDay[i] = cells[at] as number;
        lastDay[i] = cells[at + 1] as number;
        const bought = (cells[at + 2] as number) > 0;
        hasPurchase[i] = bought ? 1 : 0;
        recency[i] = bought ? asOf.day - (lastDay[i] as number) : -1;
        const total = cells[at + 3] as number;
        const f = frequency[i] as number;
        monetary[i] = (options.monetary === 'mean' ? (f > 0 ? Math.round(total / f) : 0) : total) / MICRO;
      }
      return {
        ids,
        positionOf: lookupIn(positions),
        hasPurchase,
        recency,
        frequency,
        monetary,
        firstDay,
        lastDay,
        ignoredFuture,
        ignoredReturns,
      };
    },
  };
  return { accumulator, handleOf: (id) => handleOf.get(id), take };
}

/**
 * `positionOf` of a feature table. Made out here, not inside the accumulator: a function made there would keep
 * the accumulator's whole scope alive with the table (its cells, 32 MiB for a million customers).
 */
function lookupIn(index: StringIndex): (id: string) => number | undefined {
  return (id) => index.get(id);
}

/** A number from a number or a numeric text (at most 64 characters); NaN for anything else. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 64) return Number(value);
  return Number.NaN;
}

/** The fields of a transaction row. */
export interface TransactionKeys {
  /** Field of the customer id. */
  readonly customerKey: string;
  /** Field of the date. */
  readonly dateKey: string;
  /** Field of the amount. */
  readonly amountKey: string;
  /** Field of the order id. */
  readonly orderKey?: string | undefined;
  /** Field of a quantity: the amount of a row is then its amount field × this field. */
  readonly quantityKey?: string | undefined;
}

/** Default transaction fields: `customerId`, `date`, `amount`. */
export const DEFAULT_KEYS: TransactionKeys = {
  customerKey: 'customerId',
  dateKey: 'date',
  amountKey: 'amount',
};

const hasOwn = Object.prototype.hasOwnProperty;
function read(row: unknown, key: string | undefined): unknown {
  if (key === undefined || row === null || typeof row !== 'object' || !hasOwn.call(row, key))
    return undefined;
  return (row as Record<string, unknown>)[key];
}

/**
 * Aggregates an array of transaction rows, reporting each bad row with its index.
 */
export function aggregateRows(
  rows: readonly unknown[],
  asOf: AsOf,
  options: AggregateOptions,
  keys: TransactionKeys,
  reject: (rejection: Rejection & { readonly source: 'transactions' }) => void,
): RfmFeatureTable {
  const core = makeAccumulator(asOf, options, keys);
  const acc = core.accumulator;
  const { customerKey, dateKey, amountKey, orderKey, quantityKey } = keys;
  // The common row (own string id already seen, date text, finite number amount) is taken here without the
  // generic reads of `add`: one keyed load per field at its own site, the last date's day number reused. Any
  // other row goes through `add`, which registers new ids and words every rejection.
  const direct = options.frequency !== 'orders' && quantityKey === undefined;
  let lastDate = '';
  let lastDay = Number.NaN;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (direct && row !== null && typeof row === 'object') {
      const fields = row as Record<string, unknown>;
      const customer = fields[customerKey];
      const date = fields[dateKey];
      const amount = fields[amountKey];
      if (
        typeof customer === 'string' &&
        typeof date === 'string' &&
        typeof amount === 'number' &&
        Number.isFinite(amount) &&
        hasOwn.call(row, customerKey) &&
        hasOwn.call(row, dateKey) &&
        hasOwn.call(row, amountKey)
      ) {
        const handle = core.handleOf(customer);
        if (date !== lastDate) {
          lastDate = date;
          lastDay = dayOf(date, asOf.timeZone);
        }
        if (handle !== undefined && !Number.isNaN(lastDay)) {
          const bad = core.take(handle, lastDay, Math.round(amount * MICRO), amount < 0);
          if (bad !== undefined) reject({ ...bad, index: i, source: 'transactions' });
          continue;
        }
      }
    }
    const bad =
      row === null || typeof row !== 'object'
        ? { path: [], code: 'invalid_record', message: 'expected an object' }
        : acc.add(
            read(row, customerKey),
            read(row, dateKey),
            read(row, amountKey),
            read(row, orderKey),
            read(row, quantityKey),
          );
    if (bad !== undefined) reject({ ...bad, index: i, source: 'transactions' });
  }
  return acc.finish();
}
