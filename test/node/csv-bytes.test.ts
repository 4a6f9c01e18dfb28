import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvDelimiter, readCsvParse, type TableRow } from '../../src/node/csv.js';
import { type KeptRows, readCsvBatches, readCsvKept } from '../../src/node/csv-bytes.js';
import { TableError } from '../../src/node/errors.js';
import type { RecordTable } from '../../src/node/record-table.js';
import { readTable, readTableRows } from '../../src/node/table.js';

const dir = mkdtempSync(join(tmpdir(), 'scorekit-csv-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { rows: TableRow[] } | { error: { code: string; line: number | undefined } };

async function outcome(read: () => AsyncIterable<TableRow>): Promise<Outcome> {
  const rows: TableRow[] = [];
  try {
    for await (const row of read()) rows.push(row);
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    return { error: { code: error.code, line: error.line } };
  }
  return { rows };
}

/** What readCsvKept gives: the records of its table with their lines, its bad rows and its last count, or its error. */
async function keptOutcome(
  read: () => AsyncIterable<KeptRows>,
): Promise<
  { good: unknown[]; bad: TableRow[]; count: number } | { error: { code: string; line: number | undefined } }
> {
  const bad: TableRow[] = [];
  let table: RecordTable | undefined;
  let count = 0;
  try {
    for await (const chunk of read()) {
      bad.push(...chunk.bad);
      table = chunk.table;
      count = chunk.rows;
    }
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    return { error: { code: error.code, line: error.line } };
  }
  const good: unknown[] = [];
  for (let i = 0; i < (table?.length ?? 0); i++) good.push({ line: table?.lineOf(i), values: table?.at(i) });
  return { good, bad, count };
}

function withoutLines(o: Outcome): unknown {
  if ('error' in o) return o.error.code;
  return o.rows.map(({ line: _line, ...rest }) => rest);
}

async function* flat(batches: AsyncIterable<TableRow[]>): AsyncGenerator<TableRow> {
  for await (const batch of batches) yield* batch;
}

/** A cell as a CSV writer would write it, quoted when it must be (or when asked). */
function written(cell: string, delimiter: string, quote: boolean): string {
  const must = cell.includes(delimiter) || /["\r\n]/.test(cell);
  return must || quote ? `"${cell.replace(/"/g, '""')}"` : cell;
}

// Cells with what real exports hold: blanks, spaces, decimal commas, accents, the euro sign, quotes, line breaks.
const CELLS = [
  '',
  'x',
  'a b',
  ' 12 ',
  '1,5',
  '3.25',
  'café',
  '€',
  'say "hi"',
  'two\nlines',
  'cr\r\nlf',
  '=1+1',
];

const file = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  width: fc.integer({ min: 1, max: 4 }),
  rows: fc.array(
    fc.record({
      cells: fc.array(fc.constantFrom(...CELLS), { minLength: 0, maxLength: 5 }),
      quote: fc.boolean(),
      blankBefore: fc.constantFrom(0, 0, 1, 2),
    }),
    { maxLength: 12 },
  ),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  trailing: fc.boolean(),
  // Something broken at a random place: a stray quote, a quote never closed, text after a closing quote, a
  // byte that is not UTF-8.
  damage: fc.option(
    fc.record({
      at: fc.nat(),
      text: fc.constantFrom(Buffer.from('a"b'), Buffer.from('"open'), Buffer.from('"x"y'), Buffer.of(0xff)),
    }),
    { freq: 4 },
  ),
  encoding: fc.constantFrom('utf-8' as const, 'windows-1252' as const),
  decimal: fc.constantFrom('.' as const, ',' as const),
  nested: fc.boolean(),
  chunkSize: fc.integer({ min: 1, max: 40 }),
});

/**
 * A cell's line breaks as the file writes them. One line ending per file, as every exporter writes: csv-parse
 * takes the first line ending it meets as the only one (a later bare CR is then data, and a CRLF inside quotes
 * in a LF file counts as two lines), while the byte reader takes LF, CRLF and CR as one line end wherever they
 * are; the test below checks its count by hand.
 */
function inFile(cell: string, eol: string): string {
  return cell.replace(/\r\n|\n/g, eol);
}

/** The bytes of a generated file. */
function bytesOf(f: typeof file extends fc.Arbitrary<infer T> ? T : never): Buffer {
  const header = ['id', 'plan', 'company.size', 'score'].slice(0, f.width).join(f.delimiter);
  const lines = [header];
  for (const row of f.rows)
    lines.push(
      f.eol.repeat(row.blankBefore) +
        row.cells.map((c) => written(inFile(c, f.eol), f.delimiter, row.quote)).join(f.delimiter),
    );
  const text = lines.join(f.eol) + (f.trailing ? f.eol : '');
  let bytes = f.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encode1252(text);
  if (f.bom) bytes = Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), bytes]);
  if (f.damage !== null) {
    let at = f.damage.at % (bytes.length + 1);
    if (bytes[at - 1] === 0x0d && bytes[at] === 0x0a) at++; // never between the CR and LF of a CRLF
    bytes = Buffer.concat([bytes.subarray(0, at), f.damage.text, bytes.subarray(at)]);
  }
  return bytes;
}

