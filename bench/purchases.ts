// A seeded generator of purchase histories with the skew of real customer bases: most customers buy once or
// twice, a few buy very often (a Pareto-like count), activity windows differ, amounts are log-normal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from './util.js';

/** Purchases as columns: customer index, day number, amount (two decimals). */
export interface PurchaseColumns {
  readonly customers: number;
  readonly customer: Int32Array;
  readonly day: Int32Array;
  readonly amount: Float64Array;
  readonly firstDay: number;
  readonly lastDay: number;
}

/** About `transactions` purchases by `customers` customers over two years before 2026-01-01. */
export function generatePurchases(customers: number, transactions: number, seed = 7): PurchaseColumns {
  const rand = mulberry32(seed);
  const lastDay = Date.UTC(2025, 11, 31) / 86_400_000;
  const firstDay = lastDay - 729;
  // Purchase counts: 1 + floor(Pareto(alpha = 1.3)), scaled to reach the wanted total.
  const weights = new Float64Array(customers);
  let total = 0;
  for (let c = 0; c < customers; c++) {
    const w = 1 / (1 - rand()) ** (1 / 1.3);
    weights[c] = w;
    total += w;
  }
  const counts = new Int32Array(customers);
  let n = 0;
  for (let c = 0; c < customers; c++) {
    counts[c] = Math.max(1, Math.round(((weights[c] as number) / total) * transactions));
    n += counts[c] as number;
  }
  const customer = new Int32Array(n);
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  let k = 0;
  for (let c = 0; c < customers; c++) {
    const start = firstDay + Math.floor(rand() * 700);
    const span = Math.max(1, Math.floor((lastDay - start) * rand()) + 1);
    const basket = Math.exp(3 + rand() * 1.5);
    for (let i = 0; i < (counts[c] as number); i++) {
      customer[k] = c;
      day[k] = start + Math.floor(rand() * span);
      // A return now and then: about 2 % of the rows.
      const sign = rand() < 0.02 ? -1 : 1;
      amount[k] = (sign * Math.round(basket * Math.exp((rand() - 0.5) * 1.2) * 100)) / 100;
      k++;
    }
  }
  // Shuffle rows so they are not grouped by customer (real exports are ordered by time or not at all).
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [customer[i], customer[j]] = [customer[j] as number, customer[i] as number];
    [day[i], day[j]] = [day[j] as number, day[i] as number];
    [amount[i], amount[j]] = [amount[j] as number, amount[i] as number];
  }
  return { customers, customer, day, amount, firstDay, lastDay };
}

/** Customer ids `c0000001`… and ISO dates, shared strings as a JSON parser or a CSV reader would give. */
export function idsAndDates(p: PurchaseColumns): { ids: string[]; dates: Map<number, string> } {
  const ids = Array.from({ length: p.customers }, (_, c) => `c${String(c).padStart(7, '0')}`);
  const dates = new Map<number, string>();
  for (let d = p.firstDay; d <= p.lastDay; d++)
    dates.set(d, new Date(d * 86_400_000).toISOString().slice(0, 10));
  return { ids, dates };
}

/** The purchases as plain objects `{ customerId, date, amount }`. */
export function toObjects(p: PurchaseColumns): { customerId: string; date: string; amount: number }[] {
  const { ids, dates } = idsAndDates(p);
  const rows = new Array<{ customerId: string; date: string; amount: number }>(p.customer.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      customerId: ids[p.customer[i] as number] as string,
      date: dates.get(p.day[i] as number) as string,
      amount: p.amount[i] as number,
    };
  }
  return rows;
}

/** Writes the purchases as a CSV file `customerId,date,amount` in a temporary folder; returns its path. */
export function writePurchasesCsv(p: PurchaseColumns): string {
  const { ids, dates } = idsAndDates(p);
  const path = join(mkdtempSync(join(tmpdir(), 'scorekit-bench-')), 'transactions.csv');
  const chunks: string[] = ['customerId,date,amount\n'];
  let buffer = '';
  for (let i = 0; i < p.customer.length; i++) {
    buffer += `${ids[p.customer[i] as number]},${dates.get(p.day[i] as number)},${(p.amount[i] as number).toFixed(2)}\n`;
    if (buffer.length > 1 << 20) {
      chunks.push(buffer);
      buffer = '';
    }
  }
  chunks.push(buffer);
  writeFileSync(path, chunks.join(''));
  return path;
}
