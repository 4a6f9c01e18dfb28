// The byte-level transaction reader against the csv-parse path it replaces (readCsv + aggregateTransactions, as
// src/cli/inputs.ts reads a transactions file): the same features, the same bad rows with the same lines, codes
// and messages, on generated files of every shape the reader accepts, cut into chunks of any size.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aggregateTransactions,
  createRfmAccumulator,
  definePipeline,
  type Pipeline,
  type PreparedTransactions,
  type RfmComponentScore,
  rfm,
  scoreCustomers,
} from '../../src/index.js';
import { calendarKeyOf, microsOf } from '../../src/node/byte-fields.js';
import { ByteTable, hashBytes } from '../../src/node/byte-table.js';
import { readCsv } from '../../src/node/csv.js';
import { CsvRecordReader, INCOMPLETE, unescapeQuoted } from '../../src/node/csv-records.js';
import { TableError } from '../../src/node/errors.js';
import {
  aggregateTransactionsFile,
  type KnownIds,
  type RejectedTransaction,
} from '../../src/node/transactions-csv.js';
import { resolveAsOf } from '../../src/time/as-of.js';

const dir = mkdtempSync(join(tmpdir(), 'scorekit-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (content: string | Uint8Array): string => {
  const path = join(dir, `tx-${files++}.csv`);
  writeFileSync(path, content);
  return path;
};

const AS_OF = '2026-01-01';

/** A bad row as both paths report it. */
interface Bad {
  readonly index: number;
  readonly line: number;
  readonly id?: string;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

function bad(row: {
  index: number;
  line: number;
  id?: string | undefined;
  column: string;
  code: string;
  message: string;
}): Bad {
  const { index, line, id, column, code, message } = row;
  return id === undefined
    ? { index, line, column, code, message }
    : { index, line, id, column, code, message };
}

interface Options {
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  readonly known?: ReadonlySet<string> | undefined;
}

type BytesOptions = Omit<Options, 'known'> & {
  readonly known?: KnownIds | PromiseLike<KnownIds> | undefined;
};

/** The csv-parse path, as src/cli/inputs.ts reads a transactions file. */
async function viaCsvParse(path: string, pipeline: Pipeline, options: Options = {}) {
  const aggregator = aggregateTransactions(pipeline, { asOf: AS_OF });
  const rejected: Bad[] = [];
  let rows = 0;
  // As src/cli/inputs.ts counts the rows of customers who are not in the customers file.
  const unmatched = { rows: 0, ids: new Set<string>() };
  for await (const row of readCsv(path, options)) {
    rows++;
    if (row.kind === 'bad') rejected.push(bad({ ...row, code: 'unreadable_row' }));
    else {
      const r = aggregator.add(row.values, row.index);
      if (r !== undefined) rejected.push(bad({ ...r, line: row.line, column: String(r.path[0] ?? '') }));
      else if (options.known !== undefined && !options.known.has(row.values.customerId as string)) {
        unmatched.rows++;
        unmatched.ids.add(row.values.customerId as string);
      }
    }
  }
  return { table: aggregator.finish(), rows, rejected, unmatched };
}

type Aggregate = typeof aggregateTransactionsFile;

async function viaBytes(
  source: string | AsyncIterable<Uint8Array>,
  pipeline: Pipeline,
  options: BytesOptions & {
    chunkSize?: number;
    encoding?: 'utf-8' | 'windows-1252';
    threads?: 1 | 2;
    pieceBytes?: number;
    expected?: number;
    order?: 'first-row' | 'any';
  } = {},
  aggregate: Aggregate = aggregateTransactionsFile,
) {
  const rejected: Bad[] = [];
  const all: RejectedTransaction[] = [];
  const result = await aggregate(source, pipeline, {
    asOf: AS_OF,
    ...options,
    onRejected: (row) => {
      all.push(row);
      rejected.push(bad(row));
    },
  });
  expect(result.rejected).toBe(rejected.length);
  for (const row of all) expect(row.source).toBe('transactions');
  const unmatched = result.unmatched ?? { rows: 0, ids: new Set<string>() };
  return { table: result.transactions, rows: result.rows, rejected, unmatched, threads: result.threads };
}

/** A feature table as plain data, to compare. */
function plain(table: PreparedTransactions) {
  return {
    ids: [...table.ids],
    positions: [...table.ids, 'nobody', 'c123456', 'c2 '].map((id) => table.positionOf(id)),
    hasPurchase: Array.from(table.hasPurchase),
    recency: Array.from(table.recency),
    frequency: Array.from(table.frequency),
    monetary: Array.from(table.monetary),
    firstDay: Array.from(table.firstDay),
    lastDay: Array.from(table.lastDay),
    ignoredFuture: table.ignoredFuture,
    ignoredReturns: table.ignoredReturns,
    asOfDay: table.asOfDay,
    options: table.options,
  };
}

/**
 * `plain` tables of two threads and of one, with each monetary value made the one-thread value when it is
 * within 2^-40 of it and both are large enough for their sum to pass 2^53 millionths (about 9 billion, over at
 * most 64 purchases): a sum of millionths is exact below that, and added in another order past it (each
 * thread's part, then both) its last bits may differ. The generated amounts reach 1.2e11.
 */
function sameBeyondExact<T extends { monetary: number[] }>(got: T, expected: T): T {
  const LARGE = 2 ** 53 / 1e6 / 64;
  const monetary = got.monetary.map((v, i) => {
    const e = expected.monetary[i] as number;
    const close = Math.abs(v - e) <= Math.abs(e) * 2 ** -40;
    return Math.abs(v) > LARGE && Math.abs(e) > LARGE && close ? e : v;
  });
  return { ...got, monetary };
}

/** A plain table with its positions in the order `at` (of positions) gives. */
function reordered(t: ReturnType<typeof plain>, at: readonly number[]) {
  const ids = at.map((p) => t.ids[p] as string);
  const pick = (a: readonly number[]) => at.map((p) => a[p] as number);
  return {
    ...t,
    ids,
    positions: [...ids, 'nobody', 'c123456', 'c2 '].map((id) =>
      ids.includes(id) ? ids.indexOf(id) : undefined,
    ),
    hasPurchase: pick(t.hasPurchase),
    recency: pick(t.recency),
    frequency: pick(t.frequency),
    monetary: pick(t.monetary),
    firstDay: pick(t.firstDay),
    lastDay: pick(t.lastDay),
  };
}

/**
 * A plain table (`plain`, `knownFirst`) in an order of its own: the known ids first, in their order, then the
 * others by id; for a table read with `order: 'any'`, whose others come in no given order.
 */
function canonical(t: ReturnType<typeof plain>, known: Iterable<string> | undefined) {
  const listed = known === undefined ? [] : [...new Set(known)];
  const rank = (id: string) => (listed.includes(id) ? listed.indexOf(id) : listed.length);
  const at = t.ids
    .map((_, p) => p)
    .sort((a, b) => {
      const x = t.ids[a] as string;
      const y = t.ids[b] as string;
      return rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0);
    });
  return reordered(t, at);
}

/**
 * What `plain` gives of a table read with `known` (a list or a set): the same customers and features, the
 * known ones first, in the order of `known`, then the others in the table's order (of their first row).
 */
function knownFirst(table: PreparedTransactions, known: Iterable<string> | undefined) {
  if (known === undefined) return plain(table);
  const listed = [...new Set(known)].filter((id) => table.positionOf(id) !== undefined);
  const order = [...listed, ...table.ids.filter((id) => !listed.includes(id))];
  return reordered(
    plain(table),
    order.map((id) => table.positionOf(id) as number),
  );
}

const pipelineOf = (options: Parameters<typeof rfm>[0] = {}, timeZone?: string): Pipeline =>
  definePipeline({ id: 'tx', ...(timeZone === undefined ? {} : { timeZone }), scorers: [rfm(options)] });

/** Splits bytes into chunks of the given sizes (cycling), as a stream would give them. */
function chunks(bytes: Uint8Array, sizes: readonly number[]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1);
    parts.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return Readable.from(parts);
}

