// Transactions → per-customer RFM features, columnar: customers get a dense index, every per-customer
// figure lives in a typed array, dates become integer day numbers and amounts integer micro-units, so the
// result does not depend on the order of the rows and no object is made per transaction.

import { describeValue } from '../../conditions/coerce.js';
import type { Rejection } from '../../errors/errors.js';
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
 * Per-customer features, one position per customer. `recency` is `-1` for a customer without any purchase
 * (only returns): see {@link RfmFeatureTable.hasPurchase}.
 */
export interface RfmFeatureTable {
  /** The customer ids, in order of first appearance. */
  readonly ids: readonly string[];
  /** Position of each customer id. */
  readonly indexOf: ReadonlyMap<string, number>;
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

/** A streaming accumulator: add rows one at a time, read the features at the end. */
export interface RfmAccumulator {
  /**
   * Adds one transaction row. Returns `undefined` when the row was taken (or left out by option), or a
   * rejection (without `index`/`source`, which the caller knows) when the row is bad.
   */
  add(
    customer: unknown,
    date: unknown,
    amount: unknown,
    order?: unknown,
  ): Omit<Rejection, 'index' | 'source'> | undefined;
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
 * acc.add('c1', '2026-01-08', '15.5');
 * acc.finish().recency // → Int32Array.of(2)
 */
export function createRfmAccumulator(
  asOf: AsOf,
  options: AggregateOptions,
  keys: TransactionKeys = DEFAULT_KEYS,
): RfmAccumulator {
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  let cap = 1024;
  // One row of four numbers per customer (first day, last day, purchases, amount in millionths), side by side
  // so that adding a transaction touches one cache line, not four: rows come in random customer order.
  let cells: Float64Array = new Float64Array(cap * 4);
  // Distinct days/orders are counted at the end from (customer, key) pairs, sorted natively.
  const distinct = options.frequency !== 'transactions';
  let pairs: Float64Array = new Float64Array(distinct ? 1024 : 0);
  let pairCount = 0;
  const orderIndex = new Map<string, number>();
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
  };

  return {
    add(customer, date, amount, order) {
      let id: string;
      if (typeof customer === 'string') id = customer.trim() === '' ? '' : customer;
      else if (typeof customer === 'number' && Number.isFinite(customer)) id = String(customer);
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
      let value: number;
      if (typeof amount === 'number') value = amount;
      else if (typeof amount === 'string' && amount.trim() !== '' && amount.length <= 64)
        value = Number(amount);
      else value = Number.NaN;
      if (!Number.isFinite(value))
        return {
          id,
          path: [keys.amountKey],
          code: 'invalid_amount',
          message: `expected a finite amount, got ${describeValue(amount)}`,
        };
      if (day > asOf.day) {
        if (options.future === 'ignore') {
          ignoredFuture++;
          return undefined;
        }
        return {
          id,
          path: [keys.dateKey],
          code: 'future_purchase',
          message: `the purchase date is after asOf (${asOf.date})`,
        };
      }
      const isReturn = value < 0;
      if (isReturn && options.returns === 'ignore') {
        ignoredReturns++;
        return undefined;
      }
      let orderNo = -1;
      if (options.frequency === 'orders' && !isReturn) {
        const key = typeof order === 'string' || typeof order === 'number' ? String(order) : '';
        if (key === '')
          return {
            id,
            path: [keys.orderKey ?? 'order'],
            code: 'missing_order',
            message: `expected an order id, got ${describeValue(order)}`,
          };
        orderNo = orderIndex.get(key) ?? orderIndex.size;
        if (orderNo === orderIndex.size) orderIndex.set(key, orderNo);
      }
      let idx: number;
      if (id === lastId) idx = lastIdx;
      else {
        const known = indexOf.get(id);
        if (known === undefined) {
          idx = ids.length;
          ids.push(id);
          indexOf.set(id, idx);
          if (idx >= cap) grow();
          cells[idx * 4] = 2_147_483_647;
          cells[idx * 4 + 1] = MIN_DAY;
        } else idx = known;
        lastId = id;
        lastIdx = idx;
      }
      const at = idx * 4;
      cells[at + 3] = (cells[at + 3] as number) + Math.round(value * MICRO);
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
        pairs[pairCount++] = idx * 67_108_864 + (options.frequency === 'days' ? day - MIN_DAY : orderNo);
      }
      return undefined;
    },

    finish() {
      const n = ids.length;
      const hasPurchase = new Uint8Array(n);
      const recency = new Int32Array(n);
      const frequency = new Float64Array(n);
      const monetary = new Float64Array(n);
      if (distinct) {
        const sorted = pairs.subarray(0, pairCount).sort();
        for (let i = 0; i < sorted.length; i++) {
          if (i > 0 && sorted[i] === sorted[i - 1]) continue;
          const idx = Math.floor((sorted[i] as number) / 67_108_864);
          frequency[idx] = (frequency[idx] as number) + 1;
        }
      } else for (let i = 0; i < n; i++) frequency[i] = cells[i * 4 + 2] as number;
      const firstDay = new Int32Array(n);
      const lastDay = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        firstDay[i] = cells[i * 4] as number;
        lastDay[i] = cells[i * 4 + 1] as number;
        const bought = (cells[i * 4 + 2] as number) > 0;
        hasPurchase[i] = bought ? 1 : 0;
        recency[i] = bought ? asOf.day - (lastDay[i] as number) : -1;
        const total = cells[i * 4 + 3] as number;
        const f = frequency[i] as number;
        monetary[i] = (options.monetary === 'mean' ? (f > 0 ? Math.round(total / f) : 0) : total) / MICRO;
      }
      return {
        ids,
        indexOf,
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
  const acc = createRfmAccumulator(asOf, options, keys);
  const { customerKey, dateKey, amountKey, orderKey } = keys;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const bad =
      row === null || typeof row !== 'object'
        ? { path: [], code: 'invalid_record', message: 'expected an object' }
        : acc.add(read(row, customerKey), read(row, dateKey), read(row, amountKey), read(row, orderKey));
    if (bad !== undefined) reject({ ...bad, index: i, source: 'transactions' });
  }
  return acc.finish();
}
