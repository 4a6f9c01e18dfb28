// `scorekit score --columns`: the built bin, run as a child process on files in a temporary folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CUSTOMERS, folder, ndjson, SHOP, scorekit, TX } from './bin.js';

const CONFIG = JSON.stringify({
  ...SHOP,
  segment: {
    type: 'rules',
    rules: [
      {
        when: { field: 'score', gte: 60 },
        segment: { key: 'hot', label: 'Hot, "call first"', color: '#d1242f', action: 'Call' },
      },
    ],
    otherwise: { key: 'cold', label: 'Cold', color: '#8c959f', action: 'Nurture' },
  },
});

/** A folder with the config and data, and the bin's `score` run in it with extra arguments. */
function scoreIn(...extra: string[]): { dir: string; code: number; stdout: string; stderr: string } {
  const dir = folder({ 'scoring.json': CONFIG, 'customers.csv': CUSTOMERS, 'tx.csv': TX });
  const run = scorekit(
    dir,
    ...['score', '--config', 'scoring.json', '--customers', 'customers.csv', '--transactions', 'tx.csv'],
    ...['--as-of', '2026-01-01', ...extra],
  );
  return { dir, ...run };
}

function csv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
}

describe('scorekit score --columns', () => {
  it('writes the columns asked for, in their order, with the cells of the full file', () => {
    const full = scoreIn('--out', 'all.csv');
    expect(full.code).toBe(0);
    const picked = scoreIn('--out', 'some.csv', '--columns', 'segment_label, id,rfm.code,score');
    expect(picked.stderr).toBe('');
    expect(picked.code).toBe(0);
    const text = readFileSync(join(picked.dir, 'some.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe('segment_label,id,rfm.code,score');
    // Each row is the full file's row, cut down to these columns (the label with a comma and quotes is quoted).
    const expected = csv(join(full.dir, 'all.csv')).map((r) => ({
      segment_label: r.segment_label,
      id: r.id,
      'rfm.code': r['rfm.code'],
      score: r.score,
    }));
    expect(csv(join(picked.dir, 'some.csv'))).toEqual(expected);
    expect(expected.map((r) => r.segment_label)).toContain('Hot, "call first"');
    // The summary does not depend on the columns written.
    expect(picked.stdout).toBe(full.stdout.replace('all.csv', 'some.csv'));
  });

  it('writes flat objects of those columns in NDJSON and JSON', () => {
    const full = scoreIn('--out', 'all.ndjson');
    const results = ndjson(join(full.dir, 'all.ndjson')) as {
      id: string;
      score: number;
      segment: { key: string } | null;
      components: { rfm: { r: number } };
    }[];
    const picked = scoreIn('--out', 'some.ndjson', '--columns', 'id,segment,rfm.r,score');
    expect(picked.code).toBe(0);
    const flat = results.map((r) => ({
      id: r.id,
      segment: r.segment?.key ?? null,
      'rfm.r': r.components.rfm.r,
      score: r.score,
    }));
    expect(ndjson(join(picked.dir, 'some.ndjson'))).toEqual(flat);
    const json = scoreIn('--out', 'some.json', '--columns', 'id,segment,rfm.r,score');
    expect(JSON.parse(readFileSync(join(json.dir, 'some.json'), 'utf8'))).toEqual(flat);
  });

  it('refuses an unknown column before reading anything, and --columns with fit', () => {
    const run = scoreIn('--out', 'some.csv', '--columns', 'id,segmnet,rfm.x');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'scorekit: --columns: unknown columns "segmnet", "rfm.x" (the scores have id, score, qualification, segment, segment_label, segment_color, segment_action, rfm.value, rfm.normalized, rfm.r, rfm.f, rfm.m, rfm.code, rfm.recency, rfm.frequency, rfm.monetary, fit.value, fit.normalized, explain)\n',
    );
    expect(existsSync(join(run.dir, 'some.csv'))).toBe(false);
    const empty = scoreIn('--out', 'some.csv', '--columns', 'id,,score');
    expect(empty.stderr).toBe(
      'scorekit: --columns: expected column names separated by commas, got "id,,score"\n',
    );
    expect(scoreIn('--out', 'some.csv', '--columns', 'id,score,id').stderr).toBe(
      'scorekit: --columns: "id" is named twice\n',
    );
    const dir = scoreIn('--out', 'x.csv').dir;
    const refused = scorekit(
      dir,
      ...[
        'fit',
        '--config',
        'scoring.json',
        '--customers',
        'customers.csv',
        '--out',
        'm.json',
        '--columns',
        'id',
      ],
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--columns: fit writes a model, not scores');
  });
});