// ---------------------------------------------------------------------------------------------------------------
// Generated files.

const ids = fc.constantFrom(
  'c1',
  'c2',
  'C-0003',
  '12345678901234567890', // longer than a table slot holds inline
  'c1234567', // as long as a slot holds inline
  'c12345678', // one byte longer
  'a,b',
  'a;b',
  'say "hi"',
  'two\nlines',
  ' padded ',
  'trailing ',
  'café',
  '😀',
  '1,5',
  '1.5',
  '',
  '   ',
);
const dates = fc.oneof(
  fc
    .date({ min: new Date(Date.UTC(2023, 0, 1)), max: new Date(Date.UTC(2026, 0, 3)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .date({ min: new Date(Date.UTC(2025, 0, 1)), max: new Date(Date.UTC(2026, 0, 3)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10).replace(/-/g, '')),
  fc.constantFrom(
    '2025-02-30',
    '2024-02-29',
    '2025-13-01',
    '2025-12-31T23:30:00Z',
    '2025-12-31T23:30:00-05:00',
    '2026-01-01 08:00',
    '31/12/2025',
    'x',
    '',
    ' 2025-12-01',
  ),
);
const amounts = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.oneof(fc.nat(999), fc.nat(9_999_999), fc.constant(123_456_789_012)),
      fc.integer({ min: 0, max: 8 }),
      fc.nat(99_999_999),
      fc.boolean(),
    )
    .map(([sign, whole, places, fraction, comma]) => {
      const decimals = places === 0 ? '' : String(fraction).padStart(8, '0').slice(0, places);
      return `${sign}${whole}${places === 0 ? '' : comma ? ',' : '.'}${decimals}`;
    }),
  fc.constantFrom(
    '0',
    '-0',
    '-0.0000001',
    '0.0000005',
    '.5',
    '5.',
    ',5',
    '5,',
    '1e3',
    ' 12.5',
    '1 234,50',
    '1.234,5',
    '12.50.1',
    'abc',
    '',
    '-',
    '0x10',
    'Infinity',
    '9007199254740993',
  ),
);
const orders = fc.constantFrom('o1', 'o2', 'o3', 'o,4', '', ' ');
const row = fc.record({
  id: ids,
  date: dates,
  amount: amounts,
  order: orders,
  note: fc.string({ maxLength: 6 }),
});

const shape = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  given: fc.boolean(),
  decimal: fc.constantFrom('.' as const, ',' as const),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  quoteAll: fc.boolean(),
  withOrder: fc.boolean(),
  withNote: fc.boolean(),
  order: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
  frequency: fc.constantFrom('transactions' as const, 'days' as const, 'orders' as const),
  monetary: fc.constantFrom('sum' as const, 'mean' as const),
  returns: fc.constantFrom('net' as const, 'ignore' as const),
  future: fc.constantFrom('reject' as const, 'ignore' as const),
  timeZone: fc.constantFrom(undefined, 'Europe/Paris', 'Pacific/Kiritimati'),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function cell(value: string, s: Shape): string {
  const needs = value.includes(s.delimiter) || /["\r\n]/.test(value) || value.startsWith(' ');
  return needs || s.quoteAll ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV text of the rows, with empty lines and rows of the wrong width where `extra` says. */
function csvText(
  rows: readonly { id: string; date: string; amount: string; order: string; note: string }[],
  s: Shape,
  extra: readonly number[],
): string {
  const names = ['customerId', 'date', 'amount', 'order', 'note'];
  const kept = s.order.filter((c) => (c !== 3 || s.withOrder) && (c !== 4 || s.withNote));
  // The header's own cells are never quoted, as the delimiter is detected from it like readCsvHeader does.
  const lines = [kept.map((c) => names[c]).join(s.delimiter)];
  rows.forEach((r, i) => {
    const values = [r.id, r.date, r.amount, r.order, r.note];
    const e = extra[i % extra.length] ?? 0;
    if (e === 1) lines.push('');
    if (e === 2) lines.push(cell('lonely', s));
    if (e === 3) lines.push([...kept, 0].map((c) => cell(values[c] ?? '', s)).join(s.delimiter));
    lines.push(kept.map((c) => cell(values[c] ?? '', s)).join(s.delimiter));
  });
  return (s.bom ? '\ufeff' : '') + lines.join(s.eol) + (s.finalEol ? s.eol : '');
}

type Knowns = readonly string[] | undefined;

/** Reads the file of `rows` as `s` says, through the byte reader and through csv-parse: the same results. */
async function sameAsCsvParse(
  rows: readonly { id: string; date: string; amount: string; order: string; note: string }[],
  s: Shape,
  extra: readonly number[],
  sizes: readonly number[],
  knownIds: Knowns,
  knownAs: 'set' | 'array' | 'id list',
): Promise<void> {
  const text = csvText(rows, s, extra);
  const path = file(text);
  const pipeline = pipelineOf(
    {
      frequency: s.frequency,
      monetary: s.monetary,
      returns: s.returns,
      future: s.future,
      ...(s.frequency === 'orders' || s.withOrder ? { orderKey: 'order' } : {}),
    },
    s.timeZone,
  );
  if (s.frequency === 'orders' && !s.withOrder) {
    await expect(viaBytes(path, pipeline)).rejects.toThrow('no column "order"');
    return;
  }
  const known = knownIds === undefined ? undefined : new Set(knownIds);
  const options = { delimiter: s.given ? s.delimiter : undefined, decimal: s.decimal, known };
  const expected = await viaCsvParse(path, pipeline, options);
  // The known ids may be given as a list, with repeats, or as an IdList with places without an id.
  const list = knownIds === undefined ? undefined : [...knownIds, ...knownIds];
  const idList =
    list === undefined
      ? undefined
      : { length: list.length * 2, at: (i: number) => (i % 2 === 1 ? undefined : list[i / 2]) };
  const fromFile = await viaBytes(path, pipeline, {
    ...options,
    ...(knownAs === 'array' ? { known: list } : knownAs === 'id list' ? { known: idList } : {}),
    chunkSize: sizes[0] ?? 1,
  });
  expect(plain(fromFile.table)).toEqual(knownFirst(expected.table, knownIds));
  expect(fromFile.rejected).toEqual(expected.rejected);
  expect(fromFile.rows).toBe(expected.rows);
  expect(fromFile.unmatched.rows).toBe(expected.unmatched.rows);
  expect([...fromFile.unmatched.ids].sort()).toEqual([...expected.unmatched.ids].sort());
  const fromStream = await viaBytes(chunks(Buffer.from(text), sizes), pipeline, options);
  expect(plain(fromStream.table)).toEqual(knownFirst(expected.table, knownIds));
  expect(fromStream.rejected).toEqual(expected.rejected);
}

describe('aggregateTransactionsFile: the same as the csv-parse path', () => {
  it('on generated files cut in chunks of any size (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 30 }),
        shape,
        fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2, 3), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.uniqueArray(ids), { nil: undefined }),
        fc.constantFrom('set' as const, 'array' as const, 'id list' as const),
        sameAsCsvParse,
      ),
      { numRuns: 300 },
    );
  });

  it('on generated files of the columns id, date and amount alone, in that order (fast-check)', async () => {
    // The layout of most exports, which the reader reads field by field rather than column by column.
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 30 }),
        shape.map((s) => ({ ...s, order: [0, 1, 2, 3, 4], withOrder: false, withNote: false })),
        fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2, 3), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.uniqueArray(ids), { nil: undefined }),
        fc.constantFrom('set' as const, 'array' as const, 'id list' as const),
        sameAsCsvParse,
      ),
      { numRuns: 300 },
    );
  });

  it('on a file of many customers and rows, in one chunk and in small ones', async () => {
    const lines = ['customerId,date,amount'];
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
      const c = (x >>> 8) % 3000;
      const day = 1 + ((x >>> 4) % 28);
      lines.push(
        `id-${c},2025-${String(1 + (c % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')},${(x % 50_000) / 100}`,
      );
    }
    const path = file(`${lines.join('\n')}\n`);
    const pipeline = pipelineOf({ frequency: 'days' });
    const expected = await viaCsvParse(path, pipeline);
    for (const chunkSize of [1 << 20, 4096, 7]) {
      const got = await viaBytes(path, pipeline, { chunkSize });
      expect(plain(got.table)).toEqual(plain(expected.table));
      expect(got.rows).toBe(20_000);
    }
  });
});

