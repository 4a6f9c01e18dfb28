// The built bin, run as a child process on files in a temporary folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CONFIG, CUSTOMERS, folder, ndjson, SHOP, scorekit, TX } from './bin.js';

function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('scorekit score', () => {
  it('scores the happy path: scores, summary, board, rows in = scored + rejected', () => {
    const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
      '--report',
      'board.html',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('customers: 3 rows in = 3 scored + 0 rejected');
    const rows = csvRows(readFileSync(join(dir, 'scored.csv'), 'utf8'));
    expect(rows[0]?.slice(0, 3)).toEqual(['id', 'score', 'qualification']);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(ids).toEqual(['a', 'b', 'c']);
    // a is the best of 3 purchasers in R, F and M: 1 + floor(5 · 2/3) = 4 → code 444; fit 10/10.
    const header = rows[0] ?? [];
    expect(rows[1]?.[header.indexOf('rfm.code')]).toBe('444');
    expect(Number(rows[1]?.[header.indexOf('score')])).toBeCloseTo(50 * ((12 - 3) / 12) + 50, 10);
    expect(readFileSync(join(dir, 'board.html'), 'utf8')).toContain('<svg');
  });

  it('sends bad rows to --rejected with line, column and reason, and counts them', () => {
    const dir = folder({
      'scoring.json': CONFIG,
      'customers.csv': 'id,employees\na,100\n,5\nb,many\nc,1,extra\n',
      'tx.csv': 'customerId,date,amount\na,2025-12-30,100\nb,never,1\nb,2025-12-01,abc\n',
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
      '--rejected',
      'rejected.csv',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('customers: 4 rows in = 1 scored + 3 rejected');
    expect(run.stdout).toContain('transactions: 3 rows read, 2 rejected');
    const rejected = readFileSync(join(dir, 'rejected.csv'), 'utf8').trim().split('\r\n');
    expect(rejected).toEqual([
      'source,file,line,id,column,code,message',
      'customers,customers.csv,3,,id,missing_id,"the record has no usable ""id"" (a non-empty string or a number)"',
      'customers,customers.csv,4,b,employees,invalid_type,"expected a number, got ""many"""',
      'customers,customers.csv,5,,,unreadable_row,"expected 2 cells like the header, got 3"',
      'transactions,tx.csv,3,b,date,invalid_date,"expected a date, got ""never"""',
      'transactions,tx.csv,4,b,amount,invalid_amount,"expected a finite amount, got ""abc"""',
    ]);
  });

  it('--on-invalid fail stops at the first bad row with exit code 2', () => {
    const dir = folder({
      'scoring.json': CONFIG,
      'customers.csv': CUSTOMERS,
      'tx.csv': 'customerId,date,amount\na,2025-12-30,100\nb,2099-01-01,5\n',
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
      '--on-invalid',
      'fail',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'scorekit: tx.csv, line 3, column "date": the purchase date is after asOf (2026-01-01)\n',
    );
  });

  it('--on-invalid fail on a customer half-way through scoring leaves the scores file as it was', () => {
    const dir = folder({
      'scoring.json': CONFIG,
      'customers.csv': 'id,employees\na,100\nb,many\nc,60\n',
      'tx.csv': TX,
      'scored.csv': 'last week\n',
    });
    const args = ['--config', 'scoring.json', '--customers', 'customers.csv', '--transactions', 'tx.csv'];
    const run = scorekit(
      dir,
      'score',
      ...args,
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
      '--on-invalid',
      'fail',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^scorekit: customers\.csv, line 3, column "employees": /);
    expect(readFileSync(join(dir, 'scored.csv'), 'utf8')).toBe('last week\n');
    expect(readdirSync(dir).sort()).toEqual(['customers.csv', 'scored.csv', 'scoring.json', 'tx.csv']);
  });

  it('reads a BOM, a semicolon-delimited French export with decimal commas, and quoted fields with line breaks', () => {
    const config = JSON.stringify({
      id: 'fr',
      scorers: [
        { type: 'rfm', name: 'rfm' },
        {
          type: 'attributes',
          name: 'fit',
          rules: [
            { when: { field: 'CA', gte: 1000.5 }, points: 1 },
            { when: { field: 'note', contains: 'ligne' }, points: 2 },
          ],
        },
      ],
      combine: { type: 'sum' },
    });
    const dir = folder({
      'scoring.json': config,
      'clients.csv': '\ufeffid;CA;note\nx;"1 000,50";"première\nligne"\ny;999,99;simple\n',
      'achats.csv': '\ufeffcustomerId;date;amount\nx;2025-12-30;12,50\ny;2025-12-01;"1 200,00"\n',
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'clients.csv',
      '--transactions',
      'achats.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'out.ndjson',
      '--decimal',
      ',',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = readFileSync(join(dir, 'out.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => [r.id, r.components.fit.value, r.components.rfm.monetary])).toEqual([
      ['x', 3, 12.5],
      ['y', 0, 1200],
    ]);
  });

  it('handles an empty file, a very long line and a missing column with one clear line', () => {
    const empty = folder({ 'scoring.json': CONFIG, 'customers.csv': '', 'tx.csv': TX });
    const e = scorekit(
      empty,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
    );
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('customers: 0 rows in = 0 scored + 0 rejected');

    const long = `id,employees\n${'z'.repeat(1_000_000)},70\nb,1\n`;
    const l = folder({ 'scoring.json': CONFIG, 'customers.csv': long, 'tx.csv': TX });
    const lr = scorekit(
      l,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.json',
    );
    expect(lr.code).toBe(0);
    expect(JSON.parse(readFileSync(join(l, 'scored.json'), 'utf8'))[0].components.fit.value).toBe(10);

    const missing = folder({ 'scoring.json': CONFIG, 'customers.csv': 'id,staff\na,1\n', 'tx.csv': TX });
    const m = scorekit(
      missing,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
    );
    expect(m.code).toBe(1);
    expect(m.stderr).toBe(
      'scorekit: customers.csv: no column "employees" (read by scorers[1] "fit"); the columns are: id, staff\n',
    );
  });

  it('names the column a segment rule or the previous stage reads when the customers file lacks it', () => {
    const args = [
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
    ];
    const rest = ['--as-of', '2026-01-01', '--out', 'scored.csv'];
    const withSegment = JSON.stringify({
      ...SHOP,
      segment: {
        type: 'rules',
        rules: [
          {
            when: {
              all: [
                { field: 'score', gte: 1 },
                { field: 'record.plan', eq: 'pro' },
              ],
            },
            segment: { key: 'pro', label: 'Pro', color: '#000', action: 'Call' },
          },
        ],
      },
    });
    const dir = folder({
      'scoring.json': withSegment,
      'customers.csv': 'id,employees\na,70\n',
      'tx.csv': TX,
    });
    const run = scorekit(dir, ...args, ...rest);
    expect(run.stderr).toBe(
      'scorekit: customers.csv: no column "plan" (read by segment.rules[0] as "record.plan"); the columns are: id, employees\n',
    );
    expect(run.code).toBe(1);
    const staged = JSON.stringify({
      ...SHOP,
      qualify: { type: 'thresholds', levels: [{ label: 'MQL', min: 10 }], previous: 'stage' },
    });
    const s = folder({ 'scoring.json': staged, 'customers.csv': 'id,employees\na,70\n', 'tx.csv': TX });
    const sr = scorekit(s, ...args, ...rest);
    expect(sr.stderr).toBe(
      'scorekit: customers.csv: no column "stage" (the previous stage (qualify.previous)); the columns are: id, employees\n',
    );
    expect(sr.code).toBe(1);
    // With the columns, both run.
    const ok = folder({
      'scoring.json': withSegment,
      'customers.csv': 'id,employees,plan\na,70,pro\n',
      'tx.csv': TX,
    });
    expect(scorekit(ok, ...args, ...rest).code).toBe(0);
  });

  it('refuses a header that names a column twice instead of keeping one of them silently', () => {
    const header = 'id,employees,email,employees,,\na,70,a@x.fr,5,,\n';
    const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': header, 'tx.csv': TX });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'scorekit: customers.csv, line 1: the column "employees" appears twice in the header (columns 2 and 4): each column needs its own name\n',
    );
    expect(existsSync(join(dir, 'scored.csv'))).toBe(false);
  });

  it('explains missing files, bad configs and bad options in one line, without a stack trace', () => {
    const dir = folder({
      'bad.json':
        '{"id": "x", "scorers": [{"type": "attributes", "name": "f", "rules": [{"when": {"field": "__proto__"}, "points": "ten"}]}]}',
      'customers.csv': CUSTOMERS,
    });
    const noFile = scorekit(
      dir,
      'score',
      '--config',
      'nope.json',
      '--customers',
      'customers.csv',
      '--out',
      'o.csv',
    );
    expect([noFile.code, noFile.stderr]).toEqual([
      1,
      'scorekit: the config file "nope.json" does not exist\n',
    ]);
    const bad = scorekit(
      dir,
      'score',
      '--config',
      'bad.json',
      '--customers',
      'customers.csv',
      '--out',
      'o.csv',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('scorers[0].rules[0].points: expected a number, got "ten"');
    expect(bad.stderr).not.toContain('    at ');
    const option = scorekit(dir, 'score', '--bogus');
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^scorekit: score: Unknown option '--bogus'/);
  });
});

describe('other commands', () => {
  it('init writes a starter config that validates; validate lists problems with exit code 1', () => {
    const dir = folder({ 'bad.json': '{"id": "p", "scorers": []}' });
    expect(scorekit(dir, 'init').code).toBe(0);
    expect(scorekit(dir, 'validate', 'scoring.json')).toMatchObject({
      code: 0,
      stdout: 'scoring.json: valid\n',
    });
    expect(scorekit(dir, 'init').code).toBe(1);
    expect(scorekit(dir, 'validate', 'bad.json')).toMatchObject({
      code: 1,
      stdout: 'bad.json: 1 problem\n  scorers: expected at least 1 items, got an array\n',
    });
  });
  it('fit writes a model; score --model gives the same scores', () => {
    const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
    expect(
      scorekit(
        dir,
        'fit',
        '--config',
        'scoring.json',
        '--customers',
        'customers.csv',
        '--transactions',
        'tx.csv',
        '--as-of',
        '2026-01-01',
        '--out',
        'model.json',
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('scorekit.model/1');
    scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'batch.csv',
    );
    const again = scorekit(
      dir,
      'score',
      '--model',
      'model.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--out',
      'model.csv',
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'model.csv'), 'utf8')).toBe(readFileSync(join(dir, 'batch.csv'), 'utf8'));
  });
  it('report rebuilds the board from a scored file; --help works on every command', () => {
    const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
    scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
    );
    const r = scorekit(dir, 'report', '--scored', 'scored.csv', '--out', 'board.html', '--locale', 'fr');
    expect(r).toMatchObject({ code: 0, stdout: '3 scored records → board written to board.html\n' });
    expect(readFileSync(join(dir, 'board.html'), 'utf8')).toContain('Carte R × F');
    for (const command of ['init', 'validate', 'score', 'fit', 'report', 'demo']) {
      const help = scorekit(dir, command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Example/);
    }
    expect(scorekit(dir, '--help').stdout).toContain('Exit codes');
    expect(scorekit(dir, 'nonsense').code).toBe(1);
  });
  it('demo scores the bundled CDNOW customers', () => {
    const dir = folder({});
    const demo = scorekit(dir, 'demo', '--out', 'demo.html');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('CDNOW: 69659 purchases of 23570 customers');
    expect(demo.stdout).toContain('| Champions | 4,135 |');
  });
  it('prints no progress bar when stderr is not a terminal', () => {
    const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'scored.csv',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/rows\/s|\r/);
  });
});

// A fit-only pipeline reads no dates: it runs without --as-of.
const FIT = JSON.stringify({
  id: 'fit',
  scorers: [
    {
      type: 'attributes',
      name: 'fit',
      rules: [
        { when: { field: 'employees', gte: 50 }, points: 10, reason: 'Mid-market' },
        { when: { field: 'employees', gte: 1 }, points: 0.5, reason: 'Any size' },
      ],
    },
  ],
});

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\r\n');
}

