// The built bin, run as a child process on files in a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scorekit-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function scorekit(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
}

const CONFIG = JSON.stringify({
  id: 'shop',
  scorers: [
    { type: 'rfm', name: 'rfm' },
    {
      type: 'attributes',
      name: 'fit',
      rules: [{ when: { field: 'employees', gte: 50 }, points: 10, reason: 'Mid-market' }],
    },
  ],
  combine: { type: 'weighted', weights: { rfm: 0.5, fit: 0.5 } },
});
const CUSTOMERS = 'id,employees\na,100\nb,10\nc,60\n';
const TX = 'customerId,date,amount\na,2025-12-30,100\na,2025-11-01,50\nb,2025-06-01,20\nc,2025-12-01,40\n';

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
      'file,line,id,column,code,message',
      'customers.csv,3,,id,missing_id,"the record has no usable ""id"" (a non-empty string or a number)"',
      'customers.csv,4,b,employees,invalid_type,"expected a number, got ""many"""',
      'customers.csv,5,,,unreadable_row,expected 2 cells like the header, got 3'.replace(
        'expected 2 cells like the header, got 3',
        '"expected 2 cells like the header, got 3"',
      ),
      'tx.csv,3,b,date,invalid_date,"expected a date, got ""never"""',
      'tx.csv,4,b,amount,invalid_amount,"expected a finite amount, got ""abc"""',
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