/**
 * The built scorekit/node and its core: a file read by two threads needs the worker's own file, which only the
 * build has (dist/transactions-worker.js, next to dist/node.js).
 */
async function built() {
  // Loaded by URL, typed as the sources they are built from.
  const at = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;
  const core: typeof import('../../src/index.js') = await import(/* @vite-ignore */ at('index.js'));
  const node: typeof import('../../src/node/index.js') = await import(/* @vite-ignore */ at('node.js'));
  const pipelineOf = (options: Parameters<typeof rfm>[0] = {}, timeZone?: string): Pipeline =>
    core.definePipeline({
      id: 'tx',
      ...(timeZone === undefined ? {} : { timeZone }),
      scorers: [core.rfm(options)],
    });
  return { aggregate: node.aggregateTransactionsFile, pipelineOf };
}

describe('aggregateTransactionsFile with two threads: the same as one', () => {
  it('on generated files, whatever its pieces start on (fast-check)', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    let split = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        shape,
        fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2, 3), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.uniqueArray(ids), { nil: undefined }),
        // The pieces' size (a few to a hundred pieces), the known ids given later (a promise), a guess of their
        // number.
        fc.integer({ min: 8, max: 50 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        // The customers not known in no given order (then compared in an order of their own).
        fc.boolean(),
        async (rows, s, extra, chunkSize, knownIds, pieceBytes, later, guess, anyOrder) => {
          if (s.frequency === 'orders' && !s.withOrder) return;
          const text = csvText(rows, s, extra);
          const path = file(text);
          const scorer = {
            frequency: s.frequency,
            monetary: s.monetary,
            returns: s.returns,
            future: s.future,
            ...(s.frequency === 'orders' || s.withOrder ? { orderKey: 'order' } : {}),
          };
          const known = knownIds === undefined ? undefined : new Set(knownIds);
          const options = { delimiter: s.given ? s.delimiter : undefined, decimal: s.decimal, known };
          const expected = await viaCsvParse(path, pipelineOf(scorer, s.timeZone), options);
          const given =
            later && known !== undefined
              ? new Promise<ReadonlySet<string>>((resolve) => setTimeout(() => resolve(known), 5))
              : known;
          const got = await viaBytes(
            path,
            builtPipeline(scorer, s.timeZone),
            {
              ...options,
              known: given,
              chunkSize,
              threads: 2,
              pieceBytes,
              ...(guess === undefined ? {} : { expected: guess }),
              ...(anyOrder ? { order: 'any' as const } : {}),
            },
            aggregate,
          );
          runs++;
          if (got.threads === 2) split++;
          if (s.frequency === 'orders') expect(got.threads).toBe(1);
          if (anyOrder) {
            // Each id's position is where it is, whatever the order; the same customers and features.
            const table = plain(got.table);
            expect(table.positions.slice(0, table.ids.length)).toEqual(table.ids.map((_, p) => p));
            const want = canonical(knownFirst(expected.table, knownIds), knownIds);
            expect(sameBeyondExact(canonical(table, knownIds), want)).toEqual(want);
          } else {
            const want = knownFirst(expected.table, knownIds);
            expect(sameBeyondExact(plain(got.table), want)).toEqual(want);
          }
          expect(got.rejected).toEqual(expected.rejected);
          expect(got.rows).toBe(expected.rows);
          expect(got.unmatched.rows).toBe(expected.unmatched.rows);
          expect([...got.unmatched.ids].sort()).toEqual([...expected.unmatched.ids].sort());
        },
      ),
      { numRuns: 150 },
    );
    // Most files were read by two threads (the others: frequency orders, a piece starting inside quotes).
    expect(split).toBeGreaterThan(runs / 3);
  });

  it('fails with the known ids when their promise fails, at once or while the worker reads', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    const lines = ['customerId,date,amount'];
    for (let i = 0; i < 2000; i++) lines.push(`c${i % 37},2025-06-0${1 + (i % 9)},${i % 90}.25`);
    const path = file(`${lines.join('\n')}\n`);
    const failing = [
      Promise.reject(new Error('customers: unreadable')),
      new Promise<string[]>((_, reject) => setTimeout(() => reject(new Error('customers: late')), 20)),
    ];
    for (const [k, known] of failing.entries())
      await expect(
        viaBytes(path, builtPipeline(), { known, threads: 2, chunkSize: 64 }, aggregate),
      ).rejects.toThrow(k === 0 ? 'customers: unreadable' : 'customers: late');
  });

  it('reads the pieces of a file with bad rows in many, and numbers their lines and rows as one reader', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    const lines = ['customerId,date,amount'];
    for (let i = 0; i < 4000; i++) {
      const c = (i * 7919) % 500;
      if (i % 997 === 13) lines.push(`c${c},not a date,1`);
      else if (i % 1201 === 5) lines.push('');
      else lines.push(`c${c},2025-${String(1 + (i % 12)).padStart(2, '0')}-15,${(i % 300) / 4}`);
    }
    const path = file(`${lines.join('\n')}\n`);
    // Days: each thread has tables of every customer; transactions: they share the tables. Known ids given at
    // once (this thread reads most pieces), or late (the worker reads every piece but the first, from the end
    // back): the customers not known come in the order of their first row in the file.
    const known = new Set(['c7', 'c3', 'c499']);
    for (const frequency of ['days', 'transactions'] as const)
      for (const late of [false, true]) {
        const expected = await viaCsvParse(path, pipelineOf({ frequency }), { known });
        const given = late
          ? new Promise<ReadonlySet<string>>((resolve) => setTimeout(() => resolve(known), 300))
          : known;
        const got = await viaBytes(
          path,
          builtPipeline({ frequency }),
          { threads: 2, chunkSize: 997, pieceBytes: 3000, known: given },
          aggregate,
        );
        expect(got.threads).toBe(2);
        // Rows 13, 1010, 2007 and 3004 (lines 15, 1012, 2009 and 3006).
        expect(expected.rejected.length).toBe(4);
        expect(got.rejected.map((r) => r.line)).toEqual(expected.rejected.map((r) => r.line));
        expect(got.rejected).toEqual(expected.rejected);
        expect(plain(got.table)).toEqual(knownFirst(expected.table, known));
      }
  });

  it('reads the file again, reporting each bad row once, when a piece starts inside quotes', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    const lines = ['customerId,date,amount,note'];
    for (let i = 0; i < 3000; i++)
      lines.push(`c${(i * 31) % 200},${i % 500 === 7 ? 'no date' : '2025-11-15'},${i % 40},x`);
    const note = `"${Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n')}"`;
    lines.push(`c1,2025-12-02,2,${note}`);
    for (let i = 0; i < 100; i++) lines.push(`c${i},2025-12-0${1 + (i % 9)},${i},y`);
    const path = file(`${lines.join('\n')}\n`);
    // Pieces start inside the long note (18 kB); bad rows in many pieces. Days: each thread has tables of every
    // customer; transactions: they share the parts of the tables.
    for (const frequency of ['days', 'transactions'] as const) {
      const expected = await viaCsvParse(path, pipelineOf({ frequency }));
      const got = await viaBytes(
        path,
        builtPipeline({ frequency }),
        { threads: 2, pieceBytes: 4096, chunkSize: 4096 },
        aggregate,
      );
      expect(got.threads).toBe(1);
      expect(expected.rejected.length).toBe(6);
      expect(got.rejected).toEqual(expected.rejected);
      expect(plain(got.table)).toEqual(plain(expected.table));
    }
  });

  it('starts the pieces past line breaks inside quotes, as two threads (notes of three lines in a third of the rows)', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    const lines = ['customerId,date,amount,note'];
    for (let i = 0; i < 900; i++) {
      const note = i % 3 === 0 ? `"called ${i},\nasked for a quote, twice\nsent"` : 'none';
      lines.push(`c${(i * 13) % 97},2025-${String(1 + (i % 12)).padStart(2, '0')}-15,${i % 40},${note}`);
    }
    const path = file(`${lines.join('\n')}\n`);
    const known = new Set(['c1', 'c2']);
    const expected = await viaCsvParse(path, pipelineOf(), { known });
    // Pieces of 300 bytes: two lines in five are in a note. The known ids come late: the worker reads every
    // piece but the first, each start checked at the end of the piece before.
    const late = new Promise<ReadonlySet<string>>((resolve) => setTimeout(() => resolve(known), 300));
    const got = await viaBytes(
      path,
      builtPipeline(),
      { threads: 2, pieceBytes: 300, known: late },
      aggregate,
    );
    expect(got.threads).toBe(2);
    expect(got.rows).toBe(900);
    expect(plain(got.table)).toEqual(knownFirst(expected.table, known));
  });

  it('reads the whole file with one thread when a piece starts inside a quoted field', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    const note = `"${Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n')}"`;
    const text = `customerId,date,amount,note\na,2025-12-01,1,x\nb,2025-12-02,2,${note}\nc,2025-12-03,3,y\nd,2025-12-04,4,z\n`;
    const path = file(text);
    const expected = await viaCsvParse(path, pipelineOf());
    const got = await viaBytes(path, builtPipeline(), { threads: 2, pieceBytes: 200 }, aggregate);
    expect(got.threads).toBe(1);
    expect(plain(got.table)).toEqual(plain(expected.table));
    expect(got.table.ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails on a broken quote in the last piece with its line in the file, and reads one in a piece before as one reader does', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    // The broken quote on the last line (the worker's first piece), or on line 152 of 302.
    for (const at of [300, 150]) {
      const lines = ['customerId,date,amount'];
      for (let i = 0; i < 301; i++) lines.push(i === at ? 'x,"2025-12-01,1' : `c${i},2025-12-01,1`);
      const path = file(`${lines.join('\n')}\n`);
      const one = viaCsvParse(path, pipelineOf()).then(
        (read) => ({ rows: read.rows, rejected: read.rejected, table: plain(read.table) }),
        (error: Error) => error.message,
      );
      for (const pieceBytes of [100, 512]) {
        const two = await viaBytes(path, builtPipeline(), { threads: 2, pieceBytes }, aggregate).then(
          (read) => ({ rows: read.rows, rejected: read.rejected, table: plain(read.table) }),
          (error: Error) => error.message,
        );
        expect(two).toEqual(await one);
      }
      if (at === 300) expect(await one).toContain(`${path}, line 302: a quoted field is never closed`);
    }
  });
  it('fails on invalid UTF-8 in any piece with its line in the file, after the rejections before it, as one reader', async () => {
    const { aggregate, pipelineOf: builtPipeline } = await built();
    // 400 rows (about 20 pieces of 400 bytes), a bad date every 37 rows, a byte that is not UTF-8 on row `at`:
    // in the worker's first piece, in pieces it reads later, in this thread's.
    for (const at of [395, 310, 200, 20]) {
      const rows: Buffer[] = [Buffer.from('customerId,date,amount\n')];
      for (let i = 0; i < 400; i++) {
        const date = i % 37 === 5 ? 'someday' : '2025-06-01';
        rows.push(
          i === at
            ? Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(`,${date},1\n`)])
            : Buffer.from(`c${i % 50},${date},${i % 9}.5\n`),
        );
      }
      const path = file(Buffer.concat(rows));
      const reported = async (read: () => Promise<unknown>, into: RejectedTransaction[]) =>
        read().then(
          () => 'read',
          (error: Error) => ({ message: error.message, lines: into.map((r) => r.line) }),
        );
      const one: RejectedTransaction[] = [];
      const two: RejectedTransaction[] = [];
      // The known ids come late: the worker reads every piece but the first before this thread starts.
      const options = (threads: 1 | 2, into: RejectedTransaction[]) => ({
        asOf: AS_OF,
        threads,
        pieceBytes: 400,
        known: new Promise<ReadonlySet<string>>((resolve) => setTimeout(() => resolve(new Set(['c1'])), 300)),
        onRejected: (row: RejectedTransaction) => into.push(row),
      });
      const alone = await reported(() => aggregate(path, builtPipeline(), options(1, one)), one);
      expect(alone).toEqual({
        message: `${path}, line ${at + 2}: not valid UTF-8 text`,
        lines: Array.from({ length: 11 }, (_, k) => 37 * k + 7).filter((line) => line < at + 2),
      });
      expect(await reported(() => aggregate(path, builtPipeline(), options(2, two)), two)).toEqual(alone);
    }
  });
});