describe('malformed inputs stop with one line and exit code 1', () => {
  it('a .json file that is not JSON names its line and column', () => {
    const dir = folder({
      'fit.json': FIT,
      // Line 2: ` {"id": "b", "employees": }]`: the `}` is the 27th character.
      'customers.json': '[{"id": "a", "employees": 3},\n {"id": "b", "employees": }]',
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'fit.json',
      '--customers',
      'customers.json',
      '--out',
      'o.csv',
    );
    expect([run.code, run.stderr]).toEqual([
      1,
      'scorekit: customers.json, line 2: not valid JSON: unexpected "}" at column 27\n',
    ]);
  });

  it('a bad NDJSON line is a rejected row with its line; the other lines are scored', () => {
    const dir = folder({
      'fit.json': FIT,
      'customers.ndjson': '{"id": "a", "employees": 60}\n{"id": "b", "employees": }\n\n{"id": "c"',
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'fit.json',
      '--customers',
      'customers.ndjson',
      '--out',
      'o.ndjson',
      '--rejected',
      'r.csv',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('customers: 3 rows in = 1 scored + 2 rejected');
    expect(lines(join(dir, 'r.csv')).slice(1, 3)).toEqual([
      'customers,customers.ndjson,2,,,unreadable_row,"not valid JSON: unexpected ""}"" at column 26"',
      'customers,customers.ndjson,4,,,unreadable_row,not valid JSON: unexpected the end of the text at column 11',
    ]);
  });

  it('a broken CSV quote, a folder instead of a file, a config that is not JSON, an output that cannot be written', () => {
    const dir = folder({
      'fit.json': FIT,
      'quote.csv': 'id,employees\na,1\nb"x,2\nc,3\n',
      'open.csv': 'id,employees\na,1\n"b,2\n',
      'bad-config.json': '{\n  "id": "x",\n  "scorers": [}\n}',
    });
    mkdirSync(join(dir, 'folder.csv'));
    const args = ['--config', 'fit.json', '--out', 'o.csv'];
    expect(scorekit(dir, 'score', ...args, '--customers', 'quote.csv')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: quote.csv, line 3: a " inside a field that is not quoted (quote the field and double the ")\n',
    });
    expect(scorekit(dir, 'score', ...args, '--customers', 'open.csv')).toMatchObject({
      code: 1,
      stderr: 'scorekit: open.csv, line 3: a quoted field is never closed (a " is missing)\n',
    });
    expect(scorekit(dir, 'score', ...args, '--customers', 'folder.csv')).toMatchObject({
      code: 1,
      stderr: 'scorekit: the customers file "folder.csv" is not a file\n',
    });
    expect(scorekit(dir, 'validate', 'bad-config.json')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: the config file "bad-config.json" is not valid JSON: line 3, column 15, unexpected "}"\n',
    });
    const write = ['--config', 'fit.json', '--customers', 'fine.csv'];
    writeFileSync(join(dir, 'fine.csv'), 'id,employees\na,1\n');
    expect(scorekit(dir, 'score', ...write, '--out', 'nowhere/o.csv')).toMatchObject({
      code: 1,
      stderr: 'scorekit: cannot write the scores file "nowhere/o.csv": its folder does not exist\n',
    });
    expect(scorekit(dir, 'score', ...write, '--out', 'o.csv', '--rejected', 'folder.csv')).toMatchObject({
      code: 1,
      stderr: 'scorekit: cannot write the rejected rows file "folder.csv": it is a folder\n',
    });
  });
});

