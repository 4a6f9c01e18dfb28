// Reading a transaction CSV into per-customer RFM figures, each way in its own process on the same file of 1M
// customers / 10M rows (--small: 100k / 1M): three well-kept CSV parsers at their best for this job feeding the
// core's accumulator (csv-parse 7: no `info`, arrays, rows aggregated inside `on_record`, which returns null;
// Papa Parse 5 and uDSV 0.7: arrays of strings a chunk at a time), scorekit's byte-level reader
// (aggregateTransactionsFile) with one thread and, from the build, with two, and DuckDB read_csv + GROUP BY. Each child times its reading apart from loading
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
const HOW = ['csv-parse', 'papaparse', 'udsv', 'bytes', 'bytes-2', 'duckdb'] as const;
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

/** The rows of a parser (the header first) into the core's accumulator, as the csv-parse child does. */
async function accumulator() {
  const { createRfmAccumulator } = await import('../src/index.js');
  const { resolveAsOf } = await import('../src/time/as-of.js');
  const acc = createRfmAccumulator(resolveAsOf(AS_OF), {
    frequency: 'transactions',
    monetary: 'sum',
    returns: 'net',
    future: 'reject',
  });
  let columns: [number, number, number] | undefined;
  let rows = 0;
  return {
    add(record: readonly string[]): void {
      if (columns === undefined) {
        columns = ['customerId', 'date', 'amount'].map((name) => record.indexOf(name)) as [
          number,
          number,
          number,
        ];
        return;
      }
      rows++;
      const c = record[columns[0]];
      const d = record[columns[1]];
      const a = record[columns[2]];
      if (acc.add(c === '' ? undefined : c, d === '' ? undefined : d, a === '' ? undefined : a) !== undefined)
        throw new Error(`row ${rows}: a bad row in a generated file`);
    },
    counted: (): Counted => ({ rows, customers: acc.finish().ids.length }),
  };
}

/** Papa Parse 5: arrays of strings, a chunk of rows at a time, from a file stream. */
async function withPapaparse(file: string, started: () => void): Promise<Counted> {
  const { default: Papa } = await import('papaparse');
  const out = await accumulator();
  started();
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(file, { highWaterMark: 1 << 20 }), {
      skipEmptyLines: true,
      chunk: (results) => {
        for (const record of results.data) out.add(record);
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  return out.counted();
}

/** uDSV 0.7: its incremental parser, arrays of strings (the header given to the accumulator first). */
async function withUdsv(file: string, started: () => void): Promise<Counted> {
  const { inferSchema, initParser } = await import('udsv');
  const out = await accumulator();
  started();
  const decoder = new TextDecoder();
  let parser: ReturnType<typeof initParser> | undefined;
  // Called with each row; returns nothing, so that uDSV keeps no row.
  const take = (record: string[]): void => out.add(record);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (parser === undefined) {
      const schema = inferSchema(text);
      out.add(schema.cols.map((c) => c.name));
      parser = initParser(schema);
    }
    parser.chunk<string[]>(text, parser.stringArrs, take);
  }
  // The last row, when the file does not end with a line break, comes out of end().
  for (const record of parser?.end<string[]>() ?? []) out.add(record);
  return out.counted();
}

/** scorekit's byte reader: from the sources with one thread, or from the build (whose worker it needs) with two. */
async function withBytes(file: string, started: () => void, threads: 1 | 2): Promise<Counted> {
  const at = (path: string) => new URL(path, import.meta.url).href;
  const core: typeof import('../src/index.js') = await import(
    threads === 1 ? '../src/index.js' : at('../dist/index.js')
  );
  const node: typeof import('../src/node/index.js') = await import(
    threads === 1 ? '../src/node/index.js' : at('../dist/node.js')
  );
  started();
  const pipeline = core.definePipeline({ id: 'bench', scorers: [core.rfm()] });
  const result = await node.aggregateTransactionsFile(file, pipeline, {
    asOf: AS_OF,
    onRejected: () => undefined,
    threads,
  });
  if (result.threads !== threads) throw new Error(`read with ${result.threads} threads, not ${threads}`);
  return { rows: result.rows, customers: result.transactions.ids.length };
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
  const readers: Record<How, (file: string, started: () => void) => Promise<Counted>> = {
    'csv-parse': withCsvParse,
    papaparse: withPapaparse,
    udsv: withUdsv,
    bytes: (f, s) => withBytes(f, s, 1),
    'bytes-2': (f, s) => withBytes(f, s, 2),
    duckdb: withDuckdb,
  };
  const out = await readers[how](file, started);
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
      papaparse: 'Papa Parse 5 (chunks of arrays) + createRfmAccumulator.add',
      udsv: 'uDSV 0.7 (incremental, string arrays) + createRfmAccumulator.add',
      bytes: 'scorekit aggregateTransactionsFile (bytes, 1 thread)',
      'bytes-2': 'scorekit aggregateTransactionsFile (bytes, 2 threads, from dist/)',
      duckdb: 'DuckDB read_csv + GROUP BY',
    };
    for (const [how, r] of results)
      console.log(
        `| ${labels[how]} | ${int(r.rows / (r.ms / 1000))} | ${int(r.ms)} ms | ${int(r.loadMs)} ms | ${r.rssMiB === null ? 'n/a' : `${int(r.rssMiB)} MiB`} | ${int(r.customers)} |`,
      );
    const bytes = results.get('bytes-2');
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
        `\nbytes (2 threads) / DuckDB: time ${(bytes.ms / duck.ms).toFixed(2)}, peak RSS ${bytes.rssMiB === null || duck.rssMiB === null ? 'n/a' : (bytes.rssMiB / duck.rssMiB).toFixed(2)}; bytes (2 threads) / csv-parse: time ${(bytes.ms / parse.ms).toFixed(2)}`,
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
