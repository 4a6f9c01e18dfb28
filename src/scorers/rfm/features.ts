import type { Rejection } from '../../errors/errors.js';
import { resolveAsOf } from '../../time/as-of.js';
import { dayToIso } from '../../time/instant.js';
import { type AggregateOptions, aggregateRows, type TransactionKeys } from './aggregate.js';

/**
 * Options of {@link rfmFromTransactions}.
 *
 * @example
 * const options: RfmFromTransactionsOptions = { asOf: '2026-01-01', customerKey: 'customer', dateKey: 'day', amountKey: 'total' };
 */
export interface RfmFromTransactionsOptions {
  /** The reference date (`2026-01-01`, a `Date` or epoch ms). */
  readonly asOf: string | Date | number;
  /** IANA zone in which purchase days are counted (default `UTC`). */
  readonly timeZone?: string | undefined;
  /** Field of the customer id (default `customerId`). */
  readonly customerKey?: string | undefined;
  /** Field of the purchase date (default `date`). */
  readonly dateKey?: string | undefined;
  /** Field of the amount (default `amount`). */
  readonly amountKey?: string | undefined;
  /** Field of the order id (for `frequency: 'orders'`). */
  readonly orderKey?: string | undefined;
  /** Field of a quantity, for invoice lines: a row's amount is then `amountKey × quantityKey`. */
  readonly quantityKey?: string | undefined;
  /** `transactions` (rows, default), distinct `days` or distinct `orders`. */
  readonly frequency?: 'transactions' | 'days' | 'orders' | undefined;
  /** `sum` (default) or `mean` per frequency unit. */
  readonly monetary?: 'sum' | 'mean' | undefined;
  /** Negative amounts: `net` (default) or `ignore`. */
  readonly returns?: 'net' | 'ignore' | undefined;
  /** Purchases after asOf: `reject` (default) or `ignore`. */
  readonly future?: 'reject' | 'ignore' | undefined;
}

/**
 * One customer's RFM features. A customer whose rows are only returns has no purchase: `recency`,
 * `firstPurchase` and `lastPurchase` are `null` and `frequency` is 0.
 *
 * @example
 * const row: RfmFeatures = { id: 'c1', recency: 3, frequency: 2, monetary: 35.5, firstPurchase: '2025-12-01', lastPurchase: '2025-12-29' };
 */
export interface RfmFeatures {
  /** The customer id. */
  readonly id: string;
  /** Whole days from the last purchase to asOf (`null`: no purchase). */
  readonly recency: number | null;
  /** Purchases, per the frequency option. */
  readonly frequency: number;
  /** Monetary value, rounded to 6 decimal places. */
  readonly monetary: number;
  /** Date of the first purchase. */
  readonly firstPurchase: string | null;
  /** Date of the last purchase. */
  readonly lastPurchase: string | null;
}

/**
 * What {@link rfmFromTransactions} gives: one row per customer, sorted by id, and the bad transaction rows.
 *
 * @example
 * const out: RfmFromTransactionsResult = rfmFromTransactions([], { asOf: '2026-01-01' });
 * out.customers.length // → 0
 */
export interface RfmFromTransactionsResult {
  /** One row per customer, sorted by id. */
  readonly customers: readonly RfmFeatures[];
  /** Bad rows, with their index and reason; nothing is dropped silently. */
  readonly rejected: readonly Rejection[];
  /** Rows after asOf left out with `future: 'ignore'`. */
  readonly ignoredFuture: number;
  /** Returns left out with `returns: 'ignore'`. */
  readonly ignoredReturns: number;
}

/**
 * Computes recency, frequency and monetary value per customer from purchase rows, as defined in
 * docs/rfm.md: recency = whole days from the last purchase to asOf; frequency counts rows, days or orders;
 * monetary is the sum or mean, rounded to 6 decimals. Bad rows (no customer, unreadable date, non-finite
 * amount, purchase after asOf) are reported with their index.
 *
 * @example
 * const { customers } = rfmFromTransactions(
 *   [
 *     { customerId: 'a', date: '2025-12-01', amount: 20 },
 *     { customerId: 'a', date: '2025-12-29', amount: '15.5' },
 *     { customerId: 'b', date: '2025-06-30', amount: 100 },
 *   ],
 *   { asOf: '2026-01-01' },
 * );
 * customers[0] // → { id: 'a', recency: 3, frequency: 2, monetary: 35.5, firstPurchase: '2025-12-01', lastPurchase: '2025-12-29' }
 */
export function rfmFromTransactions(
  transactions: readonly unknown[],
  options: RfmFromTransactionsOptions,
): RfmFromTransactionsResult {
  const asOf = resolveAsOf(options.asOf, options.timeZone ?? 'UTC');
  const aggregate: AggregateOptions = {
    frequency: options.frequency ?? 'transactions',
    monetary: options.monetary ?? 'sum',
    returns: options.returns ?? 'net',
    future: options.future ?? 'reject',
  };
  const keys: TransactionKeys = {
    customerKey: options.customerKey ?? 'customerId',
    dateKey: options.dateKey ?? 'date',
    amountKey: options.amountKey ?? 'amount',
    orderKey: options.orderKey,
    quantityKey: options.quantityKey,
  };
  const rejected: Rejection[] = [];
  const table = aggregateRows(transactions, asOf, aggregate, keys, (r) => rejected.push(r));
  const order = table.ids
    .map((_, i) => i)
    .sort((a, b) => compareIds(table.ids[a] as string, table.ids[b] as string));
  const customers = order.map((i): RfmFeatures => {
    const bought = table.hasPurchase[i] === 1;
    return {
      id: table.ids[i] as string,
      recency: bought ? (table.recency[i] as number) : null,
      frequency: table.frequency[i] as number,
      monetary: table.monetary[i] as number,
      firstPurchase: bought ? dayToIso(table.firstDay[i] as number) : null,
      lastPurchase: bought ? dayToIso(table.lastDay[i] as number) : null,
    };
  });
  return { customers, rejected, ignoredFuture: table.ignoredFuture, ignoredReturns: table.ignoredReturns };
}

/** Orders ids by UTF-16 code units, the same on every machine (no locale). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