describe('missing values and nested fields', () => {
  it('checks columns on CSV headers only: an NDJSON row without an optional field is scored', () => {
    const dir = folder({ 'fit.json': FIT, 'c.ndjson': '{"id":"a"}\n{"id":"b","employees":80}\n' });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'fit.json',
      '--customers',
      'c.ndjson',
      '--out',
      'o.ndjson',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // a: no employees, no rule matches → 0; b: 80 ≥ 50 and ≥ 1 → 10 + 0.5.
    expect(ndjson(join(dir, 'o.ndjson')).map((r) => [r.id, r.score])).toEqual([
      ['a', 0],
      ['b', 10.5],
    ]);
  });

  it('reads an empty CSV cell as a missing field; a missing id still rejects the row', () => {
    const config = JSON.stringify({
      id: 'empty',
      scorers: [
        {
          type: 'attributes',
          name: 'fit',
          rules: [
            { when: { field: 'employees', gte: 50 }, points: 10 },
            { when: { field: 'employees', exists: false }, points: 1 },
          ],
        },
      ],
      combine: { type: 'sum' },
    });
    const dir = folder({ 'c.json': config, 'c.csv': 'id,employees\na,\nb,80\n,5\n' });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'c.json',
      '--customers',
      'c.csv',
      '--out',
      'o.ndjson',
      '--rejected',
      'r.csv',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('customers: 3 rows in = 2 scored + 1 rejected');
    // a: the empty cell matches only `exists: false` → 1; b: 80 ≥ 50 → 10.
    expect(ndjson(join(dir, 'o.ndjson')).map((r) => [r.id, r.score])).toEqual([
      ['a', 1],
      ['b', 10],
    ]);
    expect(lines(join(dir, 'r.csv'))[1]).toBe(
      'customers,c.csv,4,,id,missing_id,"the record has no usable ""id"" (a non-empty string or a number)"',
    );
  });

  it('builds nested fields from dotted CSV headers, and checks them as columns', () => {
    const config = JSON.stringify({
      id: 'nested',
      idKey: 'Customer.ID',
      scorers: [
        {
          type: 'attributes',
          name: 'fit',
          rules: [
            { when: { field: 'company.employees', gte: 50 }, points: 20 },
            { when: { field: 'company.address.country', in: ['FR'] }, points: 10 },
          ],
        },
      ],
      combine: { type: 'sum' },
    });
    const dir = folder({
      'n.json': config,
      // Customer.ID is the idKey, a plain key: it stays one column however many dots it has.
      'c.csv': 'Customer.ID,company.employees,company.address.country,company.name\na,120,FR,Acme\nb,8,,\n',
      'other.csv': 'Customer.ID,company.size\na,1\n',
      'clash.csv': 'Customer.ID,company,company.employees\na,x,1\n',
      'proto.csv': 'Customer.ID,__proto__.polluted,company.employees\na,yes,1\n',
      'ctor.csv': 'Customer.ID,company.constructor.prototype,company.employees\na,yes,1\n',
    });
    const score = (file: string, out = 'o.ndjson') =>
      scorekit(dir, 'score', '--config', 'n.json', '--customers', file, '--out', out);
    const ok = score('c.csv');
    expect(ok.stderr).toBe('');
    // a: 120 ≥ 50 → 20, country FR → 10; b: 8 → 0, no country.
    expect(ndjson(join(dir, 'o.ndjson')).map((r) => [r.id, r.score])).toEqual([
      ['a', 30],
      ['b', 0],
    ]);
    expect(score('other.csv')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: other.csv: no column "company.employees" (read by scorers[0] "fit"); the columns are: Customer.ID, company.size\n',
    });
    expect(score('clash.csv')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: clash.csv, line 1: the columns "company" and "company.employees" cannot both be read: "company" would be a value and an object\n',
    });
    expect(score('proto.csv')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: proto.csv, line 1: the column "__proto__.polluted" cannot be read: "__proto__" is not an allowed field name\n',
    });
    expect(score('ctor.csv').stderr).toBe(
      'scorekit: ctor.csv, line 1: the column "company.constructor.prototype" cannot be read: "constructor" is not an allowed field name\n',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('CSV output', () => {
  it('rounds numbers to 6 decimals in CSV, keeps full precision in NDJSON, leaves ids like +33… as they are', () => {
    const config = JSON.stringify({
      id: 'noise',
      scorers: [
        {
          type: 'attributes',
          name: 'fit',
          rules: [
            { when: { field: 'a', eq: 'x' }, points: 0.1, reason: 'A' },
            { when: { field: 'b', eq: 'y' }, points: 0.2, reason: 'B' },
            { when: { field: 'b', eq: 'z' }, points: -0.7, reason: 'C' },
          ],
        },
      ],
      combine: { type: 'sum' },
    });
    const dir = folder({ 'n.json': config, 'c.csv': 'id,a,b\n+33612345678,x,y\n=cmd,,z\n' });
    const args = ['--config', 'n.json', '--customers', 'c.csv'];
    expect(scorekit(dir, 'score', ...args, '--out', 'o.csv').code).toBe(0);
    expect(scorekit(dir, 'score', ...args, '--out', 'o.ndjson').code).toBe(0);
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; the fit's max is 0.1 + 0.2 (C is a penalty).
    expect(ndjson(join(dir, 'o.ndjson'))[0]?.score).toBe(0.1 + 0.2);
    expect(lines(join(dir, 'o.csv'))).toEqual([
      'id,score,qualification,segment,segment_label,segment_color,segment_action,fit.value,fit.normalized,explain',
      '+33612345678,0.3,,,,,,0.3,1,A (+0.1); B (+0.2)',
      "'=cmd,-0.7,,,,,,-0.7,0,C (-0.7)",
      '',
    ]);
  });

  it('writes ; and decimal commas when the customers file uses ;, or --decimal , is given; --out-delimiter overrides', () => {
    const dir = folder({
      'fit.json': FIT,
      'fr.csv': 'id;employees\na;100\nb;10\n;5\n',
      'fr.ndjson': '{"id":"a","employees":100}\n',
    });
    const args = ['--config', 'fit.json', '--out', 'o.csv', '--rejected', 'r.csv'];
    expect(scorekit(dir, 'score', ...args, '--customers', 'fr.csv').code).toBe(0);
    // a: 10 + 0.5 = 10.5 of a max of 10.5 → 1; b: 0.5 / 10.5 = 0.0476190476… → 0.047619.
    expect(lines(join(dir, 'o.csv'))).toEqual([
      'id;score;qualification;segment;segment_label;segment_color;segment_action;fit.value;fit.normalized;explain',
      'a;10,5;;;;;;10,5;1;"Mid-market (+10); Any size (+0,5)"',
      'b;0,5;;;;;;0,5;0,047619;Any size (+0,5)',
      '',
    ]);
    expect(lines(join(dir, 'r.csv')).slice(0, 2)).toEqual([
      'source;file;line;id;column;code;message',
      'customers;fr.csv;4;;id;missing_id;"the record has no usable ""id"" (a non-empty string or a number)"',
    ]);

    expect(scorekit(dir, 'score', ...args, '--customers', 'fr.csv', '--out-delimiter', ',').code).toBe(0);
    expect(lines(join(dir, 'o.csv')).slice(1, 3)).toEqual([
      'a,10.5,,,,,,10.5,1,Mid-market (+10); Any size (+0.5)',
      'b,0.5,,,,,,0.5,0.047619,Any size (+0.5)',
    ]);

    expect(scorekit(dir, 'score', ...args, '--customers', 'fr.ndjson', '--decimal', ',').code).toBe(0);
    expect(lines(join(dir, 'o.csv'))[1]).toBe('a;10,5;;;;;;10,5;1;"Mid-market (+10); Any size (+0,5)"');

    // The board of a French scored file reads its decimal commas back.
    expect(scorekit(dir, 'score', ...args, '--customers', 'fr.csv').code).toBe(0);
    const report = scorekit(dir, 'report', '--scored', 'o.csv', '--out', 'board.html');
    expect(report).toMatchObject({ code: 0, stdout: '2 scored records → board written to board.html\n' });
    expect(readFileSync(join(dir, 'board.html'), 'utf8')).toContain('5.5'); // mean score (10.5 + 0.5) / 2
  });
});

describe('encodings', () => {
  const config = JSON.stringify({
    id: 'fr',
    scorers: [
      {
        type: 'attributes',
        name: 'fit',
        rules: [
          { when: { field: 'ville', eq: 'Orléans' }, points: 10 },
          { when: { field: 'offre', contains: '€' }, points: 5 },
          { when: { field: 'société', startsWith: 'Œ' }, points: 1 },
        ],
      },
    ],
    combine: { type: 'sum' },
  });
  // Windows-1252 bytes: é = 0xE9, € = 0x80, Œ = 0x8C (Latin-1 has control codes at 0x80 and 0x8C).
  const cp1252 = Buffer.from([
    ...Buffer.from('id;ville;offre;soci', 'latin1'),
    0xe9,
    ...Buffer.from('t', 'latin1'),
    0xe9,
    ...Buffer.from('\r\na;Orl', 'latin1'),
    0xe9,
    ...Buffer.from('ans;Remise 10 ', 'latin1'),
    0x80,
    ...Buffer.from(';', 'latin1'),
    0x8c,
    ...Buffer.from('uvre\r\n', 'latin1'),
  ]);

  function dirWith(bytes: Buffer): string {
    const dir = folder({ 'fr.json': config });
    writeFileSync(join(dir, 'clients.csv'), bytes);
    return dir;
  }

  it('reads Windows-1252 (and latin1, read the same) with --encoding, including €, œ and Œ', () => {
    for (const encoding of ['windows-1252', 'latin1']) {
      const dir = dirWith(cp1252);
      const run = scorekit(
        dir,
        'score',
        '--config',
        'fr.json',
        '--customers',
        'clients.csv',
        '--encoding',
        encoding,
        '--out',
        'o.ndjson',
      );
      expect(run.stderr).toBe('');
      // Orléans → 10, "Remise 10 €" contains € → 5, société "Œuvre" starts with Œ → 1.
      expect(ndjson(join(dir, 'o.ndjson')).map((r) => [r.id, r.score])).toEqual([['a', 16]]);
    }
  });

  it('stops on invalid UTF-8 with the line and a hint, and trusts a UTF-8 BOM over --encoding', () => {
    const dir = dirWith(cp1252);
    const run = scorekit(dir, 'score', '--config', 'fr.json', '--customers', 'clients.csv', '--out', 'o.csv');
    expect([run.code, run.stderr]).toEqual([
      1,
      'scorekit: clients.csv, line 1: not valid UTF-8 text: if it comes from Excel or an older system, add --encoding windows-1252\n',
    ]);
    const utf8 = dirWith(Buffer.from('\ufeffid;ville;offre;société\na;Orléans;Remise 10 €;Œuvre\n', 'utf8'));
    const bom = scorekit(
      utf8,
      'score',
      '--config',
      'fr.json',
      '--customers',
      'clients.csv',
      '--encoding',
      'windows-1252',
      '--out',
      'o.ndjson',
    );
    expect(bom.stderr).toBe('');
    expect(ndjson(join(utf8, 'o.ndjson'))[0]?.score).toBe(16);
    // An invalid byte deep in a file (past the header) is found on its line.
    const late = folder({ 'fit.json': FIT });
    writeFileSync(
      join(late, 'c.csv'),
      Buffer.concat([
        Buffer.from(`id,employees\n${'a,1\n'.repeat(40_000)}b`),
        Buffer.from([0xff]),
        Buffer.from(',2\n'),
      ]),
    );
    const far = scorekit(late, 'score', '--config', 'fit.json', '--customers', 'c.csv', '--out', 'o.csv');
    expect(far.stderr).toContain('scorekit: c.csv, line 40002: not valid UTF-8 text');
    expect(
      scorekit(
        late,
        'score',
        '--config',
        'fit.json',
        '--customers',
        'c.csv',
        '--out',
        'o.csv',
        '--encoding',
        'ebcdic',
      ),
    ).toMatchObject({
      code: 1,
      stderr: 'scorekit: --encoding: expected utf-8, windows-1252, latin1, got "ebcdic"\n',
    });
  });
});

describe('run details', () => {
  it('counts transaction rows of customers that are not in the customers file', () => {
    const dir = folder({
      'scoring.json': CONFIG,
      'customers.csv': CUSTOMERS,
      // z (2 rows) and y (1 row) are not customers: 3 rows for 2 customers.
      'tx.csv': `${TX}z,2025-12-01,10\nz,2025-12-02,10\ny,2025-12-03,5\n`,
    });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'tx.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'o.csv',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'transactions: 7 rows read, 0 rejected\n3 transaction rows for 2 customers not in customers.csv were not used\n',
    );
  });

  it('--threads 2 reads the pieces of the transactions file in two threads, with the same files and counts', () => {
    // 600 rows (16 pieces): customers a to e and x (not a customer), a bad date and a bad amount in each half.
    const lines = ['customerId,date,amount'];
    for (let i = 0; i < 600; i++) {
      const id = 'abcdex'[i % 6] as string;
      if (i === 40 || i === 440) lines.push(`${id},someday,10`);
      else if (i === 90 || i === 510) lines.push(`${id},2025-06-01,ten`);
      else
        lines.push(
          `${id},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${i % 50}.5`,
        );
    }
    const dir = folder({
      'scoring.json': CONFIG,
      'customers.csv': 'id,employees\na,100\nb,10\nc,60\nd,5\ne,70\n',
      'tx.csv': `${lines.join('\n')}\n`,
    });
    // `scorekit score` on a transactions file with the given threads, and further options.
    // `scorekit score` of customers and transactions files with the given threads, and further options.
    const runOf = (customers: string, tx: string, threads: string, ...more: string[]) =>
      scorekit(
        dir,
        ...['score', '--config', 'scoring.json', '--customers', customers, '--transactions', tx],
        ...['--as-of', '2026-01-01', '--threads', threads, ...more],
      );
    const run = (tx: string, threads: string, ...more: string[]) =>
      runOf('customers.csv', tx, threads, ...more);
    const one = run('tx.csv', '1', '--out', 'one.csv', '--rejected', 'one-rejected.csv');
    const two = run('tx.csv', '2', '--out', 'two.csv', '--rejected', 'two-rejected.csv');
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.stdout).toContain('transactions: 600 rows read, 4 rejected');
    expect(two.stdout).toContain('transactions: 600 rows read (by 2 threads), 4 rejected');
    // x has every sixth row (i = 5, 11, …, 599): 100 rows, none of them among the bad ones (a, c, e).
    expect(two.stdout).toContain('100 transaction rows for 1 customer not in customers.csv were not used');
    expect(two.stdout.replace(' (by 2 threads)', '').replaceAll('two', 'one')).toBe(one.stdout);
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one.csv'), 'utf8'));
    const rejected = readFileSync(join(dir, 'two-rejected.csv'), 'utf8');
    expect(rejected).toBe(readFileSync(join(dir, 'one-rejected.csv'), 'utf8'));
    expect(
      rejected
        .trim()
        .split('\r\n')
        .map((line) => line.split(',')[2]),
    ).toEqual(['line', '42', '92', '442', '512']);
    // A bad row in the second half only (read by the worker) stops --on-invalid fail there, as with one thread.
    writeFileSync(join(dir, 'tx2.csv'), `${lines.filter((_, k) => k !== 41 && k !== 91).join('\n')}\n`);
    for (const threads of ['1', '2']) {
      const failed = run('tx2.csv', threads, '--out', 'f.csv', '--on-invalid', 'fail');
      expect(failed.code).toBe(2);
      expect(failed.stderr).toBe(
        'scorekit: tx2.csv, line 440, column "date": expected a date, got "someday"\n',
      );
    }
    // A bad customer stops --on-invalid fail while the worker reads the end of the transactions file.
    writeFileSync(join(dir, 'bad-customers.csv'), 'id,employees\na,100\nb,10\nc,60,7\n');
    for (const threads of ['1', '2']) {
      const failed = runOf('bad-customers.csv', 'tx.csv', threads, '--out', 'f.csv', '--on-invalid', 'fail');
      expect(failed.code).toBe(2);
      expect(failed.stderr).toBe(
        'scorekit: bad-customers.csv, line 4: expected 2 cells like the header, got 3\n',
      );
    }
    expect(scorekit(dir, 'score', '--threads', '3').stderr).toContain('--threads: expected 1 or 2, got "3"');
  });

  it('rejects every copy of a repeated customer id, with purchases or without, read by one thread or two', () => {
    // The ids are found all different while the transactions are read only when they are (the run then does
    // not look again): a repeated id that bought (a), or that never did (n), is still found.
    const lines = ['customerId,date,amount'];
    for (let i = 0; i < 400; i++) lines.push(`${'abc'[i % 3]},2025-0${1 + (i % 9)}-1${i % 10},${i % 40}.5`);
    const dir = folder({
      'scoring.json': CONFIG,
      'bought.csv': 'id,employees\na,100\nb,10\nn,1\nc,60\na,5\n',
      'never.csv': 'id,employees\na,100\nb,10\nn,1\nc,60\nn,2\n',
      'distinct.csv': 'id,employees\na,100\nb,10\nn,1\nc,60\n',
      'tx.csv': `${lines.join('\n')}\n`,
    });
    for (const threads of ['1', '2']) {
      const run = (customers: string) => {
        const { code, stdout } = scorekit(
          dir,
          ...['score', '--config', 'scoring.json', '--customers', customers, '--transactions', 'tx.csv'],
          ...['--as-of', '2026-01-01', '--threads', threads, '--out', 'o.ndjson', '--rejected', 'r.csv'],
        );
        expect(code).toBe(0);
        const rejected = readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\r\n').slice(1);
        return {
          counts: stdout.split('\n').find((line) => line.startsWith('customers:')),
          scored: ndjson(join(dir, 'o.ndjson')).map((r) => r.id),
          rejected: rejected.map((line) => line.split(',').slice(2, 6).join(',')),
        };
      };
      expect(run('bought.csv')).toEqual({
        counts: 'customers: 5 rows in = 3 scored + 2 rejected',
        scored: ['b', 'n', 'c'],
        rejected: ['2,a,id,duplicate_id', '6,a,id,duplicate_id'],
      });
      expect(run('never.csv')).toEqual({
        counts: 'customers: 5 rows in = 3 scored + 2 rejected',
        scored: ['a', 'b', 'c'],
        rejected: ['4,n,id,duplicate_id', '6,n,id,duplicate_id'],
      });
      expect(run('distinct.csv')).toEqual({
        counts: 'customers: 4 rows in = 4 scored + 0 rejected',
        scored: ['a', 'b', 'n', 'c'],
        rejected: [],
      });
    }
  });

  it('asks for --as-of only when the pipeline reads dates, and explains a bad date in one line', () => {
    const dir = folder({ 'scoring.json': CONFIG, 'fit.json': FIT, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
    expect(
      scorekit(dir, 'score', '--config', 'fit.json', '--customers', 'customers.csv', '--out', 'o.csv').code,
    ).toBe(0);
    const args = ['--config', 'scoring.json', '--customers', 'customers.csv', '--transactions', 'tx.csv'];
    expect(scorekit(dir, 'score', ...args, '--out', 'o.csv')).toMatchObject({
      code: 1,
      stderr: 'scorekit: this pipeline reads dates: give the reference date with --as-of YYYY-MM-DD\n',
    });
    const bad = scorekit(dir, 'score', ...args, '--out', 'o.csv', '--as-of', '2026-13-45');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^scorekit: --as-of: .*"2026-13-45"\n$/);
  });

  it('reads configs with comments and trailing commas (JSONC)', () => {
    const jsonc = `{
  // a comment, and trailing commas below
  "id": "jsonc", /* inline */
  "scorers": [
    { "type": "attributes", "name": "fit", "rules": [{ "when": { "field": "employees", "gte": 50 }, "points": 10, }, ], },
  ],
}`;
    const dir = folder({ 'c.jsonc': jsonc, 'customers.csv': CUSTOMERS });
    expect(scorekit(dir, 'validate', 'c.jsonc')).toMatchObject({ code: 0, stdout: 'c.jsonc: valid\n' });
    const run = scorekit(
      dir,
      'score',
      '--config',
      'c.jsonc',
      '--customers',
      'customers.csv',
      '--out',
      'o.ndjson',
    );
    expect(run.code).toBe(0);
    expect(ndjson(join(dir, 'o.ndjson')).map((r) => r.score)).toEqual([10, 0, 10]);
  });
});

// A lead-scoring pipeline with its own event keys, a nested event field, grades and stages.
const LEADS = JSON.stringify({
  id: 'leads',
  scorers: [
    {
      type: 'attributes',
      name: 'fit',
      rules: [{ when: { field: 'employees', gte: 50 }, points: 10, reason: 'Mid-market' }],
    },
    {
      type: 'behaviour',
      name: 'engagement',
      customerKey: 'leadId',
      typeKey: 'kind',
      dateKey: 'when',
      rules: [
        {
          id: 'pricing',
          event: 'page_view',
          when: { field: 'page.path', contains: '/pricing' },
          points: 10,
          cap: 20,
          within: { days: 30 },
          reason: 'Pricing',
        },
        { id: 'unsub', event: 'unsubscribe', points: -5, once: true, reason: 'Unsubscribed' },
      ],
    },
  ],
  combine: { type: 'weighted', weights: { fit: 1, engagement: 1 }, scale: 100 },
  qualify: {
    type: 'thresholds',
    levels: [
      { label: 'MQL', min: 50 },
      { label: 'Lead', min: 0 },
    ],
    margin: 5,
    previous: 'stage',
  },
  grade: {
    type: 'grades',
    fit: { scorer: 'fit', levels: [{ label: 'A', min: 10 }, { label: 'B' }] },
    engagement: { scorer: 'engagement', levels: [{ label: '1', min: 15 }, { label: '2' }] },
  },
});
const LEAD_ROWS = 'id,employees,stage\nl1,80,\nl2,10,MQL\nl3,60,Lead\n';
const EVENTS = [
  'leadId,kind,when,page.path',
  'l1,page_view,2025-12-20,/pricing',
  'l1,page_view,2025-12-25,/pricing/team',
  'l1,page_view,2025-12-28,/pricing',
  'l2,page_view,2025-10-01,/pricing',
  'l2,unsubscribe,2025-12-01,',
  'l3,page_view,2025-12-30,/blog',
  'zz,page_view,2025-12-30,/pricing',
  'l1,page_view,someday,/pricing',
  '',
].join('\n');

describe('events', () => {
  const args = ['--config', 'leads.json', '--customers', 'leads.csv', '--as-of', '2026-01-01'];

  it('feeds behaviour scorers, writes grade and stage_change, and sends bad events to --rejected', () => {
    const dir = folder({ 'leads.json': LEADS, 'leads.csv': LEAD_ROWS, 'events.csv': EVENTS });
    const run = scorekit(
      dir,
      'score',
      ...args,
      '--events',
      'events.csv',
      '--out',
      'o.csv',
      '--rejected',
      'r.csv',
      '--report',
      'board.html',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'customers: 3 rows in = 3 scored + 0 rejected\nevents: 8 rows read, 1 rejected\n',
    );
    // The board of a pipeline with grades has the grade matrix: l1 A1, l2 B2, l3 A2 (see below).
    const board = readFileSync(join(dir, 'board.html'), 'utf8');
    expect(board).toContain('<section id="grades">');
    const gradeRows = [
      ...board.matchAll(/<tr><td>([AB][12])<\/td>(?:<td[^>]*>[^<]*<\/td>){3}<td[^>]*>(\d+)<\/td>/g),
    ];
    expect(gradeRows.map((m) => `${m[1]}:${m[2]}`)).toEqual(['A1:1', 'A2:1', 'B1:0', 'B2:1']);
    expect(run.stdout).toContain('1 event row for 1 lead not in leads.csv was not used\n');
    const rows = csvRows(readFileSync(join(dir, 'o.csv'), 'utf8'));
    expect(rows[0]).toEqual([
      'id',
      'score',
      'qualification',
      'stage_change',
      'grade',
      'segment',
      'segment_label',
      'segment_color',
      'segment_action',
      'fit.value',
      'fit.normalized',
      'engagement.value',
      'engagement.normalized',
      'explain',
    ]);
    // l1: three pricing views in 30 days, 30 points capped at 20 (the max) → 1; fit 10/10 → 1; score 100;
    //     MQL from no stage: promoted; grade A (fit ≥ 10) 1 (engagement ≥ 15).
    // l2: the view of Oct 1 is out of the window; unsubscribe −5 → normalized 0; fit 0; score 0; was MQL and
    //     0 < 50 − 5: demoted to Lead; grade B2.
    // l3: a blog view matches no rule; fit 10 → 1; score 100 × (1 + 0) / 2 = 50 → MQL, promoted from Lead; A2.
    expect(rows.slice(1).map((r) => r.slice(0, 13))).toEqual([
      ['l1', '100', 'MQL', 'promoted', 'A1', '', '', '', '', '10', '1', '20', '1'],
      ['l2', '0', 'Lead', 'demoted', 'B2', '', '', '', '', '0', '0', '-5', '0'],
      ['l3', '50', 'MQL', 'promoted', 'A2', '', '', '', '', '10', '1', '0', '0'],
    ]);
    // Attribute reasons get their points in brackets; behaviour reasons state theirs and do not get them twice.
    const explain = new Map(rows.slice(1).map((r) => [r[0], r[r.length - 1] as string]));
    expect(Object.fromEntries(explain)).toEqual({
      l1: 'Mid-market (+10); Pricing 3 times in the last 30 days: +20 (cap 20)',
      l2: 'Unsubscribed (first time on 2025-12-01): -5',
      l3: 'Mid-market (+10)',
    });
    expect(lines(join(dir, 'r.csv')).slice(1, 3)).toEqual([
      'events,events.csv,9,l1,when,invalid_date,"expected when the event happened (a Date, an ISO date or epoch ms), got ""someday"""',
      '',
    ]);

    const fail = scorekit(
      dir,
      'score',
      ...args,
      '--events',
      'events.csv',
      '--out',
      'o.csv',
      '--on-invalid',
      'fail',
    );
    expect([fail.code, fail.stderr]).toEqual([
      2,
      'scorekit: events.csv, line 9, column "when": expected when the event happened (a Date, an ISO date or epoch ms), got "someday"\n',
    ]);
  });

  it('reads NDJSON events with nested fields; fit takes --events and score --model gives the same scores', () => {
    const events = [
      { leadId: 'l1', kind: 'page_view', when: '2025-12-20', page: { path: '/pricing' } },
      { leadId: 'l1', kind: 'page_view', when: '2025-12-25', page: { path: '/pricing/team' } },
      { leadId: 'l1', kind: 'page_view', when: '2025-12-28', page: { path: '/pricing' } },
      { leadId: 'l2', kind: 'unsubscribe', when: '2025-12-01' },
    ];
    const dir = folder({
      'leads.json': LEADS,
      'leads.csv': LEAD_ROWS,
      'events.ndjson': events.map((e) => JSON.stringify(e)).join('\n'),
    });
    expect(scorekit(dir, 'score', ...args, '--events', 'events.ndjson', '--out', 'batch.ndjson').code).toBe(
      0,
    );
    expect(
      ndjson(join(dir, 'batch.ndjson')).map((r) => [r.id, r.score, (r.grade as { cell: string }).cell]),
    ).toEqual([
      ['l1', 100, 'A1'],
      ['l2', 0, 'B2'],
      ['l3', 50, 'A2'],
    ]);
    expect(scorekit(dir, 'fit', ...args, '--events', 'events.ndjson', '--out', 'model.json').code).toBe(0);
    const again = scorekit(
      dir,
      'score',
      '--model',
      'model.json',
      '--customers',
      'leads.csv',
      '--events',
      'events.ndjson',
      '--out',
      'model.ndjson',
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'model.ndjson'), 'utf8')).toBe(
      readFileSync(join(dir, 'batch.ndjson'), 'utf8'),
    );
  });

  it('warns without --events but goes on; refuses --events without a behaviour scorer; checks event columns', () => {
    const dir = folder({
      'leads.json': LEADS,
      'fit.json': FIT,
      'leads.csv': LEAD_ROWS,
      'events.csv': EVENTS,
      'no-type.csv': 'leadId,when,page.path\nl1,2025-12-20,/pricing\n',
    });
    const run = scorekit(dir, 'score', ...args, '--out', 'o.ndjson');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'scorekit: warning: no --events given: the behaviour scorer "engagement" reads events, so every lead gets 0 engagement\n',
    );
    expect(
      ndjson(join(dir, 'o.ndjson')).map(
        (r) => (r.components as Record<string, { value: number }>).engagement?.value,
      ),
    ).toEqual([0, 0, 0]);
    expect(
      scorekit(
        dir,
        'score',
        '--config',
        'fit.json',
        '--customers',
        'leads.csv',
        '--events',
        'events.csv',
        '--out',
        'o.csv',
      ),
    ).toMatchObject({
      code: 1,
      stderr: "scorekit: --events: this pipeline has no behaviour scorer that reads the run's events\n",
    });
    expect(scorekit(dir, 'score', ...args, '--events', 'no-type.csv', '--out', 'o.csv')).toMatchObject({
      code: 1,
      stderr:
        'scorekit: no-type.csv: no column "kind" (typeKey of the behaviour scorer "engagement"); the columns are: leadId, when, page.path\n',
    });
  });
});

