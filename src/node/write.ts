// Writing scored records as CSV, NDJSON or JSON, by the output's extension.
import { createWriteStream } from 'node:fs';
import { csvCell, type ScoredRecord } from 'scorekit';
import { formatOf } from './table.js';

interface RfmFields {
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: string;
  readonly recency: number | null;
  readonly frequency: number;
  readonly monetary: number;
}

/** The flat columns of a scored record, as written to CSV (and read back by `scorekit report`). */
export function scoredColumns(results: readonly ScoredRecord[]): string[] {
  const first = results[0];
  if (first === undefined)
    return [
      'id',
      'score',
      'qualification',
      'segment',
      'segment_label',
      'segment_color',
      'segment_action',
      'explain',
    ];
  const columns = [
    'id',
    'score',
    'qualification',
    'segment',
    'segment_label',
    'segment_color',
    'segment_action',
  ];
  for (const [name, c] of Object.entries(first.components)) {
    columns.push(`${name}.value`, `${name}.normalized`);
    if (c.type === 'rfm')
      columns.push(
        `${name}.r`,
        `${name}.f`,
        `${name}.m`,
        `${name}.code`,
        `${name}.recency`,
        `${name}.frequency`,
        `${name}.monetary`,
      );
  }
  columns.push('explain');
  return columns;
}

/** The cells of a scored record in the order of `scoredColumns`. */
export function scoredCells(result: ScoredRecord): (string | number | null)[] {
  const cells: (string | number | null)[] = [
    result.id,
    result.score,
    result.qualification,
    result.segment?.key ?? null,
    result.segment?.label ?? null,
    result.segment?.color ?? null,
    result.segment?.action ?? null,
  ];
  for (const c of Object.values(result.components)) {
    cells.push(c.value, c.normalized);
    if (c.type === 'rfm') {
      const x = c as unknown as RfmFields;
      cells.push(x.r, x.f, x.m, x.code, x.recency, x.frequency, x.monetary);
    }
  }
  cells.push(result.explain.map((e) => `${e.reason} (${e.points > 0 ? '+' : ''}${e.points})`).join('; '));
  return cells;
}

/** Writes lines to a file, waiting when the stream asks to. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const line of lines) {
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
}

function* scoredLines(path: string, results: readonly ScoredRecord[]): Generator<string> {
  const format = formatOf(path);
  if (format === 'ndjson') {
    for (const r of results) yield `${JSON.stringify(r)}\n`;
    return;
  }
  if (format === 'json') {
    yield '[\n';
    for (let i = 0; i < results.length; i++)
      yield `${JSON.stringify(results[i])}${i + 1 < results.length ? ',' : ''}\n`;
    yield ']\n';
    return;
  }
  const columns = scoredColumns(results);
  yield `${columns.map(csvCell).join(',')}\r\n`;
  for (const r of results) yield `${scoredCells(r).map(csvCell).join(',')}\r\n`;
}

/**
 * Writes scored records to a file: CSV (one flat row per record: id, score, qualification, segment, each
 * component, the explanation), NDJSON or JSON (the full results), by the file's extension.
 *
 * @example
 * await writeScored('scored.csv', run.results);
 */
export async function writeScored(path: string, results: readonly ScoredRecord[]): Promise<void> {
  await writeLines(path, scoredLines(path, results));
}
