// Golden test on the bundled CDNOW data. The expected values come from a small, independent implementation
// written here from the definitions (own parser, cents as integers, comparator sorts, the grid table), never
// from the code under test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  definePipeline,
  type RfmComponentScore,
  rfm,
  rfmSegments,
  scoreCustomers,
} from '../../../src/index.js';

const text = readFileSync(new URL('../../../examples/data/CDNOW_master.txt', import.meta.url), 'latin1');

interface Row {
  id: string;
  day: number;
  cents: number;
}
const rows: Row[] = [];
for (const line of text.split('\n').slice(1)) {
  const cells = line
    .split(' ')
    .filter((c) => c.length > 0 && c !== '\r')
    .map((c) => c.replace('\r', ''));
  if (cells.length !== 4) continue;
  const [id, ymd, , dollars] = cells as [string, string, string, string];
  const day =
    Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) / 86_400_000;
  const [whole, frac = ''] = dollars.split('.');
  rows.push({ id, day, cents: Number(whole) * 100 + Number(frac.padEnd(2, '0')) });
}

const asOfDay = Date.UTC(1998, 6, 1) / 86_400_000; // the day after the last purchase (1998-06-30)
const customers = new Map<string, { last: number; count: number; cents: number }>();
for (const r of rows) {
  const c = customers.get(r.id) ?? { last: -Infinity, count: 0, cents: 0 };
  c.last = Math.max(c.last, r.day);
  c.count += 1;
  c.cents += r.cents;
  customers.set(r.id, c);
}
const ids = [...customers.keys()];
function rankMinScore(values: number[]): (v: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  return (v) => {
    let below = 0;
    while (below < sorted.length && (sorted[below] as number) < v) below++;
    return 1 + Math.floor((5 * below) / sorted.length);
  };
}
// "Better" is larger: negate recency.
const rScore = rankMinScore(ids.map((id) => -(asOfDay - (customers.get(id)?.last as number))));
const fScore = rankMinScore(ids.map((id) => customers.get(id)?.count as number));
const mScore = rankMinScore(ids.map((id) => customers.get(id)?.cents as number));
const GRID: [string, number, number, number, number][] = [
  ['champions', 5, 5, 4, 5],
  ['loyal', 3, 4, 4, 5],
  ['potential_loyalists', 4, 5, 2, 3],
  ['new_customers', 5, 5, 1, 1],
  ['promising', 4, 4, 1, 1],
  ['need_attention', 3, 3, 3, 3],
  ['about_to_sleep', 3, 3, 1, 2],
  ['at_risk', 1, 2, 3, 4],
  ['cannot_lose', 1, 2, 5, 5],
  ['hibernating', 1, 2, 1, 2],
];

describe('CDNOW, scored with RFM and the standard segments', () => {
  const transactions = rows.map((r) => ({
    customerId: r.id,
    date: new Date(r.day * 86_400_000).toISOString().slice(0, 10),
    amount: r.cents / 100,
  }));
  const pipeline = definePipeline({
    id: 'cdnow',
    scorers: [rfm()],
    segment: rfmSegments({ preset: 'standard' }),
  });
  const run = scoreCustomers(
    ids.map((id) => ({ id })),
    pipeline,
    { asOf: '1998-07-01', transactions },
  );

  it('has the published size: 69,659 purchases, 23,570 customers, $2,500,315.63', () => {
    expect(rows).toHaveLength(69_659);
    expect(customers.size).toBe(23_570);
    expect(rows.reduce((s, r) => s + r.cents, 0)).toBe(250_031_563);
    expect(run.results).toHaveLength(23_570);
    expect(run.rejected).toEqual([]);
  });

  it('every customer gets the RFM code and segment of the independent implementation', () => {
    const mismatches: string[] = [];
    const counts = new Map<string, number>();
    for (const result of run.results) {
      const c = customers.get(result.id);
      if (c === undefined) throw new Error(`unknown customer ${result.id}`);
      const recency = asOfDay - c.last;
      const r = rScore(-recency);
      const f = fScore(c.count);
      const m = mScore(c.cents);
      const segment = GRID.find(([, r0, r1, f0, f1]) => r >= r0 && r <= r1 && f >= f0 && f <= f1)?.[0];
      counts.set(segment as string, (counts.get(segment as string) ?? 0) + 1);
      const component = result.components.rfm as RfmComponentScore;
      if (
        component.code !== `${r}${f}${m}` ||
        component.recency !== recency ||
        component.frequency !== c.count ||
        Math.round(component.monetary * 100) !== c.cents ||
        result.segment?.key !== segment
      ) {
        mismatches.push(result.id);
      }
    }
    expect(mismatches).toEqual([]);
    expect(run.summary.bySegment).toEqual(Object.fromEntries(counts));
  });
});
