// RFM end to end from plain transaction objects, at 100k customers / 1M purchases and 1M / 10M, against
// DuckDB computing the same scores with window functions over the same rows already loaded in a table, and
// against the straightforward version a developer would write by hand, in the same process.
import { DuckDBInstance } from '@duckdb/node-api';
import {
  definePipeline,
  type RfmComponentScore,
  rfm,
  type ScoringRun,
  scoreCustomers,
} from '../src/index.js';
import { generatePurchases, idsAndDates, toObjects, writePurchasesCsv } from './purchases.js';
import { peakRssMiB, timeBest } from './util.js';

const AS_OF = '2026-01-01';
const AS_OF_MS = Date.UTC(2026, 0, 1);

interface Tx {
  customerId: string;
  date: string;
  amount: number;
}

/** What a developer would write by hand: a Map of customer objects, new Date per row, comparator sorts. */
function byHand(rows: readonly Tx[]): Map<string, string> {
  const customers = new Map<string, { id: string; last: Date | null; count: number; sum: number }>();
  for (const t of rows) {
    let c = customers.get(t.customerId);
    if (c === undefined) {
      c = { id: t.customerId, last: null, count: 0, sum: 0 };
      customers.set(t.customerId, c);
    }
    const d = new Date(t.date);
    c.sum += t.amount;
    if (t.amount >= 0) {
      c.count++;
      if (c.last === null || d > c.last) c.last = d;
    }
  }
  const list = [...customers.values()].filter((c) => c.count > 0);
  const n = list.length;
  const features = list.map((c) => ({
    id: c.id,
    recency: Math.round((AS_OF_MS - (c.last as Date).getTime()) / 86_400_000),
    frequency: c.count,
    monetary: Math.round(c.sum * 1e6) / 1e6,
  }));
  const score = (
    key: 'recency' | 'frequency' | 'monetary',
    better: (a: number, b: number) => number,
  ): Map<string, number> => {
    const sorted = [...features].sort((a, b) => better(a[key], b[key]));
    const out = new Map<string, number>();
    let rank = 1;
    for (let i = 0; i < n; i++) {
      if (i > 0 && sorted[i]?.[key] !== sorted[i - 1]?.[key]) rank = i + 1;
      out.set(sorted[i]?.id as string, 1 + Math.floor((5 * (rank - 1)) / n));
    }
    return out;
  };
  const r = score('recency', (a, b) => b - a);
  const f = score('frequency', (a, b) => a - b);
  const m = score('monetary', (a, b) => a - b);
  return new Map(features.map((x) => [x.id, `${r.get(x.id)}${f.get(x.id)}${m.get(x.id)}`]));
}

/**
 * The RFM scores in SQL, the same definitions as scorekit (rankMin quintiles over purchasers): the CTEs
 * `f`, `ranked` and `scores` over the transactions in `source` (a table name or a `read_csv(...)` call).
 */
export function rfmScoresSql(source: string): string {
  return `
WITH tx AS (SELECT * FROM ${source}), f AS (
  SELECT customerId,
         DATE '${AS_OF}' - max(date) FILTER (WHERE amount >= 0) AS recency,
         count(*) FILTER (WHERE amount >= 0) AS frequency,
         round(sum(amount), 6) AS monetary
  FROM tx GROUP BY customerId
  HAVING count(*) FILTER (WHERE amount >= 0) > 0
), ranked AS (
  SELECT customerId,
         rank() OVER (ORDER BY recency DESC) AS rr,
         rank() OVER (ORDER BY frequency) AS rf,
         rank() OVER (ORDER BY monetary) AS rm,
         count(*) OVER () AS n
  FROM f
), scores AS (
  SELECT customerId,
         (1 + floor(5 * (rr - 1) / n))::INTEGER AS r,
         (1 + floor(5 * (rf - 1) / n))::INTEGER AS f,
         (1 + floor(5 * (rm - 1) / n))::INTEGER AS m
  FROM ranked
)`;
}

const SQL = `CREATE OR REPLACE TABLE scores AS ${rfmScoresSql('tx')} SELECT * FROM scores`;

async function size(customers: number, transactions: number): Promise<void> {
  const p = generatePurchases(customers, transactions);
  const rows = toObjects(p);
  const { ids } = idsAndDates(p);
  const records = ids.map((id) => ({ id }));
  const pipeline = definePipeline({ id: 'bench-rfm', scorers: [rfm()] });
  const runs = rows.length > 2_000_000 ? 1 : 3;
  console.log(
    `\n### ${customers.toLocaleString('en')} customers, ${rows.length.toLocaleString('en')} purchases (best of ${runs})\n`,
  );

  let run: ScoringRun | undefined;
  const tScorekit = timeBest(runs, () => {
    run = undefined;
    run = scoreCustomers(records, pipeline, { asOf: AS_OF, transactions: rows });
  });
  const rssScorekit = peakRssMiB();
  // Read the codes out of the results after the clock: the comparison is the benchmark's work, not scorekit's.
  const codes = new Map(
    (run?.results ?? [])
      .filter((r) => (r.components.rfm as RfmComponentScore).recency !== null)
      .map((r) => [r.id, (r.components.rfm as RfmComponentScore).code]),
  );
  run = undefined;

  let hand = new Map<string, string>();
  const tHand = timeBest(runs, () => {
    hand = byHand(rows);
  });

  const csv = writePurchasesCsv(p);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(
    `CREATE TABLE tx AS SELECT * FROM read_csv('${csv}', header = true, columns = {'customerId': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`,
  );
  let tDuck = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await con.run(SQL);
    tDuck = Math.min(tDuck, performance.now() - t0);
  }
  const reader = await con.runAndReadAll('SELECT customerId, r, f, m FROM scores');
  const duck = new Map(reader.getRows().map((row) => [String(row[0]), `${row[1]}${row[2]}${row[3]}`]));
  con.closeSync();

  const same = (a: Map<string, string>, b: Map<string, string>) =>
    a.size === b.size && [...a].every(([id, code]) => b.get(id) === code);
  console.log(
    `same scores: scorekit = DuckDB ${same(codes, duck)}, scorekit = hand-written ${same(codes, hand)} (${codes.size.toLocaleString('en')} customers with a purchase)`,
  );
  console.log('| implementation | time | ratio scorekit / peer |');
  console.log('|---|---:|---:|');
  console.log(`| scorekit (plain objects → results with explanations) | ${tScorekit.toFixed(0)} ms | 1.00 |`);
  console.log(
    `| DuckDB (window functions over a loaded table) | ${tDuck.toFixed(0)} ms | ${(tScorekit / tDuck).toFixed(2)} |`,
  );
  console.log(
    `| hand-written (Map, new Date, comparator sorts) | ${tHand.toFixed(0)} ms | ${(tScorekit / tHand).toFixed(2)} |`,
  );
  console.log(
    `peak RSS after scorekit: ${rssScorekit} MiB (input objects included); after all peers: ${peakRssMiB()} MiB`,
  );
}

export async function run(): Promise<void> {
  const small = process.argv.includes('--small');
  await size(100_000, 1_000_000);
  if (!small) await size(1_000_000, 10_000_000);
  console.log('\ntargets at 1M/10M: scorekit / DuckDB ≤ 1.0; scorekit / hand-written ≤ 0.25');
}
