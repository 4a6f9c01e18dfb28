// Reading a transaction CSV into per-customer RFM figures, three ways, each in its own process on the same file
// of 1M customers / 10M rows (--small: 100k / 1M): csv-parse 7 at its best for this job (no `info`, arrays,
// rows aggregated inside `on_record`, which returns null), scorekit's byte-level reader
// (aggregateTransactionsFile), and DuckDB read_csv + GROUP BY. Each child times its reading apart from loading
// its modules (tsx compiles scorekit's TypeScript on the fly); its peak RSS is read by the parent.
//
// The children are this very file: `node --import tsx bench/transactions-csv.ts --child <how> <file>`.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline as pump } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generatePurchases, writePurchasesCsv } from './purchases.js';

const AS_OF = '2026-01-01';
const root = fileURLToPath(new URL('../', import.meta.url));
const self = fileURLToPath(import.meta.url);
const HOW = ['csv-parse', 'bytes', 'duckdb'] as const;
type How = (typeof HOW)[number];

/** What a child read: data rows, customers, milliseconds to load its modules and to read. */
interface Read {
  readonly rows: number;
  readonly customers: number;
  readonly loadMs: number;
  readonly ms: number;
}

type Counted = Pick<Read, 'rows' | 'customers'>;

/** csv-parse 7 tuned: `columns: false`, no `info`, the accumulator fed in `on_record`, which emits nothing. */
async function withCsvParse(file: string, started: () => void): Promise<Counted> {
  const { parse } = await import('csv-parse');
  const { createRfmAccumulator } = await import('../src/index.js');
  const { resolveAsOf } = await import('../src/time/as-of.js');
  started();
  const acc = createRfmAccumulator(resolveAsOf(AS_OF), {
    frequency: 'transactions',
    monetary: 'sum',
    returns: 'net',
    future: 'reject',
  });
  let header = false;
  let [ci, di, ai] = [0, 1, 2];
  let rows = 0;
  let lastBadLine = 0;
  const parser = parse({
    bom: true,
    delimiter: ',',
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[]) => {
      if (!header) {
        [ci, di, ai] = ['customerId', 'date', 'amount'].map((name) => record.indexOf(name)) as [
          number,
          number,
          number,
        ];
        header = true;
        return null;
      }
      rows++;
      const c = record[ci];
      const d = record[di];
      const a = record[ai];
      // The line is read only for a bad row: parser.info.lines is csv-parse's count so far.
      if (acc.add(c === '' ? undefined : c, d === '' ? undefined : d, a === '' ? undefined : a) !== undefined)
        lastBadLine = parser.info.lines;
      return null;
    },
  });
  await pump(createReadStream(file, { highWaterMark: 1 << 20 }), parser);
  if (lastBadLine > 0) throw new Error(`${file}, line ${lastBadLine}: a bad row in a generated file`);
  return { rows, customers: acc.finish().ids.length };
}

async function withBytes(file: string, started: () => void): Promise<Counted> {
  const { definePipeline, rfm } = await import('../src/index.js');
  const { aggregateTransactionsFile } = await import('../src/node/transactions-csv.js');
  started();
  const pipeline = definePipeline({ id: 'bench', scorers: [rfm()] });
  const { transactions, rows } = await aggregateTransactionsFile(file, pipeline, {
    asOf: AS_OF,
    onRejected: () => undefined,
  });
  return { rows, customers: transactions.ids.length };
}