describe('the byte CSV reader', () => {
  it('gives the rows and errors of the csv-parse path, cut anywhere (fast-check)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const bytes = bytesOf(f);
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, bytes);
        const options = { encoding: f.encoding, decimal: f.decimal, nested: f.nested };
        let delimiter: string;
        try {
          delimiter = await csvDelimiter(path, options);
        } catch (error) {
          if (error instanceof TableError) return; // the header itself is not text: neither reader starts
          throw error;
        }
        const expected = await outcome(() => readCsvParse(path, delimiter, options));
        const got = await outcome(() => flat(readCsvBatches(path, delimiter, options, f.chunkSize)));
        // After a line break inside quotes csv-parse counts one line too many (a record on line 4 is on its
        // line 5): there everything but the lines is compared, and the tests below check the lines by hand.
        // A quote opened by the damage may run over lines too; never closed, csv-parse names the last line and
        // the byte reader the line where it opens (checked by hand below).
        const multiline =
          f.rows.some((r) => r.cells.some((c) => /[\r\n]/.test(c))) || f.damage?.text[0] === 0x22;
        expect(multiline ? withoutLines(got) : got).toEqual(multiline ? withoutLines(expected) : expected);
      }),
      { numRuns: 400 },
    );
  });

  it('says invalid UTF-8 after a quote that is never closed before the quote, as the csv-parse path does', async () => {
    // A UTF-8 BOM (trusted over windows-1252), "café" in windows-1252 (é is 0xE9: not UTF-8), and a quote
    // opened before it that runs to the end of the file: found by the property above.
    const body = Buffer.from([0x69, 0x64, 0x0a, 0x63, 0x61, 0x66, 0xe9]);
    for (const at of [0, 3]) {
      const bytes = Buffer.concat([
        Buffer.of(0xef, 0xbb, 0xbf),
        body.subarray(0, at),
        Buffer.from('"open'),
        body.subarray(at),
      ]);
      const path = join(dir, `unclosed-${at}.csv`);
      writeFileSync(path, bytes);
      const options = { encoding: 'windows-1252' as const };
      const expected = await outcome(() => readCsvParse(path, ',', options));
      const got = await outcome(() => flat(readCsvBatches(path, ',', options, 1)));
      expect(expected).toEqual({ error: { code: 'invalid_encoding', line: 2 } });
      expect(got).toEqual(expected);
    }
  });

  it('keeps the same rows as bytes: the records, lines and bad rows of readCsvBatches (fast-check)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const path = join(dir, `k${n++}.csv`);
        writeFileSync(path, bytesOf(f));
        const options = { encoding: f.encoding, decimal: f.decimal, nested: f.nested };
        let delimiter: string;
        try {
          delimiter = await csvDelimiter(path, options);
        } catch (error) {
          if (error instanceof TableError) return;
          throw error;
        }
        const expected = await outcome(() => flat(readCsvBatches(path, delimiter, options, f.chunkSize)));
        const got = await keptOutcome(() => readCsvKept(path, delimiter, options, f.chunkSize));
        if ('error' in expected) {
          expect(got).toEqual(expected);
          return;
        }
        const rows = expected.rows;
        expect(got).toEqual({
          good: rows.flatMap((r) => (r.kind === 'row' ? [{ line: r.line, values: r.values }] : [])),
          bad: rows.filter((r) => r.kind === 'bad'),
          count: rows.length,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts a line break inside quotes as one line, whatever the line ending', async () => {
    const path = join(dir, 'mixed.csv');
    // Line 1 the header; line 2 opens a quoted cell that a CRLF continues on line 3; line 4 is the next row.
    writeFileSync(path, 'id,note\na,"two\r\nlines"\nb,x\n');
    const rows: TableRow[] = [];
    for await (const row of readTable(path)) rows.push(row);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('names the line of a broken quote after a line break inside quotes', async () => {
    const path = join(dir, 'broken.csv');
    // Line 3 holds the text after the closing quote of the cell opened on line 2.
    writeFileSync(path, 'id\r\n"two\r\na"b\r\n');
    await expect(outcome(() => readTable(path))).resolves.toEqual({
      error: { code: 'invalid_csv', line: 3 },
    });
  });

  it('names the line where a quote that is never closed opens', async () => {
    const path = join(dir, 'open.csv');
    writeFileSync(path, 'id,note\na,x\nb,"never\nclosed\n');
    await expect(outcome(() => readTable(path))).resolves.toEqual({
      error: { code: 'invalid_csv', line: 3 },
    });
  });

  it('leaves a delimiter of more than one character to csv-parse, in batches as well', async () => {
    const path = join(dir, 'double-colon.csv');
    writeFileSync(path, 'id::plan\na::pro\nb::free::extra\n');
    const batches: TableRow[][] = [];
    for await (const batch of readTableRows(path, { delimiter: '::' })) batches.push(batch);
    expect(batches).toEqual([
      [
        { kind: 'row', line: 2, index: 0, values: { id: 'a', plan: 'pro' } },
        { kind: 'bad', line: 3, index: 1, column: '', message: 'expected 2 cells like the header, got 3' },
      ],
    ]);
  });

  it('reads a record with more cells than it first keeps, and long lines', async () => {
    const path = join(dir, 'wide.csv');
    const names = Array.from({ length: 150 }, (_, i) => `c${i}`);
    const values = names.map((_, i) => (i % 7 === 0 ? '' : 'v'.repeat(i * 10)));
    writeFileSync(path, `${names.join(',')}\n${values.join(',')}\n`);
    const rows: TableRow[] = [];
    for await (const row of readTable(path)) rows.push(row);
    const expected: Record<string, string> = {};
    names.forEach((name, i) => {
      if (values[i] !== '') expected[name] = values[i] as string;
    });
    expect(rows).toEqual([{ kind: 'row', line: 2, index: 0, values: expected }]);
  });
});

/** Windows-1252 bytes of a text whose characters are all in that encoding. */
function encode1252(text: string): Buffer {
  return Buffer.from(Array.from(text, (ch) => (ch === '€' ? 0x80 : (ch.codePointAt(0) as number))));
}