describe('aggregateTransactionsFile: files', () => {
  const pipeline = pipelineOf();

  it('refuses invoice lines (quantityKey), which it cannot multiply, with a ConfigError saying what to use', async () => {
    const lines = definePipeline({ id: 'p', scorers: [rfm({ amountKey: 'price', quantityKey: 'qty' })] });
    const path = file('customerId,date,price,qty\na,2025-12-31,2.5,4\n');
    await expect(
      aggregateTransactionsFile(path, lines, { asOf: AS_OF, onRejected: () => undefined }),
    ).rejects.toThrow(/scorers\[0\]\.quantityKey: .*readTable.*aggregateTransactions/);
  });

  it('reads CRLF, a BOM, semicolons and decimal commas, as Excel writes them in France', async () => {
    const path = file(
      '\ufeffcustomerId;date;amount\r\n"a";2025-12-31;"1 234,50"\r\nb;20251230;-0,5\r\na;2025-12-01;12,5\r\n',
    );
    const got = await viaBytes(path, pipeline, { decimal: ',' });
    expect(got.rejected).toEqual([]);
    expect(got.table.ids).toEqual(['a', 'b']);
    expect(Array.from(got.table.monetary)).toEqual([1247, -0.5]);
    expect(Array.from(got.table.recency)).toEqual([1, -1]);
    expect(plain(got.table)).toEqual(plain((await viaCsvParse(path, pipeline, { decimal: ',' })).table));
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, and counts their lines', async () => {
    const path = file(
      'customerId,date,amount\n"x, ""the"" first\nclient",2025-12-31,10\nbad\n"y",2025-12-31,"5"\n,2025-12-31,1\n',
    );
    const got = await viaBytes(path, pipeline);
    expect(got.table.ids).toEqual(['x, "the" first\nclient', 'y']);
    expect(got.rejected).toEqual([
      {
        index: 1,
        line: 4,
        column: '',
        code: 'unreadable_row',
        message: 'expected 3 cells like the header, got 1',
      },
      {
        index: 3,
        line: 6,
        column: 'customerId',
        code: 'missing_customer',
        message: 'the transaction has no customer id, got nothing',
      },
    ]);
    expect(got.rejected).toEqual((await viaCsvParse(path, pipeline)).rejected);
  });

  it('reads rows of the columns id, date and amount as csv-parse does where a cell runs on or is missing', async () => {
    // The reader takes most rows of this layout field by field: a date that runs on into the next cell's
    // bytes, a row with a cell too few or too many, a quoted date, a return and a date-time are read as the
    // csv-parse path reads them.
    const path = file(
      [
        'customerId,date,amount',
        'a,2025-12-0112.5',
        'b,2025-12-01,12.5',
        'c,2025-12-01x,1',
        'd,2025-12-01,1,',
        'e,2025-12-01',
        'f,"2025-12-01",3',
        'g,2025-12-01,-0.5',
        'h,2025-12-01T10:00:00Z,7.25',
        'i,2025-12-01,7.25\r',
        'j,2025-12-01,7.1234567',
        ',2025-12-01,1',
        'l,2025-12301,5',
        'k,2025-12-01,.5',
      ].join('\n'),
    );
    const expected = await viaCsvParse(path, pipeline);
    const got = await viaBytes(path, pipeline);
    expect(plain(got.table)).toEqual(plain(expected.table));
    expect(got.rejected).toEqual(expected.rejected);
    // By hand: the rows of a cell too few or too many, the date with a letter after it, the blank id, the date
    // without its second hyphen.
    expect(got.rejected.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, '', 'unreadable_row'],
      [4, 'date', 'invalid_date'],
      [5, '', 'unreadable_row'],
      [6, '', 'unreadable_row'],
      [12, 'customerId', 'missing_customer'],
      [13, 'date', 'invalid_date'],
    ]);
  });

  it('reports every bad row with its line, column, code and message', async () => {
    const path = file(
      [
        'customerId,date,amount',
        'a,2025-12-31,10',
        '',
        'b,someday,5',
        'c,2025-12-31,1e400',
        'd,2026-01-02,5',
        'e,2025-12-31,',
        '   ,2025-12-31,5',
        'f,2025-12-31,12.5,extra',
        'g,2025-12-31T10:00:00Z,7.25',
      ].join('\n'),
    );
    const got = await viaBytes(path, pipeline);
    expect(got.rejected).toEqual([
      {
        index: 1,
        line: 4,
        id: 'b',
        column: 'date',
        code: 'invalid_date',
        message: 'expected a date, got "someday"',
      },
      {
        index: 2,
        line: 5,
        id: 'c',
        column: 'amount',
        code: 'invalid_amount',
        message: 'expected a finite amount, got "1e400"',
      },
      {
        index: 3,
        line: 6,
        id: 'd',
        column: 'date',
        code: 'future_purchase',
        message: 'the purchase date is after asOf (2026-01-01)',
      },
      {
        index: 4,
        line: 7,
        id: 'e',
        column: 'amount',
        code: 'invalid_amount',
        message: 'expected a finite amount, got nothing',
      },
      {
        index: 5,
        line: 8,
        column: 'customerId',
        code: 'missing_customer',
        message: 'the transaction has no customer id, got "   "',
      },
      {
        index: 6,
        line: 9,
        column: '',
        code: 'unreadable_row',
        message: 'expected 3 cells like the header, got 4',
      },
    ]);
    expect(got.table.ids).toEqual(['a', 'g']);
    expect(got.rows).toBe(8);
    expect(got.rejected).toEqual((await viaCsvParse(path, pipeline)).rejected);
  });

  it('counts a CRLF inside quotes as one line (csv-parse counts two)', async () => {
    const path = file('customerId,date,amount\r\n"a\r\nb",2025-12-31,1\r\nbad\r\n');
    const got = await viaBytes(path, pipeline);
    expect(got.rejected.map((r) => r.line)).toEqual([4]);
  });

  it('reads an empty file and a header alone as no transactions', async () => {
    for (const text of ['', '\ufeff', '\n\n', 'customerId,date,amount', 'customerId,date,amount\r\n\r\n']) {
      const got = await viaBytes(file(text), pipeline);
      expect(got.rows).toBe(0);
      expect(got.table.ids).toEqual([]);
      expect(got.rejected).toEqual([]);
    }
  });

  it('fails with a clear error for a missing or doubled column', async () => {
    const missing = file('customerId;date;total\na;2025-12-31;1\n');
    await expect(viaBytes(missing, pipeline)).rejects.toThrow(
      `${missing}, line 1: no column "amount" (the amounts of the RFM scorer); the columns are: customerId, date, total`,
    );
    await expect(viaBytes(missing, pipeline)).rejects.toBeInstanceOf(TableError);
    const twice = file('customerId,date,amount,date\na,2025-12-31,1,x\n');
    await expect(viaBytes(twice, pipeline)).rejects.toThrow('the column "date" appears twice');
    const orders = file('customerId,date,amount\na,2025-12-31,1\n');
    await expect(viaBytes(orders, pipelineOf({ frequency: 'orders', orderKey: 'order' }))).rejects.toThrow(
      'no column "order" (the order ids of the RFM scorer)',
    );
  });

  it('fails on a broken quote, as the csv-parse path does, with its line', async () => {
    const cases: [string, string][] = [
      ['customerId,date,amount\na,2025-12-31,1\nb,"2025-12-31,1\n', 'line 3: a quoted field is never closed'],
      ['customerId,date,amount\na,2025-"12"-31,1\n', 'line 2: a " inside a field that is not quoted'],
      ['customerId,date,amount\n"a"b,2025-12-31,1\n', 'line 2: a quoted field goes on after its closing "'],
    ];
    for (const [text, message] of cases) {
      const path = file(text);
      await expect(viaBytes(path, pipeline)).rejects.toThrow(message);
      await expect(viaCsvParse(path, pipeline)).rejects.toThrow(message);
    }
  });

  it('fails on invalid UTF-8 with its line, and reads Windows-1252 when told', async () => {
    const bytes = Buffer.concat([
      Buffer.from('customerId,date,amount,note\na,2025-12-31,1,ok\nb,2025-12-31,2,'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from('caf'),
      Buffer.from([0xe9]),
      Buffer.from(',2025-12-30,3,x\n'),
    ]);
    const path = file(bytes);
    await expect(viaBytes(path, pipeline)).rejects.toThrow(`${path}, line 3: not valid UTF-8 text`);
    await expect(viaCsvParse(path, pipeline)).rejects.toThrow(`${path}, line 3: not valid UTF-8 text`);
    const got = await viaBytes(path, pipeline, { encoding: 'windows-1252' });
    expect(got.table.ids).toEqual(['a', 'b', 'café']);
  });

  it('refuses a size of pieces that is not a number of bytes', async () => {
    const path = file('customerId,date,amount\na,2025-12-31,1\n');
    for (const pieceBytes of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      await expect(viaBytes(path, pipeline, { threads: 2, pieceBytes })).rejects.toThrow(
        `pieceBytes: expected a number of bytes of at least 1, got ${pieceBytes}`,
      );
    expect((await viaBytes(path, pipeline, { threads: 2, pieceBytes: 1 })).table.ids).toEqual(['a']);
    await expect(viaBytes(path, pipeline, { order: 'by id' as unknown as 'any' })).rejects.toThrow(
      "order: expected 'first-row' or 'any', got by id",
    );
  });

  it('takes a delimiter that is not one ASCII character as an error', async () => {
    await expect(viaBytes(file('a,b\n'), pipeline, { delimiter: ';;' })).rejects.toThrow('is not one ASCII');
  });

  it('refuses a stream of text', async () => {
    await expect(viaBytes(Readable.from(['customerId,date,amount\n']), pipeline)).rejects.toThrow(
      'expected chunks of bytes',
    );
  });

  it('gives scoreCustomers the same scores as aggregateTransactions', async () => {
    const path = file(
      'customerId,date,amount\na,2025-12-31,40\nb,2025-06-30,120\nc,2026-01-01,15\na,2025-11-02,30\nd,2025-01-01,1\n',
    );
    const scored = (transactions: PreparedTransactions) =>
      scoreCustomers(
        ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })),
        pipeline,
        { asOf: AS_OF, transactions },
      ).results.map((r) => (r.components.rfm as RfmComponentScore).code);
    const got = await viaBytes(path, pipeline);
    expect(scored(got.table)).toEqual(scored((await viaCsvParse(path, pipeline)).table));
    expect(scored(got.table)).toEqual(['343', '214', '412', '111', '111']);
  });

  it('reports progress with the rows and bytes read', async () => {
    const text = 'customerId,date,amount\na,2025-12-31,1\nb,2025-12-31,2\n';
    const seen: [number, number][] = [];
    await aggregateTransactionsFile(file(text), pipeline, {
      asOf: AS_OF,
      chunkSize: 16,
      onRejected: () => undefined,
      onProgress: (rows, bytes) => seen.push([rows, bytes]),
    });
    expect(seen.at(-1)).toEqual([2, text.length]);
    expect(seen.length).toBeGreaterThan(2);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The pieces.

describe('microsOf', () => {
  const negative = new Uint8Array(1);
  it('gives Math.round(Number(text) × 1e6) for every amount it reads, and NaN for the others', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '-', '+'),
        fc.oneof(fc.nat(), fc.nat(999), fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.integer({ min: -1, max: 12 }),
        fc.nat(999_999_999),
        (sign, whole, places, fraction) => {
          const text = `${sign}${whole}${places < 0 ? '' : `.${String(fraction).padStart(12, '0').slice(0, places)}`}`;
          const micros = microsOf(Buffer.from(text), 0, text.length, false, negative);
          if (Number.isNaN(micros)) expect(text.replace(/[^0-9]/g, '').length).toBeGreaterThan(15);
          else {
            expect(micros).toBe(Math.round(Number(text) * 1e6));
            expect(negative[0] === 1).toBe(Number(text) < 0);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads rounding edges as Number does', () => {
    for (const text of ['0.0000005', '-0.0000005', '0.0000015', '1.0000005', '2.675', '0.1234565', '1e-7']) {
      const micros = microsOf(Buffer.from(text), 0, text.length, false, negative);
      if (!Number.isNaN(micros)) expect(micros).toBe(Math.round(Number(text) * 1e6));
    }
    expect(microsOf(Buffer.from('-0.0000001'), 0, 10, false, negative)).toBe(-0);
    expect(negative[0]).toBe(1);
  });

  it('reads a decimal comma only when told, between digits', () => {
    const read = (text: string, comma: boolean) =>
      microsOf(Buffer.from(text), 0, text.length, comma, negative);
    expect(read('12,5', true)).toBe(12_500_000);
    expect(read('12.5', true)).toBe(12_500_000);
    expect(read('12,5', false)).toBeNaN();
    expect(read(',5', true)).toBeNaN();
    expect(read('5,', true)).toBeNaN();
    expect(read('1,2,3', true)).toBeNaN();
    expect(read('.5', false)).toBe(500_000);
    expect(read('5.', false)).toBe(5_000_000);
    expect(read('', false)).toBeNaN();
    expect(read('+', false)).toBeNaN();
  });
});

describe('calendarKeyOf', () => {
  it('names YYYY-MM-DD and YYYYMMDD texts apart, and nothing else', () => {
    const key = (text: string) => calendarKeyOf(Buffer.from(text), 0, text.length);
    expect(key('2026-01-31')).toBe(20_260_131 * 2 + 1);
    expect(key('20260131')).toBe(20_260_131 * 2);
    for (const text of ['2026-01-3x', '2026/01/31', '2026-01-31T00:00', '2026013', '2026-1-31', 'abcdefgh'])
      expect(key(text)).toBe(-1);
  });
});

describe('ByteTable', () => {
  it('finds what was set, as a Map of the same keys does, through growth (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 300 }), (keys) => {
        const table = new ByteTable(1);
        const reference = new Map<string, number>();
        const padded = (k: Uint8Array) => Buffer.concat([Buffer.from('xy'), k, Buffer.from('z')]);
        keys.forEach((key) => {
          const name = Buffer.from(key).toString('hex');
          const bytes = padded(key);
          expect(table.get(bytes, 2, 2 + key.length)).toBe(reference.get(name) ?? -1);
          if (!reference.has(name)) {
            reference.set(name, reference.size);
            table.set(bytes, 2, 2 + key.length, reference.size - 1);
          }
          const hash = hashBytes(bytes, 2, 2 + key.length);
          expect(table.find(bytes, 2, 2 + key.length, hash)).toBe(reference.get(name));
        });
        expect(table.size).toBe(reference.size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('CsvRecordReader', () => {
  it('splits records in place and asks for more bytes inside a record', () => {
    const reader = new CsvRecordReader('a.csv', 0x2c, 4);
    const bytes = Buffer.from('x,"a,""b"""\n\ny,z');
    expect(reader.read(bytes, 0, bytes.length, false)).toBe(12);
    expect(reader.count).toBe(2);
    const out = new Uint8Array(8);
    const n = unescapeQuoted(bytes, reader.starts[1] ?? 0, reader.ends[1] ?? 0, out);
    expect(Buffer.from(out.subarray(0, n)).toString()).toBe('a,"b"');
    expect(reader.read(bytes, 12, bytes.length, false)).toBe(INCOMPLETE);
    expect(reader.read(bytes, 12, bytes.length, true)).toBe(bytes.length);
    expect([reader.count, reader.line]).toEqual([2, 3]);
  });
});

describe('the accumulator fed by intern and addAt', () => {
  it('gives the features and rejections of add, whatever rows are rejected or left out (fast-check)', () => {
    const asOf = resolveAsOf(AS_OF);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c', 'd'),
            day: fc.integer({ min: asOf.day - 5, max: asOf.day + 2 }),
            micros: fc.integer({ min: -3, max: 5 }),
            order: fc.constantFrom('o1', 'o2', ''),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom('transactions' as const, 'days' as const, 'orders' as const),
        fc.constantFrom('net' as const, 'ignore' as const),
        fc.constantFrom('reject' as const, 'ignore' as const),
        (rows, frequency, returns, future) => {
          const options = { frequency, monetary: 'sum' as const, returns, future };
          const keys = { customerKey: 'customerId', dateKey: 'date', amountKey: 'amount', orderKey: 'order' };
          const byAdd = createRfmAccumulator(asOf, options, keys);
          const byIndex = createRfmAccumulator(asOf, options, keys);
          const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
          const seen = [...new Set(rows.map((r) => r.id))].reverse().map((id) => byIndex.intern(id));
          expect(seen.length).toBeLessThanOrEqual(4);
          for (const r of rows) {
            const a = byAdd.add(r.id, iso(r.day), r.micros / 1e6, r.order === '' ? undefined : r.order);
            const b = byIndex.addAt(
              byIndex.intern(r.id),
              r.day,
              r.micros,
              r.micros < 0,
              r.order === '' ? -1 : byIndex.internOrder(r.order),
            );
            expect(b).toEqual(a);
          }
          const fa = byAdd.finish();
          const fb = byIndex.finish();
          const positions = (f: typeof fa) => [...f.ids, 'never-seen'].map((id) => f.positionOf(id));
          expect({ ...fb, positionOf: positions(fb) }).toEqual({ ...fa, positionOf: positions(fa) });
          expect(positions(fa)).toEqual([...fa.ids.map((_, i) => i), undefined]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a row as add does, without adding it', () => {
    const asOf = resolveAsOf('2026-01-10');
    const options = { frequency: 'orders', monetary: 'sum', returns: 'net', future: 'reject' } as const;
    const keys = { customerKey: 'customerId', dateKey: 'date', amountKey: 'amount', orderKey: 'order' };
    const acc = createRfmAccumulator(asOf, options, keys);
    const day = Date.UTC(2026, 0, 1) / 86_400_000;
    expect(acc.read('c1', '2026-01-01', '-12.5', 'o7')).toEqual({
      id: 'c1',
      day,
      micro: -12_500_000,
      isReturn: true,
      order: 'o7',
    });
    expect(acc.read(42, '2026-01-01', 0.1234567)).toEqual({
      id: '42',
      day,
      micro: 123_457,
      isReturn: false,
      order: undefined,
    });
    expect(acc.read(' ', '2026-01-01', 1)).toMatchObject({ code: 'missing_customer', path: ['customerId'] });
    expect(acc.read('c1', 'soon', 1)).toMatchObject({ id: 'c1', code: 'invalid_date', path: ['date'] });
    expect(acc.read('c1', '2026-01-01', 'abc')).toMatchObject({ code: 'invalid_amount', path: ['amount'] });
    // A date after asOf and a missing order id are rules of adding, not of reading.
    expect(acc.read('c1', '2026-02-01', 1, '')).toMatchObject({ order: undefined });
    expect(acc.finish().ids).toEqual([]);
  });

  it('refuses a blank id and an index it did not give', () => {
    const acc = createRfmAccumulator(resolveAsOf(AS_OF), {
      frequency: 'transactions',
      monetary: 'sum',
      returns: 'net',
      future: 'reject',
    });
    expect(() => acc.intern('  ')).toThrow(RangeError);
    expect(() => acc.addAt(0, 20_000, 1, false)).toThrow(RangeError);
    expect(acc.addAt(acc.intern('a'), 20_000, 1, false)).toBeUndefined();
    expect(() => acc.addAt(0, Number.NaN, 1, false)).toThrow(RangeError);
    expect(acc.finish().monetary).toEqual(Float64Array.of(0.000001));
  });
});

describe('aggregateTransactionsFile: release', () => {
  it('gives back the feature table: read first, its arrays are empty after', async () => {
    const path = file('customerId,date,amount\nc1,2025-12-01,10\nc2,2025-11-15,25.5\nc1,2025-12-20,5\n');
    const pipeline = pipelineOf(
      { frequency: 'transactions', monetary: 'sum', returns: 'net', future: 'reject' },
      'UTC',
    );
    const out = await aggregateTransactionsFile(path, pipeline, {
      asOf: '2026-01-01',
      known: ['c2', 'c1'],
      onRejected: () => undefined,
    });
    const t = out.transactions;
    // Read before: the known customers in their order, by hand.
    expect([t.positionOf('c2'), t.positionOf('c1')]).toEqual([0, 1]);
    expect([...t.monetary]).toEqual([25.5, 15]);
    expect([...t.frequency]).toEqual([1, 2]);
    out.release();
    for (const column of [t.hasPurchase, t.recency, t.frequency, t.monetary, t.firstDay, t.lastDay])
      expect(column.length).toBe(0);
  });
});