async function withDuckdb(file: string, started: () => void): Promise<Counted> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  started();
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const source = `read_csv('${file.replace(/'/g, "''")}', header = true, columns = {'customerId': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`;
  await con.run(`CREATE TABLE features AS
    SELECT customerId, min(date) FILTER (WHERE amount >= 0) AS first_day, max(date) FILTER (WHERE amount >= 0) AS last_day,
      count(*) FILTER (WHERE amount >= 0) AS purchases, sum(round(amount * 1e6)) AS micros, count(*) AS rows
    FROM ${source} GROUP BY customerId`);
  const reader = await con.runAndReadAll('SELECT sum(rows)::BIGINT, count(*)::BIGINT FROM features');
  const [rows, customers] = reader.getRows()[0] as [bigint, bigint];
  con.closeSync();
  return { rows: Number(rows), customers: Number(customers) };
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) {
  const [how, file] = process.argv.slice(childAt + 1, childAt + 3) as [How, string];
  // Loading the modules (TypeScript compiled on the fly by tsx, for scorekit) is timed apart from the reading.
  const t0 = performance.now();
  let t1 = t0;
  const started = () => {
    t1 = performance.now();
  };
  const out = await (how === 'csv-parse' ? withCsvParse : how === 'bytes' ? withBytes : withDuckdb)(
    file,
    started,
  );
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ ...out, loadMs: t1 - t0, ms: t2 - t1 })}\n`);
}

/** Runs a child to its end; its peak RSS from /usr/bin/time, else from polling /proc (Linux). */
async function measure(how: How, file: string): Promise<Read & { rssMiB: number | null }> {
  const args = ['--max-old-space-size=16384', '--import', 'tsx', self, '--child', how, file];
  const hasTime = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { stdio: 'ignore' }).status === 0;
  if (hasTime) {
    const out = spawnSync('/usr/bin/time', ['-f', 'peak-kib %M', process.execPath, ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    const kib = /peak-kib (\d+)/.exec(out.stderr)?.[1];
    if (out.status !== 0) throw new Error(`${how} failed:\n${out.stdout}\n${out.stderr}`);
    const read = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as Read;
    return { ...read, rssMiB: kib === undefined ? null : Math.round(Number(kib) / 1024) };
  }
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  let kib: number | null = null;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m !== null) kib = Math.max(kib ?? 0, Number(m[1]));
    } catch {
      // Not Linux, or the child has just exited: keep the last reading.
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${how} failed (exit ${code})`);
  const read = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Read;
  return { ...read, rssMiB: kib === null ? null : Math.round(kib / 1024) };
}

const int = (n: number) => Math.round(n).toLocaleString('en');

async function size(customers: number, transactions: number): Promise<void> {
  const file = writePurchasesCsv(generatePurchases(customers, transactions));
  try {
    const results = new Map<How, Read & { rssMiB: number | null }>();
    for (const how of HOW) results.set(how, await measure(how, file));
    const rows = results.get('bytes')?.rows ?? 0;
    console.log(
      `\n### ${int(customers)} customers, ${int(rows)} rows (${int(statSync(file).size / 2 ** 20)} MiB of CSV)\n`,
    );
    console.log('| reader | rows/s | reading | loading modules | peak RSS | customers |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const labels: Record<How, string> = {
      'csv-parse': 'csv-parse 7 tuned (on_record, arrays, no info) + createRfmAccumulator.add',
      bytes: 'scorekit aggregateTransactionsFile (bytes)',
      duckdb: 'DuckDB read_csv + GROUP BY',
    };
    for (const [how, r] of results)
      console.log(
        `| ${labels[how]} | ${int(r.rows / (r.ms / 1000))} | ${int(r.ms)} ms | ${int(r.loadMs)} ms | ${r.rssMiB === null ? 'n/a' : `${int(r.rssMiB)} MiB`} | ${int(r.customers)} |`,
      );
    const bytes = results.get('bytes');
    const duck = results.get('duckdb');
    const parse = results.get('csv-parse');
    const nodeTsx = spawnSync(
      '/usr/bin/time',
      ['-f', 'peak-kib %M', process.execPath, '--import', 'tsx', '-e', '0'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const tsxKib = /peak-kib (\d+)/.exec(nodeTsx.stderr ?? '')?.[1];
    if (tsxKib !== undefined)
      console.log(
        `\n(each child runs under tsx; node + tsx alone peak at ${int(Number(tsxKib) / 1024)} MiB)`,
      );
    if (bytes !== undefined && duck !== undefined && parse !== undefined)
      console.log(
        `\nbytes / DuckDB: time ${(bytes.ms / duck.ms).toFixed(2)}, peak RSS ${bytes.rssMiB === null || duck.rssMiB === null ? 'n/a' : (bytes.rssMiB / duck.rssMiB).toFixed(2)}; bytes / csv-parse: time ${(bytes.ms / parse.ms).toFixed(2)}`,
      );
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

/** `npm run bench -- csv-reader [--small]`. */
export async function run(): Promise<void> {
  if (process.argv.includes('--small')) await size(100_000, 1_000_000);
  else await size(1_000_000, 10_000_000);
}
