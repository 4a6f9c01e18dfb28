// scorekit/node in process: reading CSV, NDJSON and JSON tables, and writing scored records. The CLI tests run
// the same code through the built bin; these check each function on its own, with values worked out by hand.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attributes,
  definePipeline,
  grades,
  rfm,
  type ScoredRecord,
  scoreCustomers,
  segments,
  thresholds,
} from '../../src/index.js';
import {
  csvDelimiter,
  csvLine,
  detectDelimiter,
  fileSize,
  formatOf,
  pipelineColumns,
  readColumns,
  readCsvHeader,
  readTable,
  ScoredFileWriter,
  scoredCells,
  scoredColumns,
  TableError,
  unknownColumns,
  writeScored,
} from '../../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'scorekit-node-'));
const file = (name: string, text: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const rows = async (path: string, options = {}) => {
  const out: unknown[] = [];
  for await (const row of readTable(path, options)) out.push(row.kind === 'row' ? row.values : row);
  return out;
};

describe('reading tables', () => {
  it('CSV: BOM, detected delimiter, quoted newlines and delimiters, empty cells left out', async () => {
    const path = file('a.csv', '\uFEFFid;name;note\r\n1;"Dupont; Jean";"two\nlines"\r\n2;;x\r\n');
    expect(await csvDelimiter(path)).toBe(';');
    expect(await readCsvHeader(path)).toEqual(['id', 'name', 'note']);
    expect(await rows(path)).toEqual([
      { id: '1', name: 'Dupont; Jean', note: 'two\nlines' },
      { id: '2', note: 'x' },
    ]);
  });
  it('CSV: decimal commas become numbers written with a dot; dotted headers nest when asked', async () => {
    const path = file('b.csv', 'id;company.employees;amount\nc1;120;1 234,50\n');
    expect(await rows(path, { decimal: ',', nested: true })).toEqual([
      { id: 'c1', company: { employees: '120' }, amount: '1234.50' },
    ]);
    expect(await rows(path)).toEqual([{ id: 'c1', 'company.employees': '120', amount: '1 234,50' }]);
  });
  it('CSV: a row with a wrong number of cells comes out as bad, with its line', async () => {
    const path = file('c.csv', 'id,a\n1,2\n3,4,5\n');
    const out = await rows(path);
    expect(out[0]).toEqual({ id: '1', a: '2' });
    expect(out[1]).toMatchObject({ kind: 'bad', line: 3 });
  });
  it('CSV: a broken quote throws a TableError naming the file', async () => {
    const path = file('d.csv', 'id,a\n1,"open\n');
    await expect(rows(path)).rejects.toBeInstanceOf(TableError);
  });
  it('NDJSON and JSON: one object per line, or an array of objects', async () => {
    const nd = file('e.ndjson', '{"id":"a","n":1}\n\n{"id":"b"}\n');
    expect(await rows(nd)).toEqual([{ id: 'a', n: 1 }, { id: 'b' }]);
    const json = file('f.json', '[{"id":"a"},{"id":"b","x":{"y":2}}]');
    expect(await rows(json)).toEqual([{ id: 'a' }, { id: 'b', x: { y: 2 } }]);
    expect(await readColumns(json)).toEqual(['id']);
    await expect(rows(file('g.json', '[{"id":'))).rejects.toBeInstanceOf(TableError);
  });
  it('formats by extension, sizes in bytes, delimiters from the header line', async () => {
    expect([
      formatOf('x.CSV'),
      formatOf('x.jsonl'),
      formatOf('x.ndjson'),
      formatOf('x.json'),
      formatOf('x.txt'),
    ]).toEqual(['csv', 'ndjson', 'ndjson', 'json', 'csv']);
    expect(await fileSize(file('h.csv', 'é'))).toBe(2);
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });
});

describe('writing scored records', () => {
  const pipeline = definePipeline({
    id: 'w',
    scorers: [
      attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 10.5, reason: 'VIP' }] }),
      attributes({
        name: 'engagement',
        rules: [{ when: { field: 'opens', gte: 1 }, points: 20, reason: 'Opens' }],
      }),
    ],
    qualify: thresholds([{ label: 'hot', min: 20 }]),
    grade: grades({
      fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
      engagement: { scorer: 'engagement', levels: [{ label: '1', min: 10 }, { label: '2' }] },
    }),
    segment: segments({
      rules: [
        {
          when: { field: 'score', gte: 20 },
          segment: { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call; now' },
        },
      ],
    }),
  });
  const run = scoreCustomers([{ id: '+33612345678', vip: true, opens: 2 }, { id: '=cmd' }], pipeline);

  it('CSV: one flat row per record, numbers rounded, plain-number ids kept, formulas neutralized', async () => {
    const path = join(dir, 'scored.csv');
    await writeScored(path, run.results);
    const lines = readFileSync(path, 'utf8').split('\r\n');
    expect(lines[0]).toBe(scoredColumns(run.results).join(','));
    expect(scoredColumns(run.results)).toContain('grade');
    // +33612345678: score 10.5 + 20 = 30.5, hot, grade A1, segment hot; the action holds a ';' but no ','.
    expect(lines[1]?.startsWith('+33612345678,30.5,hot,A1,hot,Hot,#d1242f,Call; now,10.5,')).toBe(true);
    expect(lines[2]?.startsWith("'=cmd,0,,B2,")).toBe(true);
    expect(lines[1]?.endsWith(',VIP (+10.5); Opens (+20)')).toBe(true);
  });
  it('CSV for French spreadsheets: semicolons and decimal commas', async () => {
    const path = join(dir, 'scored-fr.csv');
    await writeScored(path, run.results, { delimiter: ';', decimal: ',' });
    const line = readFileSync(path, 'utf8').split('\r\n')[1] ?? '';
    expect(line.startsWith('+33612345678;30,5;hot;A1;hot;Hot;#d1242f;"Call; now";10,5;')).toBe(true);
    // The same contributions as the file above, now with decimal commas in their points.
    expect(line.endsWith(';"VIP (+10,5); Opens (+20)"')).toBe(true);
  });
  it('NDJSON and JSON: the full results at full precision', async () => {
    const nd = join(dir, 'scored.ndjson');
    await writeScored(nd, run.results);
    const parsed = readFileSync(nd, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(run.results)));
    const json = join(dir, 'scored.json');
    await writeScored(json, run.results);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(run.results)));
  });
  it('RFM components get their r, f, m, code and raw values as columns', async () => {
    const rfmRun = scoreCustomers([{ id: 'a' }, { id: 'b' }], definePipeline({ id: 'r', scorers: [rfm()] }), {
      asOf: '2026-01-01',
      transactions: [
        { customerId: 'a', date: '2025-12-31', amount: 10 },
        { customerId: 'b', date: '2025-12-01', amount: 30 },
      ],
    });
    const path = join(dir, 'rfm.csv');
    await writeScored(path, rfmRun.results);
    const [header, first] = readFileSync(path, 'utf8').split('\r\n');
    const cells = Object.fromEntries(
      (header ?? '').split(',').map((h, i) => [h, (first ?? '').split(',')[i]]),
    );
    // a: last purchase 1 day before asOf (more recent than b's 31), 1 purchase, 10 spent.
    expect([cells['rfm.recency'], cells['rfm.frequency'], cells['rfm.monetary']]).toEqual(['1', '1', '10']);
    expect(pipelineColumns(rfmRun.model.pipeline)).toEqual(scoredColumns(rfmRun.results));
  });
  it('pipelineColumns knows before scoring the columns that scoredColumns finds in the results', () => {
    expect(pipelineColumns(pipeline.config)).toEqual(scoredColumns(run.results));
    // A qualification with a margin gives every result a transition, hence a stage_change column.
    const staged = definePipeline({
      ...pipeline.config,
      qualify: {
        type: 'thresholds',
        levels: [
          { label: 'hot', min: 20 },
          { label: 'cold', min: 0 },
        ],
        margin: 5,
      },
    });
    const stagedRun = scoreCustomers([{ id: 'a', vip: true }], staged);
    expect(scoredColumns(stagedRun.results)).toContain('stage_change');
    expect(pipelineColumns(staged.config)).toEqual(scoredColumns(stagedRun.results));
  });
  it('ScoredFileWriter writes record by record exactly what writeScored writes at once', async () => {
    for (const name of ['each.csv', 'each.ndjson', 'each.json']) {
      const whole = join(dir, `whole-${name}`);
      await writeScored(whole, run.results, { delimiter: ';', decimal: ',' });
      const path = join(dir, name);
      const writer = new ScoredFileWriter(path, pipelineColumns(pipeline.config), {
        delimiter: ';',
        decimal: ',',
      });
      scoreCustomers([{ id: '+33612345678', vip: true, opens: 2 }, { id: '=cmd' }], pipeline, {
        onResult: (result) => writer.write(result),
      });
      writer.close();
      expect(readFileSync(path, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
  it('ScoredFileWriter writes files larger than its buffer and lines longer than it, as csvLine makes them', () => {
    // An id of 400,000 characters makes one line longer than the 1 MiB buffer in UTF-8 (é is two bytes).
    const long = definePipeline({
      id: 'long',
      scorers: [
        attributes({
          name: 'fit',
          rules: [{ when: { field: 'vip', eq: true }, points: 1, reason: `VIP é ${'x'.repeat(60)}` }],
        }),
      ],
    });
    // The writer's first part is 16 KiB: a first line longer than it (20 KB), or than the whole buffer.
    for (const longAt of [777, 0]) {
      const records = Array.from({ length: 30_000 }, (_, i) => ({
        id: i === longAt ? 'é'.repeat(400_000) : i === 1 ? 'é'.repeat(10_000) : `c${i}`,
        vip: true,
      }));
      const results = scoreCustomers(records, long).results;
      const columns = pipelineColumns(long.config);
      const path = join(dir, 'large.csv');
      const writer = new ScoredFileWriter(path, columns);
      for (const result of results) writer.write(result);
      writer.close();
      const expected = csvLine(columns) + results.map((r) => csvLine(scoredCells(r, { columns }))).join('');
      expect(Buffer.byteLength(expected)).toBeGreaterThan(3 * 2 ** 20);
      expect(readFileSync(path, 'utf8')).toBe(expected);
    }
  });
  it('ScoredFileWriter with select: those columns in that order; an unknown one is a RangeError', () => {
    const columns = pipelineColumns(pipeline.config);
    const path = join(dir, 'select.csv');
    const writer = new ScoredFileWriter(path, columns, { select: ['fit.value', 'id'], delimiter: ';' });
    for (const result of run.results) writer.write(result);
    writer.close();
    const cells = run.results.map((r) => scoredCells(r, { columns }));
    const at = (name: string) => columns.indexOf(name);
    expect(readFileSync(path, 'utf8')).toBe(
      `fit.value;id\r\n${cells.map((c) => csvLine([c[at('fit.value')] ?? null, c[at('id')] ?? null], { delimiter: ';' })).join('')}`,
    );
    expect(() => new ScoredFileWriter(path, columns, { select: ['id', 'nope'] })).toThrow(
      new RangeError(`unknown column "nope": the scores have ${columns.join(', ')}`),
    );
    expect(unknownColumns(columns, ['id', 'nope', 'score', 'x'])).toEqual(['nope', 'x']);
  });
  it('ScoredFileWriter with select writes, for every column alone and for all reversed, the cells of scoredCells', () => {
    // Every kind of column: RFM fields (a null recency), two components, a grade, a stage change, segments.
    const rich = definePipeline({
      id: 'rich',
      scorers: [
        rfm(),
        attributes({
          name: 'fit',
          rules: [{ when: { field: 'vip', eq: true }, points: 10.5, reason: 'VIP, "A"' }],
        }),
      ],
      qualify: { ...thresholds([{ label: 'hot', min: 12 }]), previous: 'stage' },
      grade: grades({
        fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
        engagement: { scorer: 'rfm', levels: [{ label: '1', min: 10 }, { label: '2' }] },
      }),
      segment: segments({
        rules: [
          {
            when: { field: 'score', gte: 12 },
            segment: { key: 'hot', label: 'Hot', color: '#d1242f', action: 'Call; now' },
          },
        ],
      }),
    });
    const transactions = [
      { customerId: 'a', date: '2025-12-30', amount: 100.25 },
      { customerId: 'b', date: '2025-06-01', amount: 7 },
    ];
    const customers = [{ id: 'a', vip: true, stage: 'hot' }, { id: 'b' }, { id: 'c', vip: true }];
    const results = scoreCustomers(customers, rich, { asOf: '2026-01-01', transactions }).results;
    const columns = pipelineColumns(rich.config);
    expect(columns).toContain('stage_change');
    expect(results.map((r) => [r.id, r.components.rfm?.value])).toEqual([
      ['a', expect.any(Number)],
      ['b', expect.any(Number)],
      ['c', expect.any(Number)],
    ]);
    // The reference, written out here: each column's cell read from the result's own fields, in the columns'
    // order (the explanation's pieces joined as the CSV format says: reason, points unless stated, `; `).
    const cellOf = (r: ScoredRecord, column: string): string | number | null => {
      const segment = r.segment;
      const plain: Record<string, string | number | null> = {
        id: r.id,
        score: r.score,
        qualification: r.qualification,
        stage_change: r.transition?.change ?? null,
        grade: r.grade?.cell ?? null,
        segment: segment?.key ?? null,
        segment_label: segment?.label ?? null,
        segment_color: segment?.color ?? null,
        segment_action: segment?.action ?? null,
        explain: r.explain
          .map((e) => `${e.reason} (${e.points > 0 ? '+' : ''}${String(e.points).replace('.', ',')})`)
          .join('; '),
      };
      if (column in plain) return plain[column] ?? null;
      const [name, field] = column.split('.') as [string, string];
      const c = r.components[name] as unknown as Record<string, string | number | null> | undefined;
      return c?.[field] ?? null;
    };
    const cells = results.map((r) => columns.map((c) => cellOf(r, c)));
    // scoredCells gives the same cells.
    expect(results.map((r) => scoredCells(r, { columns, decimal: ',' }))).toEqual(cells);
    for (const select of [...columns.map((c) => [c]), [...columns].reverse()]) {
      const path = join(dir, 'select-rich.csv');
      const writer = new ScoredFileWriter(path, columns, { select, delimiter: ';', decimal: ',' });
      for (const result of results) writer.write(result);
      writer.close();
      const picked = cells.map((c) => select.map((name) => c[columns.indexOf(name)] ?? null));
      const expected = [select, ...picked]
        .map((line) => csvLine(line, { delimiter: ';', decimal: ',' }))
        .join('');
      expect(readFileSync(path, 'utf8'), select.join(',')).toBe(expected);
    }
  });
  it('ScoredFileWriter.abort leaves the target as it was and no temporary file', () => {
    const path = file('kept.csv', 'the scores of last week\n');
    const writer = new ScoredFileWriter(path, pipelineColumns(pipeline.config));
    for (const result of run.results) writer.write(result);
    writer.abort();
    writer.abort();
    expect(readFileSync(path, 'utf8')).toBe('the scores of last week\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(() => writer.close()).toThrow(/already closed/);
  });
});