describe('init', () => {
  it('writes a starter with RFM, fit, engagement and grades that scores sample files', () => {
    const dir = folder({
      'customers.csv': 'id,employees,country,email\nc1,250,FR,ana@acme.fr\nc2,5,US,bob@gmail.com\n',
      'orders.csv': 'customerId,date,amount\nc1,2025-12-20,120\nc2,2025-06-01,15\n',
      // c1 asked for a demo on asOf's day (age 0: 30 points); c2 unsubscribed (−20, no decay).
      'events.csv':
        'customerId,type,at,url,form\nc1,form_submit,2026-01-01T10:00:00Z,,demo\nc2,unsubscribe,2025-12-01,,\n',
    });
    const init = scorekit(dir, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('--events events.csv');
    expect(scorekit(dir, 'init', '--help').stdout).toContain('--events');
    const run = scorekit(
      dir,
      'score',
      '--config',
      'scoring.json',
      '--customers',
      'customers.csv',
      '--transactions',
      'orders.csv',
      '--events',
      'events.csv',
      '--as-of',
      '2026-01-01',
      '--out',
      'o.ndjson',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [c1, c2] = ndjson(join(dir, 'o.ndjson')) as {
      components: Record<string, { value: number }>;
      grade: { cell: string };
      segment: { key: string };
    }[];
    // c1: size 10 × weight 2 + core market 5 = 25 → A; engagement 30 → 1: A1, the "call now" segment.
    expect([
      c1?.components.fit?.value,
      c1?.components.engagement?.value,
      c1?.grade.cell,
      c1?.segment.key,
    ]).toEqual([25, 30, 'A1', 'call_now']);
    // c2: personal email −5 → D; engagement −20 → 4.
    expect([c2?.components.fit?.value, c2?.components.engagement?.value, c2?.grade.cell]).toEqual([
      -5,
      -20,
      'D4',
    ]);
  });
});

describe('a real export: the UCI Online Retail sample (invoice lines)', () => {
  const sample = fileURLToPath(new URL('../../examples/data/online-retail-sample.csv', import.meta.url));
  const config = JSON.stringify({
    id: 'retail',
    scorers: [
      {
        type: 'rfm',
        name: 'rfm',
        customerKey: 'CustomerID',
        dateKey: 'InvoiceDate',
        amountKey: 'UnitPrice',
        quantityKey: 'Quantity',
        orderKey: 'InvoiceNo',
        frequency: 'orders',
      },
    ],
  });

  it('multiplies quantities by unit prices, nets cancellations, and rejects the lines without a customer', () => {
    // The expected figures come from the file itself, read here with csv-parse, not through scorekit.
    const rows = parse(readFileSync(sample, 'utf8'), { columns: true }) as Record<string, string>[];
    const spent = new Map<string, number>();
    const orders = new Map<string, Set<string>>();
    let anonymous = 0;
    for (const r of rows) {
      const id = r.CustomerID ?? '';
      if (id === '') {
        anonymous++;
        continue;
      }
      spent.set(id, (spent.get(id) ?? 0) + Number(r.Quantity) * Number(r.UnitPrice));
      if (Number(r.Quantity) >= 0) orders.set(id, (orders.get(id) ?? new Set()).add(r.InvoiceNo ?? ''));
    }
    const ids = [...spent.keys()].sort();
    const dir = folder({ 'retail.json': config, 'customers.csv': `id\n${ids.join('\n')}\n` });
    const args = ['--config', 'retail.json', '--customers', 'customers.csv', '--transactions', sample];
    const run = scorekit(
      dir,
      'score',
      ...args,
      '--as-of',
      '2011-12-10',
      '--out',
      's.ndjson',
      '--rejected',
      'r.csv',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`transactions: ${rows.length} rows read, ${anonymous} rejected\n`);
    const scored = readFileSync(join(dir, 's.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { id: string; components: { rfm: { frequency: number; monetary: number } } },
      );
    expect(scored.map((s) => s.id)).toEqual(ids);
    for (const s of scored) {
      expect(s.components.rfm.monetary).toBeCloseTo(spent.get(s.id) as number, 6);
      expect(s.components.rfm.frequency).toBe(orders.get(s.id)?.size ?? 0);
    }
    const rejected = csvRows(readFileSync(join(dir, 'r.csv'), 'utf8')).slice(1);
    expect(rejected).toHaveLength(anonymous);
    expect(new Set(rejected.map((r) => r[5]))).toEqual(new Set(['missing_customer']));

    // Without --customers, the customers of the transactions file are scored: the same scores, ids in order.
    const alone = scorekit(
      dir,
      'score',
      '--config',
      'retail.json',
      '--transactions',
      sample,
      '--as-of',
      '2011-12-10',
      '--out',
      'a.ndjson',
    );
    expect(alone.stderr).toBe('');
    expect(alone.stdout).toContain(
      `customers: ${ids.length} found in ${sample} = ${ids.length} scored + 0 rejected\n`,
    );
    expect(alone.stdout).not.toContain('not used');
    expect(readFileSync(join(dir, 'a.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 's.ndjson'), 'utf8'));
  });

  it('asks for --customers when the pipeline reads customer fields, or when there is no --transactions', () => {
    const fit = JSON.stringify({
      ...JSON.parse(config),
      scorers: [
        ...JSON.parse(config).scorers,
        { type: 'attributes', name: 'fit', rules: [{ when: { field: 'Country', eq: 'France' }, points: 5 }] },
      ],
    });
    const dir = folder({ 'fit.json': fit, 'retail.json': config });
    const needs = scorekit(
      dir,
      'score',
      '--config',
      'fit.json',
      '--transactions',
      sample,
      '--as-of',
      '2011-12-10',
      '--out',
      'o.csv',
    );
    expect([needs.code, needs.stderr]).toEqual([
      1,
      'scorekit: --customers is needed: "Country" (read by scorers[1] "fit") is a column of the customers, not of the transactions\n',
    ]);
    const none = scorekit(dir, 'score', '--config', 'retail.json', '--as-of', '2011-12-10', '--out', 'o.csv');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^scorekit: missing --customers \(it can be left out with --transactions/);
  });
});
