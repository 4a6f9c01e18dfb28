import { writeFile } from 'node:fs/promises';
import {
  heatmapOfResults,
  type Report,
  type ScoredRecord,
  type Segment,
  summarizeResults,
  toHtml,
} from 'scorekit';
import type { TextEncoding } from '../../node/decode.js';
import { readTable } from '../../node/table.js';
import { CliError } from '../errors.js';
import { mustExist } from '../inputs.js';
import { writeOutput } from '../output.js';

/** A number of a scored file: a JSON number, or CSV text with a decimal point or comma; NaN when empty. */
function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(/^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/.test(value) ? value.replace(',', '.') : value);
}

/**
 * Rebuilds scored records from a scored file written by `scorekit score` (CSV with `,` or `;`, NDJSON or
 * JSON). CSV columns are read flat (`rfm.value` is one column); empty cells are missing values.
 */
export async function readScored(path: string, encoding?: TextEncoding): Promise<ScoredRecord[]> {
  const results: ScoredRecord[] = [];
  for await (const row of readTable(path, { encoding })) {
    if (row.kind === 'bad') throw new CliError(`${path}, line ${row.line}: ${row.message}`);
    const v = row.values;
    if ('components' in v && typeof v.components === 'object') {
      results.push(v as unknown as ScoredRecord);
      continue;
    }
    if (!('id' in v) || !('score' in v))
      throw new CliError(
        `${path}: expected the columns of a scored file (id, score, …), as written by scorekit score`,
      );
    const components: Record<string, ScoredRecord['components'][string]> = {};
    for (const key of Object.keys(v)) {
      const m = /^(.+)\.value$/.exec(key);
      if (m === null) continue;
      const name = m[1] as string;
      const base = {
        scorer: name,
        value: num(v[key]),
        max: Number.NaN,
        normalized: num(v[`${name}.normalized`]),
        detail: [],
      };
      if (`${name}.r` in v) {
        const recency = v[`${name}.recency`];
        components[name] = {
          ...base,
          type: 'rfm',
          r: num(v[`${name}.r`]),
          f: num(v[`${name}.f`]),
          m: num(v[`${name}.m`]),
          code: String(v[`${name}.code`]),
          recency: recency === undefined || recency === '' || recency === null ? null : num(recency),
          frequency: num(v[`${name}.frequency`]),
          monetary: num(v[`${name}.monetary`]),
        } as ScoredRecord['components'][string];
      } else components[name] = { ...base, type: 'component' };
    }
    const key = String(v.segment ?? '');
    const segment: Segment | null =
      key === ''
        ? null
        : {
            key,
            label: String(v.segment_label ?? key),
            color: String(v.segment_color ?? '#8c959f'),
            action: String(v.segment_action ?? ''),
          };
    const qualification = String(v.qualification ?? '');
    results.push({
      id: String(v.id),
      score: num(v.score),
      components,
      qualification: qualification === '' ? null : qualification,
      segment,
      explain: [],
    });
  }
  return results;
}

/** Runs `report`: the HTML board of a scored file. */
export async function runReport(options: {
  scored: string;
  out: string;
  locale: 'en' | 'fr';
  title?: string | undefined;
  encoding?: TextEncoding | undefined;
}): Promise<string> {
  await mustExist(options.scored, 'scored');
  const results = await readScored(options.scored, options.encoding);
  const segments = new Map<string, Segment>();
  for (const r of results)
    if (r.segment !== null && !segments.has(r.segment.key)) segments.set(r.segment.key, r.segment);
  const levels = [
    ...new Set(results.map((r) => r.qualification).filter((q): q is string => q !== null)),
  ].sort();
  const summary = summarizeResults(results, {
    pipelineId: options.title ?? options.scored,
    asOf: null,
    rejected: 0,
    segments: [...segments.values()],
    levels,
  });
  const reports: Report[] = [summary];
  const first = results[0];
  const rfm = first === undefined ? undefined : Object.values(first.components).find((c) => c.type === 'rfm');
  if (rfm !== undefined) {
    const bins = Math.max(
      ...results.map((r) =>
        Math.max(
          num((r.components[rfm.scorer] as unknown as { r: number }).r),
          num((r.components[rfm.scorer] as unknown as { f: number }).f),
        ),
      ),
    );
    reports.push(heatmapOfResults(results, rfm.scorer, Math.max(2, bins)));
  }
  const html = toHtml(reports, { locale: options.locale, title: options.title });
  await writeOutput(options.out, 'board', () => writeFile(options.out, html));
  return `${results.length} scored records → board written to ${options.out}`;
}
